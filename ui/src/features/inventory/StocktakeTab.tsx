import { PrinterOutlined, ScanOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Input, Popconfirm, Result, Space, Table, Tag, Typography } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { CountLine, CountResult, CountVariance, Location, Product } from '../../api/bindings';
import { toApiError } from '../../api/rpc';
import { useErrorText } from '../../shared/errors';
import { useScanTarget } from '../scanning/scanTarget';
import { useApi, useCan } from '../../shared/session';
import { useCommand } from '../../shared/useCommand';
import { useSaveFile } from '../../shared/useSaveFile';
import { inventoryChanged, useInventoryVersion } from './inventoryVersion';
import { LocationSelect } from './LocationSelect';
import { fieldPath, inventoryFieldText, onlyLocation } from './model';
import { formatQuantity, isQuantity, toThousandths } from './quantity';
import pageLayout from '../../shared/page.module.css';
import styles from './inventory.module.css';
import { useUnit } from '../../shared/units';

/** A line of the count: one of the sheet's, or a product scanned that the sheet did not list (`expected` unknown). */
type CountRow = Omit<CountLine, 'expected'> & { expected: string | null };

const REASON_CHARS_MAX = 200;

/** One more of what was counted so far; a count that is not a quantity yet starts again at one. */
function plusOne(counted: string | undefined): string {
  const plain = (counted ?? '').trim();
  if (!plain || !isQuantity(plain)) return '1';
  return formatQuantity(toThousandths(plain) + 1000n);
}

/**
 * A stocktake at one location: the count sheet (printed blind, without what the books expect), what was counted
 * typed in per line or scanned item by item, then posted (inventory.write): what differs becomes stocktake
 * movements, and the differences are shown.
 */
/** `active`: the tab is the one shown, so a scan anywhere on the page counts here (antd keeps a visited tab mounted). */
export function StocktakeTab({ locations, active = true }: { locations: Location[]; active?: boolean }) {
  const { t } = useTranslation();
  const unitOf = useUnit();
  const api = useApi();
  const can = useCan();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const version = useInventoryVersion();
  const { save, saving } = useSaveFile();
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const [allProducts, setAllProducts] = useState(false);
  const [showExpected, setShowExpected] = useState(false);
  // What was counted, by product id; blank is not counted (the line is left as it is).
  const [counted, setCounted] = useState<Record<string, string>>({});
  const [added, setAdded] = useState<CountRow[]>([]);
  const [scanText, setScanText] = useState('');
  const [lastScanned, setLastScanned] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [lineErrors, setLineErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [posting, setPosting] = useState(false);
  const [result, setResult] = useState<CountResult | null>(null);
  const write = can('inventory.write');

  const locationId = picked ?? onlyLocation(locations);
  const input = locationId ? { location_id: locationId, ...(allProducts ? { all_products: true } : {}) } : null;
  const sheet = useCommand('inventory.stock.counts.sheet', input, version);
  const sheetLines = sheet.output?.location_id === locationId ? (sheet.output?.lines ?? []) : [];
  const rows: CountRow[] = [
    ...sheetLines,
    ...added.filter((row) => !sheetLines.some((line) => line.product_id === row.product_id)),
  ];
  const countedRows = rows.filter((row) => (counted[row.product_id] ?? '').trim() !== '');

  function startOver() {
    setCounted({});
    setAdded([]);
    setLineErrors({});
    setFormError(null);
    setLastScanned(null);
  }

  function setCount(productId: string, value: string) {
    setCounted((before) => ({ ...before, [productId]: value }));
    setLineErrors(({ [productId]: _dropped, ...rest }) => rest);
  }

  function bump(row: CountRow) {
    setCounted((before) => ({ ...before, [row.product_id]: plusOne(before[row.product_id]) }));
    setLineErrors(({ [row.product_id]: _dropped, ...rest }) => rest);
    setLastScanned(row.product_id);
  }

  /** A product scanned or looked up counts one more: its line, or a new one when the sheet did not list it. */
  function take(product: Product) {
    if (!product.tracks_stock) {
      void message.warning(t('inventory.stocktake.service', { name: product.name }));
      return;
    }
    const row: CountRow = rows.find((r) => r.product_id === product.id) ?? {
      product_id: product.id,
      product_name: product.name,
      sku: product.sku,
      barcode: product.barcode,
      unit: product.unit,
      expected: null,
    };
    setAdded((before) =>
      rows.some((r) => r.product_id === row.product_id) || before.some((r) => r.product_id === row.product_id)
        ? before
        : [...before, row],
    );
    bump(row);
  }

  // A scan anywhere on the page (outside a text field: the app's scanner) counts here too, while a sheet is open.
  useScanTarget(active && write && Boolean(locationId), take);

  /** A scanner types the code and Enter: the line with that barcode or SKU counts one more. */
  async function scan(raw: string) {
    const code = raw.trim();
    setScanText('');
    if (!code) return;
    const known = rows.find((row) => row.barcode === code || row.sku.toLowerCase() === code.toLowerCase());
    if (known) {
      bump(known);
      return;
    }
    try {
      take(await api.call('inventory.scanning.lookup', { code }));
    } catch (error) {
      const apiError = toApiError(error);
      void message.error(
        apiError.code === 'not_found' ? t('inventory.stocktake.unknownCode', { code }) : errorText(apiError),
      );
    }
  }

  async function post() {
    if (!locationId || countedRows.length === 0) return;
    setPosting(true);
    setLineErrors({});
    setFormError(null);
    try {
      const trimmedReason = reason.trim();
      const posted = await api.call('inventory.stock.counts.post', {
        location_id: locationId,
        lines: countedRows.map((row) => ({ product_id: row.product_id, counted: counted[row.product_id].trim() })),
        ...(trimmedReason ? { reason: trimmedReason } : {}),
      });
      setResult(posted);
      startOver();
      setReason('');
      inventoryChanged();
    } catch (error) {
      const apiError = toApiError(error);
      const [first, index] = apiError.field ? fieldPath(apiError.field) : [];
      if (apiError.code === 'validation' && first === 'lines' && typeof index === 'number' && countedRows[index]) {
        setLineErrors({ [countedRows[index].product_id]: inventoryFieldText(t, apiError) });
      } else {
        setFormError(apiError.code === 'validation' ? inventoryFieldText(t, apiError) : errorText(apiError));
      }
    } finally {
      setPosting(false);
    }
  }

  if (result) return <CountResultView result={result} onDone={() => setResult(null)} />;

  return (
    <div className={pageLayout.page}>
      <div className={pageLayout.toolbar}>
        <Space wrap>
          <LocationSelect
            testId="inv-count-location"
            className={styles.filter}
            locations={locations}
            value={locationId}
            onChange={(id) => {
              setPicked(id);
              startOver();
            }}
          />
          <Checkbox
            checked={allProducts}
            onChange={(event) => setAllProducts(event.target.checked)}
            data-testid="inv-count-all-products"
          >
            {t('inventory.stocktake.allProducts')}
          </Checkbox>
          <Checkbox
            checked={showExpected}
            onChange={(event) => setShowExpected(event.target.checked)}
            data-testid="inv-count-show-expected"
          >
            {t('inventory.stocktake.showExpected')}
          </Checkbox>
        </Space>
        <Button
          icon={<PrinterOutlined />}
          disabled={!locationId}
          loading={saving !== null}
          onClick={() =>
            locationId &&
            void save('count-sheet', 'inventory.stock.counts.pdf', {
              location_id: locationId,
              blind: true,
              ...(allProducts ? { all_products: true } : {}),
            })
          }
          data-testid="inv-count-print"
        >
          {t('inventory.stocktake.print')}
        </Button>
      </div>
      {!locationId && <Alert type="info" showIcon title={t('inventory.stocktake.pickLocation')} />}
      {sheet.error !== null && <Alert type="error" showIcon title={errorText(sheet.error)} />}
      {locationId && write && (
        <Input
          className={styles.scan}
          prefix={<ScanOutlined />}
          placeholder={t('inventory.stocktake.scanPlaceholder')}
          value={scanText}
          onChange={(event) => setScanText(event.target.value)}
          onPressEnter={() => void scan(scanText)}
          data-testid="inv-count-scan"
          aria-label={t('inventory.stocktake.scanPlaceholder')}
        />
      )}
      {lastScanned && (
        <Typography.Text type="secondary" data-testid="inv-count-last">
          {t('inventory.stocktake.lastScanned', {
            name: rows.find((row) => row.product_id === lastScanned)?.product_name ?? '',
            counted: counted[lastScanned] ?? '',
          })}
        </Typography.Text>
      )}
      <Table<CountRow>
        data-testid="inv-count-table"
        rowKey="product_id"
        size="middle"
        loading={sheet.loading && locationId !== undefined}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: t('inventory.stocktake.empty') }}
        onRow={(row) =>
          ({
            'data-testid': 'inv-count-row',
            'data-sku': row.sku,
            'data-scanned': row.product_id === lastScanned ? 'true' : undefined,
          }) as HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            title: t('inventory.stocktake.columns.product'),
            dataIndex: 'product_name',
            render: (name: string, row) => (
              <>
                {name}
                {row.expected === null && (
                  <Tag className={styles.secondary} data-testid="inv-count-added">
                    {t('inventory.stocktake.notOnSheet')}
                  </Tag>
                )}
              </>
            ),
          },
          { title: t('inventory.stocktake.columns.sku'), dataIndex: 'sku', width: 130 },
          { title: t('inventory.stocktake.columns.barcode'), dataIndex: 'barcode', width: 150 },
          ...(showExpected
            ? [
                {
                  title: t('inventory.stocktake.columns.expected'),
                  key: 'expected',
                  width: 110,
                  align: 'right' as const,
                  render: (_value: unknown, row: CountRow) => (
                    <span className={styles.number} data-testid="inv-count-expected">
                      {row.expected ?? '—'} {unitOf(row.unit)}
                    </span>
                  ),
                },
              ]
            : []),
          {
            title: t('inventory.stocktake.columns.counted'),
            key: 'counted',
            width: 170,
            render: (_value: unknown, row: CountRow) => {
              const value = counted[row.product_id] ?? '';
              const problem = lineErrors[row.product_id];
              return (
                <>
                  <Input
                    className={styles.countInput}
                    inputMode="decimal"
                    disabled={!write}
                    value={value}
                    status={problem ? 'error' : undefined}
                    suffix={unitOf(row.unit)}
                    onChange={(event) => setCount(row.product_id, event.target.value)}
                    data-testid="inv-count-counted"
                    aria-label={t('inventory.stocktake.countedOf', { name: row.product_name })}
                  />
                  {problem && (
                    <Typography.Text type="danger" className={styles.secondary} data-testid="inv-count-line-error">
                      {problem}
                    </Typography.Text>
                  )}
                </>
              );
            },
          },
        ]}
      />
      {write && locationId && (
        <Card size="small">
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Input
              placeholder={t('inventory.stocktake.reasonPlaceholder')}
              maxLength={REASON_CHARS_MAX}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
              data-testid="inv-count-reason"
              aria-label={t('inventory.stocktake.reason')}
            />
            {formError && <Alert type="error" showIcon title={formError} data-testid="inv-count-error" />}
            <Space wrap>
              <Popconfirm
                title={t('inventory.stocktake.postConfirm', { count: countedRows.length })}
                description={t('inventory.stocktake.postHelp')}
                okText={t('inventory.stocktake.post')}
                cancelText={t('common.cancel')}
                onConfirm={() => void post()}
                disabled={countedRows.length === 0}
              >
                <Button
                  type="primary"
                  loading={posting}
                  disabled={countedRows.length === 0}
                  data-testid="inv-count-post"
                >
                  {t('inventory.stocktake.post')}
                </Button>
              </Popconfirm>
              <Typography.Text type="secondary" data-testid="inv-count-progress">
                {t('inventory.stocktake.countedSoFar', { counted: countedRows.length, total: rows.length })}
              </Typography.Text>
            </Space>
          </Space>
        </Card>
      )}
    </div>
  );
}

/** What a posted count changed: each line that differed from the books, and how many matched. */
function CountResultView({ result, onDone }: { result: CountResult; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <div className={pageLayout.page} data-testid="inv-count-result">
      <Result
        status={result.variances.length === 0 ? 'success' : 'info'}
        title={t('inventory.stocktake.posted')}
        subTitle={
          <span data-testid="inv-count-summary">
            {t('inventory.stocktake.summary', { matched: result.matched, differed: result.variances.length })}
          </span>
        }
        extra={
          <Button type="primary" onClick={onDone} data-testid="inv-count-again">
            {t('inventory.stocktake.again')}
          </Button>
        }
      />
      {result.variances.length > 0 && (
        <Table<CountVariance>
          data-testid="inv-count-variances"
          rowKey="product_id"
          size="middle"
          dataSource={result.variances}
          pagination={false}
          onRow={() => ({ 'data-testid': 'inv-count-variance-row' }) as HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('inventory.stocktake.columns.product'), dataIndex: 'product_name' },
            {
              title: t('inventory.stocktake.columns.expected'),
              dataIndex: 'expected',
              width: 110,
              align: 'right',
              render: (value: string) => <span className={styles.number}>{value}</span>,
            },
            {
              title: t('inventory.stocktake.columns.counted'),
              dataIndex: 'counted',
              width: 110,
              align: 'right',
              render: (value: string) => <span className={styles.number}>{value}</span>,
            },
            {
              title: t('inventory.stocktake.columns.variance'),
              dataIndex: 'variance',
              width: 110,
              align: 'right',
              render: (value: string) => (
                <span
                  className={`${styles.number} ${value.startsWith('-') ? styles.varianceMinus : styles.variancePlus}`}
                  data-testid="inv-count-variance"
                >
                  {value.startsWith('-') ? value : `+${value}`}
                </span>
              ),
            },
          ]}
        />
      )}
    </div>
  );
}
