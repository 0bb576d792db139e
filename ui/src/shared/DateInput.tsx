import { CalendarOutlined } from '@ant-design/icons';
import { Button, Calendar, Input, Popover } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DAY_FORMAT } from './day';
import styles from './dateInput.module.css';

dayjs.extend(customParseFormat);

type Props = {
  /** The day as typed or picked: kept as it is, so an impossible one reaches the core and is refused there. */
  value?: string;
  onChange?: (value: string) => void;
  testId: string;
  /** Days the calendar offers greyed out (a closed period); typed, they are the core's to refuse. */
  disabledDate?: (day: Dayjs) => boolean;
  placeholder?: string;
  disabled?: boolean;
  className?: string;
};

/**
 * A day typed (`2026-03-31`) or picked from a calendar. Unlike antd's date picker, what was typed stays as typed:
 * `2026-02-30` is not turned back into the last good day when the field is left, it goes to the core, which
 * refuses it on this field. The calendar opens on the typed day when it is one.
 */
export function DateInput({ value = '', onChange, testId, disabledDate, placeholder, disabled, className }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const typed = dayjs(value.trim(), DAY_FORMAT, true);
  const shown = typed.isValid() ? typed : dayjs();

  return (
    <Input
      value={value}
      className={className ?? styles.dateInput}
      onChange={(event) => onChange?.(event.target.value)}
      placeholder={placeholder ?? t('common.datePlaceholder')}
      inputMode="numeric"
      autoComplete="off"
      disabled={disabled}
      data-testid={testId}
      suffix={
        <Popover
          open={open}
          onOpenChange={setOpen}
          trigger="click"
          placement="bottomRight"
          content={
            <div style={{ width: 280 }} data-testid={`${testId}-calendar`}>
              <Calendar
                fullscreen={false}
                value={shown}
                disabledDate={disabledDate}
                onSelect={(day, { source }) => {
                  if (source !== 'date') return;
                  onChange?.(day.format(DAY_FORMAT));
                  setOpen(false);
                }}
              />
            </div>
          }
        >
          <Button
            type="text"
            size="small"
            icon={<CalendarOutlined />}
            disabled={disabled}
            aria-label={t('common.pickDate')}
            data-testid={`${testId}-pick`}
          />
        </Popover>
      }
    />
  );
}
