import { Alert, Card, InputNumber, Space, Table, Typography } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { Location, MovementSummary, SlowMover } from '../../api/bindings';
import { useErrorText } from '../../shared/errors';
import { useDebounced } from '../../shared/useDebounced';
import { thisMonth, toDateRange, type PickedRange } from '../ledger/model';
import { RangeFilter } from '../ledger/RangeFilter';
import { useCommand } from '../../shared/useCommand';
import { InventoryExportMenu } from './InventoryExportMenu';
import { useInventoryVersion } from './inventoryVersion';
import { LocationSelect } from './LocationSelect';
import pageLayout from '../../shared/page.module.css';
import styles from './inventory.module.css';

/** Unsold for this many days makes a slow mover, unless the user asks otherwise (the core's default). */
const SLOW_DAYS_DEFAULT = 90;
const SLOW_DAYS_MAX = 3650;

type Props = { locations: Location[] };

const number = (value: string) => <span className={styles.number}>{value}</span>;

/**
 * Inventory reports: what came in and went out per product over a range, what has not sold for a while, and
 * exports of those and of stock on hand and low stock, as CSV, Excel or PDF.
 */
export function ReportsTab({ locations }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const version = useInventoryVersion();
  const [range, setRange] = useState<PickedRange>(thisMonth);
  const [days, setDays] = useState<number>(SLOW_DAYS_DEFAULT);
  const [locationId, setLocationId] = useState<string | undefined>(undefined);
  const dates = toDateRange(range);
  const settledDays = useDebounced(days, 300);
  const movements = useCommand('inventory.reports.movements', dates, version);
  const slow = useCommand('inventory.reports.slow_movers', { days: settledDays }, version);
  const stockInput = locationId ? { location_id: locationId } : {};

  return (
    <div className={pageLayout.page}>
      <Card
        size="small"
        title={t('inventory.reports.stockTitle')}
        extra={
          <Space wrap>
            <LocationSelect
              testId="inv-reports-location"
              className={styles.filter}
              locations={locations}
              allowClear
              placeholder={t('inventory.reports.allLocations')}
              value={locationId}
              onChange={setLocationId}
            />
          </Space>
        }
      >
        <Space wrap>
          <Typography.Text>{t('inventory.reports.stockOnHand')}</Typography.Text>
          <InventoryExportMenu report="stock_on_hand" input={stockInput} />
          <Typography.Text>{t('inventory.reports.lowStock')}</Typography.Text>
          <InventoryExportMenu report="low_stock" input={stockInput} />
        </Space>
      </Card>

      <Card
        size="small"
        title={t('inventory.reports.movementsTitle')}
        extra={
          <Space wrap>
            <RangeFilter value={range} onChange={setRange} testId="inv-reports-range" />
            <InventoryExportMenu report="movements" input={dates} />
          </Space>
        }
      >
        {movements.error !== null && <Alert type="error" showIcon title={errorText(movements.error)} />}
        <Table<MovementSummary>
          data-testid="inv-reports-movements"
          rowKey="product_id"
          size="small"
          loading={movements.loading}
          dataSource={movements.output ?? []}
          pagination={false}
          locale={{ emptyText: t('inventory.reports.movementsEmpty') }}
          onRow={(line) =>
            ({ 'data-testid': 'inv-reports-movement-row', 'data-sku': line.sku }) as HTMLAttributes<HTMLElement>
          }
          columns={[
            { title: t('inventory.reports.columns.product'), dataIndex: 'product_name' },
            { title: t('inventory.reports.columns.sku'), dataIndex: 'sku', width: 130 },
            ...(['received', 'sold', 'returned', 'adjusted', 'counted', 'net'] as const).map((key) => ({
              title: t(`inventory.reports.columns.${key}`),
              dataIndex: key,
              width: 100,
              align: 'right' as const,
              render: number,
            })),
          ]}
        />
      </Card>

      <Card
        size="small"
        title={t('inventory.reports.slowTitle')}
        extra={
          <Space wrap>
            <InputNumber<number>
              data-testid="inv-reports-days"
              min={1}
              max={SLOW_DAYS_MAX}
              precision={0}
              value={days}
              onChange={(value) => value !== null && setDays(value)}
              aria-label={t('inventory.reports.days')}
              suffix={t('inventory.reports.daysUnit')}
            />
            <InventoryExportMenu report="slow_movers" input={{ days: settledDays }} />
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">
          {t('inventory.reports.slowHelp', { days: settledDays })}
        </Typography.Paragraph>
        {slow.error !== null && <Alert type="error" showIcon title={errorText(slow.error)} />}
        <Table<SlowMover>
          data-testid="inv-reports-slow"
          rowKey="product_id"
          size="small"
          loading={slow.loading}
          dataSource={slow.output ?? []}
          pagination={false}
          locale={{ emptyText: t('inventory.reports.slowEmpty') }}
          onRow={(line) =>
            ({ 'data-testid': 'inv-reports-slow-row', 'data-sku': line.sku }) as HTMLAttributes<HTMLElement>
          }
          columns={[
            { title: t('inventory.reports.columns.product'), dataIndex: 'product_name' },
            { title: t('inventory.reports.columns.sku'), dataIndex: 'sku', width: 130 },
            {
              title: t('inventory.reports.columns.onHand'),
              dataIndex: 'on_hand',
              width: 110,
              align: 'right',
              render: number,
            },
            {
              title: t('inventory.reports.columns.lastSale'),
              dataIndex: 'last_sale',
              width: 130,
              render: (last: string | null) => last ?? t('inventory.reports.neverSold'),
            },
          ]}
        />
      </Card>
    </div>
  );
}
