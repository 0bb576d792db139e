import { Badge, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLowStock } from './inventoryVersion';

/** The sidebar's Inventory entry, with how many stock levels need looking at: red when any is oversold. */
export function InventoryNavLabel() {
  const { t } = useTranslation();
  const { low, oversold } = useLowStock();
  const count = low + oversold;
  return (
    <Space size={6}>
      <span data-testid="nav-inventory">{t('nav.inventory')}</span>
      {count > 0 && (
        <Badge
          count={count}
          size="small"
          color={oversold > 0 ? 'red' : 'orange'}
          title={t('inventory.alert.badge', { low, oversold })}
          data-testid="inv-nav-badge"
        />
      )}
    </Space>
  );
}
