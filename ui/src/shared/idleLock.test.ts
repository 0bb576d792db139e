import { fireEvent, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useIdleTimer } from './idleLock';

const MINUTE_MS = 60_000;

describe('useIdleTimer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires once after the idle time, later for every use of keyboard, mouse or wheel', () => {
    const onIdle = vi.fn();
    renderHook(() => useIdleTimer(5, onIdle));

    vi.advanceTimersByTime(4 * MINUTE_MS);
    fireEvent.keyDown(window, { key: 'a' });
    vi.advanceTimersByTime(4 * MINUTE_MS);
    fireEvent.wheel(window);
    vi.advanceTimersByTime(4 * MINUTE_MS);
    expect(onIdle).not.toHaveBeenCalled();

    vi.advanceTimersByTime(MINUTE_MS);
    expect(onIdle).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(60 * MINUTE_MS);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('never fires for 0 minutes', () => {
    const onIdle = vi.fn();
    renderHook(() => useIdleTimer(0, onIdle));
    vi.advanceTimersByTime(24 * 60 * MINUTE_MS);
    expect(onIdle).not.toHaveBeenCalled();
  });
});
