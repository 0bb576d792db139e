import { Alert, Button, Drawer, Form, Input, Select, Space } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account, AccountDefaults, MoneyEvent, MoneyEventInput, Tax } from '../../api/bindings';

import { DateInput } from '../../shared/DateInput';
import { today } from '../../shared/day';
import { useSubmit } from '../../shared/useSubmit';
import { useApi } from '../../shared/session';
import { taxOptions } from './model';
import {
  accountLabel,
  accountOptions,
  inClosedPeriod,
  MONEY_ACCOUNT_KINDS,
  MONEY_COMMANDS,
  moneyAccountOptions,
  showFinanceFieldError,
  type MoneyKind,
} from './model';
import styles from './ledger.module.css';
import { useCloseGuard } from '../../shared/useCloseGuard';
import { clearRefusalOnChange } from '../../shared/errors';

type FormValues = {
  /** As typed: the core refuses a day that is not one, on this field. */
  date: string;
  amount: string;
  category_id?: string;
  account_id?: string;
  party: string;
  description: string;
  tax_id?: string;
};

const FIELDS: Record<string, string[]> = {
  tax_id: ['tax_id'],
  date: ['date'],
  amount: ['amount'],
  category_id: ['category_id'],
  account_id: ['account_id'],
  party: ['party'],
  description: ['description'],
};

function toInput(values: FormValues): MoneyEventInput {
  const input: MoneyEventInput = {
    date: (values.date ?? '').trim(),
    // As typed: the core reads the decimal string, and says which field when it refuses it.
    amount: (values.amount ?? '').trim(),
  };
  if (values.category_id) input.category_id = values.category_id;
  if (values.account_id) input.account_id = values.account_id;
  if (values.tax_id) input.tax_id = values.tax_id;
  const party = values.party?.trim();
  const description = values.description?.trim();
  if (party) input.party = party;
  if (description) input.description = description;
  return input;
}

type Props = {
  kind: MoneyKind;
  open: boolean;
  accounts: Account[];
  /** Taxes the amount may include; none offered when there are none (or they cannot be read). */
  taxes: Tax[];
  closedThrough: string | null;
  /** What the core takes for a field left blank, shown as its placeholder. */
  defaults: AccountDefaults;
  onClose: () => void;
  onSaved: (event: MoneyEvent) => void;
};

/** Records one income or expense; the core posts its journal entry. */
export function MoneyFormDrawer({ kind, open, accounts, taxes, closedThrough, defaults, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const [form] = Form.useForm<FormValues>();
  const { busy, error: formError, setError: setFormError, run } = useSubmit(open);
  const kinds = MONEY_ACCOUNT_KINDS[kind];
  const categories = accountOptions(accounts, [kinds.category]);
  // Cash, bank and wallet accounts; for an expense, a credit card (a liability) too.
  const moneyAccounts = moneyAccountOptions(accounts, kinds.account);
  const taxChoices = taxOptions(taxes);
  // What the core takes when a field is left empty, as it says (sales; general expenses; cash).
  const defaultCategoryId = kind === 'income' ? defaults.income_category_id : defaults.expense_category_id;
  const defaultCategory = accounts.find((account) => account.id === defaultCategoryId);
  const defaultAccount = accounts.find((account) => account.id === defaults.money_account_id);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ date: today(), amount: '', party: '', description: '' });
  }, [open, form]);

  async function submit(values: FormValues) {
    await run(
      async (once) => {
        onSaved(await api.call(MONEY_COMMANDS[kind].create, toInput(values), once));
      },
      (error) => showFinanceFieldError(t, form, error, FIELDS, closedThrough),
    );
  }

  function close() {
    setFormError(null);
    onClose();
  }

  const guardedClose = useCloseGuard(form, close, open);

  return (
    <Drawer
      open={open}
      onClose={guardedClose}
      keyboard={false}
      size={480}
      title={t(`finance.${kind}.record`)}
      forceRender
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={guardedClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="money-form-submit">
            {t(`finance.${kind}.record`)}
          </Button>
        </Space>
      }
    >
      <Form<FormValues>
        form={form}
        onValuesChange={clearRefusalOnChange(form)}
        layout="vertical"
        onFinish={(values) => void submit(values)}
      >
        {formError && <Alert type="error" showIcon title={formError} className={styles.formAlert} />}
        <Form.Item name="date" label={t('finance.money.columns.date')}>
          <DateInput testId="money-form-date" disabledDate={inClosedPeriod(closedThrough)} />
        </Form.Item>
        <Form.Item
          name="amount"
          label={t('finance.money.columns.amount')}
          rules={[
            {
              validator: async (_rule, value: string | undefined) => {
                const text = (value ?? '').trim();
                // What an amount may be is the core's to say (it reads ¥12.50 and １２３ too).
                if (!text) throw new Error(t('errors.reasons.required'));
              },
            },
          ]}
        >
          <Input data-testid="money-form-amount" inputMode="decimal" autoComplete="off" placeholder="0.00" />
        </Form.Item>
        <Form.Item name="category_id" label={t(`finance.${kind}.category`)}>
          <Select<string>
            data-testid="money-form-category"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            options={categories}
            placeholder={defaultCategory && t('finance.money.default', { name: accountLabel(defaultCategory) })}
          />
        </Form.Item>
        <Form.Item name="account_id" label={t(`finance.${kind}.account`)}>
          <Select<string>
            data-testid="money-form-account"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            options={moneyAccounts}
            placeholder={defaultAccount && t('finance.money.default', { name: accountLabel(defaultAccount) })}
          />
        </Form.Item>
        {taxChoices.length > 0 && (
          <Form.Item name="tax_id" label={t('finance.money.tax')} extra={t(`finance.${kind}.taxHelp`)}>
            <Select<string>
              data-testid="money-form-tax"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={taxChoices}
              placeholder={t('finance.invoices.lines.noTax')}
            />
          </Form.Item>
        )}
        <Form.Item name="party" label={t(`finance.${kind}.party`)}>
          <Input data-testid="money-form-party" />
        </Form.Item>
        <Form.Item name="description" label={t('finance.money.columns.description')}>
          <Input.TextArea data-testid="money-form-description" autoSize={{ minRows: 2, maxRows: 5 }} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
