import { Alert, Card, Space, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgingRow, AsOfInput } from '../../api/bindings';
import { useErrorText } from '../../shared/errors';
import { Amount } from '../ledger/Amount';
import { AsOfPicker } from '../ledger/AsOfPicker';
import { DATE_FORMAT } from '../ledger/model';
import { ReportExportMenu } from '../ledger/ReportExportMenu';
import { useCommand } from '../../shared/useCommand';
import styles from '../ledger/ledger.module.css';

/** The aging buckets, as the core fills them: not yet due, then days past due. */
const BUCKETS = ['current', 'days_30', 'days_60', 'days_90', 'over_90', 'total'] as const;

/** What each customer owes on issued invoices on a day, by how long past due. */
export function AgingCard({ version }: { version: number }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [asOf, setAsOf] = useState<Dayjs | null>(null);
  const input: AsOfInput = asOf ? { as_of: asOf.format(DATE_FORMAT) } : {};
  const loaded = useCommand('finances.reports.ar_aging', input, version);
  const report = loaded.output;

  return (
    <Card
      size="small"
      title={t('finance.reports.aging')}
      extra={
        <Space wrap>
          <AsOfPicker value={asOf} onChange={setAsOf} testId="aging-as-of" />
          <ReportExportMenu report="ar_aging" input={input} />
        </Space>
      }
    >
      {loaded.error !== null && <Alert type="error" showIcon title={errorText(loaded.error)} />}
      <Table<AgingRow>
        data-testid="aging-table"
        rowKey="customer_id"
        size="small"
        loading={loaded.loading}
        dataSource={report?.rows ?? []}
        pagination={false}
        locale={{ emptyText: t('finance.reports.agingEmpty') }}
        columns={[
          { title: t('finance.invoices.columns.customer'), dataIndex: 'customer_name' },
          ...BUCKETS.map((bucket) => ({
            title: t(`finance.reports.buckets.${bucket}`),
            dataIndex: bucket,
            align: 'right' as const,
            width: 120,
            render: (value: string) => <Amount value={value} />,
          })),
        ]}
        summary={() =>
          report &&
          report.rows.length > 0 && (
            <Table.Summary.Row className={styles.totalRow}>
              <Table.Summary.Cell index={0}>{t('finance.reports.total')}</Table.Summary.Cell>
              {BUCKETS.map((bucket, index) => (
                <Table.Summary.Cell key={bucket} index={index + 1} align="right">
                  <Amount value={report.total[bucket]} testId={`aging-total-${bucket}`} />
                </Table.Summary.Cell>
              ))}
            </Table.Summary.Row>
          )
        }
      />
    </Card>
  );
}
