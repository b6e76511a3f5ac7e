/**
 * Lifetime value in the browser: 1,000,000 generated customers through the REAL worker
 * path of Predict → Lifetime value. Prints tables; never fails on time.
 *
 * The page simulates purchase days as clv.node.bench.test.ts part (b) does (BG/NBD with
 * CDNOW's parameters, first purchases over a 12-week window, purchases up to day 546;
 * Gamma-Gamma line values), builds a transactions table (customer id i32, order date as
 * epoch ms, amount f64) and stores it with writeDataset. Then `runClvTask((api, task) =>
 * api.fit(id, settings, task))`, exactly as clvLab.svelte.ts calls it: the worker reads
 * the dataset from IndexedDB, builds the summary, fits BG/NBD and Gamma-Gamma, computes
 * each customer's P(alive), expected purchases, spend, CLV and tier, runs the checks,
 * writes the results dataset and the receipt, and the outcome comes back to the page
 * (structured clone of the per-customer arrays). Timed from the call to the outcome,
 * median of 3 runs; the outcome's own phase timings are listed too. Settings: weeks,
 * calibration end day 273, BG/NBD, 12 periods, 12-month horizon, 1 % a month; once
 * without a holdout and once with a holdout to day 546.
 *
 * Memory: the worker's heap cannot be read from the page. measureUserAgentSpecificMemory
 * needs cross-origin isolation (tried, reported). The worker's own heap is sampled over
 * the Chrome DevTools Protocol (vitest's cdp(): auto-attach to the worker, then
 * Runtime.getHeapUsage every ~50 ms during the call; this includes array-buffer backing
 * stores). When that is unavailable the table says so and points at the Node bench.
 *
 * Run: npx vite build && npx vitest run --project bench tests/bench/clv.bench.test.ts --reporter=verbose
 */
import { afterAll, expect, it } from 'vitest';
import { cdp } from 'vitest/browser';
import type { BgNbdParams } from '../../src/core/clv/bgnbd.ts';
import { simulateBgNbdPurchases } from '../../src/core/clv/simulate.ts';
import type { ClvSettings, GammaGammaFit } from '../../src/core/clv/types.ts';
import { createRng } from '../../src/core/stats/random.ts';
import type { Progress } from '../../src/core/task.ts';
import type { Table } from '../../src/core/table/index.ts';
import { deleteDataset, getDb, writeDataset } from '../../src/store/index.ts';
import type { ClvRunOutcome } from '../../src/workers/api.ts';
import { getClvWorker, runClvTask } from '../../src/workers/client.ts';
import { medianOf } from '../support/wide-table.ts';

const N = 1_000_000;
const RUNS = 3;
const SEED = 42;
const DAY = 86_400_000;
const START = 10_000; // epoch day 10,000 = 1997-05-19
const PARAMS: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const SPEND = { p: 6.25, q: 3.74, gamma: 15.44 };

const db = getDb();
const created = { datasets: [] as number[], runs: [] as number[] };

afterAll(async () => {
  for (const id of created.runs) await db.runs.delete(id);
  for (const id of created.datasets) await deleteDataset(db, id).catch(() => false);
});

const mb = (bytes: number | null | undefined): string =>
  bytes === null || bytes === undefined || !Number.isFinite(bytes)
    ? '—'
    : `${(bytes / 2 ** 20).toFixed(bytes < 10 * 2 ** 20 ? 1 : 0)} MB`;
const fmt = (x: number, digits = 3): string => (Number.isFinite(x) ? x.toFixed(digits) : '—');
const sec = (ms: number): string => fmt(ms / 1000, 2);

/** Purchase lines of `n` simulated customers as a transactions table (node bench's simulateLog). */
function simulateTable(n: number, seed: number): { table: Table; lines: number } {
  const rng = createRng(seed);
  const firstDay = new Int32Array(n);
  const horizon = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    firstDay[i] = START + rng.int(0, 83);
    horizon[i] = (START + 546 - firstDay[i]) / 7;
  }
  const { customer, time } = simulateBgNbdPurchases(PARAMS, { customers: n, T: horizon, seed });
  const lines = customer.length;
  const date = new Float64Array(lines);
  const amount = new Float64Array(lines);
  const nu = new Float64Array(n);
  for (let i = 0; i < n; i++) nu[i] = rng.gamma(SPEND.q, 1 / SPEND.gamma);
  for (let k = 0; k < lines; k++) {
    const c = customer[k];
    date[k] = (firstDay[c] + Math.floor(time[k] * 7)) * DAY;
    amount[k] = rng.gamma(SPEND.p, 1 / nu[c]);
    customer[k] = c + 1; // customer ids 1 … n
  }
  return {
    lines,
    table: {
      rowCount: lines,
      columns: [
        { name: 'customer_id', type: 'i32', values: customer },
        { name: 'order_date', type: 'date', values: date },
        { name: 'amount', type: 'f64', values: amount },
      ],
    },
  };
}

interface HeapSample {
  used: number;
  total: number;
  backing: number;
}

/**
 * The lifetime-value worker's heap over CDP: the page's session auto-attaches to its
 * workers (non-flat sessions, so messages go through Target.sendMessageToTarget), and
 * Runtime.getHeapUsage is asked of the worker's session.
 */
class WorkerHeapProbe {
  private readonly session = cdp();
  private readonly workers = new Map<string, string>();
  private readonly pending = new Map<number, (result: unknown) => void>();
  private nextId = 1;
  problem = '';

  async start(): Promise<void> {
    this.session.on('Target.attachedToTarget', (e) => {
      const { type, title, url } = e.targetInfo;
      if (type === 'worker') this.workers.set(e.sessionId, `${title} ${url}`);
    });
    this.session.on('Target.receivedMessageFromTarget', (e) => {
      const message = JSON.parse(e.message) as { id?: number; result?: unknown; error?: unknown };
      if (message.id === undefined) return;
      this.pending.get(message.id)?.(message.error ? null : message.result);
      this.pending.delete(message.id);
    });
    await this.session.send('Target.setAutoAttach', {
      autoAttach: true,
      waitForDebuggerOnStart: false,
      flatten: false,
    });
  }

  /** The session of the clv worker, waiting up to `ms` for it to attach. */
  async clvSession(ms = 15_000): Promise<string | null> {
    const t0 = performance.now();
    while (performance.now() - t0 < ms) {
      for (const [id, name] of this.workers)
        if (/customer-lens-clv|clv\.worker/.test(name)) return id;
      await new Promise((r) => setTimeout(r, 50));
    }
    this.problem = `no clv worker attached (workers seen: ${[...this.workers.values()].join(', ') || 'none'})`;
    return null;
  }

  async call<T>(sessionId: string, method: string, params: object = {}): Promise<T | null> {
    const id = this.nextId++;
    const answer = new Promise<unknown>((resolve) => {
      this.pending.set(id, resolve);
      setTimeout(() => {
        if (this.pending.delete(id)) resolve(null);
      }, 5000);
    });
    await this.session.send('Target.sendMessageToTarget', {
      sessionId,
      message: JSON.stringify({ id, method, params }),
    });
    return (await answer) as T | null;
  }

  async heap(sessionId: string): Promise<HeapSample | null> {
    const r = await this.call<{ usedSize: number; totalSize: number; backingStorageSize?: number }>(
      sessionId,
      'Runtime.getHeapUsage',
    );
    return r
      ? { used: r.usedSize, total: r.totalSize, backing: r.backingStorageSize ?? Number.NaN }
      : null;
  }
}

/** Samples `probe` every ~50 ms until `work` settles; returns its value and the peaks. */
async function sampled<T>(
  probe: WorkerHeapProbe | null,
  sessionId: string | null,
  work: Promise<T>,
): Promise<{ value: T; peak: HeapSample | null; samples: number }> {
  let done = false;
  let samples = 0;
  let peak: HeapSample | null = null;
  const loop = (async () => {
    if (!probe || !sessionId) return;
    while (!done) {
      const h = await probe.heap(sessionId);
      if (h) {
        samples++;
        peak = peak
          ? {
              used: Math.max(peak.used, h.used),
              total: Math.max(peak.total, h.total),
              backing: Math.max(peak.backing, h.backing),
            }
          : h;
      }
      if (!done) await new Promise((r) => setTimeout(r, 50));
    }
  })();
  try {
    return { value: await work, peak, samples };
  } finally {
    done = true;
    await loop;
  }
}

/** The page's heap after a forced GC, over CDP (the test frame shares the page's isolate). */
async function pageHeapAfterGc(): Promise<HeapSample | null> {
  try {
    const session = cdp();
    await session.send('HeapProfiler.collectGarbage');
    const r = await session.send('Runtime.getHeapUsage');
    return { used: r.usedSize, total: r.totalSize, backing: r.backingStorageSize ?? Number.NaN };
  } catch {
    return null;
  }
}

const heapText = (h: HeapSample | null): string => (h ? `${mb(h.used)} + ${mb(h.backing)}` : '—');

/** The page's own heap (Chrome's performance.memory, coarse without --enable-precise-memory-info). */
function pageHeap(): { used: number; total: number } | null {
  const m = (
    performance as unknown as { memory?: { usedJSHeapSize: number; totalJSHeapSize: number } }
  ).memory;
  return m ? { used: m.usedJSHeapSize, total: m.totalJSHeapSize } : null;
}

/** performance.measureUserAgentSpecificMemory when the page is cross-origin isolated, else why not. */
async function uaMemory(): Promise<string> {
  const measure = (
    performance as unknown as { measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }> }
  ).measureUserAgentSpecificMemory;
  if (typeof measure !== 'function') return 'not available (no such function)';
  if (!globalThis.crossOriginIsolated) return 'not available (page not cross-origin isolated)';
  try {
    return mb((await measure.call(performance)).bytes);
  } catch (err) {
    return `failed: ${String(err)}`;
  }
}

interface RunRecord {
  wallMs: number;
  timings: Record<string, number>;
  peak: HeapSample | null;
  samples: number;
  /** Page-side arrival of each progress phase, ms since the call. */
  phases: Record<string, number>;
}

/**
 * RUNS calls of the worker with one setting. A function of its own so that no outcome
 * stays reachable from the caller's suspended frame once it returns.
 */
async function runSetting(
  transactionsId: number,
  settings: ClvSettings,
  probe: WorkerHeapProbe | null,
  sessionId: string | null,
): Promise<{
  runs: RunRecord[];
  /** The page's heap after GC while holding the last outcome (as clvLab.outcome does). */
  held: HeapSample | null;
  describe: string[];
  check: { customers: number; model: Record<string, number>; spend: GammaGammaFit | null };
}> {
  const runs: RunRecord[] = [];
  let last: ClvRunOutcome | null = null;
  for (let run = 0; run < RUNS; run++) {
    last = null;
    if (probe && sessionId) await probe.call(sessionId, 'HeapProfiler.collectGarbage');
    const phases: Record<string, number> = {};
    const c0 = performance.now();
    const onProgress = (p: Progress): void => {
      phases[p.phase] ??= performance.now() - c0;
    };
    const { value, peak, samples } = await sampled(
      probe,
      sessionId,
      runClvTask((api, task) => api.fit(transactionsId, settings, task), { onProgress }),
    );
    const wallMs = performance.now() - c0;
    created.runs.push(value.runId);
    created.datasets.push(value.resultsId);
    runs.push({ wallMs, timings: value.timings, peak, samples, phases });
    await deleteDataset(db, value.resultsId); // the results dataset goes at once
    last = value;
  }
  const held = await pageHeapAfterGc();
  const s = last!;
  const fit = s.model;
  const gg = s.gammaGamma;
  const describe = [
    `  ${s.summary.customerIds.length.toLocaleString('en')} customers, ${s.summary.skippedLines.toLocaleString('en')} lines after the last end date skipped; BG/NBD r ${fmt(fit.params.r)} α ${fmt(fit.params.alpha)} a ${fmt(fit.params.a)} b ${fmt(fit.params.b)} (${fit.iterations} iterations${fit.converged ? '' : ', NOT converged'})`,
    `  Gamma-Gamma ${gg ? `p ${fmt(gg.params.p, 2)} q ${fmt(gg.params.q, 2)} γ ${fmt(gg.params.gamma, 2)} (${gg.customers.toLocaleString('en')} repeat buyers)` : 'none'}; total 12-month CLV ${fmt((s.receipt.summary.totalClv ?? Number.NaN) / 1e6, 2)} M${s.holdout ? `; holdout actual ${s.holdout.actual.toLocaleString('en')}, predicted ${fmt(s.holdout.predicted, 0)} (${fmt(100 * s.holdout.relativeError, 1)} %)` : ''}`,
  ];
  const check = { customers: s.summary.customerIds.length, model: fit.params, spend: gg };
  return { runs, held, describe, check };
}

it(`lifetime value in the worker: ${N.toLocaleString('en')} generated customers, median of ${RUNS} runs`, async () => {
  const page0 = pageHeap();
  const pageGc0 = await pageHeapAfterGc();
  const t0 = performance.now();
  let sim: ReturnType<typeof simulateTable> | null = simulateTable(N, SEED);
  const genMs = performance.now() - t0;
  const lines = sim.lines;
  const pageAfterGen = pageHeap();
  const pageGcGen = await pageHeapAfterGc();
  const writeTimings: Record<string, number> = {};
  const t1 = performance.now();
  const stored = await writeDataset(
    db,
    {
      name: `clv bench ${N} customers`,
      kind: 'transactions',
      roles: { customer_id: 'customerId', order_date: 'orderDate', amount: 'amount' },
    },
    sim.table,
    { timings: writeTimings },
  );
  const writeMs = performance.now() - t1;
  const transactionsId = stored.id!;
  created.datasets.push(transactionsId);
  sim = null; // the page keeps nothing of the table
  const pageAfterWrite = pageHeap();
  const pageGcWrite = await pageHeapAfterGc();

  // Worker heap over CDP; the worker is started before the timed calls so the probe is
  // attached from the first one (the page would start it on the first fit).
  let probe: WorkerHeapProbe | null = new WorkerHeapProbe();
  let probeNote = '';
  try {
    await probe.start();
  } catch (err) {
    probeNote = `CDP auto-attach failed: ${String(err)}`;
    probe = null;
  }
  getClvWorker();
  const sessionId = probe ? await probe.clvSession() : null;
  if (probe && !sessionId) probeNote = probe.problem;
  const baseline = probe && sessionId ? await probe.heap(sessionId) : null;
  if (probe && sessionId && !baseline) probeNote = 'Runtime.getHeapUsage gave no answer';

  const baseSettings: ClvSettings = {
    unit: 'week',
    calibrationEnd: (START + 273) * DAY,
    holdoutEnd: null,
    model: 'bgnbd',
    penalty: 0,
    periods: 12,
    horizonMonths: 12,
    monthlyDiscount: 0.01,
  };
  const variants = [
    { label: 'no holdout', settings: baseSettings },
    { label: 'holdout to day 546', settings: { ...baseSettings, holdoutEnd: (START + 546) * DAY } },
  ];
  const report: string[] = [];
  const checks: {
    customers: number;
    model: Record<string, number>;
    spend: GammaGammaFit | null;
  }[] = [];
  const pageGcOutcome: (HeapSample | null)[] = [];
  for (const variant of variants) {
    const { runs, held, describe, check } = await runSetting(
      transactionsId,
      variant.settings,
      probe,
      sessionId,
    );
    pageGcOutcome.push(held);
    const t = (key: string) => medianOf(runs.map((r) => r.timings[key] ?? Number.NaN));
    const other = medianOf(
      runs.map((r) => r.wallMs - r.timings.read - r.timings.run - r.timings.store),
    );
    const rows: [string, number, string][] = [
      ['read dataset (IndexedDB)', t('read'), 'outcome.timings.read'],
      ['summary', t('summary'), 'outcome.timings.summary'],
      ['BG/NBD fit', t('fit'), 'outcome.timings.fit'],
      ['Gamma-Gamma fit', t('gammaGamma'), 'outcome.timings.gammaGamma'],
      ['per-customer values', t('customers'), 'P(alive), E[purchases], spend, CLV, tiers'],
      ['checks', t('checks'), 'holdout, tracking, histogram'],
      ['write results dataset', t('store'), 'outcome.timings.store'],
      ['other', other, 'receipt, worker start-up, messaging, clone of the outcome'],
    ];
    const peakOf = (f: (h: HeapSample) => number): number =>
      Math.max(...runs.map((r) => (r.peak ? f(r.peak) : Number.NaN)));
    report.push(
      `— ${variant.label} —`,
      `${'total, call → outcome'.padEnd(26)}${sec(medianOf(runs.map((r) => r.wallMs))).padStart(8)} s   runs: ${runs.map((r) => sec(r.wallMs)).join(' ')}`,
      ...rows.map(
        ([name, ms, note]) => `${('  ' + name).padEnd(26)}${sec(ms).padStart(8)} s   ${note}`,
      ),
      `  page-side progress (run 1, s after call): ${Object.entries(runs[0].phases)
        .map(([k, v]) => `${k.replace('progress.', '')} ${sec(v)}`)
        .join(', ')}`,
      sessionId
        ? `  worker heap peak (CDP, ${runs.map((r) => r.samples).join('/')} samples): JS heap used ${mb(peakOf((h) => h.used))}, allocated ${mb(peakOf((h) => h.total))}, array buffers + external strings ${mb(peakOf((h) => h.backing))}`
        : `  worker heap: not measured (${probeNote}); see clv.node.bench.test.ts for peak memory`,
      ...describe,
    );
    checks.push(check);
  }
  // No outcome is referenced by the bench any more: what the page still holds, then again
  // after a GC in the worker (which lets Comlink release the proxied onProgress callbacks).
  const pageGcEnd = await pageHeapAfterGc();
  if (probe && sessionId) await probe.call(sessionId, 'HeapProfiler.collectGarbage');
  await new Promise((r) => setTimeout(r, 1000));
  const pageGcEndWorkerGc = await pageHeapAfterGc();
  const pageEnd = pageHeap();
  const ua = await uaMemory();

  console.info(
    [
      '',
      `Lifetime value in the worker (chromium), ${N.toLocaleString('en')} generated customers, ${lines.toLocaleString('en')} purchase lines (${(stored.bytes / 1e6).toFixed(1)} MB stored), median of ${RUNS} runs per setting`,
      `page: simulate + build table ${sec(genMs)} s; writeDataset ${sec(writeMs)} s (prepare ${sec(writeTimings['write.prepare'])} s, hash wait ${sec(writeTimings['write.hash'])} s) — not in the times below`,
      'settings: weeks, calibration end day 273, BG/NBD, 12 periods, 12 months at 1 %/month',
      'phase                          s   ',
      ...report,
      'memory',
      `  worker heap before the runs (CDP, idle): ${baseline ? `used ${mb(baseline.used)}, allocated ${mb(baseline.total)}, array buffers ${mb(baseline.backing)}` : `— (${probeNote})`}`,
      `  page heap after GC (CDP; JS heap + array buffers): start ${heapText(pageGc0)}, holding the simulated table ${heapText(pageGcGen)}, after write (table dropped) ${heapText(pageGcWrite)}, after each setting's runs (its last outcome held): ${variants.map((v, i) => `${v.label} ${heapText(pageGcOutcome[i])}`).join(', ')}; none held ${heapText(pageGcEnd)}, and after a worker GC ${heapText(pageGcEndWorkerGc)}`,
      `  page performance.memory used/allocated: start ${mb(page0?.used)}/${mb(page0?.total)}, after simulate ${mb(pageAfterGen?.used)}/${mb(pageAfterGen?.total)}, after write ${mb(pageAfterWrite?.used)}/${mb(pageAfterWrite?.total)}, end ${mb(pageEnd?.used)}/${mb(pageEnd?.total)} (V8 heap only; typed arrays not counted)`,
      `  performance.measureUserAgentSpecificMemory: ${ua}`,
      '  the whole process peak (RSS) of the same computation without the store is in clv.node.bench.test.ts (b)',
    ].join('\n'),
  );

  // Correctness sanity only.
  for (const c of checks) {
    expect(c.customers).toBe(N);
    for (const [name, truth] of Object.entries(PARAMS)) {
      const v = c.model[name];
      expect(Number.isFinite(v), name).toBe(true);
      expect(Math.abs(v / truth - 1), `${name} ${v} vs ${truth}`).toBeLessThan(0.1);
    }
    expect(c.spend).not.toBeNull();
    for (const [name, truth] of Object.entries(SPEND)) {
      const v = c.spend!.params[name as keyof typeof SPEND];
      expect(Number.isFinite(v), name).toBe(true);
      expect(Math.abs(v / truth - 1), `${name} ${v} vs ${truth}`).toBeLessThan(0.1);
    }
  }
});
