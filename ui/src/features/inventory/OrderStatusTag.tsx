import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ORDER_STATUS_COLORS, type OrderStatus } from './model';

type Props = { status: OrderStatus; testId?: string };

/** A purchase order's status in its colour: grey drafts, blue sent, gold part-received, green received. */
export function OrderStatusTag({ status, testId }: Props) {
  const { t } = useTranslation();
  return (
    <Tag color={ORDER_STATUS_COLORS[status]} data-testid={testId} data-status={status}>
      {t(`inventory.orders.statuses.${status}`)}
    </Tag>
  );
}
