/**
 * The Gauss hypergeometric function (src/core/stats/hyp2f1.ts) against
 * - closed forms (Abramowitz & Stegun 15.1.3–15.1.15, Gauss's theorem 15.1.20),
 * - a brute-force series in exact rational arithmetic (BigInt, 60 digits) wherever the
 *   series converges in reasonable time (z ≤ 0.9995, also alternating for z < 0),
 * - Euler's integral (A&S 15.3.1) by tanh-sinh quadrature, an independent method that
 *   reaches the hard regions: z within 1e-12 of 1, z = −1e8, parameters of several hundred,
 *   and c − a − b at or near a whole number (the poles that cancel in A&S 15.3.6),
 * - the Pareto/NBD integral ∫ (α+τ)^−(r+x) (β+τ)^−(s+1) dτ, the quantity the likelihood needs.
 */
import { describe, expect, it } from 'vitest';
import { hyp2f1, hyp2f1SignedLog, logHyp2f1 } from '../../src/core/stats/hyp2f1.ts';
import { logGamma } from '../../src/core/stats/special.ts';
import { LensError } from '../../src/core/errors.ts';

/** |actual − expected| ≤ tol · |expected|. */
function expectRel(actual: number, expected: number, tol: number): void {
  const err = Math.abs(actual - expected) / Math.abs(expected);
  if (!(err <= tol)) expect.fail(`${actual} vs ${expected}: relative error ${err} > ${tol}`);
}

// ---- reference 1: the series in exact rational arithmetic --------------------------------

function rational(s: string): [bigint, bigint] {
  const neg = s.startsWith('-');
  const [i, f = ''] = (neg ? s.slice(1) : s).split('.');
  const p = BigInt(i + f);
  return [neg ? -p : p, 10n ** BigInt(f.length)];
}

/**
 * Σ (a)_n (b)_n / ((c)_n n!) zⁿ with a, b, c, z the exact decimals given, in fixed point
 * with `digits` decimals; stops once past the peak the terms are below 1e-30 of the sum and
 * shrinking (all test cases have |z| < 1 or terminate).
 */
function exactSeries(a: string, b: string, c: string, z: string, digits = 60): number {
  const [ap, aq] = rational(a);
  const [bp, bq] = rational(b);
  const [cp, cq] = rational(c);
  const [zp, zq] = rational(z);
  const one = 10n ** BigInt(digits);
  const abs = (v: bigint): bigint => (v < 0n ? -v : v);
  let term = one;
  let sum = one;
  for (let n = 0n; n < 5_000_000n; n++) {
    const num = (ap + n * aq) * (bp + n * bq) * zp * cq;
    const den = (cp + n * cq) * (n + 1n) * aq * bq * zq;
    term = (term * num) / den;
    if (term === 0n) break;
    sum += term;
    if (abs(term) * 10n ** 30n < abs(sum) && abs(num) < abs(den)) break;
  }
  const s = abs(sum).toString();
  const head = Number(s.slice(0, 20));
  return (sum < 0n ? -1 : 1) * head * 10 ** (s.length - 20 - digits);
}

// ---- reference 2: Euler's integral by tanh-sinh quadrature --------------------------------

/**
 * ₂F₁(a, b; c; z) = Γ(c) / (Γ(b)Γ(c − b)) ∫₀¹ t^(b−1) (1 − t)^(c−b−1) (1 − zt)^(−a) dt, c > b > 0
 * (A&S 15.3.1), z < 1 given with u = 1 − z exact. Tanh-sinh: t = 1/(1 + e^(−v)),
 * v = π sinh s, dt = π cosh s · t(1 − t) ds, with 1 − t = 1/(1 + e^v) computed as such so
 * that points within 1e-300 of t = 1 keep their accuracy; 1 − zt = u + z(1 − t). The step is
 * halved until two levels agree to 1e-14; returns the log of the result.
 */
function eulerIntegralLog(a: number, b: number, c: number, z: number, u = 1 - z): number {
  const logIntegrand = (s: number): number => {
    const v = Math.PI * Math.sinh(s);
    const logT = -Math.log1p(Math.exp(-v));
    const log1mT = -Math.log1p(Math.exp(v));
    // 1 − zt: directly for z < ½ (no cancellation), else as u + z(1 − t).
    const oneMinusZt = z < 0.5 ? 1 - z * Math.exp(logT) : u + z * Math.exp(log1mT);
    return (
      Math.log(Math.PI * Math.cosh(s)) + b * logT + (c - b) * log1mT - a * Math.log(oneMinusZt)
    );
  };
  const S = 6.5;
  let previous = NaN;
  for (let level = 4; level <= 11; level++) {
    const h = 2 ** -level;
    const logs: number[] = [];
    for (let s = -S; s <= S; s += h) logs.push(logIntegrand(s));
    const max = Math.max(...logs);
    let sum = 0;
    for (const l of logs) sum += Math.exp(l - max);
    const value = max + Math.log(sum * h);
    if (Math.abs(value - previous) < 1e-14) {
      return logGamma(c) - logGamma(b) - logGamma(c - b) + value;
    }
    previous = value;
  }
  throw new Error(`quadrature did not settle for ${a}, ${b}, ${c}, ${z}`);
}

describe('hyp2f1: closed forms', () => {
  it('₂F₁(1, 1; 2; z) = −ln(1 − z)/z from z = −1e300 to 1 − 1e-12', () => {
    for (const z of [
      -1e300,
      -1e12,
      -100,
      -1,
      -0.3,
      -1e-9,
      1e-9,
      0.2,
      0.5,
      0.75,
      0.9,
      0.95,
      0.99,
      0.999999,
      1 - 1e-12,
    ]) {
      // Values are carried as exp(log): the relative error is ~1e-16·|ln F| at the extremes.
      const expected = -Math.log1p(-z) / z;
      expectRel(
        hyp2f1(1, 1, 2, z),
        expected,
        1e-14 * Math.max(1, Math.abs(Math.log(expected)) / 10),
      );
    }
  });

  it('₂F₁(a, b; b; z) = (1 − z)^(−a), and its log for huge values', () => {
    for (const [a, b, z] of [
      [0.7, 2.3, 0.4],
      [3.5, 0.2, -7],
      [25, 1.5, 0.999],
    ]) {
      const expected = Math.pow(1 - z, -a);
      expectRel(
        hyp2f1(a, b, b, z),
        expected,
        1e-14 * Math.max(1, Math.abs(Math.log(expected)) / 10),
      );
    }
    // z = 1 − 1e-10 rounds to a double whose 1 − z is 1.0000000827e-10; given exactly, the
    // optional 1 − z argument keeps all digits.
    const z = 1 - 1e-10;
    expectRel(logHyp2f1(500, 3, 3, z), -500 * Math.log(1 - z), 1e-15);
    expectRel(logHyp2f1(500, 3, 3, z, 1e-10), -500 * Math.log(1e-10), 1e-15);
  });

  it('₂F₁(½, ½; 3/2; x²) = arcsin(x)/x and ₂F₁(½, 1; 3/2; −x²) = arctan(x)/x', () => {
    for (const z of [0.01, 0.3, 0.6, 0.9, 0.999, 1 - 1e-9]) {
      const x = Math.sqrt(z);
      // arcsin(x) = atan2(x, √(1 − x²)) with 1 − x² = 1 − z exact: accurate up to x → 1.
      expectRel(hyp2f1(0.5, 0.5, 1.5, z), Math.atan2(x, Math.sqrt(1 - z)) / x, 2e-14);
    }
    for (const z of [-0.01, -0.3, -10, -1e8, -1e40]) {
      const x = Math.sqrt(-z);
      expectRel(hyp2f1(0.5, 1, 1.5, z), Math.atan(x) / x, 2e-14);
    }
  });

  it('A&S 15.1.9 and 15.1.10 with a up to 150 and z² → 1', () => {
    for (const [a, x] of [
      [2.3, 0.5],
      [40.5, 0.9],
      [150, 0.9995],
      [7.25, 1 - 1e-9],
    ]) {
      // The function sees z² rounded to a double; near z² = 1 the results are sensitive to it
      // (∂ln F/∂z² ≈ 2a/(1 − z²)), so the closed forms take x from that double: 1 − x is
      // (1 − z²)/(1 + x) with 1 − z² exact.
      const z2 = x * x;
      const xs = Math.sqrt(z2);
      const log1mx = Math.log(1 - z2) - Math.log1p(xs);
      // 15.1.9: ₂F₁(a, a + ½; ½; x²) = ½[(1 + x)^(−2a) + (1 − x)^(−2a)].
      const expected9 = Math.log(0.5) + logAdd(-2 * a * Math.log1p(xs), -2 * a * log1mx);
      expectRel(logHyp2f1(a, a + 0.5, 0.5, z2), expected9, 1e-13);
      // 15.1.10: ₂F₁(a, a + ½; 3/2; x²) = [(1 + x)^(1−2a) − (1 − x)^(1−2a)] / (2x(1 − 2a)).
      // With p = 1 − 2a < 0 the (1 − x) power dominates: factor it out.
      const p = 1 - 2 * a;
      const expected10 =
        p * log1mx + Math.log(-Math.expm1(p * (Math.log1p(xs) - log1mx))) - Math.log(2 * xs * -p);
      expectRel(logHyp2f1(a, a + 0.5, 1.5, z2), expected10, 1e-13);
    }
  });

  it('A&S 15.1.15: ₂F₁(a, 1 − a; 3/2; sin²θ) = sin((2a − 1)θ) / ((2a − 1) sin θ)', () => {
    for (const [a, theta] of [
      [0.3, 0.4],
      [2.7, 1.1],
      [-3.2, 0.9],
      [5.1, 1.5],
    ]) {
      const s = Math.sin(theta);
      const expected = Math.sin((2 * a - 1) * theta) / ((2 * a - 1) * s);
      expectRel(hyp2f1(a, 1 - a, 1.5, s * s), expected, 1e-12);
    }
  });

  it("Gauss's theorem at z = 1, and the limit z → 1 through the connection formula", () => {
    expectRel(hyp2f1(1, 1, 3, 1), 2, 1e-15);
    expectRel(hyp2f1(0.5, 0.5, 2, 1), 4 / Math.PI, 1e-14);
    for (const [a, b, c] of [
      [0.5, 0.7, 3.1],
      [2, 3, 10.5],
      [120.5, 3.25, 130],
      [1.5, 2.5, 5], // c − a − b = 1 exactly: the log-case (A&S 15.3.11) below z = 1
    ]) {
      const gauss = Math.exp(logGamma(c) + logGamma(c - a - b) - logGamma(c - a) - logGamma(c - b));
      expectRel(hyp2f1(a, b, c, 1), gauss, 1e-13);
      // The gap F(1) − F(1 − δ) is O(δ^min(1, c−a−b) · |ln δ|): below 1e-10 here.
      expectRel(hyp2f1(a, b, c, 1 - 1e-14), gauss, 1e-10);
    }
  });
});

function logAdd(x: number, y: number): number {
  const m = Math.max(x, y);
  return m + Math.log(Math.exp(x - m) + Math.exp(y - m));
}

describe('hyp2f1: against the exact-arithmetic series', () => {
  const cases: [string, string, string, string, number][] = [
    // a, b, c, z, tolerance
    ['0.55', '1.61', '3.16', '0.3', 1e-15],
    ['300.3', '1.7', '302.5', '0.95', 1e-14],
    ['300.3', '1.7', '302.5', '0.999', 2e-13], // connection formula, c − a − b = 0.5
    ['12.4', '5.5', '18.9', '0.999', 1e-14],
    ['30.3', '0.61', '31.91', '0.9991', 1e-14], // Pareto/NBD-like: a = r+s+x, b = s+1, c = a+1
    ['2.5', '3.5', '1.2', '0.99', 1e-14],
    ['150', '150', '1.5', '0.5', 1e-13], // terms peak near 1e156
    ['0.3', '0.4', '0.2', '0.999', 1e-14],
    ['1.5', '2.5', '4.000001', '0.9995', 1e-13], // c − a − b = 1e-6: near-integer branch
    ['0.61', '3.55', '4.16', '0.9995', 1e-13], // c − a − b = 0: the logarithmic case
    ['-3.5', '2.2', '4.1', '0.7', 1e-14], // mixed signs
    ['-7', '3.3', '2.1', '0.9', 1e-11], // terminating, value 6e-4 from terms ~1
    ['10', '-20.5', '-30.5', '0.95', 1e-13],
    ['2.5', '1.5', '3.5', '-0.9', 1e-14], // alternating series, Pfaff in the code
    ['0.8', '40.2', '2.2', '-0.7', 1e-13],
  ];
  for (const [a, b, c, z, tol] of cases) {
    it(`₂F₁(${a}, ${b}; ${c}; ${z})`, () => {
      expectRel(hyp2f1(Number(a), Number(b), Number(c), Number(z)), exactSeries(a, b, c, z), tol);
    });
  }
});

describe('hyp2f1: hard regions against Euler’s integral', () => {
  const cases: [number, number, number, number, number?][] = [
    // z very negative (Pfaff with w within 1e-6 … 1e-8 of 1), large parameters
    [300.3, 1.7, 302.5, -1e6],
    [50, 20.5, 80, -1e3],
    [3.2, 1.4, 2.9, -1e8],
    // z within 1e-12 of 1, Pareto/NBD-like shapes with x up to 300
    [300.3, 1.7, 301.3, 1 - 1e-8],
    [300.3, 1.61, 301.3, 1 - 1e-12],
    [20.55, 1.61, 21.55, 0.99999],
    // c − a − b at and near whole numbers (−s with s = 1, 1 ± 1e-9, 2 + 1e-6, 0.9, 0.89)
    [6.55, 2, 7.55, 0.9999],
    [6.55 - 1e-9, 2 - 1e-9, 7.55 - 1e-9, 0.9999],
    [6.55 + 1e-9, 2 + 1e-9, 7.55 + 1e-9, 0.9999],
    [8.550001, 3.000001, 9.550001, 1 - 1e-7],
    [5.45, 1.9, 6.45, 0.99999],
    [5.44, 1.89, 6.44, 0.99999],
    // large a, b, c near 1: c − a − b = −50 exactly
    [400, 350, 700, 0.999999],
    [120.25, 80.5, 150, 1 - 1e-6],
  ];
  for (const [a, b, c, z] of cases) {
    it(`ln ₂F₁(${a}, ${b}; ${c}; ${z})`, () => {
      const reference = eulerIntegralLog(a, b, c, z);
      const ours = logHyp2f1(a, b, c, z);
      // Relative error of the value = absolute error of its log; the reference's own
      // log-gammas of arguments up to 700 carry ~5e-13.
      expect(Math.abs(ours - reference)).toBeLessThan(
        2e-12 * Math.max(1, Math.abs(reference) / 100),
      );
    });
  }

  it('is continuous across the series / connection switch and the near-integer threshold', () => {
    // Just below and above w = 0.9 (where long series hand over) and m = ±0.1 from whole.
    for (const [a, b, c] of [
      [40.55, 1.61, 41.55],
      [3.3, 2.2, 5.4],
      [5.45, 1.9, 6.45],
    ]) {
      for (const z of [0.98, 0.995, 0.9999]) {
        const here = logHyp2f1(a, b, c, z);
        expect(Math.abs(here - eulerIntegralLog(a, b, c, z))).toBeLessThan(1e-12);
      }
    }
  });
});

describe('hyp2f1: against mpmath', () => {
  // ln ₂F₁ by mpmath 1.3.0 (mp.dps = 40, rounded to doubles here) with the decimal
  // arguments as written; 1 − z is
  // passed exactly where z is near 1 (the double nearest 0.999999999999 is 1e-4 away in 1 − z).
  const cases: [number, number, number, number, number | undefined, number][] = [
    [300.3, 1.61, 301.3, 1 - 1e-12, 1e-12, 23.053997647468925],
    [300.3, 1.7, 302.5, -1e6, undefined, -23.47390499422245],
    [6.55, 2, 7.55, 0.9999, 1e-4, 11.086003688414261],
    [400, 350, 700, 0.999999, 1e-6, 1025.962833436971],
    [1.5, 2.5, 4.000001, 0.9999999, 1e-7, 4.282783936761116],
    [0.61, 3.55, 4.16, 0.99999999, 1e-8, 3.2275861067193907],
    [20.55, 20, 41.55, 0.99999999999, 1e-11, 26.020254650141343],
    [3.2, 1.4, 2.9, -1e8, undefined, -26.021789902468043],
    [150, 0.5, 0.5001, 0.99, 0.01, 690.7743713334949],
  ];
  for (const [a, b, c, z, u, expected] of cases) {
    it(`ln ₂F₁(${a}, ${b}; ${c}; ${z})`, () => {
      // ~1e-16 relative in the value per unit of |ln F|, plus the log-gammas' ~1e-13.
      const tol = 2e-13 * Math.max(1, Math.abs(expected) / 10);
      expect(Math.abs(logHyp2f1(a, b, c, z, u) - expected)).toBeLessThan(tol);
    });
  }
});

describe('hyp2f1: random buy-till-you-die arguments against mpmath', () => {
  // 24 argument sets drawn (seeded) in the shapes the models use, r, s ∈ [0.03, 10],
  // x ∈ {0 … 300}: Pareto/NBD ₂F₁(r+s+x, s+1; r+s+x+1; ·) and ₂F₁(r+s+x, r+x; r+s+x+1; ·),
  // BG/NBD ₂F₁(r+x, b+x; a+b+x−1; ·); z = 1 − u with u down to 1e-13, or z down to −1e7.
  // ln ₂F₁ by mpmath 1.3.0 (mp.dps = 40). A wider run of the same generator (1,500 Pareto/NBD
  // shapes) found at most 9.1e-13 in ln F.
  const cases: [number, number, number, number, number | undefined, number][] = [
    [307.98, 6.542, 308.98, -207000.0, undefined, -80.05574260036988],
    [104.347, 100.053, 105.347, 1 - 2.33e-13, 2.33e-13, 2881.279773127334],
    [18.877, 13.551, 16.449, -12.0, undefined, -38.02773474114483],
    [1.461, 1.041, 2.461, 1 - 4.27e-13, 4.27e-13, 4.35732709066545],
    [11.065, 8.596, 12.065, -1070000.0, undefined, -117.83976223773378],
    [30.493, 30.851, 34.856, 1 - 0.0117, 0.0117, 118.39599063370885],
    [1.701, 1.353, 2.701, 1 - 0.0023, 0.0023, 3.5402866710935346],
    [2.811, 2.624, 3.811, -11700.0, undefined, -22.13345188165362],
    [5.545, 11.879, 11.677, 1 - 8.28e-6, 8.28e-6, 67.09122922381367],
    [11.298, 1.729, 12.298, 1 - 2.33e-11, 2.33e-11, 20.58849883408872],
    [4.188, 3.712, 5.188, 1 - 0.0629, 0.0629, 7.888292427031461],
    [1.039, 1.965, 4.461, -0.295, undefined, -0.12368765353920691],
    [31.951, 1.172, 32.951, 1 - 0.0574, 0.0574, 2.9729951235249605],
    [1.769, 0.388, 2.769, 1 - 3.64e-13, 3.64e-13, 0.6663104383517203],
    [4.77, 1.117, 0.506, 1 - 0.0639, 0.0639, 16.308323834881378],
    [101.918, 2.399, 102.918, 1 - 0.000609, 0.000609, 14.551885024278192],
    [30.22, 30.184, 31.22, 1 - 2.69e-9, 2.69e-9, 575.9439033338742],
    [5.134, 2.758, 3.892, 1 - 1.15e-6, 1.15e-6, 54.28890433741126],
    [1.387, 1.332, 2.387, 1 - 3.96e-12, 3.96e-12, 10.146146889488817],
    [104.964, 104.871, 105.964, 1 - 1.45e-12, 1.45e-12, 2831.477583852029],
    [19.259, 13.59, 14.552, -3290000.0, undefined, -212.88007000985147],
    [3.979, 3.597, 4.979, 1 - 3.12e-12, 3.12e-12, 69.22948313109777],
    [10.796, 10.413, 11.796, 1 - 3.31e-10, 3.31e-10, 205.6125454793474],
    [2.723, 2.643, 4.443, 1 - 0.00022, 0.00022, 9.348503895081766],
  ];
  it.each(cases)('ln ₂F₁(%d, %d; %d; %d)', (a, b, c, z, u, expected) => {
    expect(Math.abs(logHyp2f1(a, b, c, z, u) - expected)).toBeLessThan(2e-12);
  });
});

describe('hyp2f1: the Pareto/NBD integral', () => {
  /**
   * Fader, Hardie & Lee (2005), α ≥ β case: for t ≥ 0,
   *   ∫_t^∞ (α+τ)^−(r+x) (β+τ)^−(s+1) dτ = ₂F₁(r+s+x, s+1; r+s+x+1; (α−β)/(α+t)) / ((r+s+x)(α+t)^(r+s+x)),
   * and the α < β case with ₂F₁(r+s+x, r+x; …; (β−α)/(β+t)) and (β+t). Reference: Gauss–Legendre
   * on τ = t + (α+t)(1/v − 1)… here simply a substitution τ = t + y/(1 − y) and tanh-sinh.
   */
  function tailIntegralLog(
    r: number,
    alpha: number,
    s: number,
    beta: number,
    x: number,
    t: number,
  ): number {
    const f = (tau: number): number =>
      -(r + x) * Math.log(alpha + tau) - (s + 1) * Math.log(beta + tau);
    // τ = t + e^y, y ∈ ℝ: dτ = e^y dy; tanh-sinh-like double exponential in y = sinh-mapped.
    const logs: number[] = [];
    const h = 1 / 256;
    for (let k = -12; k <= 12; k += h) {
      const y = 8 * Math.sinh(k / 2);
      const tau = t + Math.exp(y);
      logs.push(f(tau) + y + Math.log(4 * Math.cosh(k / 2)));
    }
    const max = Math.max(...logs);
    let sum = 0;
    for (const l of logs) sum += Math.exp(l - max);
    return max + Math.log(sum * h);
  }

  it('matches direct integration in both of FHL’s cases, including α/β = 1e-6 and 1e6', () => {
    for (const [r, alpha, s, beta, x, t] of [
      [0.55, 10.58, 0.61, 11.67, 2, 30.4],
      [0.55, 10.58, 0.61, 11.67, 0, 0],
      [0.24, 4.41, 0.79, 2.43, 17, 5.3],
      [1.2, 1e4, 0.5, 1e-2, 40, 0.1],
      [2.5, 1e-3, 1.4, 100, 3, 0],
      [0.8, 1e6, 1.0, 1, 200, 2],
    ]) {
      const a1 = r + s + x;
      // 1 − z passed exactly: (β + t)/(α + t), resp. (α + t)/(β + t).
      const ours =
        alpha >= beta
          ? logHyp2f1(a1, s + 1, a1 + 1, (alpha - beta) / (alpha + t), (beta + t) / (alpha + t)) -
            Math.log(a1) -
            a1 * Math.log(alpha + t)
          : logHyp2f1(a1, r + x, a1 + 1, (beta - alpha) / (beta + t), (alpha + t) / (beta + t)) -
            Math.log(a1) -
            a1 * Math.log(beta + t);
      expect(Math.abs(ours - tailIntegralLog(r, alpha, s, beta, x, t))).toBeLessThan(1e-12);
    }
  });
});

describe('hyp2f1: errors', () => {
  function code(fn: () => unknown): string {
    try {
      fn();
    } catch (err) {
      if (err instanceof LensError) return err.code;
      throw err;
    }
    return 'no error';
  }

  it('refuses the points where ₂F₁ is not defined', () => {
    expect(code(() => hyp2f1(1, 2, 3, 1.5))).toBe('error.stats.hyp2f1.domain');
    expect(code(() => hyp2f1(1, 2, -2, 0.5))).toBe('error.stats.hyp2f1.domain');
    expect(code(() => hyp2f1(1, 2, 3, 1))).toBe('error.stats.hyp2f1.domain'); // c − a − b = 0
    expect(code(() => hyp2f1(Number.NaN, 2, 3, 0.5))).toBe('error.stats.hyp2f1.domain');
    // F(−1, 3; 2; 0.9) = 1 − 3·0.9/2 = −0.35 has no logarithm.
    expect(code(() => logHyp2f1(-1, 3, 2, 0.9))).toBe('error.stats.hyp2f1.domain');
    // c = −2 is fine when a = −1 stops the series first: 1 + (−1)(2)/(−2)·z.
    expectRel(hyp2f1(-1, 2, -2, 0.5), 1 + 0.5, 1e-15);
  });

  it('throws instead of returning digits lost to cancellation', () => {
    // True value −4.2082359131558e-10 (exact series) from terms of order 1e6: no double
    // precision method among ours keeps 8 digits, so it must say so.
    expect(exactSeries('20.5', '30.25', '5.5', '-0.6', 80)).toBeCloseTo(-4.2082359131558e-10, 20);
    expect(code(() => hyp2f1(20.5, 30.25, 5.5, -0.6))).toBe('error.stats.hyp2f1.noConvergence');
    expect(code(() => hyp2f1(300, 300, 1, -0.5))).toBe('error.stats.hyp2f1.noConvergence');
  });

  it('gives the sign with the log', () => {
    const r = hyp2f1SignedLog(-1, 3, 2, 0.9);
    expect(r.sign).toBe(-1);
    expectRel(Math.exp(r.log), 0.35, 1e-15);
    const s = hyp2f1SignedLog(-3.5, 2.2, 4.1, -40);
    expect(s.sign).toBe(1);
    expect(Math.abs(s.log - eulerIntegralLog(-3.5, 2.2, 4.1, -40))).toBeLessThan(1e-13);
  });
});
