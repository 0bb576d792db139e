import { App } from 'antd';
import { useCallback, useState } from 'react';
import type { Recurring, RecurringPatch } from '../../api/bindings';
import { toApiError } from '../../api/rpc';
import { useErrorText } from '../../shared/errors';
import { useApi } from '../../shared/session';

export type RecurringUpdate = {
  /** The schedule being changed now, if any. */
  updating: string | null;
  /** Sends `patch` for `recurring`; says `done` when the core took it, or why it refused. */
  update: (recurring: Recurring, patch: Omit<RecurringPatch, 'id'>, done: string) => Promise<void>;
};

/** Pausing, resuming, ending, issuing-as-made and taking over a recurring invoice (`finances.recurring.update`). */
export function useRecurringUpdate(onChanged: () => void): RecurringUpdate {
  const api = useApi();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [updating, setUpdating] = useState<string | null>(null);

  const update = useCallback(
    async (recurring: Recurring, patch: Omit<RecurringPatch, 'id'>, done: string) => {
      setUpdating(recurring.id);
      try {
        await api.call('finances.recurring.update', { id: recurring.id, ...patch });
        void message.success(done);
        onChanged();
      } catch (error) {
        void message.error(errorText(error));
        // Changed meanwhile (here or on another device): show it as it is now.
        if (toApiError(error).code === 'conflict') onChanged();
      } finally {
        setUpdating(null);
      }
    },
    [api, errorText, message, onChanged],
  );

  return { updating, update };
}
