import { SwapOutlined } from '@ant-design/icons';
import { Button, Popconfirm, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Recurring } from '../../api/bindings';
import type { RecurringUpdate } from './useRecurringUpdate';
import styles from '../ledger/ledger.module.css';

type Props = {
  recurring: Recurring;
  /** May take it over (finance.write). */
  editable: boolean;
  updater: RecurringUpdate;
};

/**
 * Which device makes a recurring invoice's invoices: this one, or another (so that two devices never make the
 * same invoice), which this one can take over, say when that device is gone.
 */
export function RecurringDevice({ recurring, editable, updater }: Props) {
  const { t } = useTranslation();
  if (recurring.runs_here)
    return (
      <Tag color="blue" data-testid="recurring-runs-here">
        {t('finance.recurring.runsHere')}
      </Tag>
    );
  if (!editable)
    return (
      <Tooltip title={t('finance.recurring.elsewhereHelp')}>
        <Tag data-testid="recurring-runs-elsewhere">{t('finance.recurring.runsElsewhere')}</Tag>
      </Tooltip>
    );
  return (
    <Popconfirm
      title={t('finance.recurring.takeOverTitle')}
      description={<div className={styles.confirm}>{t('finance.recurring.takeOverConfirm')}</div>}
      okText={t('finance.recurring.takeOver')}
      cancelText={t('common.cancel')}
      onConfirm={() => void updater.update(recurring, { take_over: true }, t('finance.recurring.takenOver'))}
    >
      <Button
        size="small"
        icon={<SwapOutlined />}
        loading={updater.updating === recurring.id}
        data-testid="recurring-take-over"
      >
        {t('finance.recurring.takeOver')}
      </Button>
    </Popconfirm>
  );
}
