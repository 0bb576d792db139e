import { StyleProvider } from '@ant-design/cssinjs';
import { render } from '@testing-library/react';
import { App as AntApp, ConfigProvider } from 'antd';
import type { ReactElement } from 'react';
import type { Role, Session } from '../api/bindings';
import { SessionContext, type Permission } from '../shared/session';

export const TEST_SESSION: Session = {
  token: 'test-token',
  user: {
    id: 'u1',
    name: 'Owner',
    email: 'owner@example.com',
    role: 'owner',
    custom_role_id: null,
    status: 'active',
    mfa_enabled: false,
    pin_set: false,
  },
  expires_at_ms: 4_102_444_800_000,
  permissions: [
    'customers.read',
    'customers.write',
    'customers.import',
    'customers.export',
    'activity.read',
    'users.read',
    'users.manage',
  ],
  mfa_setup_required: false,
  assignable_roles: ['owner', 'manager', 'accountant', 'cashier', 'staff'],
};

/**
 * Renders `ui` inside antd's providers. Antd's styles are computed but not put into jsdom's document (`mock`
 * as on a server): jsdom works out every `getComputedStyle` against every style sheet in the document, and
 * antd's sheets made that the larger part of the suite's time. No test reads a style.
 */
export function renderPlain(ui: ReactElement) {
  return render(
    <StyleProvider mock="server">
      <ConfigProvider>
        <AntApp>{ui}</AntApp>
      </ConfigProvider>
    </StyleProvider>,
  );
}

/** `TEST_SESSION` for a user with `role` and only `permissions` (giving no roles). */
export function sessionAs(role: Role, permissions: Permission[]): Session {
  return {
    ...TEST_SESSION,
    user: { ...TEST_SESSION.user, id: `u-${role}`, name: role, email: `${role}@example.com`, role },
    permissions,
    assignable_roles: [],
  };
}

type SignedInOptions = {
  session?: Session;
  expire?: () => void;
  logout?: () => Promise<void>;
  replace?: (session: Session) => void;
  showLock?: () => void;
};

/** Renders `ui` as a signed-in screen (the owner's, unless `session` is given), as the app shell would. */
export function renderSignedIn(
  ui: ReactElement,
  {
    session = TEST_SESSION,
    expire = () => undefined,
    logout = async () => undefined,
    replace = () => undefined,
    showLock = () => undefined,
  }: SignedInOptions = {},
) {
  return renderPlain(
    <SessionContext.Provider value={{ session, companyName: 'Test Shop', expire, logout, replace, showLock }}>
      {ui}
    </SessionContext.Provider>,
  );
}
