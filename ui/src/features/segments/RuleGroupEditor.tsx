import { DeleteOutlined, PlusOutlined, ApartmentOutlined } from '@ant-design/icons';
import { AutoComplete, Button, DatePicker, Input, Select, Space, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { ConditionField, ConditionOp, Match } from '../../api/bindings';
import {
  CONDITION_FIELDS,
  GROUP_DEPTH_MAX,
  OPS_BY_FIELD,
  appendTo,
  newCondition,
  newGroup,
  removeNode,
  updateNode,
  withField,
  type ConditionNode,
  type GroupNode,
} from './criteria';
import styles from './segments.module.css';

type Props = {
  root: GroupNode;
  onChange: (root: GroupNode) => void;
  tags: string[];
};

/** Edits the whole rule tree; `root` is the top-level group. */
export function RuleGroupEditor({ root, onChange, tags }: Props) {
  return <GroupEditor group={root} depth={1} root={root} onChange={onChange} tags={tags} />;
}

function GroupEditor({ group, depth, root, onChange, tags }: Props & { group: GroupNode; depth: number }) {
  const { t } = useTranslation();
  const nested = depth > 1;
  return (
    <div className={nested ? styles.nestedGroup : styles.group} data-testid={nested ? 'segment-group' : 'segment-root'}>
      <div className={styles.groupHeader}>
        <span>{t('segments.builder.matchPrefix')}</span>
        <Select<Match>
          data-testid={nested ? 'group-match' : 'segment-match'}
          size="small"
          value={group.match}
          onChange={(match) => onChange(updateNode(root, group.key, (node) => ({ ...node, match }) as GroupNode))}
          options={[
            { value: 'all', label: t('segments.builder.matchAll') },
            { value: 'any', label: t('segments.builder.matchAny') },
          ]}
          style={{ width: 110 }}
        />
        <span>{t('segments.builder.matchSuffix')}</span>
        {nested && (
          <Tooltip title={t('segments.builder.removeGroup')}>
            <Button
              size="small"
              type="text"
              danger
              icon={<DeleteOutlined />}
              aria-label={t('segments.builder.removeGroup')}
              onClick={() => onChange(removeNode(root, group.key))}
              className={styles.groupRemove}
            />
          </Tooltip>
        )}
      </div>
      <div className={styles.rules}>
        {group.rules.map((rule) =>
          rule.kind === 'group' ? (
            <GroupEditor key={rule.key} group={rule} depth={depth + 1} root={root} onChange={onChange} tags={tags} />
          ) : (
            <ConditionEditor key={rule.key} node={rule} root={root} onChange={onChange} tags={tags} />
          ),
        )}
        {group.rules.length === 0 && <div className={styles.emptyRules}>{t('segments.builder.noRules')}</div>}
      </div>
      <Space>
        <Button
          size="small"
          icon={<PlusOutlined />}
          data-testid={nested ? 'group-add-condition' : 'segment-add-condition'}
          onClick={() => onChange(appendTo(root, group.key, newCondition()))}
        >
          {t('segments.builder.addCondition')}
        </Button>
        {depth < GROUP_DEPTH_MAX && (
          <Button
            size="small"
            icon={<ApartmentOutlined />}
            data-testid="segment-add-group"
            onClick={() => onChange(appendTo(root, group.key, newGroup('any')))}
          >
            {t('segments.builder.addGroup')}
          </Button>
        )}
      </Space>
    </div>
  );
}

function ConditionEditor({ node, root, onChange, tags }: Props & { node: ConditionNode }) {
  const { t } = useTranslation();
  const set = (change: (node: ConditionNode) => ConditionNode) =>
    onChange(updateNode(root, node.key, (current) => change(current as ConditionNode)));

  return (
    <div className={styles.condition} data-testid="segment-condition">
      <Select<ConditionField>
        data-testid="rule-field"
        value={node.field}
        onChange={(field) => set((current) => withField(current, field))}
        options={CONDITION_FIELDS.map((field) => ({ value: field, label: t(`segments.fields.${field}`) }))}
        style={{ width: 150 }}
      />
      <Select<ConditionOp>
        data-testid="rule-op"
        value={node.op}
        onChange={(op) => set((current) => ({ ...current, op }))}
        options={OPS_BY_FIELD[node.field].map((op) => ({ value: op, label: t(`segments.ops.${op}`) }))}
        style={{ width: 130 }}
      />
      <div className={styles.conditionValue}>
        <ValueInput node={node} tags={tags} onValue={(value) => set((current) => ({ ...current, value }))} />
      </div>
      <Tooltip title={t('segments.builder.removeCondition')}>
        <Button
          type="text"
          icon={<DeleteOutlined />}
          aria-label={t('segments.builder.removeCondition')}
          data-testid="rule-remove"
          onClick={() => onChange(removeNode(root, node.key))}
        />
      </Tooltip>
    </div>
  );
}

function ValueInput({
  node,
  tags,
  onValue,
}: {
  node: ConditionNode;
  tags: string[];
  onValue: (value: string) => void;
}) {
  const { t } = useTranslation();
  switch (node.field) {
    case 'created_at':
      return (
        <DatePicker
          data-testid="rule-value"
          value={node.value ? dayjs(node.value, 'YYYY-MM-DD') : null}
          onChange={(date) => onValue(date ? date.format('YYYY-MM-DD') : '')}
          format="YYYY-MM-DD"
          style={{ width: '100%' }}
        />
      );
    case 'tag':
      return (
        <AutoComplete
          data-testid="rule-value"
          value={node.value}
          onChange={onValue}
          options={tags.map((tag) => ({ value: tag, label: tag }))}
          placeholder={t('segments.builder.valuePlaceholder')}
          style={{ width: '100%' }}
          filterOption={(input, option) => (option?.value ?? '').toLowerCase().includes(input.toLowerCase())}
        />
      );
    default:
      return (
        <Input
          data-testid="rule-value"
          value={node.value}
          onChange={(event) => onValue(event.target.value)}
          placeholder={t('segments.builder.valuePlaceholder')}
        />
      );
  }
}
