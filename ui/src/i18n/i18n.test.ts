import { describe, expect, it } from 'vitest';
import en from './en.json';
import { languageFromLocale } from './index';
import zhCN from './zh-CN.json';

function keys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

function emptyValues(tree: object): string[] {
  return keys(tree).filter((path) => {
    const value = path.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], tree);
    return typeof value !== 'string' || value.trim() === '';
  });
}

describe('locales', () => {
  it('zh-CN has every key that en has', () => {
    const missing = keys(en).filter((key) => !keys(zhCN).includes(key));
    expect(missing, 'keys missing from zh-CN.json').toEqual([]);
  });

  it('en has every key that zh-CN has', () => {
    const missing = keys(zhCN).filter((key) => !keys(en).includes(key));
    expect(missing, 'keys missing from en.json').toEqual([]);
  });

  it('has no empty strings in either language', () => {
    expect(emptyValues(en), 'empty values in en.json').toEqual([]);
    expect(emptyValues(zhCN), 'empty values in zh-CN.json').toEqual([]);
  });

  it('picks zh-CN for any Chinese OS locale and English otherwise', () => {
    expect(languageFromLocale('zh-CN')).toBe('zh-CN');
    expect(languageFromLocale('zh-TW')).toBe('zh-CN');
    expect(languageFromLocale('zh')).toBe('zh-CN');
    expect(languageFromLocale('en-GB')).toBe('en');
    expect(languageFromLocale('de-DE')).toBe('en');
    expect(languageFromLocale(undefined)).toBe('en');
  });
});
