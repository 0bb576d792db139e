import { Select } from 'antd';
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Product } from '../../api/bindings';
import { useDebounced } from '../../shared/useDebounced';
import { useApi } from '../../shared/session';
import { useCommand } from '../../shared/useCommand';
import { useInventoryVersion } from './inventoryVersion';
import { PICK_LIMIT, productLabel, type ProductOption } from './model';

type Props = {
  value?: string;
  onChange?: (id: string | undefined) => void;
  /** Only products whose stock is counted: not services. Archived products are never offered. */
  stockedOnly?: boolean;
  /** Products already picked (an order's lines), named before the list is loaded. */
  known?: ProductOption[];
  /** The whole product just picked: a form may take its cost or unit. */
  onPicked?: (product: Product) => void;
  disabled?: boolean;
  testId: string;
};

/**
 * Picks a product by typing part of its name, SKU or barcode. A scanner types the code and Enter: the product with
 * that barcode or SKU is picked at once. The list loads when the picker is first opened.
 */
export function ProductSelect({ value, onChange, stockedOnly = false, known = [], onPicked, disabled, testId }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const [opened, setOpened] = useState(false);
  const [search, setSearch] = useState('');
  const [scanned, setScanned] = useState<Product | null>(null);
  const debounced = useDebounced(search.trim(), 250);
  const loaded = useCommand(
    'inventory.products.list',
    opened ? { ...(debounced ? { search: debounced } : {}), limit: PICK_LIMIT } : null,
    useInventoryVersion(),
  );
  const offered = (loaded.output?.items ?? []).filter(
    (product) => !product.archived && (!stockedOnly || product.tracks_stock),
  );
  const options: ProductOption[] = offered.map((product) => ({ value: product.id, label: productLabel(product) }));
  for (const option of [...known, ...(scanned ? [{ value: scanned.id, label: productLabel(scanned) }] : [])])
    if (!options.some((o) => o.value === option.value)) options.push(option);

  function pick(id: string | undefined) {
    onChange?.(id);
    const product = offered.find((p) => p.id === id) ?? (scanned?.id === id ? scanned : undefined);
    if (product) onPicked?.(product);
  }

  async function lookup(event: KeyboardEvent) {
    const code = search.trim();
    // Typed by hand and already listed: Enter picks the highlighted product, as usual.
    if (event.key !== 'Enter' || !code || (debounced === code && offered.length > 0)) return;
    event.preventDefault();
    try {
      const product = await api.call('inventory.scanning.lookup', { code });
      if (product.archived || (stockedOnly && !product.tracks_stock)) return;
      setScanned(product);
      setSearch('');
      onChange?.(product.id);
      onPicked?.(product);
    } catch {
      // No product has that code: the list below says so.
    }
  }

  return (
    <Select<string>
      data-testid={testId}
      value={value}
      onChange={pick}
      disabled={disabled}
      allowClear
      options={options}
      loading={opened && loaded.loading}
      placeholder={t('inventory.pickProduct')}
      notFoundContent={loaded.loading ? t('inventory.loading') : t('inventory.noProductFound')}
      onOpenChange={(open) => open && setOpened(true)}
      onInputKeyDown={(event) => void lookup(event)}
      showSearch={{ filterOption: false, searchValue: search, onSearch: setSearch }}
    />
  );
}
