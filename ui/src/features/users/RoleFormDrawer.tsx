import { Alert, Button, Checkbox, Drawer, Form, Input, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PermissionInfo, RoleInfo } from '../../api/bindings';
import { toApiError } from '../../api/rpc';
import { reasonText, clearRefusalOnChange, showFieldError, useErrorText } from '../../shared/errors';
import { useSubmit } from '../../shared/useSubmit';
import { useApi } from '../../shared/session';
import { forbiddenText, permissionLabel, roleInput, rolePatch, type RoleFormValues } from './model';
import styles from './users.module.css';
import { useCloseGuard } from '../../shared/useCloseGuard';

const FIELDS: Record<string, string[]> = { name: ['name'], description: ['description'] };

type Props = {
  open: boolean;
  /** The custom role to change; makes a new one when absent. */
  role?: RoleInfo;
  onClose: () => void;
  onSaved: (role: RoleInfo) => void;
};

/** A custom role: its name, what it is for, and the permissions it grants. */
export function RoleFormDrawer({ open, role, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const errorText = useErrorText();
  const [form] = Form.useForm<RoleFormValues>();
  const [permissions, setPermissions] = useState<PermissionInfo[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const { busy, error: formError, setError: setFormError, run } = useSubmit(open);

  useEffect(() => {
    if (!open || permissions) return;
    let current = true;
    api.call('users.permissions.list', {}).then(
      (list) => current && setPermissions(list.filter((p) => p.custom_roles)),
      (error: unknown) => current && setLoadError(error),
    );
    return () => {
      current = false;
    };
  }, [open, permissions, api]);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({
      name: role?.name ?? '',
      description: role?.description ?? '',
      permissions: role?.permissions ?? [],
    });
  }, [open, role, form]);

  async function submit(values: RoleFormValues) {
    const order = (permissions ?? []).map((p) => p.permission);
    await run(
      async (once) => {
        const saved = role
          ? await api.call('users.roles.update', rolePatch(role, values, order))
          : await api.call('users.roles.create', roleInput(values, order), once);
        onSaved(saved);
      },
      (error) => {
        const apiError = toApiError(error);
        if (apiError.code === 'conflict' && apiError.field === 'name') {
          form.setFields([{ name: 'name', errors: [t('users.roles.nameTaken')] }]);
        } else if (apiError.code === 'validation' && apiError.field?.startsWith('permissions')) {
          form.setFields([{ name: 'permissions', errors: [reasonText(t, apiError)] }]);
        } else if (!showFieldError(t, form, apiError, FIELDS)) {
          setFormError(forbiddenText(t, apiError) ?? errorText(apiError));
        }
        return true;
      },
    );
  }

  function close() {
    setFormError(null);
    onClose();
  }

  function permissionBoxes() {
    if (loadError !== null) return <Alert type="error" showIcon title={errorText(loadError)} />;
    if (!permissions) return <Spin />;
    return (
      <Checkbox.Group className={styles.permissions}>
        {permissions.map(({ permission, description }) => (
          <Checkbox key={permission} value={permission} data-testid={`role-form-permission-${permission}`}>
            <span>{permissionLabel(t, permission)}</span>
            <Typography.Text type="secondary" className={styles.permissionHelp}>
              {description}
            </Typography.Text>
          </Checkbox>
        ))}
      </Checkbox.Group>
    );
  }

  const guardedClose = useCloseGuard(form, close, open);

  return (
    <Drawer
      open={open}
      onClose={guardedClose}
      keyboard={false}
      size={520}
      title={role ? t('users.roles.editTitle', { name: role.name }) : t('users.roles.newTitle')}
      forceRender
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={guardedClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={busy}
            disabled={!permissions}
            onClick={() => form.submit()}
            data-testid="role-form-submit"
          >
            {role ? t('common.save') : t('users.roles.create')}
          </Button>
        </Space>
      }
    >
      <Form<RoleFormValues>
        form={form}
        onValuesChange={clearRefusalOnChange(form)}
        layout="vertical"
        onFinish={(values) => void submit(values)}
      >
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
        <Form.Item name="name" label={t('users.roles.fields.name')}>
          <Input data-testid="role-form-name" />
        </Form.Item>
        <Form.Item name="description" label={t('users.roles.fields.description')}>
          <Input.TextArea data-testid="role-form-description" autoSize={{ minRows: 2, maxRows: 4 }} />
        </Form.Item>
        <Form.Item name="permissions" label={t('users.roles.fields.permissions')}>
          {permissionBoxes()}
        </Form.Item>
      </Form>
    </Drawer>
  );
}
