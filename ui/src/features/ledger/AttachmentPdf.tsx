import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Space, Spin } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Attachment } from '../../api/bindings';
import { attachmentErrorText, PDF_PAGES_MAX } from './attachmentModel';
import { openPdf, type PdfDocument } from './pdfRender';
import { base64Bytes } from '../../shared/readBase64';
import { useCommand } from '../../shared/useCommand';
import styles from './ledger.module.css';

type Props = {
  ownerId: string;
  attachment: Attachment;
  /** Saving a copy (the list's own save action, offered here too). */
  saving: boolean;
  onSave: () => void;
  onClose: () => void;
};

/**
 * A PDF receipt in a dialog: read from the core, drawn page by page by pdf.js, and saved from there too. Mounted
 * only while open: closing unmounts it at once, which frees the document and stops any page still being drawn
 * (a dialog closing with an animation keeps its content until the animation ends).
 */
export function AttachmentPdf({ ownerId, attachment, saving, onSave, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal
      open
      onCancel={onClose}
      title={attachment.file_name}
      width="min(880px, 92vw)"
      // Near the top, so the pages and the footer's buttons fit a laptop's screen.
      style={{ top: 24 }}
      footer={[
        <Button
          key="save"
          icon={<DownloadOutlined />}
          loading={saving}
          onClick={onSave}
          data-testid="attachment-pdf-save"
        >
          {t('finance.attachments.save')}
        </Button>,
        <Button key="close" type="primary" onClick={onClose} data-testid="attachment-pdf-close">
          {t('common.close')}
        </Button>,
      ]}
    >
      <div data-testid="attachment-pdf-viewer">
        <PdfFile ownerId={ownerId} attachment={attachment} />
      </div>
    </Modal>
  );
}

function PdfFile({ ownerId, attachment }: { ownerId: string; attachment: Attachment }) {
  const { t } = useTranslation();
  const loaded = useCommand('finances.attachments.get', { owner_id: ownerId, hash: attachment.hash }, 0);
  if (loaded.error !== null)
    return (
      <Alert type="warning" showIcon data-testid="attachment-error" title={attachmentErrorText(t, loaded.error)} />
    );
  if (!loaded.output) return <Spin data-testid="attachment-pdf-loading" />;
  return <PdfPages base64={loaded.output.base64} />;
}

/** What pdf.js made of which bytes: the document, or null when it could not read them. */
type Opened = { bytes: Uint8Array; pdf: PdfDocument | null };

function PdfPages({ base64 }: { base64: string }) {
  const { t } = useTranslation();
  const bytes = useMemo(() => base64Bytes(base64), [base64]);
  const [opened, setOpened] = useState<Opened | null>(null);
  const [pageFailed, setPageFailed] = useState(false);
  const pagesRef = useRef<HTMLDivElement>(null);
  const canvases = useRef<(HTMLCanvasElement | null)[]>([]);

  useEffect(() => {
    let current = true;
    let pdf: PdfDocument | null = null;
    openPdf(bytes).then(
      (loaded) => {
        if (!current) {
          void loaded.destroy();
          return;
        }
        pdf = loaded;
        setOpened({ bytes, pdf: loaded });
      },
      () => current && setOpened({ bytes, pdf: null }),
    );
    return () => {
      current = false;
      void pdf?.destroy();
    };
  }, [bytes]);

  const answer = opened?.bytes === bytes ? opened : null;
  const pdf = answer?.pdf ?? null;
  const shown = pdf ? Math.min(pdf.pageCount, PDF_PAGES_MAX) : 0;

  useEffect(() => {
    if (!pdf) return;
    let current = true;
    // The dialog's width, measured once: a canvas is then scaled by CSS if the window changes.
    const width_px = pagesRef.current?.clientWidth ?? 0;
    void (async () => {
      // One page at a time, in order: the first shows soonest, and memory holds one page being drawn.
      for (let page = 1; page <= shown && current; page++) {
        const canvas = canvases.current[page - 1];
        if (!canvas) return;
        try {
          await pdf.renderPage(page, canvas, width_px);
        } catch {
          // One damaged page: the others may still draw.
          if (current) setPageFailed(true);
        }
      }
    })();
    return () => {
      current = false;
    };
  }, [pdf, shown]);

  if (answer && !answer.pdf)
    return (
      <Alert type="warning" showIcon data-testid="attachment-error" title={t('finance.attachments.pdfUnreadable')} />
    );
  if (!pdf) return <Spin data-testid="attachment-pdf-loading" />;
  return (
    <Space orientation="vertical" size="middle" className={styles.fullWidth}>
      {pdf.pageCount > shown && (
        <Alert
          type="info"
          showIcon
          data-testid="attachment-pdf-capped"
          title={t('finance.attachments.pdfCapped', { shown, total: pdf.pageCount })}
        />
      )}
      {pageFailed && (
        <Alert type="warning" showIcon data-testid="attachment-error" title={t('finance.attachments.pdfPageFailed')} />
      )}
      <div ref={pagesRef} className={styles.pdfPages} data-testid="attachment-pdf-pages">
        {Array.from({ length: shown }, (_, index) => (
          <canvas
            key={index}
            ref={(canvas) => {
              canvases.current[index] = canvas;
            }}
            className={styles.pdfPage}
            role="img"
            aria-label={t('finance.attachments.pdfPage', { page: index + 1 })}
            data-testid="attachment-pdf-page"
          />
        ))}
      </div>
    </Space>
  );
}
