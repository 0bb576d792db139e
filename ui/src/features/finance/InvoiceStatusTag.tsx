import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { isInvoiceStatus, STATUS_COLORS } from './invoiceModel';

type Props = { status: string; testId?: string };

/** An invoice's status in its colour: grey drafts and voids, blue issued, gold part-paid, green paid, red overdue. */
export function InvoiceStatusTag({ status, testId }: Props) {
  const { t } = useTranslation();
  return (
    <Tag color={isInvoiceStatus(status) ? STATUS_COLORS[status] : 'default'} data-testid={testId} data-status={status}>
      {isInvoiceStatus(status) ? t(`finance.invoices.statuses.${status}`) : status}
    </Tag>
  );
}
