// For the inventory tests: the dev mock's inventory (src/dev/mockInventory.ts) behind the mocked IPC, so a flow
// (an order sent, then part of it received) runs against state that changes, and every call is recorded.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { emit } from '@tauri-apps/api/event';
import userEvent from '@testing-library/user-event';
import { expect } from 'vitest';
import type { FileExport, Product, Session } from '../../api/bindings';
import { PROGRESS_EVENT, type Progress } from '../../api/rpc';
import { createInventoryMock, INVENTORY_PERMISSIONS, type ProgressReport } from '../../dev/mockInventory';
import { mockCommands, type Call } from '../../test/ipc';
import { sessionAs } from '../../test/render';
import type { Permission } from '../auth/session';

// Antd forms check their fields asynchronously; on a loaded machine that, and the mocked round trips, take seconds.
export const SLOW = { timeout: 10_000 };

const ALL: Permission[] = ['inventory.read', 'inventory.write', 'inventory.manage', 'purchases.manage', 'costs.read'];
/** The roles' inventory permissions, as the core grants them (crates/core/src/users/model.rs). */
export const OWNER = sessionAs('owner', ['customers.read', ...ALL]);
export const MANAGER = sessionAs('manager', [
  'customers.read',
  'inventory.read',
  'inventory.write',
  'inventory.manage',
]);
export const ACCOUNTANT = sessionAs('accountant', [
  'customers.read',
  'inventory.read',
  'purchases.manage',
  'costs.read',
]);
export const STAFF = sessionAs('staff', ['customers.read', 'inventory.read', 'inventory.write']);

type Backend = {
  calls: Call[];
  /** Runs a command on the backend directly, as the owner: to set the scene before rendering. */
  run: <T>(command: string, input: Record<string, unknown>) => T;
  /** Adds a product as if another device had made it offline: its SKU and barcode may be another product's. */
  synced: (input: Record<string, unknown>) => Product;
};

/**
 * An empty inventory answering as `session` may see it (costs only with costs.read), plus whatever `extra` answers.
 * Saving a file runs its command and "saves" it in Documents; `call_with_progress` sends the command's `progress`
 * events, then waits for `hold` (to look at the progress bar) before it answers.
 */
export function mockInventory(
  session: Session,
  extra: Parameters<typeof mockCommands>[0] = {},
  { hold }: { hold?: Promise<unknown> } = {},
): Backend {
  const inventory = createInventoryMock('empty');
  const may = (permission: string) => session.permissions.includes(permission);
  const run = (command: string, input: Record<string, unknown>, progress?: ProgressReport) => {
    if (!Object.hasOwn(INVENTORY_PERMISSIONS, command))
      throw { code: 'unknown_command', message: `no mock for ${command}` };
    if (!may(INVENTORY_PERMISSIONS[command]))
      throw { code: 'forbidden', message: `${session.user.name} may not do ${INVENTORY_PERMISSIONS[command]}` };
    return inventory.call(command, input, session.user.name, may, progress);
  };
  const handlers = Object.fromEntries(
    Object.keys(INVENTORY_PERMISSIONS).map((command) => [
      command,
      (input: Record<string, unknown>) => run(command, input),
    ]),
  ) as Parameters<typeof mockCommands>[0];
  const calls = mockCommands(
    { 'finances.taxes.list': () => [], ...handlers, ...extra },
    {
      save_file_dialog: (args) => {
        const file = run(String(args.command), args.input as Record<string, unknown>) as FileExport;
        return { path: `/home/owner/Documents/${file.file_name}`, count: 1 };
      },
      call_with_progress: async (args) => {
        const reports: Progress[] = [];
        let outcome: { value: unknown } | { error: unknown };
        try {
          outcome = {
            value: run(String(args.command), args.input as Record<string, unknown>, (task, done, total) =>
              reports.push({ task, done, total }),
            ),
          };
        } catch (error) {
          outcome = { error };
        }
        for (const report of reports) await emit(PROGRESS_EVENT, report);
        await hold;
        if ('error' in outcome) throw outcome.error;
        return outcome.value;
      },
    },
  );
  return {
    calls,
    run: <T>(command: string, input: Record<string, unknown>) =>
      inventory.call(command, input, 'Owner', () => true) as T,
    synced: inventory.synced,
  };
}

export function inputsOf(calls: Call[], command: Call['command']): unknown[] {
  return calls.filter((call) => call.command === command).map((call) => call.input);
}

/** Sets an input's value at once, as pasting would, and waits until the form holds it. */
export async function paste(input: HTMLElement, text: string) {
  fireEvent.change(input, { target: { value: text } });
  await waitFor(() => expect(input).toHaveValue(text));
}

/** Opens an antd Select and picks the option with the given label. */
export async function choose(select: HTMLElement, label: string) {
  fireEvent.mouseDown(select.closest('.ant-select')?.querySelector('.ant-select-selector') ?? select);
  const options = await screen.findAllByTitle(label, {}, SLOW);
  fireEvent.click(options[options.length - 1]);
}

export function formItemOf(element: HTMLElement): HTMLElement {
  const item = element.closest('.ant-form-item');
  if (!(item instanceof HTMLElement)) throw new Error('input is not inside a form item');
  return item;
}

/** Answers a Popconfirm: clicks `button` in the popover that asks `question`. */
export async function confirmIn(question: string, button: string) {
  const popover = (await screen.findByText(question, {}, SLOW)).closest('.ant-popover');
  if (!(popover instanceof HTMLElement)) throw new Error('the confirmation is not in a popover');
  await userEvent.click(within(popover).getByRole('button', { name: button }));
}
