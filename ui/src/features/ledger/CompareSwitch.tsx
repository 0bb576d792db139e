import { Switch, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import styles from './ledger.module.css';

type Props = {
  checked: boolean;
  onChange: (checked: boolean) => void;
  /** A comparison needs the range's both ends: without them the switch is off and cannot be turned on. */
  available: boolean;
  testId: string;
};

/** "Compare with prior period": the period just as long, just before the one shown. */
export function CompareSwitch({ checked, onChange, available, testId }: Props) {
  const { t } = useTranslation();
  return (
    <Tooltip title={available ? null : t('finance.reports.compareNeedsRange')}>
      <label className={styles.compare}>
        <Switch
          size="small"
          checked={checked && available}
          disabled={!available}
          onChange={onChange}
          data-testid={testId}
        />
        {t('finance.reports.compare')}
      </label>
    </Tooltip>
  );
}
