import { mockIPC } from '@tauri-apps/api/mocks';
import { describe, expect, it } from 'vitest';
import { ApiError, exportCustomersDialog, rpc, toApiError } from './rpc';

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

  it('passes the export query to the dialog command and returns null when cancelled', async () => {
    const seen: unknown[] = [];
    mockIPC((cmd, payload) => {
      seen.push({ cmd, payload });
      return null;
    });

    expect(await exportCustomersDialog('tok', { search: '小明', status: 'all' })).toBeNull();
    expect(seen).toEqual([
      { cmd: 'export_customers_dialog', payload: { token: 'tok', query: { search: '小明', status: 'all' } } },
    ]);
  });
});
