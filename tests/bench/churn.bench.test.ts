/**
 * Churn prediction in the browser through the REAL churn worker (Predict → Churn), as the
 * page calls it: `runChurnTask((api, task) => api.train(request, task))` with the request
 * churnLab.svelte.ts builds for "given labels" (a target column of a customer table). The
 * worker reads the dataset from IndexedDB, labels it, fits the pipeline and the models,
 * evaluates them on the test rows (metrics, curves, permutation importance), cross-
 * validates, scores every customer with three reasons, writes the results dataset and the
 * receipt; the outcome comes back to the page. Timed from the call to the outcome. Prints
 * tables; never fails on time (only sanity checks on the figures).
 *
 * (a) Telco (7,043 customers; target Churn, positive Yes): the CSV goes in as on the Data
 *     page — a File from a file input (Chromium reads the file from disk: DOM.
 *     setFileInputFiles over the DevTools protocol, which is what Playwright's
 *     setInputFiles does; vitest's readFile/fetch refuse paths outside the project) through
 *     the import worker's preview → parse → save. Then logistic regression, test size 0.2,
 *     5 folds, seed 42: one warm-up call (starts the worker) and the median of 3. Listed:
 *     the outcome's own timings (read, label, runChurn, prepare, store), the phases inside
 *     runChurn from the page-side arrival of the core's progress events (each phase
 *     reports its start and end: fit, test metrics + permutation importance, the 5 folds,
 *     scoring with reasons), the test AUC and the 5-fold CV AUC. The scikit-learn peer
 *     (../shared/peers/churn_logreg.py) runs in the Vitest Node process through the
 *     `churnPeer` command (tests/support/peer-commands.ts), median of 3 in the same run.
 * (b) The network on 100,000 rows × 30 numeric features (seeded; churn.node.bench's
 *     logistic ground truth with one interaction), stored with writeDataset as a customer
 *     table with a 0/1 target column. Network only, no cross-validation (folds 0), 20
 *     epochs with early stopping off (patience 1000), hidden [32, 16], dropout 0.2, batch
 *     256 (the app's default) and 1024. Median of 3 per batch size, or 1 run when a run
 *     takes over 3 minutes. A 2,000-row warm-up call first starts the worker and the
 *     TensorFlow.js engine. Lists the backend the worker used (receipt.backend), the
 *     per-epoch progress the page received and the seconds per epoch.
 *
 * About 5 minutes on 2 cores (the network part is most of it).
 *
 * Run: npx vite build && npx vitest run --project bench tests/bench/churn.bench.test.ts --reporter=verbose
 */
import { afterAll, expect, it } from 'vitest';
import { cdp, commands, server } from 'vitest/browser';
// Type only: the command itself runs in the Node process (and brings its typing).
import type { ChurnPeerResult } from '../support/peer-commands.ts';
import { DEFAULT_MLP_OPTIONS } from '../../src/core/churn/mlp.ts';
import type { ChurnSettings } from '../../src/core/churn/settings.ts';
import { createRng } from '../../src/core/stats/random.ts';
import type { Progress } from '../../src/core/task.ts';
import type { Table } from '../../src/core/table/index.ts';
import { deleteDataset, getDataset, getDb, writeDataset } from '../../src/store/index.ts';
import type { ChurnRequest, ChurnRunOutcome } from '../../src/workers/api.ts';
import { runChurnTask, runIngestTask } from '../../src/workers/client.ts';
import { medianOf } from '../support/wide-table.ts';

const RUNS = 3;
/** A network run longer than this is done once. */
const LONG_RUN_MS = 180_000;
const SHARED = `${server.config.root.replace(/\/+$/, '').replace(/\/[^/]+$/, '')}/shared`;
const TELCO = `${SHARED}/data/telco_churn/telco_churn.csv`;
const PEER = `${SHARED}/peers/churn_logreg.py`;

const db = getDb();
const created = { datasets: [] as number[], runs: [] as number[] };

afterAll(async () => {
  for (const id of created.runs) await db.runs.delete(id);
  for (const id of created.datasets) await deleteDataset(db, id).catch(() => false);
});

const fmt = (x: number | null | undefined, digits = 3): string =>
  x !== null && x !== undefined && Number.isFinite(x) ? x.toFixed(digits) : '—';
const sec = (ms: number): string => fmt(ms / 1000, 2);

/**
 * A file on this machine as the page gets it from a file picker: an <input type=file>
 * whose files Chromium sets from the path (DevTools protocol DOM.setFileInputFiles, as
 * Playwright's setInputFiles). Null when the file cannot be read.
 */
async function fileFromDisk(path: string): Promise<File | null> {
  const input = document.createElement('input');
  input.type = 'file';
  document.body.append(input);
  // The CDP session belongs to the top page; the tests run in a same-origin iframe.
  const key = `__churnBenchInput${Date.now()}`;
  const top = window.top as unknown as Record<string, unknown>;
  top[key] = input;
  try {
    const session = cdp();
    const { result } = await session.send('Runtime.evaluate', { expression: `window.${key}` });
    if (!result.objectId) return null;
    await session.send('DOM.setFileInputFiles', { files: [path], objectId: result.objectId });
    const file = input.files?.[0];
    if (!file || file.size === 0) return null;
    await file.slice(0, 1).arrayBuffer(); // throws when the path is not a readable file
    return file;
  } catch {
    return null;
  } finally {
    delete top[key];
    input.remove();
  }
}

const telco = await fileFromDisk(TELCO);

interface Call {
  wallMs: number;
  outcome: ChurnRunOutcome;
  /** Page-side arrival of each progress phase's first and last event, ms since the call. */
  phases: Record<string, { first: number; last: number }>;
  /** Page-side arrival of each epoch's progress event, ms since the call. */
  epochs: number[];
}

/** One train() call as churnLab.train makes it; the run's results and receipt go afterwards. */
async function train(request: ChurnRequest): Promise<Call> {
  const phases: Call['phases'] = {};
  const epochs: number[] = [];
  const epochTotal = request.settings.mlp?.epochs ?? -1;
  const c0 = performance.now();
  const onProgress = (p: Progress): void => {
    const at = performance.now() - c0;
    const key = p.phase.replace(/^progress\./, '');
    phases[key] ??= { first: at, last: at };
    phases[key].last = at;
    if (key === 'churn.train' && p.total === epochTotal && p.done >= 1) epochs.push(at);
  };
  const outcome = await runChurnTask((api, task) => api.train(request, task), { onProgress });
  const wallMs = performance.now() - c0;
  created.runs.push(outcome.runId);
  created.datasets.push(outcome.resultsId);
  await deleteDataset(db, outcome.resultsId); // the results dataset goes at once
  return { wallMs, outcome, phases, epochs };
}

/**
 * Where a call's time went, in ms, from the outcome's own timings: the worker's read /
 * label / train (runChurn) / store, and inside runChurn the prepare step and, per model,
 * the fit, the test metrics with permutation importance (evaluate), the cross-validation
 * and the scoring of every customer with reasons.
 */
function breakdown(c: Call): Record<string, number> {
  const t = c.outcome.timings;
  const kind = c.outcome.models[0]?.kind ?? 'logistic';
  return {
    read: t.read,
    label: t.label,
    train: t.train,
    prepare: t.prepare,
    fit: t[`${kind}.fit`],
    evaluate: t[`${kind}.evaluate`],
    cv: t[`${kind}.cv`],
    score: t[`${kind}.score`],
    store: t.store,
    other: c.wallMs - t.read - t.label - t.train - t.store,
  };
}

/** A call's progress phases as "name first–last" in seconds. */
function phaseList(c: Call): string {
  return Object.entries(c.phases)
    .map(([k, v]) => `${k} ${sec(v.first)}–${sec(v.last)}`)
    .join(', ');
}

function phaseRows(calls: Call[], fitNote: string): string[] {
  const b = calls.map(breakdown);
  const t = (key: string) => medianOf(b.map((x) => x[key]));
  const rows: [string, number, string][] = [
    ['read dataset (IndexedDB)', t('read'), 'timings.read'],
    ['labels (+ engine init)', t('label'), 'timings.label'],
    ['runChurn', t('train'), 'timings.train'],
    ['  split + pipeline', t('prepare'), 'timings.prepare'],
    ['  fit', t('fit'), `${fitNote} (progress train)`],
    ['  test metrics + importance', t('evaluate'), 'permutation importance, 5 repeats (evaluate)'],
    ['  cross-validation', t('cv'), 'pipeline + fit per fold (cv)'],
    ['  score all with reasons', t('score'), 'P + top 3 reasons per customer (score)'],
    ['write results dataset', t('store'), 'timings.store'],
    ['other', t('other'), 'receipt, messaging, clone of the outcome'],
  ];
  return rows.map(([name, ms, note]) => `  ${name.padEnd(30)}${sec(ms).padStart(7)} s   ${note}`);
}

it.skipIf(!telco)(
  'Telco: logistic regression, 5-fold CV, in the churn worker (median of 3)',
  async () => {
    const file = telco!;
    const input = { file, fileName: file.name };
    const i0 = performance.now();
    const preview = await runIngestTask((api, task) => api.preview(input, {}, task));
    const session = await runIngestTask((api, task) => api.parse(input, {}, preview.specs, task));
    const saved = await runIngestTask((api, task) =>
      api.save(
        session.sessionId,
        { name: `Telco churn bench ${Date.now()}`, kind: preview.kind, cleaning: session.cleaning },
        task,
      ),
    );
    const importMs = performance.now() - i0;
    created.datasets.push(saved.datasetId);
    const record = await getDataset(db, saved.datasetId);

    const settings: Partial<ChurnSettings> = {
      models: ['logistic'],
      testSize: 0.2,
      folds: 5,
      seed: 42,
      classWeight: 'none',
    };
    const request: ChurnRequest = {
      datasetId: saved.datasetId,
      labels: { source: 'target', column: 'Churn', positive: 'Yes' },
      settings,
    };
    const warm = await train(request); // starts the churn worker
    const calls: Call[] = [];
    for (let r = 0; r < RUNS; r++) calls.push(await train(request));
    const o = calls[0].outcome;
    const m = o.models[0];
    const wall = medianOf(calls.map((c) => c.wallMs));
    const b = calls.map(breakdown);
    const peerLike = medianOf(b.map((x) => x.fit + x.cv));
    // The scikit-learn peer in the Vitest Node process (tests/support/peer-commands.ts).
    const peers: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const peer: ChurnPeerResult | null = await commands.churnPeer();
      if (!peer) break;
      peers.push(peer.seconds * 1000);
    }
    const peerMs = peers.length > 0 ? medianOf(peers) : NaN;

    console.log(
      [
        '',
        `Telco churn in the worker (chromium, ${navigator.hardwareConcurrency} cores): ${o.rows.toLocaleString('en')} customers, ${o.positives} positive (${fmt(100 * o.positiveRate, 1)} %), split ${o.split.train}/${o.split.test}, ${o.pipeline.features.length} features; logistic regression, 5-fold CV, seed 42; median of ${RUNS}`,
        `import (not timed below): ${file.name} ${(file.size / 1e6).toFixed(2)} MB via the import worker preview → parse → save ${sec(importMs)} s; kind ${record.kind}, ${saved.rows.toLocaleString('en')} rows`,
        `${'train(), call → outcome'.padEnd(32)}${sec(wall).padStart(7)} s   runs: ${calls.map((c) => sec(c.wallMs)).join(' ')}; first call (worker start-up) ${sec(warm.wallMs)} s`,
        ...phaseRows(calls, 'Newton on the 80 %'),
        `  page-side progress of run 1 (s after the call, first–last event): ${phaseList(calls[0])}`,
        `figures: test AUC ${fmt(m.test.auc, 4)}, average precision ${fmt(m.test.averagePrecision, 4)}, 5-fold CV AUC ${fmt(m.cv?.mean, 4)} ± ${fmt(m.cv?.std, 4)} (folds ${m.cv?.folds.map((a) => fmt(a, 3)).join(' ')}); worker backend ${o.receipt.backend ?? 'none (no TensorFlow.js for logistic regression)'}`,
        `the peer's work (split fit + test AUC + 5-fold CV): ours fit + cross-validation ${sec(peerLike)} s in the worker (median)`,
        peers.length > 0
          ? `scikit-learn peer (${PEER}, same run, median of ${peers.length}): ${sec(peerMs)} s; ours fit + CV / peer ${fmt(peerLike / peerMs, 2)}×, whole train() / peer ${fmt(wall / peerMs, 2)}×`
          : `scikit-learn peer: not run (needs /usr/bin/python3 with scikit-learn and pandas)`,
      ].join('\n'),
    );

    // Sanity only (scikit-learn gives 0.842 / 0.845 on the same split and folds).
    expect(o.rows).toBe(7043);
    expect(m.test.auc).toBeGreaterThan(0.83);
    expect(m.cv!.mean).toBeGreaterThan(0.83);
    for (const c of calls) expect(c.outcome.models[0].test.auc).toBe(m.test.auc);
  },
);

/** `n` rows × `d` features with a logistic ground truth (churn.node.bench's generator). */
function syntheticCustomers(n: number, d: number, seed: number): Table {
  const rng = createRng(seed);
  const x = Array.from({ length: d }, () => new Float64Array(n));
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let z = -1;
    for (let j = 0; j < d; j++) {
      const v = rng.normal();
      x[j][i] = v;
      if (j < 5) z += 0.6 * v;
    }
    z += 0.5 * x[5][i] * x[6][i];
    y[i] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return {
    rowCount: n,
    columns: [
      { name: 'customer_id', type: 'i32', values: Int32Array.from({ length: n }, (_, i) => i + 1) },
      ...x.map((values, j) => ({
        name: `x${String(j + 1).padStart(2, '0')}`,
        type: 'f64' as const,
        values,
      })),
      { name: 'churned', type: 'i32', values: y },
    ],
  };
}

async function storeCustomers(table: Table, name: string): Promise<number> {
  const stored = await writeDataset(
    db,
    { name, kind: 'customers', roles: { customer_id: 'customerId' } },
    table,
  );
  created.datasets.push(stored.id!);
  return stored.id!;
}

it('network: 100,000 rows × 30 features, 20 epochs, in the churn worker', async () => {
  const n = 100_000;
  const d = 30;
  const epochs = 20;
  const t0 = performance.now();
  const big = await storeCustomers(syntheticCustomers(n, d, 9), `churn bench ${n} × ${d}`);
  const small = await storeCustomers(syntheticCustomers(2000, d, 10), `churn bench warm-up`);
  const storeMs = performance.now() - t0;

  const request = (datasetId: number, batchSize: number, epochCount: number): ChurnRequest => ({
    datasetId,
    labels: { source: 'target', column: 'churned', positive: '1' },
    settings: {
      models: ['mlp'],
      testSize: 0.2,
      folds: 0,
      seed: 42,
      classWeight: 'none',
      mlp: { ...DEFAULT_MLP_OPTIONS, epochs: epochCount, patience: 1000, batchSize },
    },
  });
  const warm = await train(request(small, 256, 2)); // worker + TensorFlow.js engine start-up

  const lines = [
    '',
    `Network in the churn worker (chromium, ${navigator.hardwareConcurrency} cores): ${n.toLocaleString('en')} rows × ${d} features (seeded), hidden [32, 16], dropout 0.2, ${epochs} epochs, early stop off, no CV; 80/20 split, the network's own 15 % validation share of the 80 %`,
    `generate + writeDataset (not timed below) ${sec(storeMs)} s; warm-up call (2,000 rows, 2 epochs; worker + engine start-up) ${sec(warm.wallMs)} s; backend ${warm.outcome.receipt.backend ?? '—'}`,
  ];
  for (const batchSize of [256, 1024]) {
    const calls: Call[] = [];
    for (let r = 0; r < RUNS; r++) {
      calls.push(await train(request(big, batchSize, epochs)));
      if (calls[0].wallMs > LONG_RUN_MS) break;
    }
    const c = calls[0];
    const o = c.outcome;
    const m = o.models[0];
    const wall = medianOf(calls.map((k) => k.wallMs));
    const fitMs = medianOf(calls.map((k) => breakdown(k).fit));
    // Epoch time from the page's progress events: first → last epoch over epochs − 1.
    const epochMs = medianOf(
      calls.map((k) =>
        k.epochs.length >= 2 ? (k.epochs.at(-1)! - k.epochs[0]) / (k.epochs.length - 1) : NaN,
      ),
    );
    const trainStart = c.phases['churn.train']?.first ?? NaN;
    lines.push(
      `— batch ${batchSize}: ${calls.length === 1 && calls[0].wallMs > LONG_RUN_MS ? '1 run (over 3 minutes)' : `median of ${calls.length}`} —`,
      `  ${'train(), call → outcome'.padEnd(30)}${sec(wall).padStart(7)} s   runs: ${calls.map((k) => sec(k.wallMs)).join(' ')}`,
      ...phaseRows(calls, `${epochs} epochs on 85 % of the 80 %`),
      `  per epoch: ${sec(epochMs)} s between epoch progress events; fit / ${epochs} ${sec(fitMs / epochs)} s; whole call / ${epochs} ${sec(wall / epochs)} s`,
      `  progress: ${c.epochs.length} epoch events of ${epochs} in run 1 (fit starts ${sec(trainStart)} s, epoch 1 at ${sec(c.epochs[0] ?? NaN)} s, epoch ${epochs} at ${sec(c.epochs.at(-1) ?? NaN)} s); ${calls.map((k) => k.epochs.length).join('/')} per run`,
      `  page-side progress of run 1 (s after the call, first–last event): ${phaseList(c)}`,
      `  backend ${o.receipt.backend ?? '—'}; history ${m.history?.length} epochs, final loss ${fmt(m.history?.at(-1)?.loss, 4)}, validation loss ${fmt(m.history?.at(-1)?.validationLoss, 4)}; test AUC ${fmt(m.test.auc, 4)} on ${o.split.test.toLocaleString('en')} rows; ${o.scores.ids.length.toLocaleString('en')} customers scored`,
    );
    expect(m.history).toHaveLength(epochs);
    expect(o.rows).toBe(n);
    expect(m.test.auc).toBeGreaterThan(0.7);
  }
  console.log(lines.join('\n'));
}, 3_600_000);
