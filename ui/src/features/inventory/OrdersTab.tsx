import {
  BulbOutlined,
  EditOutlined,
  FilePdfOutlined,
  ImportOutlined,
  PlusOutlined,
  SendOutlined,
  StopOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, Dropdown, Popconfirm, Select, Space, Table, Tooltip, Typography } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { Location, OrderLine, OrderQuery, OrderSuggestion, PurchaseOrder } from '../../api/bindings';
import type { DocumentLanguage } from '../../api/rpc';
import { useErrorText } from '../../shared/errors';
import { useApi, useCan } from '../../shared/session';
import { displayAmount } from '../ledger/money';
import { useCommand } from '../../shared/useCommand';
import { useSaveFile } from '../../shared/useSaveFile';
import { inventoryChanged, useInventoryVersion } from './inventoryVersion';
import { ORDER_STATUSES, productLabel, type OrderStatus } from './model';
import { OrderFormDrawer, type OrderPrefill } from './OrderFormDrawer';
import { OrderStatusTag } from './OrderStatusTag';
import { ReceiveDrawer } from './ReceiveDrawer';
import pageLayout from '../../shared/page.module.css';
import styles from './inventory.module.css';
import { useUnit } from '../../shared/units';

type Props = { locations: Location[] };

/** Language names are shown in their own language, so either can be found whatever the UI's is. */
const PDF_LANGUAGES: { key: DocumentLanguage; label: string }[] = [
  { key: 'zh', label: '中文' },
  { key: 'en', label: 'English' },
];

/** `null`: closed; `new`: a new order (maybe filled in from the suggestions); an order: changing that draft. */
type Editing = { order?: PurchaseOrder; prefill?: OrderPrefill } | null;

/**
 * Purchase orders, newest first, by status; with purchases.manage writing, sending and cancelling them, and a new
 * order filled in from what is low; with inventory.write receiving what arrived, all or part.
 */
export function OrdersTab({ locations }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const can = useCan();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const version = useInventoryVersion();
  const [status, setStatus] = useState<OrderStatus | 'all'>('all');
  const [editing, setEditing] = useState<Editing>(null);
  const [receiving, setReceiving] = useState<PurchaseOrder | null>(null);
  const [working, setWorking] = useState<string | null>(null);
  const [suggesting, setSuggesting] = useState(false);
  const { save, saving } = useSaveFile();
  const purchases = can('purchases.manage');
  const receive = can('inventory.write');
  const query: OrderQuery = status === 'all' ? {} : { status };
  const loaded = useCommand('inventory.orders.list', query, version);
  const orders = loaded.output ?? [];
  // Totals are empty for those who may not see costs.
  const showTotal = orders.some((order) => order.total !== '');

  async function act(order: PurchaseOrder, command: 'inventory.orders.send' | 'inventory.orders.cancel') {
    setWorking(order.id);
    try {
      await api.call(command, { id: order.id });
      void message.success(
        t(command === 'inventory.orders.send' ? 'inventory.orders.sentDone' : 'inventory.orders.cancelledDone', {
          supplier: order.supplier,
        }),
      );
      inventoryChanged();
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setWorking(null);
    }
  }

  /** A new order from the suggestions at the first location that has any, with that location's lines. */
  async function suggest() {
    setSuggesting(true);
    try {
      const suggestions = await api.call('inventory.orders.suggestions', {});
      if (suggestions.length === 0) {
        void message.info(t('inventory.orders.noSuggestions'));
        return;
      }
      setEditing({ prefill: prefillOf(suggestions) });
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setSuggesting(false);
    }
  }

  function prefillOf(suggestions: OrderSuggestion[]): OrderPrefill {
    const location = suggestions[0].location_id;
    const here = suggestions.filter((s) => s.location_id === location);
    const elsewhere = suggestions.length - here.length;
    const note = [
      t('inventory.orders.prefilled', { count: here.length, location: here[0].location_name }),
      ...(elsewhere > 0 ? [t('inventory.orders.prefilledElsewhere', { count: elsewhere })] : []),
    ].join(' ');
    return {
      supplier: here.find((s) => s.supplier)?.supplier ?? '',
      location_id: location,
      lines: here.map((s) => ({
        product_id: s.product_id,
        label: productLabel({ name: s.product_name, sku: '' }),
        quantity: s.quantity,
        unit_cost: s.unit_cost,
      })),
      note,
    };
  }

  return (
    <div className={pageLayout.page}>
      <div className={pageLayout.toolbar}>
        <Select<OrderStatus | 'all'>
          data-testid="inv-orders-status"
          className={styles.filter}
          value={status}
          onChange={setStatus}
          options={[
            { value: 'all', label: t('inventory.orders.allStatuses') },
            ...ORDER_STATUSES.map((value) => ({ value, label: t(`inventory.orders.statuses.${value}`) })),
          ]}
        />
        {purchases && (
          <Space wrap>
            <Button
              icon={<BulbOutlined />}
              loading={suggesting}
              onClick={() => void suggest()}
              data-testid="inv-order-suggest"
            >
              {t('inventory.orders.suggest')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} data-testid="inv-order-new">
              {t('inventory.orders.new')}
            </Button>
          </Space>
        )}
      </div>
      {loaded.error !== null && <Alert type="error" showIcon title={errorText(loaded.error)} />}
      <Table<PurchaseOrder>
        data-testid="inv-orders-table"
        rowKey="id"
        size="middle"
        loading={loaded.loading}
        dataSource={orders}
        pagination={orders.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        locale={{ emptyText: t('inventory.orders.empty') }}
        onRow={(order) =>
          ({
            'data-testid': 'inv-order-row',
            'data-status': order.status,
            'data-supplier': order.supplier,
          }) as HTMLAttributes<HTMLElement>
        }
        expandable={{
          expandedRowRender: (order) => <OrderLines lines={order.lines} />,
        }}
        columns={[
          { title: t('inventory.orders.columns.date'), dataIndex: 'date', width: 110 },
          {
            title: t('inventory.orders.columns.supplier'),
            dataIndex: 'supplier',
            render: (supplier: string, order) => (
              <>
                {supplier}
                {order.supplier_contact && (
                  <Typography.Text type="secondary" className={styles.secondary}>
                    {order.supplier_contact}
                  </Typography.Text>
                )}
              </>
            ),
          },
          { title: t('inventory.orders.columns.location'), dataIndex: 'location_name', width: 140 },
          {
            title: t('inventory.orders.columns.expected'),
            dataIndex: 'expected_date',
            width: 110,
            render: (date: string | null) => date ?? '—',
          },
          {
            title: t('inventory.orders.columns.lines'),
            key: 'lines',
            width: 70,
            align: 'right',
            render: (_value: unknown, order: PurchaseOrder) => order.lines.length,
          },
          ...(showTotal
            ? [
                {
                  title: t('inventory.orders.columns.total'),
                  dataIndex: 'total',
                  key: 'total',
                  width: 120,
                  align: 'right' as const,
                  render: (total: string) => <span className={styles.number}>{total ? displayAmount(total) : ''}</span>,
                },
              ]
            : []),
          {
            title: t('inventory.orders.columns.status'),
            dataIndex: 'status',
            width: 120,
            render: (value: OrderStatus) => <OrderStatusTag status={value} testId="inv-order-status" />,
          },
          {
            title: '',
            key: 'actions',
            width: 190,
            align: 'right',
            render: (_value: unknown, order: PurchaseOrder) => (
              <Space size={0}>
                {purchases && order.status === 'draft' && (
                  <Tooltip title={t('inventory.orders.edit')}>
                    <Button
                      type="text"
                      icon={<EditOutlined />}
                      aria-label={t('inventory.orders.edit')}
                      onClick={() => setEditing({ order })}
                      data-testid="inv-order-edit"
                    />
                  </Tooltip>
                )}
                {purchases && order.status === 'draft' && (
                  <Tooltip title={t('inventory.orders.send')}>
                    <Button
                      type="text"
                      icon={<SendOutlined />}
                      loading={working === order.id}
                      aria-label={t('inventory.orders.send')}
                      onClick={() => void act(order, 'inventory.orders.send')}
                      data-testid="inv-order-send"
                    />
                  </Tooltip>
                )}
                {purchases && (
                  <Dropdown
                    trigger={['click']}
                    menu={{
                      items: PDF_LANGUAGES.map(({ key, label }) => ({
                        key,
                        label: <span data-testid={`inv-order-pdf-${key}`}>{label}</span>,
                      })),
                      onClick: ({ key }) =>
                        void save(order.id, 'inventory.orders.pdf', {
                          id: order.id,
                          language: key as DocumentLanguage,
                        }),
                    }}
                  >
                    <Tooltip title={t('inventory.orders.pdf')}>
                      <Button
                        type="text"
                        icon={<FilePdfOutlined />}
                        loading={saving === order.id}
                        aria-label={t('inventory.orders.pdf')}
                        data-testid="inv-order-pdf"
                      />
                    </Tooltip>
                  </Dropdown>
                )}
                {receive && order.can_receive && (
                  <Tooltip title={t('inventory.orders.receive')}>
                    <Button
                      type="text"
                      icon={<ImportOutlined />}
                      aria-label={t('inventory.orders.receive')}
                      onClick={() => setReceiving(order)}
                      data-testid="inv-order-receive"
                    />
                  </Tooltip>
                )}
                {purchases && order.can_cancel && (
                  <Popconfirm
                    title={t('inventory.orders.cancelConfirm', { supplier: order.supplier })}
                    description={t('inventory.orders.cancelHelp')}
                    okText={t('inventory.orders.cancelOrder')}
                    okButtonProps={{ danger: true }}
                    cancelText={t('inventory.orders.keepOrder')}
                    onConfirm={() => void act(order, 'inventory.orders.cancel')}
                  >
                    <Tooltip title={t('inventory.orders.cancelOrder')}>
                      <Button
                        type="text"
                        danger
                        icon={<StopOutlined />}
                        loading={working === order.id}
                        aria-label={t('inventory.orders.cancelOrder')}
                        data-testid="inv-order-cancel"
                      />
                    </Tooltip>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      <OrderFormDrawer
        open={editing !== null}
        order={editing?.order}
        prefill={editing?.prefill}
        locations={locations}
        onClose={() => setEditing(null)}
        onSaved={(saved) => {
          void message.success(
            editing?.order
              ? t('inventory.orders.saved', { supplier: saved.supplier })
              : t('inventory.orders.created', { supplier: saved.supplier }),
          );
          setEditing(null);
          inventoryChanged();
        }}
      />
      <ReceiveDrawer
        order={receiving}
        locations={locations}
        onClose={() => setReceiving(null)}
        onSaved={(received) => {
          void message.success(
            t('inventory.orders.receivedDone', {
              supplier: received.supplier,
              status: t(`inventory.orders.statuses.${received.status as OrderStatus}`),
            }),
          );
          setReceiving(null);
          inventoryChanged();
        }}
      />
    </div>
  );
}

/** An order's lines, under its row: ordered, received, and (for those who see costs) cost and total. */
function OrderLines({ lines }: { lines: OrderLine[] }) {
  const { t } = useTranslation();
  const unitOf = useUnit();
  const withCost = lines.some((line) => line.unit_cost !== '');
  return (
    <Table<OrderLine & { index: number }>
      data-testid="inv-order-lines"
      rowKey="index"
      size="small"
      pagination={false}
      dataSource={lines.map((line, index) => ({ ...line, index }))}
      columns={[
        { title: t('inventory.orders.lines.product'), dataIndex: 'product_name' },
        { title: t('inventory.products.columns.sku'), dataIndex: 'sku', width: 140 },
        {
          title: t('inventory.orders.lines.ordered'),
          dataIndex: 'quantity',
          width: 100,
          align: 'right',
          render: (quantity: string, line) => `${quantity} ${unitOf(line.unit)}`,
        },
        { title: t('inventory.orders.lines.received'), dataIndex: 'received', width: 100, align: 'right' },
        ...(withCost
          ? [
              {
                title: t('inventory.orders.lines.unitCost'),
                dataIndex: 'unit_cost',
                key: 'unit_cost',
                width: 110,
                align: 'right' as const,
                render: (cost: string) => displayAmount(cost),
              },
              {
                title: t('inventory.orders.lines.total'),
                dataIndex: 'total',
                key: 'total',
                width: 110,
                align: 'right' as const,
                render: (total: string) => displayAmount(total),
              },
            ]
          : []),
      ]}
    />
  );
}
