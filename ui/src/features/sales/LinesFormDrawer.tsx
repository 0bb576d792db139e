import { Alert, Button, Drawer, Form, Input, Space, Typography, type FormInstance } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Tax } from '../../api/bindings';
import { CustomerSelect } from './CustomerSelect';
import { InvoiceLines, type LineProducts } from './InvoiceLines';
import { InvoiceTotals } from './InvoiceTotals';
import type { Preview } from './useInvoicePreview';
import type { LinesFormErrors } from './useLinesFormErrors';
import styles from '../ledger/ledger.module.css';
import { useCloseGuard } from '../../shared/useCloseGuard';

/** Shown for an amount while the lines are not complete. */
const NO_AMOUNT = '—';

type Props<T> = {
  open: boolean;
  title: string;
  form: FormInstance<T>;
  busy: boolean;
  /** The save button's words. */
  saveLabel: string;
  errors: LinesFormErrors;
  /** Starts every test id: `invoice` gives `invoice-customer`, `invoice-line-0`, `invoice-preview-total`… */
  testId: string;
  taxes: Tax[];
  /** Lines may sell products from the list; none: free text only. */
  products?: LineProducts;
  preview: Preview;
  currency: string | null;
  /** Said under the previewed totals. */
  previewNote: string;
  onClose: () => void;
  onFinish: (values: T) => void;
  /** The form's own fields, between the customer and the lines. */
  children: ReactNode;
};

/**
 * The drawer of a form with invoice lines (an invoice, a recurring invoice): a customer, the form's own fields, the
 * lines with the core's live preview of their totals, and notes; what the core refused is shown above the form.
 */
export function LinesFormDrawer<T>({
  open,
  title,
  form,
  busy,
  saveLabel,
  errors,
  testId,
  taxes,
  products,
  preview,
  currency,
  previewNote,
  onClose,
  onFinish,
  children,
}: Props<T>) {
  const { t } = useTranslation();
  const close = useCloseGuard(form, onClose, open);
  return (
    <Drawer
      open={open}
      onClose={close}
      keyboard={false}
      size={960}
      title={title}
      forceRender
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={close}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid={`${testId}-save`}>
            {saveLabel}
          </Button>
        </Space>
      }
    >
      <Form<T> form={form} layout="vertical" onFinish={onFinish} onValuesChange={errors.clearLines}>
        {errors.formError && (
          <Alert
            type="error"
            showIcon
            title={errors.formError.title}
            description={errors.formError.detail}
            className={styles.formAlert}
            data-testid={`${testId}-form-error`}
          />
        )}
        <Form.Item
          name="customer"
          label={t('finance.invoices.columns.customer')}
          rules={[{ required: true, message: t('finance.invoices.customerRequired') }]}
        >
          <CustomerSelect testId={`${testId}-customer`} />
        </Form.Item>
        {children}
        <InvoiceLines
          taxes={taxes}
          preview={preview?.lines ?? null}
          lineErrors={errors.lineErrors}
          testId={`${testId}-line`}
          products={products}
        />
        <InvoiceTotals
          testId={`${testId}-preview`}
          currency={currency}
          amounts={preview ?? { subtotal: NO_AMOUNT, tax: NO_AMOUNT, total: NO_AMOUNT }}
        />
        <Typography.Paragraph type="secondary" className={styles.right}>
          {previewNote}
        </Typography.Paragraph>
        <Form.Item name="notes" label={t('finance.invoices.notes')}>
          <Input.TextArea data-testid={`${testId}-notes`} autoSize={{ minRows: 2, maxRows: 5 }} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
