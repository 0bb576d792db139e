import { Card } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Logo } from '../../shared/Logo';
import styles from './auth.module.css';

type Props = {
  subtitle: ReactNode;
  /** Room for more than a form, e.g. the QR code of two-step sign-in. */
  wide?: boolean;
  children: ReactNode;
};

/** The frame of the screens outside the app: first run, login, lock, two-step sign-in setup. */
export function AuthCard({ subtitle, wide = false, children }: Props) {
  const { t } = useTranslation();
  return (
    <div className={styles.page}>
      <Card className={wide ? `${styles.card} ${styles.wide}` : styles.card}>
        <div className={styles.brand}>
          <Logo size={40} />
          <div>
            <div className={styles.brandName}>{t('app.name')}</div>
            <div className={styles.brandSub}>{subtitle}</div>
          </div>
        </div>
        {children}
      </Card>
    </div>
  );
}
