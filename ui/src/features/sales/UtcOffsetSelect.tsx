import { Select } from 'antd';
import styles from '../ledger/ledger.module.css';

/** The offsets the core accepts, in minutes (UTC-12:00 to UTC+14:00). */
const OFFSET_MIN = -720;
const OFFSET_MAX = 840;
/** Every offset in use is a whole quarter hour. */
const OFFSET_STEP = 15;

/** `480` → `UTC+08:00`; `-210` → `UTC-03:30`. */
function formatUtcOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `UTC${sign}${hh}:${mm}`;
}

const OPTIONS = Array.from({ length: (OFFSET_MAX - OFFSET_MIN) / OFFSET_STEP + 1 }, (_, i) => {
  const value = OFFSET_MIN + i * OFFSET_STEP;
  return { value, label: formatUtcOffset(value) };
});

type Props = { value?: number; onChange?: (value: number) => void; disabled?: boolean };

/** Picks the shop's offset from UTC, shown as UTC±hh:mm; a form field. */
export function UtcOffsetSelect({ value, onChange, disabled }: Props) {
  // An offset set elsewhere off the quarter hours stays shown as it is.
  const options =
    value === undefined || OPTIONS.some((option) => option.value === value)
      ? OPTIONS
      : [...OPTIONS, { value, label: formatUtcOffset(value) }].sort((a, b) => a.value - b.value);
  return (
    <Select<number>
      data-testid="settings-utc-offset"
      showSearch={{ optionFilterProp: 'label' }}
      value={value}
      onChange={onChange}
      disabled={disabled}
      options={options}
      className={styles.utcOffset}
    />
  );
}
