import { render } from '@testing-library/react';
import { App as AntApp, ConfigProvider } from 'antd';
import type { ReactElement } from 'react';
import type { Session } from '../api/bindings';
import { SessionContext } from '../features/auth/session';

export const TEST_SESSION: Session = {
  token: 'test-token',
  user: { id: 'u1', name: 'Owner', email: 'owner@example.com', role: 'owner', status: 'active' },
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
};

export function renderPlain(ui: ReactElement) {
  return render(
    <ConfigProvider>
      <AntApp>{ui}</AntApp>
    </ConfigProvider>,
  );
}

/** Renders `ui` as a signed-in screen, as the app shell would. */
export function renderSignedIn(ui: ReactElement, { expire = () => undefined } = {}) {
  return renderPlain(
    <SessionContext.Provider
      value={{ session: TEST_SESSION, companyName: 'Test Shop', expire, logout: async () => undefined }}
    >
      {ui}
    </SessionContext.Provider>,
  );
}
