import { Alert, Select, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActivityEntry, ActivityQuery } from '../../api/bindings';
import { COMMAND_NAMES, type Page } from '../../api/rpc';
import { useErrorText } from '../../shared/errors';
import { useFormat } from '../../i18n/format';
import { useApi } from '../auth/session';
import styles from './activity.module.css';

const ACTIVITY_PAGE_SIZE = 50;

type Loaded = { key: string; answer: Page<ActivityEntry> };

/** The audit trail: who ran which command, newest first as the core returns it. */
export function ActivityPage() {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormat();
  const errorText = useErrorText();
  const [command, setCommand] = useState<string | undefined>(undefined);
  const [pageIndex, setPageIndex] = useState(1);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<unknown>(null);

  const query: ActivityQuery = { offset: (pageIndex - 1) * ACTIVITY_PAGE_SIZE, limit: ACTIVITY_PAGE_SIZE };
  if (command) query.command = command;
  const key = JSON.stringify(query);

  useEffect(() => {
    let current = true;
    api.call('users.activity.list', JSON.parse(key) as ActivityQuery).then(
      (answer) => {
        if (!current) return;
        setLoaded({ key, answer });
        setError(null);
      },
      (loadError: unknown) => current && setError(loadError),
    );
    return () => {
      current = false;
    };
  }, [api, key]);

  return (
    <div className={styles.page}>
      <div className={styles.toolbar}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('activity.title')}
        </Typography.Title>
        <Select
          data-testid="activity-command-filter"
          allowClear
          showSearch
          placeholder={t('activity.filterCommand')}
          value={command}
          onChange={(value?: string) => {
            setCommand(value);
            setPageIndex(1);
          }}
          options={COMMAND_NAMES.map((name) => ({ value: name, label: name }))}
          style={{ width: 280 }}
        />
      </div>
      {error !== null && <Alert type="error" showIcon title={errorText(error)} />}
      <Table<ActivityEntry>
        data-testid="activity-table"
        rowKey="id"
        size="middle"
        loading={loaded?.key !== key && error === null}
        dataSource={loaded?.answer.items ?? []}
        locale={{ emptyText: t('activity.empty') }}
        pagination={{
          current: pageIndex,
          pageSize: ACTIVITY_PAGE_SIZE,
          total: loaded?.answer.total ?? 0,
          showSizeChanger: false,
          onChange: setPageIndex,
          showTotal: (total) => t('activity.total', { count: total, formatted: format.number(total) }),
        }}
        columns={[
          {
            title: t('activity.columns.time'),
            dataIndex: 'at_ms',
            width: 200,
            render: (ms: number) => format.dateTime(ms),
          },
          { title: t('activity.columns.user'), dataIndex: 'user_name', width: 180 },
          {
            title: t('activity.columns.command'),
            dataIndex: 'command',
            width: 260,
            render: (name: string) => <Typography.Text code>{name}</Typography.Text>,
          },
          { title: t('activity.columns.summary'), dataIndex: 'summary' },
        ]}
      />
    </div>
  );
}
