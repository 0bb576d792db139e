import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, AutoComplete, Button, Drawer, Form, Input, Space, Tooltip, Typography } from 'antd';
import { useEffect, useEffectEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Location, OrderInput, OrderLineInput, OrderPatch, PurchaseOrder } from '../../api/bindings';
import { toApiError } from '../../api/rpc';
import { clearRefusalOnChange, useErrorText } from '../../shared/errors';
import { useSubmit } from '../../shared/useSubmit';
import { useApi, useCan } from '../../shared/session';
import { useCommand } from '../../shared/useCommand';
import { LocationSelect } from './LocationSelect';
import { onlyLocation, productLabel, showInventoryFieldError, type ProductOption } from './model';
import { ProductSelect } from './ProductSelect';
import styles from './inventory.module.css';
import { useCloseGuard } from '../../shared/useCloseGuard';
import { DateInput } from '../../shared/DateInput';
import { today } from '../../shared/day';

type LineValues = { product_id?: string; quantity?: string; unit_cost?: string };

type FormValues = {
  supplier: string;
  supplier_contact: string;
  /** Days as typed: the core refuses one that is not a day, on its field. */
  date: string;
  expected_date: string;
  location_id?: string;
  lines: LineValues[];
  notes: string;
};

/** What a new order starts with: from the suggestions, what is low brought back up. */
export type OrderPrefill = {
  supplier: string;
  location_id: string;
  lines: { product_id: string; label: string; quantity: string; unit_cost: string | null }[];
  /** Why it is filled in, shown above the form. */
  note: string;
};

const FIELDS = ['supplier', 'supplier_contact', 'date', 'expected_date', 'location_id', 'lines', 'notes'] as const;

const EMPTY_LINE: LineValues = { product_id: undefined, quantity: '', unit_cost: '' };

type Props = {
  open: boolean;
  /** The draft to change; a new order when absent. */
  order?: PurchaseOrder;
  prefill?: OrderPrefill;
  locations: Location[];
  onClose: () => void;
  onSaved: (order: PurchaseOrder) => void;
};

function linesOf(values: FormValues, withCost: boolean): OrderLineInput[] {
  return (values.lines ?? []).map((line) => {
    const input: OrderLineInput = { product_id: line.product_id ?? '', quantity: (line.quantity ?? '').trim() };
    if (withCost && line.unit_cost?.trim()) input.unit_cost = line.unit_cost.trim();
    return input;
  });
}

function sameLines(order: PurchaseOrder, lines: OrderLineInput[], withCost: boolean): boolean {
  return (
    order.lines.length === lines.length &&
    order.lines.every((line, i) => {
      const other = lines[i];
      // As typed: "1.50" for a stored "1.5" sends the lines again, which changes nothing.
      const sameQuantity = other.quantity.trim() === line.quantity;
      const sameCost = !withCost || (other.unit_cost ?? '') === line.unit_cost;
      return line.product_id === other.product_id && sameQuantity && sameCost;
    })
  );
}

/**
 * Writes a purchase order to a supplier, or changes a draft: who, when it is expected, where the goods go, and the
 * lines (product, quantity, cost per unit for those who see costs; left empty, the product's cost).
 */
export function OrderFormDrawer({ open, order, prefill, locations, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const can = useCan();
  const errorText = useErrorText();
  const [form] = Form.useForm<FormValues>();
  // The suppliers the products name, to pick from (typing a new one is as good).
  const suppliers = useCommand('inventory.suppliers.list', open ? {} : null, 0).output ?? [];
  const { busy, error: formError, setError: setFormError, run } = useSubmit(open);
  const withCost = can('costs.read');
  const known: ProductOption[] = [
    ...(order?.lines.map((line) => ({
      value: line.product_id,
      label: productLabel({ name: line.product_name, sku: line.sku }),
    })) ?? []),
    ...(prefill?.lines.map((line) => ({ value: line.product_id, label: line.label })) ?? []),
  ];

  // On opening only: the locations reloading (after a sync) must not wipe what is being typed.
  const reset = useEffectEvent(() => {
    form.resetFields();
    if (order) {
      form.setFieldsValue({
        supplier: order.supplier,
        supplier_contact: order.supplier_contact,
        date: order.date,
        expected_date: order.expected_date ?? '',
        location_id: order.location_id,
        lines: order.lines.map((line) => ({
          product_id: line.product_id,
          quantity: line.quantity,
          unit_cost: line.unit_cost,
        })),
        notes: order.notes,
      });
    } else {
      form.setFieldsValue({
        supplier: prefill?.supplier ?? '',
        supplier_contact: '',
        date: today(),
        expected_date: '',
        location_id: prefill?.location_id ?? onlyLocation(locations),
        lines: prefill?.lines.map((line) => ({
          product_id: line.product_id,
          quantity: line.quantity,
          unit_cost: line.unit_cost ?? '',
        })) ?? [{ ...EMPTY_LINE }],
        notes: '',
      });
    }
  });
  useEffect(() => {
    if (open) reset();
  }, [open, order, prefill]);

  function toInput(values: FormValues): OrderInput {
    const input: OrderInput = {
      supplier: values.supplier.trim(),
      location_id: values.location_id ?? '',
      date: (values.date ?? '').trim(),
      lines: linesOf(values, withCost),
    };
    if (values.supplier_contact?.trim()) input.supplier_contact = values.supplier_contact.trim();
    if (values.expected_date?.trim()) input.expected_date = values.expected_date.trim();
    if (values.notes?.trim()) input.notes = values.notes.trim();
    return input;
  }

  /** A draft's changes. Lines only when they changed: sent again without costs, they would take the products'. */
  function toPatch(draft: PurchaseOrder, values: FormValues): OrderPatch {
    const patch: OrderPatch = {
      id: draft.id,
      supplier: values.supplier.trim(),
      supplier_contact: (values.supplier_contact ?? '').trim(),
      expected_date: (values.expected_date ?? '').trim(),
      notes: (values.notes ?? '').trim(),
    };
    const lines = linesOf(values, withCost);
    if (!sameLines(draft, lines, withCost)) patch.lines = lines;
    return patch;
  }

  async function submit(values: FormValues) {
    await run(
      async (once) => {
        const saved = order
          ? await api.call('inventory.orders.update', toPatch(order, values))
          : await api.call('inventory.orders.create', toInput(values), once);
        onSaved(saved);
      },
      (error) => {
        const apiError = toApiError(error);
        if (apiError.code === 'validation' && apiError.field === 'lines')
          setFormError(t('inventory.orders.linesError'));
        else if (!showInventoryFieldError(t, form, apiError, FIELDS)) setFormError(errorText(apiError));
        return true;
      },
    );
  }

  function close() {
    setFormError(null);
    onClose();
  }

  const required = { required: true, whitespace: true, message: t('errors.reasons.required') };
  const lineClass = withCost ? styles.orderLine : `${styles.orderLine} ${styles.orderLineNoCost}`;
  const headerClass = withCost
    ? `${styles.orderLineHeader} ${styles.lineHeader}`
    : `${styles.orderLineHeader} ${styles.orderLineNoCost} ${styles.lineHeader}`;

  const guardedClose = useCloseGuard(form, close, open);

  return (
    <Drawer
      open={open}
      onClose={guardedClose}
      keyboard={false}
      size={640}
      title={order ? t('inventory.orders.editTitle', { supplier: order.supplier }) : t('inventory.orders.new')}
      forceRender
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={guardedClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="inv-order-submit">
            {order ? t('common.save') : t('inventory.orders.create')}
          </Button>
        </Space>
      }
    >
      <Form<FormValues>
        form={form}
        onValuesChange={clearRefusalOnChange(form)}
        layout="vertical"
        onFinish={(values) => void submit(values)}
      >
        {prefill && !order && (
          <Alert
            type="info"
            showIcon
            title={prefill.note}
            className={styles.formAlert}
            data-testid="inv-order-prefilled"
          />
        )}
        {formError && (
          <Alert type="error" showIcon title={formError} className={styles.formAlert} data-testid="inv-order-error" />
        )}
        <Space align="start" wrap>
          <Form.Item name="supplier" label={t('inventory.orders.fields.supplier')} rules={[required]}>
            <AutoComplete
              options={suppliers.map((supplier) => ({
                value: supplier.name,
                label: (
                  <span data-testid="inv-order-supplier-option">
                    {supplier.name}{' '}
                    <Typography.Text type="secondary">
                      {t('inventory.orders.supplierProducts', { count: supplier.products })}
                    </Typography.Text>
                  </span>
                ),
              }))}
              filterOption={(typed, option) =>
                String(option?.value ?? '')
                  .toLowerCase()
                  .includes(typed.trim().toLowerCase())
              }
              onSelect={(name: string) => {
                const picked = suppliers.find((supplier) => supplier.name === name);
                if (picked?.contact && !form.getFieldValue('supplier_contact'))
                  form.setFieldValue('supplier_contact', picked.contact);
              }}
            >
              <Input data-testid="inv-order-supplier" autoComplete="off" />
            </AutoComplete>
          </Form.Item>
          <Form.Item name="supplier_contact" label={t('inventory.orders.fields.contact')}>
            <Input data-testid="inv-order-contact" autoComplete="off" />
          </Form.Item>
        </Space>
        <Space align="start" wrap>
          <Form.Item name="date" label={t('inventory.orders.fields.date')}>
            <DateInput testId="inv-order-date" disabled={Boolean(order)} />
          </Form.Item>
          <Form.Item name="expected_date" label={t('inventory.orders.fields.expectedDate')}>
            <DateInput testId="inv-order-expected" placeholder={t('inventory.orders.expectedPlaceholder')} />
          </Form.Item>
        </Space>
        <Form.Item
          name="location_id"
          label={t('inventory.orders.fields.location')}
          rules={[required]}
          extra={order ? undefined : t('inventory.orders.locationHelp')}
        >
          <LocationSelect testId="inv-order-location" locations={locations} disabled={Boolean(order)} />
        </Form.Item>
        <div className={headerClass}>
          <Typography.Text type="secondary">{t('inventory.orders.lines.product')}</Typography.Text>
          <Typography.Text type="secondary" className={styles.right}>
            {t('inventory.orders.lines.quantity')}
          </Typography.Text>
          {withCost && (
            <Typography.Text type="secondary" className={styles.right}>
              {t('inventory.orders.lines.unitCost')}
            </Typography.Text>
          )}
          <span />
        </div>
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, index) => (
                <div key={field.key} className={lineClass} data-testid={`inv-order-line-${index}`}>
                  <Form.Item name={[field.name, 'product_id']} className={styles.lineItem} rules={[required]}>
                    <ProductSelect
                      testId={`inv-order-line-product-${index}`}
                      stockedOnly
                      known={known}
                      onPicked={(product) => {
                        const cost = form.getFieldValue(['lines', field.name, 'unit_cost']) as string | undefined;
                        if (withCost && !cost?.trim() && product.cost !== null)
                          form.setFieldValue(['lines', field.name, 'unit_cost'], product.cost);
                      }}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'quantity']} className={styles.lineItem} rules={[required]}>
                    <Input
                      data-testid={`inv-order-line-quantity-${index}`}
                      inputMode="decimal"
                      autoComplete="off"
                      className={styles.right}
                    />
                  </Form.Item>
                  {withCost && (
                    <Form.Item name={[field.name, 'unit_cost']} className={styles.lineItem}>
                      <Input
                        data-testid={`inv-order-line-cost-${index}`}
                        inputMode="decimal"
                        autoComplete="off"
                        placeholder="0.00"
                        className={styles.right}
                      />
                    </Form.Item>
                  )}
                  <Tooltip title={t('inventory.orders.lines.remove')}>
                    <Button
                      type="text"
                      icon={<DeleteOutlined />}
                      disabled={fields.length <= 1}
                      onClick={() => remove(field.name)}
                      aria-label={t('inventory.orders.lines.remove')}
                      data-testid={`inv-order-line-remove-${index}`}
                    />
                  </Tooltip>
                </div>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ ...EMPTY_LINE })}
                data-testid="inv-order-line-add"
              >
                {t('inventory.orders.lines.add')}
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item name="notes" label={t('inventory.orders.fields.notes')} style={{ marginTop: 16 }}>
          <Input.TextArea data-testid="inv-order-notes" autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
