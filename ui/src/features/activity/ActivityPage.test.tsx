import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockCommands } from '../../test/ipc';
import { inLanguage } from '../../test/language';
import { renderSignedIn } from '../../test/render';
import { ActivityPage } from './ActivityPage';

const EMPTY = { total: 0, items: [] };

afterEach(() => {
  vi.restoreAllMocks();
});

describe('ActivityPage', () => {
  it('names the first broken entry when the log does not verify', async () => {
    mockCommands({
      'users.activity.list': () => EMPTY,
      'users.activity.verify': () => ({
        intact: false,
        checked: 41,
        first_broken: { seq: 42, id: 'a-42', at_ms: Date.UTC(2025, 0, 15, 8, 30), problem: 'hash does not match' },
      }),
    });
    renderSignedIn(<ActivityPage />);

    await userEvent.click(screen.getByTestId('activity-verify'));

    const result = await screen.findByTestId('activity-verify-result');
    expect(result).toHaveClass('ant-alert-error');
    expect(result).toHaveTextContent('The log has been altered');
    expect(result).toHaveTextContent('Entry #42');
    expect(result).toHaveTextContent('2025');
    expect(result).toHaveTextContent('hash does not match');
  });

  it('says how many entries it checked when the log is intact', async () => {
    mockCommands({
      'users.activity.list': () => EMPTY,
      'users.activity.verify': () => ({ intact: true, checked: 1234, first_broken: null }),
    });
    renderSignedIn(<ActivityPage />);

    await userEvent.click(screen.getByTestId('activity-verify'));

    const result = await screen.findByTestId('activity-verify-result');
    expect(result).toHaveClass('ant-alert-success');
    expect(result).toHaveTextContent('1,234 entries checked');
  });

  it('exports with the current filters and downloads the CSV', async () => {
    const calls = mockCommands({
      'users.activity.list': () => EMPTY,
      'users.activity.export': () => ({ csv: 'at,user\n', count: 1 }),
    });
    const createObjectURL = vi.fn(() => 'blob:activity');
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    renderSignedIn(<ActivityPage />);

    await userEvent.click(screen.getByTestId('activity-export'));

    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(calls.find((call) => call.command === 'users.activity.export')?.input).toEqual({});
    expect(createObjectURL).toHaveBeenCalledWith(expect.any(Blob));
    const link = click.mock.contexts[0] as HTMLAnchorElement;
    expect(link.download).toBe('activity-log.csv');
  });
});

describe('ActivityPage in Chinese', () => {
  inLanguage('zh-CN');

  it('names the broken entry in Chinese', async () => {
    mockCommands({
      'users.activity.list': () => EMPTY,
      'users.activity.verify': () => ({
        intact: false,
        checked: 2,
        first_broken: { seq: 3, id: null, at_ms: null, problem: 'entry missing' },
      }),
    });
    renderSignedIn(<ActivityPage />);

    await userEvent.click(screen.getByTestId('activity-verify'));

    expect(await screen.findByTestId('activity-verify-result')).toHaveTextContent('第 3 条记录与链不符');
  });
});
