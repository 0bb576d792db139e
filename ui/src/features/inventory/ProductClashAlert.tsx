import { Alert, App, Button, Form, Modal, Radio, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Product, ProductClash } from '../../api/bindings';
import { toApiError } from '../../api/rpc';
import { useErrorText } from '../../shared/errors';
import { useSubmit } from '../../shared/useSubmit';
import { useApi, useCan } from '../../shared/session';
import { useCommand } from '../../shared/useCommand';
import { inventoryChanged, useInventoryVersion } from './inventoryVersion';
import { inventoryFieldText } from './model';
import styles from './inventory.module.css';
import { useUnit } from '../../shared/units';

type Props = {
  /** Opens a product's edit drawer, to give it another SKU or barcode. */
  onEdit: (product: Product) => void;
};

/** "SKU OOL-250", "Barcode 6901234567892". */
function codeLabel(t: TFunction, clash: ProductClash): string {
  return clash.field === 'barcode'
    ? t('inventory.clash.barcode', { code: clash.code })
    : t('inventory.clash.sku', { code: clash.code });
}

/** "Oolong tea (ool-250, on hand -3 pcs)": what tells the products of one code apart. */
function productText(t: TFunction, unitOf: (unit: string) => string, product: Product): string {
  const details = [
    product.sku,
    product.tracks_stock
      ? t('inventory.clash.onHand', { quantity: product.on_hand, unit: unitOf(product.unit) })
      : t('inventory.clash.service'),
    ...(product.archived ? [t('inventory.clash.archived')] : []),
  ];
  return t('inventory.clash.product', { name: product.name, details: details.join(t('inventory.clash.separator')) });
}

/**
 * The SKUs and barcodes that two devices working offline each gave to a product of their own
 * (`inventory.products.clashes`): scanning such a code is refused until only one product has it. Lists each code
 * with its products; with inventory.manage, each product opens to be given another code, and the products of a
 * code are merged into the one the user keeps (`inventory.products.merge`, one at a time). Only for those who read
 * inventory; nothing is shown while there is no clash.
 */
export function ProductClashAlert({ onEdit }: Props) {
  const { t } = useTranslation();
  const unitOf = useUnit();
  const api = useApi();
  const can = useCan();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const loaded = useCommand('inventory.products.clashes', can('inventory.read') ? {} : null, useInventoryVersion());
  // The clash being merged and the product chosen to keep; the modal keeps it while the list reloads.
  const [merging, setMerging] = useState<{ clash: ProductClash; keepId: string } | null>(null);
  const { busy, run } = useSubmit();
  const [mergeError, setMergeError] = useState<string | null>(null);
  const manage = can('inventory.manage');
  const clashes = loaded.output ?? [];

  function openMerge(clash: ProductClash) {
    setMergeError(null);
    setMerging({ clash, keepId: clash.keep_id });
  }

  async function merge() {
    if (!merging) return;
    const { clash, keepId } = merging;
    setMergeError(null);
    let changed = false;
    await run(
      async () => {
        let kept = clash.products.find((product) => product.id === keepId);
        for (const other of clash.products) {
          if (other.id === keepId) continue;
          kept = await api.call('inventory.products.merge', { id: other.id, into_id: keepId });
          changed = true;
        }
        void message.success(t('inventory.clash.merged', { name: kept?.name ?? '' }));
        setMerging(null);
      },
      (error) => {
        // The product to keep refused (archived, or a service while the others hold stock) is said in the UI language.
        const apiError = toApiError(error);
        setMergeError(
          apiError.code === 'validation' && apiError.field === 'into_id'
            ? inventoryFieldText(t, apiError)
            : errorText(error),
        );
        return true;
      },
    );
    // Those merged before a refusal stay merged.
    if (changed) inventoryChanged();
  }

  return (
    <>
      {clashes.length > 0 && (
        <Alert
          type="warning"
          showIcon
          className={styles.clashes}
          data-testid="inv-clash-alert"
          title={t('inventory.clash.title', { count: clashes.length })}
          description={
            <>
              {t('inventory.clash.help')}
              <ul>
                {clashes.map((clash) => (
                  <li key={`${clash.field}:${clash.code}`} data-testid="inv-clash-item" data-code={clash.code}>
                    <Typography.Text strong>{codeLabel(t, clash)}: </Typography.Text>
                    {clash.products.map((product, index) => (
                      <span key={product.id}>
                        {index > 0 && t('inventory.clash.separator')}
                        {productText(t, unitOf, product)}
                        {manage && (
                          <>
                            {' '}
                            <Typography.Link onClick={() => onEdit(product)} data-testid="inv-clash-edit">
                              {t('inventory.clash.edit')}
                            </Typography.Link>
                          </>
                        )}
                      </span>
                    ))}
                    {manage && (
                      <Button
                        size="small"
                        className={styles.clashMerge}
                        onClick={() => openMerge(clash)}
                        data-testid="inv-clash-merge"
                      >
                        {t('inventory.clash.merge')}
                      </Button>
                    )}
                  </li>
                ))}
              </ul>
            </>
          }
        />
      )}
      {manage && (
        <Modal
          open={merging !== null}
          title={merging && t('inventory.clash.mergeTitle', { code: codeLabel(t, merging.clash) })}
          okText={t('inventory.clash.mergeOk')}
          cancelText={t('common.cancel')}
          onOk={() => void merge()}
          onCancel={() => setMerging(null)}
          okButtonProps={{ loading: busy, ...({ 'data-testid': 'inv-merge-submit' } as Record<string, string>) }}
          modalRender={(node) => <div data-testid="inv-merge-modal">{node}</div>}
          destroyOnHidden
        >
          {merging && (
            <>
              {mergeError && (
                <Alert
                  type="error"
                  showIcon
                  title={mergeError}
                  className={styles.formAlert}
                  data-testid="inv-merge-error"
                />
              )}
              <Typography.Paragraph>{t('inventory.clash.mergeHelp')}</Typography.Paragraph>
              <Form layout="vertical">
                <Form.Item label={t('inventory.clash.keep')}>
                  <Radio.Group
                    orientation="vertical"
                    value={merging.keepId}
                    onChange={(event) => setMerging({ ...merging, keepId: String(event.target.value) })}
                    data-testid="inv-merge-keep"
                  >
                    {merging.clash.products.map((product) => (
                      <Radio key={product.id} value={product.id} disabled={product.archived}>
                        {productText(t, unitOf, product)}
                      </Radio>
                    ))}
                  </Radio.Group>
                </Form.Item>
              </Form>
            </>
          )}
        </Modal>
      )}
    </>
  );
}
