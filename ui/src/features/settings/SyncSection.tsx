import { SyncOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Divider, Popconfirm, Space, Spin, Tooltip, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncStatusBody } from '../../api/rpc';
import { useFormat } from '../../i18n/format';
import { useApi, useCan } from '../../shared/session';
import { agoText, isOffline, useNow, useSync, useSyncErrorText } from '../sync/sync';
import { SyncConnectForm } from './SyncConnectForm';
import { SyncDevices } from './SyncDevices';
import { useSyncPairing } from './pairing';
import { SyncPairingPanel } from './SyncPairing';
import styles from './settings.module.css';

/**
 * How many characters of a device id tell it apart to a person; the whole id is in the tooltip. Its last ones:
 * the relay's ids are UUIDv7, whose first characters are the time the device joined.
 */
const DEVICE_ID_SHORT_CHARS = 8;
const AGE_REFRESH_MS = 15_000;

/**
 * Settings → Sync: connecting this device to the company's relay; once connected, how sync stands, a round
 * on demand, the relay account's devices (to cut off a lost one), and for the owner what lets another device
 * join: a pairing code, or the sync key itself (revealing it is confirmed first and logged by the core).
 */
export function SyncSection() {
  const { t } = useTranslation();
  const api = useApi();
  const can = useCan();
  const { status, statusError, refresh, update } = useSync();
  const syncErrorText = useSyncErrorText();

  function body() {
    if (statusError)
      return (
        <Alert
          type="error"
          showIcon
          title={syncErrorText(statusError)}
          action={<Button onClick={() => void refresh()}>{t('common.retry')}</Button>}
        />
      );
    if (!status) return <Spin />;
    if (status.configured) return <SyncConnected status={status} />;
    return (
      <div className={styles.stack}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('settings.sync.intro')}
        </Typography.Paragraph>
        {can('users.manage') ? (
          <SyncConnectForm connect={api.sync.connect} onConnected={update} />
        ) : (
          <Typography.Text data-testid="sync-needs-manager">{t('settings.sync.needsManage')}</Typography.Text>
        )}
      </div>
    );
  }

  return <Card title={t('settings.sync.title')}>{body()}</Card>;
}

function SyncConnected({ status }: { status: SyncStatusBody }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const can = useCan();
  const format = useFormat();
  const syncErrorText = useSyncErrorText();
  const { message } = App.useApp();
  const { running, error, syncNow } = useSync();
  const now_ms = useNow(AGE_REFRESH_MS);
  const [syncKey, setSyncKey] = useState<string | null>(null);
  const [keyError, setKeyError] = useState<string | null>(null);
  const [devicesVersion, setDevicesVersion] = useState(0);
  // A device that has just joined shows in the list.
  const reloadDevices = useCallback(() => setDevicesVersion((v) => v + 1), []);
  const pairing = useSyncPairing(reloadDevices);

  async function runNow() {
    try {
      const report = await syncNow();
      void message.success(t('settings.sync.report', { sent: report.pushed, received: report.pulled }));
      if (report.rejected > 0) void message.warning(t('settings.sync.rejected', { count: report.rejected }));
    } catch (roundError) {
      void message.error(syncErrorText(roundError));
    }
  }

  async function revealKey() {
    setKeyError(null);
    try {
      setSyncKey((await api.sync.key()).key);
    } catch (revealError) {
      setKeyError(syncErrorText(revealError));
    }
  }

  const last = status.last_synced_at_ms;
  const deviceId = status.device_id ?? '';
  return (
    <div className={styles.stack}>
      <Descriptions
        column={1}
        size="small"
        items={[
          {
            key: 'relay',
            label: t('settings.sync.relay'),
            children: <span data-testid="sync-relay-url">{status.relay_url}</span>,
          },
          {
            key: 'device',
            label: t('settings.sync.device'),
            children: (
              <Tooltip title={deviceId}>
                <Typography.Text code data-testid="sync-device-id">
                  {deviceId.slice(-DEVICE_ID_SHORT_CHARS)}
                </Typography.Text>
              </Tooltip>
            ),
          },
          {
            key: 'last',
            label: t('settings.sync.lastSynced'),
            children: (
              <span data-testid="sync-last">
                {last === null
                  ? t('settings.sync.never')
                  : t('settings.sync.lastSyncedAt', {
                      time: format.dateTime(last),
                      ago: agoText(t, i18n.language, last, now_ms),
                    })}
              </span>
            ),
          },
          {
            key: 'pending',
            label: t('settings.sync.pending'),
            children: <span data-testid="sync-pending">{format.number(status.pending)}</span>,
          },
          ...(status.waiting > 0
            ? [{ key: 'waiting', label: t('settings.sync.waiting'), children: format.number(status.waiting) }]
            : []),
        ]}
      />
      {error && <Alert type={isOffline(error) ? 'warning' : 'error'} showIcon title={syncErrorText(error)} />}
      <Space wrap>
        <Button
          type="primary"
          icon={<SyncOutlined />}
          loading={running}
          onClick={() => void runNow()}
          data-testid="sync-now"
        >
          {t('settings.sync.syncNow')}
        </Button>
        {can('security.manage') && !syncKey && (
          <Popconfirm
            title={t('settings.sync.keyConfirmTitle')}
            description={<div className={styles.confirmText}>{t('settings.sync.keyConfirm')}</div>}
            okText={t('settings.sync.keyConfirmOk')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            // Returning the promise keeps the button spinning until the core answers.
            onConfirm={revealKey}
          >
            <Button data-testid="sync-show-key">{t('settings.sync.showKey')}</Button>
          </Popconfirm>
        )}
        {can('security.manage') && !pairing.open && (
          <Button loading={pairing.starting} onClick={() => void pairing.start()} data-testid="sync-pair-start">
            {t('settings.sync.pair.start')}
          </Button>
        )}
      </Space>
      {pairing.open && <SyncPairingPanel pairing={pairing} />}
      {keyError && <Alert type="error" showIcon title={keyError} />}
      {syncKey && (
        <Alert
          type="warning"
          showIcon
          title={t('settings.sync.keyTitle')}
          description={
            <div className={styles.stack}>
              <Typography.Text copyable className={styles.recoveryKey} data-testid="sync-key">
                {syncKey}
              </Typography.Text>
              <Typography.Paragraph style={{ margin: 0 }}>{t('settings.sync.keyAdvice')}</Typography.Paragraph>
              <Button onClick={() => setSyncKey(null)} data-testid="sync-hide-key">
                {t('settings.sync.hideKey')}
              </Button>
            </div>
          }
        />
      )}
      {can('users.manage') && (
        <>
          <Divider style={{ margin: '4px 0' }} />
          <SyncDevices thisDeviceId={status.device_id} reload={devicesVersion} />
        </>
      )}
    </div>
  );
}
