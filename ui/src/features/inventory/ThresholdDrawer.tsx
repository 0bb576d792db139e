import { Form, Input } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDrawer } from './FormDrawer';
import type { Location, StockLevel, ThresholdInput } from '../../api/bindings';

import { useSubmit } from '../../shared/useSubmit';
import { useApi } from '../../shared/session';
import { LocationSelect } from './LocationSelect';
import { productLabel, showInventoryFieldError } from './model';
import { ProductSelect } from './ProductSelect';
import { clearRefusalOnChange } from '../../shared/errors';

type FormValues = {
  product_id?: string;
  location_id?: string;
  minimum: string;
  reorder_quantity: string;
  maximum: string;
};

const FIELDS = ['product_id', 'location_id', 'minimum', 'reorder_quantity', 'maximum'] as const;

type Props = {
  open: boolean;
  /** The stock level whose thresholds are changed; any product and location when absent. */
  level: StockLevel | null;
  locations: Location[];
  onClose: () => void;
  onSaved: (level: StockLevel) => void;
};

/**
 * Sets when a product is low at a location (at or below its minimum), and what an order brings it back up to: the
 * reorder quantity, or up to the maximum.
 */
export function ThresholdDrawer({ open, level, locations, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const [form] = Form.useForm<FormValues>();
  const { busy, error: formError, setError: setFormError, run } = useSubmit(open);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({
      product_id: level?.product_id,
      location_id: level?.location_id,
      minimum: level?.minimum ?? '',
      reorder_quantity: level?.reorder_quantity ?? '',
      maximum: level?.maximum ?? '',
    });
  }, [open, level, form]);

  async function submit(values: FormValues) {
    const input: ThresholdInput = {
      product_id: values.product_id ?? '',
      location_id: values.location_id ?? '',
      minimum: values.minimum.trim(),
    };
    if (values.reorder_quantity?.trim()) input.reorder_quantity = values.reorder_quantity.trim();
    if (values.maximum?.trim()) input.maximum = values.maximum.trim();
    await run(
      async () => {
        onSaved(await api.call('inventory.stock.thresholds.set', input));
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
      open={open}
      onClose={close}
      form={form}
      size={440}
      title={t('inventory.stock.thresholdTitle')}
      submitLabel={t('common.save')}
      onSubmit={() => form.submit()}
      busy={busy}
      error={formError}
      testId="inv-threshold"
    >
      <Form<FormValues>
        form={form}
        onValuesChange={clearRefusalOnChange(form)}
        layout="vertical"
        onFinish={(values) => void submit(values)}
      >
        <Form.Item name="product_id" label={t('inventory.stock.fields.product')} rules={[required]}>
          <ProductSelect
            testId="inv-threshold-product"
            stockedOnly
            disabled={Boolean(level)}
            known={
              level
                ? [{ value: level.product_id, label: productLabel({ name: level.product_name, sku: level.sku }) }]
                : []
            }
          />
        </Form.Item>
        <Form.Item name="location_id" label={t('inventory.stock.fields.location')} rules={[required]}>
          <LocationSelect testId="inv-threshold-location" locations={locations} disabled={Boolean(level)} />
        </Form.Item>
        <Form.Item
          name="minimum"
          label={t('inventory.stock.fields.minimum')}
          rules={[required]}
          extra={t('inventory.stock.minimumHelp')}
        >
          <Input data-testid="inv-threshold-min" inputMode="decimal" autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="reorder_quantity"
          label={t('inventory.stock.fields.reorderQuantity')}

          extra={t('inventory.stock.reorderHelp')}
        >
          <Input data-testid="inv-threshold-reorder" inputMode="decimal" autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="maximum"
          label={t('inventory.stock.fields.maximum')}

          extra={t('inventory.stock.maximumHelp')}
        >
          <Input data-testid="inv-threshold-max" inputMode="decimal" autoComplete="off" />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
