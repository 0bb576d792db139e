import { DownOutlined, FilePdfOutlined } from '@ant-design/icons';
import { Button, Dropdown, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentLanguage } from '../../api/rpc';
import { useSaveFile } from '../../shared/useSaveFile';

/** Language names are shown in their own language, so either can be found whatever the UI's is. */
const LANGUAGES: { key: DocumentLanguage; label: string }[] = [
  { key: 'zh', label: '中文' },
  { key: 'en', label: 'English' },
];

/**
 * Saves an invoice or credit note as a PDF, in Chinese or English, where the user picks; then says where it
 * went. The core writes the PDF: anyone who can see the invoice may.
 */
export function InvoicePdfButton({ invoiceId }: { invoiceId: string }) {
  const { t } = useTranslation();
  const { save, saving } = useSaveFile();
  const [saved, setSaved] = useState<{ id: string; path: string } | null>(null);

  async function pick(language: DocumentLanguage) {
    const file = await save(language, 'finances.invoices.pdf', { id: invoiceId, language });
    if (file) setSaved({ id: invoiceId, path: file.path });
  }

  return (
    <Space wrap>
      <Dropdown
        trigger={['click']}
        menu={{
          items: LANGUAGES.map(({ key, label }) => ({
            key,
            // On the label: a driver clicks what it can find.
            label: <span data-testid={`invoice-pdf-${key}`}>{label}</span>,
          })),
          onClick: ({ key }) => void pick(key as DocumentLanguage),
        }}
      >
        <Button icon={<FilePdfOutlined />} loading={saving !== null} data-testid="invoice-pdf">
          {t('finance.invoices.pdf')} <DownOutlined />
        </Button>
      </Dropdown>
      {saved?.id === invoiceId && (
        <Typography.Text type="secondary" data-testid="invoice-pdf-saved">
          {t('finance.files.saved', { path: saved.path })}
        </Typography.Text>
      )}
    </Space>
  );
}
