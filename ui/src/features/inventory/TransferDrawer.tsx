import { Form, Input } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDrawer } from './FormDrawer';
import type { Location, Movement, StockLevel, TransferInput } from '../../api/bindings';

import { useSubmit } from '../../shared/useSubmit';
import { useApi } from '../../shared/session';
import { LocationSelect } from './LocationSelect';
import { productLabel, showInventoryFieldError } from './model';
import { ProductSelect } from './ProductSelect';
import { DateInput } from '../../shared/DateInput';
import { today } from '../../shared/day';
import { clearRefusalOnChange } from '../../shared/errors';

type FormValues = {
  product_id?: string;
  from_location_id?: string;
  to_location_id?: string;
  quantity: string;
  /** As typed: the core refuses a day that is not one, on this field. */
  date: string;
  reason: string;
};

const FIELDS = ['product_id', 'from_location_id', 'to_location_id', 'quantity', 'date', 'reason'] as const;

type Props = {
  open: boolean;
  /** The stock level the transfer was started from: its product leaves its location. */
  level: StockLevel | null;
  locations: Location[];
  onClose: () => void;
  onSaved: (movements: Movement[]) => void;
};

/** Moves stock from one location to another: two movements, out of one and into the other. */
export function TransferDrawer({ open, level, locations, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const [form] = Form.useForm<FormValues>();
  const { busy, error: formError, setError: setFormError, run } = useSubmit(open);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({
      product_id: level?.product_id,
      from_location_id: level?.location_id,
      to_location_id: undefined,
      quantity: '',
      date: today(),
      reason: '',
    });
  }, [open, level, form]);

  async function submit(values: FormValues) {
    const input: TransferInput = {
      product_id: values.product_id ?? '',
      from_location_id: values.from_location_id ?? '',
      to_location_id: values.to_location_id ?? '',
      quantity: values.quantity.trim(),
      date: (values.date ?? '').trim(),
    };
    if (values.reason?.trim()) input.reason = values.reason.trim();
    await run(
      async (once) => {
        onSaved(await api.call('inventory.stock.transfer', input, once));
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
      title={t('inventory.stock.transferTitle')}
      submitLabel={t('inventory.stock.transfer')}
      onSubmit={() => form.submit()}
      busy={busy}
      error={formError}
      testId="inv-transfer"
    >
      <Form<FormValues>
        form={form}
        onValuesChange={clearRefusalOnChange(form)}
        layout="vertical"
        onFinish={(values) => void submit(values)}
      >
        <Form.Item name="product_id" label={t('inventory.stock.fields.product')} rules={[required]}>
          <ProductSelect
            testId="inv-transfer-product"
            stockedOnly
            known={
              level
                ? [{ value: level.product_id, label: productLabel({ name: level.product_name, sku: level.sku }) }]
                : []
            }
          />
        </Form.Item>
        <Form.Item name="from_location_id" label={t('inventory.stock.fields.from')} rules={[required]}>
          <LocationSelect testId="inv-transfer-from" locations={locations} />
        </Form.Item>
        <Form.Item name="to_location_id" label={t('inventory.stock.fields.to')} rules={[required]}>
          <LocationSelect testId="inv-transfer-to" locations={locations} />
        </Form.Item>
        <Form.Item name="quantity" label={t('inventory.stock.fields.quantity')} rules={[required]}>
          <Input data-testid="inv-transfer-quantity" inputMode="decimal" autoComplete="off" placeholder="1" />
        </Form.Item>
        <Form.Item name="date" label={t('inventory.stock.fields.date')}>
          <DateInput testId="inv-transfer-date" />
        </Form.Item>
        <Form.Item name="reason" label={t('inventory.stock.fields.note')}>
          <Input data-testid="inv-transfer-reason" autoComplete="off" />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
