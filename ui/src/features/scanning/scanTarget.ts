import { useEffect, useRef } from 'react';
import type { Product } from '../../api/bindings';

/** Takes a scanned product: an open invoice adds it as a line, an order being received counts it in. */
export type ScanHandler = (product: Product) => void;

// The open views that take scans, in the order they were opened: the last one opened (a drawer over a page) is the
// one in front, and gets the scan. Module state, as the scanner itself is one for the whole window.
const targets: { take: ScanHandler }[] = [];

/** Where a scan goes now: the view in front that takes scans; null when none is open. */
export function currentScanTarget(): ScanHandler | null {
  return targets.at(-1)?.take ?? null;
}

/**
 * Makes a view the scan target while `active` (its drawer is open): scans go to `handler` instead of the notice
 * the app shows otherwise. The latest `handler` is called, so it may read the view's current state.
 */
export function useScanTarget(active: boolean, handler: ScanHandler): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    if (!active) return;
    const target = { take: (product: Product) => latest.current(product) };
    targets.push(target);
    return () => {
      const index = targets.indexOf(target);
      if (index >= 0) targets.splice(index, 1);
    };
  }, [active]);
}
