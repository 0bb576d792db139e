import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { navigate } from '../../shared/router';
import { realCore } from '../../test/core';
import { SLOW } from '../../test/forms';
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

    await userEvent.click(within(step('products')).getByTestId('start-open-products'));
    expect(window.location.hash).toBe('#/inventory/products');
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
