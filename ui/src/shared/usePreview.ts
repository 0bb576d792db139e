import { useEffect, useState } from 'react';
import type { CommandName, Input, Output } from '../api/rpc';
import { useApi } from './session';

/** How long typing pauses before the core is asked again. */
export const PREVIEW_DELAY_MS = 250;

type Answer<C extends CommandName> = { key: string; output: Output<C> | null };

/**
 * Asks the core to work out what a form shows while someone types (an invoice's amounts, a journal entry's
 * totals): it is the only one that knows how. `input` null (the form is closed, or there is nothing to ask)
 * asks nothing and forgets the last answer. The core is asked once typing pauses; until a newer answer arrives
 * the last one stays, so the numbers do not blink. A refusal gives null: errors are shown on save, not while
 * one types.
 */
export function usePreview<C extends CommandName>(command: C, input: Input<C> | null): Output<C> | null {
  const api = useApi();
  const [answer, setAnswer] = useState<Answer<C> | null>(null);
  const key = input === null ? null : JSON.stringify(input);
  const [wasAsking, setWasAsking] = useState(key !== null);
  if (wasAsking !== (key !== null)) {
    // Opened or closed: what was worked out before belongs to another form.
    setWasAsking(key !== null);
    setAnswer(null);
  }

  useEffect(() => {
    if (key === null) return;
    let current = true;
    const timer = setTimeout(() => {
      api.call(command, JSON.parse(key) as Input<C>).then(
        (output) => current && setAnswer({ key, output }),
        () => current && setAnswer({ key, output: null }),
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, command, key]);

  return key === null ? null : (answer?.output ?? null);
}
