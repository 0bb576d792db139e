// End-to-end test of the Suanpan desktop app, driven over WebDriver (tauri-driver → WebKitWebDriver).
// Started by e2e/run.sh, which prepares the data folder, tauri-driver and the virtual display.
//
// Environment:
//   SUANPAN_APP     path of the app binary (not used by the dry runs below)
//   E2E_DB_PASSPHRASE  the company file's passphrase, typed on the unlock screen (the dry runs'
//                   mock backend, ?store=locked, takes open-sesame-9)
//   WEBDRIVER_PORT  port of tauri-driver (default 4444)
//   E2E_BROWSER     "chrome" or "webkit": dry-run the first session against the UI dev server with its
//                   mock backend (VITE_MOCK_IPC=1 npm --prefix ui run dev), driving chromedriver or
//                   WebKitWebDriver (MiniBrowser) on WEBDRIVER_PORT; the restart checks are skipped
//                   there, as the mock keeps no data.
//   E2E_BASE_URL    the dev server URL for the dry runs.
//
// Prints one line per test and a final `N passed, N failed, N skipped` line; exits 1 on any failure.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  OWNER_EMAIL,
  OWNER_PASSWORD,
  WAIT_MS,
  dryRun,
  port,
  WRONG_DB_PASSPHRASE,
  startApp,
  byTestId,
  typeInto,
  textOf,
  shot,
  waitUncovered,
  clickElement,
  click,
  waitForUnlockScreen,
  unlock,
  login,
  run,
} from './app.mjs';

const execFileAsync = promisify(execFile);

// Markup and a script hook in the name: it must be stored and shown as text, never run.
const CUSTOMER_NAME = '王小明 <b>Shop</b> <img src=x onerror="window.__xss=1"> 🍵';
const CUSTOMER_EMAIL = 'xiaoming@example.com';
const NOTE_TEXT = `Prefers 龙井 — <i>not markup</i> ${Date.now()}`;

/** The row on screen showing exactly `name`, if any. */
async function visibleRowNamed(browser, name) {
  for (const row of await browser.$$('[data-testid="customer-row"]')) {
    const label = await row.$('[data-testid="customer-row-name"]');
    if ((await textOf(browser, label)) === name) return row;
  }
  return null;
}

/**
 * Searches the customer list and returns the row showing exactly `name`. The list is virtualised:
 * when other customers match too, it scrolls page by page until the row is rendered.
 */
async function findCustomerRow(browser, search, name) {
  await click(browser, 'nav-customers');
  await typeInto(browser, 'customers-search', search);
  // Wait for the list to answer this search: rows found before that belong to the previous query
  // and are replaced under the pointer when the answer arrives.
  await browser.waitUntil(
    async () => {
      const total = await byTestId(browser, 'customers-total');
      return (
        (await total.getAttribute('data-search')) === search.trim() &&
        (await total.getAttribute('data-total')) !== ''
      );
    },
    { timeoutMsg: `the list never answered the search ${JSON.stringify(search)}` },
  );
  let found = null;
  await browser.waitUntil(
    async () => {
      found = await visibleRowNamed(browser, name);
      if (found) return true;
      // Scroll one screen further; back to the top once the end is reached (rows may still be loading).
      await browser.execute(() => {
        const scroller = document.querySelector('[data-testid="customers-scroll"]');
        const atEnd = scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1;
        scroller.scrollTop = atEnd ? 0 : scroller.scrollTop + scroller.clientHeight;
        scroller.dispatchEvent(new Event('scroll'));
      });
      return false;
    },
    {
      interval: 300,
      timeoutMsg: `no customer row named ${JSON.stringify(name)} after searching ${JSON.stringify(search)}`,
    },
  );
  await found.scrollIntoView({ block: 'center' });
  return found;
}

async function openCustomer(browser, search, name) {
  const row = await findCustomerRow(browser, search, name);
  await clickElement(browser, row);
  const title = await byTestId(browser, 'customer-detail-name');
  await title.waitForDisplayed({
    timeoutMsg: `clicking the row ${JSON.stringify(name)} did not open its detail page`,
  });
  await browser.waitUntil(async () => (await textOf(browser, title)) === name, {
    timeoutMsg: `the detail page does not show ${JSON.stringify(name)}`,
  });
  return title;
}

const tests = [];
const test = (name, body) => tests.push({ name, body });
const state = { browser: null };

test('session 1: the unlock screen appears and refuses a wrong passphrase', async () => {
  state.browser = await startApp();
  const { browser } = state;
  await waitForUnlockScreen(browser, 'at the first start');
  await shot(browser, 'unlock');
  await typeInto(browser, 'unlock-passphrase', WRONG_DB_PASSPHRASE);
  await click(browser, 'unlock-submit');
  // The refusal shows under the field (an antd form error), in whichever language the app runs.
  const error = await browser.$('.ant-form-item-explain-error');
  await error.waitForDisplayed({ timeoutMsg: 'no error under the passphrase after a wrong one' });
  await browser.waitUntil(async () => (await textOf(browser, error)) !== '', {
    timeoutMsg: 'the error under the passphrase has no text',
  });
  if (await (await byTestId(browser, 'login-email')).isDisplayed()) {
    throw new Error('a wrong passphrase opened the company file');
  }
});

test('the right passphrase opens the company file and the owner signs in', async () => {
  await unlock(state.browser);
  await login(state.browser);
  const user = await byTestId(state.browser, 'user-name');
  if (!(await textOf(state.browser, user))) throw new Error('the header shows no user name');
});

test('the cashier refused on the command line is in the activity log', async () => {
  // run.sh had a cashier try an owner's command through the CLI; the core refused and logged it.
  const { browser } = state;
  await click(browser, 'nav-activity');
  const table = await byTestId(browser, 'activity-table');
  await browser.waitUntil(
    async () => {
      const text = await textOf(browser, table);
      return text.includes('refused') && text.includes('users.create') && text.includes('Cash');
    },
    { timeoutMsg: 'no refused users.create by the cashier in the activity log' },
  );
  await shot(browser, 'activity');
});

test('creates a customer whose name holds <b> and <img onerror>, with an email', async () => {
  const { browser } = state;
  await click(browser, 'nav-customers');
  await click(browser, 'customers-new');
  await typeInto(browser, 'customer-form-name', CUSTOMER_NAME);
  await typeInto(browser, 'customer-form-email', CUSTOMER_EMAIL);
  await typeInto(browser, 'customer-form-city', '上海');
  // Escape on a form with unsaved typing asks first; keeping on editing loses nothing.
  await browser.keys('Escape');
  await click(browser, 'keep-editing');
  await (await byTestId(browser, 'keep-editing')).waitForDisplayed({ reverse: true, timeoutMsg: 'the question stayed open' });
  const kept = await (await byTestId(browser, 'customer-form-name')).getValue();
  if (kept !== CUSTOMER_NAME) throw new Error(`Escape lost what was typed: the name is now ${JSON.stringify(kept)}`);
  await click(browser, 'customer-form-submit');
  await (
    await byTestId(browser, 'customer-form-name')
  ).waitForDisplayed({
    reverse: true,
    timeoutMsg: 'the customer form did not close: was the customer saved?',
  });
});

test('finds the customer by searching 小明', async () => {
  await findCustomerRow(state.browser, '小明', CUSTOMER_NAME);
});

test('opens the customer: the name renders literally, not as HTML', async () => {
  const { browser } = state;
  const title = await openCustomer(browser, '小明', CUSTOMER_NAME);
  const boldInside = await browser.execute(() =>
    Boolean(document.querySelector('[data-testid="customer-detail-name"] b')),
  );
  if (boldInside) throw new Error('the <b> in the name became an element');
  const hooked = await browser.execute(() => ({
    ran: window.__xss !== undefined,
    images: document.querySelectorAll('[data-testid="customer-detail-name"] img, [data-testid="customer-row-name"] img')
      .length,
  }));
  if (hooked.ran) throw new Error('the onerror handler in the name ran');
  if (hooked.images > 0) throw new Error('the <img> in the name became an element');
  if (!(await textOf(browser, title)).includes('🍵')) throw new Error('the emoji is missing from the name');
});

test('adds a note that shows on the timeline', async () => {
  const { browser } = state;
  await typeInto(browser, 'note-text', NOTE_TEXT);
  await click(browser, 'note-submit');
  await browser.waitUntil(
    async () => {
      for (const note of await browser.$$('[data-testid="timeline-note"]')) {
        if ((await textOf(browser, note)).includes(NOTE_TEXT)) return true;
      }
      return false;
    },
    { timeoutMsg: 'the note did not appear on the timeline' },
  );
});

test('sets up the books, records income, and the profit and loss shows it', async () => {
  const { browser } = state;
  await click(browser, 'nav-finance');
  await click(browser, 'finance-setup-prc_small_business');
  await click(browser, 'finance-setup-submit');
  await (await byTestId(browser, 'finance-tab-income')).waitForDisplayed({ timeoutMsg: 'no finance tabs after setup' });
  await click(browser, 'income-add');
  await typeInto(browser, 'money-form-amount', '1,234.50');
  await typeInto(browser, 'money-form-party', '门店零售');
  await click(browser, 'money-form-submit');
  await (
    await byTestId(browser, 'money-form-amount')
  ).waitForDisplayed({ reverse: true, timeoutMsg: 'the income form did not close: was it saved?' });
  const digits = async (id) => (await textOf(browser, await byTestId(browser, id))).replace(/[^0-9.-]/g, '');
  await browser.waitUntil(async () => (await digits('income-total')).endsWith('1234.50'), {
    timeoutMsg: 'the income total is not 1,234.50',
  });
  await click(browser, 'finance-tab-reports');
  await browser.waitUntil(async () => (await digits('pnl-net')).endsWith('1234.50'), {
    timeoutMsg: 'the profit and loss does not show the income as net profit',
  });
  await (await byTestId(browser, 'trial-balance-balanced')).waitForDisplayed({ timeoutMsg: 'the trial balance is not balanced' });
  await shot(browser, 'finance');
});

/** The element matching `selector` that is on screen, when hidden tabs or drawers hold others. */
async function shown(browser, selector) {
  let found = null;
  await browser.waitUntil(
    async () => {
      for (const element of await browser.$$(selector)) {
        if (await element.isDisplayed()) {
          found = element;
          return true;
        }
      }
      return false;
    },
    { timeoutMsg: `nothing on screen matches ${selector}` },
  );
  return found;
}

const shownByTestId = (browser, id) => shown(browser, `[data-testid="${id}"]`);

/** `typeInto` for an element in hand: real keys, else the native setter and an `input` event. */
async function fill(browser, element, text) {
  await clickElement(browser, element);
  try {
    await element.addValue(text);
  } catch {
    // Fall through to the scripted path below.
  }
  if ((await element.getValue()) === text) return;
  await browser.execute(
    (input, value) => {
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, value);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    },
    element,
    text,
  );
  const got = await element.getValue();
  if (got !== text) throw new Error(`the field holds ${JSON.stringify(got)}, not ${JSON.stringify(text)}`);
}

/** `clickSettled` for an element in hand: clicks it once its drawer has stopped sliding. */
async function clickWhenSettled(browser, element) {
  await waitSettled(browser, element);
  await element.click();
}

/** Waits until an element's drawer has stopped sliding and nothing covers it. */
async function waitSettled(browser, element) {
  let last = '';
  await browser.waitUntil(
    async () => {
      const now = await browser.execute((el) => {
        const r = el.getBoundingClientRect();
        return `${Math.round(r.x)},${Math.round(r.y)},${Math.round(r.width)}`;
      }, element);
      const still = now === last;
      last = now;
      return still;
    },
    { interval: 150, timeoutMsg: 'the drawer did not settle' },
  );
  await waitUncovered(browser, element);
}

/**
 * A one-page PDF (A6) saying `text` in Helvetica (not embedded: the viewer draws it with a system font), with a
 * correct cross-reference table: small enough to write by hand, valid enough for pdf.js and poppler.
 */
function receiptPdf(text) {
  const content = `BT /F1 28 Tf 24 330 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 298 420] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((object, index) => {
    const offset = Buffer.byteLength(body, 'latin1');
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  // Each entry is exactly 20 bytes: ten digits, space, five digits, space, n, space, newline.
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

test('records an expense once when its button is double-clicked, attaches a PDF receipt, and pdf.js draws it', async () => {
  const { browser } = state;
  await click(browser, 'finance-tab-expenses');
  await click(browser, 'expense-add');
  // The income tab stays mounted behind this one with its own (closed) form: work in the form on screen.
  const amount = await shownByTestId(browser, 'money-form-amount');
  await fill(browser, amount, '58.00');
  await fill(browser, await shownByTestId(browser, 'money-form-party'), '文具店');
  if (process.env.E2E_SHOTS) {
    // The day as typed, and the calendar to pick one from.
    await clickWhenSettled(browser, await shownByTestId(browser, 'money-form-date-pick'));
    await shownByTestId(browser, 'money-form-date-calendar');
    await shot(browser, 'expense-form');
    await clickWhenSettled(browser, await shownByTestId(browser, 'money-form-date-pick'));
  }
  // A double-click (a WebDriver pointer double click, as a hurried hand makes) records one expense, not two.
  const submit = await shownByTestId(browser, 'money-form-submit');
  await waitSettled(browser, submit);
  await submit.doubleClick();
  await amount.waitForDisplayed({ reverse: true, timeoutMsg: 'the expense form did not close: was it saved?' });
  const digits = async (id) => (await textOf(browser, await byTestId(browser, id))).replace(/[^0-9.-]/g, '');
  await browser.waitUntil(async () => (await digits('expense-total')).endsWith('58.00'), {
    timeoutMsg: 'the expense total is not 58.00 (a double-click recorded it twice?)',
  });
  const rows = await browser.$$('[data-testid="expense-row"]');
  if (rows.length !== 1) throw new Error(`a double-click made ${rows.length} expenses`);

  const dir = process.env.E2E_ARTIFACTS ?? fs.mkdtempSync(path.join(os.tmpdir(), 'suanpan-e2e-receipt-'));
  const receipt = path.join(dir, 'receipt-58.pdf');
  fs.writeFileSync(receipt, receiptPdf('Receipt 58.00'));

  await click(browser, 'expense-attachments');
  await (
    await byTestId(browser, 'money-attachments')
  ).waitForDisplayed({ timeoutMsg: 'the receipts drawer did not open' });
  // The native file dialog is out of WebDriver's reach: the path goes straight to the (hidden) file input.
  await (await byTestId(browser, 'attachment-upload')).addValue(receipt);
  const name = await byTestId(browser, 'attachment-name');
  await name.waitForExist({ timeoutMsg: 'the PDF receipt did not appear in the list: was it attached?' });
  await browser.waitUntil(async () => (await textOf(browser, name)) === 'receipt-58.pdf', {
    timeoutMsg: 'the attached receipt is not named receipt-58.pdf',
  });

  await clickSettled(browser, 'attachment-view');
  await (await byTestId(browser, 'attachment-pdf-viewer')).waitForDisplayed({ timeoutMsg: 'no PDF viewer dialog' });
  // Drawn, not merely laid out: a canvas with a size and dark pixels (pdf.js paints the page white, then the
  // text in black). An error in the dialog ends the wait at once, with its text.
  let drawn = null;
  await browser.waitUntil(
    async () => {
      drawn = await browser.execute(() => {
        const error = document.querySelector('[data-testid="attachment-pdf-viewer"] [data-testid="attachment-error"]');
        if (error) return { error: error.textContent };
        for (const canvas of document.querySelectorAll('[data-testid="attachment-pdf-page"]')) {
          if (canvas.width === 0 || canvas.height === 0) continue;
          const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
          let dark = 0;
          for (let i = 0; i < data.length; i += 4) {
            if (data[i + 3] > 0 && data[i] + data[i + 1] + data[i + 2] < 384) dark++;
          }
          if (dark > 0) return { width: canvas.width, height: canvas.height, dark };
        }
        return null;
      });
      if (drawn?.error) throw new Error(`the PDF viewer shows an error: ${drawn.error}`);
      return drawn !== null;
    },
    { timeoutMsg: 'the PDF viewer has no canvas with anything drawn on it' },
  );
  await shot(browser, 'receipt-pdf');
  await click(browser, 'attachment-pdf-close');
  await (
    await byTestId(browser, 'attachment-pdf-viewer')
  ).waitForExist({ reverse: true, timeoutMsg: 'the PDF viewer did not close' });
  await clickElement(browser, await shown(browser, '.ant-drawer-close'));
  await (
    await byTestId(browser, 'money-attachments')
  ).waitForExist({ reverse: true, timeoutMsg: 'the receipts drawer did not close' });
});

/**
 * Clicks an element in a drawer once the drawer has slid into place: a click during the slide
 * lands on the mask behind it, which closes the drawer.
 */
async function clickSettled(browser, id) {
  const rect = () =>
    browser.execute((testId) => {
      const r = document.querySelector(`[data-testid="${testId}"]`)?.getBoundingClientRect();
      return r ? `${Math.round(r.x)},${Math.round(r.y)},${Math.round(r.width)}` : '';
    }, id);
  let last = '';
  await browser.waitUntil(
    async () => {
      const now = await rect();
      const still = now !== '' && now === last;
      last = now;
      return still;
    },
    { interval: 150, timeoutMsg: `${id} did not settle` },
  );
  await click(browser, id);
}

/** Picks an option of an antd Select (showSearch): focus it, type, wait for an option, Enter. */
async function pick(browser, id, text, optionSelector = '.ant-select-item-option') {
  await click(browser, id);
  const input = await browser.$(`[data-testid="${id}"] input`);
  await input.addValue(text);
  await browser.waitUntil(
    async () => {
      for (const option of await browser.$$(optionSelector)) if (await option.isDisplayed()) return true;
      return false;
    },
    { timeoutMsg: `no option for ${JSON.stringify(text)} in ${id}` },
  );
  await browser.keys('Enter');
}

/**
 * Waits for the open invoice to show `status`. An error toast ends the wait at once with its text, and a timeout
 * says what the drawer shows instead (a flaky "not issued" once gave nothing to go on).
 */
async function statusIs(browser, status) {
  let seen = null;
  await browser.waitUntil(
    async () => {
      seen = await browser.execute(() => ({
        status: document.querySelector('[data-testid="invoice-status"]')?.getAttribute('data-status') ?? null,
        error: [...document.querySelectorAll('.ant-message-error')].map((n) => n.textContent).join(' | '),
        buttons: [...document.querySelectorAll('.ant-drawer-open button')]
          .map((b) => `${b.getAttribute('data-testid') ?? b.textContent}${b.disabled ? '(disabled)' : ''}${b.classList.contains('ant-btn-loading') ? '(loading)' : ''}`)
          .join(', '),
      }));
      if (seen.error) throw new Error(`waiting for the invoice to be ${status}, the app says: ${seen.error}`);
      return seen.status === status;
    },
    { timeout: WAIT_MS, interval: 200 },
  ).catch((error) => {
    if (/the app says/.test(String(error?.message))) throw error;
    throw new Error(`the invoice is not ${status}: it shows ${seen?.status}; the drawer's buttons: ${seen?.buttons}`);
  });
}

/**
 * Clicks an invoice's action and waits for `status`. WebKit once dropped the click on "Issue"
 * (the drawer had just opened): the button stayed as it was, not loading, no message, and the
 * invoice stayed a draft. A click that shows no sign of landing within 5 s is made again, never
 * while a call it started is under way or after the app answered (a message shows either way).
 */
async function clickForStatus(browser, id, status) {
  for (let attempt = 1; ; attempt++) {
    // Messages already showing ("Saved") are not this click's answer.
    await browser.execute(() => {
      for (const notice of document.querySelectorAll('.ant-message-notice')) notice.setAttribute('data-e2e-seen', '');
    });
    await clickSettled(browser, id);
    const landed = await browser
      .waitUntil(
        () =>
          browser.execute(
            (testId, want) => {
              const now = document.querySelector('[data-testid="invoice-status"]')?.getAttribute('data-status');
              const button = document.querySelector(`[data-testid="${testId}"]`);
              return (
                now === want ||
                !button ||
                button.classList.contains('ant-btn-loading') ||
                document.querySelector('.ant-message-notice:not([data-e2e-seen])') !== null
              );
            },
            id,
            status,
          ),
        { timeout: 5_000, interval: 100 },
      )
      .then(
        () => true,
        () => false,
      );
    if (landed || attempt >= 3) break;
    console.log(`  (the click on ${id} did not land; clicking again)`);
  }
  await statusIs(browser, status);
}

test('makes an invoice with VAT, issues and is paid by WeChat Pay; the P&L shows the sale', async () => {
  const { browser } = state;
  await click(browser, 'finance-tab-taxes');
  await pick(browser, 'tax-preset-select', 'PRC');
  await click(browser, 'tax-preset-install');
  await browser.waitUntil(
    () => browser.execute(() => document.body.textContent.includes('增值税 13%')),
    { timeoutMsg: 'the PRC VAT rates were not installed' },
  );
  await click(browser, 'finance-tab-invoices');
  await click(browser, 'invoice-new');
  await pick(browser, 'invoice-customer', '王小明', '[data-testid="invoice-customer-option"]');
  await typeInto(browser, 'invoice-line-description-0', '西湖龙井 250g');
  await typeInto(browser, 'invoice-line-quantity-0', '2');
  await typeInto(browser, 'invoice-line-price-0', '100');
  await pick(browser, 'invoice-line-tax-0', '13');
  const digits = async (id) => (await textOf(browser, await byTestId(browser, id))).replace(/[^0-9.-]/g, '');
  // The running total comes from the core: 200.00 + 13% VAT.
  await browser.waitUntil(async () => (await digits('invoice-preview-total')).endsWith('226.00'), {
    timeoutMsg: 'the invoice form does not total 226.00',
  });
  await click(browser, 'invoice-save');
  await statusIs(browser, 'draft');
  await clickForStatus(browser, 'invoice-issue', 'issued');
  await browser.waitUntil(async () => /^INV-.+-\d{5}$/.test(await textOf(browser, await byTestId(browser, 'invoice-number'))), {
    timeoutMsg: 'the issued invoice has no number from this device series',
  });
  await clickSettled(browser, 'invoice-pay');
  await pick(browser, 'payment-method', 'WeChat');
  await clickSettled(browser, 'payment-save');
  await statusIs(browser, 'paid');
  await shot(browser, 'invoice');
  // The PDF in Chinese, saved where the e2e run points the app's save dialog.
  const number = await textOf(browser, await byTestId(browser, 'invoice-number'));
  await clickSettled(browser, 'invoice-pdf');
  await click(browser, 'invoice-pdf-zh');
  await (await byTestId(browser, 'invoice-pdf-saved')).waitForDisplayed({ timeoutMsg: 'the PDF was not saved' });
  const saveDir = process.env.SUANPAN_SAVE_DIR;
  if (saveDir) {
    const pdf = path.join(saveDir, `${number}.pdf`);
    await browser.waitUntil(async () => fs.existsSync(pdf), { timeoutMsg: `no ${pdf}` });
    const head = fs.readFileSync(pdf).subarray(0, 5).toString('latin1');
    if (head !== '%PDF-') throw new Error(`${pdf} is not a PDF`);
    try {
      const { stdout } = await execFileAsync('pdftotext', ['-layout', pdf, '-']);
      for (const expected of ['发票', number, '西湖龙井', '226.00']) {
        if (!stdout.includes(expected)) throw new Error(`the PDF does not show ${expected}:\n${stdout}`);
      }
    } catch (error) {
      if (error?.code !== 'ENOENT') throw error;
    }
  }
  await clickSettled(browser, 'invoice-drawer-close');
  await click(browser, 'finance-tab-reports');
  await browser.waitUntil(async () => (await digits('pnl-net')).endsWith('1376.50'), {
    timeoutMsg: 'the profit and loss does not show the invoice (1,234.50 - 58.00 + 200.00)',
  });
});

test('stocks a product through a purchase order, sells it on an invoice, and the low-stock alert appears', async () => {
  const { browser } = state;
  await click(browser, 'nav-inventory');
  // A location, and a product with a retail barcode.
  await click(browser, 'inv-tab-locations');
  await clickSettled(browser, 'inv-location-add');
  await typeInto(browser, 'inv-location-name', '店面');
  await clickSettled(browser, 'inv-location-submit');
  await (await browser.$('[data-testid="inv-location-row"][data-name="店面"]')).waitForDisplayed({
    timeoutMsg: 'the location is not listed',
  });
  await click(browser, 'inv-tab-products');
  await clickSettled(browser, 'inv-product-add');
  await typeInto(browser, 'inv-product-name', '碧螺春 100g');
  await typeInto(browser, 'inv-product-sku', 'TEA-E2E');
  await typeInto(browser, 'inv-product-barcode', '6901234567892');
  await typeInto(browser, 'inv-product-price', '68');
  await clickSettled(browser, 'inv-product-submit');
  await (await browser.$('[data-testid="inv-product-row"][data-sku="TEA-E2E"]')).waitForDisplayed({
    timeoutMsg: 'the product is not listed',
  });
  // A minimum of 3 on the shop floor.
  await click(browser, 'inv-tab-stock');
  await clickSettled(browser, 'inv-stock-threshold');
  await pick(browser, 'inv-threshold-product', 'TEA-E2E');
  await pick(browser, 'inv-threshold-location', '店面');
  await typeInto(browser, 'inv-threshold-min', '3');
  await clickSettled(browser, 'inv-threshold-submit');
  // Ten ordered, sent, received.
  await click(browser, 'inv-tab-orders');
  await clickSettled(browser, 'inv-order-new');
  await typeInto(browser, 'inv-order-supplier', '苏州茶厂');
  await pick(browser, 'inv-order-location', '店面');
  await pick(browser, 'inv-order-line-product-0', 'TEA-E2E');
  await typeInto(browser, 'inv-order-line-quantity-0', '10');
  await typeInto(browser, 'inv-order-line-cost-0', '30');
  await clickSettled(browser, 'inv-order-submit');
  const orderRow = () => browser.$('[data-testid="inv-order-row"][data-supplier="苏州茶厂"]');
  await (await orderRow()).waitForDisplayed({ timeoutMsg: 'the purchase order is not listed' });
  await clickElement(browser, await (await orderRow()).$('[data-testid="inv-order-send"]'));
  await browser.waitUntil(async () => (await (await orderRow()).getAttribute('data-status')) === 'sent', {
    timeoutMsg: 'the order was not sent',
  });
  await clickElement(browser, await (await orderRow()).$('[data-testid="inv-order-receive"]'));
  await clickSettled(browser, 'inv-receive-submit');
  await browser.waitUntil(async () => (await (await orderRow()).getAttribute('data-status')) === 'received', {
    timeoutMsg: 'the order was not received',
  });
  const stockRow = () => browser.$('[data-testid="inv-stock-row"][data-sku="TEA-E2E"]');
  // The cell reads "10 pcs": the number, then the unit.
  const onHand = async () =>
    (await textOf(browser, await (await stockRow()).$('[data-testid="inv-stock-on-hand"]'))).trim().split(/\s+/)[0];
  await click(browser, 'inv-tab-stock');
  await browser.waitUntil(async () => (await onHand()) === '10', { timeoutMsg: 'ten are not on hand' });
  // Eight sold on an invoice: the product line takes its name and price from the product.
  await click(browser, 'nav-finance');
  await click(browser, 'finance-tab-invoices');
  await click(browser, 'invoice-new');
  await pick(browser, 'invoice-customer', '王小明', '[data-testid="invoice-customer-option"]');
  await pick(browser, 'invoice-line-product-0', 'TEA-E2E');
  await typeInto(browser, 'invoice-line-quantity-0', '8');
  const digits = async (id) => (await textOf(browser, await byTestId(browser, id))).replace(/[^0-9.-]/g, '');
  await browser.waitUntil(async () => (await digits('invoice-preview-total')).endsWith('544.00'), {
    timeoutMsg: 'the invoice does not total 8 × 68.00',
  });
  await click(browser, 'invoice-save');
  await statusIs(browser, 'draft');
  await clickForStatus(browser, 'invoice-issue', 'issued');
  await clickSettled(browser, 'invoice-drawer-close');
  // Stock fell to 2, below the minimum: the alert is up.
  await click(browser, 'nav-inventory');
  await click(browser, 'inv-tab-stock');
  await browser.waitUntil(async () => (await onHand()) === '2', { timeoutMsg: 'stock did not fall to 2' });
  await (await (await stockRow()).$('[data-testid="inv-stock-low-tag"]')).waitForDisplayed({
    timeoutMsg: 'the row is not tagged low',
  });
  await (await byTestId(browser, 'inv-low-alert')).waitForDisplayed({ timeoutMsg: 'no low-stock alert' });
  await shot(browser, 'inventory-low-stock');
  // The books carry the sale at what the goods cost: 8 × 30.00 of cost of goods sold against the 544.00.
  await click(browser, 'nav-finance');
  await click(browser, 'finance-tab-reports');
  await browser.waitUntil(async () => (await digits('pnl-net')).endsWith('1680.50'), {
    timeoutMsg: 'the profit and loss does not show the sale less its cost (1,376.50 + 544.00 - 240.00)',
  });
  await browser.waitUntil(async () => (await digits('pnl-total-expenses')).endsWith('298.00'), {
    timeoutMsg: 'the expenses do not total 58.00 + 240.00 of cost of goods sold',
  });
  await shot(browser, 'pnl-cogs');
});

test('locks the screen (the data is gone from the window) and unlocks with the password', async () => {
  const { browser } = state;
  await click(browser, 'lock-now');
  // The whole app is swapped for the lock screen: wait in the page (element handles taken while
  // React replaces the tree can go stale in WebKitWebDriver).
  const present = (id) => browser.execute((testId) => Boolean(document.querySelector(`[data-testid="${testId}"]`)), id);
  await browser.waitUntil(() => present('lock-screen'), { timeoutMsg: 'no lock screen after Lock' });
  await shot(browser, 'lock');
  // Nothing of the shop's data may stay in the window: not the page, not a toast.
  // Toasts are destroyed with their leave animation: give them a moment, not their whole duration.
  await browser.waitUntil(
    async () =>
      !(await browser.execute(
        () => document.body.innerText.includes('xiaoming@example.com') || document.body.innerText.includes('小明'),
      )),
    { timeout: 1500, interval: 100, timeoutMsg: 'the customer data is still in the window while locked' },
  );
  await click(browser, 'lock-use-password');
  await typeInto(browser, 'lock-password', OWNER_PASSWORD);
  await click(browser, 'lock-unlock');
  await browser.waitUntil(async () => !(await present('lock-screen')) && (await present('user-name')), {
    timeoutMsg: 'the app did not come back after the right password',
  });
});

if (process.env.E2E_RELAY_URL) {
  test('connects to a real relay in Settings → Sync, and the header says it is up to date', async () => {
    const { browser } = state;
    await click(browser, 'nav-settings');
    await typeInto(browser, 'sync-url', process.env.E2E_RELAY_URL);
    await typeInto(browser, 'sync-email', 'relay-owner@example.com');
    await typeInto(browser, 'sync-password', 'relay-password-e2e');
    await typeInto(browser, 'sync-device-name', 'E2E counter');
    await click(browser, 'sync-mode-create');
    await click(browser, 'sync-connect');
    let problem = '';
    await browser.waitUntil(
      async () => {
        if (await (await byTestId(browser, 'sync-now')).isDisplayed()) return true;
        problem = await browser.execute(() =>
          [...document.querySelectorAll('.ant-form-item-explain-error, .ant-alert-error')]
            .map((e) => e.textContent)
            .join(' | '),
        );
        return false;
      },
      { timeoutMsg: 'not connected to the relay' },
    ).catch((error) => {
      throw new Error(`${error.message}${problem ? `: ${problem}` : ''}`);
    });
    await click(browser, 'sync-now');
    const indicator = await byTestId(browser, 'sync-indicator');
    await browser.waitUntil(async () => (await indicator.getAttribute('data-state')) === 'synced', {
      timeoutMsg: 'the header does not say the device is up to date',
    });
    await shot(browser, 'sync');
  });

  test('pairs a new device by the code the app shows (the CLI joins as that device)', async () => {
    const { browser } = state;
    await click(browser, 'sync-pair-start');
    const codeElement = await byTestId(browser, 'sync-pair-code');
    await codeElement.waitForDisplayed({ timeoutMsg: 'no pairing code shown' });
    const code = (await textOf(browser, codeElement)).replace(/[^0-9-]/g, '');
    if (!/^\d{4}-\d{6}$/.test(code)) throw new Error(`the pairing code looks wrong: ${code}`);
    await shot(browser, 'pairing');
    const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../target/debug/suanpan');
    const joinDir = fs.mkdtempSync(path.join(os.tmpdir(), 'suanpan-e2e-pair-'));
    const joined = execFileAsync(
      cli,
      ['--data-dir', joinDir, 'sync', 'connect', '--relay', process.env.E2E_RELAY_URL, '--email',
        'relay-owner@example.com', '--pairing-code', code, '--device-name', 'E2E tablet'],
      {
        env: {
          ...process.env,
          SUANPAN_KEYCHAIN: 'off',
          SUANPAN_DB_PASSPHRASE: 'e2e-tablet-passphrase',
          SUANPAN_RELAY_PASSWORD: 'relay-password-e2e',
          SUANPAN_LOG: 'error',
        },
        timeout: 90_000,
      },
    );
    const state_ = await byTestId(browser, 'sync-pair-state');
    await browser.waitUntil(async () => (await state_.getAttribute('data-state')) === 'done', {
      timeout: 60_000,
      timeoutMsg: 'the app did not see the new device take the key',
    });
    await joined.catch((error) => {
      throw new Error(`the CLI could not join by code: ${error.stderr || error.message}`);
    });
    state.tabletDir = joinDir;
  });

  test('a SKU given to two products offline (here and on the tablet) is flagged after sync and merged away', async () => {
    const { browser } = state;
    if (!state.tabletDir) throw new Error('no tablet: the pairing test did not run');
    const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../target/debug/suanpan');
    const tablet = (args) =>
      execFileAsync(cli, ['--data-dir', state.tabletDir, ...args], {
        env: {
          ...process.env,
          SUANPAN_KEYCHAIN: 'off',
          SUANPAN_DB_PASSPHRASE: 'e2e-tablet-passphrase',
          SUANPAN_RELAY_PASSWORD: 'relay-password-e2e',
          SUANPAN_PASSWORD: OWNER_PASSWORD,
          SUANPAN_LOG: 'error',
        },
        timeout: 60_000,
      }).catch((error) => {
        throw new Error(`the tablet's ${args.join(' ')} failed: ${error.stderr || error.message}`);
      });
    // The tablet takes in what the company has (its users too: till then nobody can sign in on it), then works
    // offline.
    await tablet(['sync']);
    // Here: a new product the tablet has not heard of.
    await click(browser, 'nav-inventory');
    await click(browser, 'inv-tab-products');
    await clickSettled(browser, 'inv-product-add');
    await typeInto(browser, 'inv-product-name', '茉莉花茶 100g');
    await typeInto(browser, 'inv-product-sku', 'TEA-TWIN');
    await typeInto(browser, 'inv-product-price', '45');
    await clickSettled(browser, 'inv-product-submit');
    await (await browser.$('[data-testid="inv-product-row"][data-sku="TEA-TWIN"]')).waitForDisplayed({
      timeoutMsg: 'the product is not listed',
    });
    // The tablet, not synced since, gives the same SKU to a product of its own and syncs.
    const twin = JSON.stringify({ name: 'Jasmine tea', sku: 'tea-twin', price: '45' });
    await tablet(['--user', OWNER_EMAIL, 'call', 'inventory.products.create', twin]);
    await tablet(['--user', OWNER_EMAIL, 'sync']);
    // Here: a sync round brings the tablet's product in, and the Products tab names the clash.
    await click(browser, 'nav-settings');
    await click(browser, 'sync-now');
    const indicator = await byTestId(browser, 'sync-indicator');
    await browser.waitUntil(async () => (await indicator.getAttribute('data-state')) === 'synced', {
      timeoutMsg: 'the header does not say the device is up to date',
    });
    await click(browser, 'nav-inventory');
    await click(browser, 'inv-tab-products');
    const item = await browser.$('[data-testid="inv-clash-item"][data-code="TEA-TWIN"]');
    await item.waitForDisplayed({ timeoutMsg: 'the SKU clash is not shown after sync' });
    const text = await textOf(browser, item);
    for (const name of ['茉莉花茶 100g', 'Jasmine tea']) {
      if (!text.includes(name)) throw new Error(`the clash does not name ${name}: ${text}`);
    }
    await shot(browser, 'clash');
    // Merged into the product made here: the tablet's is archived and the alert goes.
    await clickWhenSettled(browser, await item.$('[data-testid="inv-clash-merge"]'));
    const modal = await byTestId(browser, 'inv-merge-modal');
    await modal.waitForDisplayed({ timeoutMsg: 'no merge dialog' });
    let keep = null;
    for (const option of await modal.$$('.ant-radio-wrapper')) {
      if ((await textOf(browser, option)).includes('茉莉花茶')) keep = option;
    }
    if (!keep) throw new Error('the merge dialog does not offer 茉莉花茶 100g');
    await clickElement(browser, keep);
    await clickSettled(browser, 'inv-merge-submit');
    await browser.waitUntil(() => browser.execute(() => !document.querySelector('[data-testid="inv-clash-alert"]')), {
      timeoutMsg: 'the clash is still shown after the merge',
    });
    const rows = await browser.$$('[data-testid="inv-product-row"][data-sku="TEA-TWIN"]');
    if (rows.length !== 1) throw new Error(`${rows.length} products listed with SKU TEA-TWIN after the merge`);
  });
}

test('logs out back to the login screen', async () => {
  const { browser } = state;
  await click(browser, 'logout');
  await (await byTestId(browser, 'login-email')).waitForDisplayed({ timeoutMsg: 'no login screen after logout' });
});

if (!dryRun) {
  test('session 2: after restarting the app on the same data, it is unlocked again and the owner signs in', async () => {
    await state.browser.deleteSession();
    state.browser = null;
    state.browser = await startApp();
    await waitForUnlockScreen(state.browser, 'after the restart');
    await unlock(state.browser);
    await login(state.browser);
  });

  test('the customer and its note are still there', async () => {
    const { browser } = state;
    await openCustomer(browser, '小明', CUSTOMER_NAME);
    await browser.waitUntil(
      async () => {
        for (const note of await browser.$$('[data-testid="timeline-note"]')) {
          if ((await textOf(browser, note)).includes(NOTE_TEXT)) return true;
        }
        return false;
      },
      { timeoutMsg: 'the note is gone after the restart' },
    );
  });
}

process.exit(await run(tests, state));
