import { PaperClipOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { MoneyEvent } from '../../api/bindings';
import { toApiError } from '../../api/rpc';
import { useErrorText } from '../../shared/errors';
import { useApi, useCan } from '../../shared/session';
import { displayAmount } from './money';
import { MONEY_COMMANDS, thisMonth, toDateRange, type BooksTabProps, type MoneyKind, type PickedRange } from './model';
import { MoneyAttachments } from './MoneyAttachments';
import { MoneyFormDrawer } from './MoneyFormDrawer';
import { RangeFilter } from './RangeFilter';
import { useCommand } from '../../shared/useCommand';
import pageLayout from '../../shared/page.module.css';
import styles from './ledger.module.css';

type Props = BooksTabProps & { kind: MoneyKind };

/** Income or expenses of a date range, newest first, with their total; recording and voiding them. */
export function MoneyTab({ kind, accounts, settings, taxes, version, onChanged }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const can = useCan();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [range, setRange] = useState<PickedRange>(thisMonth);
  const [recording, setRecording] = useState(false);
  const [voiding, setVoiding] = useState<string | null>(null);
  const [receiptsOf, setReceiptsOf] = useState<string | null>(null);
  // The core kept an expense that took the till or bank below zero: what it said, until dismissed.
  const [overdrawn, setOverdrawn] = useState<string | null>(null);
  const commands = MONEY_COMMANDS[kind];
  const loaded = useCommand(commands.list, toDateRange(range), version);
  const events = loaded.output?.events ?? [];
  const write = can('finance.write');

  async function voidEvent(event: MoneyEvent) {
    setVoiding(event.id);
    try {
      await api.call(commands.void, { id: event.id });
      void message.success(t('finance.money.voidDone'));
      onChanged();
    } catch (voidError) {
      void message.error(errorText(voidError));
      // Voided meanwhile (here or on another device): show it so.
      if (toApiError(voidError).code === 'conflict') onChanged();
    } finally {
      setVoiding(null);
    }
  }

  return (
    <div className={pageLayout.page}>
      <div className={pageLayout.toolbar}>
        <Space wrap>
          <RangeFilter value={range} onChange={setRange} testId={`${kind}-range`} />
          <Typography.Text strong data-testid={`${kind}-total`}>
            {t('finance.money.total', {
              // What the listed records add up to, as the core sums them (a voided one no longer counts).
              amount: displayAmount(loaded.output?.total ?? '0.00'),
              currency: settings.base_currency,
            })}
          </Typography.Text>
        </Space>
        {write && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setRecording(true)} data-testid={`${kind}-add`}>
            {t(`finance.${kind}.record`)}
          </Button>
        )}
      </div>
      {loaded.error !== null && <Alert type="error" showIcon title={errorText(loaded.error)} />}
      {overdrawn && (
        <Alert
          type="warning"
          showIcon
          closable={{ onClose: () => setOverdrawn(null) }}
          title={<span data-testid="money-overdrawn">{overdrawn}</span>}
        />
      )}
      <Table<MoneyEvent>
        data-testid={`${kind}-table`}
        rowKey="id"
        size="middle"
        loading={loaded.loading}
        dataSource={events}
        pagination={false}
        scroll={{ x: 'max-content' }}
        className={styles.keepHeads}
        locale={{ emptyText: t(`finance.${kind}.empty`) }}
        rowClassName={(event) => (event.voided ? styles.voided : '')}
        onRow={(event) => ({ 'data-testid': `${kind}-row`, 'data-id': event.id }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('finance.money.columns.date'), dataIndex: 'date', width: 120 },
          {
            title: t('finance.money.columns.amount'),
            dataIndex: 'amount',
            align: 'right',
            width: 140,
            render: (amount: string) => <span className={styles.amount}>{displayAmount(amount)}</span>,
          },
          {
            title: t('finance.money.columns.tax'),
            key: 'tax',
            align: 'right',
            width: 110,
            render: (_value, event) =>
              event.tax_id && <span className={styles.amount}>{displayAmount(event.tax)}</span>,
          },
          // Room for their headers and names: narrow windows scroll the table rather than break words.
          { title: t(`finance.${kind}.category`), dataIndex: 'category_name', minWidth: 120 },
          { title: t(`finance.${kind}.account`), dataIndex: 'account_name', minWidth: 120 },
          { title: t(`finance.${kind}.party`), dataIndex: 'party', minWidth: 120 },
          { title: t('finance.money.columns.description'), dataIndex: 'description', minWidth: 160 },
          { title: t('finance.money.columns.recordedBy'), dataIndex: 'created_by_name', width: 130 },
          {
            title: t('finance.attachments.column'),
            key: 'attachments',
            width: 80,
            render: (_value, event) => (
              <Tooltip title={t('finance.attachments.title')}>
                <Button
                  type="text"
                  size="small"
                  icon={<PaperClipOutlined />}
                  aria-label={t('finance.attachments.count', { count: event.attachments.length })}
                  data-testid={`${kind}-attachments`}
                  onClick={() => setReceiptsOf(event.id)}
                >
                  {event.attachments.length}
                </Button>
              </Tooltip>
            ),
          },
          {
            title: '',
            key: 'actions',
            width: 110,
            align: 'right',
            render: (_value, event) => {
              if (event.voided) return <Tag data-testid={`${kind}-voided`}>{t('finance.money.voided')}</Tag>;
              if (!write) return null;
              return (
                <Popconfirm
                  title={t('finance.money.voidTitle')}
                  description={<div className={styles.confirm}>{t('finance.money.voidConfirm')}</div>}
                  okText={t('finance.money.void')}
                  okButtonProps={{ danger: true }}
                  cancelText={t('common.cancel')}
                  onConfirm={() => void voidEvent(event)}
                >
                  <Tooltip title={t('finance.money.void')}>
                    <Button
                      type="text"
                      danger
                      icon={<StopOutlined />}
                      loading={voiding === event.id}
                      aria-label={t('finance.money.void')}
                      data-testid={`${kind}-void`}
                    />
                  </Tooltip>
                </Popconfirm>
              );
            },
          },
        ]}
      />
      <MoneyAttachments
        event={events.find((event) => event.id === receiptsOf) ?? null}
        write={write}
        onClose={() => setReceiptsOf(null)}
        onChanged={onChanged}
      />
      <MoneyFormDrawer
        kind={kind}
        open={recording}
        accounts={accounts}
        taxes={taxes}
        closedThrough={settings.closed_through}
        defaults={settings.defaults}
        onClose={() => setRecording(false)}
        onSaved={(event) => {
          // The core kept the expense and says the till (or bank) is now below zero: say so, and what to check.
          // Above the table until dismissed, not a toast over the header that is gone before it is read.
          setOverdrawn(
            event.overdrawn
              ? t('finance.expense.overdrawn', {
                  account: event.account_name,
                  balance: displayAmount(event.overdrawn),
                })
              : null,
          );
          if (!event.overdrawn) void message.success(t(`finance.${kind}.created`));
          setRecording(false);
          onChanged();
        }}
      />
    </div>
  );
}
