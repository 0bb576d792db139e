import { App, Descriptions, Form, Input, Space, Table, Typography } from 'antd';
import { useEffect, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDrawer } from './FormDrawer';
import type { Location, OrderLine, PurchaseOrder, ReceiveLineInput } from '../../api/bindings';
import { toApiError } from '../../api/rpc';
import { clearRefusalOnChange, useErrorText } from '../../shared/errors';
import { useSubmit } from '../../shared/useSubmit';
import { useApi } from '../../shared/session';
import { useScanTarget } from '../scanning/scanTarget';
import { LocationSelect } from './LocationSelect';
import { showInventoryFieldError } from './model';
import { formatQuantity, isQuantity, toThousandths } from './quantity';
import { OrderStatusTag } from './OrderStatusTag';
import styles from './inventory.module.css';
import { DateInput } from '../../shared/DateInput';
import { today } from '../../shared/day';
import { useUnit } from '../../shared/units';

/** An order line and its place on the order: the form's lines follow the order's. */
type NumberedLine = OrderLine & { index: number };

type FormValues = { location_id?: string; date: string; lines: { quantity?: string }[] };

type Props = {
  /** The sent order goods arrive for; null: closed. */
  order: PurchaseOrder | null;
  locations: Location[];
  onClose: () => void;
  onSaved: (order: PurchaseOrder) => void;
};

/**
 * Receives what arrived for a sent order, line by line: what was ordered, what came before, what is still to come,
 * and how much came now (all of it, part of it, or none). Stock goes up at the location picked.
 */
export function ReceiveDrawer({ order, locations, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const unitOf = useUnit();
  const api = useApi();
  const errorText = useErrorText();
  const [form] = Form.useForm<FormValues>();
  const { busy, error: formError, setError: setFormError, run } = useSubmit(order !== null);
  const { message } = App.useApp();

  // A scanned product is one more of it arriving now.
  useScanTarget(order !== null, (product) => {
    const index = order?.lines.findIndex((line) => line.product_id === product.id) ?? -1;
    if (!order || index < 0) {
      void message.warning(t('scanning.notOnOrder', { name: product.name }));
      return;
    }
    const quantity = ((form.getFieldValue(['lines', index, 'quantity']) as string | undefined) ?? '').trim();
    const now = isQuantity(quantity) ? toThousandths(quantity) + 1000n : 1000n;
    form.setFieldValue(['lines', index, 'quantity'], formatQuantity(now));
  });

  useEffect(() => {
    if (!order) return;
    form.resetFields();
    form.setFieldsValue({
      location_id: order.location_id,
      date: today(),
      // Everything still to come, by default: a delivery usually brings the rest.
      lines: order.lines.map((line) => {
        return { quantity: line.to_come === '0' ? '' : line.to_come };
      }),
    });
  }, [order, form]);

  async function submit(values: FormValues) {
    if (!order) return;
    // Every line of the order, as typed: the core takes a line left blank (or 0) as nothing arriving this time.
    const lines: ReceiveLineInput[] = order.lines.map((line, index) => ({
      product_id: line.product_id,
      quantity: (values.lines?.[index]?.quantity ?? '').trim(),
    }));
    await run(
      async (once) => {
        const input = { id: order.id, lines, date: (values.date ?? '').trim() };
        const received = await api.call(
          'inventory.orders.receive',
          values.location_id && values.location_id !== order.location_id
            ? { ...input, location_id: values.location_id }
            : input,
          once,
        );
        onSaved(received);
      },
      (error) => {
        const apiError = toApiError(error);
        if (apiError.field === 'lines' && apiError.reason === 'required') {
          setFormError(t('inventory.orders.nothingToReceive'));
          return true;
        }
        const shown = showInventoryFieldError(t, form, error, ['location_id', 'date', 'lines'], {
          text: (apiError) =>
            /^lines\[\d+\]\.quantity$/.test(apiError.field ?? '') && apiError.reason === 'out_of_range'
              ? t('inventory.errors.moreThanToCome')
              : null,
        });
        if (!shown) setFormError(errorText(apiError));
        return true;
      },
    );
  }

  function close() {
    setFormError(null);
    onClose();
  }

  return (
    <FormDrawer
      open={order !== null}
      onClose={close}
      form={form}
      size={720}
      title={order ? t('inventory.orders.receiveTitle', { supplier: order.supplier }) : ''}
      submitLabel={t('inventory.orders.receiveSubmit')}
      onSubmit={() => form.submit()}
      busy={busy}
      error={formError}
      testId="inv-receive"
    >
      <Form<FormValues>
        form={form}
        onValuesChange={clearRefusalOnChange(form)}
        layout="vertical"
        onFinish={(values) => void submit(values)}
      >
        {order && (
          <Descriptions size="small" column={2} bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('inventory.orders.fields.supplier')}>{order.supplier}</Descriptions.Item>
            <Descriptions.Item label={t('inventory.orders.columns.status')}>
              <OrderStatusTag status={order.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t('inventory.orders.fields.date')}>{order.date}</Descriptions.Item>
            <Descriptions.Item label={t('inventory.orders.fields.expectedDate')}>
              {order.expected_date ?? '—'}
            </Descriptions.Item>
          </Descriptions>
        )}
        <Space align="start" wrap>
          <Form.Item
            name="location_id"
            label={t('inventory.orders.receiveLocation')}
            rules={[{ required: true, message: t('errors.reasons.required') }]}
          >
            <LocationSelect testId="inv-receive-location" locations={locations} className={styles.filter} />
          </Form.Item>
          <Form.Item name="date" label={t('inventory.orders.receiveDate')}>
            <DateInput testId="inv-receive-date" />
          </Form.Item>
        </Space>
        <Table<NumberedLine>
          data-testid="inv-receive-lines"
          rowKey="index"
          size="small"
          pagination={false}
          dataSource={order?.lines.map((line, index) => ({ ...line, index })) ?? []}
          onRow={(line) => ({ 'data-testid': 'inv-receive-line', 'data-sku': line.sku }) as HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('inventory.orders.lines.product'),
              dataIndex: 'product_name',
              render: (name: string, line) => (
                <>
                  {name}
                  <Typography.Text type="secondary" className={styles.secondary}>
                    {line.sku}
                  </Typography.Text>
                </>
              ),
            },
            {
              title: t('inventory.orders.lines.ordered'),
              dataIndex: 'quantity',
              width: 90,
              align: 'right',
              render: (quantity: string) => <span className={styles.number}>{quantity}</span>,
            },
            {
              title: t('inventory.orders.lines.received'),
              dataIndex: 'received',
              width: 90,
              align: 'right',
              render: (received: string) => (
                <span className={styles.number} data-testid="inv-receive-received">
                  {received}
                </span>
              ),
            },
            {
              title: t('inventory.orders.lines.toCome'),
              key: 'toCome',
              width: 100,
              align: 'right',
              render: (_value: unknown, line: NumberedLine) => (
                <span className={styles.number} data-testid="inv-receive-to-come">
                  {line.to_come}
                </span>
              ),
            },
            {
              title: t('inventory.orders.lines.arrivingNow'),
              key: 'now',
              width: 150,
              render: (_value: unknown, line: NumberedLine) => (
                <Form.Item name={['lines', line.index, 'quantity']} style={{ margin: 0 }}>
                  <Input
                    data-testid={`inv-receive-qty-${line.index}`}
                    inputMode="decimal"
                    autoComplete="off"
                    className={styles.right}
                    suffix={unitOf(line.unit)}
                    disabled={line.to_come === '0'}
                  />
                </Form.Item>
              ),
            },
          ]}
        />
      </Form>
    </FormDrawer>
  );
}
