import { useEffect, useMemo, useReducer } from 'react';
import type { CustomerQuery } from '../../api/bindings';
import { useApi } from '../../shared/session';
import { useDataVersion } from '../../shared/dataVersion';
import { CustomerPageCache } from './pageCache';

export type CustomerFilters = Omit<CustomerQuery, 'offset' | 'limit'>;

/**
 * A page cache for the current filters. A new cache (and a fresh first page) whenever the filters or
 * `reloadKey` change, or a sync round brings changes; answers for an old query are dropped.
 */
export function useCustomerPages(filters: CustomerFilters, reloadKey: number) {
  const api = useApi();
  const dataVersion = useDataVersion();
  const [version, changed] = useReducer((n: number) => n + 1, 0);
  const filtersKey = JSON.stringify(filters);

  const cache = useMemo(
    () => {
      const query = JSON.parse(filtersKey) as CustomerFilters;
      return new CustomerPageCache((offset, limit) => api.call('customers.list', { ...query, offset, limit }), changed);
    },
    // reloadKey and dataVersion are deliberate triggers: same filters, fresh rows.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, filtersKey, reloadKey, dataVersion],
  );

  useEffect(() => {
    cache.attach();
    cache.ensure(0, 0);
    return () => cache.detach();
  }, [cache]);

  return { cache, version };
}
