// A barcode scanner for the UI's tests.
import { fireEvent } from '@testing-library/react';
import { vi } from 'vitest';

/**
 * What a scanner types: the code's characters and Enter, with no time between them. The app tells a scan from
 * typing by the time between keys, and on a loaded machine a render between two `keyDown`s can take longer than
 * a scanner's gap, so the clock the detector reads stands still for the burst.
 */
export function scan(code: string, target: Element = document.body) {
  vi.useFakeTimers({ toFake: ['performance'] });
  try {
    for (const key of code) fireEvent.keyDown(target, { key });
    fireEvent.keyDown(target, { key: 'Enter' });
  } finally {
    vi.useRealTimers();
  }
}
