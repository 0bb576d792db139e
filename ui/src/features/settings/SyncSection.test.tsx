import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { PairingState, PairingStatus } from '../../api/bindings';
import type { SyncDeviceBody, SyncReportBody, SyncStatusBody } from '../../api/rpc';
import { mockCommands, type Call } from '../../test/ipc';
import { renderSignedIn, sessionAs } from '../../test/render';
import { SyncProvider } from '../sync/SyncProvider';
import { SyncSection } from './SyncSection';

const OWNER = sessionAs('owner', ['customers.read', 'users.manage', 'security.manage']);
const MANAGER = sessionAs('manager', ['customers.read', 'users.manage']);
const CASHIER = sessionAs('cashier', ['customers.read', 'customers.write']);

const KEY = '0123456789abcdef'.repeat(4);
const KEY_INVALID = 'Enter the pairing code (10 digits, like 1234-567890) or the sync key (64 characters, 0–9 and a–f)';
const NOT_CONNECTED: SyncStatusBody = {
  configured: false,
  relay_url: null,
  device_id: null,
  pending: 0,
  waiting: 0,
  last_synced_at_ms: null,
};
const CONNECTED: SyncStatusBody = {
  configured: true,
  relay_url: 'https://relay.example.com',
  // The relay's ids are UUIDv7: devices set up the same minute share the first characters.
  device_id: '019af3c2-5e10-7b21-9a4e-3c1d2b7f8e90',
  pending: 2,
  waiting: 0,
  last_synced_at_ms: Date.now() - 5 * 60_000,
};
const NOTHING_NEW: SyncReportBody = {
  pushed: 0,
  pulled: 0,
  applied: 0,
  waiting: 0,
  rejected: 0,
  cursor: 7,
  files_sent: 0,
  files_received: 0,
  files_waiting: 0,
  files_forgotten: 0,
};
const DEVICES: SyncDeviceBody[] = [
  {
    id: '019af3c2-5e10-7b21-9a4e-3c1d2b7f8e90',
    name: 'Counter laptop',
    created_at_ms: 1_700_000_000_000,
    last_seen_ms: Date.now(),
    revoked: false,
  },
  {
    id: 'd-office-77',
    name: 'Office PC',
    created_at_ms: 1_700_100_000_000,
    last_seen_ms: 1_700_200_000_000,
    revoked: false,
  },
  {
    id: 'd-old-12',
    name: 'Old till',
    created_at_ms: 1_690_000_000_000,
    last_seen_ms: 1_690_500_000_000,
    revoked: true,
  },
];

/** The form checks its fields (asynchronously) before it sends: on a busy machine that takes a while. */
// Generous: under a loaded CI machine antd forms and the mocked round trips take seconds.
const SLOW = { timeout: 10_000 };

/**
 * The shell before and after connecting: not connected until `sync_connect` succeeds, connected after it,
 * as the core answers. (The round that starts on connecting reads the status again; a status stuck at "not
 * connected" brought the form back, empty, whenever that read came before the test looked.)
 */
function connectingShell() {
  let connected = false;
  return {
    sync_status: () => (connected ? CONNECTED : NOT_CONNECTED),
    sync_connect: () => {
      connected = true;
      return CONNECTED;
    },
  };
}

function renderSection(session = OWNER) {
  return renderSignedIn(
    <SyncProvider>
      <SyncSection />
    </SyncProvider>,
    { session },
  );
}

function formItemOf(element: HTMLElement): HTMLElement {
  const item = element.closest('.ant-form-item');
  if (!(item instanceof HTMLElement)) throw new Error('input is not inside a form item');
  return item;
}

function inputsOf(calls: Call[], command: Call['command']): unknown[] {
  return calls.filter((call) => call.command === command).map((call) => call.input);
}

/**
 * Puts `text` into `input` at once, as pasting it would (typing long values key by key is slow here), and
 * waits until the form holds it. A change event needs no focus, which a loaded machine was seen to lose
 * between the click and the paste, leaving the field empty.
 */
async function paste(input: HTMLElement, text: string) {
  fireEvent.change(input, { target: { value: text } });
  await waitFor(() => expect(input).toHaveValue(text));
}

async function fillRelayAccount() {
  await paste(await screen.findByTestId('sync-url'), 'https://relay.example.com');
  await paste(screen.getByTestId('sync-email'), 'shop@example.com');
  await paste(screen.getByTestId('sync-password'), 'long-relay-secret');
}

// Filling and checking a whole antd form takes seconds of jsdom time, more on a busy machine.
describe('SyncSection: connecting', { timeout: 30_000 }, () => {
  it('creates the company’s relay account from the first device, then shows how sync stands', async () => {
    const calls = mockCommands(
      {},
      {
        ...connectingShell(),
        sync_now: () => NOTHING_NEW,
        sync_devices: () => DEVICES,
      },
    );
    renderSection();

    await fillRelayAccount();
    expect(screen.getByTestId('sync-device-name')).toHaveValue('This computer');
    await userEvent.click(screen.getByTestId('sync-mode-create'));
    expect(screen.queryByTestId('sync-key-input')).toBeNull();
    await userEvent.click(screen.getByTestId('sync-connect'));

    expect(await screen.findByTestId('sync-relay-url', {}, SLOW)).toHaveTextContent('https://relay.example.com');
    expect(inputsOf(calls, 'sync_connect')).toEqual([
      {
        input: {
          relay_url: 'https://relay.example.com',
          email: 'shop@example.com',
          password: 'long-relay-secret',
          device_name: 'This computer',
          create: true,
        },
      },
    ]);
    expect(calls.find((call) => call.command === 'sync_connect')?.token).toBe('test-token');
    // Connected, the first round runs at once.
    await waitFor(() => expect(inputsOf(calls, 'sync_now')).toHaveLength(1));
  });

  it('asks for the pairing code or sync key when joining, and checks it before sending anything', async () => {
    const calls = mockCommands({}, { sync_status: () => NOT_CONNECTED, sync_connect: () => CONNECTED });
    renderSection(MANAGER);

    await fillRelayAccount();
    await userEvent.click(screen.getByTestId('sync-mode-join'));
    await userEvent.click(screen.getByTestId('sync-connect'));
    const keyInput = await screen.findByTestId('sync-key-input');
    await waitFor(() => expect(formItemOf(keyInput)).toHaveTextContent('Enter the pairing code or the sync key'), SLOW);

    await paste(keyInput, 'not-a-key');
    await userEvent.click(screen.getByTestId('sync-connect'));
    await waitFor(() => expect(formItemOf(keyInput)).toHaveTextContent(KEY_INVALID), SLOW);
    // Too few digits for a pairing code.
    await paste(keyInput, '12345');
    await userEvent.click(screen.getByTestId('sync-connect'));
    await waitFor(() => expect(formItemOf(keyInput)).toHaveTextContent(KEY_INVALID), SLOW);
    expect(inputsOf(calls, 'sync_connect')).toEqual([]);
  });

  it('joins with the sync key', async () => {
    const calls = mockCommands(
      {},
      {
        ...connectingShell(),
        sync_now: () => NOTHING_NEW,
        sync_devices: () => DEVICES,
      },
    );
    renderSection(MANAGER);

    await fillRelayAccount();
    await paste(screen.getByTestId('sync-device-name'), 'Office PC');
    await userEvent.click(screen.getByTestId('sync-mode-join'));
    // Typed off paper in groups: the spaces do not count.
    await paste(await screen.findByTestId('sync-key-input'), `${KEY.slice(0, 32)} ${KEY.slice(32)}`);
    await userEvent.click(screen.getByTestId('sync-connect'));

    await screen.findByTestId('sync-relay-url', {}, SLOW);
    expect(inputsOf(calls, 'sync_connect')).toEqual([
      {
        input: {
          relay_url: 'https://relay.example.com',
          email: 'shop@example.com',
          password: 'long-relay-secret',
          device_name: 'Office PC',
          create: false,
          key: KEY,
        },
      },
    ]);
  });

  it('joins with a pairing code typed in groups, and says it waits for the connected device', async () => {
    let connected = false;
    let finishConnect: () => void = () => undefined;
    const calls = mockCommands(
      {},
      {
        sync_status: () => (connected ? CONNECTED : NOT_CONNECTED),
        // Joining by code waits for the connected device to send the key: here until the test says.
        sync_connect: () =>
          new Promise((resolve) => {
            finishConnect = () => {
              connected = true;
              resolve(CONNECTED);
            };
          }),
        sync_now: () => NOTHING_NEW,
        sync_devices: () => DEVICES,
      },
    );
    renderSection(MANAGER);

    await fillRelayAccount();
    await userEvent.click(screen.getByTestId('sync-mode-join'));
    await paste(await screen.findByTestId('sync-key-input'), '1234 567 890');
    await userEvent.click(screen.getByTestId('sync-connect'));

    expect(await screen.findByTestId('sync-pair-waiting', {}, SLOW)).toHaveTextContent('Keep its pairing screen open');
    finishConnect();
    await screen.findByTestId('sync-relay-url', {}, SLOW);
    const sent = inputsOf(calls, 'sync_connect');
    expect(sent).toEqual([
      {
        input: {
          relay_url: 'https://relay.example.com',
          email: 'shop@example.com',
          password: 'long-relay-secret',
          device_name: 'This computer',
          create: false,
          pairing_code: '1234-567890',
        },
      },
    ]);
    expect((sent[0] as { input: object }).input, 'a code is sent instead of a key, not with one').not.toHaveProperty(
      'key',
    );
  });

  it('puts the core’s refusal of a pairing code under the code field', async () => {
    const calls = mockCommands(
      {},
      {
        sync_status: () => NOT_CONNECTED,
        sync_connect: () => {
          throw {
            code: 'validation',
            message: 'pairing_code: this code was used already: start pairing again on the connected device',
            field: 'pairing_code',
          };
        },
      },
    );
    renderSection(MANAGER);

    await fillRelayAccount();
    await userEvent.click(screen.getByTestId('sync-mode-join'));
    const keyInput = await screen.findByTestId('sync-key-input');
    await paste(keyInput, '1234-567890');
    await userEvent.click(screen.getByTestId('sync-connect'));

    await waitFor(
      () =>
        expect(formItemOf(keyInput)).toHaveTextContent(
          'This code is wrong, was used already or has expired. Start pairing again on the connected computer',
        ),
      SLOW,
    );
    expect(inputsOf(calls, 'sync_connect')).toHaveLength(1);
    expect(screen.queryByTestId('sync-pair-waiting')).toBeNull();
  });

  it('puts the core’s refusal under its field, and the relay’s in an alert without ending the session', async () => {
    let attempt = 0;
    mockCommands(
      {},
      {
        sync_status: () => NOT_CONNECTED,
        sync_connect: () => {
          attempt += 1;
          if (attempt === 1) throw { code: 'validation', message: 'relay_url: use https://', field: 'relay_url' };
          throw { code: 'unauthenticated', message: 'relay: the email or password is wrong', reason: 'relay_refused' };
        },
      },
    );
    const expire = vi.fn();
    renderSignedIn(
      <SyncProvider>
        <SyncSection />
      </SyncProvider>,
      { session: OWNER, expire },
    );

    await fillRelayAccount();
    await userEvent.click(screen.getByTestId('sync-mode-join'));
    await paste(await screen.findByTestId('sync-key-input'), KEY);
    await userEvent.click(screen.getByTestId('sync-connect'));
    await waitFor(
      () =>
        expect(formItemOf(screen.getByTestId('sync-url'))).toHaveTextContent(
          "Enter the relay's https:// address (http:// only for a relay on this computer)",
        ),
      SLOW,
    );

    await userEvent.click(screen.getByTestId('sync-connect'));
    expect(
      await screen.findByText(
        "The relay did not accept the account's email and password, or this computer has been revoked.",
        {},
        SLOW,
      ),
    ).toBeInTheDocument();
    expect(expire).not.toHaveBeenCalled();
  });

  it('asks someone without users.manage to get a manager to connect', async () => {
    mockCommands({}, { sync_status: () => NOT_CONNECTED });
    renderSection(CASHIER);

    expect(await screen.findByTestId('sync-needs-manager')).toBeInTheDocument();
    expect(screen.queryByTestId('sync-connect')).toBeNull();
  });
});

describe('SyncSection: connected', () => {
  it('syncs now and says what was sent and received', async () => {
    const report: SyncReportBody = {
      pushed: 2,
      pulled: 5,
      applied: 5,
      waiting: 0,
      rejected: 0,
      cursor: 12,
      files_sent: 0,
      files_received: 0,
      files_waiting: 0,
      files_forgotten: 0,
    };
    let rounds = 0;
    const calls = mockCommands(
      {},
      {
        sync_status: () => (rounds < 2 ? CONNECTED : { ...CONNECTED, pending: 0, last_synced_at_ms: Date.now() }),
        sync_now: () => {
          rounds += 1;
          return rounds === 1 ? NOTHING_NEW : report;
        },
        sync_devices: () => DEVICES,
      },
    );
    renderSection();

    expect(await screen.findByTestId('sync-pending')).toHaveTextContent('2');
    expect(screen.getByTestId('sync-device-id')).toHaveTextContent(/^2b7f8e90$/);
    // The round right after sign-in is the shell's own, and says nothing.
    const button = screen.getByTestId('sync-now');
    await waitFor(() => expect(rounds).toBe(1));
    await waitFor(() => expect(button).not.toHaveClass('ant-btn-loading'));
    expect(screen.queryByText(/^Synced:/)).toBeNull();

    await userEvent.click(button);
    expect(await screen.findByText('Synced: sent 2, received 5')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('sync-pending')).toHaveTextContent('0'));
    expect(inputsOf(calls, 'sync_now')).toHaveLength(2);
  });

  it('says when the relay cannot be reached', async () => {
    mockCommands(
      {},
      {
        sync_status: () => CONNECTED,
        sync_now: () => {
          throw {
            code: 'storage',
            message: 'cannot reach the relay at https://relay.example.com: timed out',
            reason: 'relay_offline',
          };
        },
        sync_devices: () => DEVICES,
      },
    );
    renderSection();

    expect(await screen.findByText(/^Cannot reach the relay\./)).toBeInTheDocument();
  });

  it('lists the devices and revokes another one after confirmation', async () => {
    const calls = mockCommands(
      {},
      {
        sync_status: () => CONNECTED,
        sync_now: () => NOTHING_NEW,
        sync_devices: () => DEVICES,
        sync_revoke: () => ({}),
      },
    );
    renderSection();

    const table = await screen.findByTestId('sync-devices');
    const rows = await within(table).findAllByTestId('sync-device-row');
    expect(rows).toHaveLength(3);
    // Not this computer, nor one already cut off.
    expect(within(rows[0]).queryByTestId('sync-revoke')).toBeNull();
    expect(within(rows[2]).queryByTestId('sync-revoke')).toBeNull();
    expect(within(rows[2]).getByTestId('sync-device-revoked')).toHaveTextContent('Revoked');

    await userEvent.click(within(rows[1]).getByTestId('sync-revoke'));
    const question = await screen.findByText('Revoke “Office PC”?');
    const popover = question.closest('.ant-popover');
    if (!(popover instanceof HTMLElement)) throw new Error('the confirmation is not in a popover');
    await userEvent.click(within(popover).getByRole('button', { name: 'Revoke' }));

    await waitFor(() => expect(inputsOf(calls, 'sync_revoke')).toEqual([{ deviceId: 'd-office-77' }]));
    // The list is read again.
    await waitFor(() => expect(inputsOf(calls, 'sync_devices')).toHaveLength(2));
  });

  it('shows the owner the sync key only after a warning', async () => {
    const calls = mockCommands(
      {},
      {
        sync_status: () => CONNECTED,
        sync_now: () => NOTHING_NEW,
        sync_devices: () => DEVICES,
        sync_key: () => ({ key: KEY }),
      },
    );
    renderSection();

    await userEvent.click(await screen.findByTestId('sync-show-key'));
    const question = await screen.findByText('Show the sync key?');
    expect(inputsOf(calls, 'sync_key')).toEqual([]);
    const popover = question.closest('.ant-popover');
    if (!(popover instanceof HTMLElement)) throw new Error('the confirmation is not in a popover');
    expect(popover).toHaveTextContent('recorded in the activity log');
    await userEvent.click(within(popover).getByRole('button', { name: 'Show key' }));

    expect(await screen.findByTestId('sync-key')).toHaveTextContent(KEY);
    expect(screen.getByText(/type this key on it when joining/)).toBeInTheDocument();
    expect(inputsOf(calls, 'sync_key')).toHaveLength(1);
  });

  it('offers the key and pairing only with security.manage, and the devices only with users.manage', async () => {
    mockCommands({}, { sync_status: () => CONNECTED, sync_now: () => NOTHING_NEW, sync_devices: () => DEVICES });
    const { unmount } = renderSection(MANAGER);
    expect(await screen.findByTestId('sync-devices')).toBeInTheDocument();
    expect(screen.queryByTestId('sync-show-key')).toBeNull();
    expect(screen.queryByTestId('sync-pair-start')).toBeNull();
    unmount();

    renderSection(CASHIER);
    expect(await screen.findByTestId('sync-now')).toBeInTheDocument();
    expect(screen.queryByTestId('sync-devices')).toBeNull();
  });
});

const CODE = '1234-567890';

function pairing(state: PairingState, code = CODE): PairingStatus {
  return { state, code, expires_at_ms: Date.now() + 10 * 60_000 };
}

// The pairing's state is read once a second (PAIR_POLL_MS), on real timers: a few seconds per test.
const POLLS = { timeout: 10_000 };

describe('SyncSection: pairing a new device', { timeout: 30_000 }, () => {
  it('shows the owner a code and follows it until the new device has joined', async () => {
    const answers: PairingState[] = ['waiting', 'sent', 'done'];
    const calls = mockCommands(
      {},
      {
        sync_status: () => CONNECTED,
        sync_now: () => NOTHING_NEW,
        sync_devices: () => DEVICES,
        sync_pair_start: () => pairing('waiting'),
        // Each read moves on one step, then stays done.
        sync_pair_status: () => pairing(answers.length > 1 ? (answers.shift() as PairingState) : answers[0]),
      },
    );
    renderSection();

    await userEvent.click(await screen.findByTestId('sync-pair-start'));
    expect(await screen.findByTestId('sync-pair-code')).toHaveTextContent(CODE);
    expect(screen.getByTestId('sync-pair-state')).toHaveAttribute('data-state', 'waiting');
    expect(screen.getByTestId('sync-pair-state')).toHaveTextContent('Waiting for the new device');
    expect(screen.getByTestId('sync-pair-time-left')).toHaveTextContent(/Time left: (10:00|9:5\d)/);
    expect(screen.getByText(/Join with a pairing code or the sync key/)).toBeInTheDocument();
    expect(screen.queryByTestId('sync-pair-start')).toBeNull();

    await waitFor(() => expect(screen.getByTestId('sync-pair-state')).toHaveAttribute('data-state', 'sent'), POLLS);
    expect(screen.getByTestId('sync-pair-state')).toHaveTextContent('Key sent, waiting for the new device to confirm');
    await waitFor(() => expect(screen.getByTestId('sync-pair-state')).toHaveAttribute('data-state', 'done'), POLLS);
    expect(screen.getByTestId('sync-pair-state')).toHaveTextContent('Done: the new device has joined.');
    expect(await screen.findByText('The new device has joined')).toBeInTheDocument();
    // The list is read again, to show the new device.
    await waitFor(() => expect(inputsOf(calls, 'sync_devices')).toHaveLength(2));

    // Done, the state is no longer read.
    const polls = inputsOf(calls, 'sync_pair_status').length;
    expect(polls).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(inputsOf(calls, 'sync_pair_status')).toHaveLength(polls);
    expect(inputsOf(calls, 'sync_pair_start')).toHaveLength(1);
    expect(calls.find((call) => call.command === 'sync_pair_start')?.token).toBe('test-token');

    await userEvent.click(screen.getByTestId('sync-pair-close'));
    expect(screen.queryByTestId('sync-pair-code')).toBeNull();
    expect(screen.getByTestId('sync-pair-start')).toBeInTheDocument();
  });

  it('gives the pairing up on cancel, and stops reading its state', async () => {
    const calls = mockCommands(
      {},
      {
        sync_status: () => CONNECTED,
        sync_now: () => NOTHING_NEW,
        sync_devices: () => DEVICES,
        sync_pair_start: () => pairing('waiting'),
        sync_pair_status: () => pairing('waiting'),
        sync_pair_cancel: () => ({}),
      },
    );
    renderSection();

    await userEvent.click(await screen.findByTestId('sync-pair-start'));
    expect(await screen.findByTestId('sync-pair-code')).toHaveTextContent(CODE);
    await waitFor(() => expect(inputsOf(calls, 'sync_pair_status').length).toBeGreaterThan(0), POLLS);

    await userEvent.click(screen.getByTestId('sync-pair-cancel'));
    await waitFor(() => expect(inputsOf(calls, 'sync_pair_cancel')).toHaveLength(1));
    expect(screen.queryByTestId('sync-pair-code')).toBeNull();
    expect(screen.getByTestId('sync-pair-start')).toBeInTheDocument();
    const polls = inputsOf(calls, 'sync_pair_status').length;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(inputsOf(calls, 'sync_pair_status')).toHaveLength(polls);
  });

  it('offers a new code once the code has expired', async () => {
    let starts = 0;
    const calls = mockCommands(
      {},
      {
        sync_status: () => CONNECTED,
        sync_now: () => NOTHING_NEW,
        sync_devices: () => DEVICES,
        sync_pair_start: () => {
          starts += 1;
          return pairing('waiting', starts === 1 ? CODE : '4321-098765');
        },
        sync_pair_status: () => (starts === 1 ? pairing('expired') : pairing('waiting', '4321-098765')),
      },
    );
    renderSection();

    await userEvent.click(await screen.findByTestId('sync-pair-start'));
    await waitFor(() => expect(screen.getByTestId('sync-pair-state')).toHaveAttribute('data-state', 'expired'), POLLS);
    expect(screen.getByTestId('sync-pair-state')).toHaveTextContent('The code has expired');
    expect(screen.queryByTestId('sync-pair-cancel')).toBeNull();

    await userEvent.click(screen.getByTestId('sync-pair-restart'));
    expect(await screen.findByTestId('sync-pair-code')).toHaveTextContent('4321-098765');
    expect(screen.getByTestId('sync-pair-state')).toHaveAttribute('data-state', 'waiting');
    expect(inputsOf(calls, 'sync_pair_start')).toHaveLength(2);
  });

  it('says why pairing could not start', async () => {
    mockCommands(
      {},
      {
        sync_status: () => CONNECTED,
        sync_now: () => NOTHING_NEW,
        sync_devices: () => DEVICES,
        sync_pair_start: () => {
          throw {
            code: 'storage',
            message: 'cannot reach the relay at https://relay.example.com: timed out',
            reason: 'relay_offline',
          };
        },
      },
    );
    renderSection();

    await userEvent.click(await screen.findByTestId('sync-pair-start'));
    const panel = await screen.findByTestId('sync-pairing');
    expect(panel).toHaveTextContent(/Cannot reach the relay\./);
    expect(screen.queryByTestId('sync-pair-code')).toBeNull();
    await userEvent.click(screen.getByTestId('sync-pair-close'));
    expect(screen.queryByTestId('sync-pairing')).toBeNull();
  });
});
