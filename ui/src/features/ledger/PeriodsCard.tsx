import { LockOutlined, UnlockOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Popconfirm, Space, Tooltip, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FinanceSettings } from '../../api/bindings';
import { toApiError } from '../../api/rpc';
import { useErrorText } from '../../shared/errors';
import { useSubmit } from '../../shared/useSubmit';
import { useApi, useCan } from '../../shared/session';
import { LatePostingsAlert } from './LatePostingsAlert';
import { DATE_FORMAT } from './model';
import styles from './ledger.module.css';

type Props = {
  settings: FinanceSettings;
  /** Changes after any change in the books: read the late postings again. */
  version: number;
  onChanged: () => void;
};

/**
 * Closing the books through a day: nothing dated on or before it can be posted, reversed or voided.
 * finance.manage closes; moving the day back (reopening) is the owner's (security.manage) alone. Entries a
 * device that was offline posted into a closed period after it closed are shown above, for someone to look at.
 */
export function PeriodsCard({ settings, version, onChanged }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const can = useCan();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [through, setThrough] = useState<Dayjs | null>(null);
  const { busy, run } = useSubmit();
  const closed = settings.closed_through;
  const owner = can('security.manage');
  const chosen = through?.format(DATE_FORMAT) ?? null;
  const reopening = chosen !== null && closed !== null && chosen < closed;

  async function closeThrough(date: string | null) {
    await run(
      async () => {
        const saved = await api.call('finances.periods.close', { through: date });
        void message.success(
          saved.closed_through
            ? t('finance.periods.closedDone', { date: saved.closed_through })
            : t('finance.periods.reopenedDone'),
        );
        setThrough(null);
        onChanged();
      },
      (error) => {
        const apiError = toApiError(error);
        void message.error(apiError.code === 'forbidden' ? t('finance.periods.ownerOnly') : errorText(apiError));
        return true;
      },
    );
  }

  const status = (
    <Typography.Text strong data-testid="periods-status">
      {closed ? t('finance.closedThrough', { date: closed }) : t('finance.allOpen')}
    </Typography.Text>
  );

  if (!can('finance.manage')) {
    return (
      <Card size="small" title={t('finance.periods.title')}>
        <LatePostingsAlert version={version} />
        {status}
      </Card>
    );
  }

  let action;
  if (reopening) {
    const button = (
      <Button icon={<UnlockOutlined />} loading={busy} disabled={!owner} data-testid="periods-reopen-to">
        {t('finance.periods.reopenTo', { date: chosen })}
      </Button>
    );
    action = owner ? (
      <Popconfirm
        title={t('finance.periods.reopenToConfirm', { date: chosen })}
        okText={t('finance.periods.reopen')}
        cancelText={t('common.cancel')}
        onConfirm={() => void closeThrough(chosen)}
      >
        {button}
      </Popconfirm>
    ) : (
      <Tooltip title={t('finance.periods.ownerOnly')}>{button}</Tooltip>
    );
  } else {
    action = (
      <Popconfirm
        title={t('finance.periods.closeConfirm', { date: chosen })}
        description={<div className={styles.confirm}>{t('finance.periods.help')}</div>}
        okText={t('finance.periods.close')}
        cancelText={t('common.cancel')}
        onConfirm={() => void closeThrough(chosen)}
        disabled={chosen === null || chosen === closed}
      >
        <Button
          type="primary"
          icon={<LockOutlined />}
          loading={busy}
          disabled={chosen === null || chosen === closed}
          data-testid="periods-close"
        >
          {t('finance.periods.close')}
        </Button>
      </Popconfirm>
    );
  }

  return (
    <Card size="small" title={t('finance.periods.title')}>
      <LatePostingsAlert version={version} />
      <div className={styles.periods}>
        {status}
        <Typography.Text type="secondary">{t('finance.periods.help')}</Typography.Text>
        <Space wrap>
          <DatePicker
            data-testid="periods-through"
            value={through}
            onChange={setThrough}
            placeholder={t('finance.periods.through')}
          />
          {action}
          {owner && closed && (
            <Popconfirm
              title={t('finance.periods.reopenAllConfirm')}
              okText={t('finance.periods.reopen')}
              okButtonProps={{ danger: true }}
              cancelText={t('common.cancel')}
              onConfirm={() => void closeThrough(null)}
            >
              <Button danger icon={<UnlockOutlined />} loading={busy} data-testid="periods-reopen-all">
                {t('finance.periods.reopenAll')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      </div>
    </Card>
  );
}
