import { Alert, Segmented, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { ValuationLine } from '../../api/bindings';
import type { Input, ValuationMethod } from '../../api/rpc';
import { useErrorText } from '../../shared/errors';
import { AsOfPicker } from '../ledger/AsOfPicker';
import { displayAmount } from '../ledger/money';
import { useCommand } from '../../shared/useCommand';
import { InventoryExportMenu } from './InventoryExportMenu';
import { useInventoryVersion } from './inventoryVersion';
import { DATE_FORMAT } from './model';
import pageLayout from '../../shared/page.module.css';
import styles from './inventory.module.css';

/** What the stock is worth on a day, product by product, at moving average cost or first in, first out (costs.read). */
export function ValuationTab() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const version = useInventoryVersion();
  const [asOf, setAsOf] = useState<Dayjs | null>(null);
  const [method, setMethod] = useState<ValuationMethod>('average');
  const query: Input<'inventory.reports.valuation'> & { method: ValuationMethod } = asOf
    ? { date: asOf.format(DATE_FORMAT), method }
    : { method };
  const loaded = useCommand('inventory.reports.valuation', query, version);
  const valuation = loaded.output;

  return (
    <div className={pageLayout.page}>
      <div className={pageLayout.toolbar}>
        <AsOfPicker value={asOf} onChange={setAsOf} testId="inv-valuation-date" />
        <Segmented<ValuationMethod>
          data-testid="inv-valuation-method"
          value={method}
          onChange={setMethod}
          options={[
            {
              value: 'average',
              label: <span data-testid="inv-valuation-method-average">{t('inventory.valuation.average')}</span>,
            },
            {
              value: 'fifo',
              label: <span data-testid="inv-valuation-method-fifo">{t('inventory.valuation.fifo')}</span>,
            },
          ]}
        />
        {valuation && (
          <Typography.Text type="secondary" data-testid="inv-valuation-as-of">
            {t(valuation.method === 'fifo' ? 'inventory.valuation.asOfFifo' : 'inventory.valuation.asOf', {
              date: valuation.date,
            })}
          </Typography.Text>
        )}
        <InventoryExportMenu report="valuation" input={query} />
      </div>
      {loaded.error !== null && <Alert type="error" showIcon title={errorText(loaded.error)} />}
      <Table<ValuationLine>
        data-testid="inv-valuation-table"
        rowKey="product_id"
        size="middle"
        loading={loaded.loading}
        dataSource={valuation?.lines ?? []}
        pagination={false}
        locale={{ emptyText: t('inventory.valuation.empty') }}
        onRow={(line) => ({ 'data-testid': 'inv-valuation-row', 'data-sku': line.sku }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('inventory.valuation.columns.product'), dataIndex: 'product_name' },
          { title: t('inventory.valuation.columns.sku'), dataIndex: 'sku', width: 140 },
          {
            title: t('inventory.valuation.columns.onHand'),
            dataIndex: 'on_hand',
            width: 110,
            align: 'right',
            render: (onHand: string) => <span className={styles.number}>{onHand}</span>,
          },
          {
            title: t('inventory.valuation.columns.averageCost'),
            dataIndex: 'average_cost',
            width: 130,
            align: 'right',
            render: (cost: string) => <span className={styles.number}>{displayAmount(cost)}</span>,
          },
          {
            title: t('inventory.valuation.columns.value'),
            dataIndex: 'value',
            width: 140,
            align: 'right',
            render: (value: string) => <span className={styles.number}>{displayAmount(value)}</span>,
          },
        ]}
        summary={() =>
          valuation && valuation.lines.length > 0 ? (
            <Table.Summary.Row className={styles.totalRow}>
              <Table.Summary.Cell index={0} colSpan={4}>
                {t('inventory.valuation.total')}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                <span className={styles.number} data-testid="inv-valuation-total">
                  {displayAmount(valuation.total)}
                </span>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null
        }
      />
    </div>
  );
}
