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

/** The core's `sync.*` commands, and the shell handler (with its arguments) a test answers each with. */
const SYNC_COMMANDS: Partial<Record<string, { shell: ShellName; args: (input: unknown) => Record<string, unknown> }>> =
  {
    'sync.status': { shell: 'sync_status', args: () => ({}) },
    'sync.connect': { shell: 'sync_connect', args: (input) => ({ input }) },
    'sync.now': { shell: 'sync_now', args: () => ({}) },
    'sync.devices.list': { shell: 'sync_devices', args: () => ({}) },
    'sync.devices.revoke': {
      shell: 'sync_revoke',
      args: (input) => ({ deviceId: (input as { device_id: string }).device_id }),
    },
    'sync.key': { shell: 'sync_key', args: () => ({}) },
    'sync.pairing.start': { shell: 'sync_pair_start', args: () => ({}) },
    'sync.pairing.status': { shell: 'sync_pair_status', args: () => ({}) },
    'sync.pairing.cancel': { shell: 'sync_pair_cancel', args: () => ({}) },
  };

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
      const sync = SYNC_COMMANDS[command];
      if (sync) {
        // The sync tests were written when sync was the shell's: they still answer it with shell handlers.
        const args = sync.args(input);
        calls.push({ command: sync.shell, input: args, token });
        const handler = shellHandlers[sync.shell];
        if (!handler) throw new Error(`no mock for ${command}`);
        return handler(args);
      }
      calls.push({ command, input, token });
      const handler = handlers[command] as ((input: unknown) => unknown) | undefined;
      if (!handler) throw { code: 'unknown_command', message: `no mock for ${command}` };
      return handler(input);
    },
    { shouldMockEvents: true },
  );
  return calls;
}
