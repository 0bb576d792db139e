import type { FormInstance } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, toApiError } from '../api/rpc';

/** A message for any error, in the UI language. Field-level validation text comes from the core. */
export function useErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  return useCallback(
    (error: unknown) => {
      const apiError = toApiError(error);
      const generic = t(`errors.${apiError.code}`);
      if (apiError.code === 'validation' || apiError.code === 'conflict') {
        return apiError.message ? `${generic}: ${apiError.message}` : generic;
      }
      return generic;
    },
    [t],
  );
}

/**
 * Puts a `validation` error on the form field it names. `fieldPaths` maps each of the core's field
 * names this form shows to its form path (e.g. `city` → `['address', 'city']`). Returns false when the
 * error is not for a field of this form, so the caller shows it elsewhere.
 */
export function showFieldError(
  form: FormInstance,
  error: unknown,
  fieldPaths: Record<string, (string | number)[]>,
): boolean {
  if (!(error instanceof ApiError) || error.code !== 'validation' || !error.field) return false;
  const path = fieldPaths[error.field];
  if (!path) return false;
  form.setFields([{ name: path, errors: [error.message] }]);
  return true;
}
