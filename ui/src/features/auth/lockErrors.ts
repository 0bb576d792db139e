import type { TFunction } from 'i18next';
import { ApiError } from '../../api/rpc';
import { reasonText } from '../../shared/errors';

/**
 * What to say under the PIN or password field of the lock screen when the core refused it, or null when the
 * refusal is not about what was typed (then it is the caller's to show elsewhere). A lockout after too many
 * tries names the PIN field even when the password was typed: it is shown under whichever field is in use.
 */
export function credentialErrorText(t: TFunction, error: unknown, shown: 'pin' | 'password'): string | null {
  if (!(error instanceof ApiError) || !error.reason) return null;
  if (error.code !== 'unauthenticated' && error.code !== 'validation') return null;
  if (error.reason === 'wrong_credentials')
    return shown === 'pin' ? t('auth.lock.wrongPin') : t('auth.lock.wrongPassword');
  return reasonText(t, error);
}
