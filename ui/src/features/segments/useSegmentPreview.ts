import { useEffect, useState } from 'react';
import type { Criteria } from '../../api/bindings';
import { toApiError, type ApiError } from '../../api/rpc';
import { useDebounced } from '../../shared/useDebounced';
import { useApi } from '../../shared/session';

export const PREVIEW_DEBOUNCE_MS = 300;

export type Preview =
  | { state: 'incomplete' }
  | { state: 'loading' }
  | { state: 'ready'; member_count: number }
  | { state: 'failed'; error: ApiError };

/** The live member count of `criteria`, asked of the core once the user pauses editing. */
export function useSegmentPreview(criteria: Criteria, complete: boolean): Preview {
  const api = useApi();
  const criteriaJson = useDebounced(complete ? JSON.stringify(criteria) : null, PREVIEW_DEBOUNCE_MS);
  const [answer, setAnswer] = useState<{ for: string; preview: Preview } | null>(null);

  useEffect(() => {
    if (criteriaJson === null) return;
    let current = true;
    api.call('customers.segments.preview', { criteria: JSON.parse(criteriaJson) as Criteria }).then(
      ({ member_count }) => current && setAnswer({ for: criteriaJson, preview: { state: 'ready', member_count } }),
      (error: unknown) =>
        current && setAnswer({ for: criteriaJson, preview: { state: 'failed', error: toApiError(error) } }),
    );
    return () => {
      current = false;
    };
  }, [api, criteriaJson]);

  if (!complete) return { state: 'incomplete' };
  if (answer && answer.for === criteriaJson && criteriaJson === JSON.stringify(criteria)) return answer.preview;
  return { state: 'loading' };
}
