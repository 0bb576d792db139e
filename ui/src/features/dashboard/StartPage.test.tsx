import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { navigate } from '../../shared/router';
import { inputsOf, realCore } from '../../test/core';
import { paste, SLOW } from '../../test/forms';
import { inLanguage } from '../../test/language';
import { renderSignedIn } from '../../test/render';
import { AppShell } from '../shell/AppShell';

afterEach(() => {
  window.location.hash = '';
});

const step = (key: string) => screen.getByTestId(`start-step-${key}`);

describe('The start checklist', { timeout: 30_000 }, () => {
  it('lists the steps of setting up the shop, ticks what the core says is done, and opens where each is done', async () => {
    const backend = await realCore('owner');
    await backend.run('customers.create', { name: 'Tea House' });
    navigate('start');
    renderSignedIn(<AppShell />, { session: backend.session });

    await waitFor(() => expect(screen.getByTestId('start-steps')).toBeInTheDocument(), SLOW);
    expect(screen.getAllByTestId(/^start-step-/).map((row) => row.dataset.testid)).toEqual([
      'start-step-company',
      'start-step-books',
      'start-step-taxes',
      'start-step-opening',
      'start-step-products',
      'start-step-customers',
      'start-step-staff',
      'start-step-devices',
    ]);
    expect(step('customers')).toHaveAttribute('data-done', 'yes');
    expect(within(step('customers')).getByText('Done')).toBeInTheDocument();
    expect(step('products')).toHaveAttribute('data-done', 'no');
    expect(screen.getByTestId('start-progress')).toHaveTextContent('1 of 8 done');

    await userEvent.click(within(step('products')).getByTestId('start-goto-products'));
    expect(window.location.hash).toBe('#/inventory/products');
  });

  it('does each step in place, with the forms of its own screen, and ticks it when the core says it is done', async () => {
    const backend = await realCore('owner');
    navigate('start');
    renderSignedIn(<AppShell />, { session: backend.session });
    await waitFor(() => expect(screen.getByTestId('start-progress')).toHaveTextContent('0 of 8 done'), SLOW);
    // The opening balances and taxes wait for the books.
    expect(screen.getByTestId('start-open-opening')).toBeDisabled();
    expect(screen.getByTestId('start-open-taxes')).toBeDisabled();

    // Company details, under their row.
    await userEvent.click(screen.getByTestId('start-open-company'));
    const address = await within(step('company')).findByTestId('company-address_line1', {}, SLOW);
    await waitFor(() => expect(address).toBeVisible(), SLOW);
    await paste(address, '1 Tiyu West Road');
    await userEvent.click(within(step('company')).getByTestId('company-save'));
    await waitFor(() => expect(step('company')).toHaveAttribute('data-done', 'yes'), SLOW);

    // The chart of accounts: set up once, then nothing more to do here.
    await userEvent.click(screen.getByTestId('start-open-books'));
    await userEvent.click(await within(step('books')).findByTestId('finance-setup-submit', {}, SLOW));
    await waitFor(() => expect(step('books')).toHaveAttribute('data-done', 'yes'), SLOW);
    expect(screen.queryByTestId('start-open-books')).not.toBeInTheDocument();
    expect(screen.getByTestId('start-open-opening')).toBeEnabled();

    // A product, in the product drawer.
    await userEvent.click(screen.getByTestId('start-open-products'));
    await paste(await screen.findByTestId('inv-product-name', {}, SLOW), 'Longjing tea');
    await paste(screen.getByTestId('inv-product-price'), '88');
    await userEvent.click(screen.getByTestId('inv-product-submit'));
    await waitFor(() => expect(step('products')).toHaveAttribute('data-done', 'yes'), SLOW);
    expect(screen.getByTestId('start-open-products')).toHaveTextContent('Add more');

    // A customer, in the customer drawer.
    await userEvent.click(screen.getByTestId('start-open-customers'));
    await paste(await screen.findByTestId('customer-form-name', {}, SLOW), 'Tea House');
    await userEvent.click(screen.getByTestId('customer-form-submit'));
    await waitFor(() => expect(step('customers')).toHaveAttribute('data-done', 'yes'), SLOW);

    expect(screen.getByTestId('start-progress')).toHaveTextContent('4 of 8 done');
    // Each was written through the real commands, as on its own screen.
    expect(inputsOf(backend.calls, 'company.profile.update')).toHaveLength(1);
    expect(inputsOf(backend.calls, 'inventory.products.create')).toHaveLength(1);
    expect(inputsOf(backend.calls, 'customers.create')).toHaveLength(1);
  });

  it('opens on the start page when signed in with nowhere else asked for', async () => {
    const backend = await realCore('owner');
    renderSignedIn(<AppShell />, { session: backend.session });
    await waitFor(() => expect(screen.getByTestId('start-steps')).toBeInTheDocument(), SLOW);
  });
});

describe('The start checklist in Chinese', { timeout: 30_000 }, () => {
  inLanguage('zh-CN');

  it('says it all in Chinese', async () => {
    const backend = await realCore('owner');
    navigate('start');
    renderSignedIn(<AppShell />, { session: backend.session });

    await waitFor(() => expect(screen.getByTestId('start-steps')).toBeInTheDocument(), SLOW);
    expect(step('opening')).toHaveTextContent('期初余额');
    expect(within(step('opening')).getByTestId('start-open-opening')).toHaveTextContent('去设置');
    expect(screen.getByTestId('start-progress')).toHaveTextContent('已完成 0/8');
    expect(screen.getByTestId('nav-start')).toHaveTextContent('开始使用');
  });
});
