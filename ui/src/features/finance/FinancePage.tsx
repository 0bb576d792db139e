import { Alert, Button, Spin, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FinanceSettings } from '../../api/bindings';
import { useErrorText } from '../../shared/errors';
import { navigate, useRoute } from '../../shared/router';
import { useCan, type Permission } from '../../shared/session';
import { AccountsTab } from '../ledger/AccountsTab';
import { FinanceSetup } from '../ledger/FinanceSetup';
import { InvoicesTab } from '../sales/InvoicesTab';
import { JournalTab } from '../ledger/JournalTab';
import { isNotSetUp } from '../ledger/model';
import { MoneyTab } from '../ledger/MoneyTab';
import { RecurringTab } from '../sales/RecurringTab';
import { ReportsTab } from './ReportsTab';
import { SalesPage } from '../sales/SalesPage';
import { TaxesTab } from '../sales/TaxesTab';
import { useCommand } from '../../shared/useCommand';
import pageLayout from '../../shared/page.module.css';
import styles from '../ledger/ledger.module.css';

/**
 * The books: income and expenses, invoices, the journal, the chart of accounts, taxes and the reports; or their
 * setup. Those who sell but do not keep the books (cashiers: sales.read without finance.read) get the invoices.
 */
export function FinancePage() {
  const can = useCan();
  return can('finance.read') ? <BooksPage /> : <SalesPage />;
}

/** The books, for those who read them: they start from the settings, or their setup. */
function BooksPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [settingsVersion, setSettingsVersion] = useState(0);
  const settings = useCommand('finances.settings.get', {}, settingsVersion);
  const reloadSettings = () => setSettingsVersion((v) => v + 1);

  let body;
  if (settings.error !== null && isNotSetUp(settings.error)) {
    body = <FinanceSetup onDone={reloadSettings} />;
  } else if (settings.output) {
    body = <Books settings={settings.output} onSettingsChanged={reloadSettings} />;
  } else if (settings.error !== null) {
    body = (
      <Alert
        type="error"
        showIcon
        title={errorText(settings.error)}
        action={<Button onClick={reloadSettings}>{t('common.retry')}</Button>}
      />
    );
  } else {
    body = <Spin className={styles.loading} />;
  }

  return (
    <div className={pageLayout.page}>
      <div className={pageLayout.toolbar}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('finance.title')}
        </Typography.Title>
        {settings.output && (
          <Typography.Text type="secondary" data-testid="finance-closed-through">
            {settings.output.closed_through
              ? t('finance.closedThrough', { date: settings.output.closed_through })
              : t('finance.allOpen')}
            {' · '}
            {t('finance.currency', { currency: settings.output.base_currency })}
          </Typography.Text>
        )}
      </div>
      {body}
    </div>
  );
}

type BooksProps = { settings: FinanceSettings; onSettingsChanged: () => void };

const TABS = ['income', 'expenses', 'invoices', 'recurring', 'journal', 'accounts', 'taxes', 'reports'] as const;
type Tab = (typeof TABS)[number];

/** Tabs that take more than finance.read: invoices and recurring invoices are read with sales.read. */
const TAB_PERMISSION: Partial<Record<Tab, Permission>> = { invoices: 'sales.read', recurring: 'sales.read' };

function isTab(key: string | undefined): key is Tab {
  return (TABS as readonly (string | undefined)[]).includes(key);
}

/**
 * The tabs of a ledger that is set up; the open one is in the address (`#/finance/journal`). A change in any
 * tab reloads them all: an income also posts a journal entry.
 */
function Books({ settings, onSettingsChanged }: BooksProps) {
  const { t } = useTranslation();
  const can = useCan();
  const errorText = useErrorText();
  const [, route] = useRoute();
  const allowed = (key: Tab) => {
    const needs = TAB_PERMISSION[key];
    return !needs || can(needs);
  };
  const tab: Tab = isTab(route) && allowed(route) ? route : 'income';
  const [version, setVersion] = useState(0);
  const changed = () => setVersion((v) => v + 1);
  const accountsLoad = useCommand('finances.accounts.list', {}, version);
  const accounts = accountsLoad.output ?? [];
  // Taxes are read with sales.read; without it, records and invoices offer none.
  const taxesLoad = useCommand('finances.taxes.list', can('sales.read') ? {} : null, version);
  const taxes = taxesLoad.output ?? [];
  const shared = { accounts, settings, taxes, version, onChanged: changed };

  return (
    <>
      {accountsLoad.error !== null && <Alert type="error" showIcon title={errorText(accountsLoad.error)} />}
      <Tabs
        activeKey={tab}
        onChange={(key) => navigate('finance', key)}
        items={[
          {
            key: 'income',
            label: <span data-testid="finance-tab-income">{t('finance.tabs.income')}</span>,
            children: <MoneyTab kind="income" {...shared} />,
          },
          {
            key: 'expenses',
            label: <span data-testid="finance-tab-expenses">{t('finance.tabs.expenses')}</span>,
            children: <MoneyTab kind="expense" {...shared} />,
          },
          {
            key: 'invoices',
            label: <span data-testid="finance-tab-invoices">{t('finance.tabs.invoices')}</span>,
            children: (
              <InvoicesTab
                settings={settings}
                accounts={accounts}
                taxes={taxes}
                version={version}
                onChanged={changed}
              />
            ),
          },
          {
            key: 'recurring',
            label: <span data-testid="finance-tab-recurring">{t('finance.tabs.recurring')}</span>,
            children: (
              <RecurringTab currency={settings.base_currency} taxes={taxes} version={version} onChanged={changed} />
            ),
          },
          {
            key: 'journal',
            label: <span data-testid="finance-tab-journal">{t('finance.tabs.journal')}</span>,
            children: <JournalTab {...shared} />,
          },
          {
            key: 'accounts',
            label: <span data-testid="finance-tab-accounts">{t('finance.tabs.accounts')}</span>,
            children: (
              <AccountsTab
                {...shared}
                loading={accountsLoad.loading}
                onSettingsChanged={() => {
                  onSettingsChanged();
                  changed();
                }}
              />
            ),
          },
          {
            key: 'taxes',
            label: <span data-testid="finance-tab-taxes">{t('finance.tabs.taxes')}</span>,
            children: (
              <TaxesTab
                {...shared}
                loading={taxesLoad.loading}
                onSettingsChanged={() => {
                  onSettingsChanged();
                  changed();
                }}
              />
            ),
          },
          {
            key: 'reports',
            label: <span data-testid="finance-tab-reports">{t('finance.tabs.reports')}</span>,
            children: <ReportsTab {...shared} />,
          },
        ].filter((item) => allowed(item.key as Tab))}
      />
    </>
  );
}
