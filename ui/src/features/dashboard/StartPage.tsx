import { CheckCircleFilled, RightOutlined } from '@ant-design/icons';
import { Alert, Button, Card, List, Progress, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StartStepKey } from '../../api/bindings';
import { useErrorText } from '../../shared/errors';
import { navigate } from '../../shared/router';
import { useCommand } from '../../shared/useCommand';
import pageLayout from '../../shared/page.module.css';

/** Where each step is done: the screen that opens when the owner picks it. */
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

/**
 * The start page after the company is made: the steps of setting up the shop, each ticked by the core from what
 * the company's data holds (so it is right on every device), each opening the screen where it is done.
 */
export function StartPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const loaded = useCommand('dashboard.start.get', {}, 0);
  const checklist = loaded.output;
  const total = checklist?.steps.length ?? 0;

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
          <List
            data-testid="start-steps"
            dataSource={checklist.steps}
            renderItem={(step) => (
              <List.Item
                data-testid={`start-step-${step.key}`}
                data-done={step.done ? 'yes' : 'no'}
                actions={[
                  step.done ? (
                    <Tag key="done" color="success" icon={<CheckCircleFilled />}>
                      {t('start.done')}
                    </Tag>
                  ) : (
                    <Button
                      key="open"
                      type="link"
                      onClick={() => navigate(...PLACE[step.key])}
                      data-testid={`start-open-${step.key}`}
                    >
                      {t('start.open')} <RightOutlined />
                    </Button>
                  ),
                ]}
              >
                <List.Item.Meta
                  title={t(`start.steps.${step.key}.title`)}
                  description={t(`start.steps.${step.key}.text`)}
                />
              </List.Item>
            )}
          />
        </Card>
      )}
    </div>
  );
}
