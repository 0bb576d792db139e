import { useCallback, useEffect, useState } from 'react';
import type { RoleInfo } from '../../api/bindings';
import { useApi } from '../../shared/session';
import { useDataVersion } from '../../shared/dataVersion';

export type Roles = {
  /** Built-in roles first, then custom ones; null while loading. */
  roles: RoleInfo[] | null;
  error: unknown;
  /** Asks the core again (after a role or a user changed: the counts of holders change too). */
  reload: () => void;
  /** Applies a change the core confirmed, without asking again. */
  update: (key: string, change: Partial<RoleInfo>) => void;
};

/** The company's roles (`users.roles.list`). */
export function useRoles(): Roles {
  const api = useApi();
  const [roles, setRoles] = useState<RoleInfo[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  const dataVersion = useDataVersion();

  useEffect(() => {
    let current = true;
    api.call('users.roles.list', {}).then(
      (list) => {
        if (!current) return;
        setRoles(list);
        setError(null);
      },
      (loadError: unknown) => current && setError(loadError),
    );
    return () => {
      current = false;
    };
  }, [api, version, dataVersion]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const update = useCallback(
    (key: string, change: Partial<RoleInfo>) =>
      setRoles((list) => list && list.map((role) => (role.key === key ? { ...role, ...change } : role))),
    [],
  );
  return { roles, error, reload, update };
}
