import { Alert, Button, Divider, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InitInput, Session } from '../../api/bindings';
import { rpc } from '../../api/rpc';
import { clearRefusalOnChange, showFieldError } from '../../shared/errors';
import { useSubmit } from '../../shared/useSubmit';
import { AuthCard } from './AuthCard';
import { FirstRunJoin } from './FirstRunJoin';

type FirstRunForm = InitInput & { password2: string };

const FIELDS = {
  company_name: ['company_name'],
  owner_name: ['owner_name'],
  owner_email: ['owner_email'],
  password: ['password'],
};

/**
 * Creates the company and its owner account; the core answers with a session for the owner. Or joins a
 * company another device syncs (`onJoined`): its users then sign in.
 */
export function FirstRunPage({
  onDone,
  onJoined,
}: {
  onDone: (session: Session, companyName: string) => void;
  onJoined: (companyName: string) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FirstRunForm>();
  const { busy, error: formError, run } = useSubmit();
  const [joining, setJoining] = useState(false);

  async function submit({ password2: _confirmation, ...input }: FirstRunForm) {
    await run(
      async () => {
        const session = await rpc('setup.init', input);
        onDone(session, input.company_name.trim());
      },
      (error) => showFieldError(t, form, error, FIELDS),
    );
  }

  if (joining)
    return (
      <AuthCard subtitle={t('auth.firstRun.subtitle')}>
        <FirstRunJoin onBack={() => setJoining(false)} onJoined={onJoined} />
      </AuthCard>
    );

  return (
    <AuthCard subtitle={t('auth.firstRun.subtitle')}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('auth.firstRun.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('auth.firstRun.intro')}</Typography.Paragraph>
      <Form<FirstRunForm>
        form={form}
        onValuesChange={clearRefusalOnChange(form)}
        layout="vertical"
        initialValues={{ company_name: '', owner_name: '', owner_email: '', password: '', password2: '' }}
        onFinish={(values) => void submit(values)}
        requiredMark={false}
        noValidate // The core validates; the browser's own bubbles would bypass our messages.
      >
        <Form.Item name="company_name" label={t('auth.firstRun.company')}>
          <Input data-testid="firstrun-company" autoFocus />
        </Form.Item>
        <Form.Item name="owner_name" label={t('auth.firstRun.name')}>
          <Input data-testid="firstrun-name" autoComplete="name" />
        </Form.Item>
        <Form.Item name="owner_email" label={t('auth.email')}>
          <Input data-testid="firstrun-email" type="email" autoComplete="username" />
        </Form.Item>
        <Form.Item name="password" label={t('auth.password')}>
          <Input.Password data-testid="firstrun-password" autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="password2"
          label={t('auth.firstRun.password2')}
          dependencies={['password']}
          rules={[
            ({ getFieldValue }) => ({
              // The only check the UI makes itself: the confirmation never reaches the core.
              validator: (_rule, value) =>
                value === getFieldValue('password')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('auth.firstRun.passwordMismatch'))),
            }),
          ]}
        >
          <Input.Password data-testid="firstrun-password2" autoComplete="new-password" />
        </Form.Item>
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
        <Button data-testid="firstrun-submit" type="primary" htmlType="submit" block loading={busy}>
          {t('auth.firstRun.submit')}
        </Button>
      </Form>
      <Divider plain>{t('auth.firstRun.or')}</Divider>
      <Button block onClick={() => setJoining(true)} data-testid="first-run-join">
        {t('auth.firstRun.join')}
      </Button>
    </AuthCard>
  );
}
