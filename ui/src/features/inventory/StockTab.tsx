import { ControlOutlined, DiffOutlined, ImportOutlined, SwapOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Input, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState, type HTMLAttributes, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Location, StockLevel, StockQuery } from '../../api/bindings';
import { useErrorText } from '../../shared/errors';
import { navigate } from '../../shared/router';
import { useCan } from '../../shared/session';
import { useCommand } from '../../shared/useCommand';
import { inventoryChanged, useInventoryVersion } from './inventoryVersion';
import { LocationSelect } from './LocationSelect';
import { MovementDrawer, type MovementMode } from './MovementDrawer';
import { MovementsList } from './MovementsList';
import { ThresholdDrawer } from './ThresholdDrawer';
import { TransferDrawer } from './TransferDrawer';
import pageLayout from '../../shared/page.module.css';
import styles from './inventory.module.css';
import { useUnit } from '../../shared/units';

type Props = {
  locations: Location[];
  /** Only the stock at or below its minimum, or oversold. */
  attentionOnly: boolean;
  onAttentionOnlyChange: (attentionOnly: boolean) => void;
};

/** What is open: a movement (receive, adjust), a transfer or thresholds, for a level or for any product. */
type Action =
  | { kind: 'movement'; mode: MovementMode; level: StockLevel | null }
  | { kind: 'transfer'; level: StockLevel | null }
  | { kind: 'threshold'; level: StockLevel | null };

/** Whether `level` is of a product whose name or SKU contains `search`. */
function matches(level: StockLevel, search: string): boolean {
  const needle = search.trim().toLowerCase();
  return !needle || level.product_name.toLowerCase().includes(needle) || level.sku.toLowerCase().includes(needle);
}

/**
 * Stock per product and location with its thresholds, low and oversold stock tagged; receiving, adjusting and
 * moving stock (inventory.write) and setting thresholds (inventory.manage); the movements below.
 */
export function StockTab({ locations, attentionOnly, onAttentionOnlyChange }: Props) {
  const { t } = useTranslation();
  const unitOf = useUnit();
  const can = useCan();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const version = useInventoryVersion();
  const [locationId, setLocationId] = useState<string | undefined>(undefined);
  const [search, setSearch] = useState('');
  const [action, setAction] = useState<Action | null>(null);
  const write = can('inventory.write');
  const manage = can('inventory.manage');

  const query: StockQuery = locationId ? { location_id: locationId } : {};
  const loaded = useCommand(attentionOnly ? 'inventory.stock.low' : 'inventory.stock.levels', query, version);
  const levels = (loaded.output ?? []).filter((level) => matches(level, search));
  const anyOversold = levels.some((level) => level.oversold);

  function saved(text: string) {
    void message.success(text);
    setAction(null);
    inventoryChanged();
  }

  const rowAction = (testId: string, label: string, icon: ReactNode, next: Action) => (
    <Tooltip title={label}>
      <Button type="text" icon={icon} aria-label={label} onClick={() => setAction(next)} data-testid={testId} />
    </Tooltip>
  );

  return (
    <div className={pageLayout.page}>
      <div className={pageLayout.toolbar}>
        <Space wrap>
          <Input.Search
            allowClear
            className={styles.search}
            placeholder={t('inventory.stock.searchPlaceholder')}
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            data-testid="inv-stock-search"
          />
          <LocationSelect
            testId="inv-stock-location"
            className={styles.filter}
            locations={locations}
            allowClear
            placeholder={t('inventory.stock.allLocations')}
            value={locationId}
            onChange={setLocationId}
          />
          <Checkbox
            checked={attentionOnly}
            onChange={(event) => onAttentionOnlyChange(event.target.checked)}
            data-testid="inv-stock-attention-only"
          >
            {t('inventory.stock.attentionOnly')}
          </Checkbox>
        </Space>
        <Space wrap>
          {write && (
            <>
              <Button
                type="primary"
                icon={<ImportOutlined />}
                onClick={() => setAction({ kind: 'movement', mode: 'receive', level: null })}
                data-testid="inv-stock-receive"
              >
                {t('inventory.stock.receive')}
              </Button>
              <Button
                icon={<DiffOutlined />}
                onClick={() => setAction({ kind: 'movement', mode: 'adjust', level: null })}
                data-testid="inv-stock-adjust"
              >
                {t('inventory.stock.adjust')}
              </Button>
              <Button
                icon={<SwapOutlined />}
                onClick={() => setAction({ kind: 'transfer', level: null })}
                data-testid="inv-stock-transfer"
              >
                {t('inventory.stock.transfer')}
              </Button>
            </>
          )}
          {manage && (
            <Button
              icon={<ControlOutlined />}
              onClick={() => setAction({ kind: 'threshold', level: null })}
              data-testid="inv-stock-threshold"
            >
              {t('inventory.stock.setThreshold')}
            </Button>
          )}
        </Space>
      </div>
      {anyOversold && (
        <Alert
          type="info"
          showIcon
          title={t('inventory.stock.oversoldTitle')}
          description={t('inventory.stock.oversoldHelp')}
          data-testid="inv-stock-oversold-help"
          action={
            <Button size="small" onClick={() => navigate('inventory', 'stocktake')} data-testid="inv-stock-count-now">
              {t('inventory.stock.countNow')}
            </Button>
          }
        />
      )}
      {loaded.error !== null && <Alert type="error" showIcon title={errorText(loaded.error)} />}
      <Table<StockLevel>
        data-testid="inv-stock-table"
        rowKey={(level) => `${level.product_id}:${level.location_id}`}
        size="middle"
        loading={loaded.loading}
        dataSource={levels}
        pagination={levels.length > 100 ? { pageSize: 100, showSizeChanger: false } : false}
        locale={{ emptyText: attentionOnly ? t('inventory.stock.nothingLow') : t('inventory.stock.empty') }}
        onRow={(level) =>
          ({
            'data-testid': 'inv-stock-row',
            'data-sku': level.sku,
            'data-location': level.location_name,
          }) as HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            title: t('inventory.stock.columns.product'),
            dataIndex: 'product_name',
            render: (name: string, level) => (
              <>
                {name}
                <Typography.Text type="secondary" className={styles.secondary}>
                  {level.sku}
                </Typography.Text>
              </>
            ),
          },
          { title: t('inventory.stock.columns.location'), dataIndex: 'location_name', width: 160 },
          {
            title: t('inventory.stock.columns.onHand'),
            dataIndex: 'on_hand',
            width: 120,
            align: 'right',
            render: (onHand: string, level) => (
              <Typography.Text
                className={styles.number}
                type={level.oversold ? 'danger' : undefined}
                data-testid="inv-stock-on-hand"
              >
                {onHand} {unitOf(level.unit)}
              </Typography.Text>
            ),
          },
          {
            title: t('inventory.stock.columns.minimum'),
            dataIndex: 'minimum',
            width: 90,
            align: 'right',
            render: (value: string | null) => <span className={styles.number}>{value ?? '—'}</span>,
          },
          {
            title: t('inventory.stock.columns.reorder'),
            dataIndex: 'reorder_quantity',
            width: 90,
            align: 'right',
            render: (value: string | null) => <span className={styles.number}>{value ?? '—'}</span>,
          },
          {
            title: t('inventory.stock.columns.maximum'),
            dataIndex: 'maximum',
            width: 90,
            align: 'right',
            render: (value: string | null) => <span className={styles.number}>{value ?? '—'}</span>,
          },
          {
            title: t('inventory.stock.columns.status'),
            key: 'status',
            width: 110,
            render: (_value: unknown, level: StockLevel) =>
              level.oversold ? (
                <Tooltip title={t('inventory.stock.oversoldHelp')}>
                  <Tag color="red" icon={<WarningOutlined />} data-testid="inv-stock-oversold-tag">
                    {t('inventory.stock.oversold')}
                  </Tag>
                </Tooltip>
              ) : level.low ? (
                <Tag color="orange" data-testid="inv-stock-low-tag">
                  {t('inventory.stock.low')}
                </Tag>
              ) : null,
          },
          ...(write || manage
            ? [
                {
                  title: '',
                  key: 'actions',
                  width: 150,
                  align: 'right' as const,
                  render: (_value: unknown, level: StockLevel) => (
                    <Space size={0}>
                      {write &&
                        rowAction('inv-stock-row-receive', t('inventory.stock.receive'), <ImportOutlined />, {
                          kind: 'movement',
                          mode: 'receive',
                          level,
                        })}
                      {write &&
                        rowAction('inv-stock-row-adjust', t('inventory.stock.adjust'), <DiffOutlined />, {
                          kind: 'movement',
                          mode: 'adjust',
                          level,
                        })}
                      {write &&
                        rowAction('inv-stock-row-transfer', t('inventory.stock.transfer'), <SwapOutlined />, {
                          kind: 'transfer',
                          level,
                        })}
                      {manage &&
                        rowAction('inv-stock-row-threshold', t('inventory.stock.setThreshold'), <ControlOutlined />, {
                          kind: 'threshold',
                          level,
                        })}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <MovementsList locations={locations} />
      <MovementDrawer
        mode={action?.kind === 'movement' ? action.mode : null}
        level={action?.level ?? null}
        locations={locations}
        onClose={() => setAction(null)}
        onSaved={(movement) =>
          saved(
            t(
              movement.kind === 'adjustment'
                ? 'inventory.stock.adjusted'
                : movement.kind === 'opening'
                  ? 'inventory.stock.openingDone'
                  : 'inventory.stock.received',
              {
                quantity: movement.quantity,
                product: movement.product_name,
                location: movement.location_name,
              },
            ),
          )
        }
      />
      <TransferDrawer
        open={action?.kind === 'transfer'}
        level={action?.level ?? null}
        locations={locations}
        onClose={() => setAction(null)}
        onSaved={(movements) =>
          saved(
            t('inventory.stock.transferred', {
              quantity: movements[1]?.quantity ?? '',
              product: movements[0]?.product_name ?? '',
              from: movements[0]?.location_name ?? '',
              to: movements[1]?.location_name ?? '',
            }),
          )
        }
      />
      <ThresholdDrawer
        open={action?.kind === 'threshold'}
        level={action?.level ?? null}
        locations={locations}
        onClose={() => setAction(null)}
        onSaved={(level) =>
          saved(t('inventory.stock.thresholdSaved', { product: level.product_name, location: level.location_name }))
        }
      />
    </div>
  );
}
