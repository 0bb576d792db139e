import { Alert, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../shared/errors';
import { navigate, useRoute } from '../../shared/router';
import { useCan, type Permission } from '../../shared/session';
import { useCommand } from '../../shared/useCommand';
import { useInventoryVersion } from './inventoryVersion';
import { LocationsTab } from './LocationsTab';
import { LowStockAlert } from './LowStockAlert';
import { OrdersTab } from './OrdersTab';
import { ProductsTab } from './ProductsTab';
import { ReportsTab } from './ReportsTab';
import { StockTab } from './StockTab';
import { StocktakeTab } from './StocktakeTab';
import { ValuationTab } from './ValuationTab';
import pageLayout from '../../shared/page.module.css';

const TABS = ['products', 'stock', 'stocktake', 'locations', 'orders', 'reports', 'valuation'] as const;
type Tab = (typeof TABS)[number];

/** Tabs that take more than inventory.read: what stock is worth is for those who see costs. */
const TAB_PERMISSION: Partial<Record<Tab, Permission>> = { valuation: 'costs.read' };

function isTab(key: string | undefined): key is Tab {
  return (TABS as readonly (string | undefined)[]).includes(key);
}

/**
 * Products, stock per location, stocktakes, the locations, purchase orders, reports and (costs.read) the stock's value; the open tab is
 * in the address (`#/inventory/stock`). Stock that needs looking at is summed up above the tabs.
 */
export function InventoryPage() {
  const { t } = useTranslation();
  const can = useCan();
  const errorText = useErrorText();
  const [, route] = useRoute();
  const allowed = (key: Tab) => {
    const needs = TAB_PERMISSION[key];
    return !needs || can(needs);
  };
  const tab: Tab = isTab(route) && allowed(route) ? route : 'products';
  const version = useInventoryVersion();
  const locationsLoad = useCommand('inventory.locations.list', {}, version);
  const categoriesLoad = useCommand('inventory.categories.list', {}, version);
  const locations = locationsLoad.output ?? [];
  const categories = categoriesLoad.output ?? [];
  // The alert's "show" opens the stock tab with only what needs looking at.
  const [attentionOnly, setAttentionOnly] = useState(false);
  const loadError = locationsLoad.error ?? categoriesLoad.error;

  const items = [
    {
      key: 'products',
      label: <span data-testid="inv-tab-products">{t('inventory.tabs.products')}</span>,
      children: <ProductsTab categories={categories} />,
    },
    {
      key: 'stock',
      label: <span data-testid="inv-tab-stock">{t('inventory.tabs.stock')}</span>,
      children: (
        <StockTab locations={locations} attentionOnly={attentionOnly} onAttentionOnlyChange={setAttentionOnly} />
      ),
    },
    {
      key: 'stocktake',
      label: <span data-testid="inv-tab-stocktake">{t('inventory.tabs.stocktake')}</span>,
      children: <StocktakeTab locations={locations} active={tab === 'stocktake'} />,
    },
    {
      key: 'locations',
      label: <span data-testid="inv-tab-locations">{t('inventory.tabs.locations')}</span>,
      children: <LocationsTab locations={locations} loading={locationsLoad.loading} />,
    },
    {
      key: 'orders',
      label: <span data-testid="inv-tab-orders">{t('inventory.tabs.orders')}</span>,
      children: <OrdersTab locations={locations} />,
    },
    {
      key: 'reports',
      label: <span data-testid="inv-tab-reports">{t('inventory.tabs.reports')}</span>,
      children: <ReportsTab locations={locations} />,
    },
    {
      key: 'valuation',
      label: <span data-testid="inv-tab-valuation">{t('inventory.tabs.valuation')}</span>,
      children: <ValuationTab />,
    },
  ].filter((item) => allowed(item.key as Tab));

  return (
    <div className={pageLayout.page}>
      <div className={pageLayout.toolbar}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('inventory.title')}
        </Typography.Title>
      </div>
      <LowStockAlert
        onShow={() => {
          setAttentionOnly(true);
          navigate('inventory', 'stock');
        }}
      />
      {loadError !== null && <Alert type="error" showIcon title={errorText(loadError)} />}
      <Tabs activeKey={tab} onChange={(key) => navigate('inventory', key)} items={items} />
    </div>
  );
}
