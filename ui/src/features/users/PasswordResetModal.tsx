import { Alert, Form, Input, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../api/bindings';
import { showFieldError, useErrorText } from '../../shared/errors';
import { useApi } from '../auth/session';

type Props = { user: User | null; onClose: () => void; onDone: (user: User) => void };

/** Sets a new password for `user` (owners only; the core ends that user's sessions). */
export function PasswordResetModal({ user, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ password: string }>();
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => {
    if (!user) return;
    form.resetFields();
  }, [user, form]);

  async function submit({ password }: { password: string }) {
    if (!user) return;
    setBusy(true);
    setFormError(null);
    try {
      await api.call('users.password.reset', { id: user.id, password: password ?? '' });
      setFormError(null);
      onDone(user);
    } catch (error) {
      if (!showFieldError(t, form, error, { password: ['password'] })) setFormError(errorText(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={user !== null}
      title={user ? t('users.resetTitle', { name: user.name }) : ''}
      okText={t('users.resetPassword')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={() => {
        setFormError(null);
        onClose();
      }}
      okButtonProps={{ 'data-testid': 'user-reset-submit' } as Record<string, string>}
      forceRender
    >
      <Form form={form} layout="vertical" onFinish={(values) => void submit(values)}>
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
        <Form.Item name="password" label={t('users.fields.newPassword')} extra={t('users.passwordHelp')}>
          <Input.Password data-testid="user-reset-password" autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
