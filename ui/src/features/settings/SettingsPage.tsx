import { Card, Descriptions, Divider, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { setLanguage, type Language } from '../../i18n';
import { useSession } from '../../shared/session';
import { CompanySection } from './CompanySection';
import { MfaSection } from './MfaSection';
import { PasswordForm } from './PasswordForm';
import { SecuritySection } from './SecuritySection';
import { SyncSection } from './SyncSection';
import styles from './settings.module.css';

/** Language names are shown in their own language, so either can be found whatever is active. */
const LANGUAGE_OPTIONS: { value: Language; label: string }[] = [
  { value: 'en', label: 'English' },
  { value: 'zh-CN', label: '简体中文' },
];

export function SettingsPage() {
  const { t, i18n } = useTranslation();
  const { session, companyName } = useSession();
  const language: Language = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';

  return (
    <div className={styles.page}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('settings.title')}
      </Typography.Title>
      <Card title={t('settings.language.title')}>
        <Typography.Paragraph type="secondary">{t('settings.language.help')}</Typography.Paragraph>
        <Radio.Group
          data-testid="settings-language"
          optionType="button"
          buttonStyle="solid"
          value={language}
          onChange={(event) => void setLanguage(event.target.value as Language)}
          options={LANGUAGE_OPTIONS.map((option) => ({
            ...option,
            label: <span data-testid={`settings-language-${option.value}`}>{option.label}</span>,
          }))}
        />
      </Card>
      <Card title={t('settings.account.title')}>
        <Descriptions
          column={1}
          size="small"
          items={[
            { key: 'company', label: t('settings.account.company'), children: companyName },
            { key: 'name', label: t('settings.account.name'), children: session.user.name },
            { key: 'email', label: t('settings.account.email'), children: session.user.email },
            {
              key: 'role',
              label: t('settings.account.role'),
              // The session does not name a custom role, and reading the roles needs users.read.
              children: session.user.custom_role_id ? t('users.customRole') : t(`settings.roles.${session.user.role}`),
            },
          ]}
        />
        <Divider />
        <PasswordForm />
      </Card>
      <CompanySection />
      <MfaSection />
      <SecuritySection />
      <SyncSection />
    </div>
  );
}
