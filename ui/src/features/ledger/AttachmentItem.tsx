import { DeleteOutlined, DownloadOutlined, EyeOutlined } from '@ant-design/icons';
import { Button, Popconfirm, Space, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Attachment } from '../../api/bindings';
import { AttachmentImage } from './AttachmentImage';
import { fileSize, isImage, isPdf } from './attachmentModel';
import { AttachmentPdf } from './AttachmentPdf';
import { useSaveFile } from '../../shared/useSaveFile';
import styles from './ledger.module.css';

type Props = {
  ownerId: string;
  attachment: Attachment;
  /** finance.write: may remove it. */
  write: boolean;
  removing: boolean;
  onRemove: () => void;
};

/** One receipt of a record: its name and size, shown (images inline, PDFs in a dialog), saved, or removed. */
export function AttachmentItem({ ownerId, attachment, write, removing, onRemove }: Props) {
  const { t } = useTranslation();
  const { save, saving } = useSaveFile();
  const [viewing, setViewing] = useState(false);
  const ref = { owner_id: ownerId, hash: attachment.hash };
  const image = isImage(attachment.mime);
  const pdf = isPdf(attachment.mime);
  const saveCopy = () => void save(attachment.hash, 'finances.attachments.get', ref);

  const actions = [
    (image || pdf) && (
      <Tooltip key="view" title={t('finance.attachments.view')}>
        <Button
          type="text"
          icon={<EyeOutlined />}
          aria-label={t('finance.attachments.view')}
          // An image opens below the name and closes again; a PDF opens a dialog.
          aria-pressed={image ? viewing : undefined}
          aria-haspopup={pdf ? 'dialog' : undefined}
          data-testid="attachment-view"
          onClick={() => setViewing(!viewing)}
        />
      </Tooltip>
    ),
    <Tooltip key="save" title={t('finance.attachments.save')}>
      <Button
        type="text"
        icon={<DownloadOutlined />}
        aria-label={t('finance.attachments.save')}
        loading={saving !== null}
        data-testid="attachment-save"
        onClick={saveCopy}
      />
    </Tooltip>,
    write && (
      <Popconfirm
        key="remove"
        title={t('finance.attachments.removeConfirm')}
        okText={t('finance.attachments.remove')}
        okButtonProps={{ danger: true }}
        cancelText={t('common.cancel')}
        onConfirm={onRemove}
      >
        <Button
          type="text"
          danger
          icon={<DeleteOutlined />}
          aria-label={t('finance.attachments.remove')}
          loading={removing}
          data-testid="attachment-remove"
        />
      </Popconfirm>
    ),
  ].filter(Boolean);

  return (
    <div className={styles.attachment} data-testid="attachment-item" data-hash={attachment.hash}>
      <div className={styles.attachmentHead}>
        <Space size={8} wrap>
          <Typography.Text data-testid="attachment-name">{attachment.file_name}</Typography.Text>
          <Typography.Text type="secondary">{fileSize(t, attachment.size)}</Typography.Text>
        </Space>
        <Space size={0}>{actions}</Space>
      </div>
      {image && viewing && <AttachmentImage ownerId={ownerId} attachment={attachment} />}
      {pdf && viewing && (
        <AttachmentPdf
          ownerId={ownerId}
          attachment={attachment}
          saving={saving !== null}
          onSave={saveCopy}
          onClose={() => setViewing(false)}
        />
      )}
    </div>
  );
}
