import {
  DownloadOutlined,
  PlusOutlined,
  SearchOutlined,
  SortAscendingOutlined,
  SortDescendingOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { App, Button, Input, Segmented, Select, Space, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerSort, CustomerStatus } from '../../api/bindings';
import { toApiError, type ApiError } from '../../api/rpc';
import { navigate } from '../../shared/router';
import { useDebounced } from '../../shared/useDebounced';
import { useActions } from '../../shared/useSubmit';
import { useFormat } from '../../i18n/format';
import { useApi, useCan } from '../../shared/session';
import { useDataVersion } from '../../shared/dataVersion';
import { CustomerFormDrawer } from './CustomerFormDrawer';
import { CustomerList } from './CustomerList';
import { ImportErrorsModal } from './ImportErrorsModal';
import { useCustomerPages, type CustomerFilters } from './useCustomerPages';
import styles from './customers.module.css';

export const SEARCH_DEBOUNCE_MS = 200;

export function CustomersPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { message } = App.useApp();
  const api = useApi();
  const can = useCan();
  const dataVersion = useDataVersion();

  const [search, setSearch] = useState('');
  const [city, setCity] = useState('');
  const [status, setStatus] = useState<CustomerStatus>('active');
  const [tag, setTag] = useState<string | undefined>(undefined);
  const [sort, setSort] = useState<CustomerSort>('name');
  const [descending, setDescending] = useState(false);
  const [reloadKey, setReloadKey] = useState(0);
  const [creating, setCreating] = useState(false);
  const [importError, setImportError] = useState<ApiError | null>(null);
  const { busy, run } = useActions<'import' | 'export'>({ toast: true });
  const [tags, setTags] = useState<string[]>([]);

  const debouncedSearch = useDebounced(search.trim(), SEARCH_DEBOUNCE_MS);
  const debouncedCity = useDebounced(city.trim(), SEARCH_DEBOUNCE_MS);

  const filters = useMemo<CustomerFilters>(() => {
    const query: CustomerFilters = { status, sort, descending };
    if (debouncedSearch) query.search = debouncedSearch;
    if (debouncedCity) query.city = debouncedCity;
    if (tag) query.tag = tag;
    return query;
  }, [status, sort, descending, debouncedSearch, debouncedCity, tag]);

  const { cache, version } = useCustomerPages(filters, reloadKey);

  useEffect(() => {
    let current = true;
    api.call('customers.tags.list', {}).then(
      (list) => current && setTags(list),
      () => current && setTags([]), // The tag filter is a convenience; the list still works without it.
    );
    return () => {
      current = false;
    };
  }, [api, reloadKey, dataVersion]);

  async function importCsv() {
    await run(
      'import',
      async () => {
        const report = await api.importCustomers(t('customers.import.dialogTitle'));
        if (report) {
          void message.success(t('customers.import.done', { count: report.imported }));
          setReloadKey((k) => k + 1);
        }
      },
      (error) => {
        // A file with bad rows: the rows are listed in their own dialog.
        const apiError = toApiError(error);
        if (apiError.details.length === 0) return false;
        setImportError(apiError);
        return true;
      },
    );
  }

  async function exportCsv() {
    await run('export', async () => {
      const result = await api.exportCustomers(filters, t('customers.export.dialogTitle'));
      if (result) void message.success(t('customers.export.done', { count: result.count, path: result.path }));
    });
  }

  const sortOptions: { value: CustomerSort; label: string }[] = [
    { value: 'name', label: t('customers.sort.name') },
    { value: 'created_at', label: t('customers.sort.created_at') },
    { value: 'updated_at', label: t('customers.sort.updated_at') },
  ];

  return (
    <div className={styles.page}>
      <div className={styles.toolbar}>
        <div className={styles.titleBlock}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('customers.title')}
          </Typography.Title>
          <Typography.Text
            type="secondary"
            data-testid="customers-total"
            data-total={cache.total ?? ''}
            data-search={filters.search ?? ''}
          >
            {cache.total === null
              ? ''
              : t('customers.total', { count: cache.total, formatted: format.number(cache.total) })}
          </Typography.Text>
        </div>
        <Space>
          {can('customers.import') && (
            <Button
              icon={<UploadOutlined />}
              loading={busy === 'import'}
              onClick={() => void importCsv()}
              data-testid="customers-import"
            >
              {t('customers.import.button')}
            </Button>
          )}
          {can('customers.export') && (
            <Button
              icon={<DownloadOutlined />}
              loading={busy === 'export'}
              onClick={() => void exportCsv()}
              data-testid="customers-export"
            >
              {t('customers.export.button')}
            </Button>
          )}
          {can('customers.write') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="customers-new"
            >
              {t('customers.new')}
            </Button>
          )}
        </Space>
      </div>

      <div className={styles.filters}>
        <Input
          data-testid="customers-search"
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('customers.searchPlaceholder')}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          style={{ width: 280 }}
        />
        <Segmented<CustomerStatus>
          value={status}
          onChange={setStatus}
          options={[
            { value: 'active', label: t('customers.status.active') },
            { value: 'archived', label: t('customers.status.archived') },
            { value: 'all', label: t('customers.status.all') },
          ]}
        />
        <Select
          data-testid="customers-tag-filter"
          allowClear
          showSearch
          placeholder={t('customers.filterTag')}
          value={tag}
          onChange={(value?: string) => setTag(value)}
          options={tags.map((name) => ({ value: name, label: name }))}
          style={{ width: 140 }}
        />
        <Input
          data-testid="customers-city-filter"
          allowClear
          placeholder={t('customers.filterCity')}
          value={city}
          onChange={(event) => setCity(event.target.value)}
          style={{ width: 140 }}
        />
        <Space.Compact>
          <Select<CustomerSort> value={sort} onChange={setSort} options={sortOptions} style={{ width: 140 }} />
          <Tooltip title={descending ? t('customers.sort.descending') : t('customers.sort.ascending')}>
            <Button
              aria-label={descending ? t('customers.sort.descending') : t('customers.sort.ascending')}
              icon={descending ? <SortDescendingOutlined /> : <SortAscendingOutlined />}
              onClick={() => setDescending((d) => !d)}
            />
          </Tooltip>
        </Space.Compact>
      </div>

      <CustomerList
        cache={cache}
        version={version}
        onOpen={(customer) => navigate('customers', customer.id)}
        onRetry={() => setReloadKey((k) => k + 1)}
        filtered={Boolean(filters.search ?? filters.city ?? filters.tag) || status !== 'active'}
      />

      <CustomerFormDrawer
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(customer) => {
          setCreating(false);
          void message.success(t('customers.form.created', { name: customer.name }));
          setReloadKey((k) => k + 1);
        }}
      />
      <ImportErrorsModal error={importError} onClose={() => setImportError(null)} />
    </div>
  );
}
