import { Alert, App, Button, Space, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConcurrentEdit, EditedValue } from '../../api/bindings';
import { useFormat } from '../../i18n/format';
import { useErrorText } from '../../shared/errors';
import { useApi } from '../../shared/session';
import styles from './detail.module.css';

/**
 * How many characters of a device id tell devices apart to a person; the whole id is in the title. They are
 * its last ones: a device id is a UUIDv7, whose first characters are the time it was made (the same for devices
 * set up within a minute of each other) and whose last are random.
 */
const DEVICE_ID_SHORT_CHARS = 8;

/** The field's name as the form calls it: `phone` → "Phone", `address.city` → "Address · City". */
function fieldLabel(t: TFunction, field: string): string {
  const known = (name: string) => {
    const key = `customers.fields.${name}`;
    return t(key as never, { defaultValue: name });
  };
  return field.split('.').map(known).join(' · ');
}

function valueText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(valueText).join(', ');
  return JSON.stringify(value);
}

type ConcurrentEditsProps = {
  customerId: string;
  /** Bumped when the record may have changed (a save here, a sync round): the list is read again. */
  version: number;
  canWrite: boolean;
};

/**
 * The fields of a customer that two devices changed at the same time (both offline, say). Every device
 * kept the same value; this says which, and who set each value, where and when, so that a person can
 * check it and confirm the kept value (or edit the record). Shows nothing when there is nothing to check.
 */
export function ConcurrentEdits({ customerId, version, canWrite }: ConcurrentEditsProps) {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormat();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [edits, setEdits] = useState<ConcurrentEdit[]>([]);
  const [settling, setSettling] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    api.call('customers.conflicts.list', { id: customerId }).then(
      (found) => current && setEdits(found),
      // The record itself shows its own load error; this panel simply stays away.
      () => current && setEdits([]),
    );
    return () => {
      current = false;
    };
  }, [api, customerId, version]);

  async function confirm(field: string) {
    setSettling(field);
    try {
      setEdits(await api.call('customers.conflicts.resolve', { id: customerId, field }));
      void message.success(t('customers.conflicts.confirmed'));
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setSettling(null);
    }
  }

  if (edits.length === 0) return null;

  const who = (value: EditedValue) => {
    const device = value.device_id ? value.device_id.slice(-DEVICE_ID_SHORT_CHARS) : '?';
    return t('customers.conflicts.by', {
      user: value.by || t('customers.conflicts.someone'),
      device,
      time: value.at_ms === null ? '—' : format.dateTime(value.at_ms),
    });
  };

  return (
    <Alert
      type="warning"
      showIcon
      className={styles.conflicts}
      data-testid="customer-conflicts"
      title={t('customers.conflicts.title')}
      description={
        <div>
          <Typography.Paragraph style={{ marginBottom: 8 }}>{t('customers.conflicts.help')}</Typography.Paragraph>
          {edits.map((edit) => (
            <div key={edit.field} className={styles.conflict} data-testid={`customer-conflict-${edit.field}`}>
              <Typography.Text strong>{fieldLabel(t, edit.field)}</Typography.Text>
              <ul className={styles.conflictValues}>
                {edit.values.map((value, i) => (
                  <li key={i} data-testid="customer-conflict-value" data-kept={value.kept}>
                    <Space size={6} wrap>
                      <Typography.Text code>{valueText(value.value)}</Typography.Text>
                      {value.kept && <Tag color="green">{t('customers.conflicts.kept')}</Tag>}
                      <Typography.Text type="secondary" title={value.device_id ?? undefined}>
                        {who(value)}
                      </Typography.Text>
                    </Space>
                  </li>
                ))}
              </ul>
              {canWrite && (
                <Button
                  size="small"
                  loading={settling === edit.field}
                  onClick={() => void confirm(edit.field)}
                  data-testid={`customer-conflict-confirm-${edit.field}`}
                >
                  {t('customers.conflicts.confirm')}
                </Button>
              )}
            </div>
          ))}
        </div>
      }
    />
  );
}
