import { App, type FormInstance } from 'antd';
import { useCallback, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The open form drawers, the last opened on top: Escape closes the top one. Antd leaves Escape to the drawer
 * mounted last, and a page keeps its drawers mounted (`forceRender`, so their forms stay connected): on a page
 * with several, Escape closed another drawer's (closed) form or nothing. So the drawers that use this hook set
 * `keyboard={false}` and Escape comes here.
 */
const open: { close: () => void; asking: () => boolean }[] = [];

function onKeyDown(event: KeyboardEvent) {
  if (event.key !== 'Escape' || event.isComposing) return;
  const top = open[open.length - 1];
  // Asking already: Escape is the question's (it keeps editing).
  if (!top || top.asking()) return;
  top.close();
}

/** What a form holds, to compare with what it held when it opened. */
function snapshot(form: FormInstance | undefined): string {
  return JSON.stringify(form?.getFieldsValue(true) ?? null);
}

/**
 * Closing a form — Escape, the drawer's ×, a click beside it, Cancel — the same way everywhere: at once when
 * nothing was typed, after asking when something was (what was typed is not lost by a slip of the finger).
 * Returns the function to give the drawer's `onClose` and the Cancel button; the drawer sets `keyboard={false}`
 * and passes whether it is `isOpen`, so Escape reaches the drawer on top.
 */
export function useCloseGuard(form: FormInstance | undefined, close: () => void, isOpen: boolean): () => void {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const asking = useRef(false);
  // What the form held once it was filled on opening: changed since, something was typed. (Antd counts a
  // field the form filled itself as touched, so `isFieldsTouched` cannot tell.)
  const baseline = useRef<string | null>(null);
  const guarded = useCallback(() => {
    if (asking.current) return;
    if (baseline.current === null || snapshot(form) === baseline.current) {
      close();
      return;
    }
    asking.current = true;
    void modal.confirm({
      title: t('common.discardTitle'),
      content: t('common.discardBody'),
      okText: t('common.discard'),
      cancelText: t('common.keepEditing'),
      okButtonProps: { danger: true, 'data-testid': 'discard-changes' },
      cancelButtonProps: { 'data-testid': 'keep-editing' },
      onOk: close,
      afterClose: () => {
        asking.current = false;
      },
    });
  }, [form, close, modal, t]);

  const latest = useRef(guarded);
  useEffect(() => {
    latest.current = guarded;
  }, [guarded]);
  useEffect(() => {
    if (!isOpen) return;
    const entry = { close: () => latest.current(), asking: () => asking.current };
    // Listening only while a guarded drawer is open (and on the window of now).
    if (open.length === 0) window.addEventListener('keydown', onKeyDown);
    open.push(entry);
    // After every effect of this render (the drawer's own fills the form on opening).
    const filled = setTimeout(() => {
      baseline.current = snapshot(form);
    }, 0);
    return () => {
      clearTimeout(filled);
      baseline.current = null;
      open.splice(open.indexOf(entry), 1);
      if (open.length === 0) window.removeEventListener('keydown', onKeyDown);
    };
  }, [isOpen, form]);
  return guarded;
}
