import { Select, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerQuery } from '../../api/bindings';
import { useDebounced } from '../../shared/useDebounced';
import { useCommand } from '../../shared/useCommand';

/** A picked customer: the id the core takes, and the name shown while the search lists others. */
export type CustomerPick = { value: string; label: string };

/** Customers a search offers at once: enough to pick from while typing. */
const SEARCH_LIMIT = 20;
const SEARCH_DEBOUNCE_MS = 250;

type Props = {
  value?: CustomerPick;
  onChange?: (value: CustomerPick | undefined) => void;
  testId: string;
  placeholder?: string;
};

/**
 * Picks an active customer by searching `customers.list` as the user types (name, email, phone or tax id).
 * Nothing is read until it is opened. Typing and pressing Enter picks the first match once it is listed.
 */
export function CustomerSelect({ value, onChange, testId, placeholder }: Props) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [search, setSearch] = useState('');
  const debounced = useDebounced(search.trim(), SEARCH_DEBOUNCE_MS);
  const query: CustomerQuery = { status: 'active', limit: SEARCH_LIMIT };
  if (debounced) query.search = debounced;
  const loaded = useCommand('customers.list', opened ? query : null, 0);
  // Until the answer for what is typed now arrives, the last one's customers would be the wrong matches.
  const current = !loaded.loading && debounced === search.trim();
  const options = current
    ? (loaded.output?.items ?? []).map((customer) => ({
        value: customer.id,
        label: customer.name,
        'data-testid': `${testId}-option`,
      }))
    : [];

  return (
    <Select<CustomerPick>
      data-testid={testId}
      labelInValue
      value={value}
      onChange={(picked) => onChange?.(picked ? { value: picked.value, label: String(picked.label) } : undefined)}
      onOpenChange={(open) => open && setOpened(true)}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      onBlur={() => setSearch('')}
      options={options}
      placeholder={placeholder ?? t('finance.invoices.searchCustomer')}
      notFoundContent={current ? t('finance.invoices.noCustomers') : <Spin size="small" />}
      allowClear
    />
  );
}
