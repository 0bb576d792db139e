import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Criteria } from '../../api/bindings';
import { inputsOf, realCore } from '../../test/core';
import { choose, paste, SLOW } from '../../test/forms';
import { renderSignedIn } from '../../test/render';
import { SegmentBuilderPage } from './SegmentBuilderPage';

const EXPECTED: Criteria = {
  match: 'any',
  rules: [
    { field: 'city', op: 'equals', value: '上海' },
    { match: 'any', rules: [{ field: 'city', op: 'equals', value: 'Shanghai' }] },
  ],
};

/** Customers in Shanghai, written either way, and one in Beijing. */
async function shopWithCustomers() {
  const backend = await realCore();
  await backend.run('customers.create', { name: '王小明', address: cityOf('上海') });
  await backend.run('customers.create', { name: 'Acme Trading', address: cityOf('Shanghai') });
  await backend.run('customers.create', { name: '李小龙茶馆', address: cityOf('北京') });
  return backend;
}

function cityOf(city: string) {
  return { line1: '', line2: '', city, region: '', postal_code: '', country: '' };
}

afterEach(() => {
  window.location.hash = '';
});

// Antd selects and the round trips to the core take seconds on a loaded machine (the suite runs files side by side).
describe('SegmentBuilderPage', { timeout: 20_000 }, () => {
  it('previews and saves the Criteria JSON the user built', async () => {
    const backend = await shopWithCustomers();
    renderSignedIn(<SegmentBuilderPage />, { session: backend.session });

    await userEvent.type(screen.getByTestId('segment-name'), 'Shanghai regulars');
    await userEvent.type(screen.getAllByTestId('rule-value')[0], '上海');
    await userEvent.click(screen.getByTestId('segment-add-group'));
    await userEvent.type(screen.getAllByTestId('rule-value')[1], 'Shanghai');
    await choose(screen.getByTestId('segment-match'), 'any');

    // The core counts the two customers in Shanghai.
    await waitFor(() => expect(screen.getByTestId('segment-preview-count')).toHaveTextContent('2'), SLOW);
    const previews = inputsOf(backend.calls, 'customers.segments.preview');
    expect(previews[previews.length - 1]).toEqual({ criteria: EXPECTED });
    // Debounced: typing a dozen characters does not send a dozen previews.
    expect(previews.length).toBeLessThan(4);

    await userEvent.click(screen.getByTestId('segment-save'));

    await waitFor(() => expect(inputsOf(backend.calls, 'customers.segments.create')).toHaveLength(1), SLOW);
    expect(inputsOf(backend.calls, 'customers.segments.create')).toEqual([
      { name: 'Shanghai regulars', description: '', criteria: EXPECTED },
    ]);
    await waitFor(async () => expect(await backend.run('customers.segments.list', {})).toHaveLength(1), SLOW);
    expect(await backend.run('customers.segments.list', {})).toMatchObject([
      { name: 'Shanghai regulars', criteria: EXPECTED, member_count: 2 },
    ]);
  });

  it('waits for every rule to have a value before asking for a preview', async () => {
    const backend = await shopWithCustomers();
    renderSignedIn(<SegmentBuilderPage />, { session: backend.session });

    expect(
      await screen.findByText('Fill in every rule to see how many customers match.', {}, SLOW),
    ).toBeInTheDocument();
    // The page has asked what it asks on opening (the tags to suggest), and no preview among it.
    await waitFor(() => expect(inputsOf(backend.calls, 'customers.tags.list')).toHaveLength(1), SLOW);
    expect(screen.getByTestId('segment-preview-count')).toHaveTextContent('—');
    expect(inputsOf(backend.calls, 'customers.segments.preview')).toEqual([]);

    // Once the rule has its value, the preview is asked for that, and only that.
    await paste(screen.getAllByTestId('rule-value')[0], '北京');
    await waitFor(() => expect(screen.getByTestId('segment-preview-count')).toHaveTextContent('1'), SLOW);
    expect(inputsOf(backend.calls, 'customers.segments.preview')).toEqual([
      { criteria: { match: 'all', rules: [{ field: 'city', op: 'equals', value: '北京' }] } },
    ]);
  });
});
