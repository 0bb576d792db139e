import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/rpc';
import { useActions, useSubmit } from './useSubmit';

/** A call that answers only when the test says so. */
function deferred() {
  let settle: { resolve: () => void; reject: (error: unknown) => void } = { resolve: () => {}, reject: () => {} };
  const promise = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  return { promise, ...settle };
}

describe('useSubmit', () => {
  it('is busy while the call runs and ignores a second submit meanwhile (one call for a double-click)', async () => {
    const { result } = renderHook(() => useSubmit());
    const call = deferred();
    let calls = 0;
    const work = () => {
      calls += 1;
      return call.promise;
    };

    let first: Promise<boolean> = Promise.resolve(false);
    let second: Promise<boolean> = Promise.resolve(false);
    act(() => {
      first = result.current.run(work);
      second = result.current.run(work);
    });
    await waitFor(() => expect(result.current.busy).toBe(true));
    expect(await second).toBe(false);
    expect(calls).toBe(1);

    await act(async () => {
      call.resolve();
      expect(await first).toBe(true);
    });
    expect(result.current.busy).toBe(false);
    expect(result.current.error).toBeNull();

    // Done, it takes the next submit.
    await act(async () => {
      expect(await result.current.run(() => Promise.resolve())).toBe(true);
    });
    expect(calls).toBe(1);
  });

  it('in a drawer, takes no second submit after the first was saved until the drawer is opened again', async () => {
    // The second click of a double-click can come after the first call's answer, while the drawer slides shut
    // (seen through the real app: an expense recorded twice).
    const { result, rerender } = renderHook(({ open }) => useSubmit(open), { initialProps: { open: true } });
    let calls = 0;
    const work = async () => {
      calls += 1;
    };
    await act(async () => {
      expect(await result.current.run(work)).toBe(true);
    });
    await act(async () => {
      expect(await result.current.run(work)).toBe(false);
    });
    expect(calls).toBe(1);
    // A refusal does not latch it, a success does; closed and opened again, it takes a submit.
    rerender({ open: false });
    rerender({ open: true });
    await act(async () => {
      expect(
        await result.current.run(() => Promise.reject(new ApiError('validation', 'amount', { field: 'amount' }))),
      ).toBe(false);
    });
    await act(async () => {
      expect(await result.current.run(work)).toBe(true);
    });
    expect(calls).toBe(2);
  });

  it('says a refusal in the UI language unless the form put it on a field, and clears it on the next try', async () => {
    const { result } = renderHook(() => useSubmit());
    const refused = new ApiError('conflict', 'invoice INV-7 is void already', { messageZh: '发票 INV-7 已作废' });

    await act(async () => {
      expect(await result.current.run(() => Promise.reject(refused))).toBe(false);
    });
    expect(result.current.error).toContain('invoice INV-7 is void already');
    expect(result.current.busy).toBe(false);

    await act(async () => {
      await result.current.run(
        () => Promise.reject(refused),
        () => true,
      );
    });
    expect(result.current.error).toBeNull();

    await act(async () => {
      await result.current.run(
        () => Promise.reject(refused),
        () => 'in the form’s own words',
      );
    });
    expect(result.current.error).toBe('in the form’s own words');
  });

  it('keeps a submit’s request id while no answer came, and takes a new one after any answer', async () => {
    const { result } = renderHook(() => useSubmit());
    const ids: (string | undefined)[] = [];
    const submit = (outcome: () => Promise<void>) =>
      act(async () => {
        await result.current.run(async (once) => {
          ids.push(once.requestId);
          await outcome();
        });
      });

    // No answer (the host did not answer): sent again, the same request.
    await submit(() => Promise.reject(new ApiError('storage', 'no answer', { reason: 'relay_offline' })));
    await submit(() => Promise.resolve());
    // Answered: the next submit is another request, also after a refusal.
    await submit(() => Promise.reject(new ApiError('validation', 'amount: too many decimals', { field: 'amount' })));
    await submit(() => Promise.resolve());

    expect(ids[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).not.toBe(ids[1]);
    expect(ids[3]).not.toBe(ids[2]);
  });
});

describe('useActions', () => {
  it('names the action that runs, one at a time, and keeps each action’s own request id', async () => {
    const { result } = renderHook(() => useActions<'upload' | 'remove'>());
    const call = deferred();
    const ids: Record<string, (string | undefined)[]> = { upload: [], remove: [] };

    let first: Promise<boolean> = Promise.resolve(false);
    act(() => {
      first = result.current.run('upload', (once) => {
        ids.upload.push(once.requestId);
        return call.promise;
      });
    });
    await waitFor(() => expect(result.current.busy).toBe('upload'));
    // Another action meanwhile is not run.
    await act(async () => {
      expect(await result.current.run('remove', () => Promise.resolve())).toBe(false);
    });
    await act(async () => {
      call.reject(new ApiError('storage', 'no answer', { reason: 'relay_offline' }));
      expect(await first).toBe(false);
    });
    expect(result.current.busy).toBeNull();
    expect(result.current.error).not.toBeNull();

    // The upload's outcome is unknown: a remove now is a request of its own, the upload sent again is the same.
    await act(async () => {
      await result.current.run('remove', async (once) => {
        ids.remove.push(once.requestId);
      });
      await result.current.run('upload', async (once) => {
        ids.upload.push(once.requestId);
      });
    });
    expect(ids.remove[0]).not.toBe(ids.upload[0]);
    expect(ids.upload[1]).toBe(ids.upload[0]);
    expect(result.current.error).toBeNull();
  });
});
