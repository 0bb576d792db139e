import { afterEach, beforeEach } from 'vitest';
import i18n, { type Language } from '../i18n';

/** Runs the tests of the enclosing `describe` with the UI in `language`, then goes back to English. */
export function inLanguage(language: Language): void {
  beforeEach(async () => {
    await i18n.changeLanguage(language);
  });
  afterEach(async () => {
    await i18n.changeLanguage('en');
  });
}
