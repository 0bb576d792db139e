import '@testing-library/jest-dom/vitest';
import { clearMocks } from '@tauri-apps/api/mocks';
import { cleanup } from '@testing-library/react';
import * as React from 'react';
import { afterEach, inject } from 'vitest';
import { setDevHost } from '../api/rpc';
import '../i18n';

// Every call that no test's IPC stand-in answers goes to the real core (src/test/devHost.ts started it).
setDevHost({ url: inject('devHost') });

// jsdom lacks these browser APIs that antd relies on.
if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList;
}

if (!window.ResizeObserver) {
  window.ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}

afterEach(() => {
  cleanup();
  clearMocks();
});

// React's development build records where every element was created (an `Error` per element, for its
// component stacks in warnings and DevTools): a quarter of the suite's time. Its own budget for that (10,000
// a second) is set to spent, so elements get React's placeholder stack; React's checks and warnings all run.
const reactInternals = (React as unknown as Record<string, Record<string, unknown> | undefined>)
  .__CLIENT_INTERNALS_DO_NOT_USE_OR_WARN_USERS_THEY_CANNOT_UPGRADE;
if (reactInternals && 'recentlyCreatedOwnerStacks' in reactInternals) {
  Object.defineProperty(reactInternals, 'recentlyCreatedOwnerStacks', { get: () => Infinity, set: () => undefined });
}
