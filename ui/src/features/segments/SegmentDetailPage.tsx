import { ArrowLeftOutlined, DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Popconfirm, Result, Space, Spin, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Customer, Segment } from '../../api/bindings';
import { toApiError, type ApiError, type Page } from '../../api/rpc';
import { useErrorText } from '../../shared/errors';
import { navigate } from '../../shared/router';
import { useFormat } from '../../i18n/format';
import { useApi, useCan } from '../../shared/session';
import { useDataVersion } from '../../shared/dataVersion';
import { CriteriaSummary } from './CriteriaSummary';
import pageLayout from '../../shared/page.module.css';
import styles from './segments.module.css';

const MEMBERS_PAGE_SIZE = 50;

export function SegmentDetailPage({ segmentId }: { segmentId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const dataVersion = useDataVersion();
  const writable = useCan()('customers.write');
  const format = useFormat();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [segment, setSegment] = useState<Segment | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [pageIndex, setPageIndex] = useState(1);
  const [members, setMembers] = useState<{ page: number; answer: Page<Customer> } | null>(null);
  const [membersError, setMembersError] = useState<unknown>(null);

  useEffect(() => {
    let current = true;
    api.call('customers.segments.get', { id: segmentId }).then(
      (loaded) => current && setSegment(loaded),
      (error: unknown) => current && setLoadError(toApiError(error)),
    );
    return () => {
      current = false;
    };
  }, [api, segmentId, dataVersion]);

  useEffect(() => {
    let current = true;
    const offset = (pageIndex - 1) * MEMBERS_PAGE_SIZE;
    api.call('customers.segments.members', { id: segmentId, offset, limit: MEMBERS_PAGE_SIZE }).then(
      (answer) => {
        if (!current) return;
        setMembers({ page: pageIndex, answer });
        setMembersError(null);
      },
      (error: unknown) => current && setMembersError(error),
    );
    return () => {
      current = false;
    };
  }, [api, segmentId, pageIndex, dataVersion]);

  async function remove(target: Segment) {
    try {
      await api.call('customers.segments.delete', { id: target.id });
      void message.success(t('segments.deleted', { name: target.name }));
      navigate('segments');
    } catch (error) {
      void message.error(errorText(error));
    }
  }

  const back = (
    <Button type="link" icon={<ArrowLeftOutlined />} className={styles.back} onClick={() => navigate('segments')}>
      {t('segments.back')}
    </Button>
  );
  if (loadError) {
    return (
      <div>
        {back}
        <Result
          status={loadError.code === 'not_found' ? '404' : 'error'}
          title={loadError.code === 'not_found' ? t('segments.notFound') : errorText(loadError)}
        />
      </div>
    );
  }
  if (!segment) {
    return (
      <div className={styles.loading}>
        <Spin />
      </div>
    );
  }

  return (
    <div className={pageLayout.page}>
      {back}
      <div className={pageLayout.toolbar}>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="segment-detail-name">
            {segment.name}
          </Typography.Title>
          {segment.description && <Typography.Text type="secondary">{segment.description}</Typography.Text>}
        </div>
        {writable && (
          <Space>
            <Button
              icon={<EditOutlined />}
              onClick={() => navigate('segments', segment.id, 'edit')}
              data-testid="segment-edit"
            >
              {t('common.edit')}
            </Button>
            <Popconfirm
              title={t('segments.deleteConfirm', { name: segment.name })}
              okText={t('common.delete')}
              okButtonProps={{ danger: true }}
              cancelText={t('common.cancel')}
              onConfirm={() => void remove(segment)}
            >
              <Button danger icon={<DeleteOutlined />} data-testid="segment-delete">
                {t('common.delete')}
              </Button>
            </Popconfirm>
          </Space>
        )}
      </div>
      <Card size="small" title={t('segments.builder.rules')}>
        <CriteriaSummary criteria={segment.criteria} />
      </Card>
      {membersError !== null && <Alert type="error" showIcon title={errorText(membersError)} />}
      <Card
        size="small"
        title={t('segments.membersTitle', {
          count: members?.answer.total ?? segment.member_count,
          formatted: format.number(members?.answer.total ?? segment.member_count),
        })}
      >
        <Table<Customer>
          rowKey="id"
          size="middle"
          loading={members === null || members.page !== pageIndex}
          dataSource={members?.answer.items ?? []}
          onRow={(customer) => ({
            onClick: () => navigate('customers', customer.id),
            className: styles.clickableRow,
          })}
          pagination={{
            current: pageIndex,
            pageSize: MEMBERS_PAGE_SIZE,
            total: members?.answer.total ?? 0,
            showSizeChanger: false,
            onChange: setPageIndex,
          }}
          columns={[
            {
              title: t('customers.columns.name'),
              dataIndex: 'name',
              render: (_value, customer) => (
                <Space>
                  <span>{customer.name}</span>
                  {customer.archived && <Tag>{t('customers.archived')}</Tag>}
                </Space>
              ),
            },
            { title: t('customers.columns.email'), dataIndex: 'email' },
            { title: t('customers.columns.phone'), dataIndex: 'phone' },
            { title: t('customers.columns.city'), key: 'city', render: (_value, customer) => customer.address.city },
          ]}
        />
      </Card>
    </div>
  );
}
