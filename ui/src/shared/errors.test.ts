import { describe, expect, it } from 'vitest';
import { ApiError, ERROR_CODES, REASONS, toApiError } from '../api/rpc';
import i18n from '../i18n';
import { errorText, reasonText } from './errors';

const zh = i18n.getFixedT('zh-CN');
const en = i18n.getFixedT('en');

describe('error texts', () => {
  it('says every reason in both languages, with the limit where the core sends one', () => {
    for (const [language, t] of [
      ['en', en],
      ['zh-CN', zh],
    ] as const) {
      for (const reason of REASONS) {
        const text = reasonText(t, { message: 'English from the core', reason, limit: 7 });
        expect(text, `${reason} in ${language}`).not.toMatch(/errors\.reasons|English from the core|\{\{/);
        if (['too_long', 'too_short', 'too_many', 'out_of_range', 'wrong_field_count'].includes(reason)) {
          expect(text, `${reason} in ${language} names its limit`).toContain('7');
        }
      }
    }
  });

  it('says every error code in both languages, never with the core’s own words where no reason is given', () => {
    for (const [language, t] of [
      ['en', en],
      ['zh-CN', zh],
    ] as const) {
      for (const code of ERROR_CODES) {
        const text = errorText(t, new ApiError(code, 'storage error: UNIQUE constraint failed: t.id'));
        expect(text, `${code} in ${language}`).not.toMatch(/^errors\.|\{\{/);
        if (code !== 'validation' && code !== 'conflict')
          expect(text, `${code} in ${language}`).not.toContain('constraint');
      }
    }
  });

  it('falls back to the core’s English message only when there is no reason it knows', () => {
    expect(reasonText(zh, { message: 'a tag cannot contain ;' })).toBe('a tag cannot contain ;');
    const unknown = toApiError({ code: 'validation', message: 'too spicy', field: 'name', reason: 'too_spicy' });
    expect(reasonText(zh, unknown)).toBe('too spicy');
    // A limit without a text that says it: the reason alone.
    expect(reasonText(zh, { message: 'x', reason: 'required', limit: 3 })).toBe('此项为必填');
  });

  it('names the record that is not there, in the core’s words of the UI language', () => {
    const gone = toApiError({
      error: {
        code: 'not_found',
        message: 'This invoice does not exist; it may have been deleted',
        message_zh: '该发票不存在，可能已被删除',
      },
    });
    expect(errorText(zh, gone)).toBe('该发票不存在，可能已被删除');
    expect(errorText(en, gone)).toBe('This invoice does not exist; it may have been deleted');
    // Without the core's words (an older core), the generic sentence.
    expect(errorText(en, new ApiError('not_found', 'x 1 does not exist'))).toBe(en('errors.not_found'));
  });

  it('says a refusal in the core’s own Chinese words where it gives them', () => {
    const voided = toApiError({
      error: { code: 'conflict', message: 'invoice INV-7 is void already', message_zh: '发票 INV-7 已作废' },
    });
    expect(errorText(zh, voided)).toBe('与现有数据冲突：发票 INV-7 已作废');
    expect(errorText(en, voided)).toContain('invoice INV-7 is void already');
    // Numbers the reason alone cannot say: the core's words win over the reason's in both languages.
    const unbalanced = toApiError({
      code: 'validation',
      message: 'lines: debits (10.00) and credits (9.00) differ by 1.00',
      message_zh: '借方合计（10.00）与贷方合计（9.00）相差 1.00',
      field: 'lines',
      reason: 'invalid_value',
    });
    expect(reasonText(zh, unbalanced)).toBe('借方合计（10.00）与贷方合计（9.00）相差 1.00');
    expect(reasonText(en, unbalanced)).toBe('lines: debits (10.00) and credits (9.00) differ by 1.00');
  });

  it('puts what kind of error and why together for alerts and notifications', () => {
    const tooLong = new ApiError('validation', 'name is too long', { field: 'name', reason: 'too_long', limit: 200 });
    expect(errorText(zh, tooLong)).toBe('请检查输入内容：最多 200 个字符');
    expect(errorText(en, tooLong)).toBe('Please check the input: At most 200 characters');
    expect(errorText(zh, new ApiError('validation', 'file: cannot read'))).toBe('请检查输入内容：file: cannot read');
    expect(errorText(zh, new ApiError('storage', 'disk full'))).toBe('无法读写数据文件，请检查磁盘空间后重试。');
    const refused = new ApiError('unauthenticated', 'the email or password is wrong', {
      field: 'password',
      reason: 'wrong_credentials',
    });
    expect(errorText(zh, refused)).toBe('邮箱或密码错误');
  });
});
