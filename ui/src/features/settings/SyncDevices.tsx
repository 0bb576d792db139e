import { Alert, App, Button, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncDeviceBody } from '../../api/rpc';
import { useFormat } from '../../i18n/format';
import { useApi } from '../../shared/session';
import { useSyncErrorText } from '../sync/sync';
import styles from './settings.module.css';

/**
 * The devices of the company's relay account; any but this one can be cut off (a lost laptop). Needs
 * users.manage. A change of `reload` reads the list again (a device has just joined).
 */
export function SyncDevices({ thisDeviceId, reload = 0 }: { thisDeviceId: string | null; reload?: number }) {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormat();
  const syncErrorText = useSyncErrorText();
  const { message } = App.useApp();
  const [devices, setDevices] = useState<SyncDeviceBody[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  const [revoking, setRevoking] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    api.sync.devices().then(
      (list) => {
        if (!current) return;
        setDevices(list);
        setError(null);
      },
      (loadError: unknown) => current && setError(loadError),
    );
    return () => {
      current = false;
    };
  }, [api, version, reload]);

  async function revoke(device: SyncDeviceBody) {
    setRevoking(device.id);
    try {
      await api.sync.revoke(device.id);
      void message.success(t('settings.sync.revokedDone', { name: device.name }));
      setVersion((v) => v + 1);
    } catch (revokeError) {
      void message.error(syncErrorText(revokeError));
    } finally {
      setRevoking(null);
    }
  }

  return (
    <div className={styles.syncDevices}>
      <Typography.Text strong>{t('settings.sync.devices')}</Typography.Text>
      {error !== null && <Alert type="error" showIcon title={syncErrorText(error)} />}
      <Table<SyncDeviceBody>
        data-testid="sync-devices"
        rowKey="id"
        size="small"
        loading={devices === null && error === null}
        dataSource={devices ?? []}
        pagination={false}
        locale={{ emptyText: t('settings.sync.devicesEmpty') }}
        onRow={(device) =>
          ({ 'data-testid': 'sync-device-row', 'data-device-id': device.id }) as HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            title: t('settings.sync.columns.name'),
            dataIndex: 'name',
            render: (name: string, device) => (
              <Space size="small">
                <Typography.Text strong>{name}</Typography.Text>
                {device.id === thisDeviceId && <Tag color="blue">{t('settings.sync.thisDevice')}</Tag>}
                {device.revoked && (
                  <Tag color="red" data-testid="sync-device-revoked">
                    {t('settings.sync.revoked')}
                  </Tag>
                )}
              </Space>
            ),
          },
          {
            title: t('settings.sync.columns.added'),
            dataIndex: 'created_at_ms',
            width: 140,
            render: (ms: number) => format.date(ms),
          },
          {
            title: t('settings.sync.columns.lastSeen'),
            dataIndex: 'last_seen_ms',
            width: 180,
            render: (ms: number) => format.dateTime(ms),
          },
          {
            title: '',
            key: 'actions',
            width: 100,
            align: 'right',
            render: (_value, device) =>
              device.id === thisDeviceId || device.revoked ? null : (
                <Popconfirm
                  title={t('settings.sync.revokeConfirm', { name: device.name })}
                  description={t('settings.sync.revokeHelp')}
                  okText={t('settings.sync.revoke')}
                  okButtonProps={{ danger: true }}
                  cancelText={t('common.cancel')}
                  onConfirm={() => revoke(device)}
                >
                  <Button danger size="small" loading={revoking === device.id} data-testid="sync-revoke">
                    {t('settings.sync.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
    </div>
  );
}
