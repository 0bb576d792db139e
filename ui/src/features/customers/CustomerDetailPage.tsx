import {
  ArrowLeftOutlined,
  DeleteOutlined,
  DownloadOutlined,
  EditOutlined,
  InboxOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Popconfirm, Result, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Address, Customer, TimelineItem } from '../../api/bindings';
import { toApiError, type ApiError } from '../../api/rpc';
import { downloadText } from '../../shared/download';
import { useErrorText } from '../../shared/errors';
import { navigate } from '../../shared/router';
import { useFormat } from '../../i18n/format';
import { useApi, useCan } from '../../shared/session';
import { useDataVersion } from '../../shared/dataVersion';
import { ConcurrentEdits } from './ConcurrentEdits';
import { CustomerFormDrawer } from './CustomerFormDrawer';
import { CustomerTimeline } from './CustomerTimeline';
import { TimelineComposer } from './TimelineComposer';
import styles from './detail.module.css';

function addressLines(address: Address): string[] {
  const place = [address.postal_code, address.city, address.region].filter(Boolean).join(' ');
  return [address.line1, address.line2, place, address.country].filter(Boolean);
}

export function CustomerDetailPage({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const can = useCan();
  const canWrite = can('customers.write');
  const format = useFormat();
  const errorText = useErrorText();
  const { message, modal } = App.useApp();
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [timeline, setTimeline] = useState<TimelineItem[] | null>(null);
  const [timelineError, setTimelineError] = useState<ApiError | null>(null);
  const [editing, setEditing] = useState(false);
  const [archiving, setArchiving] = useState(false);
  const [exporting, setExporting] = useState(false);

  const [timelineVersion, setTimelineVersion] = useState(0);
  /** Bumped by a save here: the concurrent-edits panel reads again (an edit may settle a field). */
  const [savedVersion, setSavedVersion] = useState(0);
  const dataVersion = useDataVersion();

  useEffect(() => {
    let current = true;
    api.call('customers.get', { id: customerId }).then(
      (loaded) => current && setCustomer(loaded),
      (error: unknown) => current && setLoadError(toApiError(error)),
    );
    return () => {
      current = false;
    };
  }, [api, customerId, dataVersion]);

  useEffect(() => {
    let current = true;
    api.call('customers.timeline', { customer_id: customerId }).then(
      (items) => {
        if (!current) return;
        setTimeline(items);
        setTimelineError(null);
      },
      (error: unknown) => current && setTimelineError(toApiError(error)),
    );
    return () => {
      current = false;
    };
  }, [api, customerId, timelineVersion, dataVersion]);

  async function toggleArchived(target: Customer) {
    setArchiving(true);
    try {
      const command = target.archived ? 'customers.unarchive' : 'customers.archive';
      const updated = await api.call(command, { id: target.id });
      setCustomer(updated);
      void message.success(
        updated.archived ? t('customers.detail.archivedDone') : t('customers.detail.unarchivedDone'),
      );
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setArchiving(false);
    }
  }

  async function exportPersonalData(target: Customer) {
    setExporting(true);
    try {
      const data = await api.call('customers.gdpr.export', { id: target.id });
      downloadText(`customer-${target.id}.json`, JSON.stringify(data, null, 2), 'application/json;charset=utf-8');
      void message.success(t('customers.detail.exported'));
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setExporting(false);
    }
  }

  function confirmErase(target: Customer) {
    modal.confirm({
      title: t('customers.detail.eraseConfirmTitle'),
      content: t('customers.detail.eraseConfirm'),
      okText: t('customers.detail.eraseOk'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      // Returning the promise keeps the dialog open, its button spinning, until the core answers.
      onOk: async () => {
        try {
          await api.call('customers.gdpr.erase', { id: target.id });
          // Reloaded, not taken from the answer: what the detail shows is what the core now holds.
          setCustomer(await api.call('customers.get', { id: target.id }));
          setTimelineVersion((v) => v + 1);
          void message.success(t('customers.detail.erasedDone'));
        } catch (error) {
          void message.error(errorText(error));
        }
      },
    });
  }

  const back = (
    <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate('customers')} className={styles.back}>
      {t('customers.detail.back')}
    </Button>
  );

  if (loadError) {
    return (
      <div>
        {back}
        <Result
          status={loadError.code === 'not_found' ? '404' : 'error'}
          title={loadError.code === 'not_found' ? t('customers.detail.notFound') : errorText(loadError)}
        />
      </div>
    );
  }
  if (!customer) {
    return (
      <div className={styles.loading}>
        <Spin />
      </div>
    );
  }

  // An erased record keeps only its id and dates: there is nothing left to edit.
  const writable = canWrite && !customer.erased;
  const canExport = can('customers.export');
  const canErase = can('customers.erase') && !customer.erased;
  const lines = addressLines(customer.address);
  const dash = <Typography.Text type="secondary">—</Typography.Text>;

  return (
    <div className={styles.page}>
      {back}
      <div className={styles.header}>
        <Space align="center" size="middle" wrap>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="customer-detail-name">
            {customer.name}
          </Typography.Title>
          {customer.erased && (
            <Tag color="red" data-testid="customer-detail-erased">
              {t('customers.erased')}
            </Tag>
          )}
          {customer.archived && (
            <Tag color="default" data-testid="customer-detail-archived">
              {t('customers.archived')}
            </Tag>
          )}
        </Space>
        {writable && (
          <Space>
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="customer-edit">
              {t('common.edit')}
            </Button>
            {customer.archived ? (
              <Button
                icon={<UndoOutlined />}
                loading={archiving}
                onClick={() => void toggleArchived(customer)}
                data-testid="customer-unarchive"
              >
                {t('customers.detail.unarchive')}
              </Button>
            ) : (
              <Popconfirm
                title={t('customers.detail.archiveConfirm')}
                okText={t('customers.detail.archive')}
                cancelText={t('common.cancel')}
                onConfirm={() => void toggleArchived(customer)}
              >
                <Button icon={<InboxOutlined />} loading={archiving} data-testid="customer-archive">
                  {t('customers.detail.archive')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        )}
      </div>

      <ConcurrentEdits customerId={customer.id} version={dataVersion + savedVersion} canWrite={writable} />

      <div className={styles.columns}>
        <div className={styles.side}>
          <Card title={t('customers.detail.details')} className={styles.detailsCard}>
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'email', label: t('customers.fields.email'), children: customer.email || dash },
                { key: 'phone', label: t('customers.fields.phone'), children: customer.phone || dash },
                {
                  key: 'address',
                  label: t('customers.fields.address'),
                  children: lines.length ? (
                    <div>
                      {lines.map((line, i) => (
                        <div key={i}>{line}</div>
                      ))}
                    </div>
                  ) : (
                    dash
                  ),
                },
                { key: 'tax_id', label: t('customers.fields.tax_id'), children: customer.tax_id || dash },
                {
                  key: 'tags',
                  label: t('customers.fields.tags'),
                  children: customer.tags.length ? (
                    <Space size={[4, 4]} wrap>
                      {customer.tags.map((tag) => (
                        <Tag key={tag} color="blue">
                          {tag}
                        </Tag>
                      ))}
                    </Space>
                  ) : (
                    dash
                  ),
                },
                {
                  key: 'created',
                  label: t('customers.fields.created'),
                  children: format.dateTime(customer.created_at_ms),
                },
                {
                  key: 'updated',
                  label: t('customers.fields.updated'),
                  children: format.dateTime(customer.updated_at_ms),
                },
              ]}
            />
          </Card>

          {(canExport || canErase || customer.erased) && (
            <Card title={t('customers.detail.privacy')} data-testid="customer-privacy">
              <Typography.Paragraph type="secondary">
                {customer.erased ? t('customers.detail.erasedHelp') : t('customers.detail.privacyHelp')}
              </Typography.Paragraph>
              <Space wrap>
                {canExport && (
                  <Button
                    icon={<DownloadOutlined />}
                    loading={exporting}
                    onClick={() => void exportPersonalData(customer)}
                    data-testid="customer-gdpr-export"
                  >
                    {t('customers.detail.exportData')}
                  </Button>
                )}
                {canErase && (
                  <Button
                    danger
                    icon={<DeleteOutlined />}
                    onClick={() => confirmErase(customer)}
                    data-testid="customer-gdpr-erase"
                  >
                    {t('customers.detail.erase')}
                  </Button>
                )}
              </Space>
            </Card>
          )}
        </div>

        <Card title={t('customers.timeline.title')} className={styles.timelineCard}>
          {writable && <TimelineComposer customerId={customer.id} onAdded={() => setTimelineVersion((v) => v + 1)} />}
          {timelineError && <Alert type="error" showIcon title={errorText(timelineError)} />}
          {timeline === null && !timelineError ? <Spin /> : <CustomerTimeline items={timeline ?? []} />}
        </Card>
      </div>

      <CustomerFormDrawer
        open={editing}
        customer={customer}
        onClose={() => setEditing(false)}
        onSaved={(saved) => {
          setEditing(false);
          setCustomer(saved);
          setSavedVersion((v) => v + 1);
          void message.success(t('customers.form.saved'));
        }}
      />
    </div>
  );
}
