import { Form, Input, Segmented } from 'antd';
import { useEffect, useEffectEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDrawer } from './FormDrawer';
import type { Location, Movement, MovementInput, StockLevel } from '../../api/bindings';

import { useSubmit } from '../../shared/useSubmit';
import { useApi, useCan } from '../../shared/session';
import { LocationSelect } from './LocationSelect';
import { onlyLocation, productLabel, showInventoryFieldError } from './model';
import { ProductSelect } from './ProductSelect';
import { DateInput } from '../../shared/DateInput';
import { today } from '../../shared/day';
import { clearRefusalOnChange } from '../../shared/errors';

/**
 * A delivery without an order, a customer's return or the stock on hand when the books start (all add stock); or an
 * adjustment (either way).
 */
export type MovementMode = 'receive' | 'adjust';
type ReceiveKind = 'receipt' | 'return' | 'opening';

type FormValues = {
  kind: ReceiveKind;
  product_id?: string;
  location_id?: string;
  quantity: string;
  unit_cost: string;
  /** As typed: the core refuses a day that is not one, on this field. */
  date: string;
  reason: string;
};

const FIELDS = ['product_id', 'location_id', 'quantity', 'unit_cost', 'date', 'reason'] as const;

type Props = {
  /** Null: closed. */
  mode: MovementMode | null;
  /** The stock level the action was started from: its product and location are filled in. */
  level: StockLevel | null;
  locations: Location[];
  onClose: () => void;
  onSaved: (movement: Movement) => void;
};

/**
 * Receives goods that came without a purchase order (or a customer's return), or adjusts stock up or down with a
 * reason: each writes one movement, and stock is the sum of them.
 */
export function MovementDrawer({ mode, level, locations, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const can = useCan();
  const [form] = Form.useForm<FormValues>();
  const { busy, error: formError, setError: setFormError, run } = useSubmit(mode !== null);
  const adjusting = mode === 'adjust';
  const kind = Form.useWatch('kind', form);
  // A delivery's (or opening stock's) cost per unit, for those who see costs; left empty, the product's cost.
  const withCost = !adjusting && (kind === 'receipt' || kind === 'opening') && can('costs.read');

  // On opening only: the locations reloading (after a sync) must not wipe what is being typed.
  const reset = useEffectEvent(() => {
    form.resetFields();
    form.setFieldsValue({
      kind: 'receipt',
      product_id: level?.product_id,
      location_id: level?.location_id ?? onlyLocation(locations),
      quantity: '',
      unit_cost: '',
      date: today(),
      reason: '',
    });
  });
  useEffect(() => {
    if (mode !== null) reset();
  }, [mode, level]);

  async function submit(values: FormValues) {
    const input: MovementInput = {
      product_id: values.product_id ?? '',
      location_id: values.location_id ?? '',
      kind: adjusting ? 'adjustment' : values.kind,
      // As typed: the core reads the decimal string, and says which field when it refuses it.
      quantity: values.quantity.trim(),
      date: (values.date ?? '').trim(),
    };
    if (values.reason?.trim()) input.reason = values.reason.trim();
    if (withCost && values.unit_cost?.trim()) input.unit_cost = values.unit_cost.trim();
    await run(
      async (once) => {
        onSaved(await api.call('inventory.stock.movements.create', input, once));
      },
      (error) => showInventoryFieldError(t, form, error, FIELDS),
    );
  }

  function close() {
    setFormError(null);
    onClose();
  }

  const required = { required: true, whitespace: true, message: t('errors.reasons.required') };

  return (
    <FormDrawer
      open={mode !== null}
      onClose={close}
      form={form}
      size={440}
      title={
        adjusting
          ? t('inventory.stock.adjustTitle')
          : kind === 'opening'
            ? t('inventory.stock.openingTitle')
            : t('inventory.stock.receiveTitle')
      }
      submitLabel={
        adjusting
          ? t('inventory.stock.adjust')
          : kind === 'opening'
            ? t('inventory.stock.openingSubmit')
            : t('inventory.stock.receive')
      }
      onSubmit={() => form.submit()}
      busy={busy}
      error={formError}
      testId="inv-movement"
    >
      <Form<FormValues>
        form={form}
        onValuesChange={clearRefusalOnChange(form)}
        layout="vertical"
        onFinish={(values) => void submit(values)}
      >
        {!adjusting && (
          <Form.Item
            name="kind"
            extra={
              kind === 'opening' ? (
                <span data-testid="inv-movement-opening-help">{t('inventory.stock.openingHelp')}</span>
              ) : undefined
            }
          >
            <Segmented<ReceiveKind>
              data-testid="inv-movement-kind"
              options={[
                { value: 'receipt', label: t('inventory.movements.kinds.receipt') },
                { value: 'return', label: t('inventory.movements.kinds.return') },
                { value: 'opening', label: t('inventory.movements.kinds.opening') },
              ]}
            />
          </Form.Item>
        )}
        <Form.Item name="product_id" label={t('inventory.stock.fields.product')} rules={[required]}>
          <ProductSelect
            testId="inv-movement-product"
            stockedOnly
            known={
              level
                ? [{ value: level.product_id, label: productLabel({ name: level.product_name, sku: level.sku }) }]
                : []
            }
          />
        </Form.Item>
        <Form.Item name="location_id" label={t('inventory.stock.fields.location')} rules={[required]}>
          <LocationSelect testId="inv-movement-location" locations={locations} />
        </Form.Item>
        <Form.Item
          name="quantity"
          label={t('inventory.stock.fields.quantity')}
          rules={[required]}
          extra={adjusting ? t('inventory.stock.adjustHelp') : undefined}
        >
          <Input
            data-testid="inv-movement-quantity"
            inputMode="decimal"
            autoComplete="off"
            placeholder={adjusting ? '-2' : '1'}
          />
        </Form.Item>
        {withCost && (
          <Form.Item
            name="unit_cost"
            label={t('inventory.stock.fields.unitCost')}
            extra={t('inventory.stock.unitCostHelp')}
          >
            <Input data-testid="inv-movement-unit-cost" inputMode="decimal" autoComplete="off" placeholder="0.00" />
          </Form.Item>
        )}
        <Form.Item name="date" label={t('inventory.stock.fields.date')}>
          <DateInput testId="inv-movement-date" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('inventory.stock.fields.reason')}
          rules={adjusting ? [{ ...required, message: t('inventory.errors.reasonRequired') }] : []}
          extra={adjusting ? t('inventory.stock.reasonHelp') : undefined}
        >
          <Input data-testid="inv-movement-reason" autoComplete="off" />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
