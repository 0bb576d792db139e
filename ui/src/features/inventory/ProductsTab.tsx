import { BarcodeOutlined, EditOutlined, ImportOutlined, PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Input, Space, Table, Tag, Tooltip, TreeSelect, Typography } from 'antd';
import { useEffect, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { ArchiveButton } from '../../shared/ArchiveButton';
import type { Category, Product, ProductQuery } from '../../api/bindings';
import { useErrorText } from '../../shared/errors';
import { useRoute } from '../../shared/router';
import { useDebounced } from '../../shared/useDebounced';
import { useApi, useCan } from '../../shared/session';
import { displayAmount } from '../ledger/money';
import { useCommand } from '../../shared/useCommand';
import { inventoryChanged, useInventoryVersion } from './inventoryVersion';
import { DecodePictureButton } from './DecodePictureButton';
import { ImportDrawer } from './ImportDrawer';
import { LabelsModal } from './LabelsModal';
import { categoryTreeData, PRODUCTS_PAGE_SIZE } from './model';
import { ProductClashAlert } from './ProductClashAlert';
import { ProductFormDrawer } from './ProductFormDrawer';
import pageLayout from '../../shared/page.module.css';
import styles from './inventory.module.css';
import { useUnit } from '../../shared/units';

type Props = { categories: Category[] };

/**
 * Products and services, searched by name, SKU or barcode and filtered by category (with the ones under it); with
 * inventory.manage, adding, changing, archiving and restoring them, giving one without a barcode an internal code,
 * and importing them from a spreadsheet. Chosen products' price labels are printed; a picture's barcodes are read.
 * Codes that devices working offline gave to more than one product are shown on top, to edit or merge.
 * Costs show only to those who may see them.
 */
export function ProductsTab({ categories }: Props) {
  const { t } = useTranslation();
  const unitOf = useUnit();
  const api = useApi();
  const can = useCan();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const version = useInventoryVersion();
  const [search, setSearch] = useState('');
  const [categoryId, setCategoryId] = useState<string | undefined>(undefined);
  const [showArchived, setShowArchived] = useState(false);
  const [page, setPage] = useState(1);
  // `null`: drawer closed; `'new'`: adding; a product: changing it.
  const [editing, setEditing] = useState<Product | 'new' | null>(null);
  const [switching, setSwitching] = useState<string | null>(null);
  // Chosen for labels; kept across pages and searches.
  const [selected, setSelected] = useState<string[]>([]);
  const [labelsOpen, setLabelsOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const manage = can('inventory.manage');
  // `#/inventory/products/<id>` (a scan notice's "Open in Inventory"): that product is searched for, and opened for
  // those who may change it.
  const [, , focusId] = useRoute();
  useEffect(() => {
    if (!focusId) return;
    let live = true;
    api
      .call('inventory.products.get', { id: focusId })
      .then((product) => {
        if (!live) return;
        setSearch(product.sku);
        setPage(1);
        if (product.archived) setShowArchived(true);
        if (manage) setEditing(product);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api, focusId, manage]);

  const debounced = useDebounced(search.trim(), 250);
  const query: ProductQuery = { limit: PRODUCTS_PAGE_SIZE, offset: (page - 1) * PRODUCTS_PAGE_SIZE };
  if (debounced) query.search = debounced;
  if (categoryId) query.category_id = categoryId;
  if (showArchived) query.include_archived = true;
  const loaded = useCommand('inventory.products.list', query, version);
  const products = loaded.output?.items ?? [];
  // The core sends no cost to those who may not see it.
  const showCost = products.some((product) => product.cost !== null);

  async function setArchived(product: Product, archived: boolean) {
    setSwitching(product.id);
    try {
      await api.call('inventory.products.update', { id: product.id, archived });
      void message.success(
        t(archived ? 'inventory.products.archivedDone' : 'inventory.products.restoredDone', { name: product.name }),
      );
      inventoryChanged();
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setSwitching(null);
    }
  }

  async function generateBarcode(product: Product) {
    setSwitching(product.id);
    try {
      const saved = await api.call('inventory.products.generate_barcode', { id: product.id });
      void message.success(t('inventory.products.barcodeGenerated', { name: saved.name, code: saved.barcode }));
      inventoryChanged();
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setSwitching(null);
    }
  }

  return (
    <div className={pageLayout.page}>
      <ProductClashAlert onEdit={setEditing} />
      <div className={pageLayout.toolbar}>
        <Space wrap>
          <Input.Search
            allowClear
            className={styles.search}
            placeholder={t('inventory.products.searchPlaceholder')}
            value={search}
            onChange={(event) => {
              setSearch(event.target.value);
              setPage(1);
            }}
            data-testid="inv-products-search"
          />
          <TreeSelect
            data-testid="inv-products-category"
            className={styles.filter}
            allowClear
            treeDefaultExpandAll
            placeholder={t('inventory.products.allCategories')}
            value={categoryId}
            onChange={(value: string | undefined) => {
              setCategoryId(value);
              setPage(1);
            }}
            treeData={categoryTreeData(categories)}
          />
          <Checkbox
            checked={showArchived}
            onChange={(event) => {
              setShowArchived(event.target.checked);
              setPage(1);
            }}
            data-testid="inv-products-show-archived"
          >
            {t('inventory.products.showArchived')}
          </Checkbox>
        </Space>
        <Space wrap>
          <Button
            icon={<PrinterOutlined />}
            disabled={selected.length === 0}
            onClick={() => setLabelsOpen(true)}
            data-testid="inv-labels-print"
          >
            {selected.length > 0
              ? t('inventory.labels.printCount', { count: selected.length })
              : t('inventory.labels.print')}
          </Button>
          <DecodePictureButton
            onOpen={(product) => {
              if (manage) setEditing(product);
              else {
                setSearch(product.sku);
                setPage(1);
              }
            }}
          />
          {manage && (
            <Button icon={<ImportOutlined />} onClick={() => setImportOpen(true)} data-testid="inv-import-open">
              {t('inventory.import.open')}
            </Button>
          )}
          {manage && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing('new')}
              data-testid="inv-product-add"
            >
              {t('inventory.products.add')}
            </Button>
          )}
        </Space>
      </div>
      {loaded.error !== null && <Alert type="error" showIcon title={errorText(loaded.error)} />}
      <Table<Product>
        data-testid="inv-products-table"
        rowKey="id"
        size="middle"
        // Wider than the window scrolls sideways rather than squeezing the names to a few characters a line.
        scroll={{ x: 'max-content' }}
        loading={loaded.loading}
        dataSource={products}
        rowClassName={(product) => (product.archived ? styles.archived : '')}
        rowSelection={{
          selectedRowKeys: selected,
          preserveSelectedRowKeys: true,
          onChange: (keys) => setSelected(keys.map(String)),
        }}
        pagination={{
          current: page,
          pageSize: PRODUCTS_PAGE_SIZE,
          total: loaded.output?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
          hideOnSinglePage: true,
        }}
        locale={{
          emptyText: t(search.trim() || categoryId ? 'inventory.products.empty' : 'inventory.products.emptyYet'),
        }}
        onRow={(product) =>
          ({ 'data-testid': 'inv-product-row', 'data-sku': product.sku }) as HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            title: t('inventory.products.columns.name'),
            dataIndex: 'name',
            minWidth: 240,
            render: (name: string, product) => (
              <>
                {name}
                {product.description && (
                  <Typography.Text type="secondary" className={styles.secondary} ellipsis>
                    {product.description}
                  </Typography.Text>
                )}
              </>
            ),
          },
          { title: t('inventory.products.columns.sku'), dataIndex: 'sku', width: 140 },
          { title: t('inventory.products.columns.barcode'), dataIndex: 'barcode', width: 150 },
          {
            title: t('inventory.products.columns.category'),
            dataIndex: 'category_name',
            width: 140,
            render: (name: string | null) => name ?? '—',
          },
          {
            title: t('inventory.products.columns.onHand'),
            dataIndex: 'on_hand',
            width: 120,
            align: 'right',
            render: (onHand: string, product) =>
              product.tracks_stock ? (
                <span className={styles.number} data-testid="inv-product-on-hand">
                  {onHand} {unitOf(product.unit)}
                </span>
              ) : (
                <Tag data-testid="inv-product-service">{t('inventory.products.service')}</Tag>
              ),
          },
          {
            title: t('inventory.products.columns.price'),
            dataIndex: 'price',
            width: 110,
            align: 'right',
            render: (price: string) => <span className={styles.number}>{displayAmount(price)}</span>,
          },
          ...(showCost
            ? [
                {
                  title: t('inventory.products.columns.cost'),
                  dataIndex: 'cost',
                  key: 'cost',
                  width: 110,
                  align: 'right' as const,
                  render: (cost: string | null) => (
                    <span className={styles.number} data-testid="inv-product-cost">
                      {cost === null ? '—' : displayAmount(cost)}
                    </span>
                  ),
                },
                {
                  // The core sends the margin only to those who may see costs.
                  title: t('inventory.products.columns.margin'),
                  key: 'margin',
                  width: 120,
                  align: 'right' as const,
                  render: (_: unknown, product: Product) => (
                    <span className={styles.number} data-testid="inv-product-margin">
                      {product.margin === undefined
                        ? '—'
                        : `${displayAmount(product.margin)}${product.margin_percent === undefined ? '' : ` (${product.margin_percent}%)`}`}
                    </span>
                  ),
                },
              ]
            : []),
          {
            title: t('inventory.products.columns.status'),
            dataIndex: 'archived',
            width: 100,
            render: (archived: boolean) =>
              archived ? (
                <Tag data-testid="inv-product-archived">{t('inventory.products.archived')}</Tag>
              ) : (
                <Tag color="success">{t('inventory.products.active')}</Tag>
              ),
          },
          ...(manage
            ? [
                {
                  title: '',
                  key: 'actions',
                  width: 136,
                  align: 'right' as const,
                  // Always in reach, however far the row scrolls.
                  fixed: 'right' as const,
                  render: (_value: unknown, product: Product) => (
                    <Space size={0}>
                      {!product.barcode && !product.archived && (
                        <Tooltip title={t('inventory.products.generateBarcode')}>
                          <Button
                            type="text"
                            icon={<BarcodeOutlined />}
                            loading={switching === product.id}
                            aria-label={t('inventory.products.generateBarcode')}
                            onClick={() => void generateBarcode(product)}
                            data-testid="inv-product-generate-barcode"
                          />
                        </Tooltip>
                      )}
                      <Tooltip title={t('inventory.products.edit')}>
                        <Button
                          type="text"
                          icon={<EditOutlined />}
                          aria-label={t('inventory.products.edit')}
                          onClick={() => setEditing(product)}
                          data-testid="inv-product-edit"
                        />
                      </Tooltip>
                      <ArchiveButton
                        archived={product.archived}
                        loading={switching === product.id}
                        onChange={(archived) => void setArchived(product, archived)}
                        archiveLabel={t('inventory.products.archive')}
                        restoreLabel={t('inventory.products.restore')}
                        confirmTitle={t('inventory.products.archiveConfirm', { name: product.name })}
                        confirmHelp={t('inventory.products.archiveHelp')}
                        archiveTestId="inv-product-archive"
                        restoreTestId="inv-product-restore"
                      />
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <LabelsModal open={labelsOpen} productIds={selected} onClose={() => setLabelsOpen(false)} />
      {manage && <ImportDrawer open={importOpen} onClose={() => setImportOpen(false)} />}
      <ProductFormDrawer
        open={editing !== null}
        product={editing === 'new' || editing === null ? undefined : editing}
        categories={categories}
        onClose={() => setEditing(null)}
        onSaved={(saved) => {
          void message.success(
            editing === 'new'
              ? t('inventory.products.created', { name: saved.name })
              : t('inventory.products.saved', { name: saved.name }),
          );
          setEditing(null);
          inventoryChanged();
        }}
      />
    </div>
  );
}
