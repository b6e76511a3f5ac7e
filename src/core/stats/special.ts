/**
 * Special functions for the likelihoods of the buy-till-you-die models (BG/NBD, Pareto/NBD,
 * Gamma-Gamma), all computed in log space so that products of gamma functions of large
 * arguments (customers with hundreds of purchases, α in the thousands) neither overflow nor
 * lose precision.
 */

const HALF_LOG_2PI = 0.9189385332046727; // ½·ln(2π)
const LOG_PI = 1.1447298858494002;

/**
 * Lanczos coefficients for g = 7, n = 9 (P. Godfrey's set, as in Numerical Recipes 3rd ed.
 * §6.1 and many libraries). Relative error of Γ(x) below 2e-15 for x ≥ 0.5.
 */
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/**
 * Stirling's series coefficients B_{2k} / (2k(2k−1)) for k = 1..7 (Abramowitz & Stegun 6.1.40).
 * With x ≥ 10 the first omitted term is below 1e-17 of the result.
 */
const STIRLING = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156];

/**
 * ln Γ(x) for real x > 0 (and ln|Γ(x)| for negative non-integers, by reflection).
 * Stirling's series for x ≥ 10 (relative error ~1e-16), the Lanczos approximation below;
 * near x = 1 and 2, where ln Γ crosses zero, the error is absolute (~1e-15), not relative.
 * Returns +Infinity at 0 and the negative integers, NaN for NaN.
 */
export function logGamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return Infinity;
  if (x <= 0 && Number.isInteger(x)) return Infinity;
  if (x < 0.5) {
    // Reflection Γ(x)Γ(1−x) = π / sin(πx) (A&S 6.1.17).
    const s = Math.sin(Math.PI * x);
    return LOG_PI - Math.log(Math.abs(s)) - logGamma(1 - x);
  }
  if (x === 1 || x === 2) return 0;
  if (x >= 10) return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + stirlingCorrection(x);
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return HALF_LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Stirling's correction ln Γ(x) − [(x − ½) ln x − x + ½ ln 2π] for x ≥ 10. */
function stirlingCorrection(x: number): number {
  const inv = 1 / x;
  const inv2 = inv * inv;
  let series = 0;
  for (let k = STIRLING.length - 1; k >= 0; k--) series = series * inv2 + STIRLING[k];
  return series * inv;
}

/**
 * ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), for a, b > 0. When an argument is large the
 * three-term difference would cancel (ln Γ(1000.5) − ln Γ(1000.75) loses 4 digits), so the
 * large parts are combined analytically first, as R's `lbeta` does (nmath/lbeta.c).
 */
export function logBeta(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  if (p < 0) return NaN;
  if (p === 0) return Infinity;
  if (q === Infinity) return -Infinity;
  if (p >= 10) {
    const corr = stirlingCorrection(p) + stirlingCorrection(q) - stirlingCorrection(p + q);
    return (
      -0.5 * Math.log(q) +
      HALF_LOG_2PI +
      corr +
      (p - 0.5) * Math.log(p / (p + q)) +
      q * Math.log1p(-p / (p + q))
    );
  }
  if (q >= 10) {
    const corr = stirlingCorrection(q) - stirlingCorrection(p + q);
    return logGamma(p) + corr + p - p * Math.log(p + q) + (q - 0.5) * Math.log1p(-p / (p + q));
  }
  return logGamma(p) + logGamma(q) - logGamma(p + q);
}

/** ln[Γ(a + n) / Γ(a)], the log of the rising factorial (Pochhammer symbol) (a)_n. */
export function logPochhammer(a: number, n: number): number {
  if (n === 0) return 0;
  // Small whole n: a direct product is both faster and more accurate than two logGammas.
  if (Number.isInteger(n) && n > 0 && n <= 16) {
    let p = 1;
    for (let i = 0; i < n; i++) p *= a + i;
    return Math.log(p);
  }
  return logGamma(a + n) - logGamma(a);
}

/** ln(e^a + e^b) without overflow or underflow. */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/**
 * ln Σ e^{v_i}: with an array, or with two numbers as ln(e^a + e^b).
 * An empty array gives −Infinity (the log of an empty sum).
 */
export function logSumExp(values: ArrayLike<number>): number;
export function logSumExp(a: number, b: number): number;
export function logSumExp(values: ArrayLike<number> | number, b?: number): number {
  if (typeof values === 'number') return logAddExp(values, b ?? -Infinity);
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) return NaN;
    if (v > max) max = v;
  }
  if (max === -Infinity) return -Infinity;
  if (max === Infinity) return Infinity;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.exp(values[i] - max);
  return max + Math.log(sum);
}

/**
 * ln(e^a − e^b) for a ≥ b (−Infinity when a = b, NaN when a < b). Uses log1p(−e^{b−a})
 * or log(−expm1(b−a)) depending on the gap (Mächler 2012, "Accurately computing
 * log(1 − exp(−|a|))").
 */
export function logDiffExp(a: number, b: number): number {
  if (b === -Infinity) return a;
  if (a < b) return NaN;
  if (a === b) return -Infinity;
  const d = b - a; // < 0
  return a + (d > -Math.LN2 ? Math.log(-Math.expm1(d)) : Math.log1p(-Math.exp(d)));
}

/** ln(1 + e^x) (softplus) without overflow. */
export function log1pExp(x: number): number {
  if (x > 36) return x + Math.exp(-x);
  if (x < -36) return Math.exp(x);
  return Math.log1p(Math.exp(x));
}

/**
 * Digamma ψ(x) = d/dx ln Γ(x) for x > 0 (reflection below 0): recurrence up to x ≥ 12, then
 * the asymptotic series (A&S 6.3.18). Absolute error ~1e-15.
 */
export function digamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0 && Number.isInteger(x)) return NaN;
  if (x < 0) return digamma(1 - x) - Math.PI / Math.tan(Math.PI * x);
  let result = 0;
  while (x < 12) {
    result -= 1 / x;
    x += 1;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  const series =
    inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132)))));
  return result + Math.log(x) - 0.5 * inv - series;
}
