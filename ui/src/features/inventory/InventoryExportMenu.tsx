import { DownloadOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ExportFormat, InventoryExportRequest, InventoryReportName } from '../../api/rpc';
import { useDocumentLanguage, useSaveFile } from '../../shared/useSaveFile';

/** The formats a report is written in; their names are the same in every language. */
const FORMATS: { key: ExportFormat; label: string }[] = [
  { key: 'csv', label: 'CSV' },
  { key: 'xlsx', label: 'Excel' },
  { key: 'pdf', label: 'PDF' },
];

type Props = {
  report: InventoryReportName;
  /** What the screen shows: its range, days, location or valuation method. */
  input?: Omit<InventoryExportRequest, 'report' | 'format' | 'language'>;
};

/** Saves an inventory report as shown, as CSV, Excel or PDF, in the UI's language; the core writes the file. */
export function InventoryExportMenu({ report, input = {} }: Props) {
  const { t } = useTranslation();
  const language = useDocumentLanguage();
  const { save, saving } = useSaveFile();
  const testId = `inv-export-${report}`;

  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: FORMATS.map(({ key, label }) => ({
          key,
          label: <span data-testid={`${testId}-${key}`}>{label}</span>,
        })),
        onClick: ({ key }) =>
          void save(key, 'inventory.reports.export', { ...input, report, format: key as ExportFormat, language }),
      }}
    >
      <Button icon={<DownloadOutlined />} loading={saving !== null} data-testid={testId}>
        {t('inventory.reports.export')}
      </Button>
    </Dropdown>
  );
}
