import { App, Drawer, Empty, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Attachment, MoneyEvent } from '../../api/bindings';
import { useApi } from '../../shared/session';
import { useActions } from '../../shared/useSubmit';
import { AttachmentItem } from './AttachmentItem';
import { attachmentErrorText } from './attachmentModel';
import { AttachmentUpload } from './AttachmentUpload';
import { readBase64 } from '../../shared/readBase64';
import styles from './ledger.module.css';

type Props = {
  /** The income or expense whose receipts are shown; null: closed. */
  event: MoneyEvent | null;
  /** finance.write: may attach and remove. */
  write: boolean;
  onClose: () => void;
  /** A receipt was attached or removed: reload the list. */
  onChanged: () => void;
};

/** The receipts of one income or expense: listed, attached, viewed, saved and removed. */
export function MoneyAttachments({ event, write, onClose, onChanged }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const { message } = App.useApp();
  // Busy with 'add' or with the hash of the receipt being removed.
  const actions = useActions<string>({ toast: true });
  const busy = actions.busy;
  // What the core answered last for this record, until the reloaded list catches up.
  const [latest, setLatest] = useState<MoneyEvent | null>(null);
  const shown = latest && event && latest.id === event.id ? latest : event;

  async function run(key: string, call: () => Promise<MoneyEvent>, done: string) {
    await actions.run(
      key,
      async () => {
        setLatest(await call());
        void message.success(done);
        onChanged();
      },
      (error) => attachmentErrorText(t, error),
    );
  }

  function attach(owner: MoneyEvent, file: File) {
    void run(
      'add',
      async () =>
        api.call('finances.attachments.add', {
          owner_id: owner.id,
          file_name: file.name,
          base64: await readBase64(file),
        }),
      t('finance.attachments.added'),
    );
  }

  function remove(owner: MoneyEvent, attachment: Attachment) {
    void run(
      attachment.hash,
      () => api.call('finances.attachments.remove', { owner_id: owner.id, hash: attachment.hash }),
      t('finance.attachments.removed'),
    );
  }

  return (
    <Drawer
      open={shown !== null}
      onClose={() => {
        setLatest(null);
        onClose();
      }}
      title={t('finance.attachments.title')}
      size={480}
      destroyOnHidden
    >
      {shown && (
        <Space orientation="vertical" size="middle" className={styles.fullWidth} data-testid="money-attachments">
          <Typography.Text type="secondary">
            {[shown.date, shown.amount, shown.party, shown.description].filter(Boolean).join(' · ')}
          </Typography.Text>
          {write && <AttachmentUpload busy={busy === 'add'} onPick={(file) => attach(shown, file)} />}
          {shown.attachments.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('finance.attachments.empty')} />
          ) : (
            <div data-testid="attachment-list">
              {shown.attachments.map((attachment) => (
                <AttachmentItem
                  key={attachment.hash}
                  ownerId={shown.id}
                  attachment={attachment}
                  write={write}
                  removing={busy === attachment.hash}
                  onRemove={() => remove(shown, attachment)}
                />
              ))}
            </div>
          )}
        </Space>
      )}
    </Drawer>
  );
}
