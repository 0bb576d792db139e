import { Alert, Button, Checkbox, Drawer, Form, Input, Select, Space } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account, AccountKind, AccountPatch } from '../../api/bindings';

import { useSubmit } from '../../shared/useSubmit';
import { useApi } from '../../shared/session';
import { ACCOUNT_KINDS, accountLabel, showFinanceFieldError } from './model';
import styles from './ledger.module.css';
import { useCloseGuard } from '../../shared/useCloseGuard';
import { clearRefusalOnChange } from '../../shared/errors';

type FormValues = { code: string; name: string; kind: AccountKind; holds_money: boolean };

const FIELDS: Record<string, string[]> = {
  code: ['code'],
  name: ['name'],
  kind: ['kind'],
  holds_money: ['holds_money'],
};

type Props = {
  open: boolean;
  /** The account to change; adds a new account when absent. */
  account?: Account;
  onClose: () => void;
  onSaved: (account: Account) => void;
};

/**
 * Adds an account to the chart, or changes one: its name, and whether an asset holds money (its code and kind
 * stay: posted entries refer to them).
 */
export function AccountFormDrawer({ open, account, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const [form] = Form.useForm<FormValues>();
  const { busy, error: formError, setError: setFormError, run } = useSubmit(open);
  // Only an asset holds money: the core refuses the flag on any other kind.
  const asset = Form.useWatch('kind', form) === 'asset';

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({
      code: account?.code ?? '',
      name: account?.name ?? '',
      kind: account?.kind ?? 'expense',
      holds_money: account?.holds_money ?? false,
    });
  }, [open, account, form]);

  function update(existing: Account, values: FormValues): AccountPatch {
    const patch: AccountPatch = { id: existing.id, name: (values.name ?? '').trim() };
    if (existing.kind === 'asset' && values.holds_money !== existing.holds_money)
      patch.holds_money = values.holds_money;
    return patch;
  }

  async function submit(values: FormValues) {
    await run(
      async (once) => {
        const saved = account
          ? await api.call('finances.accounts.update', update(account, values))
          : await api.call(
              'finances.accounts.create',
              {
                code: (values.code ?? '').trim(),
                name: (values.name ?? '').trim(),
                kind: values.kind,
                ...(values.kind === 'asset' && values.holds_money ? { holds_money: true } : {}),
              },
              once,
            );
        onSaved(saved);
      },
      (error) => showFinanceFieldError(t, form, error, FIELDS, null),
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
      size={420}
      title={account ? t('finance.accounts.editTitle', { account: accountLabel(account) }) : t('finance.accounts.add')}
      forceRender
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={guardedClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="account-form-submit">
            {account ? t('common.save') : t('finance.accounts.create')}
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
        <Form.Item
          name="code"
          label={t('finance.accounts.columns.code')}
          extra={!account && t('finance.accounts.codeHelp')}
        >
          <Input data-testid="account-form-code" disabled={Boolean(account)} />
        </Form.Item>
        <Form.Item name="name" label={t('finance.accounts.columns.name')}>
          <Input data-testid="account-form-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('finance.accounts.columns.kind')}>
          <Select<AccountKind>
            data-testid="account-form-kind"
            disabled={Boolean(account)}
            options={ACCOUNT_KINDS.map((kind) => ({ value: kind, label: t(`finance.kinds.${kind}`) }))}
          />
        </Form.Item>
        {asset && (
          <Form.Item name="holds_money" valuePropName="checked" extra={t('finance.accounts.holdsMoneyHelp')}>
            <Checkbox data-testid="account-form-holds-money">{t('finance.accounts.holdsMoney')}</Checkbox>
          </Form.Item>
        )}
      </Form>
    </Drawer>
  );
}
