import { Alert, Form, Input, Modal } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../api/bindings';
import { clearRefusalOnChange, showFieldError } from '../../shared/errors';
import { useSubmit } from '../../shared/useSubmit';
import { useApi } from '../../shared/session';

type Props = { user: User | null; onClose: () => void; onDone: (user: User) => void };

/** Sets a new password for `user` (owners only; the core ends that user's sessions). */
export function PasswordResetModal({ user, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const [form] = Form.useForm<{ password: string }>();
  const { busy, error: formError, setError: setFormError, run } = useSubmit();

  useEffect(() => {
    if (!user) return;
    form.resetFields();
  }, [user, form]);

  async function submit({ password }: { password: string }) {
    if (!user) return;
    await run(
      async () => {
        await api.call('users.password.reset', { id: user.id, password: password ?? '' });
        setFormError(null);
        onDone(user);
      },
      (error) => showFieldError(t, form, error, { password: ['password'] }),
    );
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
      <Form
        form={form}
        onValuesChange={clearRefusalOnChange(form)}
        layout="vertical"
        onFinish={(values) => void submit(values)}
      >
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
        <Form.Item name="password" label={t('users.fields.newPassword')} extra={t('users.passwordHelp')}>
          <Input.Password data-testid="user-reset-password" autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
