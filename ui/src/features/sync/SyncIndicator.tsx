import {
  CheckCircleOutlined,
  CloudUploadOutlined,
  DisconnectOutlined,
  SyncOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { Button, Tooltip, type ButtonProps } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { navigate } from '../../shared/router';
import { agoText, isOffline, useNow, useSync, useSyncErrorText } from './sync';

/** How often "synced 2 minutes ago" is worked out again. */
const AGE_REFRESH_MS = 15_000;

type State = 'syncing' | 'offline' | 'failed' | 'pending' | 'synced';

const STATE_COLOR: Record<State, ButtonProps['color']> = {
  syncing: 'primary',
  offline: 'danger',
  failed: 'danger',
  pending: 'gold',
  synced: 'default',
};

/**
 * The header's word on sync: up to date, syncing, changes waiting to be sent, or offline; details in its
 * tooltip, and Settings (where sync is set up) on a click. Nothing until this device is connected to a relay.
 */
export function SyncIndicator() {
  const { t, i18n } = useTranslation();
  const { status, running, error } = useSync();
  const format = useFormat();
  const syncErrorText = useSyncErrorText();
  const now_ms = useNow(AGE_REFRESH_MS);
  if (!status?.configured) return null;

  const last = status.last_synced_at_ms;
  let icon: ReactNode;
  let label: string;
  let state: State;
  if (running) {
    icon = <SyncOutlined spin />;
    label = t('sync.indicator.syncing');
    state = 'syncing';
  } else if (isOffline(error)) {
    icon = <DisconnectOutlined />;
    label = t('sync.indicator.offline');
    state = 'offline';
  } else if (error) {
    icon = <WarningOutlined />;
    label = t('sync.indicator.failed');
    state = 'failed';
  } else if (status.pending > 0) {
    icon = <CloudUploadOutlined />;
    label = t('sync.indicator.toSend', { count: status.pending, formatted: format.number(status.pending) });
    state = 'pending';
  } else {
    icon = <CheckCircleOutlined />;
    label =
      last === null
        ? t('sync.indicator.notYet')
        : t('sync.indicator.upToDateAgo', { ago: agoText(t, i18n.language, last, now_ms) });
    state = 'synced';
  }

  const details = [
    error && syncErrorText(error),
    t('sync.details.relay', { url: status.relay_url ?? '' }),
    last === null ? t('sync.details.never') : t('sync.details.last', { time: format.dateTime(last) }),
    status.pending > 0
      ? t('sync.details.pending', { count: status.pending, formatted: format.number(status.pending) })
      : t('sync.details.allSent'),
    status.waiting > 0 &&
      t('sync.details.waiting', { count: status.waiting, formatted: format.number(status.waiting) }),
  ].filter((line): line is string => typeof line === 'string' && line !== '');

  return (
    <Tooltip
      title={
        <div data-testid="sync-indicator-details">
          {details.map((line) => (
            <div key={line}>{line}</div>
          ))}
        </div>
      }
    >
      <Button
        variant="text"
        color={STATE_COLOR[state]}
        size="small"
        icon={icon}
        onClick={() => navigate('settings')}
        data-testid="sync-indicator"
        data-state={state}
      >
        {label}
      </Button>
    </Tooltip>
  );
}
