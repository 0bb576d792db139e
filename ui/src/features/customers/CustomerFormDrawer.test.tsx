import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { inputsOf, realCore } from '../../test/core';
import { formItemOf, paste, SLOW } from '../../test/forms';
import { inLanguage } from '../../test/language';
import { renderSignedIn } from '../../test/render';
import { CustomerFormDrawer } from './CustomerFormDrawer';

describe('CustomerFormDrawer in Chinese', () => {
  inLanguage('zh-CN');

  it('says why the core refused a field in Chinese, with the limit the core sent', async () => {
    const backend = await realCore();
    const tooLong = 'x'.repeat(201);
    const onSaved = vi.fn();
    renderSignedIn(<CustomerFormDrawer open onClose={() => undefined} onSaved={onSaved} />, {
      session: backend.session,
    });

    await paste(screen.getByTestId('customer-form-name'), tooLong);
    await userEvent.click(screen.getByTestId('customer-form-submit'));

    const nameItem = formItemOf(screen.getByTestId('customer-form-name'));
    await waitFor(() => expect(nameItem).toHaveTextContent('最多 200 个字符'), SLOW);
    expect(nameItem).not.toHaveTextContent('at most 200 are allowed');
    expect(formItemOf(screen.getByTestId('customer-form-email'))).not.toHaveTextContent('最多 200 个字符');
    expect(inputsOf(backend.calls, 'customers.create')).toMatchObject([{ name: tooLong }]);
    expect(onSaved).not.toHaveBeenCalled();
    expect((await backend.run('customers.list', {})).total).toBe(0);
  });

  it('puts an address error on its address field', async () => {
    const backend = await realCore();
    renderSignedIn(<CustomerFormDrawer open onClose={() => undefined} onSaved={() => undefined} />, {
      session: backend.session,
    });

    await userEvent.type(screen.getByTestId('customer-form-name'), '王小明');
    // A tab pasted from a spreadsheet: an address line is one line, without control characters.
    await paste(screen.getByTestId('customer-form-city'), '上海\t浦东');
    await userEvent.click(screen.getByTestId('customer-form-submit'));

    await waitFor(
      () =>
        expect(formItemOf(screen.getByTestId('customer-form-city'))).toHaveTextContent(
          '只能填写一行，且不能包含控制字符',
        ),
      SLOW,
    );
    expect(formItemOf(screen.getByTestId('customer-form-name'))).not.toHaveTextContent('控制字符');
  });

  it('shows every refused field at once, each on its field, and clears one when it is changed', async () => {
    const backend = await realCore();
    renderSignedIn(<CustomerFormDrawer open onClose={() => undefined} onSaved={() => undefined} />, {
      session: backend.session,
    });

    await paste(screen.getByTestId('customer-form-name'), '长'.repeat(5_000));
    await paste(screen.getByTestId('customer-form-email'), 'owner@');
    await paste(screen.getByTestId('customer-form-phone'), '123');
    await userEvent.click(screen.getByTestId('customer-form-submit'));

    const name = formItemOf(screen.getByTestId('customer-form-name'));
    const email = formItemOf(screen.getByTestId('customer-form-email'));
    const phone = formItemOf(screen.getByTestId('customer-form-phone'));
    await waitFor(() => expect(name).toHaveTextContent('最多 200 个字符'), SLOW);
    expect(email).toHaveTextContent('不是有效的邮箱地址');
    expect(phone).toHaveTextContent('不是有效的电话号码');

    await paste(screen.getByTestId('customer-form-email'), 'owner@example.com');
    await waitFor(() => expect(email).not.toHaveTextContent('不是有效的邮箱地址'), SLOW);
    expect(name).toHaveTextContent('最多 200 个字符');
    expect(phone).toHaveTextContent('不是有效的电话号码');
    expect((await backend.run('customers.list', {})).total).toBe(0);
  });
});
