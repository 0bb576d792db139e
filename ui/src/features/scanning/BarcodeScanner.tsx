import { App, Button, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Product } from '../../api/bindings';
import { toApiError } from '../../api/rpc';
import { useErrorText } from '../../shared/errors';
import { navigate } from '../../shared/router';
import { useApi, useCan } from '../../shared/session';
import { displayAmount } from '../ledger/money';
import { currentScanTarget } from './scanTarget';
import { useBarcodeScanner } from './useBarcodeScanner';
import { useUnit } from '../../shared/units';

/** One notice at a time: a new scan replaces the last one's. */
const NOTICE_KEY = 'scan-notice';

/**
 * The app's barcode scanner, mounted once in the shell for those who read inventory: a scan is looked up
 * (`inventory.scanning.lookup`) and goes to the view in front that takes scans (an invoice being written, an order
 * being received); with none open, a notice says what the product is, what it costs and how many are in stock.
 */
export function BarcodeScanner() {
  const { t } = useTranslation();
  const unitOf = useUnit();
  const api = useApi();
  const can = useCan();
  const errorText = useErrorText();
  const { message, notification } = App.useApp();

  /**
   * A code two devices offline gave to two products is refused: said in the UI's language with the products it
   * names (from `inventory.products.clashes`), else in the core's words.
   */
  async function clashText(code: string, fallback: string): Promise<string> {
    try {
      const clashes = await api.call('inventory.products.clashes', {});
      const clash = clashes.find((c) => c.code.toLowerCase() === code.toLowerCase());
      if (!clash) return fallback;
      const names = clash.products.map((p) => `${p.sku} ${p.name}`).join(t('inventory.clash.separator'));
      return t('scanning.clash', { code, names });
    } catch {
      return fallback;
    }
  }

  async function scanned(code: string) {
    let product: Product;
    try {
      product = await api.call('inventory.scanning.lookup', { code });
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.code === 'not_found') void message.warning(t('scanning.unknown', { code }));
      else if (apiError.code === 'conflict') void message.error(await clashText(code, errorText(apiError)));
      else void message.error(errorText(apiError));
      return;
    }
    if (product.archived) {
      void message.warning(t('scanning.archived', { name: product.name }));
      return;
    }
    const target = currentScanTarget();
    if (target) {
      target(product);
      return;
    }
    notification.open({
      key: NOTICE_KEY,
      title: <span data-testid="scan-notice-name">{product.name}</span>,
      description: (
        <div data-testid="scan-notice">
          <div data-testid="scan-notice-price">{t('scanning.price', { price: displayAmount(product.price) })}</div>
          {product.tracks_stock ? (
            <div data-testid="scan-notice-stock">
              {t('scanning.onHand', { quantity: product.on_hand, unit: unitOf(product.unit) })}
            </div>
          ) : (
            <Typography.Text type="secondary">{t('scanning.notStocked')}</Typography.Text>
          )}
        </div>
      ),
      actions: (
        <Button
          size="small"
          data-testid="scan-notice-open"
          onClick={() => {
            notification.destroy(NOTICE_KEY);
            navigate('inventory', 'products', product.id);
          }}
        >
          {t('scanning.openInInventory')}
        </Button>
      ),
    });
  }

  useBarcodeScanner((code) => void scanned(code), can('inventory.read'));
  return null;
}
