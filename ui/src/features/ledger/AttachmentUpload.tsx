import { PaperClipOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { RECEIPT_TYPES } from './attachmentModel';

type Props = { busy: boolean; onPick: (file: File) => void };

/** Picks a receipt to attach: a PNG, JPEG or WebP image or a PDF. */
export function AttachmentUpload({ busy, onPick }: Props) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        hidden
        accept={RECEIPT_TYPES}
        data-testid="attachment-upload"
        onChange={(event) => {
          const file = event.target.files?.[0];
          // Picking the same file again should send it again.
          event.target.value = '';
          if (file) onPick(file);
        }}
      />
      <Button icon={<PaperClipOutlined />} loading={busy} onClick={() => input.current?.click()}>
        {t('finance.attachments.attach')}
      </Button>
    </>
  );
}
