import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../shared/errors';
import { useSubmit } from '../../shared/useSubmit';
import { useApi } from '../../shared/session';
import { taxLabel } from './model';
import { useCommand } from '../../shared/useCommand';
import styles from './ledger.module.css';

type Props = { onInstalled: () => void };

/** Adds a preset's taxes (PRC VAT, EU VAT, US sales tax) in one go; taxes it added before are kept as they are. */
export function TaxPresetInstall({ onInstalled }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const presets = useCommand('finances.taxes.presets', {}, 0);
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const { busy, run } = useSubmit();
  const preset = presets.output?.find((p) => p.name === chosen);

  async function install() {
    if (!preset) return;
    await run(
      async () => {
        await api.call('finances.taxes.install_preset', { preset: preset.name });
        void message.success(t('finance.taxes.presetDone', { preset: preset.title }));
        setChosen(undefined);
        onInstalled();
      },
      (error) => {
        void message.error(errorText(error));
        return true;
      },
    );
  }

  return (
    <div className={styles.periods}>
      <Space wrap>
        <Select<string>
          data-testid="tax-preset-select"
          className={styles.presetSelect}
          value={chosen}
          onChange={setChosen}
          loading={presets.loading}
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('finance.taxes.presetChoose')}
          options={(presets.output ?? []).map((p) => ({ value: p.name, label: p.title }))}
        />
        <Button
          icon={<DownloadOutlined />}
          loading={busy}
          disabled={!preset}
          onClick={() => void install()}
          data-testid="tax-preset-install"
        >
          {t('finance.taxes.presetInstall')}
        </Button>
      </Space>
      {preset && (
        <Typography.Text type="secondary" data-testid="tax-preset-taxes">
          {t('finance.taxes.presetAdds', { taxes: preset.taxes.map(taxLabel).join(', ') })}
        </Typography.Text>
      )}
    </div>
  );
}
