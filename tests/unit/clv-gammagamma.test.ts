/**
 * Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV", JMR 42(4); Fader &
 * Hardie 2013, "The Gamma-Gamma model of monetary value", brucehardie.com note 025):
 * - on the CDNOW sample, the note's estimates p = 6.25, q = 3.74, γ = 15.44 from the 946
 *   customers with repeat purchases in the 39-week calibration period, m̄ = their mean
 *   repeat-purchase value (the same figures R BTYD documents for its cdnowSummary: "params
 *   <- c(6.25, 3.74, 15.44) # in original documentation");
 * - the marginal likelihood against numerical integration over ν;
 * - the conditional expected spend against its closed form and a simulation.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTransactionsFile } from '../../src/cli/input.ts';
import { LensError } from '../../src/core/errors.ts';
import {
  expectedAverageSpend,
  fitGammaGamma,
  gammaGammaLogLikelihood,
  type GammaGammaParams,
} from '../../src/core/clv/gammaGamma.ts';
import { simulateGammaGamma } from '../../src/core/clv/simulate.ts';
import { summaryFromTable } from '../../src/core/clv/summary.ts';
import { createRng } from '../../src/core/stats/random.ts';
import { logGamma } from '../../src/core/stats/special.ts';

const CDNOW = resolve(process.cwd(), '../shared/data/cdnow/CDNOW_sample.txt');
const PUBLISHED: GammaGammaParams = { p: 6.25, q: 3.74, gamma: 15.44 };

/** Tanh-sinh quadrature over (0, 1); see clv-bgnbd.test.ts. */
function tanhSinh(f: (x: number, oneMinusX: number) => number, h = 1 / 64): number {
  let sum = 0;
  for (let k = -Math.ceil(6 / h); k <= Math.ceil(6 / h); k++) {
    const t = k * h;
    const u = (Math.PI / 2) * Math.sinh(t);
    const x = 1 / (1 + Math.exp(-2 * u));
    const y = 1 / (1 + Math.exp(2 * u));
    if (x <= 0 || y <= 0) continue;
    const w = ((Math.PI / 2) * Math.cosh(t)) / (2 * Math.cosh(u) ** 2);
    const v = f(x, y);
    if (Number.isFinite(v)) sum += w * v;
  }
  return sum * h;
}

/** log Gamma(y; shape k, rate θ) density. */
const logGammaPdf = (y: number, k: number, rate: number): number =>
  k * Math.log(rate) + (k - 1) * Math.log(y) - rate * y - logGamma(k);

/**
 * The density of m̄ given x: the sum of x Gamma(p, ν) spends is Gamma(px, ν), so m̄ has
 * density x·Gamma(x m̄; px, ν); integrated over ν ~ Gamma(q, γ).
 */
function bruteForceDensity(p: GammaGammaParams, x: number, m: number): number {
  return tanhSinh((s, oneMinusS) => {
    const nu = s / oneMinusS;
    const jac = 1 / (oneMinusS * oneMinusS);
    return (
      Math.exp(Math.log(x) + logGammaPdf(x * m, p.p * x, nu) + logGammaPdf(nu, p.q, p.gamma)) * jac
    );
  });
}

describe('Gamma-Gamma likelihood', () => {
  it.each([
    [1, 22.3],
    [2, 22.345],
    [5, 3.1],
    [17, 140],
  ])('equals the integral over ν (x = %d, m̄ = %d)', (x, m) => {
    for (const params of [PUBLISHED, { p: 0.8, q: 1.5, gamma: 40 }]) {
      const ll = gammaGammaLogLikelihood(params, new Float64Array([x]), new Float64Array([m]));
      const brute = Math.log(bruteForceDensity(params, x, m));
      expect(Math.abs(ll - brute)).toBeLessThan(1e-9 * Math.max(1, Math.abs(brute)));
    }
  });

  it('has the analytic gradient of its log-parameters', () => {
    const x = new Float64Array([1, 2, 5, 9]);
    const m = new Float64Array([10, 22, 35, 18]);
    const grad = new Float64Array(3);
    gammaGammaLogLikelihood(PUBLISHED, x, m, grad);
    const h = 1e-6;
    const names = ['p', 'q', 'gamma'] as const;
    names.forEach((name, k) => {
      const up = { ...PUBLISHED, [name]: PUBLISHED[name] * Math.exp(h) };
      const down = { ...PUBLISHED, [name]: PUBLISHED[name] * Math.exp(-h) };
      const numeric =
        (gammaGammaLogLikelihood(up, x, m) - gammaGammaLogLikelihood(down, x, m)) / (2 * h);
      expect(grad[k]).toBeCloseTo(numeric, 6);
    });
  });
});

describe('expectedAverageSpend', () => {
  it('is the weighted mean of the population mean and the customer mean (F&H 2013 eq. 5)', () => {
    const { p, q, gamma } = PUBLISHED;
    const population = (p * gamma) / (q - 1);
    expect(expectedAverageSpend(PUBLISHED, 0, NaN)).toBeCloseTo(population, 12);
    const x = 2;
    const m = 22.345;
    const w = (p * x) / (p * x + q - 1);
    expect(expectedAverageSpend(PUBLISHED, x, m)).toBeCloseTo((1 - w) * population + w * m, 12);
    // Customer 0001 of CDNOW: 6.25·(15.44 + 2·22.345) / (2·6.25 + 2.74) = 24.66.
    expect(expectedAverageSpend(PUBLISHED, x, m).toFixed(2)).toBe('24.66');
  });

  it('treats a negative net spend as nothing, an unknown one as unknown', () => {
    expect(expectedAverageSpend(PUBLISHED, 3, -5)).toBeCloseTo(
      (6.25 * 15.44) / (3 * 6.25 + 2.74),
      12,
    );
    expect(expectedAverageSpend(PUBLISHED, 3, NaN)).toBeNaN();
    // No finite mean when q ≤ 1.
    expect(expectedAverageSpend({ p: 1, q: 0.9, gamma: 1 }, 0, NaN)).toBeNaN();
  });

  it('predicts the mean of a future spend given the past ones, in simulation', () => {
    // The model's story drawn directly: ν ~ Gamma(q, rate γ); the mean of x = 3 past spends
    // ~ Gamma(3p, rate 3ν); one future spend ~ Gamma(p, rate ν). E[future − E[M | m̄, x]] = 0
    // within any group defined by m̄ (here its terciles), to 4 Monte-Carlo SEs.
    const params = { p: 3, q: 4, gamma: 30 };
    const N = 150_000;
    const x = 3;
    const rng = createRng(11);
    const past = new Float64Array(N);
    const future = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      const nu = rng.gamma(params.q, 1 / params.gamma);
      past[i] = rng.gamma(params.p * x, 1 / (nu * x));
      future[i] = rng.gamma(params.p, 1 / nu);
    }
    const sorted = Float64Array.from(past).sort();
    const cuts = [sorted[Math.floor(N / 3)], sorted[Math.floor((2 * N) / 3)]];
    for (let g = 0; g < 3; g++) {
      const lo = g === 0 ? -Infinity : cuts[g - 1];
      const hi = g === 2 ? Infinity : cuts[g];
      let n = 0;
      let sum = 0;
      let sumSq = 0;
      for (let i = 0; i < N; i++) {
        if (!(past[i] > lo && past[i] <= hi)) continue;
        const r = future[i] - expectedAverageSpend(params, x, past[i]);
        n++;
        sum += r;
        sumSq += r * r;
      }
      const mean = sum / n;
      const se = Math.sqrt((sumSq / n - mean * mean) / n);
      expect(Math.abs(mean)).toBeLessThan(4 * se);
    }
  });

  it('simulateGammaGamma draws mean spends with the model mean and NaN for x = 0', () => {
    const params = { p: 3, q: 4, gamma: 30 };
    const x = new Float64Array(100_000).fill(2);
    x[0] = 0;
    const m = simulateGammaGamma(params, x, 5);
    expect(m[0]).toBeNaN();
    let sum = 0;
    let sumSq = 0;
    for (let i = 1; i < m.length; i++) {
      sum += m[i];
      sumSq += m[i] * m[i];
    }
    const n = m.length - 1;
    const mean = sum / n;
    const se = Math.sqrt((sumSq / n - mean * mean) / n);
    // E[m̄] = E[p/ν] = pγ/(q − 1) = 30.
    expect(Math.abs(mean - 30)).toBeLessThan(4 * se);
  });
});

describe('fitGammaGamma', () => {
  it('recovers parameters from a large simulated sample and checks independence', () => {
    const N = 20_000;
    const x = new Float64Array(N);
    for (let i = 0; i < N; i++) x[i] = 1 + (i % 7);
    const m = simulateGammaGamma(PUBLISHED, x, 2024);
    const fit = fitGammaGamma(x, m);
    expect(fit.converged).toBe(true);
    expect(fit.customers).toBe(N);
    expect(Math.abs(fit.params.p - 6.25)).toBeLessThan(4 * fit.stderr.p);
    expect(Math.abs(fit.params.q - 3.74)).toBeLessThan(4 * fit.stderr.q);
    expect(Math.abs(fit.params.gamma - 15.44)).toBeLessThan(4 * fit.stderr.gamma);
    expect(Math.abs(fit.frequencySpendCorrelation)).toBeLessThan(0.05);
    expect(fit.independenceWarning).toBe(false);
  });

  it('leaves out one-time buyers and non-positive spends, counting the latter', () => {
    const x = new Float64Array([0, 1, 2, 3, 1, 2, 4, 1, 3, 2, 5, 1, 2, 1]);
    const m = new Float64Array([NaN, 10, 12, 9, -3, 0, 11, 14, 8, 13, 10, 7, NaN, 12]);
    const fit = fitGammaGamma(x, m);
    expect(fit.customers).toBe(10);
    expect(fit.excludedNonPositive).toBe(2);
  });

  it('warns when spend and frequency are correlated', () => {
    const N = 400;
    const x = new Float64Array(N);
    const m = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      x[i] = 1 + (i % 10);
      m[i] = 5 * x[i] + (i % 3);
    }
    const fit = fitGammaGamma(x, m);
    expect(fit.frequencySpendCorrelation).toBeGreaterThan(0.9);
    expect(fit.independenceWarning).toBe(true);
  });

  it('refuses fewer than 10 usable customers', () => {
    const x = new Float64Array([1, 2, 3, 0, 1, 1, 2, 2, 1, 1, 1]);
    const m = new Float64Array([5, 6, 7, 8, -1, 9, 10, 11, 12, 13, NaN]);
    let error: unknown;
    try {
      fitGammaGamma(x, m);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(LensError);
    expect((error as LensError).code).toBe('error.clv.spendTooFew');
    expect((error as LensError).params).toEqual({ customers: 8, needed: 10 });
  });
});

describe.skipIf(!existsSync(CDNOW))('Gamma-Gamma on the CDNOW sample', () => {
  it('reproduces Fader & Hardie (2013): p = 6.25, q = 3.74, γ = 15.44 on 946 customers', async () => {
    const { table, roles } = await readTransactionsFile(
      CDNOW,
      { format: 'whitespace', header: false },
      {},
      true,
    );
    const s = summaryFromTable(table, roles, {
      unit: 'week',
      calibrationEnd: Date.UTC(1997, 8, 30),
      holdoutEnd: null,
    });
    const fit = fitGammaGamma(s.x, s.monetary);
    expect(fit.customers).toBe(946);
    expect(fit.excludedNonPositive).toBe(0);
    expect(fit.converged).toBe(true);
    expect(fit.params.p.toFixed(2)).toBe('6.25');
    expect(fit.params.q.toFixed(2)).toBe('3.74');
    expect(fit.params.gamma.toFixed(2)).toBe('15.44');
    // Spend and frequency are nearly uncorrelated here (0.11), as the model assumes.
    expect(fit.frequencySpendCorrelation).toBeCloseTo(0.11, 2);
    expect(fit.independenceWarning).toBe(false);
    expect(fit.stderr.p).toBeGreaterThan(0);
    expect(Number.isFinite(fit.stderr.gamma)).toBe(true);
  });
});
