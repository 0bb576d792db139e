import { Alert, Button, Drawer, Form, Input, Space } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Tax } from '../../api/bindings';

import { useSubmit } from '../../shared/useSubmit';
import { useApi } from '../../shared/session';
import { showFinanceFieldError } from './model';
import styles from './ledger.module.css';
import { useCloseGuard } from '../../shared/useCloseGuard';
import { clearRefusalOnChange } from '../../shared/errors';

type FormValues = { name: string; rate: string };

const FIELDS: Record<string, string[]> = { name: ['name'], rate: ['rate'] };

type Props = {
  open: boolean;
  onClose: () => void;
  onSaved: (tax: Tax) => void;
};

/** Adds one tax rate: its name as invoices show it, and its percentage. */
export function TaxFormDrawer({ open, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const [form] = Form.useForm<FormValues>();
  const { busy, error: formError, setError: setFormError, run } = useSubmit(open);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
  }, [open, form]);

  async function submit(values: FormValues) {
    await run(
      async (once) => {
        onSaved(
          await api.call(
            'finances.taxes.create',
            {
              name: (values.name ?? '').trim(),
              rate: (values.rate ?? '').trim(),
            },
            once,
          ),
        );
      },
      (error) => showFinanceFieldError(t, form, error, FIELDS, null),
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
      size={420}
      title={t('finance.taxes.add')}
      forceRender
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={guardedClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="tax-form-submit">
            {t('finance.taxes.create')}
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
        {formError && <Alert type="error" showIcon title={formError} className={styles.formAlert} />}
        <Form.Item
          name="name"
          label={t('finance.taxes.columns.name')}
          extra={t('finance.taxes.nameHelp')}
          rules={[{ required: true, whitespace: true, message: t('errors.reasons.required') }]}
        >
          <Input data-testid="tax-form-name" autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="rate"
          label={t('finance.taxes.columns.rate')}
          // What a rate may be is the core's to say: it names `rate` when it refuses one.
          rules={[{ required: true, whitespace: true, message: t('errors.reasons.required') }]}
        >
          <Input data-testid="tax-form-rate" inputMode="decimal" autoComplete="off" placeholder="13" suffix="%" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
