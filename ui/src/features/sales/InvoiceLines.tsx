import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Select, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PricedLine, Product, Tax } from '../../api/bindings';
import { EMPTY_LINE, withProduct, type LineValues } from './invoiceModel';
import { taxOptions } from '../ledger/model';
import { LineProductSelect } from './LineProductSelect';
import { displayAmount } from '../ledger/money';
import styles from '../ledger/ledger.module.css';

type Props = {
  taxes: Tax[];
  /** Each line's amounts as the core priced them; null while the lines are not complete. */
  preview: PricedLine[] | null;
  /** Problems of a whole line the core named (`lines[2]`: its amount is too large), by line. */
  lineErrors: Record<number, string>;
  /** What the lines' test ids start with: `invoice-line` gives `invoice-line-description-0`… */
  testId?: string;
  /** Lines may sell products from the list (an invoice, for those who read inventory); none: free text only. */
  products?: LineProducts;
};

export type LineProducts = {
  /**
   * Only products, at their list price (those who do not keep the books: cashiers): every line names a product,
   * and its description and price are the product's, not typed. The core refuses anything else of them.
   */
  listOnly: boolean;
  /** A product was put on a line. */
  onPicked: (product: Product) => void;
};

/** The lines of an invoice being written: what, how many, at what price, less what discount, with which tax. */
export function InvoiceLines({ taxes, preview, lineErrors, testId = 'invoice-line', products }: Props) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const options = taxOptions(taxes);
  const listOnly = products?.listOnly ?? false;

  // Only whether something was typed is checked here: what a quantity, price or discount may be is the core's
  // to say, on save, at the field it names.
  const required = { required: true, whitespace: true, message: t('errors.reasons.required') };
  const net = (index: number) => preview?.[index]?.net;
  const productRequired = { required: true, message: t('finance.invoices.lines.productRequired') };

  function picked(name: number, product: Product) {
    const line = (form.getFieldValue(['lines', name]) ?? {}) as LineValues;
    form.setFieldValue(['lines', name], withProduct(line, product));
    products?.onPicked(product);
  }

  function cleared(name: number) {
    // A bookkeeper's line keeps its words and price as free text; a cashier's had only the product's.
    if (listOnly) form.setFieldValue(['lines', name], { ...EMPTY_LINE });
  }

  return (
    <>
      <div className={styles.invoiceLineHeader}>
        <Typography.Text type="secondary">
          {products ? t('finance.invoices.lines.productAndDescription') : t('finance.invoices.lines.description')}
        </Typography.Text>
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
                  <div>
                    {products && (
                      <Form.Item
                        name={[field.name, 'product_id']}
                        className={styles.lineProduct}
                        rules={listOnly ? [productRequired] : []}
                      >
                        <LineProductSelect
                          testId={`${testId}-product-${index}`}
                          knownLabel={form.getFieldValue(['lines', field.name, 'description']) as string | undefined}
                          onPicked={(product) => picked(field.name, product)}
                          onChange={(id) => id === undefined && cleared(field.name)}
                        />
                      </Form.Item>
                    )}
                    <Form.Item
                      name={[field.name, 'description']}
                      className={styles.lineItem}
                      rules={listOnly ? [] : [required]}
                    >
                      <Input
                        data-testid={`${testId}-description-${index}`}
                        autoComplete="off"
                        readOnly={listOnly}
                        placeholder={products && !listOnly ? t('finance.invoices.lines.orFreeText') : undefined}
                      />
                    </Form.Item>
                  </div>
                  <Form.Item name={[field.name, 'quantity']} className={styles.lineItem} rules={[required]}>
                    <Input
                      data-testid={`${testId}-quantity-${index}`}
                      inputMode="decimal"
                      autoComplete="off"
                      className={styles.right}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'unit_price']}
                    className={styles.lineItem}
                    rules={listOnly ? [] : [required]}
                  >
                    <Input
                      data-testid={`${testId}-price-${index}`}
                      readOnly={listOnly}
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
