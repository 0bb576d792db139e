import type { RecurringInput } from '../../api/bindings';
import { toLineInput, type LineValues } from './invoiceModel';

/** How often a recurring invoice is made, as the core names it. */
export const RECURRING_INTERVALS = ['monthly', 'quarterly', 'yearly'] as const;
export type RecurringInterval = (typeof RECURRING_INTERVALS)[number];

export function isRecurringInterval(interval: string): interval is RecurringInterval {
  return (RECURRING_INTERVALS as readonly string[]).includes(interval);
}

/** A recurring invoice as its form holds it. */
export type RecurringFormValues = {
  customer_id?: string;
  interval: RecurringInterval;
  /** Days as typed: the core refuses one that is not a day, on its field. */
  start_date: string;
  end_date: string;
  prices_include_tax: boolean;
  /** Issue each invoice as it is made; off: leave it a draft. */
  issue: boolean;
  lines: LineValues[];
  notes: string;
};

/** `finances.recurring.create`'s input: the form's values as typed; an empty end date or notes left out. */
export function toRecurringInput(values: RecurringFormValues): RecurringInput {
  const input: RecurringInput = {
    customer_id: values.customer_id ?? '',
    interval: values.interval,
    start_date: (values.start_date ?? '').trim(),
    prices_include_tax: Boolean(values.prices_include_tax),
    issue: Boolean(values.issue),
    lines: (values.lines ?? []).map(toLineInput),
  };
  if (values.end_date?.trim()) input.end_date = values.end_date.trim();
  const notes = values.notes?.trim();
  if (notes) input.notes = notes;
  return input;
}
