import { useVirtualizer } from '@tanstack/react-virtual';
import { Alert, Button, Empty, Skeleton, Tag } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Customer } from '../../api/bindings';
import { useErrorText } from '../../shared/errors';
import { useFormat, type Formatters } from '../../i18n/format';
import type { CustomerPageCache } from './pageCache';
import styles from './customers.module.css';

export const CUSTOMER_ROW_HEIGHT_PX = 44;
/** The column header sits inside the scroller (sticky) so it lines up with the rows, scrollbar or not. */
const HEADER_HEIGHT_PX = 44;
const TAGS_SHOWN_MAX = 3;

type Props = {
  cache: CustomerPageCache;
  /** Bumped by the cache when rows arrive; a prop so the list re-renders. */
  version: number;
  onOpen: (customer: Customer) => void;
  /** Asks for the rows again after a failed page. */
  onRetry: () => void;
  /** A search or filter narrows the list: an empty list means none match, not none at all. */
  filtered: boolean;
};

/**
 * The customer table, virtualised: the scrollbar is sized from `total`, and only the rows on screen
 * (plus a little overscan) exist in the DOM. Rows not loaded yet ask the cache for their page.
 */
export function CustomerList({ cache, version, onOpen, onRetry, filtered }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const errorText = useErrorText();
  const scrollRef = useRef<HTMLDivElement>(null);
  const total = cache.total ?? 0;

  // The React Compiler cannot memoise useVirtualizer's API; this app does not run the compiler.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => CUSTOMER_ROW_HEIGHT_PX,
    scrollMargin: HEADER_HEIGHT_PX,
    overscan: 12,
  });
  const rows = virtualizer.getVirtualItems();
  const first = rows.length > 0 ? rows[0].index : 0;
  const last = rows.length > 0 ? rows[rows.length - 1].index : 0;

  useEffect(() => {
    if (total > 0) cache.ensure(first, last);
  }, [cache, first, last, total]);

  // A new query starts at the top.
  useEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  }, [cache]);

  const header = (
    <div className={`${styles.row} ${styles.headerRow}`} role="row">
      <div role="columnheader">{t('customers.columns.name')}</div>
      <div role="columnheader">{t('customers.columns.email')}</div>
      <div role="columnheader">{t('customers.columns.phone')}</div>
      <div role="columnheader">{t('customers.columns.city')}</div>
      <div role="columnheader">{t('customers.columns.tags')}</div>
      <div role="columnheader">{t('customers.columns.updated')}</div>
    </div>
  );

  const retry = (
    <Button size="small" onClick={onRetry}>
      {t('common.retry')}
    </Button>
  );
  let body;
  if (cache.error && total === 0) {
    body = <Alert className={styles.listMessage} type="error" showIcon title={errorText(cache.error)} action={retry} />;
  } else if (cache.total === 0) {
    body = (
      <Empty
        className={styles.listMessage}
        description={t(filtered ? 'customers.empty' : 'customers.emptyYet')}
        data-testid="customers-empty"
      />
    );
  } else {
    body = (
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {rows.map((row) => {
          const customer = cache.rowAt(row.index);
          return (
            <div
              key={row.key}
              className={styles.rowSlot}
              style={{ height: row.size, transform: `translateY(${row.start - HEADER_HEIGHT_PX}px)` }}
            >
              {customer ? (
                <CustomerRow customer={customer} index={row.index} format={format} onOpen={onOpen} />
              ) : (
                <div className={`${styles.row} ${styles.placeholder}`} role="row" aria-busy="true">
                  <Skeleton.Input active size="small" block />
                </div>
              )}
            </div>
          );
        })}
      </div>
    );
  }

  return (
    <div className={styles.table} role="table" aria-rowcount={total} data-version={version}>
      {cache.error !== null && total > 0 && (
        <Alert type="error" banner showIcon title={errorText(cache.error)} action={retry} />
      )}
      <div ref={scrollRef} className={styles.scroll} data-testid="customers-scroll">
        {header}
        {body}
      </div>
    </div>
  );
}

function CustomerRow({
  customer,
  index,
  format,
  onOpen,
}: {
  customer: Customer;
  index: number;
  format: Formatters;
  onOpen: (customer: Customer) => void;
}) {
  const { t } = useTranslation();
  const extraTags = customer.tags.length - TAGS_SHOWN_MAX;
  return (
    <div
      className={styles.row}
      role="row"
      aria-rowindex={index + 1}
      tabIndex={0}
      data-testid="customer-row"
      data-customer-id={customer.id}
      onClick={() => onOpen(customer)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') onOpen(customer);
      }}
    >
      <div role="cell" className={styles.nameCell}>
        <span className={styles.ellipsis} data-testid="customer-row-name" title={customer.name}>
          {customer.name}
        </span>
        {customer.archived && <Tag className={styles.archivedTag}>{t('customers.archived')}</Tag>}
      </div>
      <div role="cell" className={styles.ellipsis} title={customer.email ?? undefined}>
        {customer.email}
      </div>
      <div role="cell" className={styles.ellipsis}>
        {customer.phone}
      </div>
      <div role="cell" className={styles.ellipsis}>
        {customer.address.city}
      </div>
      <div role="cell" className={styles.tags}>
        {customer.tags.slice(0, TAGS_SHOWN_MAX).map((tag) => (
          <Tag key={tag} color="blue">
            {tag}
          </Tag>
        ))}
        {extraTags > 0 && <Tag>+{extraTags}</Tag>}
      </div>
      <div role="cell" className={styles.muted}>
        {format.date(customer.updated_at_ms)}
      </div>
    </div>
  );
}
