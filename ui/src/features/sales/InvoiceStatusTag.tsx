import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Invoice } from '../../api/bindings';
import { displayAmount } from '../ledger/money';
import { STATUS_COLORS, type InvoiceStatus } from './invoiceModel';

type Props = {
  status: InvoiceStatus;
  /** The invoice, when its status may hide that part of it is paid (an overdue one). */
  invoice?: Pick<Invoice, 'part_paid' | 'outstanding' | 'currency'>;
  testId?: string;
};

/**
 * An invoice's status in its colour: grey drafts and voids, blue issued, gold part-paid, green paid, red overdue.
 * An overdue invoice that is partly paid says so too, with what is left (the core says which are).
 */
export function InvoiceStatusTag({ status, invoice, testId }: Props) {
  const { t } = useTranslation();
  return (
    <>
      <Tag color={STATUS_COLORS[status]} data-testid={testId} data-status={status}>
        {t(`finance.invoices.statuses.${status}`)}
      </Tag>
      {status === 'overdue' && invoice?.part_paid && (
        <Tag color={STATUS_COLORS.partially_paid} data-testid={testId && `${testId}-part-paid`}>
          {t('finance.invoices.partPaidLeft', { amount: `${invoice.currency} ${displayAmount(invoice.outstanding)}` })}
        </Tag>
      )}
    </>
  );
}
