import { DatePicker } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';

type Props = { value: Dayjs | null; onChange: (day: Dayjs | null) => void; testId: string };

/** The day a report is taken on; cleared, today. */
export function AsOfPicker({ value, onChange, testId }: Props) {
  const { t } = useTranslation();
  return (
    <DatePicker
      data-testid={testId}
      value={value}
      onChange={onChange}
      placeholder={t('finance.reports.asOfToday')}
      prefix={t('finance.reports.asOf')}
    />
  );
}
