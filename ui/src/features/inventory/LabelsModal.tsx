import { Form, InputNumber, Modal, Radio, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LabelSymbology } from '../../api/rpc';
import { useSaveFile } from '../../shared/useSaveFile';

/** The core prints up to this many labels of each product at once. */
const COPIES_MAX = 100;

const SYMBOLOGIES: LabelSymbology[] = ['auto', 'code128', 'qr'];

type Props = {
  open: boolean;
  productIds: string[];
  onClose: () => void;
};

/** Prints price labels (A4, 3 × 7) of the chosen products: how many of each, and as which kind of code. */
export function LabelsModal({ open, productIds, onClose }: Props) {
  const { t } = useTranslation();
  const { save, saving } = useSaveFile();
  const [copies, setCopies] = useState(1);
  const [symbology, setSymbology] = useState<LabelSymbology>('auto');

  async function print() {
    const saved = await save('labels', 'inventory.labels.pdf', { product_ids: productIds, copies, symbology });
    if (saved) onClose();
  }

  return (
    <Modal
      open={open}
      title={t('inventory.labels.title', { count: productIds.length })}
      okText={t('inventory.labels.save')}
      cancelText={t('common.cancel')}
      onOk={() => void print()}
      onCancel={onClose}
      okButtonProps={{
        loading: saving !== null,
        disabled: productIds.length === 0,
        ...({ 'data-testid': 'inv-labels-save' } as Record<string, string>),
      }}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label={t('inventory.labels.copies')}>
          <InputNumber<number>
            min={1}
            max={COPIES_MAX}
            precision={0}
            value={copies}
            onChange={(value) => setCopies(value ?? 1)}
            data-testid="inv-labels-copies"
          />
        </Form.Item>
        <Form.Item label={t('inventory.labels.symbology')}>
          <Radio.Group
            value={symbology}
            onChange={(event) => setSymbology(event.target.value as LabelSymbology)}
            data-testid="inv-labels-symbology"
          >
            {SYMBOLOGIES.map((key) => (
              <Radio key={key} value={key} data-testid={`inv-labels-symbology-${key}`}>
                {t(`inventory.labels.symbologies.${key}`)}
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        <Typography.Text type="secondary">{t('inventory.labels.help')}</Typography.Text>
      </Form>
    </Modal>
  );
}
