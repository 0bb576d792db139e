/** A scanner types each character within this long of the one before; people do not (about 100 ms and more). */
export const SCAN_GAP_MS = 35;
/** Fewer characters than this, however fast, are not a code (a burst of hurried typing may be 2 or 3). */
export const SCAN_CHARS_MIN = 4;
/** Longer than any barcode or SKU the core reads (48): a stuck key, not a scan. */
export const SCAN_CHARS_MAX = 64;

/** What the detector reads of a key press. */
export type Keystroke = { key: string; at_ms: number; modified: boolean };

/**
 * Tells a barcode scanner's typing from a person's: a scanner types the code as a burst of printable keys, each
 * within `SCAN_GAP_MS` of the one before, and Enter. `press` answers the code when a key completes a scan, and
 * whether the key belongs to a burst still being typed.
 */
export class ScanDetector {
  private code = '';
  private last_ms = -Infinity;

  press({ key, at_ms, modified }: Keystroke): string | null {
    const quick = at_ms - this.last_ms <= SCAN_GAP_MS;
    if (modified) {
      this.reset();
      return null;
    }
    if (key === 'Enter') {
      const code = quick && this.code.length >= SCAN_CHARS_MIN ? this.code : null;
      this.reset();
      return code;
    }
    // Shift (a scanner's capitals) and the like are not characters: they neither add to nor break the burst.
    if (key.length !== 1) return null;
    if (!quick || this.code.length >= SCAN_CHARS_MAX) this.code = '';
    this.code += key;
    this.last_ms = at_ms;
    return null;
  }

  /** Forgets the burst (focus went into a field, which takes the keys itself). */
  reset(): void {
    this.code = '';
    this.last_ms = -Infinity;
  }
}

/** Whether keys pressed with `target` focused are typed into it: there, a scan is the field's to take. */
export function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (!(target instanceof HTMLInputElement)) return false;
  // Buttons in disguise take no text.
  return !['button', 'checkbox', 'radio', 'submit', 'reset', 'file', 'image', 'range', 'color'].includes(target.type);
}
