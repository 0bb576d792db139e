// What the end-to-end suites share: starting the app over WebDriver (tauri-driver → WebKitWebDriver),
// finding, typing and clicking the way both drivers manage, unlocking and signing in, and a minimal runner
// (tests in order; after a failure the rest are skipped). Used by spec.mjs and firstrun.mjs.
import { remote } from 'webdriverio';
export const OWNER_EMAIL = 'owner@example.com';
export const OWNER_PASSWORD = 'correct-horse-9';
export const WAIT_MS = 20_000;

export const TEST_TIMEOUT_MS = 120_000;
export const CLEANUP_TIMEOUT_MS = 15_000;

// Dry runs against the UI dev server and its mock backend: Chrome, or WebKitGTK's MiniBrowser.
export const browserKind = process.env.E2E_BROWSER ?? 'app';
export const dryRun = browserKind !== 'app';
export const port = Number(process.env.WEBDRIVER_PORT ?? 4444);

export const DB_PASSPHRASE = process.env.E2E_DB_PASSPHRASE ?? (dryRun ? 'open-sesame-9' : '');
export const WRONG_DB_PASSPHRASE = 'not-the-passphrase-9';

export function capabilities() {
  if (browserKind === 'webkit') {
    return {
      browserName: 'MiniBrowser',
      'wdio:enforceWebDriverClassic': true,
      'webkitgtk:browserOptions': {
        binary: process.env.MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
        args: ['--automation'],
      },
    };
  }
  if (browserKind === 'chrome') {
    return {
      browserName: 'chrome',
      'wdio:enforceWebDriverClassic': true,
      'goog:chromeOptions': {
        binary: process.env.CHROME_BINARY ?? '/usr/bin/chromium',
        args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--window-size=1280,800'],
      },
    };
  }
  const application = process.env.SUANPAN_APP;
  if (!application) throw new Error('SUANPAN_APP is not set (run the test through e2e/run.sh)');
  if (!DB_PASSPHRASE) throw new Error('E2E_DB_PASSPHRASE is not set (run the test through e2e/run.sh)');
  return {
    browserName: 'wry',
    'wdio:enforceWebDriverClassic': true,
    'tauri:options': { application },
  };
}

/** Starts the app (a new WebDriver session launches it) and waits for its first screen. */
export async function startApp() {
  const browser = await remote({
    hostname: '127.0.0.1',
    port,
    logLevel: 'error',
    connectionRetryTimeout: 120_000,
    connectionRetryCount: 1,
    waitforTimeout: WAIT_MS,
    capabilities: capabilities(),
  });
  if (dryRun) {
    await browser.url(process.env.E2E_BASE_URL ?? 'http://localhost:5173/?mock=login&store=locked&customers=300');
    await browser.execute(() => localStorage.setItem('suanpan.language', 'en'));
    await browser.refresh();
  }
  return browser;
}

export const byTestId = (browser, id) => browser.$(`[data-testid="${id}"]`);

/** Sets a React-controlled field the way React notices: the native value setter, then `input`. */
export async function setValueByScript(browser, id, value) {
  await browser.execute(
    (testId, text) => {
      const element = document.querySelector(`[data-testid="${testId}"]`);
      const proto = element instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
      Object.getOwnPropertyDescriptor(proto, 'value').set.call(element, text);
      element.dispatchEvent(new Event('input', { bubbles: true }));
    },
    id,
    value,
  );
}

/**
 * Types into an input with real key events. Drivers differ: WebKitWebDriver's clear does not reach
 * React and it drops emoji outside the BMP, so the field is cleared by script and, when it does not
 * read back what was typed, set by script.
 */
export async function typeInto(browser, id, text) {
  const input = await byTestId(browser, id);
  await input.waitForDisplayed();
  await clickElement(browser, input);
  if ((await input.getValue()) !== '') await setValueByScript(browser, id, '');
  try {
    await input.addValue(text);
  } catch {
    // Fall through to the scripted path below.
  }
  if ((await input.getValue()) === text) return;
  await setValueByScript(browser, id, text);
  const got = await input.getValue();
  if (got !== text) throw new Error(`field ${id} holds ${JSON.stringify(got)}, not ${JSON.stringify(text)}`);
}

/**
 * The element's text as the DOM holds it. WebDriver's own getText returns only what it judges
 * visible, which WebKitWebDriver gets wrong for the transformed rows of the virtualised list.
 */
export async function textOf(browser, element) {
  return (await browser.execute((el) => el.textContent ?? '', element)).trim();
}

/** With E2E_SHOTS=DIR, saves a screenshot of the window as DIR/<name>.png (for looking, not checking). */
export async function shot(browser, name) {
  const dir = process.env.E2E_SHOTS;
  if (dir) await browser.saveScreenshot(`${dir}/${name}.png`);
}

/**
 * Waits until nothing lies over the element's middle: a drawer or modal that is still closing leaves
 * its mask over the page for a moment, and a click then lands on the mask ("element click
 * intercepted"). After the wait the click is made anyway, so a real cover still fails with its error.
 */
export async function waitUncovered(browser, element) {
  await browser
    .waitUntil(
      () =>
        browser.execute((el) => {
          const r = el.getBoundingClientRect();
          if (r.width === 0 || r.height === 0) return false;
          const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
          return top !== null && (top === el || el.contains(top) || top.contains(el));
        }, element),
      { interval: 100, timeout: 10_000 },
    )
    .catch(() => undefined);
}

/** Clicks an element in hand once nothing covers it (see `waitUncovered`). */
export async function clickElement(browser, element) {
  await waitUncovered(browser, element);
  await element.click();
}

export async function click(browser, id) {
  // React may replace the element between finding and clicking it (a re-render of the header):
  // find it again rather than fail on a stale handle.
  for (let attempt = 1; ; attempt++) {
    try {
      const element = await byTestId(browser, id);
      await element.waitForClickable();
      await waitUncovered(browser, element);
      await element.click();
      return;
    } catch (error) {
      if (attempt >= 3 || !/stale/i.test(String(error?.message ?? error))) throw error;
    }
  }
}

/** Waits for the unlock screen: the company file is encrypted and no keychain holds its key. */
export async function waitForUnlockScreen(browser, when) {
  await (
    await byTestId(browser, 'unlock-passphrase')
  ).waitForDisplayed({
    timeout: 60_000,
    timeoutMsg: `the unlock screen did not appear ${when}`,
  });
}

/** Opens the company file with its passphrase and waits for the login screen behind it. */
export async function unlock(browser) {
  await typeInto(browser, 'unlock-passphrase', DB_PASSPHRASE);
  await click(browser, 'unlock-submit');
  await (
    await byTestId(browser, 'login-email')
  ).waitForDisplayed({
    timeoutMsg: 'the login screen did not appear after unlocking the company file',
  });
}

export async function login(browser) {
  await typeInto(browser, 'login-email', OWNER_EMAIL);
  await typeInto(browser, 'login-password', OWNER_PASSWORD);
  await click(browser, 'login-submit');
  await (
    await byTestId(browser, 'nav-customers')
  ).waitForDisplayed({
    timeoutMsg: 'the app shell did not appear after signing in',
  });
}

// ---- a minimal runner: tests run in order; after a failure the rest are skipped ----

/** A WebDriver call can hang (a lost display, a stuck driver): give every step its own deadline. */
export function withTimeout(promise, ms, what) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000}s`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** Runs the tests in order (the rest are skipped after a failure) and closes the app; prints `N passed, N failed`. */
export async function run(tests, state) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const { name, body } of tests) {
    if (failed > 0) {
      skipped++;
      console.log(`- skipped: ${name}`);
      continue;
    }
    const started = Date.now();
    try {
      await withTimeout(body(), TEST_TIMEOUT_MS, 'the test');
      passed++;
      console.log(`✓ ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      failed++;
      console.log(
        `✗ ${name}\n    ${String(error?.message ?? error)
          .split('\n')
          .join('\n    ')}`,
      );
      if (state.browser) {
        const page = withTimeout(
          state.browser.execute(() => `${location.href} | ${(document.body?.innerText ?? '').slice(0, 300)}`),
          CLEANUP_TIMEOUT_MS,
          'reading the page',
        );
        await page.then(
          (text) => console.log(`    page: ${text.replace(/\s+/g, ' ')}`),
          () => undefined,
        );
        const file = `${process.env.E2E_ARTIFACTS ?? '/tmp'}/suanpan-e2e-failure.png`;
        await withTimeout(state.browser.saveScreenshot(file), CLEANUP_TIMEOUT_MS, 'the screenshot').then(
          () => console.log(`    screenshot: ${file}`),
          (screenshotError) => console.log(`    no screenshot: ${screenshotError.message}`),
        );
      }
    }
  }

  if (state.browser) {
    await withTimeout(state.browser.deleteSession(), CLEANUP_TIMEOUT_MS, 'closing the app').catch(() => undefined);
  }
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return failed > 0 ? 1 : 0;
}
