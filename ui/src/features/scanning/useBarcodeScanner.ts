import { useEffect, useRef } from 'react';
import { isTextEntry, ScanDetector } from './scanDetector';

/**
 * Calls `onScan` with each code a USB or Bluetooth scanner types anywhere in the window (a fast burst of keys and
 * Enter), while `enabled`. Keys typed into a field are the field's: a scan into a product picker reaches the picker.
 * The scan's Enter goes no further (it would press the focused button).
 */
export function useBarcodeScanner(onScan: (code: string) => void, enabled = true): void {
  const latest = useRef(onScan);
  useEffect(() => {
    latest.current = onScan;
  });
  useEffect(() => {
    if (!enabled) return;
    const detector = new ScanDetector();
    function keydown(event: KeyboardEvent) {
      if (event.isComposing || isTextEntry(event.target)) {
        detector.reset();
        return;
      }
      const code = detector.press({
        key: event.key,
        at_ms: performance.now(),
        modified: event.ctrlKey || event.metaKey || event.altKey,
      });
      if (code === null) return;
      event.preventDefault();
      event.stopPropagation();
      latest.current(code);
    }
    // Capture: the scan's Enter is taken before a focused button or an open drawer acts on it.
    window.addEventListener('keydown', keydown, true);
    return () => window.removeEventListener('keydown', keydown, true);
  }, [enabled]);
}
