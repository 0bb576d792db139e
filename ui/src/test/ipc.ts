import { mockIPC } from '@tauri-apps/api/mocks';
import type { CommandName, Input, Output } from '../api/rpc';

type Handlers = { [C in CommandName]?: (input: Input<C>) => Output<C> | Promise<Output<C>> };
export type Call = { command: CommandName; input: unknown; token: string | null };

/**
 * Answers `invoke('call', …)` from per-command handlers and records every call. A handler that throws
 * makes invoke reject with what it threw, as the shell does with the core's error object.
 */
export function mockCommands(handlers: Handlers): Call[] {
  const calls: Call[] = [];
  mockIPC((cmd, payload) => {
    if (cmd !== 'call') throw new Error(`unexpected IPC ${cmd}`);
    const { command, input, token } = payload as { command: CommandName; input: unknown; token: string | null };
    calls.push({ command, input, token });
    const handler = handlers[command] as ((input: unknown) => unknown) | undefined;
    if (!handler) throw { code: 'unknown_command', message: `no mock for ${command}` };
    return handler(input);
  });
  return calls;
}
