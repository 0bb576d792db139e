import type { InvoicePreview } from '../../api/bindings';
import { usePreview } from '../../shared/usePreview';
import { toLineInput, type LineValues } from './invoiceModel';

/** The core's pricing of the lines typed so far; null while some line is incomplete or refused. */
export type Preview = InvoicePreview | null;

/**
 * Asks the core (`finances.invoices.preview`) to price the lines as typed, so that the form shows the amounts
 * the core will compute. A line the core cannot read yet (incomplete, or mistyped) gives no preview at all.
 * `enabled` false (the form is closed) forgets it.
 */
export function useInvoicePreview(
  lines: readonly (LineValues | undefined)[] | undefined,
  inclusive: boolean,
  enabled: boolean,
): Preview {
  const inputs = (lines ?? []).map((line) => toLineInput(line ?? {}));
  return usePreview(
    'finances.invoices.preview',
    enabled && inputs.length > 0 ? { prices_include_tax: inclusive, lines: inputs } : null,
  );
}
