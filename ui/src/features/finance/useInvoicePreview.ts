import { useEffect, useState } from 'react';
import type { InvoicePreview, InvoicePreviewInput } from '../../api/bindings';
import { useApi } from '../auth/session';
import { toLineInput, type LineValues } from './invoiceModel';

/** How long typing pauses before the core is asked to price the lines again. */
export const PREVIEW_DELAY_MS = 250;

/** The core's pricing of the lines typed so far; null while some line is incomplete or refused. */
export type Preview = InvoicePreview | null;

type Answer = { key: string; preview: Preview };

/**
 * Asks the core (`finances.invoices.preview`) to price the lines as typed, once typing pauses, so that the form
 * shows the amounts the core will compute: it is the only one that knows how. A line the core cannot read yet
 * (incomplete, or mistyped) gives no preview at all: the form shows its errors on save, not while one types.
 * Until a newer answer arrives the last one stays, so the amounts do not blink; `enabled` false (the form is
 * closed) forgets it.
 */
export function useInvoicePreview(
  lines: readonly (LineValues | undefined)[] | undefined,
  inclusive: boolean,
  enabled: boolean,
): Preview {
  const api = useApi();
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [wasEnabled, setWasEnabled] = useState(enabled);
  if (wasEnabled !== enabled) {
    // Opened or closed: what was priced before belongs to another invoice.
    setWasEnabled(enabled);
    setAnswer(null);
  }
  const inputs = (lines ?? []).map((line) => toLineInput(line ?? {}));
  const key = JSON.stringify({ prices_include_tax: inclusive, lines: inputs });
  const ask = enabled && inputs.length > 0;

  useEffect(() => {
    if (!ask) return;
    let current = true;
    const timer = setTimeout(() => {
      api.call('finances.invoices.preview', JSON.parse(key) as InvoicePreviewInput).then(
        (preview) => current && setAnswer({ key, preview }),
        // Refused (a line not complete yet) or not answered: no amounts, and no error while typing.
        () => current && setAnswer({ key, preview: null }),
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, key, ask]);

  return ask ? (answer?.preview ?? null) : null;
}
