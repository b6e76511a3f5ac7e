/**
 * The worker plumbing without a worker: progress throttling, cancellation by task id,
 * and the error (de)serialisation that the Comlink 'throw' handler uses.
 */
import { describe, expect, it } from 'vitest';
import { CancelledError, LensError } from '../../src/core/errors.ts';
import type { Progress } from '../../src/core/task.ts';
import { deserializeError, serializeError } from '../../src/workers/errors-transfer.ts';
import { TaskRegistry, runWorkerTask, throttleProgress } from '../../src/workers/tasks.ts';

describe('throttleProgress', () => {
  it('sends phase starts and completions at once, otherwise at most one per interval, in order', async () => {
    let now = 0;
    const sent: Progress[] = [];
    const t = throttleProgress(
      (p) => sent.push(p),
      50,
      () => now,
    );
    t.report({ phase: 'a', done: 0, total: 100 }); // new phase: sent
    now = 10;
    t.report({ phase: 'a', done: 10, total: 100 }); // held
    now = 20;
    t.report({ phase: 'a', done: 20, total: 100 }); // replaces the held one
    now = 60;
    t.report({ phase: 'a', done: 60, total: 100 }); // interval passed: sent
    now = 61;
    t.report({ phase: 'a', done: 100, total: 100 }); // completion: sent
    now = 62;
    t.report({ phase: 'b', done: 0, total: 0 }); // new phase: sent
    now = 63;
    t.report({ phase: 'b', done: 5, total: 0 }); // held, then sent by the trailing timer
    expect(sent.map((p) => `${p.phase}:${p.done}`)).toEqual(['a:0', 'a:60', 'a:100', 'b:0']);
    await new Promise((r) => setTimeout(r, 80));
    expect(sent.map((p) => `${p.phase}:${p.done}`)).toEqual(['a:0', 'a:60', 'a:100', 'b:0', 'b:5']);
    now = 200;
    t.report({ phase: 'b', done: 6, total: 0 });
    now = 201;
    t.report({ phase: 'b', done: 7, total: 0 }); // held…
    t.close(); // …and dropped: nothing after close
    t.report({ phase: 'c', done: 0, total: 1 });
    await new Promise((r) => setTimeout(r, 80));
    expect(sent.map((p) => `${p.phase}:${p.done}`)).toEqual([
      'a:0',
      'a:60',
      'a:100',
      'b:0',
      'b:5',
      'b:6',
    ]);
  });

  it('survives a callback that throws or rejects', () => {
    const t1 = throttleProgress(() => {
      throw new Error('page gone');
    });
    expect(() => t1.report({ phase: 'a', done: 0, total: 1 })).not.toThrow();
    const t2 = throttleProgress(() => Promise.reject(new Error('port closed')) as unknown as void);
    expect(() => t2.report({ phase: 'a', done: 0, total: 1 })).not.toThrow();
  });
});

describe('TaskRegistry and runWorkerTask', () => {
  it('cancel(taskId) reaches a running task at its next checkpoint', async () => {
    const registry = new TaskRegistry();
    let steps = 0;
    const run = runWorkerTask(registry, { taskId: 't1' }, async (ctx) => {
      for (;;) {
        steps++;
        await ctx.checkpoint(true);
      }
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(registry.size).toBe(1);
    registry.cancel('t1');
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(steps).toBeGreaterThan(0);
    expect(registry.size).toBe(0);
  });

  it('a cancel that overtakes the start still cancels; other ids are unaffected', async () => {
    const registry = new TaskRegistry();
    registry.cancel('early');
    let ran = false;
    await expect(
      runWorkerTask(registry, { taskId: 'early' }, async () => {
        ran = true;
      }),
    ).rejects.toBeInstanceOf(CancelledError);
    expect(ran).toBe(false);
    await expect(runWorkerTask(registry, { taskId: 'other' }, async () => 42)).resolves.toBe(42);
  });
});

describe('error serialisation', () => {
  it('round-trips LensError, CancelledError, plain errors and odd values', () => {
    const lens = deserializeError(serializeError(new LensError('error.store.notFound', { id: 7 })));
    expect(lens).toBeInstanceOf(LensError);
    expect((lens as LensError).code).toBe('error.store.notFound');
    expect((lens as LensError).params).toEqual({ id: 7 });

    expect(deserializeError(serializeError(new CancelledError()))).toBeInstanceOf(CancelledError);
    // A LensError with the cancelled code (e.g. rebuilt elsewhere) is a cancellation too.
    expect(deserializeError(serializeError(new LensError('error.cancelled')))).toBeInstanceOf(
      CancelledError,
    );

    const type = deserializeError(serializeError(new TypeError('bad')));
    expect(type).toBeInstanceOf(Error);
    expect(type.name).toBe('TypeError');
    expect(type.message).toBe('bad');

    const quota = deserializeError(serializeError(new DOMException('full', 'QuotaExceededError')));
    expect((quota as LensError).code).toBe('error.storage.full');

    expect(deserializeError(serializeError({ message: 'wasm failed' })).message).toBe(
      'wasm failed',
    );
    expect(deserializeError(serializeError(42)).message).toBe('42');
    // Everything serialised is structured-cloneable.
    expect(() => structuredClone(serializeError(new LensError('x', { a: 1 })))).not.toThrow();
  });
});
