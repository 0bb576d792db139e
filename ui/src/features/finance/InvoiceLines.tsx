import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Select, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PricedLine, Tax } from '../../api/bindings';
import { EMPTY_LINE, taxOptions } from './invoiceModel';
import { displayAmount } from './money';
import styles from './finance.module.css';

type Props = {
  taxes: Tax[];
  /** Each line's amounts as the core priced them; null while the lines are not complete. */
  preview: PricedLine[] | null;
  /** Problems of a whole line the core named (`lines[2]`: its amount is too large), by line. */
  lineErrors: Record<number, string>;
  /** What the lines' test ids start with: `invoice-line` gives `invoice-line-description-0`… */
  testId?: string;
};

/** The lines of an invoice being written: what, how many, at what price, less what discount, with which tax. */
export function InvoiceLines({ taxes, preview, lineErrors, testId = 'invoice-line' }: Props) {
  const { t } = useTranslation();
  const options = taxOptions(taxes);

  // Only whether something was typed is checked here: what a quantity, price or discount may be is the core's
  // to say, on save, at the field it names.
  const required = { required: true, whitespace: true, message: t('errors.reasons.required') };
  const net = (index: number) => preview?.[index]?.net;

  return (
    <>
      <div className={styles.invoiceLineHeader}>
        <Typography.Text type="secondary">{t('finance.invoices.lines.description')}</Typography.Text>
        <Typography.Text type="secondary" className={styles.right}>
          {t('finance.invoices.lines.quantity')}
        </Typography.Text>
        <Typography.Text type="secondary" className={styles.right}>
          {t('finance.invoices.lines.unitPrice')}
        </Typography.Text>
        <Typography.Text type="secondary" className={styles.right}>
          {t('finance.invoices.lines.discount')}
        </Typography.Text>
        <Typography.Text type="secondary">{t('finance.invoices.lines.tax')}</Typography.Text>
        <Typography.Text type="secondary" className={styles.right}>
          {t('finance.invoices.lines.net')}
        </Typography.Text>
        <span />
      </div>
      <Form.List name="lines">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, index) => (
              <div key={field.key} data-testid={`${testId}-${index}`}>
                <div className={styles.invoiceLine}>
                  <Form.Item name={[field.name, 'description']} className={styles.lineItem} rules={[required]}>
                    <Input data-testid={`${testId}-description-${index}`} autoComplete="off" />
                  </Form.Item>
                  <Form.Item name={[field.name, 'quantity']} className={styles.lineItem} rules={[required]}>
                    <Input
                      data-testid={`${testId}-quantity-${index}`}
                      inputMode="decimal"
                      autoComplete="off"
                      className={styles.right}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'unit_price']} className={styles.lineItem} rules={[required]}>
                    <Input
                      data-testid={`${testId}-price-${index}`}
                      inputMode="decimal"
                      autoComplete="off"
                      placeholder="0.00"
                      className={styles.right}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'discount']} className={styles.lineItem}>
                    <Input
                      data-testid={`${testId}-discount-${index}`}
                      inputMode="decimal"
                      autoComplete="off"
                      placeholder="0"
                      suffix="%"
                      className={styles.right}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'tax_id']} className={styles.lineItem}>
                    <Select<string>
                      data-testid={`${testId}-tax-${index}`}
                      allowClear
                      showSearch={{ optionFilterProp: 'label' }}
                      options={options}
                      placeholder={t('finance.invoices.lines.noTax')}
                    />
                  </Form.Item>
                  <Typography.Text className={styles.lineAmount} data-testid={`${testId}-amount-${index}`}>
                    {displayAmount(net(index) ?? '—')}
                  </Typography.Text>
                  <Tooltip title={t('finance.invoices.lines.remove')}>
                    <Button
                      type="text"
                      icon={<DeleteOutlined />}
                      disabled={fields.length <= 1}
                      onClick={() => remove(field.name)}
                      aria-label={t('finance.invoices.lines.remove')}
                      data-testid={`${testId}-remove-${index}`}
                    />
                  </Tooltip>
                </div>
                {lineErrors[index] && (
                  <Typography.Text type="danger" className={styles.lineError} data-testid={`${testId}-error-${index}`}>
                    {lineErrors[index]}
                  </Typography.Text>
                )}
              </div>
            ))}
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add({ ...EMPTY_LINE })}
              data-testid={`${testId}-add`}
            >
              {t('finance.invoices.lines.add')}
            </Button>
          </>
        )}
      </Form.List>
    </>
  );
}
