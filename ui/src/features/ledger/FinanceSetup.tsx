import { Alert, App, Button, Card, Form, Input, Radio, Space, Typography } from 'antd';

import { useTranslation } from 'react-i18next';
import { toApiError } from '../../api/rpc';
import { useErrorText } from '../../shared/errors';
import { useSubmit } from '../../shared/useSubmit';
import { useApi, useCan } from '../../shared/session';
import { showFinanceFieldError } from './model';
import styles from './ledger.module.css';

type Template = 'generic' | 'prc_small_business';
type FormValues = { template: Template; base_currency: string };

const FIELDS: Record<string, string[]> = { template: ['template'], base_currency: ['base_currency'] };

type Props = {
  /** The books are set up (here, or by someone else meanwhile): read the settings again. */
  onDone: () => void;
};

/** Shown until the ledger is set up: the chart of accounts to start from, and the base currency. */
export function FinanceSetup({ onDone }: Props) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const can = useCan();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const { busy, error: formError, setError: setFormError, run } = useSubmit();

  async function submit(values: FormValues) {
    await run(
      async () => {
        await api.call('finances.setup', {
          template: values.template,
          base_currency: values.base_currency.trim().toUpperCase(),
          // The shop's day is this computer's: getTimezoneOffset counts the other way (UTC minus local).
          utc_offset_minutes: -new Date().getTimezoneOffset(),
        });
        void message.success(t('finance.setup.done'));
        onDone();
      },
      (error) => {
        // Set up meanwhile, on this or another device: show the books.
        if (toApiError(error).code === 'conflict') onDone();
        else if (!showFinanceFieldError(t, form, error, FIELDS, null)) setFormError(errorText(error));
        return true;
      },
    );
  }

  if (!can('finance.manage')) {
    return <Alert type="info" showIcon data-testid="finance-setup-ask" title={t('finance.setup.askOwner')} />;
  }

  const templates: { value: Template; label: string; help: string }[] = [
    { value: 'generic', label: t('finance.setup.generic'), help: t('finance.setup.genericHelp') },
    { value: 'prc_small_business', label: t('finance.setup.prc'), help: t('finance.setup.prcHelp') },
  ];

  return (
    <Card title={t('finance.setup.title')} className={styles.setup} data-testid="finance-setup">
      <Typography.Paragraph type="secondary">{t('finance.setup.help')}</Typography.Paragraph>
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{
          // A shop using the app in Chinese most likely keeps its books by the PRC standard.
          template: i18n.language === 'zh-CN' ? 'prc_small_business' : 'generic',
          base_currency: 'CNY',
        }}
        onFinish={(values) => void submit(values)}
      >
        {formError && <Alert type="error" showIcon title={formError} className={styles.formAlert} />}
        <Form.Item name="template" label={t('finance.setup.template')}>
          <Radio.Group data-testid="finance-setup-template">
            <Space orientation="vertical">
              {templates.map((template) => (
                <Radio key={template.value} value={template.value}>
                  {/* On the label, not the radio: antd hides the input itself, which a driver cannot click. */}
                  <span data-testid={`finance-setup-${template.value}`}>{template.label}</span>
                  <Typography.Text type="secondary" className={styles.optionHelp}>
                    {template.help}
                  </Typography.Text>
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="base_currency"
          label={t('finance.setup.currency')}
          extra={t('finance.setup.currencyHelp')}
          rules={[{ pattern: /^\s*[A-Za-z]{3}\s*$/, message: t('finance.setup.currencyInvalid') }]}
        >
          <Input data-testid="finance-setup-currency" maxLength={3} className={styles.currency} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="finance-setup-submit">
          {t('finance.setup.submit')}
        </Button>
      </Form>
    </Card>
  );
}
