import { Alert, App, Button, Card, Descriptions, Form, Input, Space, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InvoiceSeries } from '../../api/bindings';
import { toApiError } from '../../api/rpc';
import { clearRefusalOnChange, showFieldError, useErrorText } from '../../shared/errors';
import { useSubmit } from '../../shared/useSubmit';
import { useApi, useCan } from '../../shared/session';
import { useCommand } from '../../shared/useCommand';
import styles from '../ledger/ledger.module.css';

type FormValues = { prefix: string; yearly_reset: boolean };

/**
 * How this device numbers invoices: its own prefix, so that devices issuing offline never meet, and whether
 * numbers restart each year. finance.manage changes them.
 */
export function InvoiceSeriesCard({ version }: { version: number }) {
  const { t } = useTranslation();
  const api = useApi();
  const can = useCan();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [saved, setSaved] = useState(0);
  const { busy, run } = useSubmit();
  const loaded = useCommand('finances.invoices.series.get', {}, version + saved);
  const series = loaded.output;
  const manage = can('finance.manage');

  useEffect(() => {
    if (series) form.setFieldsValue({ prefix: series.prefix, yearly_reset: series.yearly_reset });
  }, [series, form]);

  async function submit(values: FormValues) {
    await run(
      async () => {
        const updated: InvoiceSeries = await api.call('finances.invoices.series.update', {
          prefix: (values.prefix ?? '').trim(),
          yearly_reset: values.yearly_reset,
        });
        void message.success(t('finance.series.saved', { number: updated.next_number }));
        setSaved((n) => n + 1);
      },
      (error) => {
        const apiError = toApiError(error);
        if (apiError.code === 'validation' && apiError.field === 'prefix' && apiError.reason === 'invalid_value') {
          form.setFields([{ name: 'prefix', errors: [t('finance.series.prefixInvalid')] }]);
        } else if (!showFieldError(t, form, apiError, { prefix: ['prefix'] })) {
          void message.error(errorText(apiError));
        }
        return true;
      },
    );
  }

  return (
    <Card size="small" title={t('finance.series.title')} data-testid="invoice-series">
      {loaded.error !== null && <Alert type="error" showIcon title={errorText(loaded.error)} />}
      {series && (
        <div className={styles.periods}>
          <Typography.Text type="secondary">{t('finance.series.help')}</Typography.Text>
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('finance.series.next')}>
              <Typography.Text strong data-testid="invoice-series-next">
                {series.next_number}
              </Typography.Text>
            </Descriptions.Item>
            {series.other_prefixes.length > 0 && (
              <Descriptions.Item label={t('finance.series.others')}>
                {series.other_prefixes.join(', ')}
              </Descriptions.Item>
            )}
          </Descriptions>
          <Form<FormValues>
            form={form}
            onValuesChange={clearRefusalOnChange(form)}
            layout="inline"
            onFinish={(values) => void submit(values)}
            disabled={!manage}
          >
            <Form.Item name="prefix" label={t('finance.series.prefix')} tooltip={t('finance.series.prefixHelp')}>
              <Input data-testid="invoice-series-prefix" autoComplete="off" className={styles.currency} />
            </Form.Item>
            <Form.Item name="yearly_reset" label={t('finance.series.yearlyReset')} valuePropName="checked">
              <Switch data-testid="invoice-series-yearly" />
            </Form.Item>
            {manage && (
              <Space>
                <Button htmlType="submit" loading={busy} data-testid="invoice-series-save">
                  {t('common.save')}
                </Button>
              </Space>
            )}
          </Form>
        </div>
      )}
    </Card>
  );
}
