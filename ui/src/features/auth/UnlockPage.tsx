import { Alert, Button, Form, Input, Typography } from 'antd';

import { useTranslation } from 'react-i18next';
import { PASSPHRASE_MIN_CHARS } from '../../api/commands';
import { toApiError, unlockStore } from '../../api/rpc';
import { clearRefusalOnChange, reasonText, useErrorText } from '../../shared/errors';
import { useSubmit } from '../../shared/useSubmit';
import { AuthCard } from './AuthCard';

/** `locked`: the file is encrypted and wants its passphrase or recovery key; `new`: choose a passphrase. */
export type UnlockMode = 'locked' | 'new';

type UnlockForm = { passphrase: string; repeat: string };

/** A recovery key as Settings shows it (`x'…64 hex…'`); pasted with a space or line break around it, it still opens. */
const RECOVERY_KEY = /^\s*(x'[0-9a-f]{64}')\s*$/i;

/** What to send: the passphrase exactly as typed (spaces count), or a recovery key without what surrounds it. */
function toPassphrase(mode: UnlockMode, typed: string): string {
  const recoveryKey = mode === 'locked' ? RECOVERY_KEY.exec(typed) : null;
  return recoveryKey ? recoveryKey[1] : typed;
}

/** Unicode characters, as the core counts them (`chars().count()`), not UTF-16 units. */
function charCount(text: string): number {
  return [...text].length;
}

/**
 * Before anything else: opens the encrypted company file where no OS keychain holds its key, with its
 * passphrase or recovery key (`locked`), or has the user choose the passphrase that encrypts it (`new`).
 */
export function UnlockPage({ mode, onDone }: { mode: UnlockMode; onDone: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<UnlockForm>();
  const { busy, error: formError, setError: setFormError, run } = useSubmit();
  const choosing = mode === 'new';
  const tooShort = reasonText(t, { message: '', reason: 'too_short', limit: PASSPHRASE_MIN_CHARS });

  async function submit(values: UnlockForm) {
    await run(
      async () => {
        await unlockStore(toPassphrase(mode, values.passphrase ?? ''));
        onDone();
      },
      (error) => {
        const apiError = toApiError(error);
        if (apiError.field === 'passphrase')
          form.setFields([{ name: 'passphrase', errors: [reasonText(t, apiError)] }]);
        else setFormError(errorText(apiError));
        return true;
      },
    );
  }

  return (
    <AuthCard subtitle={choosing ? t('auth.protect.subtitle') : t('auth.unlock.subtitle')}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {choosing ? t('auth.protect.title') : t('auth.unlock.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {choosing ? t('auth.protect.intro') : t('auth.unlock.intro')}
      </Typography.Paragraph>
      {choosing && <Alert type="warning" showIcon title={t('auth.protect.warning')} style={{ marginBottom: 16 }} />}
      <Form<UnlockForm>
        form={form}
        onValuesChange={clearRefusalOnChange(form)}
        layout="vertical"
        initialValues={{ passphrase: '', repeat: '' }}
        onFinish={(values) => void submit(values)}
        requiredMark={false}
        // Checked when leaving a field and on submit: "at least 8 characters" while typing the first 7 is noise.
        validateTrigger="onBlur"
        noValidate
      >
        <Form.Item
          name="passphrase"
          label={choosing ? t('auth.protect.passphrase') : t('auth.unlock.passphrase')}
          extra={choosing ? t('auth.protect.passphraseHelp', { limit: PASSPHRASE_MIN_CHARS }) : undefined}
          rules={[
            {
              validator: (_rule, value: string | undefined) => {
                const count = charCount(value ?? '');
                if (choosing && count < PASSPHRASE_MIN_CHARS) return Promise.reject(new Error(tooShort));
                if (count === 0) return Promise.reject(new Error(t('errors.reasons.passphrase_required')));
                return Promise.resolve();
              },
            },
          ]}
        >
          <Input.Password
            data-testid="unlock-passphrase"
            autoComplete={choosing ? 'new-password' : 'current-password'}
            spellCheck={false}
            autoFocus
          />
        </Form.Item>
        {choosing && (
          <Form.Item
            name="repeat"
            label={t('auth.protect.repeat')}
            dependencies={['passphrase']}
            rules={[
              ({ getFieldValue }) => ({
                // The repeat never reaches the core: a typo here would lock the user out of their own data.
                validator: (_rule, value) =>
                  value === getFieldValue('passphrase')
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('auth.protect.mismatch'))),
              }),
            ]}
          >
            <Input.Password data-testid="unlock-passphrase-repeat" autoComplete="new-password" spellCheck={false} />
          </Form.Item>
        )}
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
        <Button data-testid="unlock-submit" type="primary" htmlType="submit" block loading={busy}>
          {choosing ? t('auth.protect.submit') : t('auth.unlock.submit')}
        </Button>
      </Form>
    </AuthCard>
  );
}
