import { createContext, useCallback, useContext, useMemo } from 'react';
import type { CustomerQuery, Session } from '../api/bindings';
import {
  ApiError,
  callWithProgress,
  exportCustomersDialog,
  importCustomersDialog,
  isRelayRefusal,
  rpc,
  saveFileDialog,
  syncConnect,
  syncDevices,
  syncKey,
  syncNow,
  syncPairCancel,
  syncPairStart,
  syncPairStatus,
  syncRevoke,
  syncStatus,
  PERMISSIONS,
  type CommandName,
  type FileCommand,
  type Permission,
  type Input,
  type Once,
  type Output,
  type SyncConnectBody,
} from '../api/rpc';

export type SessionContextValue = {
  session: Session;
  companyName: string;
  /** Ends the session on the core, then forgets the token. */
  logout: () => Promise<void>;
  /** Forgets the token without asking the core (it already said the session is gone). */
  expire: () => void;
  /** Keeps a newer session: refreshed, unlocked, or another user's after a switch (which ends this one). */
  replace: (session: Session) => void;
  /** Puts the lock screen in place of everything else: the core has locked this session. */
  showLock: () => void;
};

export const SessionContext = createContext<SessionContextValue | null>(null);

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside a signed-in SessionProvider');
  return value;
}

/** The permissions a role may hold, as the core names them, in the core's order (generated from its table). */
export { PERMISSIONS, type Permission };

/** Whether this UI knows `name` (and so has a translated label for it). */
export function isPermission(name: string): name is Permission {
  return (PERMISSIONS as readonly string[]).includes(name);
}

/** Whether `session` grants `permission`. Only hides controls: the core still refuses what it forbids. */
export function sessionCan(session: Session, permission: Permission): boolean {
  return session.permissions.includes(permission);
}

/** `can(permission)` for the signed-in user. */
export function useCan(): (permission: Permission) => boolean {
  const { session } = useSession();
  return useCallback((permission: Permission) => sessionCan(session, permission), [session]);
}

export type Api = {
  /** `once`: the submit's request id, so that sending it again changes data once (`useSubmit`). */
  call: <C extends CommandName>(command: C, input: Input<C>, once?: Once) => Promise<Output<C>>;
  /** `call` for a long command (a product import): off the shell's main thread, with `progress` events. */
  callWithProgress: <C extends CommandName>(command: C, input: Input<C>) => Promise<Output<C>>;
  /** `title` is the native dialog's title, in the UI language. */
  importCustomers: (title: string) => ReturnType<typeof importCustomersDialog>;
  exportCustomers: (query: CustomerQuery, title: string) => ReturnType<typeof exportCustomersDialog>;
  /** Makes a file with `command` (an invoice's PDF, a report's export) and saves it where the user picks. */
  saveFile: <C extends FileCommand>(command: C, input: Input<C>, title: string) => ReturnType<typeof saveFileDialog>;
  sync: {
    status: typeof syncStatus;
    connect: (input: SyncConnectBody) => ReturnType<typeof syncConnect>;
    now: () => ReturnType<typeof syncNow>;
    devices: () => ReturnType<typeof syncDevices>;
    revoke: (deviceId: string) => ReturnType<typeof syncRevoke>;
    key: () => ReturnType<typeof syncKey>;
    pairStart: () => ReturnType<typeof syncPairStart>;
    pairStatus: () => ReturnType<typeof syncPairStatus>;
    pairCancel: () => ReturnType<typeof syncPairCancel>;
  };
};

/**
 * The IPC wrapper bound to the current session token. A locked session (locked here after the idle time, or
 * in another window) brings up the lock screen; any other `unauthenticated` answer (expired or revoked
 * session; not a wrong code or PIN, which names its field or reason) sends the user back to the login
 * screen; every other error is the caller's to show. The relay's own refusals (a wrong relay password, a
 * revoked device) reach the caller too: they say nothing about this session.
 */
export function useApi(): Api {
  const { session, expire, showLock } = useSession();
  const token = session.token;
  return useMemo(() => {
    async function guard<T>(promise: Promise<T>): Promise<T> {
      try {
        return await promise;
      } catch (error) {
        if (error instanceof ApiError && error.code === 'unauthenticated' && !isRelayRefusal(error)) {
          if (error.reason === 'session_locked') showLock();
          // One with a field or a reason is a refused code or PIN (`users.mfa.confirm`, `users.auth.unlock`,
          // `users.auth.switch`), not an ended session.
          else if (!error.field && !error.reason) expire();
        }
        throw error;
      }
    }
    return {
      call: (command, input, once) => guard(rpc(command, input, token, once)),
      callWithProgress: (command, input) => guard(callWithProgress(token, command, input)),
      importCustomers: (title) => guard(importCustomersDialog(token, title)),
      exportCustomers: (query, title) => guard(exportCustomersDialog(token, query, title)),
      saveFile: (command, input, title) => guard(saveFileDialog(token, command, input, title)),
      sync: {
        status: () => guard(syncStatus()),
        connect: (input) => guard(syncConnect(token, input)),
        now: () => guard(syncNow(token)),
        devices: () => guard(syncDevices(token)),
        revoke: (deviceId) => guard(syncRevoke(token, deviceId)),
        key: () => guard(syncKey(token)),
        pairStart: () => guard(syncPairStart(token)),
        pairStatus: () => guard(syncPairStatus(token)),
        pairCancel: () => guard(syncPairCancel(token)),
      },
    };
  }, [token, expire, showLock]);
}

/** Locks the screen now: the core refuses this session until it is unlocked, and the lock screen hides the data. */
export function useLockNow(): () => Promise<void> {
  const api = useApi();
  const { showLock } = useSession();
  return useCallback(async () => {
    try {
      await api.call('users.auth.lock', {});
    } catch {
      // An ended session already went back to sign-in; otherwise hide the data all the same.
    }
    showLock();
  }, [api, showLock]);
}
