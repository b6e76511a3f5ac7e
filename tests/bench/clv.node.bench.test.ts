/**
 * Buy-till-you-die benchmarks in Node. Prints tables; never fails on time.
 *
 * (a) CDNOW sample (2,357 customers, 6,919 lines): summary (weeks, calibration to
 *     1997-09-30, holdout to 1998-06-30) + BG/NBD fit + Gamma-Gamma fit, median of 5 runs
 *     (target < 0.3 s). The file is read once, outside the timing.
 * (b) 1,000,000 simulated customers: BG/NBD purchase days (CDNOW's parameters, first
 *     purchases over a 12-week window, calibration to day 273 = 39 weeks, holdout to day
 *     546) with Gamma-Gamma line values; then summaryFromArrays → BG/NBD fit → Gamma-Gamma
 *     fit → per-customer P(alive), expected purchases in 12 weeks, 12-month CLV and value
 *     tiers. Model values are computed once per distinct (x, t_x, T) (distinctTriples) and
 *     scattered to the customers. Time per phase and peak memory (process.memoryUsage(),
 *     sampled after each phase), median of 3 runs.
 *
 * Run: npx vitest run --project bench-node tests/bench/clv.node.bench.test.ts --reporter=verbose
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { readTransactionsFile } from '../../src/cli/input.ts';
import { bgNbdModel, fitBgNbd, type BgNbdParams } from '../../src/core/clv/bgnbd.ts';
import { expectedAverageSpend, fitGammaGamma } from '../../src/core/clv/gammaGamma.ts';
import { simulateBgNbdPurchases } from '../../src/core/clv/simulate.ts';
import {
  distinctTriples,
  summaryFromArrays,
  summaryFromTable,
} from '../../src/core/clv/summary.ts';
import { customerLifetimeValue, valueTiers } from '../../src/core/clv/value.ts';
import { createRng } from '../../src/core/stats/random.ts';
import { medianOf } from '../support/wide-table.ts';

const CDNOW = resolve(import.meta.dirname, '../../../shared/data/cdnow/CDNOW_sample.txt');
const DAY = 86_400_000;
const fmt = (x: number, digits = 3): string => (Number.isFinite(x) ? x.toFixed(digits) : '—');
const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MB`;

function timed<T>(fn: () => T): { value: T; seconds: number } {
  const t0 = performance.now();
  const value = fn();
  return { value, seconds: (performance.now() - t0) / 1000 };
}

it.skipIf(!existsSync(CDNOW))(
  'CDNOW sample: summary + BG/NBD + Gamma-Gamma, median of 5 runs',
  async () => {
    const read = await (async () => {
      const t0 = performance.now();
      const value = await readTransactionsFile(
        CDNOW,
        { format: 'whitespace', header: false },
        {},
        true,
      );
      return { value, seconds: (performance.now() - t0) / 1000 };
    })();
    const { table, roles } = read.value;
    const runs = Array.from({ length: 5 }, () => {
      const summary = timed(() =>
        summaryFromTable(table, roles, {
          unit: 'week',
          calibrationEnd: Date.UTC(1997, 8, 30),
          holdoutEnd: Date.UTC(1998, 5, 30),
        }),
      );
      const bg = timed(() => fitBgNbd(summary.value));
      const gg = timed(() => fitGammaGamma(summary.value.x, summary.value.monetary));
      return { summary, bg, gg, total: summary.seconds + bg.seconds + gg.seconds };
    });
    const med = (f: (r: (typeof runs)[number]) => number) => medianOf(runs.map(f));
    const fit = runs[0].bg.value;
    const gg = runs[0].gg.value;
    console.log(
      [
        '',
        `CDNOW sample (${runs[0].summary.value.customerIds.length} customers, ${table.rowCount} lines), weeks; read + type once: ${fmt(read.seconds)} s`,
        'phase                 median s   runs (s)',
        `summary               ${fmt(
          med((r) => r.summary.seconds),
          4,
        ).padStart(8)}   ${runs.map((r) => fmt(r.summary.seconds, 4)).join(' ')}`,
        `BG/NBD fit            ${fmt(
          med((r) => r.bg.seconds),
          4,
        ).padStart(
          8,
        )}   ${runs.map((r) => fmt(r.bg.seconds, 4)).join(' ')}  (${fit.iterations} iterations)`,
        `Gamma-Gamma fit       ${fmt(
          med((r) => r.gg.seconds),
          4,
        ).padStart(
          8,
        )}   ${runs.map((r) => fmt(r.gg.seconds, 4)).join(' ')}  (${gg.iterations} iterations)`,
        `total                 ${fmt(
          med((r) => r.total),
          4,
        ).padStart(8)}   target < 0.3 s`,
        `BG/NBD r ${fmt(fit.params.r)} α ${fmt(fit.params.alpha)} a ${fmt(fit.params.a)} b ${fmt(fit.params.b)} LL ${fmt(fit.logLikelihood, 1)}; Gamma-Gamma p ${fmt(gg.params.p, 2)} q ${fmt(gg.params.q, 2)} γ ${fmt(gg.params.gamma, 2)}`,
      ].join('\n'),
    );
    expect(fit.params.r.toFixed(3)).toBe('0.243');
  },
);

const PARAMS: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const SPEND = { p: 6.25, q: 3.74, gamma: 15.44 };

/** Purchase-level data of `n` customers: days since 1970 plus a value per line. */
function simulateLog(n: number, seed: number) {
  const rng = createRng(seed);
  const firstDay = new Int32Array(n);
  const horizon = new Float64Array(n);
  const start = 10_000; // any epoch day
  for (let i = 0; i < n; i++) {
    firstDay[i] = start + rng.int(0, 83);
    horizon[i] = (start + 546 - firstDay[i]) / 7;
  }
  const { customer, time } = simulateBgNbdPurchases(PARAMS, { customers: n, T: horizon, seed });
  const lines = customer.length;
  const day = new Int32Array(lines);
  const value = new Float64Array(lines);
  const nu = new Float64Array(n);
  for (let i = 0; i < n; i++) nu[i] = rng.gamma(SPEND.q, 1 / SPEND.gamma);
  for (let k = 0; k < lines; k++) {
    const c = customer[k];
    day[k] = firstDay[c] + Math.floor(time[k] * 7);
    value[k] = rng.gamma(SPEND.p, 1 / nu[c]);
  }
  return {
    customer,
    day,
    value,
    calibrationEnd: (start + 273) * DAY,
    holdoutEnd: (start + 546) * DAY,
  };
}

it('1,000,000 simulated customers: summary → BG/NBD → Gamma-Gamma → per-customer values', () => {
  const N = 1_000_000;
  const RUNS = 3;
  const sim = timed(() => simulateLog(N, 42));
  const log = sim.value;
  const phases = [
    'summary',
    'BG/NBD fit',
    'Gamma-Gamma fit',
    'distinct (x, t_x, T)',
    'P(alive)',
    'expected purchases',
    'CLV (12 months)',
    'value tiers',
  ] as const;
  type Phase = (typeof phases)[number];
  const runs: Record<Phase, number>[] = [];
  let peakRss = process.memoryUsage().rss;
  let peakHeap = 0;
  const sample = (): void => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed + m.arrayBuffers);
  };
  let info = {
    customers: 0,
    fit: '',
    gg: '',
    distinct: 0,
    totalClv: 0,
    meanAlive: 0,
    expected: 0,
    iterations: 0,
  };
  for (let run = 0; run < RUNS; run++) {
    const t: Partial<Record<Phase, number>> = {};
    const s = timed(() =>
      summaryFromArrays(
        { customer: log.customer, day: log.day, value: log.value, customers: N },
        { unit: 'week', calibrationEnd: log.calibrationEnd, holdoutEnd: log.holdoutEnd },
      ),
    );
    t.summary = s.seconds;
    sample();
    const summary = s.value;
    const fit = timed(() => fitBgNbd(summary));
    t['BG/NBD fit'] = fit.seconds;
    sample();
    const gg = timed(() => fitGammaGamma(summary.x, summary.monetary));
    t['Gamma-Gamma fit'] = gg.seconds;
    sample();
    const model = bgNbdModel(fit.value.params as unknown as BgNbdParams);
    const n = summary.x.length;
    const { x, tx, T, monetary } = summary;
    const groups = timed(() => distinctTriples(x, tx, T));
    t['distinct (x, t_x, T)'] = groups.seconds;
    const g = groups.value;
    const k = g.x.length;
    const { index } = g;
    const pAlive = new Float64Array(n);
    const purchases = new Float64Array(n);
    const clv = new Float64Array(n);
    t['P(alive)'] = timed(() => {
      const perGroup = new Float64Array(k);
      for (let j = 0; j < k; j++) perGroup[j] = model.pAlive(g.x[j], g.tx[j], g.T[j]);
      for (let i = 0; i < n; i++) pAlive[i] = perGroup[index[i]];
    }).seconds;
    t['expected purchases'] = timed(() => {
      const perGroup = new Float64Array(k);
      for (let j = 0; j < k; j++)
        perGroup[j] = model.expectedConditional(12, g.x[j], g.tx[j], g.T[j]);
      for (let i = 0; i < n; i++) purchases[i] = perGroup[index[i]];
    }).seconds;
    sample();
    t['CLV (12 months)'] = timed(() => {
      // CLV is linear in the spend: discounted purchases per distinct triple × expected spend.
      const perSpend = new Float64Array(k);
      const options = { unitDays: 7, horizonMonths: 12, monthlyDiscount: 0.01 };
      for (let j = 0; j < k; j++)
        perSpend[j] = customerLifetimeValue(model, g.x[j], g.tx[j], g.T[j], 1, options);
      for (let i = 0; i < n; i++)
        clv[i] = expectedAverageSpend(gg.value.params, x[i], monetary[i]) * perSpend[index[i]];
    }).seconds;
    sample();
    t['value tiers'] = timed(() => valueTiers(clv)).seconds;
    sample();
    runs.push(t as Record<Phase, number>);
    let total = 0;
    let alive = 0;
    let expected = 0;
    for (let i = 0; i < n; i++) {
      total += clv[i];
      alive += pAlive[i];
      expected += purchases[i];
    }
    const p = fit.value.params;
    info = {
      customers: n,
      fit: `r ${fmt(p.r)} α ${fmt(p.alpha)} a ${fmt(p.a)} b ${fmt(p.b)}`,
      gg: `p ${fmt(gg.value.params.p, 2)} q ${fmt(gg.value.params.q, 2)} γ ${fmt(gg.value.params.gamma, 2)} (${gg.value.customers} repeat buyers)`,
      distinct: k,
      totalClv: total,
      meanAlive: alive / n,
      expected,
      iterations: fit.value.iterations,
    };
  }
  const total = runs.map((r) => phases.reduce((s, p) => s + r[p], 0));
  console.log(
    [
      '',
      `1,000,000 simulated customers, ${log.customer.length.toLocaleString('en')} purchase lines (simulated in ${fmt(sim.seconds, 2)} s, not timed below); ${RUNS} runs`,
      '(purchase times are rounded to days and same-day purchases merge, so the fit need not return the simulated parameters exactly)',
      'phase                    median s   runs (s)',
      ...phases.map(
        (p) =>
          `${p.padEnd(24)} ${fmt(medianOf(runs.map((r) => r[p]))).padStart(8)}   ${runs.map((r) => fmt(r[p])).join(' ')}`,
      ),
      `${'total'.padEnd(24)} ${fmt(medianOf(total)).padStart(8)}   ${total.map((v) => fmt(v)).join(' ')}`,
      `peak memory: rss ${mb(peakRss)}, heap + array buffers ${mb(peakHeap)} (sampled after each phase)`,
      `${info.customers.toLocaleString('en')} customers in the summary, ${info.distinct.toLocaleString('en')} distinct (x, t_x, T); BG/NBD ${info.fit} in ${info.iterations} iterations; Gamma-Gamma ${info.gg}`,
      `mean P(alive) ${fmt(info.meanAlive)}, expected purchases in 12 weeks ${fmt(info.expected / 1e3, 1)} k, total 12-month CLV ${fmt(info.totalClv / 1e6, 2)} M`,
    ].join('\n'),
  );
  expect(info.customers).toBe(N);
});
