import { Alert, App, Button, Form, Input, Typography } from 'antd';

import { useTranslation } from 'react-i18next';
import { toApiError } from '../../api/rpc';
import { clearRefusalOnChange, reasonText, useErrorText } from '../../shared/errors';
import { useSubmit } from '../../shared/useSubmit';
import { useApi } from '../../shared/session';
import styles from './settings.module.css';

type PasswordValues = { current_password: string; new_password: string; confirm: string };

/**
 * Settings → Account: the signed-in user changes their own password (`users.password.change`), giving the
 * current one. The core checks both; the form only checks that the new one was typed the same twice.
 */
export function PasswordForm() {
  const { t } = useTranslation();
  const api = useApi();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordValues>();
  const { busy, error: formError, setError: setFormError, run } = useSubmit();

  async function submit({ current_password, new_password }: PasswordValues) {
    setFormError(null);
    // A refusal of the last try no longer stands once the fields are sent again.
    form.setFields([
      { name: 'current_password', errors: [] },
      { name: 'new_password', errors: [] },
    ]);
    await run(
      async () => {
        await api.call('users.password.change', { current_password, new_password });
        form.resetFields();
        void message.success(t('settings.password.saved'));
      },
      (error) => {
        const apiError = toApiError(error);
        if (apiError.field === 'current_password' && apiError.reason === 'wrong_credentials') {
          form.setFields([{ name: 'current_password', value: '', errors: [t('auth.lock.wrongPassword')] }]);
        } else if (apiError.field === 'current_password' || apiError.field === 'new_password') {
          form.setFields([{ name: apiError.field, errors: [reasonText(t, apiError)] }]);
        } else {
          setFormError(errorText(apiError));
        }
        return true;
      },
    );
  }

  return (
    <div className={styles.stack}>
      <Typography.Text strong>{t('settings.password.title')}</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('settings.password.help')}
      </Typography.Paragraph>
      <Form<PasswordValues>
        form={form}
        onValuesChange={clearRefusalOnChange(form)}
        layout="vertical"
        initialValues={{ current_password: '', new_password: '', confirm: '' }}
        onFinish={(values) => void submit(values)}
        requiredMark={false}
        noValidate
        className={styles.pinForm}
      >
        <Form.Item name="current_password" label={t('settings.password.current')}>
          <Input.Password data-testid="password-current" autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="new_password" label={t('settings.password.new')}>
          <Input.Password data-testid="password-new" autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('settings.password.confirm')}
          dependencies={['new_password']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, value: string) =>
                value === getFieldValue('new_password')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('settings.password.mismatch'))),
            }),
          ]}
        >
          <Input.Password data-testid="password-confirm" autoComplete="new-password" />
        </Form.Item>
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" loading={busy} disabled={busy} data-testid="password-save">
          {t('settings.password.save')}
        </Button>
      </Form>
    </div>
  );
}
