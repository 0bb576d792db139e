import { App, Button, Card, Form, Input, InputNumber, Radio, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { FinanceSettings, Rounding } from '../../api/bindings';
import { clearRefusalOnChange, showFieldError, useErrorText } from '../../shared/errors';
import { useSubmit } from '../../shared/useSubmit';
import { useApi, useCan } from '../../shared/session';
import { InvoiceLogo } from './InvoiceLogo';
import { UtcOffsetSelect } from './UtcOffsetSelect';
import styles from '../ledger/ledger.module.css';

/** The core's most days of payment terms. */
const TERMS_DAYS_MAX = 365;

type FormValues = {
  tax_rounding: Rounding;
  payment_terms_days: number | null;
  invoice_header: string;
  utc_offset_minutes: number;
  /** Empty: no cap. */
  cashier_discount_max_percent: string;
};

const FIELDS: Record<string, string[]> = {
  tax_rounding: ['tax_rounding'],
  payment_terms_days: ['payment_terms_days'],
  invoice_header: ['invoice_header'],
  utc_offset_minutes: ['utc_offset_minutes'],
  cashier_discount_max_percent: ['cashier_discount_max_percent'],
};

type Props = {
  settings: FinanceSettings;
  onChanged: () => void;
};

/**
 * How invoices are reckoned: tax rounded on each line or once per document, and the days a customer has to
 * pay (the default due date); and how they look: the header and logo printed on them. finance.manage changes
 * them; the reckoning applies to invoices written afterwards, the header and logo to every PDF made afterwards.
 */
export function InvoiceSettingsCard({ settings, onChanged }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const can = useCan();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const { busy, run } = useSubmit();
  const manage = can('finance.manage');

  useEffect(() => {
    form.setFieldsValue({
      tax_rounding: settings.tax_rounding === 'document' ? 'document' : 'line',
      payment_terms_days: settings.payment_terms_days,
      invoice_header: settings.invoice_header,
      utc_offset_minutes: settings.utc_offset_minutes,
      cashier_discount_max_percent: settings.cashier_discount_max_percent ?? '',
    });
    // Only what the form shows: a new logo leaves unsaved changes here as they are.
  }, [
    settings.tax_rounding,
    settings.payment_terms_days,
    settings.invoice_header,
    settings.utc_offset_minutes,
    settings.cashier_discount_max_percent,
    form,
  ]);

  async function submit(values: FormValues) {
    await run(
      async () => {
        await api.call('finances.settings.update', {
          tax_rounding: values.tax_rounding,
          payment_terms_days: values.payment_terms_days ?? 0,
          invoice_header: (values.invoice_header ?? '').trim(),
          utc_offset_minutes: values.utc_offset_minutes,
          // "" removes the cap.
          cashier_discount_max_percent: (values.cashier_discount_max_percent ?? '').trim(),
        });
        void message.success(t('finance.settingsCard.saved'));
        onChanged();
      },
      (error) => {
        if (!showFieldError(t, form, error, FIELDS)) void message.error(errorText(error));
        return true;
      },
    );
  }

  return (
    <Card size="small" title={t('finance.settingsCard.title')} data-testid="invoice-settings">
      <Form<FormValues>
        form={form}
        onValuesChange={clearRefusalOnChange(form)}
        layout="vertical"
        onFinish={(values) => void submit(values)}
        disabled={!manage}
      >
        <Form.Item name="tax_rounding" label={t('finance.settingsCard.rounding')}>
          <Radio.Group>
            <Space orientation="vertical">
              <Radio value="line">
                {/* On the label, not the radio: antd hides the input itself, which a driver cannot click. */}
                <span data-testid="tax-rounding-line">{t('finance.settingsCard.roundingLine')}</span>
                <Typography.Text type="secondary" className={styles.optionHelp}>
                  {t('finance.settingsCard.roundingLineHelp')}
                </Typography.Text>
              </Radio>
              <Radio value="document">
                <span data-testid="tax-rounding-document">{t('finance.settingsCard.roundingDocument')}</span>
                <Typography.Text type="secondary" className={styles.optionHelp}>
                  {t('finance.settingsCard.roundingDocumentHelp')}
                </Typography.Text>
              </Radio>
            </Space>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="payment_terms_days"
          label={t('finance.settingsCard.terms')}
          extra={t('finance.settingsCard.termsHelp')}
        >
          <InputNumber
            data-testid="payment-terms-days"
            min={0}
            max={TERMS_DAYS_MAX}
            precision={0}
            suffix={t('finance.settingsCard.days')}
          />
        </Form.Item>
        <Form.Item
          name="invoice_header"
          label={t('finance.settingsCard.header')}
          extra={t('finance.settingsCard.headerHelp')}
        >
          <Input.TextArea
            data-testid="invoice-header"
            autoSize={{ minRows: 3, maxRows: 6 }}
            placeholder={t('finance.settingsCard.headerPlaceholder')}
          />
        </Form.Item>
        <Form.Item
          name="cashier_discount_max_percent"
          label={t('finance.settingsCard.cashierDiscount')}
          extra={t('finance.settingsCard.cashierDiscountHelp')}
        >
          <Input
            data-testid="settings-cashier-discount"
            className={styles.percent}
            suffix="%"
            placeholder={t('finance.settingsCard.cashierDiscountNone')}
            inputMode="decimal"
          />
        </Form.Item>
        <Form.Item
          name="utc_offset_minutes"
          label={t('finance.settingsCard.utcOffset')}
          extra={t('finance.settingsCard.utcOffsetHelp')}
        >
          <UtcOffsetSelect />
        </Form.Item>
        <InvoiceLogo hasLogo={settings.has_logo} manage={manage} onChanged={onChanged} />
        {manage && (
          <Button htmlType="submit" loading={busy} data-testid="invoice-settings-save">
            {t('common.save')}
          </Button>
        )}
      </Form>
    </Card>
  );
}
