import { Alert, Button, Checkbox, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LoginInput, Session } from '../../api/bindings';
import { ApiError, rpc } from '../../api/rpc';
import { showFieldError, useErrorText } from '../../shared/errors';
import { AuthCard } from './AuthCard';

type LoginForm = { email: string; password: string; remember: boolean };

const FIELDS = { email: ['email'], password: ['password'] };

type Props = {
  companyName: string;
  /** True when the core ended the session: says so above the form. */
  expired?: boolean;
  onDone: (session: Session) => void;
};

export function LoginPage({ companyName, expired = false, onDone }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<LoginForm>();
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  async function submit(values: LoginForm) {
    setBusy(true);
    setFormError(null);
    const input: LoginInput = { email: values.email ?? '', password: values.password ?? '', remember: values.remember };
    try {
      onDone(await rpc('users.auth.login', input));
    } catch (error) {
      if (error instanceof ApiError && error.code === 'unauthenticated') {
        // The core does not say which of the two was wrong; neither do we.
        form.setFields([{ name: 'password', errors: [t('errors.reasons.wrong_credentials')] }]);
      } else if (!showFieldError(t, form, error, FIELDS)) {
        setFormError(errorText(error));
      }
      setBusy(false);
    }
  }

  return (
    <AuthCard subtitle={companyName}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('auth.login.title')}
      </Typography.Title>
      {expired && <Alert type="info" showIcon title={t('errors.unauthenticated')} style={{ marginBottom: 16 }} />}
      <Form<LoginForm>
        form={form}
        layout="vertical"
        initialValues={{ email: '', password: '', remember: false }}
        onFinish={(values) => void submit(values)}
        requiredMark={false}
        noValidate // The core validates; the browser's own bubbles would bypass our messages.
      >
        <Form.Item name="email" label={t('auth.email')}>
          <Input data-testid="login-email" type="email" autoComplete="username" autoFocus />
        </Form.Item>
        <Form.Item name="password" label={t('auth.password')}>
          <Input.Password data-testid="login-password" autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="remember" valuePropName="checked">
          <Checkbox data-testid="login-remember">{t('auth.login.remember')}</Checkbox>
        </Form.Item>
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
        <Button data-testid="login-submit" type="primary" htmlType="submit" block loading={busy}>
          {t('auth.login.submit')}
        </Button>
      </Form>
    </AuthCard>
  );
}
