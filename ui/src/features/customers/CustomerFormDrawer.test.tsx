import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { mockCommands } from '../../test/ipc';
import { inLanguage } from '../../test/language';
import { renderSignedIn } from '../../test/render';
import { CustomerFormDrawer } from './CustomerFormDrawer';

function formItemOf(element: HTMLElement): HTMLElement {
  const item = element.closest('.ant-form-item');
  if (!(item instanceof HTMLElement)) throw new Error('input is not inside a form item');
  return item;
}

describe('CustomerFormDrawer in Chinese', () => {
  inLanguage('zh-CN');

  it('says why the core refused a field in Chinese, with the limit the core sent', async () => {
    const tooLong = 'x'.repeat(201);
    mockCommands({
      'customers.tags.list': () => [],
      'customers.create': () => {
        throw {
          code: 'validation',
          message: 'name is 201 characters long; at most 200 are allowed',
          field: 'name',
          reason: 'too_long',
          limit: 200,
        };
      },
    });
    const onSaved = vi.fn();
    renderSignedIn(<CustomerFormDrawer open onClose={() => undefined} onSaved={onSaved} />);

    await userEvent.click(screen.getByTestId('customer-form-name'));
    await userEvent.paste(tooLong);
    await userEvent.click(screen.getByTestId('customer-form-submit'));

    const nameItem = formItemOf(screen.getByTestId('customer-form-name'));
    await waitFor(() => expect(nameItem).toHaveTextContent('最多 200 个字符'));
    expect(nameItem).not.toHaveTextContent('at most 200 are allowed');
    expect(formItemOf(screen.getByTestId('customer-form-email'))).not.toHaveTextContent('最多 200 个字符');
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('puts an address error on its address field', async () => {
    mockCommands({
      'customers.tags.list': () => [],
      'customers.create': () => {
        throw {
          code: 'validation',
          message: 'address.city must be a single line without control characters',
          field: 'address.city',
          reason: 'single_line',
        };
      },
    });
    renderSignedIn(<CustomerFormDrawer open onClose={() => undefined} onSaved={() => undefined} />);

    await userEvent.type(screen.getByTestId('customer-form-name'), '王小明');
    await userEvent.click(screen.getByTestId('customer-form-submit'));

    await waitFor(() =>
      expect(formItemOf(screen.getByTestId('customer-form-city'))).toHaveTextContent(
        '只能填写一行，且不能包含控制字符',
      ),
    );
  });
});
