import { Alert, Collapse, Table } from 'antd';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { LatePosting } from '../../api/bindings';
import { useFormat } from '../../i18n/format';
import { displayAmount } from './money';
import { memoIn } from './model';
import { useCommand } from '../../shared/useCommand';
import styles from './ledger.module.css';

/**
 * Entries a device that was offline posted into a period after it was closed (`finances.periods.late_postings`):
 * they count, so someone should look at them. Nothing is shown while there are none, or when they cannot be read.
 */
export function LatePostingsAlert({ version }: { version: number }) {
  const { t, i18n } = useTranslation();
  const chinese = i18n.language.startsWith('zh');
  const format = useFormat();
  const loaded = useCommand('finances.periods.late_postings', {}, version);
  const postings = loaded.output ?? [];
  if (postings.length === 0) return null;

  return (
    <Alert
      type="warning"
      showIcon
      className={styles.latePostings}
      data-testid="late-postings"
      title={t('finance.periods.latePostings', { count: postings.length })}
      description={
        <Collapse
          ghost
          size="small"
          items={[
            {
              key: 'entries',
              label: <span data-testid="late-postings-toggle">{t('finance.periods.latePostingsShow')}</span>,
              children: (
                <Table<LatePosting>
                  data-testid="late-postings-table"
                  size="small"
                  rowKey={(posting) => posting.entry.id}
                  dataSource={postings}
                  pagination={false}
                  onRow={() => ({ 'data-testid': 'late-posting-row' }) as HTMLAttributes<HTMLElement>}
                  columns={[
                    {
                      title: t('finance.journal.columns.date'),
                      key: 'date',
                      width: 110,
                      render: (_v, p) => p.entry.date,
                    },
                    {
                      title: t('finance.journal.columns.memo'),
                      key: 'memo',
                      render: (_v, p) => memoIn(chinese, p.entry),
                    },
                    {
                      title: t('finance.journal.columns.amount'),
                      key: 'amount',
                      align: 'right',
                      width: 130,
                      render: (_v, p) => <span className={styles.amount}>{displayAmount(p.entry.total)}</span>,
                    },
                    {
                      title: t('finance.journal.columns.postedBy'),
                      key: 'by',
                      render: (_v, p) =>
                        t('finance.periods.postedByAt', {
                          name: p.entry.posted_by_name,
                          at: format.dateTime(p.entry.posted_at_ms),
                        }),
                    },
                    {
                      title: t('finance.periods.closedAt'),
                      key: 'closed',
                      width: 170,
                      render: (_v, p) => format.dateTime(p.closed_at_ms),
                    },
                  ]}
                />
              ),
            },
          ]}
        />
      }
    />
  );
}
