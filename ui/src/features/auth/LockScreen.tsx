import { LogoutOutlined, SwapOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, App, Avatar, Button, Divider, Form, Input, Modal, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UnlockInput } from '../../api/bindings';
import { clearRefusalOnChange, useErrorText } from '../../shared/errors';
import { useSubmit } from '../../shared/useSubmit';
import { AuthCard } from './AuthCard';
import { credentialErrorText } from './lockErrors';
import { useApi, useSession } from '../../shared/session';
import { SwitchUserPanel } from './SwitchUserPanel';
import styles from './auth.module.css';

type Mode = 'pin' | 'password' | 'switch';

/**
 * Stands in for the whole app while the session is locked (after the idle time, the header's Lock button, or
 * another window): the signed-in user unlocks with their PIN or password, someone else takes over the
 * counter with their PIN, or the user signs out.
 */
export function LockScreen() {
  const { t } = useTranslation();
  const { session, companyName, logout } = useSession();
  const [mode, setMode] = useState<Mode>('pin');
  const { message, notification } = App.useApp();

  // Toasts and dialogs float above the app: a "customer … created" message must not stay on a
  // locked screen.
  useEffect(() => {
    message.destroy();
    notification.destroy();
    Modal.destroyAll();
  }, [message, notification]);

  return (
    <AuthCard subtitle={companyName}>
      <div data-testid="lock-screen">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('auth.lock.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('auth.lock.intro')}</Typography.Paragraph>
        <Space className={styles.lockUser}>
          <Avatar icon={<UserOutlined />} />
          <Typography.Text strong data-testid="lock-user-name">
            {session.user.name}
          </Typography.Text>
        </Space>
        {mode === 'switch' ? (
          <SwitchUserPanel onBack={() => setMode('pin')} />
        ) : (
          // Keyed: swapping PIN and password starts with an empty field and no old error.
          <UnlockForm key={mode} mode={mode} onModeChange={setMode} />
        )}
        <Divider style={{ margin: '16px 0' }} />
        <Space wrap>
          {mode !== 'switch' && (
            <Button icon={<SwapOutlined />} onClick={() => setMode('switch')} data-testid="lock-switch">
              {t('auth.lock.switchUser')}
            </Button>
          )}
          <Button icon={<LogoutOutlined />} onClick={() => void logout()} data-testid="lock-logout">
            {t('auth.logout')}
          </Button>
        </Space>
      </div>
    </AuthCard>
  );
}

type SecretForm = { secret: string };

type UnlockFormProps = { mode: 'pin' | 'password'; onModeChange: (mode: 'pin' | 'password') => void };

/** The signed-in user's own PIN or password; the core answers with the same session, unlocked. */
function UnlockForm({ mode, onModeChange }: UnlockFormProps) {
  const { t } = useTranslation();
  const api = useApi();
  const errorText = useErrorText();
  const { session, replace } = useSession();
  const [form] = Form.useForm<SecretForm>();
  const { busy, error: formError, setError: setFormError, run } = useSubmit();

  async function submit({ secret = '' }: SecretForm) {
    setFormError(null);
    // A blank try would count towards the lockout for nothing.
    if (!secret) {
      form.setFields([{ name: 'secret', errors: [t('errors.reasons.required')] }]);
      return;
    }
    const input: UnlockInput = mode === 'pin' ? { pin: secret } : { password: secret };
    await run(
      async () => {
        replace(await api.call('users.auth.unlock', input));
      },
      (error) => {
        const text = credentialErrorText(t, error, mode);
        if (text) form.setFields([{ name: 'secret', value: '', errors: [text] }]);
        else setFormError(errorText(error));
        return true;
      },
    );
  }

  const pin = mode === 'pin';
  return (
    <Form<SecretForm>
      form={form}
      onValuesChange={clearRefusalOnChange(form)}
      layout="vertical"
      initialValues={{ secret: '' }}
      onFinish={(values) => void submit(values)}
      requiredMark={false}
      noValidate
    >
      {pin && !session.user.pin_set && (
        <Alert type="info" showIcon title={t('auth.lock.noPin')} style={{ marginBottom: 16 }} />
      )}
      <Form.Item name="secret" label={pin ? t('auth.lock.pin') : t('auth.lock.password')}>
        {pin ? (
          <Input.Password
            data-testid="lock-pin"
            inputMode="numeric"
            autoComplete="off"
            maxLength={8}
            autoFocus
            className={styles.pin}
          />
        ) : (
          <Input.Password data-testid="lock-password" autoComplete="current-password" autoFocus />
        )}
      </Form.Item>
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Button type="primary" htmlType="submit" block loading={busy} data-testid="lock-unlock">
        {t('auth.lock.unlock')}
      </Button>
      <Button
        type="link"
        block
        style={{ marginTop: 8 }}
        onClick={() => onModeChange(pin ? 'password' : 'pin')}
        data-testid={pin ? 'lock-use-password' : 'lock-use-pin'}
      >
        {pin ? t('auth.lock.usePassword') : t('auth.lock.usePin')}
      </Button>
    </Form>
  );
}
