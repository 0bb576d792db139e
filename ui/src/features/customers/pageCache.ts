import type { Customer } from '../../api/bindings';
import type { Page } from '../../api/rpc';

/** Rows fetched per `customers.list` call as the user scrolls. */
export const CUSTOMER_PAGE_SIZE = 200;
/** Pages kept in memory: scrolling through 100k customers must not keep 100k rows alive. */
export const CUSTOMER_PAGES_CACHED_MAX = 50;

export type FetchPage = (offset: number, limit: number) => Promise<Page<Customer>>;

/**
 * Rows of one customer query, fetched a page at a time on demand and evicted least-recently-used.
 * `total` comes from the latest answer; until the first answer it is null.
 */
export class CustomerPageCache {
  total: number | null = null;
  error: unknown = null;
  private readonly pages = new Map<number, Customer[]>();
  private readonly inFlight = new Set<number>();
  private detached = false;
  private readonly fetchPage: FetchPage;
  private readonly onChange: () => void;

  constructor(fetchPage: FetchPage, onChange: () => void) {
    this.fetchPage = fetchPage;
    this.onChange = onChange;
  }

  rowAt(index: number): Customer | undefined {
    const page = this.pages.get(Math.floor(index / CUSTOMER_PAGE_SIZE));
    return page?.[index % CUSTOMER_PAGE_SIZE];
  }

  get loading(): boolean {
    return this.inFlight.size > 0;
  }

  /** Makes sure the rows `first..=last` are loaded or on their way. */
  ensure(first: number, last: number): void {
    if (this.detached) return;
    const firstPage = Math.floor(Math.max(first, 0) / CUSTOMER_PAGE_SIZE);
    const lastPage = Math.floor(Math.max(last, first, 0) / CUSTOMER_PAGE_SIZE);
    for (let page = firstPage; page <= lastPage; page++) {
      const rows = this.pages.get(page);
      if (rows) {
        // Re-insert: Map keeps insertion order, so the oldest-used page stays first for eviction.
        this.pages.delete(page);
        this.pages.set(page, rows);
      } else if (!this.inFlight.has(page)) {
        void this.load(page);
      }
    }
  }

  /** Stops delivering answers: the query changed and these rows belong to the old one. */
  detach(): void {
    this.detached = true;
  }

  /** Undoes `detach` (React may unmount and remount the same cache in development). */
  attach(): void {
    this.detached = false;
  }

  private async load(page: number): Promise<void> {
    this.inFlight.add(page);
    this.error = null;
    try {
      const answer = await this.fetchPage(page * CUSTOMER_PAGE_SIZE, CUSTOMER_PAGE_SIZE);
      if (this.detached) return;
      this.pages.set(page, answer.items);
      this.total = answer.total;
      while (this.pages.size > CUSTOMER_PAGES_CACHED_MAX) {
        const oldest = this.pages.keys().next().value as number;
        this.pages.delete(oldest);
      }
    } catch (error) {
      if (this.detached) return;
      this.error = error;
    } finally {
      this.inFlight.delete(page);
      if (!this.detached) this.onChange();
    }
  }
}
