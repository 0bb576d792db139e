import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Select, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActivityEntry, ActivityQuery, AuditReport } from '../../api/bindings';
import { COMMAND_NAMES, type Page } from '../../api/rpc';
import { downloadText } from '../../shared/download';
import { useErrorText } from '../../shared/errors';
import { useFormat } from '../../i18n/format';
import en from '../../i18n/en.json';
import { useApi } from '../../shared/session';
import { useActions } from '../../shared/useSubmit';
import { useDataVersion } from '../../shared/dataVersion';
import pageLayout from '../../shared/page.module.css';
import styles from './activity.module.css';

const ACTIVITY_PAGE_SIZE = 50;

type Loaded = { key: string; answer: Page<ActivityEntry> };

type DateRange = [Dayjs | null, Dayjs | null] | null;

/** The filters without paging: whole local days, the end day included (`to_ms` is exclusive). */
function filtersOf(command: string | undefined, range: DateRange): ActivityQuery {
  const filters: ActivityQuery = {};
  if (command) filters.command = command;
  const [from, to] = range ?? [null, null];
  if (from) filters.from_ms = from.startOf('day').valueOf();
  if (to) filters.to_ms = to.add(1, 'day').startOf('day').valueOf();
  return filters;
}

/**
 * What a command did, in the UI language ("Issued an invoice" / "开具发票"); the command's own name where no label
 * is written (a refused read, say). Labels sit under `activity.actions` with `~` for the name's dots, which
 * i18next would read as nesting.
 */
function useActionLabel(): (command: string) => string | null {
  const { t } = useTranslation();
  return (command) => {
    const key = command.replaceAll('.', '~');
    return key in en.activity.actions ? t(`activity.actions.${key as keyof typeof en.activity.actions}`) : null;
  };
}

/** The result of "Verify integrity": the chain holds, or where it first breaks. */
function AuditResult({ report }: { report: AuditReport }) {
  const { t } = useTranslation();
  const format = useFormat();
  const broken = report.first_broken;
  if (report.intact || !broken) {
    return (
      <Alert
        type="success"
        showIcon
        data-testid="activity-verify-result"
        title={t('activity.intact', { count: report.checked, formatted: format.number(report.checked) })}
      />
    );
  }
  const description =
    broken.at_ms === null
      ? t('activity.brokenAtUnknownTime', { seq: broken.seq, problem: broken.problem })
      : t('activity.brokenAt', { seq: broken.seq, time: format.dateTime(broken.at_ms), problem: broken.problem });
  return (
    <Alert
      type="error"
      showIcon
      data-testid="activity-verify-result"
      title={t('activity.broken')}
      description={description}
    />
  );
}

/** The audit trail: who ran which command, newest first as the core returns it. */
export function ActivityPage() {
  const { t, i18n } = useTranslation();
  const chinese = i18n.language.startsWith('zh');
  const api = useApi();
  const dataVersion = useDataVersion();
  const format = useFormat();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [command, setCommand] = useState<string | undefined>(undefined);
  const actionLabel = useActionLabel();
  const [range, setRange] = useState<DateRange>(null);
  const [pageIndex, setPageIndex] = useState(1);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<unknown>(null);
  const { busy, run } = useActions<'export' | 'verify'>({ toast: true });
  const [report, setReport] = useState<AuditReport | null>(null);

  const filters = filtersOf(command, range);
  const query: ActivityQuery = {
    ...filters,
    offset: (pageIndex - 1) * ACTIVITY_PAGE_SIZE,
    limit: ACTIVITY_PAGE_SIZE,
  };
  const key = JSON.stringify(query);

  async function exportCsv() {
    await run('export', async () => {
      const { csv, count } = await api.call('users.activity.export', filters);
      downloadText(t('activity.fileName'), csv);
      void message.success(t('activity.exported', { count, formatted: format.number(count) }));
    });
  }

  async function verify() {
    setReport(null);
    await run('verify', async () => setReport(await api.call('users.activity.verify', {})));
  }

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
  }, [api, key, dataVersion]);

  return (
    <div className={pageLayout.page}>
      <div className={pageLayout.toolbar}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('activity.title')}
        </Typography.Title>
        <Space>
          <Button
            icon={<DownloadOutlined />}
            loading={busy === 'export'}
            onClick={() => void exportCsv()}
            data-testid="activity-export"
          >
            {t('activity.export')}
          </Button>
          <Button
            icon={<SafetyCertificateOutlined />}
            loading={busy === 'verify'}
            onClick={() => void verify()}
            data-testid="activity-verify"
          >
            {t('activity.verify')}
          </Button>
        </Space>
      </div>
      <div className={styles.filters}>
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
          options={COMMAND_NAMES.map((name) => {
            const label = actionLabel(name);
            return { value: name, label: label ? `${label} · ${name}` : name };
          })}
          style={{ width: 280 }}
        />
        <DatePicker.RangePicker
          data-testid="activity-date-range"
          allowEmpty={[true, true]}
          placeholder={[t('activity.dateFrom'), t('activity.dateTo')]}
          value={range}
          onChange={(value) => {
            setRange(value);
            setPageIndex(1);
          }}
        />
      </div>
      {report && <AuditResult report={report} />}
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
            // What happened in the user's language; the command's name beneath it, as a detail.
            title: t('activity.columns.command'),
            dataIndex: 'command',
            width: 280,
            render: (name: string) => {
              const label = actionLabel(name);
              return (
                <div data-testid="activity-action">
                  {label && <div>{label}</div>}
                  <Typography.Text
                    code
                    type={label ? 'secondary' : undefined}
                    style={{ fontSize: label ? 12 : undefined }}
                  >
                    {name}
                  </Typography.Text>
                </div>
              );
            },
          },
          {
            // In Chinese where the change said it in Chinese (older entries, and some, say it in English only).
            title: t('activity.columns.summary'),
            dataIndex: 'summary',
            render: (summary: string, entry: ActivityEntry) => (
              <span data-testid="activity-summary">{chinese && entry.summary_zh ? entry.summary_zh : summary}</span>
            ),
          },
        ]}
      />
    </div>
  );
}
