import { Alert, Button, Drawer, Form, Input, Select, Space } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { NewUserInput, RoleInfo, User, UserPatch } from '../../api/bindings';
import { toApiError } from '../../api/rpc';
import { clearRefusalOnChange, showFieldError, useErrorText } from '../../shared/errors';
import { useSubmit } from '../../shared/useSubmit';
import { useApi, useSession } from '../../shared/session';
import { forbiddenText, roleAssignment, roleKeyOf } from './model';
import { useCloseGuard } from '../../shared/useCloseGuard';

/** `role` is a role key: a built-in role's name or a custom role's id. */
type FormValues = { name: string; email: string; role: string; password: string };

const FIELDS: Record<string, string[]> = {
  name: ['name'],
  email: ['email'],
  role: ['role'],
  custom_role_id: ['role'],
  password: ['password'],
};

type Props = {
  open: boolean;
  /** The user to change (name and role); adds a new user when absent. */
  user?: User;
  /** The company's roles, for the custom ones; null while they load (or when they could not be). */
  roles: RoleInfo[] | null;
  onClose: () => void;
  onSaved: (user: User) => void;
};

export function UserFormDrawer({ open, user, roles, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const errorText = useErrorText();
  const [form] = Form.useForm<FormValues>();
  const { busy, error: formError, setError: setFormError, run } = useSubmit(open);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({
      name: user?.name ?? '',
      email: user?.email ?? '',
      role: user ? roleKeyOf(user) : 'staff',
      password: '',
    });
  }, [open, user, form]);

  async function submit(values: FormValues) {
    await run(
      async (once) => {
        let saved: User;
        if (user) {
          const patch: UserPatch = { id: user.id };
          if (values.name !== user.name) patch.name = values.name;
          if (values.role !== roleKeyOf(user)) Object.assign(patch, roleAssignment(values.role));
          saved = await api.call('users.update', patch);
        } else {
          const input: NewUserInput = {
            name: values.name ?? '',
            email: (values.email ?? '').trim(),
            ...roleAssignment(values.role),
            password: values.password ?? '',
          };
          saved = await api.call('users.create', input, once);
        }
        onSaved(saved);
      },
      (error) => {
        const apiError = toApiError(error);
        if (apiError.code === 'conflict' && apiError.field === 'email') {
          form.setFields([{ name: 'email', errors: [t('users.emailTaken')] }]);
        } else if (!showFieldError(t, form, apiError, FIELDS)) {
          setFormError(
            apiError.code === 'conflict' ? t('users.refused') : (forbiddenText(t, apiError) ?? errorText(apiError)),
          );
        }
        return true;
      },
    );
  }

  function close() {
    setFormError(null);
    onClose();
  }

  const roleOptions = useRoleOptions(user, roles);

  const guardedClose = useCloseGuard(form, close, open);

  return (
    <Drawer
      open={open}
      onClose={guardedClose}
      keyboard={false}
      size={480}
      title={user ? t('users.editTitle', { name: user.name }) : t('users.addTitle')}
      forceRender
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={guardedClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="user-form-submit">
            {user ? t('common.save') : t('users.create')}
          </Button>
        </Space>
      }
    >
      <Form<FormValues>
        form={form}
        onValuesChange={clearRefusalOnChange(form)}
        layout="vertical"
        onFinish={(values) => void submit(values)}
      >
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
        <Form.Item name="name" label={t('users.fields.name')}>
          <Input data-testid="user-form-name" />
        </Form.Item>
        <Form.Item name="email" label={t('users.fields.email')}>
          <Input data-testid="user-form-email" type="email" disabled={Boolean(user)} />
        </Form.Item>
        <Form.Item name="role" label={t('users.fields.role')}>
          <Select<string> data-testid="user-form-role" options={roleOptions} />
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

type Option = { value: string; label: string };

/** Built-in roles (translated), then the shop's custom roles by name, grouped once there are any. */
function useRoleOptions(
  user: User | undefined,
  roles: RoleInfo[] | null,
): Option[] | { label: string; options: Option[] }[] {
  const { t } = useTranslation();
  const { session } = useSession();
  const assignable = session.assignable_roles;
  // An owner may keep their role even where this session could not give it.
  const builtIn = (
    user && !user.custom_role_id && !assignable.includes(user.role) ? [user.role, ...assignable] : assignable
  ).map((role) => ({ value: role, label: t(`settings.roles.${role}`) }));
  const custom = (roles ?? []).filter((role) => !role.built_in).map((role) => ({ value: role.key, label: role.name }));
  // The user's own custom role stays choosable (and named generically) while the list is missing.
  if (user?.custom_role_id && !custom.some((option) => option.value === user.custom_role_id)) {
    custom.unshift({ value: user.custom_role_id, label: t('users.customRole') });
  }
  if (custom.length === 0) return builtIn;
  return [
    { label: t('users.roleGroups.builtIn'), options: builtIn },
    { label: t('users.roleGroups.custom'), options: custom },
  ];
}
