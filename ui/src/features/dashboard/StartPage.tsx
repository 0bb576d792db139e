import { CheckCircleFilled, RightOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Progress, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StartStep, StartStepKey } from '../../api/bindings';
import { useDataVersion } from '../../shared/dataVersion';
import { useErrorText } from '../../shared/errors';
import { navigate } from '../../shared/router';
import { useCommand } from '../../shared/useCommand';
import pageLayout from '../../shared/page.module.css';
import { StartStepWork } from './StartStepWork';
import styles from './start.module.css';

/** Each step's own screen, for more than the start page does (lists, imports, every setting). */
const PLACE: Record<StartStepKey, string[]> = {
  company: ['settings'],
  books: ['finance'],
  taxes: ['finance', 'taxes'],
  opening: ['finance', 'journal'],
  products: ['inventory', 'products'],
  customers: ['customers'],
  staff: ['users'],
  devices: ['settings'],
};

/** Steps done in a form under their row; the others open their drawer over the page. */
const INLINE: ReadonlySet<StartStepKey> = new Set(['company', 'books', 'taxes', 'devices']);

/** What a step's button says once it is done; none: nothing more to do here (the books are set up once, the
 * opening balances are posted once and changed by reversing them on the journal). */
const AGAIN: Record<StartStepKey, 'start.edit' | 'start.again' | 'start.manage' | null> = {
  company: 'start.edit',
  books: null,
  taxes: 'start.again',
  opening: null,
  products: 'start.again',
  customers: 'start.again',
  staff: 'start.again',
  devices: 'start.manage',
};

/** Steps that need the books set up first (the core refuses them before). */
const NEEDS_BOOKS: ReadonlySet<StartStepKey> = new Set(['taxes', 'opening']);

/**
 * The start page: the steps of setting up the shop, each ticked by the core from what the company's data holds (so
 * it is right on every device), each done here, in place, with the forms of its own screen.
 */
export function StartPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [version, setVersion] = useState(0);
  const loaded = useCommand('dashboard.start.get', {}, version + useDataVersion());
  const [working, setWorking] = useState<StartStepKey | null>(null);
  const checklist = loaded.output;
  const total = checklist?.steps.length ?? 0;
  const booksDone = checklist?.steps.some((s) => s.key === 'books' && s.done) ?? false;
  const changed = () => setVersion((v) => v + 1);

  function row(step: StartStep) {
    const open = working === step.key;
    const blocked = NEEDS_BOOKS.has(step.key) && !booksDone;
    const again = AGAIN[step.key];
    return (
      <div
        key={step.key}
        className={styles.step}
        data-testid={`start-step-${step.key}`}
        data-done={step.done ? 'yes' : 'no'}
      >
        <div className={styles.stepHead}>
          <div className={styles.stepText}>
            <Typography.Text strong>{t(`start.steps.${step.key}.title`)}</Typography.Text>
            <Typography.Text type="secondary">
              {blocked ? t('start.needsBooks') : t(`start.steps.${step.key}.text`)}
            </Typography.Text>
          </div>
          <Space wrap>
            {step.done && (
              <Tag color="success" icon={<CheckCircleFilled />}>
                {t('start.done')}
              </Tag>
            )}
            {(!step.done || again) && (
              <Button
                type={step.done ? 'default' : 'primary'}
                disabled={blocked}
                onClick={() => setWorking(open ? null : step.key)}
                data-testid={`start-open-${step.key}`}
              >
                {open && INLINE.has(step.key) ? t('start.close') : step.done && again ? t(again) : t('start.open')}
              </Button>
            )}
            <Button type="link" onClick={() => navigate(...PLACE[step.key])} data-testid={`start-goto-${step.key}`}>
              {t('start.goto')} <RightOutlined />
            </Button>
          </Space>
        </div>
        {open && (!step.done || again) && (
          <div className={INLINE.has(step.key) ? styles.stepWork : undefined} data-testid={`start-work-${step.key}`}>
            <StartStepWork step={step.key} onChanged={changed} onClose={() => setWorking(null)} />
          </div>
        )}
      </div>
    );
  }

  return (
    <div className={pageLayout.page}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('start.title')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('start.intro')}</Typography.Text>
      {loaded.error !== null && <Alert type="error" showIcon title={errorText(loaded.error)} />}
      {checklist && (
        <Card>
          <Progress
            data-testid="start-progress"
            percent={total === 0 ? 0 : Math.round((checklist.done / total) * 100)}
            format={() => t('start.progress', { done: checklist.done, total })}
          />
          <div data-testid="start-steps">{checklist.steps.map(row)}</div>
        </Card>
      )}
    </div>
  );
}
