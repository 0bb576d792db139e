import { DeleteOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Form, Popconfirm, Space, Typography, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import { toApiError } from '../../api/rpc';
import { useErrorText } from '../../shared/errors';
import { useApi } from '../../shared/session';
import { useActions } from '../../shared/useSubmit';
import { readBase64 } from '../../shared/readBase64';

/** The largest logo the core keeps. */
export const LOGO_BYTES_MAX = 256 * 1024;

type Props = {
  hasLogo: boolean;
  /** finance.manage: may change it. */
  manage: boolean;
  onChanged: () => void;
};

/** The logo printed on invoices: a PNG of at most 256 KB, sent to the core as soon as it is picked. */
export function InvoiceLogo({ hasLogo, manage, onChanged }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const { busy, run } = useActions<'upload' | 'remove'>({ toast: true });

  async function send(logo: string, action: 'upload' | 'remove') {
    await run(
      action,
      async () => {
        await api.call('finances.settings.update', { logo_png: logo });
        void message.success(
          t(action === 'upload' ? 'finance.settingsCard.logoSaved' : 'finance.settingsCard.logoRemoved'),
        );
        onChanged();
      },
      (error) => {
        const refused = toApiError(error);
        return refused.field === 'logo_png' && refused.reason === 'invalid_value'
          ? t('finance.settingsCard.logoNotPng')
          : false;
      },
    );
  }

  /** Checks and sends the picked file; antd uploads nothing itself. */
  function pick(file: File): false {
    if (file.type !== 'image/png' && !file.name.toLowerCase().endsWith('.png'))
      void message.error(t('finance.settingsCard.logoNotPng'));
    else if (file.size > LOGO_BYTES_MAX) void message.error(t('finance.settingsCard.logoTooLarge'));
    else
      void readBase64(file).then(
        (logo) => send(logo, 'upload'),
        (error: unknown) => void message.error(errorText(error)),
      );
    return false;
  }

  return (
    <Form.Item label={t('finance.settingsCard.logo')} extra={manage ? t('finance.settingsCard.logoHelp') : undefined}>
      <Space wrap>
        <Typography.Text type="secondary" data-testid="invoice-logo-status">
          {hasLogo ? t('finance.settingsCard.logoSet') : t('finance.settingsCard.logoNone')}
        </Typography.Text>
        {manage && (
          <Upload accept="image/png,.png" showUploadList={false} beforeUpload={pick} disabled={busy !== null}>
            <Button icon={<UploadOutlined />} loading={busy === 'upload'} data-testid="invoice-logo-upload">
              {hasLogo ? t('finance.settingsCard.logoReplace') : t('finance.settingsCard.logoUpload')}
            </Button>
          </Upload>
        )}
        {manage && hasLogo && (
          <Popconfirm
            title={t('finance.settingsCard.logoRemoveConfirm')}
            okText={t('finance.settingsCard.logoRemove')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() => void send('', 'remove')}
          >
            <Button danger icon={<DeleteOutlined />} loading={busy === 'remove'} data-testid="invoice-logo-remove">
              {t('finance.settingsCard.logoRemove')}
            </Button>
          </Popconfirm>
        )}
      </Space>
    </Form.Item>
  );
}
