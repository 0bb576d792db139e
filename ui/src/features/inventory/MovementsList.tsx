import { Alert, Card, Space, Table, Tag, Typography } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { Location, Movement, MovementQuery } from '../../api/bindings';
import { useErrorText } from '../../shared/errors';
import { displayAmount } from '../ledger/money';
import { toDateRange, type PickedRange } from '../ledger/model';
import { RangeFilter } from '../ledger/RangeFilter';
import { useCommand } from '../../shared/useCommand';
import { useInventoryVersion } from './inventoryVersion';
import { LocationSelect } from './LocationSelect';
import { isMovementKind, MOVEMENTS_LIMIT, MOVEMENT_KIND_COLORS } from './model';
import { ProductSelect } from './ProductSelect';
import styles from './inventory.module.css';

type Props = { locations: Location[] };

/** Every change to stock, newest first, by product, location and days: what stock on hand is the sum of. */
export function MovementsList({ locations }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const version = useInventoryVersion();
  const [productId, setProductId] = useState<string | undefined>(undefined);
  const [locationId, setLocationId] = useState<string | undefined>(undefined);
  const [range, setRange] = useState<PickedRange>(null);
  const query: MovementQuery = { ...toDateRange(range), limit: MOVEMENTS_LIMIT };
  if (productId) query.product_id = productId;
  if (locationId) query.location_id = locationId;
  const loaded = useCommand('inventory.stock.movements.list', query, version);
  const movements = loaded.output ?? [];
  const showCost = movements.some((movement) => movement.unit_cost !== null);

  return (
    <Card
      size="small"
      title={t('inventory.movements.title')}
      data-testid="inv-movements"
      extra={
        <Space wrap>
          <div className={styles.filter}>
            <ProductSelect testId="inv-movements-product" value={productId} onChange={setProductId} stockedOnly />
          </div>
          <LocationSelect
            testId="inv-movements-location"
            className={styles.filter}
            locations={locations}
            allowClear
            placeholder={t('inventory.stock.allLocations')}
            value={locationId}
            onChange={setLocationId}
          />
          <RangeFilter value={range} onChange={setRange} testId="inv-movements-range" />
        </Space>
      }
    >
      {loaded.error !== null && <Alert type="error" showIcon title={errorText(loaded.error)} />}
      <Table<Movement>
        data-testid="inv-movements-table"
        rowKey="id"
        size="small"
        loading={loaded.loading}
        dataSource={movements}
        pagination={movements.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        locale={{ emptyText: t('inventory.movements.empty') }}
        onRow={(movement) =>
          ({ 'data-testid': 'inv-movement-row', 'data-kind': movement.kind }) as HTMLAttributes<HTMLElement>
        }
        columns={[
          { title: t('inventory.movements.columns.date'), dataIndex: 'date', width: 110 },
          {
            title: t('inventory.movements.columns.kind'),
            dataIndex: 'kind',
            width: 100,
            render: (kind: string) => (
              <Tag color={isMovementKind(kind) ? MOVEMENT_KIND_COLORS[kind] : 'default'}>
                {isMovementKind(kind) ? t(`inventory.movements.kinds.${kind}`) : kind}
              </Tag>
            ),
          },
          { title: t('inventory.movements.columns.product'), dataIndex: 'product_name' },
          { title: t('inventory.movements.columns.location'), dataIndex: 'location_name', width: 140 },
          {
            title: t('inventory.movements.columns.quantity'),
            dataIndex: 'quantity',
            width: 100,
            align: 'right',
            render: (quantity: string) => (
              <Typography.Text className={styles.number} type={quantity.startsWith('-') ? 'danger' : 'success'}>
                {quantity.startsWith('-') ? quantity : `+${quantity}`}
              </Typography.Text>
            ),
          },
          ...(showCost
            ? [
                {
                  title: t('inventory.movements.columns.unitCost'),
                  dataIndex: 'unit_cost',
                  key: 'unit_cost',
                  width: 100,
                  align: 'right' as const,
                  render: (cost: string | null) => (
                    <span className={styles.number}>{cost === null ? '' : displayAmount(cost)}</span>
                  ),
                },
              ]
            : []),
          { title: t('inventory.movements.columns.reason'), dataIndex: 'reason' },
          { title: t('inventory.movements.columns.by'), dataIndex: 'created_by_name', width: 110 },
        ]}
      />
    </Card>
  );
}
