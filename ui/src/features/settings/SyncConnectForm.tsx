import { Alert, App, Button, Form, Input, Radio, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isRelayRefusal, toApiError, type ApiError, type SyncConnectBody, type SyncStatusBody } from '../../api/rpc';
import { clearRefusalOnChange, reasonText } from '../../shared/errors';
import { useSubmit } from '../../shared/useSubmit';
import { syncErrorText } from '../sync/sync';
import styles from './settings.module.css';

type Mode = 'create' | 'join';
type ConnectValues = {
  relay_url: string;
  email: string;
  password: string;
  device_name: string;
  mode?: Mode;
  key?: string;
};

/** The company's sync key: 32 bytes in hex, as `sync_key` shows it. */
const SYNC_KEY_PATTERN = /^[0-9a-f]{64}$/i;
/** A pairing code's digits: 4 naming the pairing on the relay, then its 6-digit secret (`CCCC-SSSSSS`). */
const PAIRING_CODE_PATTERN = /^(\d{4})(\d{6})$/;
/** The relay's minimum for a new account's password (docs/sync-protocol.md, `POST /v1/tenants`). */
const RELAY_PASSWORD_CHARS_MIN = 10;
/** The core's field names that this form shows. */
const FIELDS = ['relay_url', 'email', 'password', 'device_name', 'key', 'pairing_code'] as const;
type Field = (typeof FIELDS)[number];

function isField(name: string | undefined): name is Field {
  return (FIELDS as readonly (string | undefined)[]).includes(name);
}

/** The form item a core field's error goes under: one field takes either the pairing code or the sync key. */
function formFieldOf(field: Field): keyof ConnectValues {
  return field === 'pairing_code' ? 'key' : field;
}

/**
 * What the join field holds: a pairing code (spaces and dashes, as shown or read out in groups, do not
 * count), sent as the core shows it; or the sync key (spaces and line breaks, copying it off paper or a
 * screen, do not count); or null when it is neither.
 */
function readSecret(typed: string): { pairing_code: string } | { key: string } | null {
  const code = PAIRING_CODE_PATTERN.exec(typed.replace(/[\s-]+/g, ''));
  if (code) return { pairing_code: `${code[1]}-${code[2]}` };
  const key = typed.replace(/\s+/g, '');
  return SYNC_KEY_PATTERN.test(key) ? { key } : null;
}

/** The core's refusal of one field, in the UI language; its own words only where nothing here says it. */
function fieldErrorText(t: TFunction, field: Field, error: ApiError): string {
  if (error.reason) return reasonText(t, error);
  if (isRelayRefusal(error)) return syncErrorText(t, error);
  if (field === 'relay_url') return t('settings.sync.urlInvalid');
  if (field === 'key') return t('settings.sync.keyInvalid');
  // The core says which of wrong, used or expired; each is fixed the same way, by a new code.
  if (field === 'pairing_code') return t('settings.sync.pairingCodeRefused');
  return error.message;
}

type SyncConnectFormProps = {
  /** `sync_connect`: with the session's token in Settings, without one on a device that has no company yet. */
  connect: (input: SyncConnectBody) => Promise<SyncStatusBody>;
  onConnected: (status: SyncStatusBody) => void;
  /** Only joining, by code or sync key: a device with no company cannot create the company's relay account. */
  joinOnly?: boolean;
};

/**
 * Connects this device to the company's relay: the first device creates the company's relay account, every
 * other joins it with the pairing code (or the sync key) shown on a connected one. Needs users.manage, or a
 * device with no company.
 */
export function SyncConnectForm({ connect, onConnected, joinOnly = false }: SyncConnectFormProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ConnectValues>();
  const chosenMode = Form.useWatch('mode', form);
  const mode: Mode | undefined = joinOnly ? 'join' : chosenMode;
  const { busy, error: formError, setError: setFormError, run } = useSubmit();
  /** Joining by code waits until the connected device has sent the key: say so while it does. */
  const [awaitingKey, setAwaitingKey] = useState(false);

  async function submit(values: ConnectValues) {
    setFormError(null);
    const create = !joinOnly && values.mode === 'create';
    // Joining, the field's validator has accepted a code or a key: whichever it is goes, never both.
    const secret = create ? null : readSecret(values.key ?? '');
    const input: SyncConnectBody = {
      relay_url: values.relay_url.trim(),
      email: values.email.trim(),
      password: values.password,
      device_name: values.device_name.trim(),
      create,
      ...secret,
    };
    const byCode = secret !== null && 'pairing_code' in secret;
    setAwaitingKey(byCode);
    await run(
      async () => {
        const status = await connect(input);
        void message.success(t('settings.sync.connected'));
        onConnected(status);
      },
      (error) => {
        const apiError = toApiError(error);
        const field = apiError.field;
        // Creating, the form has no key field: a refused key (there is none) would go unseen there.
        if (isField(field) && !(formFieldOf(field) === 'key' && create)) {
          form.setFields([{ name: formFieldOf(field), errors: [fieldErrorText(t, field, apiError)] }]);
        } else if (byCode && apiError.code === 'conflict' && !isRelayRefusal(apiError)) {
          // The core's own conflict here: the connected device never sent the key in time.
          setFormError(t('settings.sync.pairNoKey'));
        } else {
          setFormError(syncErrorText(t, apiError));
        }
        return true;
      },
    );
    setAwaitingKey(false);
  }

  const required = { required: true, whitespace: true, message: t('errors.reasons.required') };

  return (
    <Form<ConnectValues>
      form={form}
      onValuesChange={clearRefusalOnChange(form)}
      layout="vertical"
      initialValues={{ relay_url: '', email: '', password: '', device_name: t('settings.sync.defaultDeviceName') }}
      onFinish={(values) => void submit(values)}
      requiredMark={false}
      noValidate
      className={styles.syncForm}
    >
      <Form.Item
        name="relay_url"
        label={t('settings.sync.relayUrl')}
        rules={[
          required,
          // What a relay address may be is the core's to say: its refusal lands here.
        ]}
      >
        <Input data-testid="sync-url" placeholder="https://relay.example.com" autoComplete="url" />
      </Form.Item>
      <Form.Item
        name="email"
        label={t('settings.sync.email')}
        rules={[required, { type: 'email', message: t('errors.reasons.invalid_email') }]}
      >
        <Input data-testid="sync-email" type="email" autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="password"
        label={t('settings.sync.password')}
        rules={[
          required,
          ...(mode === 'create'
            ? [
                {
                  min: RELAY_PASSWORD_CHARS_MIN,
                  message: t('errors.reasons.too_short_limit', { limit: RELAY_PASSWORD_CHARS_MIN }),
                },
              ]
            : []),
        ]}
      >
        <Input.Password data-testid="sync-password" autoComplete="off" />
      </Form.Item>
      <Form.Item name="device_name" label={t('settings.sync.deviceName')} rules={[required]}>
        <Input data-testid="sync-device-name" maxLength={100} />
      </Form.Item>
      {!joinOnly && (
        <Form.Item
          name="mode"
          label={t('settings.sync.mode')}
          rules={[{ required: true, message: t('settings.sync.modeRequired') }]}
        >
          <Radio.Group className={styles.syncModes}>
            <Radio value="create">
              <span data-testid="sync-mode-create">{t('settings.sync.modeCreate')}</span>
            </Radio>
            <Radio value="join">
              <span data-testid="sync-mode-join">{t('settings.sync.modeJoin')}</span>
            </Radio>
          </Radio.Group>
        </Form.Item>
      )}
      {mode === 'join' && (
        <Form.Item
          name="key"
          label={t('settings.sync.key')}
          extra={t('settings.sync.keyWhere')}
          rules={[
            { required: true, whitespace: true, message: t('settings.sync.keyRequired') },
            {
              validator: async (_rule, value: string | undefined) => {
                if (value?.trim() && !readSecret(value)) throw new Error(t('settings.sync.keyInvalid'));
              },
            },
          ]}
        >
          <Input.TextArea
            data-testid="sync-key-input"
            className={styles.recoveryKey}
            rows={2}
            autoComplete="off"
            spellCheck={false}
            placeholder={t('settings.sync.keyPlaceholder')}
          />
        </Form.Item>
      )}
      {mode === 'create' && (
        <Typography.Paragraph type="secondary">{t('settings.sync.createHelp')}</Typography.Paragraph>
      )}
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Button type="primary" htmlType="submit" loading={busy} data-testid="sync-connect">
        {t('settings.sync.connect')}
      </Button>
      {awaitingKey && (
        <Typography.Paragraph type="secondary" data-testid="sync-pair-waiting" style={{ marginTop: 8 }}>
          {t('settings.sync.pairWaiting')}
        </Typography.Paragraph>
      )}
    </Form>
  );
}
