import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, CustomerQuery } from '../../api/bindings';
import { mockCommands, type Call } from '../../test/ipc';
import { inLanguage } from '../../test/language';
import { renderSignedIn } from '../../test/render';
import { SyncProvider } from '../sync/SyncProvider';
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
    erased: false,
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

function mockCustomers(dialogs: Parameters<typeof mockCommands>[1] = {}) {
  return mockCommands(
    {
      'customers.list': ({ offset = 0, limit = 50 }) => ({
        total: TOTAL,
        items: Array.from({ length: Math.min(limit, TOTAL - offset) }, (_, i) => customerAt(offset + i)),
      }),
      'customers.tags.list': () => ['vip'],
    },
    dialogs,
  );
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

  it('fetches the rows again after a sync round brings changes from another device', async () => {
    const calls = mockCustomers({
      sync_status: () => ({
        configured: true,
        relay_url: 'https://relay.example.com',
        device_id: 'd1',
        pending: 0,
        waiting: 0,
        last_synced_at_ms: null,
      }),
      sync_now: () => ({ pushed: 0, pulled: 2, applied: 2, waiting: 0, rejected: 0, cursor: 2 }),
    });
    renderSignedIn(
      <SyncProvider>
        <CustomersPage />
      </SyncProvider>,
    );
    await screen.findAllByTestId('customer-row');

    // The provider's first round runs as soon as it knows the device is connected, and applies 2 changes.
    await waitFor(() => expect(listCalls(calls).filter((query) => query.offset === 0)).toHaveLength(2));
    expect(calls.filter((call) => call.command === 'sync_now')).toHaveLength(1);
  });
});

describe('CustomersPage in Chinese', () => {
  inLanguage('zh-CN');

  it('lists a rejected import row by row, each problem in Chinese, and titles the dialog in Chinese', async () => {
    const calls = mockCustomers({
      import_customers_dialog: () => {
        throw {
          code: 'validation',
          message: '4 rows have problems; nothing was imported',
          details: [
            {
              row: 3,
              field: 'email',
              message: "row 3: email 'x@' is not a valid email address",
              reason: 'invalid_email',
            },
            { row: 5, field: 'name', message: 'row 5: name is 230 characters long', reason: 'too_long', limit: 200 },
            {
              row: 9,
              field: null,
              message: 'row 9 has 4 fields but the header has 11',
              reason: 'wrong_field_count',
              limit: 11,
            },
            { row: 12, field: 'tags', message: "row 12: a tag cannot contain ';'" },
          ],
        };
      },
    });
    renderSignedIn(<CustomersPage />);
    await screen.findAllByTestId('customer-row');

    await userEvent.click(screen.getByTestId('customers-import'));

    const table = await screen.findByTestId('import-errors');
    const rows = within(table)
      .getAllByRole('row')
      .slice(1) // the header
      .map((row) =>
        within(row)
          .getAllByRole('cell')
          .map((cell) => cell.textContent),
      );
    expect(rows).toEqual([
      ['3', 'email', '不是有效的邮箱地址'],
      ['5', 'name', '最多 200 个字符'],
      ['9', '', '应与表头一样有 11 个值'],
      ['12', 'tags', "row 12: a tag cannot contain ';'"], // No reason: the core's own words.
    ]);
    expect(screen.getByText('文件中有 4 处问题，请修正后重新导入。')).toBeInTheDocument();
    expect(calls.find((call) => call.command === 'import_customers_dialog')).toEqual({
      command: 'import_customers_dialog',
      input: { title: '导入客户' },
      token: 'test-token',
    });
  });

  it('titles the export dialog in Chinese', async () => {
    const calls = mockCustomers({ export_customers_dialog: () => ({ path: '/tmp/customers.csv', count: 1000 }) });
    renderSignedIn(<CustomersPage />);
    await screen.findAllByTestId('customer-row');

    await userEvent.click(screen.getByTestId('customers-export'));

    await waitFor(() => expect(calls.some((call) => call.command === 'export_customers_dialog')).toBe(true));
    expect(calls.find((call) => call.command === 'export_customers_dialog')?.input).toMatchObject({
      title: '导出客户',
    });
  });
});
