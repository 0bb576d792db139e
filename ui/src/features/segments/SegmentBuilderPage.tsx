import { ArrowLeftOutlined, TeamOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Result, Space, Spin, Statistic, Typography } from 'antd';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Segment } from '../../api/bindings';
import { ApiError, toApiError } from '../../api/rpc';
import { reasonText, useErrorText } from '../../shared/errors';
import { useSubmit } from '../../shared/useSubmit';
import { navigate } from '../../shared/router';
import { useFormat } from '../../i18n/format';
import { useApi } from '../../shared/session';
import { fromCriteria, hasBlankValue, newGroup, toCriteria, type GroupNode } from './criteria';
import { RuleGroupEditor } from './RuleGroupEditor';
import { useSegmentPreview } from './useSegmentPreview';
import pageLayout from '../../shared/page.module.css';
import styles from './segments.module.css';

/** Create a segment, or edit one when `segmentId` is given. */
export function SegmentBuilderPage({ segmentId }: { segmentId?: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const [segment, setSegment] = useState<Segment | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);

  useEffect(() => {
    if (!segmentId) return;
    let current = true;
    api.call('customers.segments.get', { id: segmentId }).then(
      (loaded) => current && setSegment(loaded),
      (error: unknown) => current && setLoadError(toApiError(error)),
    );
    return () => {
      current = false;
    };
  }, [api, segmentId]);

  const back = (
    <Button type="link" icon={<ArrowLeftOutlined />} className={styles.back} onClick={() => navigate('segments')}>
      {t('segments.back')}
    </Button>
  );
  if (loadError) {
    return (
      <div>
        {back}
        <Result status="error" title={t(`errors.${loadError.code}`)} />
      </div>
    );
  }
  if (segmentId && !segment) {
    return (
      <div className={styles.loading}>
        <Spin />
      </div>
    );
  }
  return <SegmentEditor segment={segment} back={back} />;
}

function SegmentEditor({ segment, back }: { segment: Segment | null; back: ReactNode }) {
  const { t } = useTranslation();
  const api = useApi();
  const errorText = useErrorText();
  const format = useFormat();
  const { message } = App.useApp();
  const [name, setName] = useState(segment?.name ?? '');
  const [description, setDescription] = useState(segment?.description ?? '');
  const [root, setRoot] = useState<GroupNode>(() => (segment ? fromCriteria(segment.criteria) : newGroup('all')));
  const [tags, setTags] = useState<string[]>([]);
  const { busy: saving, run } = useSubmit();
  const [saveError, setSaveError] = useState<ApiError | null>(null);

  const criteria = useMemo(() => toCriteria(root), [root]);
  const preview = useSegmentPreview(criteria, !hasBlankValue(root) && root.rules.length > 0);

  useEffect(() => {
    let current = true;
    api.call('customers.tags.list', {}).then(
      (list) => current && setTags(list),
      () => undefined, // Suggestions only.
    );
    return () => {
      current = false;
    };
  }, [api]);

  async function save() {
    setSaveError(null);
    await run(
      async (once) => {
        const saved = segment
          ? await api.call('customers.segments.update', { id: segment.id, name, description, criteria })
          : await api.call('customers.segments.create', { name, description, criteria }, once);
        void message.success(t('segments.builder.saved', { name: saved.name }));
        navigate('segments', saved.id);
      },
      (error) => {
        setSaveError(toApiError(error));
        return true;
      },
    );
  }

  const fieldError = (field: string) =>
    saveError?.code === 'validation' && saveError.field === field ? reasonText(t, saveError) : undefined;
  const otherError =
    saveError && !(saveError.code === 'validation' && (saveError.field === 'name' || saveError.field === 'description'))
      ? errorText(saveError)
      : null;

  return (
    <div className={pageLayout.page}>
      {back}
      <Typography.Title level={3} style={{ margin: 0 }}>
        {segment ? t('segments.builder.editTitle') : t('segments.builder.newTitle')}
      </Typography.Title>
      <div className={styles.builderColumns}>
        <Card>
          <Form layout="vertical" requiredMark={false}>
            <Form.Item
              label={t('segments.fields.segmentName')}
              validateStatus={fieldError('name') ? 'error' : undefined}
              help={fieldError('name')}
            >
              <Input data-testid="segment-name" value={name} onChange={(event) => setName(event.target.value)} />
            </Form.Item>
            <Form.Item
              label={t('segments.fields.description')}
              validateStatus={fieldError('description') ? 'error' : undefined}
              help={fieldError('description')}
            >
              <Input.TextArea
                data-testid="segment-description"
                rows={2}
                value={description}
                onChange={(event) => setDescription(event.target.value)}
              />
            </Form.Item>
            <Form.Item label={t('segments.builder.rules')}>
              <RuleGroupEditor root={root} onChange={setRoot} tags={tags} />
            </Form.Item>
          </Form>
          {otherError && <Alert type="error" showIcon title={otherError} style={{ marginBottom: 16 }} />}
          <Space>
            <Button type="primary" loading={saving} onClick={() => void save()} data-testid="segment-save">
              {t('common.save')}
            </Button>
            <Button onClick={() => navigate(...(segment ? ['segments', segment.id] : ['segments']))}>
              {t('common.cancel')}
            </Button>
          </Space>
        </Card>
        <Card className={styles.previewCard}>
          <Statistic
            title={t('segments.builder.previewTitle')}
            prefix={<TeamOutlined />}
            loading={preview.state === 'loading'}
            value={preview.state === 'ready' ? format.number(preview.member_count) : '—'}
            valueRender={(node) => <span data-testid="segment-preview-count">{node}</span>}
          />
          <Typography.Paragraph type="secondary" className={styles.previewHint}>
            {preview.state === 'incomplete' && t('segments.builder.previewIncomplete')}
            {preview.state === 'ready' && t('segments.builder.previewLive')}
            {preview.state === 'failed' && (
              <Typography.Text type="danger">
                {preview.error instanceof ApiError && preview.error.code === 'validation'
                  ? reasonText(t, preview.error)
                  : errorText(preview.error)}
              </Typography.Text>
            )}
          </Typography.Paragraph>
        </Card>
      </div>
    </div>
  );
}
