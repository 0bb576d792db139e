// End-to-end test of a shop's first start, driven over WebDriver like spec.mjs: an empty data folder, a
// passphrase chosen for the new company file, the company made through the app's own first-run form, then the
// start checklist done in place, step by step, and the start page again after signing in anew.
// Started by e2e/run.sh with SUANPAN_DATA_DIR on an empty folder and E2E_DB_PASSPHRASE to choose.
import {
  byTestId,
  click,
  login,
  OWNER_EMAIL,
  OWNER_PASSWORD,
  run,
  shot,
  startApp,
  textOf,
  typeInto,
  waitForUnlockScreen,
} from './app.mjs';

const PASSPHRASE = process.env.E2E_DB_PASSPHRASE;
if (!PASSPHRASE) throw new Error('E2E_DB_PASSPHRASE is not set (run the test through e2e/run.sh)');

const tests = [];
const test = (name, body) => tests.push({ name, body });
const state = { browser: null };

/** Waits until the checklist's row for `key` says it is done (the core ticks it from the data). */
async function waitDone(browser, key) {
  const row = await byTestId(browser, `start-step-${key}`);
  await browser.waitUntil(async () => (await row.getAttribute('data-done')) === 'yes', {
    timeoutMsg: `the start checklist did not tick "${key}"`,
  });
}

/** The keys of the steps done, in the checklist's order. */
async function doneSteps(browser) {
  return browser.execute(() =>
    [...document.querySelectorAll('[data-testid^="start-step-"][data-done="yes"]')].map((row) =>
      row.dataset.testid.replace('start-step-', ''),
    ),
  );
}

test('an empty folder: a passphrase is chosen, the company is made, and the owner lands on the start page', async () => {
  state.browser = await startApp();
  const { browser } = state;
  await waitForUnlockScreen(browser, 'on an empty data folder');
  await typeInto(browser, 'unlock-passphrase', PASSPHRASE);
  await typeInto(browser, 'unlock-passphrase-repeat', PASSPHRASE);
  await click(browser, 'unlock-submit');
  await (await byTestId(browser, 'firstrun-company')).waitForDisplayed({ timeoutMsg: 'no first-run form' });
  await typeInto(browser, 'firstrun-company', 'First Light Tea 初光茶铺');
  await typeInto(browser, 'firstrun-name', 'Lin Chu');
  await typeInto(browser, 'firstrun-email', OWNER_EMAIL);
  await typeInto(browser, 'firstrun-password', OWNER_PASSWORD);
  await typeInto(browser, 'firstrun-password2', OWNER_PASSWORD);
  await click(browser, 'firstrun-submit');
  await (await byTestId(browser, 'start-steps')).waitForDisplayed({
    timeoutMsg: 'the new company did not land on the start checklist',
  });
  await shot(browser, 'firstrun-start');
  const done = await doneSteps(browser);
  if (done.length !== 0) throw new Error(`a new company has steps done already: ${done.join(', ')}`);
});

test('the company details are filled in and saved on the start page itself', async () => {
  const { browser } = state;
  await click(browser, 'start-open-company');
  await typeInto(browser, 'company-address_line1', '体育西路 1 号');
  await typeInto(browser, 'company-city', '广州');
  await typeInto(browser, 'company-tax_id', '91440101MA5CXXXX1X');
  await click(browser, 'company-save');
  await waitDone(browser, 'company');
});

test('the chart of accounts is set up in place, which lets the opening balances and taxes start', async () => {
  const { browser } = state;
  await click(browser, 'start-open-books');
  await click(browser, 'finance-setup-submit');
  await waitDone(browser, 'books');
  const opening = await byTestId(browser, 'start-open-opening');
  await browser.waitUntil(async () => opening.isEnabled(), {
    timeoutMsg: 'the opening balances stayed disabled after the books were set up',
  });
});

test('a first product, a first customer and a member of staff, each in its drawer over the start page', async () => {
  const { browser } = state;
  await click(browser, 'start-open-products');
  await typeInto(browser, 'inv-product-name', '龙井 Longjing 250g');
  await typeInto(browser, 'inv-product-price', '88.00');
  await click(browser, 'inv-product-submit');
  await waitDone(browser, 'products');

  await click(browser, 'start-open-customers');
  await typeInto(browser, 'customer-form-name', '王小明');
  await click(browser, 'customer-form-submit');
  await waitDone(browser, 'customers');

  await click(browser, 'start-open-staff');
  await typeInto(browser, 'user-form-name', 'Zhou Min');
  await typeInto(browser, 'user-form-email', 'zhou@example.com');
  await typeInto(browser, 'user-form-password', 'counter-staff-9');
  await click(browser, 'user-form-submit');
  await waitDone(browser, 'staff');

  const done = await doneSteps(browser);
  const expected = ['company', 'books', 'products', 'customers', 'staff'];
  if (done.join() !== expected.join()) throw new Error(`steps done: ${done.join(', ')}; expected ${expected}`);
  const progress = await textOf(browser, await byTestId(browser, 'start-progress'));
  if (!/5\D+8/.test(progress)) throw new Error(`the progress says ${JSON.stringify(progress)}, not 5 of 8`);
  await shot(browser, 'firstrun-five-done');
});

test('signed out and in again, the owner lands on the start page with the same steps ticked', async () => {
  const { browser } = state;
  await click(browser, 'nav-customers');
  await click(browser, 'logout');
  await (await byTestId(browser, 'login-email')).waitForDisplayed({ timeoutMsg: 'no login screen after logout' });
  await login(browser);
  await (await byTestId(browser, 'start-steps')).waitForDisplayed({
    timeoutMsg: 'signing in again did not open the start page',
  });
  await waitDone(browser, 'staff');
  const done = await doneSteps(browser);
  if (done.length !== 5) throw new Error(`after signing in again the steps done are ${done.join(', ')}`);
});

process.exit(await run(tests, state));
