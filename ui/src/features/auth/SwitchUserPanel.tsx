import { UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SwitchCandidate } from '../../api/bindings';
import { clearRefusalOnChange, useErrorText } from '../../shared/errors';
import { useSubmit } from '../../shared/useSubmit';
import { credentialErrorText } from './lockErrors';
import { useApi, useSession } from '../../shared/session';
import styles from './auth.module.css';

/**
 * "Switch user" on the lock screen: who may take over this counter with a PIN, then that person's PIN. The
 * core ends the current session and answers with the new user's, which replaces it.
 */
export function SwitchUserPanel({ onBack }: { onBack: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const errorText = useErrorText();
  const { session } = useSession();
  const [candidates, setCandidates] = useState<SwitchCandidate[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [chosen, setChosen] = useState<SwitchCandidate | null>(null);

  useEffect(() => {
    let current = true;
    api.call('users.auth.switch_list', {}).then(
      // The signed-in user unlocks with their own PIN instead.
      (list) => current && setCandidates(list.filter((candidate) => candidate.id !== session.user.id)),
      (error: unknown) => current && setLoadError(error),
    );
    return () => {
      current = false;
    };
  }, [api, session.user.id]);

  if (chosen) return <SwitchPinForm candidate={chosen} onBack={() => setChosen(null)} />;

  function list() {
    if (loadError !== null) return <Alert type="error" showIcon title={errorText(loadError)} />;
    if (candidates === null) return <Spin />;
    if (candidates.length === 0)
      return <Typography.Paragraph type="secondary">{t('auth.lock.switchEmpty')}</Typography.Paragraph>;
    return (
      <div className={styles.switchList}>
        {candidates.map((candidate) => (
          <Button
            key={candidate.id}
            block
            icon={<UserOutlined />}
            onClick={() => setChosen(candidate)}
            data-testid="switch-user"
            data-user-id={candidate.id}
          >
            {candidate.name}
          </Button>
        ))}
      </div>
    );
  }

  return (
    <div data-testid="switch-panel">
      <Typography.Paragraph>{t('auth.lock.switchHelp', { name: session.user.name })}</Typography.Paragraph>
      {list()}
      <Button type="link" block style={{ marginTop: 8 }} onClick={onBack} data-testid="switch-back">
        {t('auth.lock.back')}
      </Button>
    </div>
  );
}

type PinForm = { pin: string };

function SwitchPinForm({ candidate, onBack }: { candidate: SwitchCandidate; onBack: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const errorText = useErrorText();
  const { replace } = useSession();
  const [form] = Form.useForm<PinForm>();
  const { busy, error: formError, setError: setFormError, run } = useSubmit();

  async function submit({ pin = '' }: PinForm) {
    setFormError(null);
    if (!pin) {
      form.setFields([{ name: 'pin', errors: [t('errors.reasons.required')] }]);
      return;
    }
    await run(
      async () => {
        replace(await api.call('users.auth.switch', { user_id: candidate.id, pin }));
      },
      (error) => {
        const text = credentialErrorText(t, error, 'pin');
        if (text) form.setFields([{ name: 'pin', value: '', errors: [text] }]);
        else setFormError(errorText(error));
        return true;
      },
    );
  }

  return (
    <Form<PinForm>
      form={form}
      onValuesChange={clearRefusalOnChange(form)}
      layout="vertical"
      initialValues={{ pin: '' }}
      onFinish={(values) => void submit(values)}
      requiredMark={false}
      noValidate
    >
      <Form.Item name="pin" label={t('auth.lock.switchPin', { name: candidate.name })}>
        <Input.Password
          data-testid="switch-pin"
          inputMode="numeric"
          autoComplete="off"
          maxLength={8}
          autoFocus
          className={styles.pin}
        />
      </Form.Item>
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Button type="primary" htmlType="submit" block loading={busy} data-testid="switch-submit">
        {t('auth.lock.switchSubmit')}
      </Button>
      <Button type="link" block style={{ marginTop: 8 }} onClick={onBack} disabled={busy} data-testid="switch-back">
        {t('auth.lock.back')}
      </Button>
    </Form>
  );
}
