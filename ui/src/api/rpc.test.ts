import { mockIPC } from '@tauri-apps/api/mocks';
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  callWithProgress,
  exportCustomersDialog,
  importCustomersDialog,
  rpc,
  saveFileDialog,
  toApiError,
} from './rpc';

describe('rpc', () => {
  it('sends token, command and input through the one `call` IPC command and returns its output', async () => {
    const seen: unknown[] = [];
    mockIPC((cmd, payload) => {
      seen.push({ cmd, payload });
      return { initialized: true, company_name: 'Shop' };
    });

    const status = await rpc('setup.status', {}, 'tok');

    expect(status).toEqual({ initialized: true, company_name: 'Shop' });
    expect(seen).toEqual([{ cmd: 'call', payload: { token: 'tok', command: 'setup.status', input: {} } }]);
  });

  it('turns a rejected error object into an ApiError with code, field and row details', async () => {
    mockIPC(() => {
      throw {
        code: 'validation',
        message: 'email is not valid',
        field: 'email',
        details: [{ row: 3, field: 'email', message: 'bad email' }],
      };
    });

    const error = await rpc('customers.create', { name: 'x' }, 'tok').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 'validation',
      message: 'email is not valid',
      field: 'email',
      details: [{ row: 3, field: 'email', message: 'bad email' }],
    });
  });

  it('keeps the reason and limit of the error and of each row, for the UI to translate', async () => {
    mockIPC(() => {
      throw {
        code: 'validation',
        message: 'name is 201 characters long; at most 200 are allowed',
        field: 'name',
        reason: 'too_long',
        limit: 200,
        details: [
          { row: 2, field: 'email', message: "row 2: email 'x' is not a valid email address", reason: 'invalid_email' },
          {
            row: 4,
            field: null,
            message: 'row 4 has 3 fields but the header has 11',
            reason: 'wrong_field_count',
            limit: 11,
          },
        ],
      };
    });

    const error = await rpc('customers.create', { name: 'x'.repeat(201) }, 'tok').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'validation', field: 'name', reason: 'too_long', limit: 200 });
    expect((error as ApiError).details).toEqual([
      { row: 2, field: 'email', message: "row 2: email 'x' is not a valid email address", reason: 'invalid_email' },
      {
        row: 4,
        field: null,
        message: 'row 4 has 3 fields but the header has 11',
        reason: 'wrong_field_count',
        limit: 11,
      },
    ]);
  });

  it('drops a reason this UI does not know, so the English message is shown rather than a missing text', () => {
    const error = toApiError({
      code: 'validation',
      message: 'too spicy',
      field: 'name',
      reason: 'too_spicy',
      limit: 3,
    });

    expect(error.reason).toBeUndefined();
    expect(error.limit).toBe(3);
    expect(error.message).toBe('too spicy');
  });

  it('accepts the core envelope {error: {...}} too', async () => {
    mockIPC(() => {
      throw { error: { code: 'unauthenticated', message: 'session expired' } };
    });

    const error = await rpc('users.profile.get', {}, 'old').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('unauthenticated');
    expect((error as ApiError).field).toBeUndefined();
  });

  it('maps errors without a known code to `internal`, never to an unknown code', () => {
    expect(toApiError('IPC exploded').code).toBe('internal');
    expect(toApiError('IPC exploded').message).toBe('IPC exploded');
    expect(toApiError(new Error('boom')).code).toBe('internal');
    expect(toApiError({ code: 'teapot', message: 'short and stout' }).code).toBe('internal');
  });

  it('passes the export query and the dialog titles to the dialog commands and returns null when cancelled', async () => {
    const seen: unknown[] = [];
    mockIPC((cmd, payload) => {
      seen.push({ cmd, payload });
      return null;
    });

    expect(await exportCustomersDialog('tok', { search: '小明', status: 'all' }, '导出客户')).toBeNull();
    expect(await importCustomersDialog('tok', '导入客户')).toBeNull();
    expect(seen).toEqual([
      {
        cmd: 'export_customers_dialog',
        payload: { token: 'tok', query: { search: '小明', status: 'all' }, title: '导出客户' },
      },
      { cmd: 'import_customers_dialog', payload: { token: 'tok', title: '导入客户' } },
    ]);
  });

  it('passes the file command, its input and the dialog title to save_file_dialog', async () => {
    const seen: unknown[] = [];
    mockIPC((cmd, payload) => {
      seen.push({ cmd, payload });
      return seen.length === 1 ? { path: '/tmp/INV-1.pdf', count: 1 } : null;
    });

    expect(await saveFileDialog('tok', 'finances.invoices.pdf', { id: 'inv1', language: 'zh' }, '保存')).toEqual({
      path: '/tmp/INV-1.pdf',
      count: 1,
    });
    expect(await saveFileDialog('tok', 'finances.reports.export', { report: 'cash_flow', format: 'csv' }, 'Save')).toBe(
      null,
    );
    expect(seen).toEqual([
      {
        cmd: 'save_file_dialog',
        payload: {
          token: 'tok',
          command: 'finances.invoices.pdf',
          input: { id: 'inv1', language: 'zh' },
          title: '保存',
        },
      },
      {
        cmd: 'save_file_dialog',
        payload: {
          token: 'tok',
          command: 'finances.reports.export',
          input: { report: 'cash_flow', format: 'csv' },
          title: 'Save',
        },
      },
    ]);
  });

  it('runs a long command through call_with_progress, and turns its refusal into an ApiError with the bad rows', async () => {
    const seen: unknown[] = [];
    mockIPC((cmd, payload) => {
      seen.push({ cmd, payload });
      if (seen.length === 1) return { created: 2, updated: 0, categories_created: 1 };
      throw {
        code: 'validation',
        message: '1 row has problems; nothing was imported',
        details: [{ row: 3, field: 'Price', message: "row 3: 'abc' is not a price", reason: 'invalid_value' }],
      };
    });
    const input = { file_name: 'p.csv', base64: 'YQ==', mapping: { name: 'Name', price: 'Price' } };

    expect(await callWithProgress('tok', 'inventory.products.import', input)).toEqual({
      created: 2,
      updated: 0,
      categories_created: 1,
    });
    const refused = await callWithProgress('tok', 'inventory.products.import', input).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).details).toEqual([
      { row: 3, field: 'Price', message: "row 3: 'abc' is not a price", reason: 'invalid_value' },
    ]);
    expect(seen[0]).toEqual({
      cmd: 'call_with_progress',
      payload: { token: 'tok', command: 'inventory.products.import', input },
    });
  });
});
