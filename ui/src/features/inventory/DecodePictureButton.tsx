import { PictureOutlined } from '@ant-design/icons';
import { App, Button, Empty, Modal, Table, Tag, Typography } from 'antd';
import { useRef, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { DecodedCode, Product } from '../../api/bindings';
import { useErrorText } from '../../shared/errors';
import { useApi } from '../../shared/session';
import { readBase64 } from '../../shared/readBase64';
import styles from './inventory.module.css';

/** The pictures the core reads codes from. */
const PICTURE_TYPES = 'image/png,image/jpeg,image/webp';

type Props = {
  /** Opens a product a code belongs to. */
  onOpen: (product: Product) => void;
};

/**
 * Reads the barcodes and QR codes in a picture (a photo or a screenshot, without a scanner) and lists them, each
 * with the product whose barcode or SKU it is, or why none is given for a code that several products have.
 */
export function DecodePictureButton({ onOpen }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const picker = useRef<HTMLInputElement>(null);
  const [reading, setReading] = useState(false);
  const [codes, setCodes] = useState<DecodedCode[] | null>(null);
  const [fileName, setFileName] = useState('');

  async function read(file: File) {
    setReading(true);
    try {
      const base64 = await readBase64(file);
      setCodes(await api.call('inventory.scanning.decode', { base64 }));
      setFileName(file.name);
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setReading(false);
    }
  }

  return (
    <>
      <input
        ref={picker}
        type="file"
        accept={PICTURE_TYPES}
        className={styles.hiddenInput}
        data-testid="inv-decode-file"
        onChange={(event) => {
          const file = event.target.files?.[0];
          // The same picture may be chosen again.
          event.target.value = '';
          if (file) void read(file);
        }}
      />
      <Button
        icon={<PictureOutlined />}
        loading={reading}
        onClick={() => picker.current?.click()}
        data-testid="inv-decode-open"
      >
        {t('inventory.decode.button')}
      </Button>
      <Modal
        open={codes !== null}
        title={t('inventory.decode.title', { name: fileName })}
        footer={null}
        onCancel={() => setCodes(null)}
      >
        {codes !== null && codes.length === 0 ? (
          <Empty description={t('inventory.decode.none')} data-testid="inv-decode-none" />
        ) : (
          <Table<DecodedCode>
            data-testid="inv-decode-list"
            rowKey={(code) => `${code.format}:${code.text}`}
            size="small"
            pagination={false}
            dataSource={codes ?? []}
            onRow={(code) =>
              ({ 'data-testid': 'inv-decode-code', 'data-text': code.text }) as HTMLAttributes<HTMLElement>
            }
            columns={[
              {
                title: t('inventory.decode.code'),
                dataIndex: 'text',
                render: (text: string) => (
                  <Typography.Text copyable className={styles.number}>
                    {text}
                  </Typography.Text>
                ),
              },
              {
                title: t('inventory.decode.format'),
                dataIndex: 'format',
                width: 120,
                render: (f: string) => <Tag>{f}</Tag>,
              },
              {
                title: t('inventory.decode.product'),
                key: 'product',
                render: (_value: unknown, code: DecodedCode) =>
                  code.product ? (
                    <Button
                      type="link"
                      onClick={() => {
                        if (code.product) onOpen(code.product);
                        setCodes(null);
                      }}
                      data-testid="inv-decode-product"
                    >
                      {code.product.name}
                    </Button>
                  ) : code.problem ? (
                    // A code on several products (given on two devices offline): the core names none, and says why.
                    <Typography.Text type="warning" data-testid="inv-decode-problem">
                      {code.problem}
                    </Typography.Text>
                  ) : (
                    <Typography.Text type="secondary" data-testid="inv-decode-unknown">
                      {t('inventory.decode.noProduct')}
                    </Typography.Text>
                  ),
              },
            ]}
          />
        )}
      </Modal>
    </>
  );
}
