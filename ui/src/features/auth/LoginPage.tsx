import { Alert, Button, Checkbox, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LoginInput, Session } from '../../api/bindings';
import { ApiError, rpc } from '../../api/rpc';
import { reasonText, clearRefusalOnChange, showFieldError, useErrorText } from '../../shared/errors';
import { useSubmit } from '../../shared/useSubmit';
import { AuthCard } from './AuthCard';

type LoginForm = { email: string; password: string; remember: boolean };
type OtpForm = { otp: string };

const FIELDS = { email: ['email'], password: ['password'] };

/** Authenticator codes are often shown as "123 456"; recovery codes keep their hyphen. */
function cleanCode(code: string | undefined): string {
  return (code ?? '').replace(/\s+/g, '');
}

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
  const [otpForm] = Form.useForm<OtpForm>();
  const { busy, error: formError, setError: setFormError, run } = useSubmit();
  /** Set once the password was right but the user has two-step sign-in: the second step asks for a code. */
  const [pending, setPending] = useState<LoginInput | null>(null);

  async function submit(values: LoginForm) {
    const input: LoginInput = { email: values.email ?? '', password: values.password ?? '', remember: values.remember };
    await run(
      async () => {
        onDone(await rpc('users.auth.login', input));
      },
      (error) => {
        if (error instanceof ApiError && error.reason === 'mfa_required') {
          setPending(input);
        } else if (error instanceof ApiError && error.code === 'unauthenticated') {
          // The core does not say which of the two was wrong; neither do we.
          const reason = error.reason && error.reason !== 'wrong_otp' ? error.reason : 'wrong_credentials';
          form.setFields([
            { name: 'password', errors: [reasonText(t, { message: error.message, reason, limit: error.limit })] },
          ]);
        } else if (!showFieldError(t, form, error, FIELDS)) {
          setFormError(errorText(error));
        }
        return true;
      },
    );
  }

  async function submitOtp(credentials: LoginInput, values: OtpForm) {
    await run(
      async () => {
        onDone(await rpc('users.auth.login', { ...credentials, otp: cleanCode(values.otp) }));
      },
      (error) => {
        if (error instanceof ApiError && (error.reason === 'wrong_otp' || error.reason === 'mfa_required')) {
          otpForm.setFields([{ name: 'otp', errors: [reasonText(t, error)] }]);
        } else if (error instanceof ApiError && error.code === 'unauthenticated') {
          // The password stopped working meanwhile (changed, or the account locked): start again.
          setPending(null);
          const reason = error.reason ?? 'wrong_credentials';
          form.setFields([
            { name: 'password', errors: [reasonText(t, { message: error.message, reason, limit: error.limit })] },
          ]);
        } else {
          setFormError(errorText(error));
        }
        return true;
      },
    );
  }

  function back() {
    setPending(null);
    setFormError(null);
    otpForm.resetFields();
  }

  const errorAlert = formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />;

  return (
    <AuthCard subtitle={companyName}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {pending ? t('auth.login.otpTitle') : t('auth.login.title')}
      </Typography.Title>
      {expired && !pending && (
        <Alert type="info" showIcon title={t('errors.unauthenticated')} style={{ marginBottom: 16 }} />
      )}
      {pending && (
        <Form<OtpForm>
          form={otpForm}
          onValuesChange={clearRefusalOnChange(otpForm)}
          layout="vertical"
          initialValues={{ otp: '' }}
          onFinish={(values) => void submitOtp(pending, values)}
          requiredMark={false}
          noValidate
        >
          <Typography.Paragraph type="secondary">{t('auth.login.otpHelp')}</Typography.Paragraph>
          <Form.Item name="otp" label={t('auth.login.otp')}>
            {/* Not inputMode="numeric": a recovery code (ab12c-3de45) has letters. */}
            <Input
              data-testid="login-otp"
              autoComplete="one-time-code"
              autoFocus
              spellCheck={false}
              maxLength={32}
              placeholder="123456"
            />
          </Form.Item>
          {errorAlert}
          <Button data-testid="login-otp-submit" type="primary" htmlType="submit" block loading={busy}>
            {t('auth.login.otpSubmit')}
          </Button>
          <Button data-testid="login-otp-back" type="link" block onClick={back} style={{ marginTop: 8 }}>
            {t('auth.login.otpBack')}
          </Button>
        </Form>
      )}
      {/* Kept mounted (hidden) during the second step so "Back" finds what was typed. */}
      <Form<LoginForm>
        form={form}
        onValuesChange={clearRefusalOnChange(form)}
        layout="vertical"
        initialValues={{ email: '', password: '', remember: false }}
        onFinish={(values) => void submit(values)}
        requiredMark={false}
        noValidate // The core validates; the browser's own bubbles would bypass our messages.
        style={pending ? { display: 'none' } : undefined}
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
        {!pending && errorAlert}
        <Button data-testid="login-submit" type="primary" htmlType="submit" block loading={busy}>
          {t('auth.login.submit')}
        </Button>
      </Form>
    </AuthCard>
  );
}
