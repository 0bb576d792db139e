import { Alert, Button, Drawer, Space, type FormInstance } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useCloseGuard } from '../../shared/useCloseGuard';
import styles from './inventory.module.css';

type Props = {
  open: boolean;
  onClose: () => void;
  /** The drawer's form: closing it with something typed asks first. */
  form: FormInstance;
  size: number;
  title: ReactNode;
  /** The primary button's words; pressing it calls `onSubmit` (the caller submits its form). */
  submitLabel: ReactNode;
  onSubmit: () => void;
  busy: boolean;
  /** What the core refused, shown above the form; `null` when nothing was. */
  error: string | null;
  /** `<testId>-submit` for the button, `<testId>-error` for the refusal. */
  testId: string;
  children: ReactNode;
};

/**
 * The drawer an inventory form opens in: kept mounted (its form keeps its instance), with cancel and submit at the
 * foot and the core's refusal, if any, above the fields.
 */
export function FormDrawer({
  open,
  onClose,
  form,
  size,
  title,
  submitLabel,
  onSubmit,
  busy,
  error,
  testId,
  children,
}: Props) {
  const { t } = useTranslation();
  const close = useCloseGuard(form, onClose, open);
  return (
    <Drawer
      open={open}
      onClose={close}
      keyboard={false}
      size={size}
      title={title}
      forceRender
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={close}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={onSubmit} data-testid={`${testId}-submit`}>
            {submitLabel}
          </Button>
        </Space>
      }
    >
      {error && (
        <Alert type="error" showIcon title={error} className={styles.formAlert} data-testid={`${testId}-error`} />
      )}
      {children}
    </Drawer>
  );
}
