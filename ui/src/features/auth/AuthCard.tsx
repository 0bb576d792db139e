import { Card } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Logo } from '../../shared/Logo';
import styles from './auth.module.css';

/** The frame of the first-run and login screens. */
export function AuthCard({ subtitle, children }: { subtitle: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className={styles.page}>
      <Card className={styles.card}>
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
