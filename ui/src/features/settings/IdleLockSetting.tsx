import { Alert, App, Button, InputNumber, Space, Spin, Typography } from 'antd';
import { useContext, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { reasonText, useErrorText } from '../../shared/errors';
import { useSubmit } from '../../shared/useSubmit';
import { toApiError } from '../../api/rpc';
import { IdleLockMinutesContext } from '../../shared/idleLock';
import { useApi, useCan } from '../../shared/session';
import styles from './settings.module.css';

/** `SecuritySettings::IDLE_LOCK_MINUTES_MAX` in the core. */
const IDLE_LOCK_MINUTES_MAX = 240;

/** Settings → Security: minutes without use before the screen locks (0 never); the owner's to change. */
export function IdleLockSetting() {
  const { t } = useTranslation();
  const api = useApi();
  const can = useCan();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const announce = useContext(IdleLockMinutesContext);
  const [saved, setSaved] = useState<number | null>(null);
  const [minutes, setMinutes] = useState<number | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const { busy, error: saveError, setError: setSaveError, run } = useSubmit();
  const editable = can('security.manage');

  useEffect(() => {
    let current = true;
    api.call('security.settings.get', {}).then(
      ({ idle_lock_minutes }) => {
        if (!current) return;
        setSaved(idle_lock_minutes);
        setMinutes(idle_lock_minutes);
      },
      (error: unknown) => current && setLoadError(error),
    );
    return () => {
      current = false;
    };
  }, [api]);

  async function save() {
    if (minutes === null || minutes === saved) return;
    await run(
      async () => {
        const { idle_lock_minutes } = await api.call('security.settings.update', { idle_lock_minutes: minutes });
        setSaved(idle_lock_minutes);
        announce(idle_lock_minutes);
        void message.success(t('settings.security.idleSaved'));
      },
      (error) => {
        const apiError = toApiError(error);
        setSaveError(apiError.field === 'idle_lock_minutes' ? reasonText(t, apiError) : errorText(apiError));
        return true;
      },
    );
  }

  if (loadError !== null) return <Alert type="error" showIcon title={errorText(loadError)} />;
  if (saved === null) return <Spin />;
  return (
    <div className={styles.stack}>
      <Typography.Text strong>{t('settings.security.idleTitle')}</Typography.Text>
      <Space wrap>
        <Typography.Text>{t('settings.security.idleLabel')}</Typography.Text>
        <InputNumber<number>
          min={0}
          max={IDLE_LOCK_MINUTES_MAX}
          precision={0}
          value={minutes}
          disabled={!editable}
          onChange={(value) => setMinutes(value)}
          onPressEnter={() => void save()}
          suffix={t('settings.security.idleUnit')}
          aria-label={t('settings.security.idleLabel')}
          data-testid="idle-lock-minutes"
          className={styles.minutes}
        />
        {editable && (
          <Button
            onClick={() => void save()}
            loading={busy}
            disabled={minutes === null || minutes === saved}
            data-testid="idle-lock-save"
          >
            {t('common.save')}
          </Button>
        )}
      </Space>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('settings.security.idleHelp')}
      </Typography.Paragraph>
      {!editable && (
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('settings.security.idleOwnerOnly')}
        </Typography.Paragraph>
      )}
      {saveError && <Alert type="error" showIcon title={saveError} />}
    </div>
  );
}
