/**
 * Special functions against reference values computed with mpmath at 30 digits
 * (mp.log(abs(mp.gamma(x))), mp.digamma, mp.log(mp.beta), mp.log(mp.rf)).
 */
import { describe, expect, it } from 'vitest';
import {
  digamma,
  log1pExp,
  logAddExp,
  logBeta,
  logDiffExp,
  logGamma,
  logPochhammer,
  logSumExp,
} from '../../src/core/stats/special.ts';

// [x, ln|Γ(x)|, ψ(x)]
const REFERENCE: [number, number, number][] = [
  [1e-8, 18.42068073818021, -100000000.57721564],
  [0.001, 6.907178885383853, -1000.5755719318103],
  [0.1, 2.252712651734206, -10.423754940411076],
  [0.5, 0.5723649429247001, -1.9635100260214235],
  [0.9, 0.06637623973474295, -0.7549269499470513],
  [1.5, -0.12078223763524522, 0.03648997397857652],
  [2.5, 0.2846828704729192, 0.7031566406452432],
  [3, 0.6931471805599453, 0.9227843350984671],
  [7.3, 7.147892523022248, 1.9178203356379862],
  [9.99, 12.779315214350193, 2.250700372831201],
  [10, 12.801827480081469, 2.251752589066721],
  [12.5, 18.734347511936445, 2.4851956512749123],
  [33.3, 82.60372358165495, 3.490467238520243],
  [100, 359.1342053695754, 4.600161852738087],
  [1234.5, 7550.550901077895, 7.118016231827998],
  [1e6, 12815504.569147611, 13.815510057964191],
  [-0.5, 1.2655121234846454, 0.03648997397857652],
  [-2.5, -0.056243716497674054, 1.103156640645243],
];

describe('logGamma', () => {
  it.each(REFERENCE)('ln Γ(%s) to 1e-14 relative (or 1e-15 absolute near its zeros)', (x, ref) => {
    expect(Math.abs(logGamma(x) - ref)).toBeLessThanOrEqual(Math.max(1e-14 * Math.abs(ref), 2e-15));
  });

  it('is exact on factorials and has its poles', () => {
    let lf = 0;
    for (let n = 1; n <= 30; n++) {
      expect(logGamma(n)).toBeCloseTo(lf, 12);
      lf += Math.log(n);
    }
    expect(logGamma(1)).toBe(0);
    expect(logGamma(2)).toBe(0);
    expect(logGamma(0)).toBe(Infinity);
    expect(logGamma(-3)).toBe(Infinity);
    expect(logGamma(NaN)).toBeNaN();
  });

  it('satisfies the recurrence ln Γ(x+1) = ln Γ(x) + ln x across the Lanczos/Stirling switch', () => {
    for (const x of [0.3, 1.7, 5.5, 9.25, 9.999, 10.5, 57.1]) {
      expect(logGamma(x + 1) - logGamma(x) - Math.log(x)).toBeCloseTo(0, 13);
    }
  });
});

describe('digamma', () => {
  it.each(REFERENCE)('ψ(%s) to 1e-13 relative', (x, _lg, ref) => {
    expect(Math.abs(digamma(x) - ref)).toBeLessThanOrEqual(Math.max(1e-13 * Math.abs(ref), 1e-14));
  });

  it('is the derivative of logGamma', () => {
    for (const x of [0.25, 2.4, 15]) {
      const h = 1e-5;
      expect((logGamma(x + h) - logGamma(x - h)) / (2 * h)).toBeCloseTo(digamma(x), 8);
    }
  });
});

describe('logBeta and logPochhammer', () => {
  it('match mpmath', () => {
    expect(logBeta(0.793, 2.426)).toBeCloseTo(-0.5115692885937033, 14);
    expect(logBeta(1000.5, 0.25)).toBeCloseTo(-0.43894755285767695, 12);
    expect(logBeta(3e5, 2e5) / -336510.76218907814).toBeCloseTo(1, 13);
    expect(logPochhammer(0.243, 37)).toBeCloseTo(95.27661248673526, 12);
    expect(logPochhammer(2.5, 7)).toBeCloseTo(11.40465055032435, 13);
    expect(logPochhammer(4.2, 0)).toBe(0);
  });
});

describe('log-space sums', () => {
  it('logSumExp of an array equals the naive sum where that does not overflow', () => {
    const v = [-1, 0.5, 2, -3.25];
    const naive = Math.log(v.reduce((s, x) => s + Math.exp(x), 0));
    expect(logSumExp(v)).toBeCloseTo(naive, 14);
    expect(logSumExp(new Float64Array(v))).toBeCloseTo(naive, 14);
  });

  it('does not overflow or underflow', () => {
    expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logSumExp([-1000, -1000, -1000])).toBeCloseTo(-1000 + Math.log(3), 12);
    expect(logSumExp(800, 800)).toBeCloseTo(800 + Math.LN2, 12);
    expect(logAddExp(-800, -1e9)).toBe(-800);
  });

  it('handles empty and infinite input', () => {
    expect(logSumExp([])).toBe(-Infinity);
    expect(logSumExp([-Infinity, -Infinity])).toBe(-Infinity);
    expect(logSumExp([-Infinity, 3])).toBe(3);
    expect(logSumExp([1, Infinity])).toBe(Infinity);
    expect(logSumExp([1, NaN])).toBeNaN();
    expect(logSumExp(2, -Infinity)).toBe(2);
  });

  it('logDiffExp is accurate for close and far arguments', () => {
    expect(logDiffExp(Math.log(5), Math.log(3))).toBeCloseTo(Math.log(2), 14);
    // e^a − e^b with b = a − 1e-10: ≈ e^a · 1e-10.
    expect(logDiffExp(10, 10 - 1e-10)).toBeCloseTo(10 + Math.log(1e-10), 5);
    expect(logDiffExp(0, -50)).toBeCloseTo(Math.log1p(-Math.exp(-50)), 15);
    expect(logDiffExp(1, 1)).toBe(-Infinity);
    expect(logDiffExp(1, 2)).toBeNaN();
    expect(logDiffExp(4, -Infinity)).toBe(4);
  });

  it('log1pExp is softplus without overflow', () => {
    expect(log1pExp(0)).toBeCloseTo(Math.LN2, 15);
    expect(log1pExp(800)).toBe(800);
    expect(log1pExp(-800)).toBe(0);
    expect(log1pExp(-40)).toBeCloseTo(Math.exp(-40), 30);
  });
});
