import { App } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { toApiError, type Once } from '../api/rpc';
import { useErrorText } from './errors';

/** Whether the call got no answer at all (so whether it ran is unknown). */
function unanswered(error: unknown): boolean {
  const apiError = toApiError(error);
  return apiError.code === 'internal' || apiError.reason === 'relay_offline';
}

/** A fresh request id, 128 random bits in hex (the core keeps the first answer to each for a repeat). */
function newRequestId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * What a form or button does with one call to the core: `busy` while it runs (for a spinner and a
 * disabled submit), the refusal's text in the UI language in `error`, and `run`, which ignores a second
 * submit while the first is still on its way (a double-click sends one call, not two).
 *
 * `run` hands `work` the submit's request id (`once`), to pass to the call that changes data: a submit
 * sent again after its answer was lost makes one record, not two. The id is kept only while the outcome is
 * unknown (no answer came); after an answer, success or refusal, the next submit is a new request.
 */
export type Submit = {
  busy: boolean;
  error: string | null;
  setError: (error: string | null) => void;
  /**
   * Runs `work`; on a refusal `refused` may put it on the form's fields and return true, else the error's
   * text goes to `error`. Resolves true when `work` succeeded, false when it was refused or not run.
   */
  run: (work: (once: Once) => Promise<unknown>, refused?: (error: unknown) => boolean | string) => Promise<boolean>;
};

/**
 * The same for a screen with several actions (upload / remove, export / verify): `busy` names the action
 * that runs (for its button's spinner), one action at a time, and each action keeps its own request id.
 * With `toast`, a refusal is said in a message at the top of the window instead of in `error`.
 */
export type Actions<K extends string> = {
  busy: K | null;
  error: string | null;
  setError: (error: string | null) => void;
  run: (
    action: K,
    work: (once: Once) => Promise<unknown>,
    refused?: (error: unknown) => boolean | string,
  ) => Promise<boolean>;
};

export function useActions<K extends string>(options: { toast?: boolean; open?: boolean } = {}): Actions<K> {
  const errorText = useErrorText();
  const { message } = App.useApp();
  const toast = options.toast ?? false;
  const [busy, setBusy] = useState<K | null>(null);
  const [error, setError] = useState<string | null>(null);
  const running = useRef(false);
  // A drawer's form that was saved takes no second submit until it is opened again: the second click of a
  // double-click can come after the first call's answer, while the drawer is still sliding shut.
  const saved = useRef(false);
  const latches = options.open !== undefined;
  useEffect(() => {
    if (options.open) saved.current = false;
  }, [options.open]);
  const requestIds = useRef(new Map<K, string>());
  const run = useCallback<Actions<K>['run']>(
    async (action, work, refused) => {
      if (running.current || saved.current) return false;
      running.current = true;
      setBusy(action);
      setError(null);
      const requestId = requestIds.current.get(action) ?? newRequestId();
      requestIds.current.set(action, requestId);
      try {
        await work({ requestId });
        // Done: the next submit is another request (in a drawer, once it is opened again).
        requestIds.current.delete(action);
        if (latches) saved.current = true;
        return true;
      } catch (caught) {
        // Refused, the core recorded nothing: the next submit is another request. Without an answer it may
        // have been recorded: sent again, it is the same request.
        if (!unanswered(caught)) requestIds.current.delete(action);
        // `refused` handled it (true), or said it in its own words (a string), or left it to us.
        const handled = refused?.(caught) ?? false;
        const text = typeof handled === 'string' ? handled : handled ? null : errorText(caught);
        if (text !== null && toast) void message.error(text);
        else if (text !== null) setError(text);
        return false;
      } finally {
        running.current = false;
        setBusy(null);
      }
    },
    [errorText, message, toast, latches],
  );
  return { busy, error, setError, run };
}

/**
 * A form's one action: {@link useActions} with a single action. A drawer's form passes whether it is `open`: once
 * saved it takes no further submit until it is opened again (the drawer closes on saving; a double-click's second
 * click must not record it twice).
 */
export function useSubmit(open?: boolean): Submit {
  const actions = useActions<'submit'>(open === undefined ? {} : { open });
  const runAction = actions.run;
  const run = useCallback<Submit['run']>((work, refused) => runAction('submit', work, refused), [runAction]);
  return { busy: actions.busy !== null, error: actions.error, setError: actions.setError, run };
}
