import { Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate, useRoute } from '../../shared/router';
import { InvoicesTab } from './InvoicesTab';
import { RecurringTab } from './RecurringTab';
import { useCommand } from '../../shared/useCommand';
import pageLayout from '../../shared/page.module.css';

/**
 * Finance for those who sell but do not keep the books (cashiers: sales.read, no finance.read): their invoices
 * and payments, and the recurring invoices, without the ledger's settings, accounts or reports, which the core
 * would refuse them. The open tab is in the address (`#/finance/recurring`).
 */
export function SalesPage() {
  const { t } = useTranslation();
  const [, route] = useRoute();
  const tab = route === 'recurring' ? 'recurring' : 'invoices';
  const [version, setVersion] = useState(0);
  const changed = () => setVersion((v) => v + 1);
  const taxes = useCommand('finances.taxes.list', {}, version);

  return (
    <div className={pageLayout.page}>
      <div className={pageLayout.toolbar}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('finance.title')}
        </Typography.Title>
      </div>
      <Tabs
        activeKey={tab}
        onChange={(key) => navigate('finance', key)}
        items={[
          {
            key: 'invoices',
            label: <span data-testid="finance-tab-invoices">{t('finance.tabs.invoices')}</span>,
            children: (
              <InvoicesTab
                settings={null}
                accounts={null}
                taxes={taxes.output ?? []}
                version={version}
                onChanged={changed}
              />
            ),
          },
          {
            key: 'recurring',
            label: <span data-testid="finance-tab-recurring">{t('finance.tabs.recurring')}</span>,
            children: <RecurringTab currency={null} taxes={taxes.output ?? []} version={version} onChanged={changed} />,
          },
        ]}
      />
    </div>
  );
}
