import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Criteria, Segment } from '../../api/bindings';
import { mockCommands } from '../../test/ipc';
import { renderSignedIn } from '../../test/render';
import { SegmentBuilderPage } from './SegmentBuilderPage';

const EXPECTED: Criteria = {
  match: 'any',
  rules: [
    { field: 'city', op: 'equals', value: '上海' },
    { match: 'any', rules: [{ field: 'city', op: 'equals', value: 'Shanghai' }] },
  ],
};

/** Opens an antd Select and picks the option with the given label. */
async function choose(select: HTMLElement, label: string) {
  fireEvent.mouseDown(select.querySelector('.ant-select-selector') ?? select);
  const options = await screen.findAllByTitle(label);
  fireEvent.click(options[options.length - 1]);
}

// Antd selects and the mocked round trips take seconds on a loaded machine (the suite runs files side by side).
describe('SegmentBuilderPage', { timeout: 20_000 }, () => {
  it('previews and saves the Criteria JSON the user built', async () => {
    const calls = mockCommands({
      'customers.tags.list': () => ['vip'],
      'customers.segments.preview': () => ({ member_count: 42 }),
      'customers.segments.create': (input): Segment => ({
        id: 's1',
        name: input.name,
        description: input.description ?? '',
        criteria: input.criteria,
        member_count: 42,
        created_at_ms: 0,
        updated_at_ms: 0,
      }),
    });
    renderSignedIn(<SegmentBuilderPage />);

    await userEvent.type(screen.getByTestId('segment-name'), 'Shanghai regulars');
    await userEvent.type(screen.getAllByTestId('rule-value')[0], '上海');
    await userEvent.click(screen.getByTestId('segment-add-group'));
    await userEvent.type(screen.getAllByTestId('rule-value')[1], 'Shanghai');
    await choose(screen.getByTestId('segment-match'), 'any');

    await waitFor(() => expect(screen.getByTestId('segment-preview-count')).toHaveTextContent('42'));
    const previews = calls.filter((call) => call.command === 'customers.segments.preview');
    expect(previews[previews.length - 1].input).toEqual({ criteria: EXPECTED });
    // Debounced: typing a dozen characters does not send a dozen previews.
    expect(previews.length).toBeLessThan(4);

    await userEvent.click(screen.getByTestId('segment-save'));

    await waitFor(() => expect(calls.some((call) => call.command === 'customers.segments.create')).toBe(true));
    const create = calls.find((call) => call.command === 'customers.segments.create');
    expect(create?.input).toEqual({ name: 'Shanghai regulars', description: '', criteria: EXPECTED });
  });

  it('waits for every rule to have a value before asking for a preview', async () => {
    const calls = mockCommands({
      'customers.tags.list': () => [],
      'customers.segments.preview': () => ({ member_count: 1 }),
    });
    renderSignedIn(<SegmentBuilderPage />);

    expect(await screen.findByText('Fill in every rule to see how many customers match.')).toBeInTheDocument();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(calls.some((call) => call.command === 'customers.segments.preview')).toBe(false);
  });
});
