import type { Role, Session, User } from '../../api/bindings';

export const ROLES: Role[] = ['owner', 'manager', 'accountant', 'cashier', 'staff'];

/** The roles `session` may give: only an owner makes owners (the core refuses the rest). */
export function assignableRoles(session: Session): Role[] {
  return session.user.role === 'owner' ? ROLES : ROLES.filter((role) => role !== 'owner');
}

/** Whether `session` may change `user` at all: only an owner touches an owner. */
export function mayChange(session: Session, user: User): boolean {
  return session.permissions.includes('users.manage') && (user.role !== 'owner' || session.user.role === 'owner');
}

export const ROLE_COLORS: Record<Role, string> = {
  owner: 'gold',
  manager: 'blue',
  accountant: 'purple',
  cashier: 'green',
  staff: 'default',
};
