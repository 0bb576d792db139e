import { DatePicker } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { PickedRange } from './model';

type Props = {
  value: PickedRange;
  onChange: (range: PickedRange) => void;
  testId: string;
};

/** Which days a list or report covers; either end may be left open. */
export function RangeFilter({ value, onChange, testId }: Props) {
  const { t } = useTranslation();
  const today = dayjs();
  const lastMonth = today.subtract(1, 'month');
  return (
    <DatePicker.RangePicker
      data-testid={testId}
      allowEmpty={[true, true]}
      placeholder={[t('finance.range.from'), t('finance.range.to')]}
      value={value}
      onChange={(range) => onChange(range)}
      presets={[
        { label: t('finance.range.thisMonth'), value: [today.startOf('month'), today.endOf('month')] },
        { label: t('finance.range.lastMonth'), value: [lastMonth.startOf('month'), lastMonth.endOf('month')] },
        { label: t('finance.range.thisYear'), value: [today.startOf('year'), today.endOf('year')] },
      ]}
    />
  );
}
