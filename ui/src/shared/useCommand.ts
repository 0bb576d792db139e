import { useEffect, useState } from 'react';
import type { CommandName, Input, Output } from '../api/rpc';
import { useApi } from './session';
import { useDataVersion } from './dataVersion';

export type Loaded<T> = {
  /** The latest answer; kept while a newer one loads, so a table does not blink empty. */
  output: T | null;
  /** An answer for the current input and version is on its way. */
  loading: boolean;
  /** Why the latest load failed; null once one succeeds. */
  error: unknown;
};

/**
 * Calls a read command now, again when `input` or `version` changes, and after a sync round brought changes
 * from another device. An answer that arrives after a newer call started is dropped. A null `input` calls
 * nothing (yet): for what the user may not read, or has not opened.
 */
export function useCommand<C extends CommandName>(
  command: C,
  input: Input<C> | null,
  version: number,
): Loaded<Output<C>> {
  const api = useApi();
  const dataVersion = useDataVersion();
  const inputJson = JSON.stringify(input);
  const key = JSON.stringify([command, inputJson, version, dataVersion]);
  const [loaded, setLoaded] = useState<{ key: string; output: Output<C> } | null>(null);
  const [failed, setFailed] = useState<{ key: string; error: unknown } | null>(null);

  const skipped = input === null;

  useEffect(() => {
    if (skipped) return;
    let current = true;
    api.call(command, JSON.parse(inputJson) as Input<C>).then(
      (output) => {
        if (!current) return;
        setLoaded({ key, output });
        setFailed(null);
      },
      (error: unknown) => current && setFailed({ key, error }),
    );
    return () => {
      current = false;
    };
  }, [api, command, inputJson, key, skipped]);

  if (skipped) return { output: null, loading: false, error: null };
  return {
    output: loaded?.output ?? null,
    loading: loaded?.key !== key && failed?.key !== key,
    error: failed?.error ?? null,
  };
}
