import { mockIPC } from '@tauri-apps/api/mocks';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerQuery, Role, SyncReport, SyncStatus } from '../../api/bindings';
import type { CommandName, Input, Output } from '../../api/rpc';
import { inputsOf, realCore, type Call, type TestCore } from '../../test/core';
import { SLOW } from '../../test/forms';
import { inLanguage } from '../../test/language';
import { renderSignedIn } from '../../test/render';
import { SyncProvider } from '../sync/SyncProvider';
import { CustomersPage } from './CustomersPage';
import { CUSTOMER_PAGE_SIZE } from './pageCache';

const VIEWPORT_HEIGHT_PX = 600;

/** A customer's name with markup and an emoji in it: shown as text, never as HTML. */
const MARKED_UP = '王小明 <b>Shop</b> 🍵';

/**
 * A company with `count` customers, imported from one CSV: the one named `MARKED_UP`, then "顾客 001", "顾客 002"…
 * (in that order by name, as the list sorts them).
 */
async function withCustomers(count: number) {
  const backend = await realCore();
  const rows = [`"${MARKED_UP}",c0@example.com,上海,vip`];
  for (let i = 1; i < count; i++) rows.push(`顾客 ${String(i).padStart(3, '0')},c${i}@example.com,上海,`);
  const { imported } = await backend.run('customers.import', { csv: ['name,email,city,tags', ...rows].join('\n') });
  expect(imported).toBe(count);
  return backend;
}

function listCalls(calls: Call[]): CustomerQuery[] {
  return inputsOf(calls, 'customers.list') as CustomerQuery[];
}

type Shell = {
  /** The text of the file the user picks in the import dialog. */
  picked?: string;
  /** The rounds the relay gives, in turn: what another device pushed meanwhile (run on the core), and the report. */
  rounds?: (() => Promise<SyncReport>)[];
};

/** This device, connected to the shop's relay. */
const CONNECTED: SyncStatus = {
  configured: true,
  relay_url: 'https://relay.example.com',
  device_id: 'd1',
  pending: 0,
  waiting: 0,
  last_synced_at_ms: null,
};

/** A sync round that found nothing new. */
const QUIET_ROUND: SyncReport = {
  pushed: 0,
  pulled: 0,
  applied: 0,
  waiting: 0,
  rejected: 0,
  cursor: 0,
  files_sent: 0,
  files_received: 0,
  files_waiting: 0,
  files_forgotten: 0,
};

/**
 * Stands in for the desktop shell where only it can do the job: its native file dialogs (the user picks the file
 * `picked`; the export is saved) and its sync relay (`rounds`). The shell passes all else to the core, and so does
 * this: every command, the dialogs' imports and exports included, runs on `backend`'s real core as the caller.
 */
function desktopShellWith(backend: TestCore, { picked = '', rounds }: Shell = {}) {
  const roleOf = (token: string | null): Role => {
    const role = (Object.keys(backend.sessions) as Role[]).find((r) => backend.sessions[r]?.token === token);
    if (!role) throw new Error('a call with no signed-in session');
    return role;
  };
  const core = <C extends CommandName>(command: C, input: Input<C>, token: string | null): Promise<Output<C>> => {
    backend.calls.push({ command, input, token });
    return backend.run(command, input, roleOf(token));
  };
  let round = 0;
  mockIPC(
    async (cmd, payload) => {
      const args = (payload ?? {}) as Record<string, unknown>;
      const token = (args.token ?? null) as string | null;
      switch (cmd) {
        case 'store_status':
          return { state: 'open', key_source: 'keychain' };
        case 'import_customers_dialog':
          backend.calls.push({ command: cmd, input: { title: args.title }, token });
          return core('customers.import', { csv: picked }, token);
        case 'export_customers_dialog': {
          backend.calls.push({ command: cmd, input: { query: args.query, title: args.title }, token });
          const { count } = await core('customers.export', args.query as CustomerQuery, token);
          return { path: '/home/shop/customers.csv', count };
        }
        case 'call': {
          const command = args.command as CommandName;
          if (rounds && command === 'sync.status') return CONNECTED;
          if (rounds && command === 'sync.now') {
            backend.calls.push({ command, input: args.input, token });
            const next = rounds[round++];
            return next ? next() : QUIET_ROUND;
          }
          return core(command, args.input as Input<typeof command>, token);
        }
        default:
          throw new Error(`no stand-in for the shell's ${cmd}`);
      }
    },
    { shouldMockEvents: true },
  );
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

describe('CustomersPage', () => {
  it('renders the first page of rows, as text, with the total from the core', async () => {
    const backend = await withCustomers(1000);
    renderSignedIn(<CustomersPage />, { session: backend.session });

    const rows = await screen.findAllByTestId('customer-row', {}, SLOW);
    expect(rows[0]).toHaveTextContent(MARKED_UP);
    expect(rows[0].querySelector('b')).toBeNull();
    await waitFor(() => expect(screen.getByTestId('customers-total')).toHaveTextContent('1,000 customers'), SLOW);
    // Only the rows on screen (plus overscan) are in the DOM, not the whole page.
    expect(rows.length).toBeLessThan(40);
    expect(listCalls(backend.calls)[0]).toEqual({
      status: 'active',
      sort: 'name',
      descending: false,
      offset: 0,
      limit: CUSTOMER_PAGE_SIZE,
    });
    expect(backend.calls.every((call) => call.token === backend.session.token)).toBe(true);
  });

  it('asks for the page under the scroll position, by offset, and only once', async () => {
    const backend = await withCustomers(1000);
    renderSignedIn(<CustomersPage />, { session: backend.session });
    await screen.findAllByTestId('customer-row', {}, SLOW);

    const scroller = screen.getByTestId('customers-scroll');
    await act(async () => {
      scroller.scrollTop = 44 * 500; // Row 500 lives in the third page (offsets 400..599).
      fireEvent.scroll(scroller);
    });

    await waitFor(() => expect(screen.getByText('顾客 505')).toBeInTheDocument(), SLOW);
    const offsets = listCalls(backend.calls).map((query) => query.offset);
    expect(offsets).toContain(400);
    expect(offsets).not.toContain(200); // Pages scrolled past are not fetched.
    expect(new Set(offsets).size).toBe(offsets.length);
    expect(Math.max(...listCalls(backend.calls).map((query) => query.limit ?? 0))).toBe(CUSTOMER_PAGE_SIZE);
  });

  it('searches after the user pauses typing, from the first page again', async () => {
    const backend = await withCustomers(30);
    renderSignedIn(<CustomersPage />, { session: backend.session });
    await screen.findAllByTestId('customer-row', {}, SLOW);

    await userEvent.type(screen.getByTestId('customers-search'), '小明');

    await waitFor(() => expect(listCalls(backend.calls).some((query) => query.search === '小明')).toBe(true), SLOW);
    const searches = listCalls(backend.calls).filter((query) => query.search !== undefined);
    expect(searches.map((query) => query.search)).toEqual(['小明']); // Debounced: not once per keystroke.
    expect(searches[0].offset).toBe(0);
    // The core finds the one customer.
    await waitFor(() => expect(screen.getByTestId('customers-total')).toHaveTextContent('1 customer'), SLOW);
    expect(screen.getAllByTestId('customer-row')).toHaveLength(1);
    expect(screen.getByTestId('customer-row')).toHaveTextContent(MARKED_UP);
  });

  it('says what to do when there are no customers yet, and that none match when a search finds none', async () => {
    const empty = await realCore();
    const { unmount } = renderSignedIn(<CustomersPage />, { session: empty.session });
    expect(await screen.findByTestId('customers-empty', {}, SLOW)).toHaveTextContent(
      'No customers yet. Add one with “New customer”, or import a CSV file.',
    );
    unmount();

    const backend = await withCustomers(3);
    renderSignedIn(<CustomersPage />, { session: backend.session });
    await screen.findAllByTestId('customer-row', {}, SLOW);
    await userEvent.type(screen.getByTestId('customers-search'), 'nobody by this name');
    await waitFor(() => expect(screen.getByTestId('customers-empty')).toHaveTextContent('No customers match'), SLOW);
  });

  it('asks before Escape throws away a new customer being typed, and closes at once when nothing was typed', async () => {
    const backend = await realCore();
    renderSignedIn(<CustomersPage />, { session: backend.session });
    const drawerOpen = () => document.querySelector('.ant-drawer-open') !== null;

    // Nothing typed: Escape closes.
    await userEvent.click(await screen.findByTestId('customers-new', {}, SLOW));
    await waitFor(() => expect(drawerOpen()).toBe(true));
    await userEvent.click(screen.getByTestId('customer-form-name'));
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(drawerOpen()).toBe(false), SLOW);

    // Something typed: Escape asks; keep editing keeps it.
    await userEvent.click(screen.getByTestId('customers-new'));
    await userEvent.type(screen.getByTestId('customer-form-name'), '王小明');
    await userEvent.keyboard('{Escape}');
    await userEvent.click(await screen.findByTestId('keep-editing', {}, SLOW));
    expect(drawerOpen()).toBe(true);
    expect(screen.getByTestId('customer-form-name')).toHaveValue('王小明');

    // Asked again, discarding closes it; nothing was saved.
    await userEvent.click(screen.getByTestId('customer-form-name'));
    await userEvent.keyboard('{Escape}');
    await userEvent.click(await screen.findByTestId('discard-changes', {}, SLOW));
    await waitFor(() => expect(drawerOpen()).toBe(false), SLOW);
    expect(inputsOf(backend.calls, 'customers.create')).toEqual([]);
  });

  // The relay is the desktop shell's: stood in for, with the other device's change made on the real core.
  it('fetches the rows again after a sync round brings changes from another device', async () => {
    const backend = await withCustomers(3);
    desktopShellWith(backend, {
      rounds: [
        async () => {
          // Meanwhile, the till added a customer.
          await backend.fromAnotherDevice('customers.create', { name: '周 from the till' });
          return { ...QUIET_ROUND, pulled: 1, applied: 1, cursor: 1 };
        },
      ],
    });
    renderSignedIn(
      <SyncProvider>
        <CustomersPage />
      </SyncProvider>,
      { session: backend.session },
    );
    await screen.findAllByTestId('customer-row', {}, SLOW);

    // The provider's first round runs as soon as it knows the device is connected, and applies the change.
    await waitFor(() => expect(listCalls(backend.calls).filter((query) => query.offset === 0)).toHaveLength(2), SLOW);
    expect(inputsOf(backend.calls, 'sync.now')).toHaveLength(1);
    await waitFor(() => expect(screen.getByTestId('customers-total')).toHaveTextContent('4 customers'), SLOW);
    expect(screen.getByText('周 from the till')).toBeInTheDocument();
  });
});

describe('CustomersPage in Chinese', () => {
  inLanguage('zh-CN');

  // The file dialog is the desktop shell's: stood in for, and the file the user picked is imported by the real core.
  it('lists a rejected import row by row, each problem in Chinese, and titles the dialog in Chinese', async () => {
    const backend = await withCustomers(3);
    const picked = [
      'name,email,phone,tags',
      'Acme Trading,orders@acme.example,,vip', // row 2
      '王芳,x@,,', // row 3
      'Li Tea House,,,', // row 4
      `${'长'.repeat(230)},,,`, // row 5
      'Zhou,,+86 138 0000 0000,', // row 6
      'Chen,,,', // row 7
      'Sun,,,', // row 8
      `Zhao,,,${'t'.repeat(51)}`, // row 9
      'Qian,,,', // row 10
      'Wu,,,', // row 11
      `Zheng,,,${Array.from({ length: 51 }, (_, i) => `tag${i}`).join(';')}`, // row 12
    ].join('\n');
    desktopShellWith(backend, { picked });
    renderSignedIn(<CustomersPage />, { session: backend.session });
    await screen.findAllByTestId('customer-row', {}, SLOW);

    await userEvent.click(screen.getByTestId('customers-import'));

    const table = await screen.findByTestId('import-errors', {}, SLOW);
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
      ['9', 'tags', '最多 50 个字符'],
      ['12', 'tags', '最多 50 个'],
    ]);
    expect(screen.getByText('文件中有 4 处问题，请修正后重新导入。')).toBeInTheDocument();
    expect(backend.calls.find((call) => call.command === 'import_customers_dialog')).toEqual({
      command: 'import_customers_dialog',
      input: { title: '导入客户' },
      token: backend.session.token,
    });
    // All rows or none: nothing was imported.
    expect((await backend.run('customers.list', {})).total).toBe(3);
  });

  it('says where a malformed file breaks, in Chinese', async () => {
    const backend = await withCustomers(3);
    desktopShellWith(backend, { picked: 'name,email,city\nAcme Trading,orders@acme.example,Shanghai\n王芳\n' });
    renderSignedIn(<CustomersPage />, { session: backend.session });
    await screen.findAllByTestId('customer-row', {}, SLOW);

    await userEvent.click(screen.getByTestId('customers-import'));

    const table = await screen.findByTestId('import-errors', {}, SLOW);
    const cells = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) =>
        within(row)
          .getAllByRole('cell')
          .map((cell) => cell.textContent),
      );
    expect(cells).toEqual([['3', '', '应与表头一样有 3 个值']]);
  });

  it('titles the export dialog in Chinese', async () => {
    const backend = await withCustomers(3);
    desktopShellWith(backend);
    renderSignedIn(<CustomersPage />, { session: backend.session });
    await screen.findAllByTestId('customer-row', {}, SLOW);

    await userEvent.click(screen.getByTestId('customers-export'));

    await waitFor(
      () => expect(backend.calls.some((call) => call.command === 'export_customers_dialog')).toBe(true),
      SLOW,
    );
    expect(backend.calls.find((call) => call.command === 'export_customers_dialog')?.input).toMatchObject({
      title: '导出客户',
    });
    // The core exported the three customers the list shows.
    await waitFor(() => expect(inputsOf(backend.calls, 'customers.export')).toHaveLength(1), SLOW);
    expect(await screen.findByText('已导出 3 位客户到 /home/shop/customers.csv', {}, SLOW)).toBeInTheDocument();
  });
});
