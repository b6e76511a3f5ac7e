/**
 * The analysis worker for real: a module worker served by Vite, reached through Comlink
 * from this chromium page, writing to the browser's real IndexedDB (the same database
 * the page opens with getDb()).
 *
 * Other browser test files may use the same database at the same time, so these tests
 * identify their datasets by a seed of their own instead of counting all datasets.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { CancelledError, LensError } from '../../src/core/errors.ts';
import type { Progress } from '../../src/core/task.ts';
import { generateDemoShop } from '../../src/core/demo/index.ts';
import { tableToCsvChunks } from '../../src/core/table/csv.ts';
import {
  deleteDataset,
  getDataset,
  getDb,
  listDatasets,
  readTable,
} from '../../src/store/index.ts';
import {
  describeError,
  getAnalysisWorker,
  runIngestTask,
  runTask,
  terminateAnalysisWorker,
  terminateIngestWorker,
} from '../../src/workers/client.ts';
import { DEMO_DATASET_NAMES } from '../../src/workers/ingest.ts';

const db = getDb();
/** Seeds unlikely to collide with other test files' demo data. */
const SEED_BASE = 7_300_000 + Math.floor(Math.random() * 100_000) * 10;
const created: number[] = [];

async function datasetsWithSeed(seed: number): Promise<number[]> {
  const all = await listDatasets(db);
  return all
    .filter((d) => d.source?.generator?.name === 'demo' && d.source.generator.params.seed === seed)
    .map((d) => d.id!);
}

/** Rejections as values, so a test can inspect the instance. */
async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

afterAll(async () => {
  for (const id of created) await deleteDataset(db, id);
  terminateAnalysisWorker();
  terminateIngestWorker();
});

describe('analysis worker', () => {
  it('engineInfo: wasm (not cpu) in the worker, binary fetched from our own origin', async () => {
    const info = await runTask((api) => api.engineInfo());
    console.info('[worker] EngineInfo', JSON.stringify(info));
    expect(['wasm', 'webgl']).toContain(info.backend);
    // Headless chromium has only SwiftShader WebGL, which the engine's rule skips.
    expect(info.backend).toBe('wasm');
    expect(info.wasmSimd).toBe(true);
    expect(info.tfjsVersion).toBe('4.22.0');
    expect(info.initMs).toBeGreaterThan(0);
    expect(info.wasmUrl).toBeDefined();
    // wasmUrl comes from the worker's resource timing entry of the .wasm fetch.
    const url = new URL(info.wasmUrl!);
    expect(url.origin).toBe(location.origin);
    expect(url.pathname).toMatch(/tfjs-backend-wasm-simd\.wasm$/);
    // Initialised once per worker: the second call returns the same numbers.
    const again = await getAnalysisWorker().engineInfo();
    expect(again).toEqual(info);
  });

  it('a LensError thrown in the worker arrives as a LensError with code and params', async () => {
    const missing = 2_000_000_000;
    const err = await caught(runTask((api, task) => api.exportCsv(missing, task)));
    expect(err).toBeInstanceOf(LensError);
    expect(err).not.toBeInstanceOf(CancelledError);
    const lens = err as LensError;
    expect(lens.name).toBe('LensError');
    expect(lens.code).toBe('error.store.notFound');
    expect(lens.params).toEqual({ id: missing });
    expect(describeError(err)).toEqual({ code: 'error.store.notFound', params: { id: missing } });

    const bad = await caught(
      runIngestTask((api, task) => api.loadDemo({ customers: 0, months: 12, seed: 1 }, task)),
    );
    expect(bad).toBeInstanceOf(LensError);
    expect(describeError(bad)).toEqual({
      code: 'error.demo.option',
      params: { option: 'customers', value: '0' },
    });
  });

  it('loadDemo stores exactly two datasets with the generator’s row counts; progress is monotone and throttled', async () => {
    const seed = SEED_BASE + 1;
    const options = { customers: 300, months: 12, seed };
    const events: { at: number; p: Progress }[] = [];
    const t0 = performance.now();
    const result = await runIngestTask((api, task) => api.loadDemo(options, task), {
      onProgress: (p) => events.push({ at: performance.now(), p }),
    });
    const elapsed = performance.now() - t0;
    created.push(result.transactionsId, result.customersId);

    // The same generator, run here, gives the row counts the worker stored.
    const expected = generateDemoShop(options);
    expect(result.customerRows).toBe(300);
    expect(result.customerRows).toBe(expected.customers.rowCount);
    expect(result.transactionRows).toBe(expected.transactions.rowCount);
    expect(result.transactionRows).toBeGreaterThan(300);

    expect((await datasetsWithSeed(seed)).sort((a, b) => a - b)).toEqual(
      [result.transactionsId, result.customersId].sort((a, b) => a - b),
    );
    const tx = await getDataset(db, result.transactionsId);
    const cu = await getDataset(db, result.customersId);
    expect(tx.kind).toBe('transactions');
    expect(cu.kind).toBe('customers');
    expect(tx.name).toBe(DEMO_DATASET_NAMES.transactions);
    expect(cu.name).toBe(DEMO_DATASET_NAMES.customers);
    expect(tx.rowCount).toBe(expected.transactions.rowCount);
    expect(cu.rowCount).toBe(300);
    expect(tx.source?.generator).toEqual({
      name: 'demo',
      params: {
        customers: 300,
        months: 12,
        seed,
        endDate: expected.options.endDate,
        table: 'transactions',
      },
    });
    expect(cu.source?.generator?.params.table).toBe('customers');
    expect(tx.mapping).toEqual(expected.roles.transactions);
    expect(cu.mapping).toEqual(expected.roles.customers);
    expect((await readTable(db, result.customersId)).rowCount).toBe(300);

    // Progress: arrived, never after the promise settled, done non-decreasing within a phase.
    expect(events.length).toBeGreaterThan(0);
    const phases = [...new Set(events.map((e) => e.p.phase))];
    expect(phases).toEqual(
      expect.arrayContaining([
        'progress.demo.customers',
        'progress.demo.orders',
        'progress.store.write',
      ]),
    );
    for (let i = 1; i < events.length; i++) {
      const [a, b] = [events[i - 1].p, events[i].p];
      if (a.phase === b.phase && a.total === b.total)
        expect(b.done, `${b.phase} #${i}`).toBeGreaterThanOrEqual(a.done);
      expect(b.done).toBeLessThanOrEqual(b.total || Infinity);
    }
    // Throttled to ~20/s: besides the first and last report of each phase run, at most
    // one per 50 ms (small slack for timer jitter).
    const phaseRuns = events.filter(
      (e, i) => i === 0 || events[i - 1].p.phase !== e.p.phase,
    ).length;
    expect(events.length).toBeLessThanOrEqual(2 * phaseRuns + Math.ceil(elapsed / 45) + 2);
  });

  it('cancelling during generation rejects with CancelledError and stores nothing', async () => {
    const seed = SEED_BASE + 2;
    const controller = new AbortController();
    const seen: Progress[] = [];
    const err = await caught(
      runIngestTask((api, task) => api.loadDemo({ customers: 5000, months: 24, seed }, task), {
        signal: controller.signal,
        onProgress: (p) => {
          seen.push(p);
          if (p.phase === 'progress.demo.orders') controller.abort();
        },
      }),
    );
    expect(err).toBeInstanceOf(CancelledError);
    expect(describeError(err)).toEqual({ code: 'error.cancelled', params: {} });
    expect(seen.some((p) => p.phase === 'progress.demo.orders')).toBe(true);
    expect(await datasetsWithSeed(seed)).toEqual([]);
  });

  it('cancelling after the first dataset was written removes it again', async () => {
    const seed = SEED_BASE + 3;
    const controller = new AbortController();
    const seen: Progress[] = [];
    let firstWritten = false;
    const err = await caught(
      runIngestTask((api, task) => api.loadDemo({ customers: 20_000, months: 24, seed }, task), {
        signal: controller.signal,
        onProgress: (p) => {
          seen.push(p);
          // The transactions dataset's last chunk is in: cancel before the customers are stored.
          if (
            !firstWritten &&
            p.phase === 'progress.store.write' &&
            p.total > 0 &&
            p.done === p.total
          ) {
            firstWritten = true;
            controller.abort();
          }
        },
      }),
    );
    expect(firstWritten).toBe(true);
    expect(err).toBeInstanceOf(CancelledError);
    expect(await datasetsWithSeed(seed)).toEqual([]);
    // Nothing from this task's progress arrives after it settled.
    const count = seen.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(seen.length).toBe(count);
  });

  it('an already aborted signal rejects at once without calling the worker', async () => {
    const controller = new AbortController();
    controller.abort();
    let called = false;
    const err = await caught(
      runIngestTask(
        async (api, task) => {
          called = true;
          return api.loadDemo({ customers: 10, months: 1, seed: SEED_BASE + 4 }, task);
        },
        { signal: controller.signal },
      ),
    );
    expect(err).toBeInstanceOf(CancelledError);
    expect(called).toBe(false);
  });

  it('exportCsv gives a UTF-8 CSV blob with BOM equal to the core CSV writer, with progress', async () => {
    const seed = SEED_BASE + 5;
    const result = await runIngestTask((api, task) =>
      api.loadDemo({ customers: 400, months: 12, seed }, task),
    );
    created.push(result.transactionsId, result.customersId);
    const progress: Progress[] = [];
    const blob = await runTask((api, task) => api.exportCsv(result.transactionsId, task), {
      onProgress: (p) => progress.push(p),
    });
    expect(blob.type).toBe('text/csv;charset=utf-8');
    const bytes = new Uint8Array(await blob.arrayBuffer());
    expect(Array.from(bytes.subarray(0, 3))).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const table = await readTable(db, result.transactionsId);
    expect(text).toBe('\uFEFF' + [...tableToCsvChunks(table, 1000)].join(''));
    const csvProgress = progress.filter((p) => p.phase === 'progress.export.csv');
    expect(csvProgress.length).toBeGreaterThan(0);
    expect(csvProgress.every((p) => p.total === table.rowCount)).toBe(true);
  });

  it('terminating the worker rejects running tasks with CancelledError; the next call starts a new worker', async () => {
    const running = runIngestTask((api, task) =>
      api.loadDemo({ customers: 5000, months: 24, seed: SEED_BASE + 6 }, task),
    );
    await new Promise((r) => setTimeout(r, 50));
    terminateIngestWorker();
    expect(await caught(running)).toBeInstanceOf(CancelledError);
    const small = await runIngestTask((api, task) =>
      api.loadDemo({ customers: 10, months: 1, seed: SEED_BASE + 7 }, task),
    );
    created.push(small.transactionsId, small.customersId);
    expect(small.customerRows).toBe(10);
  });
});

describe('describeError', () => {
  it('maps every kind of failure to a message key and params', () => {
    expect(describeError(new CancelledError())).toEqual({ code: 'error.cancelled', params: {} });
    expect(describeError(new DOMException('stop', 'AbortError'))).toEqual({
      code: 'error.cancelled',
      params: {},
    });
    expect(describeError(new DOMException('full', 'QuotaExceededError'))).toEqual({
      code: 'error.storage.full',
      params: {},
    });
    // Dexie wraps the browser's error in `inner`.
    const dexieLike = Object.assign(new Error('Transaction aborted'), {
      name: 'AbortError',
      inner: new DOMException('full', 'QuotaExceededError'),
    });
    expect(describeError(dexieLike).code).toBe('error.storage.full');
    expect(describeError(new LensError('error.store.notFound', { id: 3 }))).toEqual({
      code: 'error.store.notFound',
      params: { id: 3 },
    });
    expect(describeError(new TypeError('x is undefined'))).toEqual({
      code: 'error.unexpected',
      params: { message: 'TypeError: x is undefined' },
    });
    expect(describeError(new Error('boom'))).toEqual({
      code: 'error.unexpected',
      params: { message: 'boom' },
    });
    expect(describeError('plain text')).toEqual({
      code: 'error.unexpected',
      params: { message: 'plain text' },
    });
    expect(describeError({ weird: 1 })).toEqual({
      code: 'error.unexpected',
      params: { message: '{"weird":1}' },
    });
  });
});
