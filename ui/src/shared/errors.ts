import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { toApiError, type Reason } from '../api/rpc';

/** What the core says about one refused value: an `ApiError`, or one `RowError` of a rejected import. */
type Refusal = { message: string; messageZh?: string; reason?: Reason; limit?: number };

/**
 * Why the core refused a value, in the UI language ("最多 200 个字符"). When it gave no reason this UI
 * knows (`toApiError` drops reasons newer than the UI), the core's own words: its `message_zh` in
 * Chinese, its English `message` otherwise.
 */
export function reasonText(t: TFunction, refusal: Refusal): string {
  const { reason, limit } = refusal;
  // Words of its own in both languages: the core says more than its reason would (numbers, names).
  if (!reason || refusal.messageZh) return coreWords(t, refusal);
  if (limit !== undefined && saysLimit(reason)) return t(`errors.reasons.${reason}_limit`, { limit });
  return t(`errors.reasons.${reason}`);
}

/** The core's message in the UI language: `errors.core_language` says which of its texts a language takes. */
function coreWords(t: TFunction, refusal: Refusal): string {
  return t('errors.core_language') === 'zh' && refusal.messageZh ? refusal.messageZh : refusal.message;
}

/** The reasons that come with a `limit`, each with a second text (`<reason>_limit`) that says it. */
const REASONS_WITH_LIMIT = [
  'too_long',
  'too_short',
  'too_many',
  'out_of_range',
  'wrong_field_count',
  'locked',
  'too_many_decimals',
] as const;

function saysLimit(reason: Reason): reason is (typeof REASONS_WITH_LIMIT)[number] {
  return (REASONS_WITH_LIMIT as readonly Reason[]).includes(reason);
}

/**
 * A message for any error, in the UI language, for places that are not the field it concerns (alerts,
 * notifications): what kind of error it is, and for refused input why.
 */
export function errorText(t: TFunction, error: unknown): string {
  const apiError = toApiError(error);
  const generic = t(`errors.${apiError.code}`);
  if (apiError.code !== 'validation' && apiError.code !== 'conflict') {
    // A sign-in refusal says why better than "your session has ended" would.
    if (apiError.reason) return reasonText(t, apiError);
    // A record that is not there is named (this invoice, this customer) where the core names it.
    if (apiError.code === 'not_found' && apiError.messageZh) return coreWords(t, apiError);
    return generic;
  }
  const detail = reasonText(t, apiError);
  return detail ? t('errors.detail', { error: generic, detail }) : generic;
}

/** `errorText` bound to the UI language, for components. */
export function useErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  return useCallback((error: unknown) => errorText(t, error), [t]);
}

/**
 * Puts a `validation` error, in the UI language, on the form fields it names: each refused field when the core
 * refused several at once, else its one field. `fieldPaths` maps each of the core's field names this form shows
 * to its form path (e.g. `address.city` → `['address', 'city']`). Returns false when no refused field is on this
 * form, so the caller shows the error elsewhere.
 */
export function showFieldError(
  t: TFunction,
  form: FormInstance,
  error: unknown,
  fieldPaths: Record<string, (string | number)[]>,
): boolean {
  const apiError = toApiError(error);
  if (apiError.code !== 'validation' || !apiError.field) return false;
  const refused = apiError.fields.length > 0 ? apiError.fields : [{ ...apiError, field: apiError.field }];
  const shown = refused.flatMap((refusal) => {
    const path = fieldPaths[refusal.field];
    return path ? [{ name: path, errors: [reasonText(t, refusal)] }] : [];
  });
  if (shown.length === 0) return false;
  form.setFields(shown);
  return true;
}

/** The paths of the fields a form's `onValuesChange` says changed (`{address: {city}}` → `['address', 'city']`). */
function changedPaths(changed: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(changed)) {
    return changed.flatMap((item, index) => (item === undefined ? [] : changedPaths(item, [...prefix, index])));
  }
  if (typeof changed === 'object' && changed !== null && Object.getPrototypeOf(changed) === Object.prototype) {
    return Object.entries(changed).flatMap(([key, value]) => changedPaths(value, [...prefix, key]));
  }
  return prefix.length > 0 ? [prefix] : [];
}

/**
 * A form's `onValuesChange` that takes the core's refusal off a field as soon as the user changes it (antd
 * re-checks only fields with rules of their own, so a refusal put there by `showFieldError` would stay).
 */
export function clearRefusalOnChange(form: FormInstance): (changed: unknown) => void {
  return (changed) => {
    const stale = changedPaths(changed).filter((path) => form.getFieldError(path).length > 0);
    if (stale.length > 0) form.setFields(stale.map((name) => ({ name, errors: [] })));
  };
}
