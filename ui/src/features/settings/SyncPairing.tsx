import { Alert, Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNow, useSyncErrorText } from '../sync/sync';
import { isUnderWay, type SyncPairing } from './pairing';
import styles from './settings.module.css';

const SECOND_MS = 1_000;

/** The panel's colour: how the pairing stands. */
function alertType(pairing: SyncPairing): 'info' | 'success' | 'warning' | 'error' {
  if (pairing.error !== null) return 'error';
  if (pairing.status?.state === 'done') return 'success';
  if (pairing.status?.state === 'expired') return 'warning';
  return 'info';
}

/** "9:05": what is left of the code's 10 minutes, never below zero (the core then says `expired`). */
function timeLeftText(expires_at_ms: number, now_ms: number): string {
  const seconds = Math.max(0, Math.ceil((expires_at_ms - now_ms) / SECOND_MS));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** The pairing's code, what to do with it, the time left and how it stands; then what next. */
export function SyncPairingPanel({ pairing }: { pairing: SyncPairing }) {
  const { t } = useTranslation();
  const syncErrorText = useSyncErrorText();
  const now_ms = useNow(SECOND_MS);
  const { status, error, starting } = pairing;
  const underWay = status !== null && isUnderWay(status.state);

  const actions = underWay ? (
    <Button onClick={() => void pairing.cancel()} data-testid="sync-pair-cancel">
      {t('common.cancel')}
    </Button>
  ) : (
    <Space wrap>
      <Button type="primary" loading={starting} onClick={() => void pairing.start()} data-testid="sync-pair-restart">
        {t('settings.sync.pair.startAgain')}
      </Button>
      <Button onClick={pairing.close} data-testid="sync-pair-close">
        {t('settings.sync.pair.close')}
      </Button>
    </Space>
  );

  return (
    <Alert
      data-testid="sync-pairing"
      type={alertType(pairing)}
      title={t('settings.sync.pair.title')}
      description={
        <div className={styles.stack}>
          {error !== null && <Typography.Text type="danger">{syncErrorText(error)}</Typography.Text>}
          {status && (
            <>
              {/* Once done or expired the code no longer works: not left up to be typed. */}
              {underWay && (
                <>
                  <Typography.Text className={styles.pairCode} data-testid="sync-pair-code">
                    {status.code}
                  </Typography.Text>
                  <Typography.Paragraph style={{ margin: 0 }}>{t('settings.sync.pair.howTo')}</Typography.Paragraph>
                  <Typography.Text type="secondary" data-testid="sync-pair-time-left">
                    {t('settings.sync.pair.timeLeft', { time: timeLeftText(status.expires_at_ms, now_ms) })}
                  </Typography.Text>
                </>
              )}
              <Typography.Text strong data-testid="sync-pair-state" data-state={status.state}>
                {t(`settings.sync.pair.states.${status.state}`)}
              </Typography.Text>
            </>
          )}
          {actions}
        </div>
      }
    />
  );
}
