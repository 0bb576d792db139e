import { Button, Result, Spin, Typography } from 'antd';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../../api/bindings';
import { rpc, storeStatus, toApiError, type ApiError } from '../../api/rpc';
import { useErrorText } from '../../shared/errors';
import { navigate } from '../../shared/router';
import { FirstRunPage } from './FirstRunPage';
import { LockScreen } from './LockScreen';
import { LoginPage } from './LoginPage';
import { MfaSetupPage } from './MfaSetupPage';
import { SessionContext, type SessionContextValue } from '../../shared/session';
import { UnlockPage, type UnlockMode } from './UnlockPage';
import styles from './auth.module.css';

type Stage =
  | { kind: 'loading' }
  /** `store`: the company file itself could not be opened; trying again in this run would not help. */
  | { kind: 'failed'; error: ApiError; store?: boolean }
  | { kind: 'unlock'; mode: UnlockMode }
  | { kind: 'first-run' }
  | { kind: 'login'; companyName: string; expired?: boolean }
  /** `locked`: the lock screen stands in for the app until the session is unlocked or handed over. */
  | { kind: 'signed-in'; companyName: string; session: Session; locked?: boolean };

/**
 * Where the app starts: asks the shell whether the company file is open (it may wait for its passphrase),
 * then the core whether a company exists and for a remembered session.
 */
async function bootStage(): Promise<Stage> {
  try {
    const store = await storeStatus();
    if (store.state === 'failed') return { kind: 'failed', error: store.error, store: true };
    if (store.state !== 'open') return { kind: 'unlock', mode: store.state };
    const status = await rpc('setup.status', {});
    if (!status.initialized) return { kind: 'first-run' };
    const companyName = status.company_name ?? '';
    const session = await rpc('users.auth.resume', {});
    return session ? { kind: 'signed-in', companyName, session } : { kind: 'login', companyName };
  } catch (error) {
    return { kind: 'failed', error: toApiError(error) };
  }
}

/**
 * Boot: a company file that waits for its passphrase → the unlock screen; no company yet → first-run screen;
 * otherwise resume the remembered session if there is one, else the login screen. Renders `children` only
 * with a session in context that is neither locked nor waiting for its two-step sign-in to be set up.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [stage, setStage] = useState<Stage>({ kind: 'loading' });

  function reboot() {
    setStage({ kind: 'loading' });
    void bootStage().then(setStage);
  }

  useEffect(() => {
    let current = true;
    void bootStage().then((next) => current && setStage(next));
    return () => {
      current = false;
    };
  }, []);

  const signedIn = stage.kind === 'signed-in' ? stage : null;
  const sessionValue = useMemo<SessionContextValue | null>(() => {
    if (!signedIn) return null;
    const { session, companyName } = signedIn;
    return {
      session,
      companyName,
      expire: () => setStage({ kind: 'login', companyName, expired: true }),
      logout: async () => {
        try {
          await rpc('users.auth.logout', {}, session.token);
        } catch {
          // The token is forgotten either way; an already-ended session is not worth a dialog.
        }
        setStage({ kind: 'login', companyName });
      },
      // Updates apply only while still signed in: a late answer must not bring back an ended session.
      replace: (next) =>
        setStage((current) =>
          current.kind === 'signed-in'
            ? { kind: 'signed-in', companyName: current.companyName, session: next }
            : current,
        ),
      showLock: () => setStage((current) => (current.kind === 'signed-in' ? { ...current, locked: true } : current)),
    };
  }, [signedIn]);

  switch (stage.kind) {
    case 'loading':
      return (
        <div className={styles.center}>
          <Spin size="large" description={t('app.loading')} />
        </div>
      );
    case 'failed':
      return (
        <div className={styles.center}>
          <Result
            status="error"
            title={stage.store ? t('app.storeFailed') : t('app.bootFailed')}
            subTitle={
              <>
                {errorText(stage.error)}
                {/* The core's own words (e.g. a data file written by a newer version) help support. */}
                <Typography.Paragraph type="secondary" className={styles.bootDetail}>
                  {toApiError(stage.error).message}
                </Typography.Paragraph>
              </>
            }
            extra={
              stage.store ? undefined : (
                <Button type="primary" onClick={reboot}>
                  {t('common.retry')}
                </Button>
              )
            }
          />
        </div>
      );
    case 'unlock':
      // Unlocked, the boot starts over: the company file may hold no company yet, or a remembered session.
      return <UnlockPage mode={stage.mode} onDone={reboot} />;
    case 'first-run':
      return (
        <FirstRunPage
          onDone={(session, companyName) => {
            // A new company lands on its start checklist, not on an empty customer list.
            navigate('start');
            setStage({ kind: 'signed-in', session, companyName });
          }}
          // Joined, the company's users arrived with it: one of them signs in.
          onJoined={(companyName) => setStage({ kind: 'login', companyName })}
        />
      );
    case 'login':
      return (
        <LoginPage
          companyName={stage.companyName}
          expired={stage.expired ?? false}
          onDone={(session) => {
            // A new sign-in opens the home page; one after the session expired goes back to where it was.
            if (!stage.expired) navigate();
            setStage({ kind: 'signed-in', session, companyName: stage.companyName });
          }}
        />
      );
    case 'signed-in':
      return (
        // Keyed by token: another user's session (a switch at the counter) starts the app afresh.
        // Locked, the app is not rendered at all, so nothing of its data stays on screen or in the page.
        <SessionContext.Provider value={sessionValue} key={stage.session.token}>
          {stage.locked ? <LockScreen /> : stage.session.mfa_setup_required ? <MfaSetupPage /> : children}
        </SessionContext.Provider>
      );
  }
}
