import { Alert, Button, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { rpc, syncConnect, syncNow } from '../../api/rpc';
import { SyncConnectForm } from '../settings/SyncConnectForm';
import { useSyncErrorText } from '../sync/sync';

type Phase = { kind: 'form' } | { kind: 'receiving' } | { kind: 'failed'; error: string };

/**
 * A fresh install joins a company another device already syncs: it connects to that company's relay with no
 * session (the core allows it while this data file holds no company), and its first round brings the company,
 * its users and its data. Then the users sign in as on any other device.
 */
export function FirstRunJoin({ onBack, onJoined }: { onBack: () => void; onJoined: (companyName: string) => void }) {
  const { t } = useTranslation();
  const syncErrorText = useSyncErrorText();
  const [phase, setPhase] = useState<Phase>({ kind: 'form' });

  // Connected, a failure here is retried by receiving again: connecting twice would add a second device.
  async function receive() {
    setPhase({ kind: 'receiving' });
    try {
      await syncNow(null);
      const status = await rpc('setup.status', {});
      if (status.initialized) onJoined(status.company_name ?? '');
      else setPhase({ kind: 'failed', error: t('auth.firstRun.joinNothing') });
    } catch (error) {
      setPhase({ kind: 'failed', error: syncErrorText(error) });
    }
  }

  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('auth.firstRun.joinTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('auth.firstRun.joinIntro')}</Typography.Paragraph>
      {phase.kind === 'form' && (
        <>
          <SyncConnectForm joinOnly connect={(input) => syncConnect(null, input)} onConnected={() => void receive()} />
          <Button type="link" onClick={onBack} data-testid="first-run-create" style={{ paddingInline: 0 }}>
            {t('auth.firstRun.createInstead')}
          </Button>
        </>
      )}
      {phase.kind === 'receiving' && (
        <Space data-testid="first-run-receiving">
          <Spin />
          <Typography.Text>{t('auth.firstRun.receiving')}</Typography.Text>
        </Space>
      )}
      {phase.kind === 'failed' && (
        <Alert
          type="error"
          showIcon
          title={phase.error}
          action={
            <Button onClick={() => void receive()} data-testid="first-run-join-retry">
              {t('common.retry')}
            </Button>
          }
        />
      )}
    </>
  );
}
