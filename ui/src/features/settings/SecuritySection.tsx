import { LockOutlined, UnlockOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Divider, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EncryptionStatus } from '../../api/bindings';
import { toApiError, type ApiError } from '../../api/rpc';
import { useErrorText } from '../../shared/errors';
import { useApi, useCan } from '../../shared/session';
import { IdleLockSetting } from './IdleLockSetting';
import { PinForm } from './PinForm';
import styles from './settings.module.css';

/**
 * Settings → Security: how the company file is encrypted, and for the owner its recovery key, which opens
 * the file and its backups on another computer (revealing it is confirmed first and logged by the core);
 * when the screen locks itself; and the user's own quick-switch PIN.
 */
export function SecuritySection() {
  const { t } = useTranslation();
  const api = useApi();
  const can = useCan();
  const errorText = useErrorText();
  const { modal } = App.useApp();
  const [status, setStatus] = useState<EncryptionStatus | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [recoveryKey, setRecoveryKey] = useState<string | null>(null);
  const [revealError, setRevealError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    api.call('security.encryption.status', {}).then(
      (next) => current && setStatus(next),
      (error: unknown) => current && setLoadError(toApiError(error)),
    );
    return () => {
      current = false;
    };
  }, [api]);

  function confirmReveal() {
    setRevealError(null);
    modal.confirm({
      title: t('settings.security.confirmTitle'),
      content: t('settings.security.confirm'),
      okText: t('settings.security.confirmOk'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      // Returning the promise keeps the dialog open, its button spinning, until the core answers.
      onOk: async () => {
        try {
          const { recovery_key } = await api.call('security.encryption.recovery_key', {});
          setRecoveryKey(recovery_key);
        } catch (error) {
          setRevealError(errorText(error));
        }
      },
    });
  }

  function statusText(encryption: EncryptionStatus): string {
    if (!encryption.encrypted) return t('settings.security.plain');
    return encryption.key_source === 'passphrase' ? t('settings.security.passphrase') : t('settings.security.keychain');
  }

  function body() {
    if (loadError) return <Alert type="error" showIcon title={errorText(loadError)} />;
    if (!status) return <Spin />;
    const mayReveal = status.encrypted && can('security.manage');
    return (
      <div className={styles.stack}>
        <Space>
          {status.encrypted ? <LockOutlined /> : <UnlockOutlined />}
          <Typography.Text data-testid="settings-encryption">{statusText(status)}</Typography.Text>
        </Space>
        {mayReveal && (
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t('settings.security.help')}
          </Typography.Paragraph>
        )}
        {revealError && <Alert type="error" showIcon title={revealError} />}
        {mayReveal &&
          (recoveryKey ? (
            <Alert
              type="warning"
              showIcon
              title={t('settings.security.keyTitle')}
              description={
                <div className={styles.stack}>
                  <Typography.Text copyable className={styles.recoveryKey} data-testid="recovery-key">
                    {recoveryKey}
                  </Typography.Text>
                  <Typography.Paragraph style={{ margin: 0 }}>{t('settings.security.keyHelp')}</Typography.Paragraph>
                  <Button onClick={() => setRecoveryKey(null)} data-testid="hide-recovery-key">
                    {t('settings.security.hide')}
                  </Button>
                </div>
              }
            />
          ) : (
            <Button onClick={confirmReveal} data-testid="show-recovery-key">
              {t('settings.security.showKey')}
            </Button>
          ))}
      </div>
    );
  }

  return (
    <Card title={t('settings.security.title')}>
      {body()}
      <Divider />
      <IdleLockSetting />
      <Divider />
      <PinForm />
    </Card>
  );
}
