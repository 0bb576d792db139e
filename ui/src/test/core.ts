// The UI's tests on the real core: each test makes a throw-away company on the development host (started by
// src/test/devHost.ts), signs in the roles it needs, sets the scene through real commands, and renders screens
// whose calls go to that company. What the UI sent is recorded, to check what a form submitted.
import { emit } from '@tauri-apps/api/event';
import { mockIPC } from '@tauri-apps/api/mocks';
import { inject, vi } from 'vitest';
import type { Role, Session } from '../api/bindings';
import {
  PROGRESS_EVENT,
  toApiError,
  setDevHost,
  type CommandName,
  type Input,
  type Output,
  type Progress,
} from '../api/rpc';

/** Every fixture's users sign in with this password (crates/devhost/src/company.rs). */
export const PASSWORD = 'correct-horse-9';

/** One call the UI made: the command, what it sent, and whose session. */
export type Call = { command: string; input: unknown; token: string | null };

export type Fixture = 'empty' | 'company' | 'shop';

export type TestCore = {
  /** The host's name for this company. */
  company: string;
  /** The first role asked for, signed in: the session to render with. */
  session: Session;
  /** Every signed-in role's session (the owner's always, but with the `empty` fixture). */
  sessions: Partial<Record<Role, Session>>;
  /** What the UI has called so far, in order. */
  calls: Call[];
  /** Runs a command directly on the core as `role` (the owner unless given): to set the scene or look at it. */
  run: <C extends CommandName>(command: C, input: Input<C>, role?: Role) => Promise<Output<C>>;
  /** Joins a second device of this company now: it knows what this one has, then works offline. */
  joinAnotherDevice: () => Promise<void>;
  /**
   * Runs a command as the owner on the second device (joined now if not yet) with only what it knew when it
   * joined or last synced, then syncs both devices: what another till made offline.
   */
  fromAnotherDevice: <C extends CommandName>(command: C, input: Input<C>) => Promise<Output<C>>;
  /** Adds a user with a custom role made of just `permissions`, and signs them in. */
  signInWith: (permissions: string[]) => Promise<Session>;
  /** Runs SQL on the company file behind the core's back, as an attacker with its key would. */
  tamper: (sql: string) => Promise<void>;
  /** Fixes the time the core reads (milliseconds since 1970); null: the real clock again. */
  setClock: (nowMs: number | null) => Promise<void>;
};

const realFetch = globalThis.fetch.bind(globalThis);
let customUsers = 0;

async function post<T>(path: string, body: unknown): Promise<T> {
  const response = await realFetch(`${inject('devHost')}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as unknown;
  if (!response.ok) throw toApiError(answer);
  return answer as T;
}

/** Records the calls the UI makes to the host (the test's own `run` calls are not recorded). */
function recordCalls(calls: Call[]) {
  vi.spyOn(globalThis, 'fetch').mockImplementation((resource, init) => {
    const url = typeof resource === 'string' ? resource : resource instanceof URL ? resource.href : resource.url;
    if (url.endsWith('/call') && typeof init?.body === 'string') {
      const body = JSON.parse(init.body) as { command: string; input: unknown; token?: string | null };
      calls.push({ command: body.command, input: body.input, token: body.token ?? null });
    }
    return realFetch(resource, init);
  });
}

/**
 * A fresh company on the real core, with `roles` signed in (the first is `session`), from `fixture`
 * (`company`: the company and its owner; `shop`: a small tea shop; `empty`: no company, the first run).
 */
export async function realCore(
  roles: Role | Role[] = 'owner',
  { fixture = 'company' }: { fixture?: Fixture } = {},
): Promise<TestCore> {
  const wanted = Array.isArray(roles) ? roles : [roles];
  const made = await post<{ company: string; sessions: Partial<Record<Role, Session>> }>('/reset', {
    fixture,
    roles: wanted,
  });
  const { company, sessions } = made;
  setDevHost({ url: inject('devHost'), company });
  const calls: Call[] = [];
  recordCalls(calls);
  const tokenOf = (role: Role) => {
    const session = sessions[role];
    if (!session) throw new Error(`no ${role} is signed in: ask realCore for that role`);
    return session.token;
  };
  return {
    company,
    session: sessions[wanted[0]] as Session,
    sessions,
    calls,
    run: (command, input, role = 'owner') =>
      post('/call', { company, command, input, token: fixture === 'empty' ? null : tokenOf(role) }),
    joinAnotherDevice: async () => {
      await post('/peer/join', { company });
    },
    fromAnotherDevice: (command, input) => post('/peer', { company, command, input }),
    signInWith: async (permissions) => {
      const owner = tokenOf('owner');
      const name = `Only ${permissions.join(' ')}`.slice(0, 60);
      const role = await post<{ key: string }>('/call', {
        company,
        token: owner,
        command: 'users.roles.create',
        input: { name, permissions },
      });
      const email = `custom${++customUsers}@example.com`;
      await post('/call', {
        company,
        token: owner,
        command: 'users.create',
        input: { name, email, role: 'staff', custom_role_id: role.key, password: PASSWORD },
      });
      return post<Session>('/call', { company, command: 'users.auth.login', input: { email, password: PASSWORD } });
    },
    tamper: async (sql) => {
      await post('/tamper', { company, sql });
    },
    setClock: async (nowMs) => {
      await post('/clock', { company, now_ms: nowMs });
    },
  };
}

/** The inputs the UI sent with `command`, in order. */
export function inputsOf(calls: Call[], command: string): unknown[] {
  return calls.filter((call) => call.command === command).map((call) => call.input);
}

/**
 * Stands in for the desktop shell's IPC where a test needs what only the shell does: `call_with_progress`
 * sends `progress` (the shell's events) and then waits for `hold` before the real core's answer is given.
 * Every call still runs on the real core of `core`'s company, and is recorded in `core.calls`.
 */
export function desktopShell(
  core: TestCore,
  { progress = [], hold }: { progress?: Progress[]; hold?: Promise<unknown> } = {},
): void {
  mockIPC(
    async (cmd, payload) => {
      const args = (payload ?? {}) as { command?: string; input?: unknown; token?: string | null };
      if (cmd === 'store_status') return { state: 'open', key_source: 'keychain' };
      if (cmd !== 'call' && cmd !== 'call_with_progress') throw new Error(`no stand-in for the shell's ${cmd}`);
      core.calls.push({ command: String(args.command), input: args.input, token: args.token ?? null });
      const answer = post('/call', {
        company: core.company,
        command: args.command,
        input: args.input,
        token: args.token,
      });
      if (cmd === 'call_with_progress') {
        // Refused or not, the answer is given only after the hold (and is not an unhandled rejection meanwhile).
        answer.catch(() => undefined);
        for (const report of progress) await emit(PROGRESS_EVENT, report);
        await hold;
      }
      return answer;
    },
    { shouldMockEvents: true },
  );
}
