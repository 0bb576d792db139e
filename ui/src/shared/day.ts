import dayjs from 'dayjs';

/** How a day is written on the wire and in this field: `2026-03-31`. */
export const DAY_FORMAT = 'YYYY-MM-DD';

/** Today, as the field's first value. */
export function today(): string {
  return dayjs().format(DAY_FORMAT);
}
