import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Popconfirm,
  Space,
  Switch,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableColumnType,
} from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { RoleInfo } from '../../api/bindings';
import { toApiError } from '../../api/rpc';
import { useErrorText } from '../../shared/errors';
import { useApi, useCan } from '../../shared/session';
import { forbiddenText, permissionLabel, roleName } from './model';
import { RoleFormDrawer } from './RoleFormDrawer';
import type { Roles } from './useRoles';
import pageLayout from '../../shared/page.module.css';
import styles from './users.module.css';

/**
 * Users → Roles: the built-in roles and the shop's own, what each may do, how many hold it, and whether it
 * requires two-step sign-in (the owner's call: `security.manage`).
 */
export function RolesTab({ roles: { roles, error, reload, update } }: { roles: Roles }) {
  const { t } = useTranslation();
  const api = useApi();
  const can = useCan();
  const errorText = useErrorText();
  const { message } = App.useApp();
  // `null`: drawer closed; `'new'`: making a role; a role: changing it.
  const [editing, setEditing] = useState<RoleInfo | 'new' | null>(null);
  const [mfaSaving, setMfaSaving] = useState<string | null>(null);
  const manage = can('users.manage');
  const mayRequireMfa = can('security.manage');

  async function setMfa(role: RoleInfo, required: boolean) {
    setMfaSaving(role.key);
    try {
      await api.call('users.roles.mfa', { role: role.key, required });
      update(role.key, { mfa_required: required });
      void message.success(t(required ? 'users.roles.mfaOn' : 'users.roles.mfaOff', { role: roleName(t, role) }));
    } catch (mfaError) {
      void message.error(errorText(mfaError));
    } finally {
      setMfaSaving(null);
    }
  }

  async function remove(role: RoleInfo) {
    try {
      await api.call('users.roles.delete', { id: role.key });
      void message.success(t('users.roles.deleted', { name: role.name }));
      reload();
    } catch (deleteError) {
      const apiError = toApiError(deleteError);
      void message.error(
        apiError.code === 'conflict' ? t('users.roles.inUse') : (forbiddenText(t, apiError) ?? errorText(apiError)),
      );
    }
  }

  const actionsColumn: TableColumnType<RoleInfo> = {
    title: '',
    key: 'actions',
    width: 100,
    align: 'right',
    render: (_value, role) =>
      role.built_in ? null : (
        <Space size={0}>
          <Tooltip title={t('common.edit')}>
            <Button
              type="text"
              icon={<EditOutlined />}
              aria-label={t('common.edit')}
              onClick={() => setEditing(role)}
              data-testid="role-edit"
            />
          </Tooltip>
          <Popconfirm
            title={t('users.roles.deleteConfirm', { name: role.name })}
            okText={t('common.delete')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() => remove(role)}
          >
            <Tooltip title={t('common.delete')}>
              <Button
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('common.delete')}
                data-testid="role-delete"
              />
            </Tooltip>
          </Popconfirm>
        </Space>
      ),
  };

  return (
    <div className={pageLayout.page}>
      {manage && (
        <div className={pageLayout.toolbar}>
          <span />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="role-new">
            {t('users.roles.new')}
          </Button>
        </div>
      )}
      {error !== null && <Alert type="error" showIcon title={errorText(error)} />}
      <Table<RoleInfo>
        data-testid="roles-table"
        rowKey="key"
        loading={roles === null && error === null}
        dataSource={roles ?? []}
        pagination={false}
        locale={{ emptyText: t('users.roles.empty') }}
        onRow={(role) => ({ 'data-testid': 'role-row', 'data-role-key': role.key }) as HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('users.roles.columns.name'),
            key: 'name',
            width: 220,
            render: (_value, role) => (
              <div>
                <Space size="small">
                  <Typography.Text strong>{roleName(t, role)}</Typography.Text>
                  {role.built_in && <Tag>{t('users.roles.builtIn')}</Tag>}
                </Space>
                {role.description && (
                  <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
                    {role.description}
                  </Typography.Paragraph>
                )}
              </div>
            ),
          },
          {
            title: t('users.roles.columns.permissions'),
            dataIndex: 'permissions',
            render: (permissions: string[]) =>
              permissions.length === 0 ? (
                <Typography.Text type="secondary">{t('users.roles.none')}</Typography.Text>
              ) : (
                <div className={styles.permissionTags}>
                  {permissions.map((permission) => (
                    <Tag key={permission}>{permissionLabel(t, permission)}</Tag>
                  ))}
                </div>
              ),
          },
          { title: t('users.roles.columns.users'), dataIndex: 'users', width: 90, align: 'right' },
          {
            title: t('users.roles.columns.mfa'),
            key: 'mfa',
            width: 150,
            align: 'center',
            render: (_value, role) => (
              <Tooltip title={mayRequireMfa ? undefined : t('users.roles.mfaOwnerOnly')}>
                <Switch
                  checked={role.mfa_required}
                  disabled={!mayRequireMfa}
                  loading={mfaSaving === role.key}
                  onChange={(required) => void setMfa(role, required)}
                  aria-label={t('users.roles.columns.mfa')}
                  data-testid={`role-mfa-${role.key}`}
                />
              </Tooltip>
            ),
          },
          ...(manage ? [actionsColumn] : []),
        ]}
      />
      <RoleFormDrawer
        open={editing !== null}
        role={editing === 'new' || editing === null ? undefined : editing}
        onClose={() => setEditing(null)}
        onSaved={(saved) => {
          void message.success(
            editing === 'new' ? t('users.roles.created', { name: saved.name }) : t('users.roles.saved'),
          );
          setEditing(null);
          reload();
        }}
      />
    </div>
  );
}
