import type { TFunction } from 'i18next';
import type { Role, RoleId, RoleInfo, RoleInput, RolePatch, Session, User } from '../../api/bindings';
import { ROLE_PERMISSIONS } from '../../api/commands';
import { toApiError } from '../../api/rpc';
import { reasonText } from '../../shared/errors';
import { isPermission } from '../../shared/session';

/** The built-in roles, in the core's order (generated from its table). */
const ROLES = Object.keys(ROLE_PERMISSIONS) as Role[];

/** Whether `session` may change `user` at all: the core lists the roles whose holders it may manage. */
export function mayChange(session: Session, user: User): boolean {
  return session.assignable_roles.includes(user.role);
}

export const ROLE_COLORS: Record<Role, string> = {
  owner: 'gold',
  manager: 'blue',
  accountant: 'purple',
  cashier: 'green',
  staff: 'default',
};

export const CUSTOM_ROLE_COLOR = 'cyan';

export function isBuiltInRole(key: string): key is Role {
  return (ROLES as string[]).includes(key);
}

/** The role a user holds as `RoleInfo.key` names it: a custom role's id, else the built-in role's name. */
export function roleKeyOf(user: User): string {
  return user.custom_role_id ?? user.role;
}

/**
 * The role fields of `users.create` / `users.update` for a role key: a built-in role alone (which also clears
 * a custom role), or a custom role, whose holders have the built-in role `staff`.
 */
export function roleAssignment(key: string): { role: Role; custom_role_id?: RoleId } {
  return isBuiltInRole(key) ? { role: key } : { role: 'staff', custom_role_id: key };
}

/** A role's name in the UI language: built-in roles are translated, custom ones are named by the shop. */
export function roleName(t: TFunction, role: Pick<RoleInfo, 'key' | 'name' | 'built_in'>): string {
  return role.built_in && isBuiltInRole(role.key) ? t(`settings.roles.${role.key}`) : role.name;
}

/** A permission in the UI language; one newer than this UI keeps the core's name. */
export function permissionLabel(t: TFunction, permission: string): string {
  return isPermission(permission) ? t(`permissions.${permission}`) : permission;
}

export type RoleFormValues = { name?: string; description?: string; permissions?: string[] };

/** `permissions` in the order of `order` (the core's), so the same set always reads the same. */
function inOrder(permissions: string[], order: string[]): string[] {
  const rank = (p: string) => (order.includes(p) ? order.indexOf(p) : order.length);
  return [...new Set(permissions)].sort((a, b) => rank(a) - rank(b));
}

/** `users.roles.create` from the role form; `order` is the order of `users.permissions.list`. */
export function roleInput(values: RoleFormValues, order: string[]): RoleInput {
  const input: RoleInput = { name: values.name ?? '', permissions: inOrder(values.permissions ?? [], order) };
  const description = values.description?.trim();
  if (description) input.description = description;
  return input;
}

/** `users.roles.update` with only what the form changed. */
export function rolePatch(role: RoleInfo, values: RoleFormValues, order: string[]): RolePatch {
  const patch: RolePatch = { id: role.key };
  const name = values.name ?? '';
  if (name !== role.name) patch.name = name;
  const description = values.description?.trim() ?? '';
  if (description !== role.description) patch.description = description;
  const permissions = inOrder(values.permissions ?? [], order);
  const before = new Set(role.permissions);
  if (permissions.length !== before.size || permissions.some((p) => !before.has(p))) patch.permissions = permissions;
  return patch;
}

/**
 * A refusal to hand out permissions the caller does not hold says which one in the core's (English) words,
 * which the UI has no reason code for: shown as they are. Null for any other error.
 */
export function forbiddenText(t: TFunction, error: unknown): string | null {
  const apiError = toApiError(error);
  return apiError.code === 'forbidden' ? t('users.forbidden', { message: reasonText(t, apiError) }) : null;
}
