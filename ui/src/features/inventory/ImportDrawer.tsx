import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Drawer, Form, Progress, Result, Select, Space, Table, Typography } from 'antd';
import { useRef, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportPreview, ProductImportReport, RowError } from '../../api/bindings';
import { onShellEvent, PROGRESS_EVENT, toApiError, type Progress as ProgressReport } from '../../api/rpc';
import { reasonText, useErrorText } from '../../shared/errors';
import { useApi, useCan } from '../../shared/session';
import { readBase64 } from '../../shared/readBase64';
import { inventoryChanged } from './inventoryVersion';
import styles from './inventory.module.css';

/** What a column may fill, in the order the mapping asks for them; `name` and `price` are needed. */
const FIELDS = ['name', 'price', 'sku', 'barcode', 'cost', 'unit', 'category', 'description'] as const;
type Field = (typeof FIELDS)[number];
const REQUIRED: readonly Field[] = ['name', 'price'];

/** The files the core reads products from. */
const ACCEPT = '.csv,.xlsx,.xls,.ods';

type Picked = { file_name: string; base64: string };
type Mapping = Partial<Record<Field, string>>;

type Props = { open: boolean; onClose: () => void };

/** The task names `inventory.products.import` reports progress under. */
function taskKey(task: string): 'check' | 'write' {
  return task === 'products.import.write' ? 'write' : 'check';
}

/**
 * Imports products from a spreadsheet (inventory.manage): pick the file, check the first rows and which column
 * fills which field, import with a progress bar. The core takes all rows or none: every bad row is listed by its
 * row number and column.
 */
export function ImportDrawer({ open, onClose }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const can = useCan();
  const errorText = useErrorText();
  const picker = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<Picked | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const [updateExisting, setUpdateExisting] = useState(false);
  const [reading, setReading] = useState(false);
  const [importing, setImporting] = useState(false);
  const [progress, setProgress] = useState<ProgressReport | null>(null);
  const [report, setReport] = useState<ProductImportReport | null>(null);
  const [rowErrors, setRowErrors] = useState<RowError[]>([]);
  const [error, setError] = useState<string | null>(null);
  // Only those who see costs may import them.
  const fields = FIELDS.filter((field) => field !== 'cost' || can('costs.read'));
  const missing = REQUIRED.filter((field) => !mapping[field]);

  function reset() {
    setFile(null);
    setPreview(null);
    setMapping({});
    setUpdateExisting(false);
    setProgress(null);
    setReport(null);
    setRowErrors([]);
    setError(null);
  }

  async function pick(chosen: File) {
    reset();
    setReading(true);
    try {
      const picked = { file_name: chosen.name, base64: await readBase64(chosen) };
      const previewed = await api.call('inventory.products.import_preview', picked);
      setFile(picked);
      setPreview(previewed);
      setMapping(
        Object.fromEntries(
          fields.flatMap((field) => (previewed.mapping[field] ? [[field, previewed.mapping[field]]] : [])),
        ) as Mapping,
      );
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setReading(false);
    }
  }

  async function runImport() {
    if (!file) return;
    setImporting(true);
    setProgress(null);
    setRowErrors([]);
    setError(null);
    const stopListening = await onShellEvent<ProgressReport>(PROGRESS_EVENT, setProgress);
    try {
      const chosen = Object.fromEntries(Object.entries(mapping).filter(([, header]) => header)) as Record<
        string,
        string
      >;
      setReport(
        await api.callWithProgress('inventory.products.import', {
          ...file,
          mapping: chosen,
          ...(updateExisting ? { update_existing: true } : {}),
        }),
      );
      inventoryChanged();
    } catch (failure) {
      const apiError = toApiError(failure);
      if (apiError.details.length > 0) setRowErrors(apiError.details);
      else setError(apiError.code === 'validation' ? reasonText(t, apiError) : errorText(apiError));
    } finally {
      stopListening();
      setImporting(false);
    }
  }

  const percent = progress && progress.total > 0 ? Math.floor((progress.done * 100) / progress.total) : 0;

  return (
    <Drawer
      open={open}
      size={860}
      title={t('inventory.import.title')}
      onClose={() => {
        if (importing) return;
        reset();
        onClose();
      }}
      destroyOnHidden
      data-testid="inv-import-drawer"
    >
      <input
        ref={picker}
        type="file"
        accept={ACCEPT}
        className={styles.hiddenInput}
        data-testid="inv-import-file"
        onChange={(event) => {
          const chosen = event.target.files?.[0];
          event.target.value = '';
          if (chosen) void pick(chosen);
        }}
      />
      {report ? (
        <Result
          status="success"
          title={t('inventory.import.done')}
          subTitle={
            <span data-testid="inv-import-report">
              {t('inventory.import.report', {
                created: report.created,
                updated: report.updated,
                categories: report.categories_created,
              })}
            </span>
          }
          extra={
            <Button
              type="primary"
              onClick={() => {
                reset();
                onClose();
              }}
              data-testid="inv-import-close"
            >
              {t('inventory.import.close')}
            </Button>
          }
        />
      ) : (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary">{t('inventory.import.help')}</Typography.Paragraph>
          <Space wrap>
            <Button
              icon={<UploadOutlined />}
              loading={reading}
              disabled={importing}
              onClick={() => picker.current?.click()}
              data-testid="inv-import-pick"
            >
              {t(file ? 'inventory.import.pickAnother' : 'inventory.import.pick')}
            </Button>
            {file && <Typography.Text data-testid="inv-import-file-name">{file.file_name}</Typography.Text>}
          </Space>
          {error && <Alert type="error" showIcon title={error} data-testid="inv-import-error" />}
          {preview && (
            <>
              <Typography.Text data-testid="inv-import-total">
                {t('inventory.import.rows', { count: preview.total_rows, shown: preview.rows.length })}
              </Typography.Text>
              <Table<string[]>
                data-testid="inv-import-preview"
                size="small"
                pagination={false}
                scroll={{ x: 'max-content' }}
                rowKey={(_row, index) => String(index)}
                dataSource={preview.rows}
                columns={preview.headers.map((header, i) => ({
                  title: header,
                  key: `${i}`,
                  render: (_value: unknown, row: string[]) => row[i] ?? '',
                }))}
              />
              <Form layout="horizontal" labelCol={{ span: 6 }} wrapperCol={{ span: 12 }}>
                {fields.map((field) => (
                  <Form.Item
                    key={field}
                    label={t(`inventory.import.fields.${field}`)}
                    required={REQUIRED.includes(field)}
                    className={styles.lineItem}
                  >
                    <Select<string>
                      data-testid={`inv-import-map-${field}`}
                      allowClear
                      placeholder={t('inventory.import.notImported')}
                      value={mapping[field]}
                      disabled={importing}
                      onChange={(header) => setMapping((before) => ({ ...before, [field]: header }))}
                      options={preview.headers.map((header) => ({ value: header, label: header }))}
                    />
                  </Form.Item>
                ))}
                <Form.Item wrapperCol={{ offset: 6, span: 12 }}>
                  <Checkbox
                    checked={updateExisting}
                    disabled={importing}
                    onChange={(event) => setUpdateExisting(event.target.checked)}
                    data-testid="inv-import-update-existing"
                  >
                    {t('inventory.import.updateExisting')}
                  </Checkbox>
                </Form.Item>
              </Form>
              {missing.length > 0 && (
                <Alert
                  type="warning"
                  showIcon
                  title={t('inventory.import.needs', {
                    fields: missing
                      .map((field) => t(`inventory.import.fields.${field}`))
                      .join(t('inventory.import.and')),
                  })}
                />
              )}
              {importing && (
                <div data-testid="inv-import-progress" data-percent={percent}>
                  <Typography.Text type="secondary" data-testid="inv-import-task">
                    {progress
                      ? t(`inventory.import.tasks.${taskKey(progress.task)}`, {
                          done: progress.done,
                          total: progress.total,
                        })
                      : t('inventory.import.starting')}
                  </Typography.Text>
                  <Progress percent={percent} status="active" />
                </div>
              )}
              {rowErrors.length > 0 && (
                <>
                  <Alert
                    type="error"
                    showIcon
                    title={t('inventory.import.rowErrors', { count: new Set(rowErrors.map((e) => e.row)).size })}
                    data-testid="inv-import-row-errors-title"
                  />
                  <Table<RowError>
                    data-testid="inv-import-row-errors"
                    size="small"
                    pagination={rowErrors.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
                    rowKey={(rowError, index) => `${rowError.row}:${rowError.field ?? ''}:${index}`}
                    dataSource={rowErrors}
                    onRow={(rowError) =>
                      ({
                        'data-testid': 'inv-import-row-error',
                        'data-row': rowError.row,
                        'data-field': rowError.field ?? '',
                      }) as HTMLAttributes<HTMLElement>
                    }
                    columns={[
                      { title: t('inventory.import.columns.row'), dataIndex: 'row', width: 80 },
                      {
                        title: t('inventory.import.columns.column'),
                        dataIndex: 'field',
                        width: 160,
                        render: (field: string | null) => field ?? '—',
                      },
                      {
                        title: t('inventory.import.columns.problem'),
                        key: 'message',
                        render: (_value: unknown, rowError: RowError) =>
                          rowError.reason ? (
                            <>
                              {reasonText(t, rowError)}
                              <Typography.Text type="secondary" className={styles.secondary}>
                                {rowError.message}
                              </Typography.Text>
                            </>
                          ) : (
                            rowError.message
                          ),
                      },
                    ]}
                  />
                </>
              )}
              <Button
                type="primary"
                loading={importing}
                disabled={missing.length > 0}
                onClick={() => void runImport()}
                data-testid="inv-import-submit"
              >
                {t('inventory.import.submit', { count: preview.total_rows })}
              </Button>
            </>
          )}
        </Space>
      )}
    </Drawer>
  );
}
