import { PlusOutlined, RollbackOutlined } from '@ant-design/icons';
import { Alert, App, Button, Popconfirm, Space, Table, Tag, Tooltip } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { JournalEntry, JournalLine } from '../../api/bindings';
import { toApiError } from '../../api/rpc';
import { useErrorText } from '../../shared/errors';
import { useApi, useCan } from '../../shared/session';
import { JournalFormDrawer } from './JournalFormDrawer';
import { displayAmount } from './money';
import { accountLabel, memoIn, thisMonth, toDateRange, type BooksTabProps, type PickedRange } from './model';
import { RangeFilter } from './RangeFilter';
import { useCommand } from '../../shared/useCommand';
import pageLayout from '../../shared/page.module.css';
import styles from './ledger.module.css';

const SOURCE_COLORS: Record<string, string> = {
  manual: 'blue',
  opening: 'geekblue',
  income: 'green',
  expense: 'orange',
  reversal: 'default',
  invoice: 'cyan',
  credit_note: 'purple',
  payment: 'green',
  credit: 'geekblue',
  refund: 'magenta',
  stock: 'gold',
  stock_receipt: 'gold',
};

const SOURCES = [
  'manual',
  'opening',
  'income',
  'expense',
  'reversal',
  'invoice',
  'credit_note',
  'payment',
  'credit',
  'refund',
  'stock',
  'stock_receipt',
] as const;
type Source = (typeof SOURCES)[number];

function isSource(source: string): source is Source {
  return (SOURCES as readonly string[]).includes(source);
}

/** An entry's lines: which accounts, debited or credited by how much. */
function EntryLines({ entry }: { entry: JournalEntry }) {
  const { t } = useTranslation();
  return (
    <Table<JournalLine & { key: number }>
      data-testid="journal-entry-lines"
      size="small"
      // An entry may debit or credit one account on more than one line: the line's place is its key.
      dataSource={entry.lines.map((line, index) => ({ ...line, key: index }))}
      pagination={false}
      columns={[
        {
          title: t('finance.journal.columns.account'),
          key: 'account',
          render: (_value, line) => accountLabel({ code: line.account_code, name: line.account_name }),
        },
        {
          title: t('finance.journal.columns.debit'),
          dataIndex: 'debit',
          align: 'right',
          width: 160,
          render: (debit: string) => <span className={styles.amount}>{zeroAsBlank(debit)}</span>,
        },
        {
          title: t('finance.journal.columns.credit'),
          dataIndex: 'credit',
          align: 'right',
          width: 160,
          render: (credit: string) => <span className={styles.amount}>{zeroAsBlank(credit)}</span>,
        },
      ]}
    />
  );
}

/** A line's other side is "0.00": left blank, as on a paper voucher. */
function zeroAsBlank(amount: string): string {
  const shown = displayAmount(amount);
  return shown === '0.00' ? '' : shown;
}

/** The journal of a date range: every posted entry, with its lines on expanding; posting and reversing. */
export function JournalTab({ accounts, settings, version, onChanged }: BooksTabProps) {
  const { t, i18n } = useTranslation();
  const chinese = i18n.language.startsWith('zh');
  const api = useApi();
  const can = useCan();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [range, setRange] = useState<PickedRange>(thisMonth);
  const [posting, setPosting] = useState<'entry' | 'opening' | null>(null);
  const [reversing, setReversing] = useState<string | null>(null);
  const loaded = useCommand('finances.journal.list', toDateRange(range), version);
  const entries = loaded.output ?? [];
  const write = can('finance.write');
  // One standing opening entry: offered until there is one (reversing it offers it again).
  const standingOpening = useCommand('finances.opening.get', can('finance.manage') ? {} : null, version);
  const offerOpening =
    can('finance.manage') &&
    standingOpening.output !== null &&
    standingOpening.output.entry === null &&
    !standingOpening.loading &&
    !standingOpening.error;
  // Posted on two devices before they synced: both stand until someone reverses the wrong one.
  const openingTwice = (standingOpening.output?.also_standing.length ?? 0) > 0;

  async function reverse(entry: JournalEntry) {
    setReversing(entry.id);
    try {
      await api.call('finances.journal.reverse', { id: entry.id });
      void message.success(t('finance.journal.reverseDone'));
      onChanged();
    } catch (reverseError) {
      void message.error(errorText(reverseError));
      // Reversed meanwhile, here or on another device: show it so.
      if (toApiError(reverseError).code === 'conflict') onChanged();
    } finally {
      setReversing(null);
    }
  }

  function status(entry: JournalEntry) {
    const tags = [];
    if (entry.reversed_by) {
      tags.push(
        <Tag key="reversed" color="default" data-testid="journal-reversed">
          {t('finance.journal.reversed')}
        </Tag>,
      );
    }
    if (entry.reverses) {
      const original = entries.find((other) => other.id === entry.reverses);
      tags.push(
        <Tag key="reverses" data-testid="journal-reversal-of">
          {original
            ? t('finance.journal.reversalOf', { date: original.date, memo: memoIn(chinese, original) })
            : t('finance.journal.reversalOfEarlier')}
        </Tag>,
      );
    }
    return tags;
  }

  return (
    <div className={pageLayout.page}>
      <div className={pageLayout.toolbar}>
        <RangeFilter value={range} onChange={setRange} testId="journal-range" />
        <Space>
          {offerOpening && (
            <Button onClick={() => setPosting('opening')} data-testid="opening-add">
              {t('finance.opening.new')}
            </Button>
          )}
          {write && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setPosting('entry')}
              data-testid="journal-add"
            >
              {t('finance.journal.new')}
            </Button>
          )}
        </Space>
      </div>
      {openingTwice && (
        <Alert
          type="warning"
          showIcon
          data-testid="opening-twice"
          title={t('finance.opening.twice', { count: 1 + (standingOpening.output?.also_standing.length ?? 0) })}
        />
      )}
      {loaded.error !== null && <Alert type="error" showIcon title={errorText(loaded.error)} />}
      <Table<JournalEntry>
        data-testid="journal-table"
        rowKey="id"
        size="middle"
        loading={loaded.loading}
        dataSource={entries}
        pagination={false}
        locale={{ emptyText: t('finance.journal.empty') }}
        onRow={(entry) => ({ 'data-testid': 'journal-row', 'data-id': entry.id }) as HTMLAttributes<HTMLElement>}
        expandable={{ expandedRowRender: (entry) => <EntryLines entry={entry} /> }}
        columns={[
          { title: t('finance.journal.columns.date'), dataIndex: 'date', width: 120 },
          {
            title: t('finance.journal.columns.memo'),
            key: 'memo',
            render: (_value, entry) => <span data-testid="journal-memo">{memoIn(chinese, entry)}</span>,
          },
          {
            title: t('finance.journal.columns.source'),
            dataIndex: 'source',
            width: 110,
            render: (source: string) => (
              <Tag color={SOURCE_COLORS[source] ?? 'default'}>
                {isSource(source) ? t(`finance.sources.${source}`) : source}
              </Tag>
            ),
          },
          {
            title: t('finance.journal.columns.amount'),
            key: 'amount',
            align: 'right',
            width: 140,
            render: (_value, entry) => <span className={styles.amount}>{displayAmount(entry.total)}</span>,
          },
          { title: t('finance.journal.columns.postedBy'), dataIndex: 'posted_by_name', width: 130 },
          {
            title: '',
            key: 'actions',
            width: 200,
            align: 'right',
            render: (_value, entry) => (
              <Space size={4}>
                {status(entry)}
                {write && entry.reversible && (
                  <Popconfirm
                    title={t('finance.journal.reverseTitle')}
                    description={<div className={styles.confirm}>{t('finance.journal.reverseConfirm')}</div>}
                    okText={t('finance.journal.reverse')}
                    cancelText={t('common.cancel')}
                    onConfirm={() => void reverse(entry)}
                  >
                    <Tooltip title={t('finance.journal.reverse')}>
                      <Button
                        type="text"
                        icon={<RollbackOutlined />}
                        loading={reversing === entry.id}
                        aria-label={t('finance.journal.reverse')}
                        data-testid="journal-reverse"
                      />
                    </Tooltip>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      <JournalFormDrawer
        open={posting !== null}
        opening={posting === 'opening'}
        accounts={accounts}
        closedThrough={settings.closed_through}
        onClose={() => setPosting(null)}
        onSaved={() => {
          void message.success(t(posting === 'opening' ? 'finance.opening.posted' : 'finance.journal.posted'));
          setPosting(null);
          onChanged();
        }}
      />
    </div>
  );
}
