import { CopyOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, QRCode, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MfaEnrollment } from '../../api/bindings';
import { toApiError, type ApiError } from '../../api/rpc';
import { clearRefusalOnChange, reasonText, useErrorText } from '../../shared/errors';
import { useSubmit } from '../../shared/useSubmit';
import { useApi } from '../../shared/session';
import styles from './settings.module.css';

type CodeForm = { code: string };

/** What the section shows besides the on/off status. */
type Step =
  | { kind: 'idle' }
  | { kind: 'enrolling'; enrollment: MfaEnrollment }
  | { kind: 'codes'; codes: string[] }
  | { kind: 'disabling' };

/** Authenticator apps show "123 456"; recovery codes keep their hyphen. */
function cleanCode(code: string | undefined): string {
  return (code ?? '').replace(/\s+/g, '');
}

type Props = {
  /**
   * Called once two-step sign-in is on and the user has put the recovery codes away: the setup screen that a
   * role requiring it shows goes on into the app from here.
   */
  onEnabled?: () => void;
};

/** Settings → Two-step sign-in: turn TOTP on (QR code, confirm, recovery codes once) or off (with a code). */
export function MfaSection({ onEnabled }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [enabled, setEnabled] = useState<boolean | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const { busy, error: formError, setError: setFormError, run } = useSubmit();

  useEffect(() => {
    let current = true;
    api.call('users.profile.get', {}).then(
      (user) => current && setEnabled(user.mfa_enabled),
      (error: unknown) => current && setLoadError(toApiError(error)),
    );
    return () => {
      current = false;
    };
  }, [api]);

  function go(next: Step) {
    setFormError(null);
    setStep(next);
  }

  async function startEnrolment() {
    await run(async () => {
      go({ kind: 'enrolling', enrollment: await api.call('users.mfa.enroll', {}) });
    });
  }

  async function confirm(code: string) {
    const { recovery_codes } = await api.call('users.mfa.confirm', { code });
    setEnabled(true);
    go({ kind: 'codes', codes: recovery_codes });
  }

  async function disable(code: string) {
    await api.call('users.mfa.disable', { code });
    setEnabled(false);
    go({ kind: 'idle' });
    void message.success(t('settings.mfa.disabled'));
  }

  async function copyCodes(codes: string[]) {
    try {
      await navigator.clipboard.writeText(codes.join('\n'));
      void message.success(t('settings.mfa.copied'));
    } catch {
      void message.error(t('settings.mfa.copyFailed'));
    }
  }

  const status =
    enabled === null ? null : (
      <Tag color={enabled ? 'green' : 'default'} data-testid="settings-mfa-status">
        {enabled ? t('settings.mfa.on') : t('settings.mfa.off')}
      </Tag>
    );

  function body() {
    if (loadError) return <Alert type="error" showIcon title={errorText(loadError)} />;
    if (enabled === null) return <Spin />;
    switch (step.kind) {
      case 'enrolling':
        return (
          <div className={styles.stack}>
            <Typography.Paragraph style={{ margin: 0 }}>{t('settings.mfa.scan')}</Typography.Paragraph>
            {/* SVG, not canvas: crisp at any zoom, and nothing to draw in tests. */}
            <QRCode
              type="svg"
              value={step.enrollment.otpauth_url}
              size={180}
              bgColor="#fff"
              data-testid="settings-mfa-qr"
            />
            <div>
              <Typography.Text type="secondary">{t('settings.mfa.secret')} </Typography.Text>
              <Typography.Text code copyable data-testid="settings-mfa-secret">
                {step.enrollment.secret}
              </Typography.Text>
            </div>
            <CodeEntry
              submitLabel={t('settings.mfa.confirm')}
              onSubmit={confirm}
              onCancel={() => go({ kind: 'idle' })}
            />
          </div>
        );
      case 'codes':
        return (
          <Alert
            type="warning"
            showIcon
            data-testid="settings-mfa-codes"
            title={t('settings.mfa.codesTitle')}
            description={
              <div className={styles.stack}>
                <Typography.Paragraph style={{ margin: 0 }}>{t('settings.mfa.codesHelp')}</Typography.Paragraph>
                <ol className={styles.codes}>
                  {step.codes.map((code) => (
                    <li key={code}>
                      <Typography.Text code>{code}</Typography.Text>
                    </li>
                  ))}
                </ol>
                <Space wrap>
                  <Button
                    icon={<CopyOutlined />}
                    onClick={() => void copyCodes(step.codes)}
                    data-testid="settings-mfa-copy"
                  >
                    {t('settings.mfa.copy')}
                  </Button>
                  <Button
                    type="primary"
                    onClick={() => {
                      go({ kind: 'idle' });
                      onEnabled?.();
                    }}
                    data-testid="settings-mfa-done"
                  >
                    {t('settings.mfa.saved')}
                  </Button>
                </Space>
              </div>
            }
          />
        );
      case 'disabling':
        return (
          <div className={styles.stack}>
            <Typography.Paragraph style={{ margin: 0 }}>{t('settings.mfa.disableHelp')}</Typography.Paragraph>
            <CodeEntry
              submitLabel={t('settings.mfa.turnOff')}
              danger
              onSubmit={disable}
              onCancel={() => go({ kind: 'idle' })}
            />
          </div>
        );
      case 'idle':
        return (
          <div className={styles.stack}>
            <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
              {t('settings.mfa.help')}
            </Typography.Paragraph>
            {formError && <Alert type="error" showIcon title={formError} />}
            <div>
              {enabled ? (
                <Button onClick={() => go({ kind: 'disabling' })} data-testid="settings-mfa-turn-off">
                  {t('settings.mfa.turnOff')}
                </Button>
              ) : (
                <Button
                  type="primary"
                  icon={<SafetyCertificateOutlined />}
                  loading={busy}
                  onClick={() => void startEnrolment()}
                  data-testid="settings-mfa-turn-on"
                >
                  {t('settings.mfa.turnOn')}
                </Button>
              )}
            </div>
          </div>
        );
    }
  }

  return (
    <Card title={t('settings.mfa.title')} extra={status}>
      {body()}
    </Card>
  );
}

type CodeEntryProps = {
  submitLabel: string;
  danger?: boolean;
  /** Throws what the core refused with: a wrong code (`field: "code"`) is shown on the input. */
  onSubmit: (code: string) => Promise<void>;
  onCancel: () => void;
};

/** A code from the authenticator app (or a recovery code), with submit and cancel. */
function CodeEntry({ submitLabel, danger = false, onSubmit, onCancel }: CodeEntryProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<CodeForm>();
  const { busy, error: formError, setError: setFormError, run } = useSubmit();

  async function submit(values: CodeForm) {
    await run(
      async () => {
        await onSubmit(cleanCode(values.code));
      },
      (error) => {
        const apiError = toApiError(error);
        if (apiError.field === 'code') form.setFields([{ name: 'code', errors: [reasonText(t, apiError)] }]);
        else setFormError(errorText(apiError));
        return true;
      },
    );
  }

  return (
    <Form<CodeForm>
      form={form}
      onValuesChange={clearRefusalOnChange(form)}
      layout="vertical"
      initialValues={{ code: '' }}
      onFinish={(values) => void submit(values)}
      requiredMark={false}
      noValidate
    >
      <Form.Item name="code" label={t('settings.mfa.code')} className={styles.codeItem}>
        <Input
          data-testid="settings-mfa-code"
          autoComplete="one-time-code"
          autoFocus
          spellCheck={false}
          maxLength={32}
          placeholder="123456"
        />
      </Form.Item>
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Space>
        <Button type="primary" danger={danger} htmlType="submit" loading={busy} data-testid="settings-mfa-submit">
          {submitLabel}
        </Button>
        <Button onClick={onCancel} disabled={busy}>
          {t('common.cancel')}
        </Button>
      </Space>
    </Form>
  );
}
