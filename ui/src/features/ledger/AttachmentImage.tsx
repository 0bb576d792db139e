import { Alert, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Attachment } from '../../api/bindings';
import { attachmentErrorText } from './attachmentModel';
import { useCommand } from '../../shared/useCommand';
import styles from './ledger.module.css';

type Props = { ownerId: string; attachment: Attachment };

/** An image receipt, read from the core and shown inline (the CSP allows `data:` images). */
export function AttachmentImage({ ownerId, attachment }: Props) {
  const { t } = useTranslation();
  const loaded = useCommand('finances.attachments.get', { owner_id: ownerId, hash: attachment.hash }, 0);
  if (loaded.error !== null)
    return (
      <Alert type="warning" showIcon data-testid="attachment-error" title={attachmentErrorText(t, loaded.error)} />
    );
  const file = loaded.output;
  if (!file) return <Spin size="small" />;
  return (
    <img
      className={styles.receipt}
      data-testid="attachment-image"
      alt={file.file_name}
      src={`data:${file.mime};base64,${file.base64}`}
    />
  );
}
