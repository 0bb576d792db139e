import { Alert, App, Button, Card, Col, Form, Input, Row, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompanyProfile } from '../../api/bindings';
import { clearRefusalOnChange, showFieldError, useErrorText } from '../../shared/errors';
import { useApi, useCan } from '../../shared/session';
import { useSubmit } from '../../shared/useSubmit';
import styles from './settings.module.css';

/** The profile's fields, in the order the form shows them (each is its own form path). */
const FIELDS: (keyof CompanyProfile)[] = [
  'address_line1',
  'address_line2',
  'postal_code',
  'city',
  'region',
  'country',
  'tax_id',
  'phone',
  'email',
  'bank_name',
  'bank_account',
];

const FIELD_PATHS = Object.fromEntries(FIELDS.map((field) => [field, [field]]));

/**
 * Settings → Company details: what invoices, credit notes and purchase orders print of the seller (address, tax
 * id, bank account, phone, e-mail). Everyone reads them; owners and the accountant (finance.manage) change them.
 * Also a step of the start checklist, told `onSaved`.
 */
export function CompanySection({ onSaved }: { onSaved?: () => void } = {}) {
  const { t } = useTranslation();
  const api = useApi();
  const can = useCan();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [form] = Form.useForm<CompanyProfile>();
  const [loaded, setLoaded] = useState(false);
  const [loadError, setLoadError] = useState<unknown>(null);
  const { busy, error, run } = useSubmit();
  const editable = can('finance.manage');

  useEffect(() => {
    let current = true;
    api.call('company.profile.get', {}).then(
      (profile) => {
        if (!current) return;
        form.setFieldsValue(profile);
        setLoaded(true);
      },
      (failure: unknown) => current && setLoadError(failure),
    );
    return () => {
      current = false;
    };
  }, [api, form]);

  async function save(values: CompanyProfile) {
    // What the core refused last time is answered anew.
    form.setFields(FIELDS.map((name) => ({ name, errors: [] })));
    await run(
      async () => {
        form.setFieldsValue(await api.call('company.profile.update', values));
        void message.success(t('settings.company.saved'));
        onSaved?.();
      },
      (failure) => showFieldError(t, form, failure, FIELD_PATHS),
    );
  }

  const field = (name: keyof CompanyProfile, span = 12) => (
    <Col xs={24} md={span} key={name}>
      <Form.Item name={name} label={t(`settings.company.fields.${name}`)}>
        <Input data-testid={`company-${name}`} disabled={!editable} />
      </Form.Item>
    </Col>
  );

  return (
    <Card title={t('settings.company.title')} data-testid="settings-company">
      <Typography.Paragraph type="secondary">{t('settings.company.help')}</Typography.Paragraph>
      {loadError !== null && <Alert type="error" showIcon title={errorText(loadError)} />}
      {!loaded && loadError === null && <Spin />}
      {error && <Alert type="error" showIcon title={error} className={styles.stack} />}
      <Form<CompanyProfile>
        form={form}
        onValuesChange={clearRefusalOnChange(form)}
        layout="vertical"
        requiredMark={false}
        hidden={!loaded}
        onFinish={(values) => void save(values)}
      >
        <Row gutter={16}>
          {field('address_line1', 24)}
          {field('address_line2', 24)}
          {field('postal_code', 6)}
          {field('city', 9)}
          {field('region', 9)}
          {field('country')}
          {field('tax_id')}
          {field('phone')}
          {field('email')}
          {field('bank_name')}
          {field('bank_account')}
        </Row>
        {editable && (
          <Button type="primary" htmlType="submit" loading={busy} data-testid="company-save">
            {t('common.save')}
          </Button>
        )}
      </Form>
    </Card>
  );
}
