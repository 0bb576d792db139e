import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Popconfirm, Space, Table, Typography, type TableColumnType } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Segment } from '../../api/bindings';
import { useErrorText } from '../../shared/errors';
import { navigate } from '../../shared/router';
import { useFormat } from '../../i18n/format';
import { useApi, useCan } from '../../shared/session';
import { useDataVersion } from '../../shared/dataVersion';
import pageLayout from '../../shared/page.module.css';
import styles from './segments.module.css';

export function SegmentsPage() {
  const { t } = useTranslation();
  const api = useApi();
  const writable = useCan()('customers.write');
  const format = useFormat();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [segments, setSegments] = useState<Segment[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  const [version, setVersion] = useState(0);
  const dataVersion = useDataVersion();

  useEffect(() => {
    let current = true;
    api.call('customers.segments.list', {}).then(
      (list) => {
        if (!current) return;
        setSegments(list);
        setError(null);
      },
      (loadError: unknown) => current && setError(loadError),
    );
    return () => {
      current = false;
    };
  }, [api, version, dataVersion]);

  async function remove(segment: Segment) {
    try {
      await api.call('customers.segments.delete', { id: segment.id });
      void message.success(t('segments.deleted', { name: segment.name }));
      setVersion((v) => v + 1);
    } catch (deleteError) {
      void message.error(errorText(deleteError));
    }
  }

  const actionsColumn: TableColumnType<Segment> = {
    title: '',
    key: 'actions',
    width: 120,
    align: 'right',
    render: (_value, segment) => (
      // Clicks on the actions must not open the row.
      <Space onClick={(event) => event.stopPropagation()}>
        <Button
          type="text"
          icon={<EditOutlined />}
          aria-label={t('common.edit')}
          onClick={() => navigate('segments', segment.id, 'edit')}
        />
        <Popconfirm
          title={t('segments.deleteConfirm', { name: segment.name })}
          okText={t('common.delete')}
          okButtonProps={{ danger: true }}
          cancelText={t('common.cancel')}
          onConfirm={() => void remove(segment)}
        >
          <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
        </Popconfirm>
      </Space>
    ),
  };

  return (
    <div className={pageLayout.page}>
      <div className={pageLayout.toolbar}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('segments.title')}
        </Typography.Title>
        {writable && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => navigate('segments', 'new')}
            data-testid="segments-new"
          >
            {t('segments.new')}
          </Button>
        )}
      </div>
      {error !== null && <Alert type="error" showIcon title={errorText(error)} />}
      <Table<Segment>
        data-testid="segments-table"
        rowKey="id"
        loading={segments === null && error === null}
        dataSource={segments ?? []}
        pagination={false}
        locale={{ emptyText: t('segments.empty') }}
        onRow={(segment) => ({
          onClick: () => navigate('segments', segment.id),
          className: styles.clickableRow,
          'data-testid': 'segment-row',
        })}
        columns={[
          {
            title: t('segments.fields.segmentName'),
            dataIndex: 'name',
            render: (_value, segment) => (
              <div>
                <Typography.Text strong>{segment.name}</Typography.Text>
                {segment.description && (
                  <div>
                    <Typography.Text type="secondary">{segment.description}</Typography.Text>
                  </div>
                )}
              </div>
            ),
          },
          {
            title: t('segments.fields.members'),
            dataIndex: 'member_count',
            width: 140,
            align: 'right',
            render: (count: number) => format.number(count),
          },
          {
            title: t('segments.fields.updated'),
            dataIndex: 'updated_at_ms',
            width: 200,
            render: (ms: number) => format.dateTime(ms),
          },
          ...(writable ? [actionsColumn] : []),
        ]}
      />
    </div>
  );
}
