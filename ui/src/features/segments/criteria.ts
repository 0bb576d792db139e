import type { Condition, ConditionField, ConditionOp, Criteria, Match, Rule } from '../../api/bindings';

// The segment builder edits a tree of groups and conditions. Each node carries a `key` for React;
// `toCriteria` strips the keys to produce exactly the Criteria JSON of docs/commands.md.

export type ConditionNode = { kind: 'condition'; key: string; field: ConditionField; op: ConditionOp; value: string };
export type GroupNode = { kind: 'group'; key: string; match: Match; rules: RuleNode[] };
export type RuleNode = ConditionNode | GroupNode;

/** The builder offers one level of nesting (the core accepts up to 3). */
export const GROUP_DEPTH_MAX = 2;

export const CONDITION_FIELDS: ConditionField[] = [
  'name',
  'email',
  'phone',
  'tax_id',
  'city',
  'region',
  'country',
  'tag',
  'created_at',
];

/** Which operators each field takes; the first is the default. */
export const OPS_BY_FIELD: Record<ConditionField, ConditionOp[]> = {
  name: ['contains', 'equals'],
  email: ['contains', 'equals'],
  phone: ['contains', 'equals'],
  tax_id: ['contains', 'equals'],
  city: ['equals', 'contains'],
  region: ['equals', 'contains'],
  country: ['equals', 'contains'],
  tag: ['has', 'lacks'],
  created_at: ['after', 'before'],
};

let nextKey = 0;
function newKey(): string {
  nextKey += 1;
  return `n${nextKey}`;
}

export function newCondition(field: ConditionField = 'city'): ConditionNode {
  return { kind: 'condition', key: newKey(), field, op: OPS_BY_FIELD[field][0], value: '' };
}

export function newGroup(match: Match = 'all', rules: RuleNode[] = [newCondition()]): GroupNode {
  return { kind: 'group', key: newKey(), match, rules };
}

/** Changing the field resets the op when it no longer fits, and the value when it changes kind (text ↔ date). */
export function withField(node: ConditionNode, field: ConditionField): ConditionNode {
  const ops = OPS_BY_FIELD[field];
  const op = ops.includes(node.op) ? node.op : ops[0];
  const sameKind = (field === 'created_at') === (node.field === 'created_at');
  return { ...node, field, op, value: sameKind ? node.value : '' };
}

function isCriteria(rule: Rule): rule is Criteria {
  return 'match' in rule && 'rules' in rule;
}

export function fromCriteria(criteria: Criteria): GroupNode {
  return {
    kind: 'group',
    key: newKey(),
    match: criteria.match,
    rules: criteria.rules.map((rule): RuleNode => {
      if (isCriteria(rule)) return fromCriteria(rule);
      return { kind: 'condition', key: newKey(), field: rule.field, op: rule.op, value: rule.value };
    }),
  };
}

export function toCriteria(group: GroupNode): Criteria {
  return {
    match: group.match,
    rules: group.rules.map((rule): Rule => {
      if (rule.kind === 'group') return toCriteria(rule);
      const condition: Condition = { field: rule.field, op: rule.op, value: rule.value.trim() };
      return condition;
    }),
  };
}

/** True when a condition still has an empty value: the preview waits rather than show an error. */
export function hasBlankValue(group: GroupNode): boolean {
  return group.rules.some((rule) => (rule.kind === 'group' ? hasBlankValue(rule) : rule.value.trim() === ''));
}

// Tree edits by key: each returns a new tree, leaving the old one untouched.

export function updateNode(group: GroupNode, key: string, change: (node: RuleNode) => RuleNode): GroupNode {
  if (group.key === key) return change(group) as GroupNode;
  return {
    ...group,
    rules: group.rules.map((rule) => {
      if (rule.key === key) return change(rule);
      return rule.kind === 'group' ? updateNode(rule, key, change) : rule;
    }),
  };
}

export function removeNode(group: GroupNode, key: string): GroupNode {
  return {
    ...group,
    rules: group.rules
      .filter((rule) => rule.key !== key)
      .map((rule) => (rule.kind === 'group' ? removeNode(rule, key) : rule)),
  };
}

export function appendTo(group: GroupNode, groupKey: string, node: RuleNode): GroupNode {
  return updateNode(group, groupKey, (target) =>
    target.kind === 'group' ? { ...target, rules: [...target.rules, node] } : target,
  );
}
