import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLowStock } from './inventoryVersion';

type Props = { onShow: () => void };

/**
 * How much stock needs looking at: how many levels are at or below their minimum, how many oversold. Why stock is
 * oversold, and what to do, is said once, on the stock tab where the levels are.
 */
export function LowStockAlert({ onShow }: Props) {
  const { t } = useTranslation();
  const { low, oversold } = useLowStock();
  if (low + oversold === 0) return null;
  const parts = [
    ...(low > 0 ? [t('inventory.alert.low', { count: low })] : []),
    ...(oversold > 0 ? [t('inventory.alert.oversold', { count: oversold })] : []),
  ];
  return (
    <Alert
      type={oversold > 0 ? 'error' : 'warning'}
      showIcon
      data-testid="inv-low-alert"
      title={parts.join(t('inventory.alert.separator'))}
      action={
        <Button size="small" onClick={onShow} data-testid="inv-low-alert-show">
          {t('inventory.alert.show')}
        </Button>
      }
    />
  );
}
