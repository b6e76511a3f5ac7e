/**
 * Parameter recovery: 10 seeds × 20,000 simulated customers from BG/NBD with the CDNOW
 * estimates (FHL 2005: r = 0.243, α = 4.414, a = 0.793, b = 2.426), first purchases spread
 * over a 12-week acquisition window (whole days 0 … 83) and observed to day 273 (39 weeks),
 * as the CDNOW cohort was; then Gamma-Gamma spends (Fader & Hardie 2013's CDNOW estimates
 * p = 6.25, q = 3.74, γ = 15.44) for the simulated repeat buyers.
 *
 * Claim: each fitted parameter's 95 % interval, estimate ± 1.96·SE (SE from the Hessian,
 * delta method), holds the truth. One fit per seed and model.
 *
 * How many of 10 intervals must hold it: a perfectly calibrated 95 % interval misses 2 or
 * more of 10 with probability 8.6 % (binomial), so "≥ 9 of 10 for each of 7 parameters"
 * would fail a correct method ~47 % of the time, and did here for γ (8 of 10 with the seeds
 * 1 … 10, chosen before looking; seeds are not changed to make a test pass). The test
 * therefore asserts what a correct method passes with high probability and a miscalibrated
 * one does not:
 * - each parameter ≥ 8 of 10 (P(≤ 7) = 1.2 %), and the 70 intervals pooled ≥ 62
 *   (P(≤ 61) = 0.8 %);
 * - a calibration study of Gamma-Gamma's SEs (its fits are cheap): over 200 replications,
 *   each parameter's interval coverage ≥ 180/200 (P(≤ 179) = 0.1 %) and the mean reported
 *   SE within ±15 % of the empirical SD of the estimates (~3 SDs of that ratio's noise).
 */
import { describe, expect, it } from 'vitest';
import { fitBgNbd } from '../../src/core/clv/bgnbd.ts';
import { fitGammaGamma } from '../../src/core/clv/gammaGamma.ts';
import { simulateBgNbd, simulateGammaGamma } from '../../src/core/clv/simulate.ts';
import { createRng } from '../../src/core/stats/random.ts';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const CUSTOMERS = 20_000;
const TRUE_BGNBD = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const TRUE_GG = { p: 6.25, q: 3.74, gamma: 15.44 };

function cohortT(seed: number): Float64Array {
  const rng = createRng(seed * 7919);
  const T = new Float64Array(CUSTOMERS);
  for (let i = 0; i < CUSTOMERS; i++) T[i] = (273 - rng.int(0, 83)) / 7;
  return T;
}

describe('parameter recovery over 10 seeds × 20,000 customers', () => {
  const bgHits: Record<string, number> = { r: 0, alpha: 0, a: 0, b: 0 };
  const ggHits: Record<string, number> = { p: 0, q: 0, gamma: 0 };
  const rows: string[] = [];

  it('fits each seed once (BG/NBD, then Gamma-Gamma on its repeat buyers)', () => {
    for (const seed of SEEDS) {
      const sim = simulateBgNbd(TRUE_BGNBD, { customers: CUSTOMERS, T: cohortT(seed), seed });
      const fit = fitBgNbd(sim);
      expect(fit.converged).toBe(true);
      for (const [name, truth] of Object.entries(TRUE_BGNBD)) {
        const se = fit.stderr[name];
        expect(se).toBeGreaterThan(0);
        if (Math.abs(fit.params[name] - truth) <= 1.96 * se) bgHits[name]++;
      }
      const spend = simulateGammaGamma(TRUE_GG, sim.x, seed + 1000);
      const gg = fitGammaGamma(sim.x, spend);
      expect(gg.converged).toBe(true);
      for (const [name, truth] of Object.entries(TRUE_GG)) {
        const key = name as keyof typeof TRUE_GG;
        if (Math.abs(gg.params[key] - truth) <= 1.96 * gg.stderr[key]) ggHits[name]++;
      }
      rows.push(
        `seed ${seed}: r ${fit.params.r.toFixed(3)}±${fit.stderr.r.toFixed(3)} α ${fit.params.alpha.toFixed(2)}±${fit.stderr.alpha.toFixed(2)} ` +
          `a ${fit.params.a.toFixed(3)}±${fit.stderr.a.toFixed(3)} b ${fit.params.b.toFixed(2)}±${fit.stderr.b.toFixed(2)} | ` +
          `p ${gg.params.p.toFixed(2)}±${gg.stderr.p.toFixed(2)} q ${gg.params.q.toFixed(2)}±${gg.stderr.q.toFixed(2)} γ ${gg.params.gamma.toFixed(2)}±${gg.stderr.gamma.toFixed(2)} (${gg.customers} buyers)`,
      );
    }
    console.info(
      [
        ...rows,
        `BG/NBD coverage ${JSON.stringify(bgHits)}; Gamma-Gamma ${JSON.stringify(ggHits)}`,
      ].join('\n'),
    );
  });

  it('each parameter’s 95 % interval holds the truth in ≥ 8 of 10 seeds, ≥ 62 of 70 pooled', () => {
    const counts = [...Object.values(bgHits), ...Object.values(ggHits)];
    for (const c of counts) expect(c).toBeGreaterThanOrEqual(8);
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(62);
  });
});

describe('Gamma-Gamma standard errors are calibrated (200 replications)', () => {
  it('covers the truth ~95 % of the time with SEs the size of the estimates’ spread', () => {
    const R = 200;
    // One BG/NBD population (its x), new spends each replication.
    const sim = simulateBgNbd(TRUE_BGNBD, { customers: CUSTOMERS, T: cohortT(99), seed: 99 });
    const names = ['p', 'q', 'gamma'] as const;
    const estimates = { p: [] as number[], q: [] as number[], gamma: [] as number[] };
    const ses = { p: [] as number[], q: [] as number[], gamma: [] as number[] };
    const hits = { p: 0, q: 0, gamma: 0 };
    for (let rep = 0; rep < R; rep++) {
      const fit = fitGammaGamma(sim.x, simulateGammaGamma(TRUE_GG, sim.x, 50_000 + rep));
      for (const k of names) {
        estimates[k].push(fit.params[k]);
        ses[k].push(fit.stderr[k]);
        if (Math.abs(fit.params[k] - TRUE_GG[k]) <= 1.96 * fit.stderr[k]) hits[k]++;
      }
    }
    const lines: string[] = [];
    for (const k of names) {
      const mean = estimates[k].reduce((a, b) => a + b, 0) / R;
      const sd = Math.sqrt(estimates[k].reduce((a, b) => a + (b - mean) ** 2, 0) / (R - 1));
      const meanSe = ses[k].reduce((a, b) => a + b, 0) / R;
      lines.push(
        `${k}: mean ${mean.toFixed(3)} sd ${sd.toFixed(3)} mean SE ${meanSe.toFixed(3)} coverage ${hits[k]}/${R}`,
      );
      expect(hits[k]).toBeGreaterThanOrEqual(180);
      expect(meanSe / sd).toBeGreaterThan(0.85);
      expect(meanSe / sd).toBeLessThan(1.15);
    }
    console.info(lines.join('\n'));
  });
});
