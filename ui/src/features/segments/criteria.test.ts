import { describe, expect, it } from 'vitest';
import type { Criteria } from '../../api/bindings';
import {
  appendTo,
  fromCriteria,
  hasBlankValue,
  newCondition,
  newGroup,
  removeNode,
  toCriteria,
  updateNode,
  withField,
  type ConditionNode,
} from './criteria';

describe('segment criteria', () => {
  it('builds nested Criteria JSON exactly as docs/commands.md describes it', () => {
    const city = { ...newCondition('city'), value: ' 上海 ' };
    const tag = { ...newCondition('tag'), value: 'vip' };
    const since = { ...newCondition('created_at'), value: '2024-01-31' };
    const inner = newGroup('any', [tag, since]);
    const root = newGroup('all', [city, inner]);

    const expected: Criteria = {
      match: 'all',
      rules: [
        { field: 'city', op: 'equals', value: '上海' },
        {
          match: 'any',
          rules: [
            { field: 'tag', op: 'has', value: 'vip' },
            { field: 'created_at', op: 'after', value: '2024-01-31' },
          ],
        },
      ],
    };
    expect(toCriteria(root)).toEqual(expected);
    // No editor bookkeeping leaks into the JSON.
    expect(JSON.stringify(toCriteria(root))).not.toMatch(/key|kind/);
  });

  it('round-trips a saved segment through the editor', () => {
    const saved: Criteria = {
      match: 'any',
      rules: [
        { field: 'email', op: 'contains', value: '@example.com' },
        { match: 'all', rules: [{ field: 'tag', op: 'lacks', value: 'online' }] },
      ],
    };
    expect(toCriteria(fromCriteria(saved))).toEqual(saved);
  });

  it('edits, appends and removes by key without touching the old tree', () => {
    const first = newCondition('name');
    const root = newGroup('all', [first]);
    const group = newGroup('any', []);

    const withGroup = appendTo(root, root.key, group);
    const withInner = appendTo(withGroup, group.key, { ...newCondition('phone'), value: '138' });
    const renamed = updateNode(withInner, first.key, (node) => ({ ...(node as ConditionNode), value: 'Li' }));
    const removed = removeNode(renamed, group.key);

    expect(toCriteria(renamed)).toEqual({
      match: 'all',
      rules: [
        { field: 'name', op: 'contains', value: 'Li' },
        { match: 'any', rules: [{ field: 'phone', op: 'contains', value: '138' }] },
      ],
    });
    expect(toCriteria(removed)).toEqual({ match: 'all', rules: [{ field: 'name', op: 'contains', value: 'Li' }] });
    expect(toCriteria(root)).toEqual({ match: 'all', rules: [{ field: 'name', op: 'contains', value: '' }] });
  });

  it('gives a field a valid op when it changes, and clears a value of the wrong kind', () => {
    const city = { ...newCondition('city'), op: 'contains' as const, value: 'Shang' };

    expect(withField(city, 'name')).toMatchObject({ field: 'name', op: 'contains', value: 'Shang' });
    expect(withField(city, 'tag')).toMatchObject({ field: 'tag', op: 'has', value: 'Shang' });
    expect(withField(city, 'created_at')).toMatchObject({ field: 'created_at', op: 'after', value: '' });
  });

  it('knows when a rule still has no value', () => {
    const filled = { ...newCondition('city'), value: 'Berlin' };
    expect(hasBlankValue(newGroup('all', [filled]))).toBe(false);
    expect(hasBlankValue(newGroup('all', [filled, newGroup('any', [newCondition('tag')])]))).toBe(true);
  });
});
