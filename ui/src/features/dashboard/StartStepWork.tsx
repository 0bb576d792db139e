import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StartStepKey } from '../../api/bindings';
import { CustomerFormDrawer } from '../customers/CustomerFormDrawer';
import { ProductFormDrawer } from '../inventory/ProductFormDrawer';
import { FinanceSetup } from '../ledger/FinanceSetup';
import { JournalFormDrawer } from '../ledger/JournalFormDrawer';
import { TaxPresetInstall } from '../ledger/TaxPresetInstall';
import { CompanySection } from '../settings/CompanySection';
import { SyncSection } from '../settings/SyncSection';
import { UserFormDrawer } from '../users/UserFormDrawer';
import { useRoles } from '../users/useRoles';
import { useCommand } from '../../shared/useCommand';

type Props = {
  step: StartStepKey;
  /** Something was saved: the checklist asks the core again. */
  onChanged: () => void;
  /** The drawer closed (saved or not). */
  onClose: () => void;
};

/**
 * Where a step of the start checklist is done, on the start page itself: the same forms and drawers as on the step's
 * own screen (the company details, the books' setup, a tax preset, the opening balances, a product, a customer, a
 * user, a relay), so the rules are the ones the core holds there. Mounted only while the step is open.
 */
export function StartStepWork({ step, onChanged, onClose }: Props) {
  switch (step) {
    case 'company':
      return <CompanySection onSaved={onChanged} />;
    case 'books':
      return <FinanceSetup onDone={onChanged} />;
    case 'taxes':
      return <TaxPresetInstall onInstalled={onChanged} />;
    case 'devices':
      return <SyncSection />;
    case 'opening':
      return <OpeningDrawer onChanged={onChanged} onClose={onClose} />;
    case 'products':
      return <ProductDrawer onChanged={onChanged} onClose={onClose} />;
    case 'customers':
      return (
        <CustomerFormDrawer
          open
          onClose={onClose}
          onSaved={() => {
            onChanged();
            onClose();
          }}
        />
      );
    case 'staff':
      return <StaffDrawer onChanged={onChanged} onClose={onClose} />;
  }
}

type DrawerProps = Omit<Props, 'step'>;

function OpeningDrawer({ onChanged, onClose }: DrawerProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const accounts = useCommand('finances.accounts.list', {}, 0).output;
  const settings = useCommand('finances.settings.get', {}, 0).output;
  return (
    <JournalFormDrawer
      open={accounts !== null && settings !== null}
      opening
      accounts={accounts ?? []}
      closedThrough={settings?.closed_through ?? null}
      onClose={onClose}
      onSaved={() => {
        void message.success(t('finance.opening.posted'));
        onChanged();
        onClose();
      }}
    />
  );
}

function ProductDrawer({ onChanged, onClose }: DrawerProps) {
  const categories = useCommand('inventory.categories.list', {}, 0).output;
  return (
    <ProductFormDrawer
      open
      categories={categories ?? []}
      onClose={onClose}
      onSaved={() => {
        onChanged();
        onClose();
      }}
    />
  );
}

function StaffDrawer({ onChanged, onClose }: DrawerProps) {
  const { roles } = useRoles();
  return (
    <UserFormDrawer
      open
      roles={roles}
      onClose={onClose}
      onSaved={() => {
        onChanged();
        onClose();
      }}
    />
  );
}
