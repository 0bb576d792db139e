import {
  AccountBookOutlined,
  FileSearchOutlined,
  InboxOutlined,
  LockOutlined,
  LogoutOutlined,
  RocketOutlined,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
  ClusterOutlined,
  SafetyOutlined,
} from '@ant-design/icons';
import { Avatar, Button, Layout, Menu, Space, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate, useRoute } from '../../shared/router';
import { Logo } from '../../shared/Logo';
import { IdleLockMinutesContext, useIdleLock } from '../../shared/idleLock';
import { useCan, useLockNow, useSession, type Permission } from '../../shared/session';
import { ActivityPage } from '../activity/ActivityPage';
import { CustomerDetailPage } from '../customers/CustomerDetailPage';
import { CustomersPage } from '../customers/CustomersPage';
import { StartPage } from '../dashboard/StartPage';
import { FinancePage } from '../finance/FinancePage';
import { InventoryNavLabel } from '../inventory/InventoryNavLabel';
import { InventoryPage } from '../inventory/InventoryPage';
import { RecurringRunner } from '../sales/RecurringRunner';
import { BarcodeScanner } from '../scanning/BarcodeScanner';
import { SegmentBuilderPage } from '../segments/SegmentBuilderPage';
import { SegmentDetailPage } from '../segments/SegmentDetailPage';
import { SegmentsPage } from '../segments/SegmentsPage';
import { SettingsPage } from '../settings/SettingsPage';
import { SyncIndicator } from '../sync/SyncIndicator';
import { SyncProvider } from '../sync/SyncProvider';
import { UsersPage } from '../users/UsersPage';
import styles from './shell.module.css';

type Area = 'start' | 'customers' | 'segments' | 'finance' | 'inventory' | 'activity' | 'users' | 'settings';

/**
 * The permissions an area needs, any one of them; the sidebar hides it and its route falls back to customers
 * without. Finance opens to cashiers too (sales.read): they see its invoices alone.
 */
const AREA_PERMISSION: Partial<Record<Area, Permission[]>> = {
  start: ['users.manage'],
  finance: ['finance.read', 'sales.read'],
  inventory: ['inventory.read'],
  activity: ['activity.read'],
  users: ['users.read'],
};

function mayOpen(area: Area, can: (permission: Permission) => boolean): boolean {
  const needs = AREA_PERMISSION[area];
  return !needs || needs.some(can);
}

function routeToPage(route: string[], can: (permission: Permission) => boolean): { area: Area; page: ReactNode } {
  const [area, id, action] = route;
  // Home: the start page for those who set the shop up (the dashboard's place once it is there), else customers.
  if (area === undefined && mayOpen('start', can)) return { area: 'start', page: <StartPage /> };
  if (!mayOpen(area as Area, can)) return { area: 'customers', page: <CustomersPage /> };
  switch (area) {
    case 'start':
      return { area, page: <StartPage /> };
    case 'segments':
      if (id === 'new') return { area, page: <SegmentBuilderPage /> };
      if (id && action === 'edit') return { area, page: <SegmentBuilderPage key={id} segmentId={id} /> };
      if (id) return { area, page: <SegmentDetailPage key={id} segmentId={id} /> };
      return { area, page: <SegmentsPage /> };
    case 'finance':
      return { area, page: <FinancePage /> };
    case 'inventory':
      return { area, page: <InventoryPage /> };
    case 'activity':
      return { area, page: <ActivityPage /> };
    case 'users':
      return { area, page: <UsersPage /> };
    case 'settings':
      return { area, page: <SettingsPage /> };
    default:
      if (area === 'customers' && id)
        return { area: 'customers', page: <CustomerDetailPage key={id} customerId={id} /> };
      return { area: 'customers', page: <CustomersPage /> };
  }
}

export function AppShell() {
  const { t } = useTranslation();
  const { session, companyName, logout } = useSession();
  const can = useCan();
  const { area, page } = routeToPage(useRoute(), can);
  const lockNow = useLockNow();
  const setIdleLockMinutes = useIdleLock();
  // Narrow windows (the app allows 900px) keep only the icons in the sidebar.
  const [collapsed, setCollapsed] = useState(false);

  const entries: { key: Area; icon: ReactNode }[] = [
    { key: 'start', icon: <RocketOutlined /> },
    { key: 'customers', icon: <TeamOutlined /> },
    { key: 'segments', icon: <ClusterOutlined /> },
    { key: 'finance', icon: <AccountBookOutlined /> },
    { key: 'inventory', icon: <InboxOutlined /> },
    { key: 'activity', icon: <FileSearchOutlined /> },
    { key: 'users', icon: <SafetyOutlined /> },
    { key: 'settings', icon: <SettingOutlined /> },
  ];
  const items = entries
    .filter(({ key }) => mayOpen(key, can))
    .map(({ key, icon }) => ({
      key,
      icon,
      // Inventory's entry carries a badge while stock is low or oversold.
      label: key === 'inventory' ? <InventoryNavLabel /> : <span data-testid={`nav-${key}`}>{t(`nav.${key}`)}</span>,
    }));

  return (
    <SyncProvider>
      <RecurringRunner>
        <BarcodeScanner />
        <Layout className={styles.root}>
          <Layout.Sider
            width={220}
            collapsedWidth={64}
            breakpoint="lg"
            collapsed={collapsed}
            onBreakpoint={setCollapsed}
            trigger={null}
            theme="dark"
            className={styles.sider}
          >
            <div className={styles.brand}>
              <Logo size={28} />
              {!collapsed && <span className={styles.brandName}>{t('app.name')}</span>}
            </div>
            <Menu theme="dark" mode="inline" selectedKeys={[area]} items={items} onClick={({ key }) => navigate(key)} />
          </Layout.Sider>
          <Layout>
            <Layout.Header className={styles.header}>
              <Typography.Text strong className={styles.company} data-testid="company-name" ellipsis>
                {companyName}
              </Typography.Text>
              <div className={styles.headerEnd}>
                <SyncIndicator />
                <Space size="middle">
                  <Space size="small">
                    <Avatar size="small" icon={<UserOutlined />} />
                    <Typography.Text data-testid="user-name">{session.user.name}</Typography.Text>
                  </Space>
                  <Button data-testid="lock-now" icon={<LockOutlined />} onClick={() => void lockNow()}>
                    {t('auth.lockNow')}
                  </Button>
                  <Button data-testid="logout" icon={<LogoutOutlined />} onClick={() => void logout()}>
                    {t('auth.logout')}
                  </Button>
                </Space>
              </div>
            </Layout.Header>
            <Layout.Content className={styles.content}>
              <IdleLockMinutesContext.Provider value={setIdleLockMinutes}>{page}</IdleLockMinutesContext.Provider>
            </Layout.Content>
          </Layout>
        </Layout>
      </RecurringRunner>
    </SyncProvider>
  );
}
