import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { isOrderStatus, ORDER_STATUS_COLORS } from './model';

type Props = { status: string; testId?: string };

/** A purchase order's status in its colour: grey drafts, blue sent, gold part-received, green received. */
export function OrderStatusTag({ status, testId }: Props) {
  const { t } = useTranslation();
  return (
    <Tag
      color={isOrderStatus(status) ? ORDER_STATUS_COLORS[status] : 'default'}
      data-testid={testId}
      data-status={status}
    >
      {isOrderStatus(status) ? t(`inventory.orders.statuses.${status}`) : status}
    </Tag>
  );
}
