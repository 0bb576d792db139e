import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { Recurring, Tax } from '../../api/bindings';
import { useErrorText } from '../../shared/errors';
import { useCan } from '../../shared/session';
import { withCurrency } from '../ledger/currency';
import { RecurringDevice } from './RecurringDevice';
import { RecurringEndDate } from './RecurringEndDate';
import { RecurringFormDrawer } from './RecurringFormDrawer';
import { isRecurringInterval } from './recurringModel';
import { useCommand } from '../../shared/useCommand';
import { useRecurringUpdate } from './useRecurringUpdate';
import pageLayout from '../../shared/page.module.css';
import styles from '../ledger/ledger.module.css';

type Props = {
  /** The company's base currency, which recurring invoices are in; null when this user cannot read it. */
  currency: string | null;
  taxes: Tax[];
  version: number;
  onChanged: () => void;
};

/**
 * Recurring invoices: what is made for whom how often, when next, and on which device; setting one up, pausing,
 * resuming and ending it, and whether its invoices are issued as they are made (finance.write). The app makes the
 * invoices that are due by itself (`useRecurringRunner`).
 */
export function RecurringTab({ currency, taxes, version, onChanged }: Props) {
  const { t } = useTranslation();
  const can = useCan();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [creating, setCreating] = useState(false);
  const loaded = useCommand('finances.recurring.list', {}, version);
  const updater = useRecurringUpdate(onChanged);
  const write = can('finance.write');

  const nextDate = (recurring: Recurring) => {
    if (!recurring.active) return <Tag data-testid="recurring-paused">{t('finance.recurring.paused')}</Tag>;
    if (!recurring.next_date) return <Tag data-testid="recurring-ended">{t('finance.recurring.ended')}</Tag>;
    return (
      <Space size={4}>
        <span data-testid="recurring-next-date">{recurring.next_date}</span>
        {recurring.due && <Tag color="gold">{t('finance.recurring.due')}</Tag>}
      </Space>
    );
  };

  return (
    <div className={pageLayout.page}>
      <div className={pageLayout.toolbar}>
        <Typography.Text type="secondary">{t('finance.recurring.help')}</Typography.Text>
        {write && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="recurring-new">
            {t('finance.recurring.new')}
          </Button>
        )}
      </div>
      {loaded.error !== null && <Alert type="error" showIcon title={errorText(loaded.error)} />}
      <Table<Recurring>
        data-testid="recurring-table"
        rowKey="id"
        size="middle"
        loading={loaded.loading}
        dataSource={loaded.output ?? []}
        pagination={false}
        locale={{ emptyText: t('finance.recurring.empty') }}
        onRow={(recurring) =>
          ({ 'data-testid': 'recurring-row', 'data-id': recurring.id }) as HTMLAttributes<HTMLElement>
        }
        columns={[
          { title: t('finance.invoices.columns.customer'), dataIndex: 'customer_name' },
          {
            title: t('finance.recurring.interval'),
            dataIndex: 'interval',
            width: 110,
            render: (interval: string) =>
              isRecurringInterval(interval) ? t(`finance.recurring.intervals.${interval}`) : interval,
          },
          {
            title: t('finance.recurring.next'),
            key: 'next',
            width: 160,
            render: (_value, recurring) => nextDate(recurring),
          },
          {
            title: t('finance.recurring.endDate'),
            key: 'end_date',
            width: 200,
            render: (_value, recurring) => (
              <RecurringEndDate recurring={recurring} editable={write} updater={updater} />
            ),
          },
          {
            title: t('finance.invoices.columns.total'),
            dataIndex: 'total',
            align: 'right',
            width: 140,
            // No total: a line the core cannot price today (a tax archived since); it says so when it runs.
            render: (total: string) => (
              <span className={styles.amount}>{total ? withCurrency(currency, total) : '—'}</span>
            ),
          },
          { title: t('finance.recurring.made'), dataIndex: 'count', align: 'right', width: 80 },
          {
            title: t('finance.recurring.issueAsMade'),
            key: 'issue',
            width: 120,
            render: (_value, recurring) => (
              <Switch
                size="small"
                checked={recurring.issue}
                disabled={!write}
                loading={updater.updating === recurring.id}
                data-testid="recurring-issue"
                onChange={(issue) =>
                  void updater.update(
                    recurring,
                    { issue },
                    issue ? t('finance.recurring.issueOn') : t('finance.recurring.issueOff'),
                  )
                }
              />
            ),
          },
          {
            title: t('finance.recurring.active'),
            key: 'active',
            width: 100,
            render: (_value, recurring) => (
              <Switch
                size="small"
                checked={recurring.active}
                disabled={!write}
                loading={updater.updating === recurring.id}
                data-testid="recurring-active"
                onChange={(active) =>
                  void updater.update(
                    recurring,
                    { active },
                    active ? t('finance.recurring.resumed') : t('finance.recurring.pausedDone'),
                  )
                }
              />
            ),
          },
          {
            title: t('finance.recurring.device'),
            key: 'device',
            width: 160,
            render: (_value, recurring) => <RecurringDevice recurring={recurring} editable={write} updater={updater} />,
          },
        ]}
      />
      <RecurringFormDrawer
        open={creating}
        taxes={taxes}
        currency={currency}
        onClose={() => setCreating(false)}
        onSaved={(saved) => {
          void message.success(t('finance.recurring.created', { customer: saved.customer_name }));
          setCreating(false);
          onChanged();
        }}
      />
    </div>
  );
}
