import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { STATUS_COLORS, type InvoiceStatus } from './invoiceModel';

type Props = { status: InvoiceStatus; testId?: string };

/** An invoice's status in its colour: grey drafts and voids, blue issued, gold part-paid, green paid, red overdue. */
export function InvoiceStatusTag({ status, testId }: Props) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid={testId} data-status={status}>
      {t(`finance.invoices.statuses.${status}`)}
    </Tag>
  );
}
