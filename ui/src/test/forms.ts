// Form helpers for the UI's tests: antd inputs, selects and confirmations driven as a user would.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { expect } from 'vitest';

// Antd forms check their fields asynchronously; on a loaded machine that, and the round trips to the core, take
// seconds.
export const SLOW = { timeout: 10_000 };

/** Sets an input's value at once, as pasting would, and waits until the form holds it. */
export async function paste(input: HTMLElement, text: string) {
  fireEvent.change(input, { target: { value: text } });
  await waitFor(() => expect(input).toHaveValue(text));
}

/** Opens an antd Select and picks the option with the given label. */
export async function choose(select: HTMLElement, label: string) {
  fireEvent.mouseDown(select.closest('.ant-select')?.querySelector('.ant-select-selector') ?? select);
  const options = await screen.findAllByTitle(label, {}, SLOW);
  fireEvent.click(options[options.length - 1]);
}

export function formItemOf(element: HTMLElement): HTMLElement {
  const item = element.closest('.ant-form-item');
  if (!(item instanceof HTMLElement)) throw new Error('input is not inside a form item');
  return item;
}

/** Answers a Popconfirm: clicks `button` in the popover that asks `question`. */
export async function confirmIn(question: string, button: string) {
  const popover = (await screen.findByText(question, {}, SLOW)).closest('.ant-popover');
  if (!(popover instanceof HTMLElement)) throw new Error('the confirmation is not in a popover');
  await userEvent.click(within(popover).getByRole('button', { name: button }));
}

/**
 * Clicks an element once nothing keeps clicks off it: a list reloading after the last change keeps its rows on
 * screen under a spinner whose `pointer-events: none` would swallow the click. `find` is called again each try,
 * as the rows may be drawn anew.
 */
export async function clickWhenReady(find: () => HTMLElement) {
  await waitFor(() => {
    for (let node: HTMLElement | null = find(); node; node = node.parentElement) {
      expect(getComputedStyle(node).pointerEvents).not.toBe('none');
    }
  }, SLOW);
  await userEvent.click(find());
}
