import { Select, Typography } from 'antd';
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Product } from '../../api/bindings';
import { useDebounced } from '../../shared/useDebounced';
import { useApi } from '../../shared/session';
import { useInventoryVersion } from '../inventory/inventoryVersion';
import { PICK_LIMIT, productLabel } from '../inventory/model';
import { displayAmount } from '../ledger/money';
import { useCommand } from '../../shared/useCommand';
import styles from '../ledger/ledger.module.css';
import { useUnit } from '../../shared/units';

type Option = { value: string; label: string; product?: Product };

type Props = {
  value?: string;
  onChange?: (id: string | undefined) => void;
  /** What the line calls its product before the list is loaded (a draft's line: its description). */
  knownLabel?: string;
  /** The whole product picked (from the list, or by its code): the line takes its name, price and tax. */
  onPicked: (product: Product) => void;
  status?: 'error';
  testId: string;
};

/**
 * Picks an invoice line's product by part of its name, SKU or barcode, showing its price and what is in stock. A
 * code typed or scanned into it and Enter picks the product with that barcode or SKU at once
 * (`inventory.scanning.lookup`). The list loads when the picker is first opened.
 */
export function LineProductSelect({ value, onChange, knownLabel, onPicked, status, testId }: Props) {
  const { t } = useTranslation();
  const unitOf = useUnit();
  const api = useApi();
  const [opened, setOpened] = useState(false);
  const [search, setSearch] = useState('');
  const [scanned, setScanned] = useState<Product | null>(null);
  const [unknownCode, setUnknownCode] = useState<string | null>(null);
  const debounced = useDebounced(search.trim(), 250);
  const loaded = useCommand(
    'inventory.products.list',
    opened ? { ...(debounced ? { search: debounced } : {}), limit: PICK_LIMIT } : null,
    useInventoryVersion(),
  );
  const offered = (loaded.output?.items ?? []).filter((product) => !product.archived);
  const options: Option[] = offered.map((product) => ({ value: product.id, label: productLabel(product), product }));
  if (scanned && !options.some((o) => o.value === scanned.id))
    options.push({ value: scanned.id, label: productLabel(scanned), product: scanned });
  if (value && knownLabel && !options.some((o) => o.value === value)) options.push({ value, label: knownLabel });

  function pick(id: string | undefined) {
    onChange?.(id);
    const product = options.find((o) => o.value === id)?.product;
    if (product) onPicked(product);
  }

  async function lookup(event: KeyboardEvent) {
    const code = search.trim();
    // Typed by hand and already listed: Enter picks the highlighted product, as usual.
    if (event.key !== 'Enter' || !code || (debounced === code && offered.length > 0)) return;
    event.preventDefault();
    try {
      const product = await api.call('inventory.scanning.lookup', { code });
      if (product.archived) return;
      setScanned(product);
      setSearch('');
      setUnknownCode(null);
      onChange?.(product.id);
      onPicked(product);
    } catch {
      setUnknownCode(code);
    }
  }

  return (
    <Select<string, Option>
      data-testid={testId}
      value={value}
      onChange={(id) => pick(id)}
      allowClear
      status={status}
      options={options}
      loading={opened && loaded.loading}
      placeholder={t('finance.invoices.lines.pickProduct')}
      notFoundContent={
        loaded.loading
          ? t('inventory.loading')
          : unknownCode && unknownCode === search.trim()
            ? t('scanning.unknown', { code: unknownCode })
            : t('inventory.noProductFound')
      }
      onOpenChange={(open) => open && setOpened(true)}
      onInputKeyDown={(event) => void lookup(event)}
      showSearch={{ filterOption: false, searchValue: search, onSearch: setSearch }}
      popupMatchSelectWidth={360}
      optionRender={(option) => {
        const product = option.data.product;
        return (
          <div className={styles.productOption}>
            <span>{option.data.label}</span>
            {product && (
              <Typography.Text type="secondary" className={styles.productOptionDetail}>
                {displayAmount(product.price)}
                {product.tracks_stock && (
                  <span data-testid="invoice-product-on-hand">
                    {' · '}
                    {t('finance.invoices.lines.onHand', { quantity: product.on_hand, unit: unitOf(product.unit) })}
                  </span>
                )}
              </Typography.Text>
            )}
          </div>
        );
      }}
    />
  );
}
