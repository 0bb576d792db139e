import { describe, expect, it } from 'vitest';
import { isTextEntry, SCAN_GAP_MS, ScanDetector } from './scanDetector';

/** Presses `keys` `gap_ms` apart from `start_ms`, and answers what the last one completed. */
function type(detector: ScanDetector, keys: string[], gap_ms: number, start_ms = 1000): (string | null)[] {
  return keys.map((key, i) => detector.press({ key, at_ms: start_ms + i * gap_ms, modified: false }));
}

describe('ScanDetector', () => {
  it('reads a fast burst of characters and Enter as a scan', () => {
    const answers = type(new ScanDetector(), [...'6901234567892', 'Enter'], 5);
    expect(answers.at(-1)).toBe('6901234567892');
    expect(answers.slice(0, -1).every((answer) => answer === null)).toBe(true);
  });

  it('does not read slow typing, a short burst, or a burst with a pause before Enter as a scan', () => {
    expect(type(new ScanDetector(), [...'TEA-1', 'Enter'], SCAN_GAP_MS + 40).at(-1)).toBeNull();
    expect(type(new ScanDetector(), [...'abc', 'Enter'], 5).at(-1)).toBeNull();
    const paused = new ScanDetector();
    type(paused, [...'TEA-1'], 5);
    expect(paused.press({ key: 'Enter', at_ms: 2000, modified: false })).toBeNull();
  });

  it('starts over after a pause: only the fast burst is the code', () => {
    const detector = new ScanDetector();
    type(detector, [...'xy'], 200, 0);
    expect(type(detector, [...'TEA-1', 'Enter'], 5, 5000).at(-1)).toBe('TEA-1');
  });

  it('lets Shift (a scanner capital) through, but a shortcut breaks the burst', () => {
    expect(type(new ScanDetector(), ['Shift', 'T', 'Shift', 'E', 'A', '1', 'Enter'], 5).at(-1)).toBe('TEA1');
    const detector = new ScanDetector();
    type(detector, [...'TEA1'], 5);
    detector.press({ key: 'c', at_ms: 1020, modified: true });
    expect(detector.press({ key: 'Enter', at_ms: 1025, modified: false })).toBeNull();
  });

  it('knows the fields that take typing', () => {
    expect(isTextEntry(document.createElement('input'))).toBe(true);
    expect(isTextEntry(document.createElement('textarea'))).toBe(true);
    const checkbox = document.createElement('input');
    checkbox.type = 'checkbox';
    expect(isTextEntry(checkbox)).toBe(false);
    expect(isTextEntry(document.createElement('button'))).toBe(false);
    expect(isTextEntry(document.body)).toBe(false);
  });
});
