import { createContext, useCallback, useContext, useMemo } from 'react';
import type { CustomerQuery, Session } from '../../api/bindings';
import {
  ApiError,
  exportCustomersDialog,
  importCustomersDialog,
  rpc,
  type CommandName,
  type Input,
  type Output,
} from '../../api/rpc';

export type SessionContextValue = {
  session: Session;
  companyName: string;
  /** Ends the session on the core, then forgets the token. */
  logout: () => Promise<void>;
  /** Forgets the token without asking the core (it already said the session is gone). */
  expire: () => void;
};

export const SessionContext = createContext<SessionContextValue | null>(null);

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside a signed-in SessionProvider');
  return value;
}

/** The permissions a role may hold, as the core names them (docs/commands.md, Roles). */
export type Permission =
  | 'customers.read'
  | 'customers.write'
  | 'customers.import'
  | 'customers.export'
  | 'customers.erase'
  | 'activity.read'
  | 'users.read'
  | 'users.manage'
  | 'security.manage';

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
  call: <C extends CommandName>(command: C, input: Input<C>) => Promise<Output<C>>;
  /** `title` is the native dialog's title, in the UI language. */
  importCustomers: (title: string) => ReturnType<typeof importCustomersDialog>;
  exportCustomers: (query: CustomerQuery, title: string) => ReturnType<typeof exportCustomersDialog>;
};

/**
 * The IPC wrapper bound to the current session token. An `unauthenticated` answer (expired or revoked
 * session; not a wrong code, which names its field) sends the user back to the login screen; every other error is the caller's to show.
 */
export function useApi(): Api {
  const { session, expire } = useSession();
  const token = session.token;
  return useMemo(() => {
    async function guard<T>(promise: Promise<T>): Promise<T> {
      try {
        return await promise;
      } catch (error) {
        // One with a field is a refused code (`users.mfa.confirm` / `disable`), not an ended session.
        if (error instanceof ApiError && error.code === 'unauthenticated' && !error.field) expire();
        throw error;
      }
    }
    return {
      call: (command, input) => guard(rpc(command, input, token)),
      importCustomers: (title) => guard(importCustomersDialog(token, title)),
      exportCustomers: (query, title) => guard(exportCustomersDialog(token, query, title)),
    };
  }, [token, expire]);
}
