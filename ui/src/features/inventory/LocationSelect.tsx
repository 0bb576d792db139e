import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Location } from '../../api/bindings';
import { locationOptions } from './model';

type Props = {
  value?: string;
  onChange?: (id: string | undefined) => void;
  /** Every location; archived ones are not offered. */
  locations: readonly Location[];
  allowClear?: boolean;
  placeholder?: string;
  disabled?: boolean;
  className?: string;
  testId: string;
};

/** Picks a location stock may move into or out of, by its path ("仓库 / 货架A"). */
export function LocationSelect({
  value,
  onChange,
  locations,
  allowClear,
  placeholder,
  disabled,
  className,
  testId,
}: Props) {
  const { t } = useTranslation();
  return (
    <Select<string>
      data-testid={testId}
      className={className}
      value={value}
      onChange={onChange}
      allowClear={allowClear}
      disabled={disabled}
      placeholder={placeholder ?? t('inventory.pickLocation')}
      options={locationOptions(locations)}
      showSearch={{ optionFilterProp: 'label' }}
    />
  );
}
