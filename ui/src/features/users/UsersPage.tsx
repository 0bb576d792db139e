import { EditOutlined, KeyOutlined, PlusOutlined, StopOutlined, CheckCircleOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Popconfirm,
  Space,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
  type TableColumnType,
} from 'antd';
import { useEffect, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role, User, UserStatus } from '../../api/bindings';
import { toApiError } from '../../api/rpc';
import { useErrorText } from '../../shared/errors';
import { useApi, useCan, useSession } from '../../shared/session';
import { useDataVersion } from '../../shared/dataVersion';
import { CUSTOM_ROLE_COLOR, mayChange, ROLE_COLORS } from './model';
import { PasswordResetModal } from './PasswordResetModal';
import { RolesTab } from './RolesTab';
import { useRoles } from './useRoles';
import { UserFormDrawer } from './UserFormDrawer';
import pageLayout from '../../shared/page.module.css';

/** Who may sign in to this company, with which role; and the roles themselves. */
export function UsersPage() {
  const { t } = useTranslation();
  const api = useApi();
  const can = useCan();
  const { session } = useSession();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [users, setUsers] = useState<User[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  const dataVersion = useDataVersion();
  // `null`: drawer closed; `'new'`: adding; a user: changing that user.
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const [switching, setSwitching] = useState<string | null>(null);
  const roles = useRoles();
  const reloadRoles = roles.reload;

  useEffect(() => {
    let current = true;
    api.call('users.list', {}).then(
      (list) => {
        if (!current) return;
        setUsers(list);
        setError(null);
      },
      (loadError: unknown) => current && setError(loadError),
    );
    return () => {
      current = false;
    };
  }, [api, version, dataVersion]);

  // A user's new role changes how many hold each role.
  function changed() {
    setVersion((v) => v + 1);
    reloadRoles();
  }

  function customRoleName(id: string): string {
    return roles.roles?.find((role) => role.key === id)?.name ?? t('users.customRole');
  }

  async function setEnabled(user: User, enabled: boolean) {
    setSwitching(user.id);
    try {
      const updated = await api.call(enabled ? 'users.enable' : 'users.disable', { id: user.id });
      void message.success(t(enabled ? 'users.enabledDone' : 'users.disabledDone', { name: updated.name }));
      changed();
    } catch (switchError) {
      const apiError = toApiError(switchError);
      void message.error(apiError.code === 'conflict' ? t('users.refused') : errorText(apiError));
    } finally {
      setSwitching(null);
    }
  }

  const manage = can('users.manage');
  const isOwner = session.user.role === 'owner';

  const actionsColumn: TableColumnType<User> = {
    title: '',
    key: 'actions',
    width: 150,
    align: 'right',
    render: (_value, user) => {
      if (!mayChange(session, user)) return null;
      const self = user.id === session.user.id;
      const active = user.status === 'active';
      return (
        <Space size={0}>
          <Tooltip title={t('common.edit')}>
            <Button
              type="text"
              icon={<EditOutlined />}
              aria-label={t('common.edit')}
              onClick={() => setEditing(user)}
              data-testid="user-edit"
            />
          </Tooltip>
          {isOwner && (
            <Tooltip title={t('users.resetPassword')}>
              <Button
                type="text"
                icon={<KeyOutlined />}
                aria-label={t('users.resetPassword')}
                onClick={() => setResetting(user)}
                data-testid="user-reset"
              />
            </Tooltip>
          )}
          {!self && (
            <Popconfirm
              title={t(active ? 'users.disableConfirm' : 'users.enableConfirm', { name: user.name })}
              okText={t(active ? 'users.disable' : 'users.enable')}
              okButtonProps={{ danger: active }}
              cancelText={t('common.cancel')}
              onConfirm={() => void setEnabled(user, !active)}
            >
              <Tooltip title={t(active ? 'users.disable' : 'users.enable')}>
                <Button
                  type="text"
                  danger={active}
                  loading={switching === user.id}
                  icon={active ? <StopOutlined /> : <CheckCircleOutlined />}
                  aria-label={t(active ? 'users.disable' : 'users.enable')}
                  data-testid={active ? 'user-disable' : 'user-enable'}
                />
              </Tooltip>
            </Popconfirm>
          )}
        </Space>
      );
    },
  };

  const usersTab = (
    <div className={pageLayout.page}>
      {manage && (
        <div className={pageLayout.toolbar}>
          <span />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="users-add">
            {t('users.add')}
          </Button>
        </div>
      )}
      {error !== null && <Alert type="error" showIcon title={errorText(error)} />}
      <Table<User>
        data-testid="users-table"
        rowKey="id"
        loading={users === null && error === null}
        dataSource={users ?? []}
        pagination={false}
        locale={{ emptyText: t('users.empty') }}
        onRow={(user) => ({ 'data-testid': 'user-row', 'data-email': user.email }) as HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('users.columns.name'),
            dataIndex: 'name',
            render: (name: string, user) => (
              <Space size="small">
                <Typography.Text strong>{name}</Typography.Text>
                {user.id === session.user.id && <Typography.Text type="secondary">({t('users.you')})</Typography.Text>}
              </Space>
            ),
          },
          { title: t('users.columns.email'), dataIndex: 'email' },
          {
            title: t('users.columns.role'),
            dataIndex: 'role',
            width: 160,
            render: (role: Role, user) =>
              user.custom_role_id ? (
                <Tag color={CUSTOM_ROLE_COLOR}>{customRoleName(user.custom_role_id)}</Tag>
              ) : (
                <Tag color={ROLE_COLORS[role]}>{t(`settings.roles.${role}`)}</Tag>
              ),
          },
          {
            title: t('users.columns.status'),
            dataIndex: 'status',
            width: 120,
            render: (status: UserStatus) => (
              <Tag color={status === 'active' ? 'success' : 'default'} data-testid="user-status">
                {t(`users.status.${status}`)}
              </Tag>
            ),
          },
          ...(manage ? [actionsColumn] : []),
        ]}
      />
    </div>
  );

  return (
    <div className={pageLayout.page}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('users.title')}
      </Typography.Title>
      <Tabs
        items={[
          { key: 'users', label: <span data-testid="users-tab">{t('users.tabs.users')}</span>, children: usersTab },
          {
            key: 'roles',
            label: <span data-testid="roles-tab">{t('users.tabs.roles')}</span>,
            children: <RolesTab roles={roles} />,
          },
        ]}
      />
      <UserFormDrawer
        open={editing !== null}
        user={editing === 'new' || editing === null ? undefined : editing}
        roles={roles.roles}
        onClose={() => setEditing(null)}
        onSaved={(saved) => {
          void message.success(editing === 'new' ? t('users.created', { name: saved.name }) : t('users.saved'));
          setEditing(null);
          changed();
        }}
      />
      <PasswordResetModal
        user={resetting}
        onClose={() => setResetting(null)}
        onDone={(user) => {
          setResetting(null);
          void message.success(t('users.resetDone', { name: user.name }));
        }}
      />
    </div>
  );
}
