import { LogoutOutlined } from '@ant-design/icons';
import { Alert, Button, Typography } from 'antd';

import { useTranslation } from 'react-i18next';

import { useSubmit } from '../../shared/useSubmit';
import { MfaSection } from '../settings/MfaSection';
import { AuthCard } from './AuthCard';
import { useApi, useSession } from '../../shared/session';
import styles from './auth.module.css';

/**
 * In place of the app while the user's role requires two-step sign-in and they have not set it up: until
 * then the core grants the session nothing else. Once it is on, the refreshed session carries the role's
 * permissions and the app opens.
 */
export function MfaSetupPage() {
  const { t } = useTranslation();
  const api = useApi();
  const { session, companyName, logout, replace } = useSession();
  const { busy, error, run } = useSubmit();

  async function carryOn() {
    await run(async () => {
      replace(await api.call('users.auth.refresh', {}));
    });
  }

  const { role, custom_role_id } = session.user;
  const roleName = custom_role_id ? t('auth.mfaSetup.customRole') : t(`settings.roles.${role}`);

  return (
    <AuthCard subtitle={companyName} wide>
      <div data-testid="mfa-setup" className={styles.setup}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('auth.mfaSetup.title')}
        </Typography.Title>
        <Typography.Paragraph style={{ margin: 0 }}>
          {t('auth.mfaSetup.intro', { role: roleName })}
        </Typography.Paragraph>
        <MfaSection onEnabled={() => void carryOn()} />
        {error && (
          <Alert
            type="error"
            showIcon
            title={error}
            action={
              <Button size="small" onClick={() => void carryOn()} data-testid="mfa-setup-retry">
                {t('common.retry')}
              </Button>
            }
          />
        )}
        <div>
          <Button
            icon={<LogoutOutlined />}
            onClick={() => void logout()}
            disabled={busy}
            data-testid="mfa-setup-logout"
          >
            {t('auth.logout')}
          </Button>
        </div>
      </div>
    </AuthCard>
  );
}
