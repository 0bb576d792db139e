import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, CustomerQuery } from '../../api/bindings';
import { mockCommands, type Call } from '../../test/ipc';
import { renderSignedIn } from '../../test/render';
import { CustomersPage } from './CustomersPage';
import { CUSTOMER_PAGE_SIZE } from './pageCache';

const TOTAL = 1000;
const VIEWPORT_HEIGHT_PX = 600;

function customerAt(index: number): Customer {
  return {
    id: `c${index}`,
    name: index === 0 ? '王小明 <b>Shop</b> 🍵' : `Customer ${index}`,
    email: `c${index}@example.com`,
    phone: null,
    address: { line1: '', line2: '', city: '上海', region: '', postal_code: '', country: 'CN' },
    tax_id: null,
    tags: index === 0 ? ['vip'] : [],
    archived: false,
    created_at_ms: 1_700_000_000_000,
    updated_at_ms: 1_700_000_000_000,
  };
}

function listCalls(calls: Call[]): CustomerQuery[] {
  return calls.filter((call) => call.command === 'customers.list').map((call) => call.input as CustomerQuery);
}

// jsdom does no layout: give the scroller a height so the virtualiser has a viewport to fill.
const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.dataset.testid === 'customers-scroll' ? VIEWPORT_HEIGHT_PX : 0;
    },
  });
});
afterAll(() => {
  if (clientHeight) Object.defineProperty(HTMLElement.prototype, 'clientHeight', clientHeight);
});

function mockCustomers() {
  return mockCommands({
    'customers.list': ({ offset = 0, limit = 50 }) => ({
      total: TOTAL,
      items: Array.from({ length: Math.min(limit, TOTAL - offset) }, (_, i) => customerAt(offset + i)),
    }),
    'customers.tags.list': () => ['vip'],
  });
}

describe('CustomersPage', () => {
  it('renders the first page of rows, as text, with the total from the core', async () => {
    const calls = mockCustomers();
    renderSignedIn(<CustomersPage />);

    const rows = await screen.findAllByTestId('customer-row');
    expect(rows[0]).toHaveTextContent('王小明 <b>Shop</b> 🍵');
    expect(rows[0].querySelector('b')).toBeNull();
    expect(screen.getByTestId('customers-total')).toHaveTextContent('1,000 customers');
    // Only the rows on screen (plus overscan) are in the DOM, not the whole page.
    expect(rows.length).toBeLessThan(40);
    expect(listCalls(calls)[0]).toEqual({
      status: 'active',
      sort: 'name',
      descending: false,
      offset: 0,
      limit: CUSTOMER_PAGE_SIZE,
    });
    expect(calls.every((call) => call.token === 'test-token')).toBe(true);
  });

  it('asks for the page under the scroll position, by offset, and only once', async () => {
    const calls = mockCustomers();
    renderSignedIn(<CustomersPage />);
    await screen.findAllByTestId('customer-row');

    const scroller = screen.getByTestId('customers-scroll');
    await act(async () => {
      scroller.scrollTop = 44 * 500; // Row 500 lives in the third page (offsets 400..599).
      fireEvent.scroll(scroller);
    });

    await waitFor(() => expect(screen.getByText('Customer 505')).toBeInTheDocument());
    const offsets = listCalls(calls).map((query) => query.offset);
    expect(offsets).toContain(400);
    expect(offsets).not.toContain(200); // Pages scrolled past are not fetched.
    expect(new Set(offsets).size).toBe(offsets.length);
    expect(Math.max(...listCalls(calls).map((query) => query.limit ?? 0))).toBe(CUSTOMER_PAGE_SIZE);
  });

  it('searches after the user pauses typing, from the first page again', async () => {
    const calls = mockCustomers();
    renderSignedIn(<CustomersPage />);
    await screen.findAllByTestId('customer-row');

    await userEvent.type(screen.getByTestId('customers-search'), '小明');

    await waitFor(() => expect(listCalls(calls).some((query) => query.search === '小明')).toBe(true));
    const searches = listCalls(calls).filter((query) => query.search !== undefined);
    expect(searches.map((query) => query.search)).toEqual(['小明']); // Debounced: not once per keystroke.
    expect(searches[0].offset).toBe(0);
  });
});
