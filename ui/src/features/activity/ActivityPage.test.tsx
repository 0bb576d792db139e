import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { COMMANDS } from '../../api/commands';
import { COMMAND_NAMES } from '../../api/rpc';
import en from '../../i18n/en.json';
import zh from '../../i18n/zh-CN.json';
import { inputsOf, realCore } from '../../test/core';
import { SLOW } from '../../test/forms';
import { inLanguage } from '../../test/language';
import { renderSignedIn } from '../../test/render';
import { ActivityPage } from './ActivityPage';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('What the activity log says each change was', () => {
  // Every command that changes data writes an entry: each says what it did in both languages (a new command
  // without one fails here).
  it('has a label in English and Chinese for every command that writes', () => {
    const writing = COMMAND_NAMES.filter((name) => COMMANDS[name].writes);
    const key = (name: string) => name.replaceAll('.', '~');
    const missing = (labels: Record<string, string>) => writing.filter((name) => !labels[key(name)]);
    expect(missing(en.activity.actions)).toEqual([]);
    expect(missing(zh.activity.actions)).toEqual([]);
  });
});

describe('ActivityPage', () => {
  // An altered log cannot be made through the core's commands (that is the point of the chain): the entry is
  // changed in the company file behind the core's back, as an attacker with the key would.
  it('names the first broken entry when the log does not verify', async () => {
    const backend = await realCore();
    for (const name of ['Acme Trading', '王小明']) await backend.run('customers.create', { name });
    await backend.tamper("UPDATE activity SET summary = 'nothing happened' WHERE seq = 2");
    renderSignedIn(<ActivityPage />, { session: backend.session });

    await userEvent.click(await screen.findByTestId('activity-verify', {}, SLOW));

    const result = await screen.findByTestId('activity-verify-result', {}, SLOW);
    expect(result).toHaveClass('ant-alert-error');
    expect(result).toHaveTextContent('The log has been altered');
    expect(result).toHaveTextContent('Entry #2');
    expect(result).toHaveTextContent(String(new Date().getFullYear()));
    const report = await backend.run('users.activity.verify', {});
    expect(report.first_broken?.seq).toBe(2);
    expect(result).toHaveTextContent(report.first_broken?.problem ?? 'no problem named');
  });

  it('says how many entries it checked when the log is intact', async () => {
    const backend = await realCore();
    for (const name of ['Acme Trading', '王小明', 'Li Tea House']) await backend.run('customers.create', { name });
    renderSignedIn(<ActivityPage />, { session: backend.session });

    await userEvent.click(await screen.findByTestId('activity-verify', {}, SLOW));

    const result = await screen.findByTestId('activity-verify-result', {}, SLOW);
    expect(result).toHaveClass('ant-alert-success');
    // Checking writes nothing: the core checks as many entries again, the company's set-up and the customers.
    const report = await backend.run('users.activity.verify', {});
    expect(report.intact).toBe(true);
    expect(report.checked).toBeGreaterThanOrEqual(3);
    expect(result).toHaveTextContent(`The log is intact: ${report.checked} entries checked`);
  });

  it('exports with the current filters and downloads the CSV', async () => {
    const backend = await realCore();
    await backend.run('customers.create', { name: 'Acme Trading' });
    const createObjectURL = vi.fn((_blob: Blob) => 'blob:activity');
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    renderSignedIn(<ActivityPage />, { session: backend.session });

    await userEvent.click(await screen.findByTestId('activity-export', {}, SLOW));

    await waitFor(() => expect(click).toHaveBeenCalled(), SLOW);
    expect(inputsOf(backend.calls, 'users.activity.export')).toEqual([{}]);
    expect(createObjectURL).toHaveBeenCalledWith(expect.any(Blob));
    const link = click.mock.contexts[0] as HTMLAnchorElement;
    expect(link.download).toBe('activity-log.csv');
    // The file is the core's CSV of the log, with the customer added.
    const csv = await createObjectURL.mock.calls[0][0].text();
    expect(csv).toContain('customers.create');
    expect(csv).toContain('Acme Trading');
  });
});

describe('ActivityPage in Chinese', () => {
  inLanguage('zh-CN');

  it('says what happened in Chinese, with the command only as a detail', async () => {
    const backend = await realCore();
    await backend.run('customers.create', { name: '王小明' });
    renderSignedIn(<ActivityPage />, { session: backend.session });

    await waitFor(() => expect(screen.getAllByTestId('activity-action').length).toBeGreaterThan(0), SLOW);
    const newest = screen.getAllByTestId('activity-action')[0];
    expect(newest).toHaveTextContent('新增客户');
    expect(within(newest).getByText('customers.create')).toBeInTheDocument();
    // The core's own words for it, in Chinese too.
    expect(screen.getAllByTestId('activity-summary')[0]).toHaveTextContent('新增客户 王小明');
  });

  // As above, behind the core's back: an entry removed from the middle of the chain.
  it('names the broken entry in Chinese', async () => {
    const backend = await realCore();
    for (const name of ['Acme Trading', '王小明', 'Li Tea House']) await backend.run('customers.create', { name });
    await backend.tamper('DELETE FROM activity WHERE seq = 3');
    renderSignedIn(<ActivityPage />, { session: backend.session });

    await userEvent.click(await screen.findByTestId('activity-verify', {}, SLOW));

    expect(await screen.findByTestId('activity-verify-result', {}, SLOW)).toHaveTextContent('第 3 条记录与链不符');
  });
});
