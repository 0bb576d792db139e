import { describe, expect, it } from 'vitest';
import type { RoleInfo } from '../../api/bindings';
import { roleAssignment, roleInput, rolePatch } from './model';

const ORDER = ['customers.read', 'customers.write', 'customers.export', 'activity.read'];

const ROLE: RoleInfo = {
  key: 'r-1',
  name: 'Counter lead',
  description: 'Runs the till',
  built_in: false,
  permissions: ['customers.read', 'customers.write'],
  mfa_required: false,
  users: 2,
};

describe('role model', () => {
  it('maps a role key to the role fields of users.create / users.update', () => {
    expect(roleAssignment('cashier')).toEqual({ role: 'cashier' });
    expect(roleAssignment('r-1')).toEqual({ role: 'staff', custom_role_id: 'r-1' });
  });

  it('sends a new role’s permissions in the core’s order, and no blank description', () => {
    expect(
      roleInput({ name: 'Auditor', description: '  ', permissions: ['activity.read', 'customers.read'] }, ORDER),
    ).toEqual({
      name: 'Auditor',
      permissions: ['customers.read', 'activity.read'],
    });
  });

  it('changes only what the form changed', () => {
    const same = {
      name: 'Counter lead',
      description: 'Runs the till',
      permissions: ['customers.write', 'customers.read'],
    };
    expect(rolePatch(ROLE, same, ORDER)).toEqual({ id: 'r-1' });
    expect(rolePatch(ROLE, { ...same, description: '', permissions: ['customers.read'] }, ORDER)).toEqual({
      id: 'r-1',
      description: '',
      permissions: ['customers.read'],
    });
  });
});
