import { mockIPC } from '@tauri-apps/api/mocks';
import type { CommandName, Input, Output } from '../api/rpc';

type Handlers = { [C in CommandName]?: (input: Input<C>) => Output<C> | Promise<Output<C>> };
/** The shell's own IPC commands besides `call`: the company file's lock, the native file dialogs, and sync. */
type ShellName =
  | 'store_status'
  | 'unlock_store'
  | 'import_customers_dialog'
  | 'export_customers_dialog'
  | 'save_file_dialog'
  | 'call_with_progress'
  | 'sync_status'
  | 'sync_connect'
  | 'sync_now'
  | 'sync_devices'
  | 'sync_revoke'
  | 'sync_key'
  | 'sync_pair_start'
  | 'sync_pair_status'
  | 'sync_pair_cancel';
type ShellHandlers = { [S in ShellName]?: (args: Record<string, unknown>) => unknown };
export type Call = { command: CommandName | ShellName; input: unknown; token: string | null };

const SHELL_NAMES: readonly string[] = [
  'store_status',
  'unlock_store',
  'import_customers_dialog',
  'export_customers_dialog',
  'save_file_dialog',
  'call_with_progress',
  'sync_status',
  'sync_connect',
  'sync_now',
  'sync_devices',
  'sync_revoke',
  'sync_key',
  'sync_pair_start',
  'sync_pair_status',
  'sync_pair_cancel',
] satisfies ShellName[];

/**
 * Unless a test says otherwise, the company file is open, as on a computer whose keychain holds its key, and
 * this device is not connected to a sync relay.
 */
const DEFAULT_SHELL: ShellHandlers = {
  store_status: () => ({ state: 'open', key_source: 'keychain' }),
  sync_status: () => ({
    configured: false,
    relay_url: null,
    device_id: null,
    pending: 0,
    waiting: 0,
    last_synced_at_ms: null,
  }),
};

/**
 * Answers `invoke('call', …)` from per-command handlers, and the shell's other commands from `shell`, and
 * records every call (a shell command's arguments are its `input`). A handler that throws makes invoke reject
 * with what it threw, as the shell does with the core's error object.
 */
export function mockCommands(handlers: Handlers, shell: ShellHandlers = {}): Call[] {
  const calls: Call[] = [];
  const shellHandlers = { ...DEFAULT_SHELL, ...shell };
  mockIPC(
    (cmd, payload) => {
      if (SHELL_NAMES.includes(cmd)) {
        const name = cmd as ShellName;
        const { token = null, ...args } = (payload ?? {}) as Record<string, unknown>;
        calls.push({ command: name, input: args, token: token as string | null });
        const handler = shellHandlers[name];
        if (!handler) throw new Error(`no mock for ${cmd}`);
        return handler(args);
      }
      if (cmd !== 'call') throw new Error(`unexpected IPC ${cmd}`);
      const { command, input, token } = payload as { command: CommandName; input: unknown; token: string | null };
      calls.push({ command, input, token });
      const handler = handlers[command] as ((input: unknown) => unknown) | undefined;
      if (!handler) throw { code: 'unknown_command', message: `no mock for ${command}` };
      return handler(input);
    },
    { shouldMockEvents: true },
  );
  return calls;
}
