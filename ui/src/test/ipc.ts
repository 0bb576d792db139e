import { mockIPC } from '@tauri-apps/api/mocks';
import type { CommandName, Input, Output } from '../api/rpc';

type Handlers = { [C in CommandName]?: (input: Input<C>) => Output<C> | Promise<Output<C>> };
/** The shell's own IPC commands besides `call`: the native file dialogs. */
type DialogName = 'import_customers_dialog' | 'export_customers_dialog';
type DialogHandlers = { [D in DialogName]?: (args: Record<string, unknown>) => unknown };
export type Call = { command: CommandName | DialogName; input: unknown; token: string | null };

/**
 * Answers `invoke('call', …)` from per-command handlers, and the dialog commands from `dialogs`, and records
 * every call (a dialog's arguments are its `input`). A handler that throws makes invoke reject with what it
 * threw, as the shell does with the core's error object.
 */
export function mockCommands(handlers: Handlers, dialogs: DialogHandlers = {}): Call[] {
  const calls: Call[] = [];
  mockIPC((cmd, payload) => {
    if (cmd === 'import_customers_dialog' || cmd === 'export_customers_dialog') {
      const { token = null, ...args } = payload as Record<string, unknown>;
      calls.push({ command: cmd, input: args, token: token as string | null });
      const dialog = dialogs[cmd];
      if (!dialog) throw new Error(`no mock for ${cmd}`);
      return dialog(args);
    }
    if (cmd !== 'call') throw new Error(`unexpected IPC ${cmd}`);
    const { command, input, token } = payload as { command: CommandName; input: unknown; token: string | null };
    calls.push({ command, input, token });
    const handler = handlers[command] as ((input: unknown) => unknown) | undefined;
    if (!handler) throw { code: 'unknown_command', message: `no mock for ${command}` };
    return handler(input);
  });
  return calls;
}
