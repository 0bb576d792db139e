import { Alert, Button, Col, Drawer, Form, Input, Row, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Address, Customer, CustomerInput, CustomerPatch } from '../../api/bindings';
import { clearRefusalOnChange, showFieldError } from '../../shared/errors';
import { useSubmit } from '../../shared/useSubmit';
import { useApi } from '../../shared/session';
import { useCloseGuard } from '../../shared/useCloseGuard';

type FormValues = {
  name: string;
  email: string;
  phone: string;
  tax_id: string;
  address: Address;
  tags: string[];
};

const EMPTY_ADDRESS: Address = { line1: '', line2: '', city: '', region: '', postal_code: '', country: '' };
const ADDRESS_KEYS = Object.keys(EMPTY_ADDRESS) as (keyof Address)[];

/** The core's field names → this form's paths; address parts may come bare or prefixed. */
const FIELDS: Record<string, string[]> = {
  name: ['name'],
  email: ['email'],
  phone: ['phone'],
  tax_id: ['tax_id'],
  tags: ['tags'],
  ...Object.fromEntries(
    ADDRESS_KEYS.flatMap((key) => [
      [key, ['address', key]],
      [`address.${key}`, ['address', key]],
    ]),
  ),
};

function toFormValues(customer?: Customer): FormValues {
  return {
    name: customer?.name ?? '',
    email: customer?.email ?? '',
    phone: customer?.phone ?? '',
    tax_id: customer?.tax_id ?? '',
    address: { ...EMPTY_ADDRESS, ...customer?.address },
    tags: customer?.tags ?? [],
  };
}

function trimAddress(address: Partial<Address> | undefined): Address {
  const trimmed = { ...EMPTY_ADDRESS };
  for (const key of ADDRESS_KEYS) trimmed[key] = (address?.[key] ?? '').trim();
  return trimmed;
}

function toInput(values: FormValues): CustomerInput {
  const input: CustomerInput = {
    name: values.name ?? '',
    address: trimAddress(values.address),
    tags: values.tags ?? [],
  };
  const email = values.email?.trim();
  const phone = values.phone?.trim();
  const taxId = values.tax_id?.trim();
  if (email) input.email = email;
  if (phone) input.phone = phone;
  if (taxId) input.tax_id = taxId;
  return input;
}

/** Only what changed; a cleared optional field is sent as "" for the core to clear. */
function toPatch(customer: Customer, values: FormValues): CustomerPatch {
  const patch: CustomerPatch = { id: customer.id };
  const before = toFormValues(customer);
  if ((values.name ?? '') !== before.name) patch.name = values.name ?? '';
  for (const key of ['email', 'phone', 'tax_id'] as const) {
    const value = (values[key] ?? '').trim();
    if (value !== before[key]) patch[key] = value;
  }
  const address = trimAddress(values.address);
  if (ADDRESS_KEYS.some((key) => address[key] !== before.address[key])) patch.address = address;
  const tags = values.tags ?? [];
  if (tags.length !== before.tags.length || tags.some((tag, i) => tag !== before.tags[i])) patch.tags = tags;
  return patch;
}

type Props = {
  open: boolean;
  /** The customer to edit; creates a new one when absent. */
  customer?: Customer;
  onClose: () => void;
  onSaved: (customer: Customer) => void;
};

export function CustomerFormDrawer({ open, customer, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const [form] = Form.useForm<FormValues>();
  const { busy, error: formError, setError: setFormError, run } = useSubmit(open);
  const [knownTags, setKnownTags] = useState<string[]>([]);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(toFormValues(customer));
    let current = true;
    api.call('customers.tags.list', {}).then(
      (tags) => current && setKnownTags(tags),
      () => undefined, // Suggestions only; typing a new tag still works.
    );
    return () => {
      current = false;
    };
  }, [open, customer, form, api]);

  async function submit(values: FormValues) {
    await run(
      async (once) => {
        const saved = customer
          ? await api.call('customers.update', toPatch(customer, values))
          : await api.call('customers.create', toInput(values), once);
        onSaved(saved);
      },
      (error) => showFieldError(t, form, error, FIELDS),
    );
  }

  function close() {
    setFormError(null);
    onClose();
  }

  const guardedClose = useCloseGuard(form, close, open);

  return (
    <Drawer
      open={open}
      onClose={guardedClose}
      keyboard={false}
      size={560}
      title={customer ? t('customers.form.editTitle') : t('customers.form.newTitle')}
      // Keep the form mounted so the form instance stays connected; it is refilled on every open.
      forceRender
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={guardedClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="customer-form-submit">
            {customer ? t('common.save') : t('customers.form.create')}
          </Button>
        </Space>
      }
    >
      <Form<FormValues>
        form={form}
        onValuesChange={clearRefusalOnChange(form)}
        layout="vertical"
        requiredMark={false}
        noValidate // The core validates; the browser's own bubbles would bypass our messages.
        onFinish={(values) => void submit(values)}
      >
        <Form.Item name="name" label={t('customers.fields.name')}>
          <Input data-testid="customer-form-name" />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="email" label={t('customers.fields.email')}>
              <Input data-testid="customer-form-email" type="email" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="phone" label={t('customers.fields.phone')}>
              <Input data-testid="customer-form-phone" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name={['address', 'line1']} label={t('customers.fields.line1')}>
          <Input data-testid="customer-form-line1" />
        </Form.Item>
        <Form.Item name={['address', 'line2']} label={t('customers.fields.line2')}>
          <Input data-testid="customer-form-line2" />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name={['address', 'city']} label={t('customers.fields.city')}>
              <Input data-testid="customer-form-city" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name={['address', 'region']} label={t('customers.fields.region')}>
              <Input data-testid="customer-form-region" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name={['address', 'postal_code']} label={t('customers.fields.postal_code')}>
              <Input data-testid="customer-form-postal-code" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name={['address', 'country']} label={t('customers.fields.country')}>
              <Input data-testid="customer-form-country" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="tax_id" label={t('customers.fields.tax_id')}>
          <Input data-testid="customer-form-tax-id" />
        </Form.Item>
        <Form.Item name="tags" label={t('customers.fields.tags')}>
          <Select
            data-testid="customer-form-tags"
            mode="tags"
            tokenSeparators={[',', ';']}
            options={knownTags.map((tag) => ({ value: tag, label: tag }))}
            placeholder={t('customers.form.tagsPlaceholder')}
          />
        </Form.Item>
        {formError && <Alert type="error" showIcon title={formError} />}
        {/* Enter in a field submits the form. */}
        <button type="submit" hidden aria-hidden="true" />
      </Form>
    </Drawer>
  );
}
