import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Criteria, Rule } from '../../api/bindings';
import styles from './segments.module.css';

function isCriteria(rule: Rule): rule is Criteria {
  return 'rules' in rule;
}

/** A read-only rendering of a segment's rules. */
export function CriteriaSummary({ criteria }: { criteria: Criteria }) {
  const { t } = useTranslation();
  return (
    <div className={styles.summaryGroup}>
      <div className={styles.summaryMatch}>
        {criteria.match === 'all' ? t('segments.summary.all') : t('segments.summary.any')}
      </div>
      <ul className={styles.summaryList}>
        {criteria.rules.map((rule, i) => (
          <li key={i}>
            {isCriteria(rule) ? (
              <CriteriaSummary criteria={rule} />
            ) : (
              <span>
                {t(`segments.fields.${rule.field}`)} <Tag>{t(`segments.ops.${rule.op}`)}</Tag>
                <strong>{rule.value}</strong>
              </span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
