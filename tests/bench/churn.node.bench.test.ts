/**
 * Churn benchmarks in Node (wasm backend). Prints tables; never fails on time.
 *
 * (a) Telco (7,043 customers): logistic regression, the fit on the stratified 80/20 split
 *     plus 5-fold stratified cross-validation — the work ../shared/peers/churn_logreg.py
 *     times with scikit-learn (its own `seconds`, measured in this same run) — and the
 *     whole runChurn as the worker runs it (adds test metrics, permutation importance,
 *     scoring every customer with three reasons). Median of 3 runs; the file is read once.
 * (b) The network on 100,000 rows × 30 features (synthetic, seeded), 20 epochs, no early
 *     stop, hidden [32, 16], dropout 0.2, batch 256 and 1024: seconds per run and per epoch.
 *
 * Run: npx vitest run --project bench-node tests/bench/churn.node.bench.test.ts --reporter=verbose
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { readTransactionsFile } from '../../src/cli/input.ts';
import { targetLabels } from '../../src/core/churn/labels.ts';
import { fitLogistic, predictLogistic } from '../../src/core/churn/logistic.ts';
import { rocAuc } from '../../src/core/churn/metrics.ts';
import { DEFAULT_MLP_OPTIONS, fitMlp } from '../../src/core/churn/mlp.ts';
import { fitPipeline, transform } from '../../src/core/churn/pipeline.ts';
import { runChurn } from '../../src/core/churn/run.ts';
import { stratifiedFolds, stratifiedSplit } from '../../src/core/churn/split.ts';
import { createRng } from '../../src/core/stats/random.ts';
import { initEngine } from '../../src/engine/node.ts';
import { medianOf } from '../support/wide-table.ts';

const PYTHON = '/usr/bin/python3';
const SHARED = resolve(import.meta.dirname, '../../../shared');
const PEER = resolve(SHARED, 'peers/churn_logreg.py');
const TELCO = resolve(SHARED, 'data/telco_churn/telco_churn.csv');
const RUNS = 3;
const fmt = (x: number, digits = 3): string => (Number.isFinite(x) ? x.toFixed(digits) : '—');

beforeAll(async () => {
  await initEngine({ prefer: ['wasm'] });
});

it.skipIf(!existsSync(TELCO))(
  'Telco: logistic regression + 5-fold CV vs scikit-learn',
  async () => {
    const { table, roles } = await readTransactionsFile(TELCO, {});
    const data = targetLabels(table, roles, { target: 'Churn', positive: 'Yes' });
    const pick = (rows: Int32Array) => Array.from(rows, (i) => data.y[i]);

    /** Split fit + test AUC + 5 folds, each with its own pipeline: the peer's work. */
    const core = () => {
      const t0 = performance.now();
      const rng = createRng(42);
      const split = stratifiedSplit(data.y, 0.2, rng.fork());
      const fitOn = (train: Int32Array, test: Int32Array) => {
        const p = fitPipeline(table, { roles, target: 'Churn' }, train);
        const a = transform(p, table, train);
        const b = transform(p, table, test);
        const fit = fitLogistic(a.x, a.n, a.d, pick(train));
        return rocAuc(pick(test), predictLogistic(fit, b.x, b.n, b.d));
      };
      const testAuc = fitOn(split.train, split.test);
      const cv = stratifiedFolds(data.y, 5, rng.fork()).map((f) => fitOn(f.train, f.test));
      return {
        seconds: (performance.now() - t0) / 1000,
        testAuc,
        cv: cv.reduce((a, b) => a + b) / 5,
      };
    };
    const full = async () => {
      const t0 = performance.now();
      const out = await runChurn(data, { models: ['logistic'], folds: 5, seed: 42 });
      return { seconds: (performance.now() - t0) / 1000, out };
    };
    core(); // warm-up (JIT)
    const coreRuns = Array.from({ length: RUNS }, core);
    const fullRuns: { seconds: number }[] = [];
    for (let r = 0; r < RUNS; r++) fullRuns.push(await full());

    const peerRuns: { seconds: number; cv5_auc_mean: number; test_auc: number }[] = [];
    const hasPeer = existsSync(PYTHON) && existsSync(PEER);
    if (hasPeer) {
      for (let r = 0; r < RUNS; r++) {
        try {
          peerRuns.push(
            JSON.parse(execFileSync(PYTHON, [PEER, TELCO], { encoding: 'utf8' }).trim()),
          );
        } catch {
          break; // scikit-learn not installed
        }
      }
    }
    const peerSeconds = peerRuns.length > 0 ? medianOf(peerRuns.map((p) => p.seconds)) : NaN;
    const coreSeconds = medianOf(coreRuns.map((r) => r.seconds));
    console.log(
      [
        '',
        `Telco (${data.rows.length} customers), logistic regression, median of ${RUNS}`,
        'what                                   seconds   test AUC   5-fold CV AUC',
        `ours: split fit + 5-fold CV           ${fmt(coreSeconds).padStart(8)}   ${fmt(coreRuns[0].testAuc, 4)}     ${fmt(coreRuns[0].cv, 4)}`,
        `ours: whole runChurn (worker)         ${fmt(medianOf(fullRuns.map((r) => r.seconds))).padStart(8)}`,
        `scikit-learn (peer, same run)         ${fmt(peerSeconds).padStart(8)}   ${fmt(peerRuns[0]?.test_auc ?? NaN, 4)}     ${fmt(peerRuns[0]?.cv5_auc_mean ?? NaN, 4)}`,
        `ratio ours / peer                     ${fmt(coreSeconds / peerSeconds, 2).padStart(8)}`,
      ].join('\n'),
    );
    expect(coreRuns[0].cv).toBeGreaterThan(0.83);
  },
);

it('network: 100,000 rows × 30 features, 20 epochs', async () => {
  const n = 100_000;
  const d = 30;
  const rng = createRng(9);
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = -1;
    for (let j = 0; j < d; j++) {
      const v = rng.normal();
      x[i * d + j] = v;
      if (j < 5) z += 0.6 * v;
    }
    z += 0.5 * x[i * d + 5] * x[i * d + 6];
    y[i] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  const weight = new Float64Array(n).fill(1);
  const lines = ['', `Network, ${n} rows × ${d} features, hidden [32, 16], dropout 0.2, 20 epochs`];
  lines.push('batch   seconds   s/epoch   final validation loss');
  for (const batchSize of [256, 1024]) {
    const t0 = performance.now();
    const fit = await fitMlp(
      x,
      n,
      d,
      y,
      weight,
      { ...DEFAULT_MLP_OPTIONS, epochs: 20, patience: 1000, batchSize },
      createRng(1),
    );
    const seconds = (performance.now() - t0) / 1000;
    lines.push(
      `${String(batchSize).padStart(5)}   ${fmt(seconds, 2).padStart(7)}   ${fmt(seconds / 20, 3).padStart(7)}   ${fmt(fit.history.at(-1)!.validationLoss, 4)}`,
    );
    expect(fit.history).toHaveLength(20);
  }
  console.log(lines.join('\n'));
});
