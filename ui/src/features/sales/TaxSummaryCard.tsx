import { Alert, Card, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DateRange, TaxSummaryRow } from '../../api/bindings';
import { useErrorText } from '../../shared/errors';
import { Amount } from '../ledger/Amount';
import { centsOrNull, displayAmount } from '../ledger/money';
import { ReportExportMenu } from '../ledger/ReportExportMenu';
import { useCommand } from '../../shared/useCommand';
import styles from '../ledger/ledger.module.css';

type Props = { dates: DateRange; currency: string; version: number };

/** For the tax return: sales and the tax on them, purchases and the tax paid on them, by tax; and what is owed. */
export function TaxSummaryCard({ dates, currency, version }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const loaded = useCommand('finances.reports.tax_summary', dates, version);
  const report = loaded.output;
  const net = centsOrNull(report?.net);
  const amount = (value: string) => <Amount value={value} />;

  return (
    <Card
      size="small"
      title={t('finance.reports.taxSummary')}
      extra={<ReportExportMenu report="tax_summary" input={dates} />}
    >
      {loaded.error !== null && <Alert type="error" showIcon title={errorText(loaded.error)} />}
      <div className={styles.pnl}>
        <Table<TaxSummaryRow>
          data-testid="tax-summary-table"
          rowKey={(row) => `${row.tax_id ?? ''}:${row.rate}`}
          size="small"
          loading={loaded.loading}
          dataSource={report?.rows ?? []}
          pagination={false}
          locale={{ emptyText: t('finance.reports.empty') }}
          columns={[
            { title: t('finance.taxes.columns.name'), dataIndex: 'name' },
            {
              title: t('finance.taxes.columns.rate'),
              dataIndex: 'rate',
              align: 'right',
              width: 90,
              render: (rate: string) => `${rate}%`,
            },
            { title: t('finance.reports.sales'), dataIndex: 'sales', align: 'right', width: 140, render: amount },
            {
              title: t('finance.reports.outputTax'),
              dataIndex: 'output_tax',
              align: 'right',
              width: 130,
              render: amount,
            },
            {
              title: t('finance.reports.purchases'),
              dataIndex: 'purchases',
              align: 'right',
              width: 140,
              render: amount,
            },
            {
              title: t('finance.reports.inputTax'),
              dataIndex: 'input_tax',
              align: 'right',
              width: 130,
              render: amount,
            },
          ]}
          summary={() =>
            report && (
              <Table.Summary.Row className={styles.totalRow}>
                <Table.Summary.Cell index={0} colSpan={3}>
                  {t('finance.reports.total')}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">
                  <Amount value={report.output_tax} testId="tax-summary-output" />
                </Table.Summary.Cell>
                <Table.Summary.Cell index={4} />
                <Table.Summary.Cell index={5} align="right">
                  <Amount value={report.input_tax} testId="tax-summary-input" />
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )
          }
        />
        {report && (
          <div
            className={`${styles.net} ${net !== null && net < 0n ? styles.profit : styles.loss}`}
            data-testid="tax-summary-net"
          >
            <Typography.Text strong>
              {net !== null && net < 0n ? t('finance.reports.taxReclaim') : t('finance.reports.taxPayable')}
            </Typography.Text>
            <Typography.Text strong className={styles.amount}>
              {currency} {displayAmount(report.net)}
            </Typography.Text>
          </div>
        )}
      </div>
    </Card>
  );
}
