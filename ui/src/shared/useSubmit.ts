import { useCallback, useRef, useState } from 'react';
import { useErrorText } from './errors';

/**
 * What a form or button does with one call to the core: `busy` while it runs (for a spinner and a
 * disabled submit), the refusal's text in the UI language in `error`, and `run`, which ignores a second
 * submit while the first is still on its way (a double-click sends one call, not two).
 */
export type Submit = {
  busy: boolean;
  error: string | null;
  setError: (error: string | null) => void;
  /**
   * Runs `work`; on a refusal `refused` may put it on the form's fields and return true, else the error's
   * text goes to `error`. Resolves true when `work` succeeded, false when it was refused or not run.
   */
  run: (work: () => Promise<unknown>, refused?: (error: unknown) => boolean | string) => Promise<boolean>;
};

export function useSubmit(): Submit {
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const running = useRef(false);
  const run = useCallback<Submit['run']>(
    async (work, refused) => {
      if (running.current) return false;
      running.current = true;
      setBusy(true);
      setError(null);
      try {
        await work();
        return true;
      } catch (caught) {
        // `refused` handled it (true), or said it in its own words (a string), or left it to us.
        const handled = refused?.(caught) ?? false;
        if (typeof handled === 'string') setError(handled);
        else if (!handled) setError(errorText(caught));
        return false;
      } finally {
        running.current = false;
        setBusy(false);
      }
    },
    [errorText],
  );
  return { busy, error, setError, run };
}
