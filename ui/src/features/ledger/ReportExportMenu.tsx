import { DownloadOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ExportFormat, ReportExportRequest, ReportName } from '../../api/rpc';
import { useDocumentLanguage, useSaveFile } from '../../shared/useSaveFile';

/** The formats a report is written in; their names are the same in every language. */
const FORMATS: { key: ExportFormat; label: string }[] = [
  { key: 'csv', label: 'CSV' },
  { key: 'xlsx', label: 'Excel' },
  { key: 'pdf', label: 'PDF' },
];

type Props = {
  report: ReportName;
  /** What the card shows: its range or day, and what it is compared with. */
  input: Omit<ReportExportRequest, 'report' | 'format' | 'language'>;
};

/** Saves a report as the card shows it, as CSV, Excel or PDF, in the UI's language; the core writes the file. */
export function ReportExportMenu({ report, input }: Props) {
  const { t } = useTranslation();
  const language = useDocumentLanguage();
  const { save, saving } = useSaveFile();
  const testId = `report-export-${report}`;

  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: FORMATS.map(({ key, label }) => ({
          key,
          label: <span data-testid={`${testId}-${key}`}>{label}</span>,
        })),
        onClick: ({ key }) =>
          void save(key, 'finances.reports.export', { ...input, report, format: key as ExportFormat, language }),
      }}
    >
      <Button size="small" icon={<DownloadOutlined />} loading={saving !== null} data-testid={testId}>
        {t('finance.reports.export')}
      </Button>
    </Dropdown>
  );
}
