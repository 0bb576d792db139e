import { Modal, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApiError, RowError } from '../../api/rpc';
import { reasonText } from '../../shared/errors';

/** The rows a rejected CSV import complained about; nothing was imported. */
export function ImportErrorsModal({ error, onClose }: { error: ApiError | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open={error !== null}
      onCancel={onClose}
      onOk={onClose}
      cancelButtonProps={{ style: { display: 'none' } }}
      title={t('customers.import.failedTitle')}
      width={640}
    >
      <Typography.Paragraph>
        {t('customers.import.failedIntro', { count: error?.details.length ?? 0 })}
      </Typography.Paragraph>
      <Table<RowError>
        data-testid="import-errors"
        size="small"
        rowKey={(row) => `${row.row}:${row.field ?? ''}:${row.message}`}
        dataSource={error?.details ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        columns={[
          { title: t('customers.import.row'), dataIndex: 'row', width: 80 },
          { title: t('customers.import.field'), dataIndex: 'field', width: 140 },
          { title: t('customers.import.message'), key: 'reason', render: (_, row) => reasonText(t, row) },
        ]}
      />
    </Modal>
  );
}
