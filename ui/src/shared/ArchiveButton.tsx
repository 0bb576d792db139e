import { CheckCircleOutlined, InboxOutlined } from '@ant-design/icons';
import { Button, Popconfirm, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';

type Props = {
  archived: boolean;
  /** The change is under way (the button spins). */
  loading: boolean;
  /** Archives (`true`, once confirmed) or restores (`false`, at once). */
  onChange: (archived: boolean) => void;
  /** The two buttons' labels and the confirm's title and explanation, in the caller's words. */
  archiveLabel: string;
  restoreLabel: string;
  confirmTitle: string;
  confirmHelp: string;
  /** The buttons' test ids: `archiveTestId`, and `restoreTestId` for the one shown once archived. */
  archiveTestId: string;
  restoreTestId: string;
};

/**
 * A list row's archive switch: an icon button that archives after a confirm saying what archiving does, or, on
 * an archived row, restores at once.
 */
export function ArchiveButton({
  archived,
  loading,
  onChange,
  archiveLabel,
  restoreLabel,
  confirmTitle,
  confirmHelp,
  archiveTestId,
  restoreTestId,
}: Props) {
  const { t } = useTranslation();
  if (archived) {
    return (
      <Tooltip title={restoreLabel}>
        <Button
          type="text"
          icon={<CheckCircleOutlined />}
          loading={loading}
          aria-label={restoreLabel}
          onClick={() => onChange(false)}
          data-testid={restoreTestId}
        />
      </Tooltip>
    );
  }
  return (
    <Popconfirm
      title={confirmTitle}
      description={confirmHelp}
      okText={archiveLabel}
      cancelText={t('common.cancel')}
      onConfirm={() => onChange(true)}
    >
      <Tooltip title={archiveLabel}>
        <Button
          type="text"
          icon={<InboxOutlined />}
          loading={loading}
          aria-label={archiveLabel}
          data-testid={archiveTestId}
        />
      </Tooltip>
    </Popconfirm>
  );
}
