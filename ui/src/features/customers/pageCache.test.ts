import { describe, expect, it } from 'vitest';
import type { Customer } from '../../api/bindings';
import type { Page } from '../../api/rpc';
import { CUSTOMER_PAGE_SIZE, CUSTOMER_PAGES_CACHED_MAX, CustomerPageCache } from './pageCache';

function fakeFetch(total: number) {
  const offsets: number[] = [];
  const fetch = async (offset: number, limit: number): Promise<Page<Customer>> => {
    offsets.push(offset);
    const items = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => ({
      id: String(offset + i),
    })) as Customer[];
    return { total, items };
  };
  return { fetch, offsets };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('CustomerPageCache', () => {
  it('fetches each page once however often its rows are asked for', async () => {
    const { fetch, offsets } = fakeFetch(100_000);
    const cache = new CustomerPageCache(fetch, () => undefined);

    cache.ensure(0, 10);
    cache.ensure(5, 30);
    await settle();
    cache.ensure(150, 250);
    await settle();

    expect(offsets).toEqual([0, CUSTOMER_PAGE_SIZE]);
    expect(cache.total).toBe(100_000);
    expect(cache.rowAt(250)?.id).toBe('250');
  });

  it('keeps a bounded number of pages, dropping the least recently used', async () => {
    const { fetch } = fakeFetch(100_000);
    const cache = new CustomerPageCache(fetch, () => undefined);

    for (let page = 0; page <= CUSTOMER_PAGES_CACHED_MAX; page++) {
      cache.ensure(page * CUSTOMER_PAGE_SIZE, page * CUSTOMER_PAGE_SIZE);
      await settle();
    }

    expect(cache.rowAt(0)).toBeUndefined();
    expect(cache.rowAt(CUSTOMER_PAGES_CACHED_MAX * CUSTOMER_PAGE_SIZE)).toBeDefined();
  });

  it('drops answers that arrive after it was detached', async () => {
    const { fetch } = fakeFetch(10);
    let changes = 0;
    const cache = new CustomerPageCache(fetch, () => changes++);

    cache.ensure(0, 0);
    cache.detach();
    await settle();

    expect(cache.total).toBeNull();
    expect(changes).toBe(0);
  });
});
