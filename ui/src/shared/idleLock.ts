import { createContext, useEffect, useRef, useState } from 'react';
import { useApi, useLockNow } from './session';

/** What counts as someone using the app. */
const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel'] as const;

const MINUTE_MS = 60_000;

/**
 * Lets Settings hand a new idle time to the running timer, so a change applies without signing in again.
 * Outside the app shell (in tests of Settings alone) it does nothing.
 */
export const IdleLockMinutesContext = createContext<(minutes: number) => void>(() => undefined);

/**
 * Calls `onIdle` once nobody has used the window for `minutes` (0: never). Activity only notes the time;
 * one timer checks it, so moving the mouse does not reset timers hundreds of times a second. A computer
 * that slept past the limit locks as soon as it wakes.
 */
export function useIdleTimer(minutes: number, onIdle: () => void): void {
  const onIdleRef = useRef(onIdle);
  useEffect(() => {
    onIdleRef.current = onIdle;
  });

  useEffect(() => {
    if (!(minutes > 0)) return;
    const limit_ms = minutes * MINUTE_MS;
    let last_activity_ms = Date.now();
    const touch = () => {
      last_activity_ms = Date.now();
    };
    let timer = 0;
    const check = () => {
      const idle_ms = Date.now() - last_activity_ms;
      if (idle_ms >= limit_ms) onIdleRef.current();
      else timer = window.setTimeout(check, limit_ms - idle_ms);
    };
    timer = window.setTimeout(check, limit_ms);
    const options = { capture: true, passive: true };
    for (const event of ACTIVITY_EVENTS) window.addEventListener(event, touch, options);
    return () => {
      window.clearTimeout(timer);
      for (const event of ACTIVITY_EVENTS) window.removeEventListener(event, touch, options);
    };
  }, [minutes]);
}

/**
 * Locks the session after the company's idle time (`security.settings.get`). Returns the setter for
 * `IdleLockMinutesContext`.
 */
export function useIdleLock(): (minutes: number) => void {
  const api = useApi();
  const lockNow = useLockNow();
  const [minutes, setMinutes] = useState(0);

  useEffect(() => {
    let current = true;
    api.call('security.settings.get', {}).then(
      (settings) => current && setMinutes(settings.idle_lock_minutes),
      // Without the setting there is no idle lock; an ended or locked session is the api guard's to handle.
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [api]);

  useIdleTimer(minutes, () => void lockNow());
  return setMinutes;
}
