import {
  FileSearchOutlined,
  LogoutOutlined,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
  ClusterOutlined,
} from '@ant-design/icons';
import { Avatar, Button, Layout, Menu, Space, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate, useRoute } from '../../shared/router';
import { Logo } from '../../shared/Logo';
import { useSession } from '../auth/session';
import { ActivityPage } from '../activity/ActivityPage';
import { CustomerDetailPage } from '../customers/CustomerDetailPage';
import { CustomersPage } from '../customers/CustomersPage';
import { SegmentBuilderPage } from '../segments/SegmentBuilderPage';
import { SegmentDetailPage } from '../segments/SegmentDetailPage';
import { SegmentsPage } from '../segments/SegmentsPage';
import { SettingsPage } from '../settings/SettingsPage';
import styles from './shell.module.css';

type Area = 'customers' | 'segments' | 'activity' | 'settings';

function routeToPage(route: string[]): { area: Area; page: ReactNode } {
  const [area, id, action] = route;
  switch (area) {
    case 'segments':
      if (id === 'new') return { area, page: <SegmentBuilderPage /> };
      if (id && action === 'edit') return { area, page: <SegmentBuilderPage key={id} segmentId={id} /> };
      if (id) return { area, page: <SegmentDetailPage key={id} segmentId={id} /> };
      return { area, page: <SegmentsPage /> };
    case 'activity':
      return { area, page: <ActivityPage /> };
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
  const { area, page } = routeToPage(useRoute());
  // Narrow windows (the app allows 900px) keep only the icons in the sidebar.
  const [collapsed, setCollapsed] = useState(false);

  const items = [
    { key: 'customers', icon: <TeamOutlined />, label: <span data-testid="nav-customers">{t('nav.customers')}</span> },
    { key: 'segments', icon: <ClusterOutlined />, label: <span data-testid="nav-segments">{t('nav.segments')}</span> },
    {
      key: 'activity',
      icon: <FileSearchOutlined />,
      label: <span data-testid="nav-activity">{t('nav.activity')}</span>,
    },
    { key: 'settings', icon: <SettingOutlined />, label: <span data-testid="nav-settings">{t('nav.settings')}</span> },
  ];

  return (
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
          <Space size="middle">
            <Space size="small">
              <Avatar size="small" icon={<UserOutlined />} />
              <Typography.Text data-testid="user-name">{session.user.name}</Typography.Text>
            </Space>
            <Button data-testid="logout" icon={<LogoutOutlined />} onClick={() => void logout()}>
              {t('auth.logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content className={styles.content}>{page}</Layout.Content>
      </Layout>
    </Layout>
  );
}
