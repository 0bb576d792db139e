import { AutoComplete, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { COMMON_CURRENCIES, currencyCode, isForeignCode } from '../ledger/currency';
import styles from '../ledger/ledger.module.css';

type Props = {
  /** The company's base currency; null when this user cannot read it (cashiers). */
  base: string | null;
};

/**
 * An invoice's currency (a common one picked, or any ISO 4217 code typed) and, for one other than the base
 * currency, how many base units one unit is worth. Which codes exist and what rate is allowed is the core's to
 * say, at these fields.
 */
export function InvoiceCurrencyFields({ base }: Props) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const currency = currencyCode(Form.useWatch<string | undefined>('currency', form));
  const foreign = isForeignCode(currency, base);
  const options = [...new Set([...(base ? [base] : []), ...COMMON_CURRENCIES])].map((value) => ({ value }));

  return (
    <>
      <Form.Item
        name="currency"
        label={t('finance.invoices.currency')}
        normalize={(value: string | undefined) => (value ?? '').toUpperCase()}
      >
        <AutoComplete
          className={styles.currency}
          options={options}
          // A code being typed narrows the list; a whole one (as the field starts) leaves every code to pick.
          filterOption={(typed, option) => {
            const code = currencyCode(typed);
            return code.length >= 3 || String(option?.value ?? '').startsWith(code);
          }}
        >
          {/* The input itself carries the test id, for drivers that type into it. */}
          <Input
            data-testid="invoice-currency"
            autoComplete="off"
            placeholder={base ?? t('finance.invoices.baseCurrency')}
          />
        </AutoComplete>
      </Form.Item>
      {foreign && (
        <Form.Item
          name="exchange_rate"
          label={t('finance.invoices.exchangeRate')}
          tooltip={
            base
              ? t('finance.invoices.exchangeRateHelp', { base, currency })
              : t('finance.invoices.exchangeRateHelpNoBase', { currency })
          }
        >
          <Input
            data-testid="invoice-exchange-rate"
            className={styles.rate}
            inputMode="decimal"
            autoComplete="off"
            placeholder="7.1234"
            suffix={base ? `${base} / ${currency}` : undefined}
          />
        </Form.Item>
      )}
    </>
  );
}
