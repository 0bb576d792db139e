import { Alert, App, Button, Form, Input, Space, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError, toApiError } from '../../api/rpc';
import { clearRefusalOnChange, reasonText } from '../../shared/errors';
import { useApi, useSession } from '../../shared/session';
import { useActions } from '../../shared/useSubmit';
import styles from './settings.module.css';

type PinValues = { pin: string; current_password: string };

/** The core's refusal of a PIN, in digits rather than the generic "characters". */
function pinErrorText(t: TFunction, error: ApiError): string {
  if (error.reason === 'too_short' && error.limit !== undefined)
    return t('settings.pin.tooShort', { limit: error.limit });
  if (error.reason === 'too_long' && error.limit !== undefined)
    return t('settings.pin.tooLong', { limit: error.limit });
  if (error.reason === 'invalid_value') return t('settings.pin.digitsOnly');
  return reasonText(t, error);
}

/**
 * Settings → Security: the user's own quick-switch PIN, which unlocks their locked screen and lets them take
 * over a shared counter. Setting or clearing it needs the current password.
 */
export function PinForm() {
  const { t } = useTranslation();
  const api = useApi();
  const { message } = App.useApp();
  const { session, replace } = useSession();
  const [form] = Form.useForm<PinValues>();
  const { busy, error: formError, run } = useActions<'save' | 'clear'>();
  const pinSet = session.user.pin_set;

  async function submit(clear: boolean) {
    const { pin = '', current_password = '' } = form.getFieldsValue();
    form.setFields([
      { name: 'pin', errors: [] },
      { name: 'current_password', errors: [] },
    ]);
    await run(
      clear ? 'clear' : 'save',
      async () => {
        await api.call('users.pin.set', { pin: clear ? null : pin, current_password });
        form.resetFields();
        void message.success(t(clear ? 'settings.pin.cleared' : 'settings.pin.saved'));
        // The lock screen asks for a PIN only of someone who has one.
        replace({ ...session, user: { ...session.user, pin_set: !clear } });
      },
      (error) => {
        const apiError = toApiError(error);
        if (apiError.field === 'pin') {
          form.setFields([{ name: 'pin', errors: [pinErrorText(t, apiError)] }]);
        } else if (apiError.field === 'current_password' && apiError.reason === 'wrong_credentials') {
          form.setFields([{ name: 'current_password', value: '', errors: [t('auth.lock.wrongPassword')] }]);
        } else if (apiError.field === 'current_password') {
          form.setFields([{ name: 'current_password', errors: [reasonText(t, apiError)] }]);
        } else {
          return false;
        }
        return true;
      },
    );
  }

  return (
    <div className={styles.stack}>
      <Space>
        <Typography.Text strong>{t('settings.pin.title')}</Typography.Text>
        <Tag color={pinSet ? 'green' : 'default'} data-testid="pin-status">
          {pinSet ? t('settings.pin.isSet') : t('settings.pin.notSet')}
        </Tag>
      </Space>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('settings.pin.help')}
      </Typography.Paragraph>
      <Form<PinValues>
        form={form}
        onValuesChange={clearRefusalOnChange(form)}
        layout="vertical"
        initialValues={{ pin: '', current_password: '' }}
        onFinish={() => void submit(false)}
        requiredMark={false}
        noValidate
        className={styles.pinForm}
      >
        <Form.Item name="pin" label={t('settings.pin.pin')}>
          <Input.Password data-testid="pin-new" inputMode="numeric" autoComplete="off" maxLength={8} />
        </Form.Item>
        <Form.Item name="current_password" label={t('settings.pin.password')}>
          <Input.Password data-testid="pin-password" autoComplete="current-password" />
        </Form.Item>
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
        <Space wrap>
          <Button
            type="primary"
            htmlType="submit"
            loading={busy === 'save'}
            disabled={busy !== null}
            data-testid="pin-save"
          >
            {t('settings.pin.save')}
          </Button>
          {pinSet && (
            <Button
              danger
              onClick={() => void submit(true)}
              loading={busy === 'clear'}
              disabled={busy !== null}
              data-testid="pin-clear"
            >
              {t('settings.pin.clear')}
            </Button>
          )}
        </Space>
      </Form>
    </div>
  );
}
