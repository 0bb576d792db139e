import {
  CalendarOutlined,
  EnvironmentOutlined,
  FileTextOutlined,
  MailOutlined,
  MessageOutlined,
  PhoneOutlined,
  ShoppingCartOutlined,
} from '@ant-design/icons';
import { Empty, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { InteractionKind, TimelineItem } from '../../api/bindings';
import { useFormat } from '../../i18n/format';
import styles from './detail.module.css';

const KIND_ICONS: Record<InteractionKind, ReactNode> = {
  call: <PhoneOutlined />,
  email: <MailOutlined />,
  visit: <EnvironmentOutlined />,
  meeting: <CalendarOutlined />,
  sale: <ShoppingCartOutlined />,
  other: <MessageOutlined />,
};

const KIND_COLORS: Record<InteractionKind, string> = {
  call: 'green',
  email: 'blue',
  visit: 'orange',
  meeting: 'purple',
  sale: 'gold',
  other: 'gray',
};

/** Notes and interactions, newest first as the core orders them. */
export function CustomerTimeline({ items }: { items: TimelineItem[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (items.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customers.timeline.empty')} />;
  }
  return (
    <Timeline
      data-testid="customer-timeline"
      items={items.map((item) => {
        const isNote = item.type === 'note';
        const who = isNote ? item.author_name : item.user_name;
        const at_ms = isNote ? item.created_at_ms : item.occurred_at_ms;
        const what = isNote ? t('customers.timeline.note') : t(`customers.interactionKinds.${item.kind}`);
        return {
          key: `${item.type}:${item.id}`,
          icon: isNote ? <FileTextOutlined /> : KIND_ICONS[item.kind],
          color: isNote ? 'blue' : KIND_COLORS[item.kind],
          content: (
            <div className={styles.timelineItem} data-testid={`timeline-${item.type}`}>
              <div className={styles.timelineMeta}>
                <Typography.Text strong>{what}</Typography.Text>
                <Typography.Text type="secondary">
                  {t('customers.timeline.byAt', { who, when: format.dateTime(at_ms) })}
                </Typography.Text>
              </div>
              <div className={styles.timelineText}>{isNote ? item.text : item.description}</div>
            </div>
          ),
        };
      })}
    />
  );
}
