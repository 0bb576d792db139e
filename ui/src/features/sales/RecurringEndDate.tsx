import { DatePicker } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Recurring } from '../../api/bindings';
import { DATE_FORMAT } from '../ledger/model';
import type { RecurringUpdate } from './useRecurringUpdate';
import styles from '../ledger/ledger.module.css';

type Props = {
  recurring: Recurring;
  /** May change it (finance.write); otherwise it is only shown. */
  editable: boolean;
  updater: RecurringUpdate;
};

/** A recurring invoice's last day, changed in place; cleared, it runs on with no end. The core checks the day. */
export function RecurringEndDate({ recurring, editable, updater }: Props) {
  const { t } = useTranslation();
  if (!editable)
    return <span data-testid="recurring-end-date">{recurring.end_date ?? t('finance.recurring.noEnd')}</span>;
  return (
    <DatePicker
      data-testid="recurring-end-date"
      size="small"
      className={styles.filter}
      value={recurring.end_date ? dayjs(recurring.end_date) : null}
      placeholder={t('finance.recurring.noEnd')}
      disabled={updater.updating === recurring.id}
      onChange={(day) => {
        const end = day ? day.format(DATE_FORMAT) : '';
        void updater.update(
          recurring,
          { end_date: end },
          end ? t('finance.recurring.endSet', { date: end }) : t('finance.recurring.endRemoved'),
        );
      }}
    />
  );
}
