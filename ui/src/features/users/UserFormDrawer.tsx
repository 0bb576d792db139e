import { Alert, Button, Drawer, Form, Input, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NewUserInput, Role, User, UserPatch } from '../../api/bindings';
import { toApiError } from '../../api/rpc';
import { showFieldError, useErrorText } from '../../shared/errors';
import { useApi, useSession } from '../auth/session';
import { assignableRoles } from './model';

type FormValues = { name: string; email: string; role: Role; password: string };

const FIELDS: Record<string, string[]> = {
  name: ['name'],
  email: ['email'],
  role: ['role'],
  password: ['password'],
};

type Props = {
  open: boolean;
  /** The user to change (name and role); adds a new user when absent. */
  user?: User;
  onClose: () => void;
  onSaved: (user: User) => void;
};

export function UserFormDrawer({ open, user, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const { session } = useSession();
  const errorText = useErrorText();
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({
      name: user?.name ?? '',
      email: user?.email ?? '',
      role: user?.role ?? 'staff',
      password: '',
    });
  }, [open, user, form]);

  async function submit(values: FormValues) {
    setBusy(true);
    setFormError(null);
    try {
      let saved: User;
      if (user) {
        const patch: UserPatch = { id: user.id };
        if (values.name !== user.name) patch.name = values.name;
        if (values.role !== user.role) patch.role = values.role;
        saved = await api.call('users.update', patch);
      } else {
        const input: NewUserInput = {
          name: values.name ?? '',
          email: (values.email ?? '').trim(),
          role: values.role,
          password: values.password ?? '',
        };
        saved = await api.call('users.create', input);
      }
      onSaved(saved);
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.code === 'conflict' && apiError.field === 'email') {
        form.setFields([{ name: 'email', errors: [t('users.emailTaken')] }]);
      } else if (!showFieldError(t, form, apiError, FIELDS)) {
        setFormError(apiError.code === 'conflict' ? t('users.refused') : errorText(apiError));
      }
    } finally {
      setBusy(false);
    }
  }

  function close() {
    setFormError(null);
    onClose();
  }

  // An owner may keep their role even where this session could not give it.
  const roles = assignableRoles(session);
  const roleOptions = (user && !roles.includes(user.role) ? [user.role, ...roles] : roles).map((role) => ({
    value: role,
    label: t(`settings.roles.${role}`),
  }));

  return (
    <Drawer
      open={open}
      onClose={close}
      size={480}
      title={user ? t('users.editTitle', { name: user.name }) : t('users.addTitle')}
      forceRender
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={close}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="user-form-submit">
            {user ? t('common.save') : t('users.create')}
          </Button>
        </Space>
      }
    >
      <Form<FormValues> form={form} layout="vertical" onFinish={(values) => void submit(values)}>
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
        <Form.Item name="name" label={t('users.fields.name')}>
          <Input data-testid="user-form-name" />
        </Form.Item>
        <Form.Item name="email" label={t('users.fields.email')}>
          <Input data-testid="user-form-email" type="email" disabled={Boolean(user)} />
        </Form.Item>
        <Form.Item name="role" label={t('users.fields.role')}>
          <Select<Role> data-testid="user-form-role" options={roleOptions} />
        </Form.Item>
        {!user && (
          <Form.Item name="password" label={t('users.fields.password')} extra={t('users.passwordHelp')}>
            <Input.Password data-testid="user-form-password" autoComplete="new-password" />
          </Form.Item>
        )}
      </Form>
    </Drawer>
  );
}
