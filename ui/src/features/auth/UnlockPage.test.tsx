import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { mockCommands } from '../../test/ipc';
import { inLanguage } from '../../test/language';
import { renderPlain } from '../../test/render';
import { AuthGate } from './AuthGate';
import { UnlockPage } from './UnlockPage';

const OPEN = { state: 'open', key_source: 'passphrase' };
const WRONG_PASSPHRASE = {
  code: 'locked',
  message: 'this passphrase (or key) does not open the company file',
  field: 'passphrase',
  reason: 'wrong_passphrase',
};

function formItemOf(element: HTMLElement): HTMLElement {
  const item = element.closest('.ant-form-item');
  if (!(item instanceof HTMLElement)) throw new Error('input is not inside a form item');
  return item;
}

describe('UnlockPage, choosing a passphrase for a new company file', () => {
  it('refuses two different passphrases without asking the core', async () => {
    const calls = mockCommands({}, { unlock_store: () => OPEN });
    const onDone = vi.fn();
    renderPlain(<UnlockPage mode="new" onDone={onDone} />);

    expect(screen.getByText(/Write it down/)).toBeInTheDocument();
    await userEvent.type(screen.getByTestId('unlock-passphrase'), 'tea and biscuits');
    await userEvent.type(screen.getByTestId('unlock-passphrase-repeat'), 'tea and biscuit');
    await userEvent.click(screen.getByTestId('unlock-submit'));

    await waitFor(() =>
      expect(formItemOf(screen.getByTestId('unlock-passphrase-repeat'))).toHaveTextContent(
        'The two passphrases are not the same',
      ),
    );
    expect(calls.filter((c) => c.command === 'unlock_store')).toEqual([]);
    expect(onDone).not.toHaveBeenCalled();
  });

  it('refuses a passphrase shorter than 8 characters without asking the core', async () => {
    const calls = mockCommands({}, { unlock_store: () => OPEN });
    renderPlain(<UnlockPage mode="new" onDone={() => undefined} />);

    await userEvent.type(screen.getByTestId('unlock-passphrase'), 'short');
    await userEvent.type(screen.getByTestId('unlock-passphrase-repeat'), 'short');
    await userEvent.click(screen.getByTestId('unlock-submit'));

    await waitFor(() =>
      expect(formItemOf(screen.getByTestId('unlock-passphrase'))).toHaveTextContent('At least 8 characters'),
    );
    expect(calls.filter((c) => c.command === 'unlock_store')).toEqual([]);
  });

  it('sends the chosen passphrase once both match, then goes on', async () => {
    const calls = mockCommands({}, { unlock_store: () => OPEN });
    const onDone = vi.fn();
    renderPlain(<UnlockPage mode="new" onDone={onDone} />);

    // Eight characters, as the core counts them (not UTF-16 units).
    await userEvent.type(screen.getByTestId('unlock-passphrase'), '算盘茶庄 tea');
    await userEvent.type(screen.getByTestId('unlock-passphrase-repeat'), '算盘茶庄 tea');
    await userEvent.click(screen.getByTestId('unlock-submit'));

    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(calls.filter((c) => c.command === 'unlock_store').map((c) => c.input)).toEqual([
      { passphrase: '算盘茶庄 tea' },
    ]);
  });
});

describe('UnlockPage, opening an encrypted company file', () => {
  it('shows a wrong passphrase on its field, in the UI language, and stays', async () => {
    mockCommands(
      {},
      {
        unlock_store: () => {
          throw WRONG_PASSPHRASE;
        },
      },
    );
    const onDone = vi.fn();
    renderPlain(<UnlockPage mode="locked" onDone={onDone} />);

    expect(screen.queryByTestId('unlock-passphrase-repeat')).toBeNull();
    await userEvent.type(screen.getByTestId('unlock-passphrase'), 'not the passphrase');
    await userEvent.click(screen.getByTestId('unlock-submit'));

    await waitFor(() =>
      expect(formItemOf(screen.getByTestId('unlock-passphrase'))).toHaveTextContent(
        'This passphrase or recovery key does not open the company file',
      ),
    );
    expect(onDone).not.toHaveBeenCalled();
    expect(screen.getByTestId('unlock-submit')).toBeEnabled();
  });

  it('asks for something before asking the core', async () => {
    const calls = mockCommands({}, { unlock_store: () => OPEN });
    renderPlain(<UnlockPage mode="locked" onDone={() => undefined} />);

    await userEvent.click(screen.getByTestId('unlock-submit'));

    await waitFor(() =>
      expect(formItemOf(screen.getByTestId('unlock-passphrase'))).toHaveTextContent(
        'Enter the passphrase or the recovery key',
      ),
    );
    expect(calls.filter((c) => c.command === 'unlock_store')).toEqual([]);
  });

  it('sends a pasted recovery key without the spaces around it, but a passphrase exactly as typed', async () => {
    const calls = mockCommands({}, { unlock_store: () => OPEN });
    const { unmount } = renderPlain(<UnlockPage mode="locked" onDone={() => undefined} />);
    const recoveryKey = `x'${'ab'.repeat(32)}'`;

    await userEvent.click(screen.getByTestId('unlock-passphrase'));
    await userEvent.paste(`  ${recoveryKey}\n`);
    await userEvent.click(screen.getByTestId('unlock-submit'));
    await waitFor(() => expect(calls.filter((c) => c.command === 'unlock_store')).toHaveLength(1));
    unmount();

    renderPlain(<UnlockPage mode="locked" onDone={() => undefined} />);
    await userEvent.type(screen.getByTestId('unlock-passphrase'), ' spaced out ');
    await userEvent.click(screen.getByTestId('unlock-submit'));
    await waitFor(() => expect(calls.filter((c) => c.command === 'unlock_store')).toHaveLength(2));

    expect(calls.filter((c) => c.command === 'unlock_store').map((c) => c.input)).toEqual([
      { passphrase: recoveryKey },
      { passphrase: ' spaced out ' },
    ]);
  });

  describe('in Chinese', () => {
    inLanguage('zh-CN');

    it('says the passphrase is wrong in Chinese', async () => {
      mockCommands(
        {},
        {
          unlock_store: () => {
            throw WRONG_PASSPHRASE;
          },
        },
      );
      renderPlain(<UnlockPage mode="locked" onDone={() => undefined} />);

      await userEvent.type(screen.getByTestId('unlock-passphrase'), 'not the passphrase');
      await userEvent.click(screen.getByTestId('unlock-submit'));

      await waitFor(() =>
        expect(formItemOf(screen.getByTestId('unlock-passphrase'))).toHaveTextContent(
          '此密码短语或恢复密钥无法打开公司数据文件',
        ),
      );
    });
  });
});

describe('AuthGate with a company file that waits for its passphrase', () => {
  function mockLockedStore(initialized: boolean) {
    let state = 'locked';
    return mockCommands(
      {
        'setup.status': () => ({ initialized, company_name: initialized ? 'Tea House' : null }),
        'users.auth.resume': () => null,
      },
      {
        store_status: () => (state === 'open' ? OPEN : { state }),
        unlock_store: ({ passphrase }) => {
          if (passphrase !== 'open-sesame-9') throw WRONG_PASSPHRASE;
          state = 'open';
          return OPEN;
        },
      },
    );
  }

  it('shows the unlock screen first, asks the core nothing until unlocked, then goes on to the login', async () => {
    const calls = mockLockedStore(true);
    renderPlain(
      <AuthGate>
        <span data-testid="signed-in" />
      </AuthGate>,
    );

    expect(await screen.findByText('Unlock company file')).toBeInTheDocument();
    expect(calls.filter((c) => c.command !== 'store_status')).toEqual([]);

    await userEvent.type(screen.getByTestId('unlock-passphrase'), 'guess-guess');
    await userEvent.click(screen.getByTestId('unlock-submit'));
    await waitFor(() =>
      expect(formItemOf(screen.getByTestId('unlock-passphrase'))).toHaveTextContent(
        'This passphrase or recovery key does not open the company file',
      ),
    );

    await userEvent.clear(screen.getByTestId('unlock-passphrase'));
    await userEvent.type(screen.getByTestId('unlock-passphrase'), 'open-sesame-9');
    await userEvent.click(screen.getByTestId('unlock-submit'));

    expect(await screen.findByTestId('login-email')).toBeInTheDocument();
    expect(screen.queryByTestId('unlock-passphrase')).toBeNull();
  });

  it('goes on to the first-run screen when the newly encrypted file holds no company yet', async () => {
    let state = 'new';
    mockCommands(
      { 'setup.status': () => ({ initialized: false, company_name: null }) },
      {
        store_status: () => (state === 'open' ? OPEN : { state }),
        unlock_store: () => {
          state = 'open';
          return OPEN;
        },
      },
    );
    renderPlain(
      <AuthGate>
        <span data-testid="signed-in" />
      </AuthGate>,
    );

    expect(await screen.findByText('Protect your company file')).toBeInTheDocument();
    await userEvent.type(screen.getByTestId('unlock-passphrase'), 'tea and biscuits');
    await userEvent.type(screen.getByTestId('unlock-passphrase-repeat'), 'tea and biscuits');
    await userEvent.click(screen.getByTestId('unlock-submit'));

    expect(await screen.findByTestId('firstrun-company')).toBeInTheDocument();
  });

  it('says so when the company file cannot be opened at all, without a retry that cannot help', async () => {
    mockCommands(
      {},
      {
        store_status: () => ({
          state: 'failed',
          error: { code: 'storage', message: 'suanpan.db: file is not a database' },
        }),
      },
    );
    renderPlain(
      <AuthGate>
        <span data-testid="signed-in" />
      </AuthGate>,
    );

    expect(await screen.findByText('The company file could not be opened')).toBeInTheDocument();
    expect(screen.getByText('suanpan.db: file is not a database')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
  });
});
