import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Space, Table, Tag } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { ArchiveButton } from '../../shared/ArchiveButton';
import type { Tax } from '../../api/bindings';
import { useErrorText } from '../../shared/errors';
import { useApi, useCan } from '../../shared/session';
import { InvoiceSeriesCard } from './InvoiceSeriesCard';
import { InvoiceSettingsCard } from './InvoiceSettingsCard';
import type { BooksTabProps } from '../ledger/model';
import { TaxFormDrawer } from '../ledger/TaxFormDrawer';
import { TaxPresetInstall } from '../ledger/TaxPresetInstall';
import pageLayout from '../../shared/page.module.css';

type Props = BooksTabProps & {
  loading: boolean;
  /** Tax rounding or payment terms changed: read the settings again. */
  onSettingsChanged: () => void;
};

/**
 * Taxes, this device's invoice numbering, tax rounding and payment terms. Everyone reading the books sees
 * them; finance.manage adds taxes (one by one or from a preset), archives them and changes the rest.
 */
export function TaxesTab({ settings, taxes, loading, version, onChanged, onSettingsChanged }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const can = useCan();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [adding, setAdding] = useState(false);
  const [showArchived, setShowArchived] = useState(false);
  const [switching, setSwitching] = useState<string | null>(null);
  const manage = can('finance.manage');
  const sales = can('sales.read');
  const shown = taxes.filter((tax) => showArchived || !tax.archived);

  async function setArchived(tax: Tax, archived: boolean) {
    setSwitching(tax.id);
    try {
      await api.call('finances.taxes.update', { id: tax.id, archived });
      void message.success(
        t(archived ? 'finance.taxes.archivedDone' : 'finance.taxes.unarchivedDone', { tax: tax.name }),
      );
      onChanged();
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setSwitching(null);
    }
  }

  return (
    <div className={pageLayout.page}>
      {sales && (
        <Card size="small" title={t('finance.taxes.title')}>
          <div className={pageLayout.page}>
            <div className={pageLayout.toolbar}>
              <Space wrap>
                {manage && <TaxPresetInstall onInstalled={onChanged} />}
                <Checkbox
                  checked={showArchived}
                  onChange={(event) => setShowArchived(event.target.checked)}
                  data-testid="taxes-show-archived"
                >
                  {t('finance.accounts.showArchived')}
                </Checkbox>
              </Space>
              {manage && (
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="tax-add">
                  {t('finance.taxes.add')}
                </Button>
              )}
            </div>
            <Table<Tax>
              data-testid="taxes-table"
              rowKey="id"
              size="small"
              loading={loading}
              dataSource={shown}
              pagination={false}
              locale={{ emptyText: t('finance.taxes.empty') }}
              onRow={(tax) => ({ 'data-testid': 'tax-row', 'data-id': tax.id }) as HTMLAttributes<HTMLElement>}
              columns={[
                { title: t('finance.taxes.columns.name'), dataIndex: 'name' },
                {
                  title: t('finance.taxes.columns.rate'),
                  dataIndex: 'rate',
                  align: 'right',
                  width: 100,
                  render: (rate: string) => `${rate}%`,
                },
                {
                  title: t('finance.taxes.columns.components'),
                  key: 'components',
                  render: (_value, tax) =>
                    tax.components.length > 1 ? tax.components.map((c) => `${c.name} ${c.rate}%`).join(' + ') : '',
                },
                {
                  title: t('finance.accounts.columns.status'),
                  dataIndex: 'archived',
                  width: 110,
                  render: (archived: boolean) =>
                    archived ? (
                      <Tag data-testid="tax-archived">{t('finance.accounts.archived')}</Tag>
                    ) : (
                      <Tag color="success">{t('finance.accounts.active')}</Tag>
                    ),
                },
                ...(manage
                  ? [
                      {
                        title: '',
                        key: 'actions',
                        width: 70,
                        align: 'right' as const,
                        render: (_value: unknown, tax: Tax) => (
                          <ArchiveButton
                            archived={tax.archived}
                            loading={switching === tax.id}
                            onChange={(archived) => void setArchived(tax, archived)}
                            archiveLabel={t('finance.accounts.archive')}
                            restoreLabel={t('finance.accounts.unarchive')}
                            confirmTitle={t('finance.taxes.archiveConfirm', { tax: tax.name })}
                            confirmHelp={t('finance.taxes.archiveHelp')}
                            archiveTestId="tax-archive"
                            restoreTestId="tax-unarchive"
                          />
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </div>
        </Card>
      )}
      {sales && <InvoiceSeriesCard version={version} />}
      <InvoiceSettingsCard settings={settings} onChanged={onSettingsChanged} />
      <TaxFormDrawer
        open={adding}
        onClose={() => setAdding(false)}
        onSaved={(tax) => {
          void message.success(t('finance.taxes.created', { tax: tax.name }));
          setAdding(false);
          onChanged();
        }}
      />
    </div>
  );
}
