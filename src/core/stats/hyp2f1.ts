/**
 * The Gauss hypergeometric function ₂F₁(a, b; c; z) for real parameters and real z ≤ 1, as
 * the buy-till-you-die formulas need it: the Pareto/NBD likelihood, P(alive) and
 * P(X(t) = x) (Fader, Hardie & Lee 2005, "A Note on Implementing the Pareto/NBD Model in
 * MATLAB"; Fader & Hardie 2006, "Deriving an Expression for P(X(t) = x) Under the
 * Pareto/NBD Model") and the BG/NBD expectations. There the parameters are positive, up to
 * a few hundred (a customer's repeat purchases enter them), and z lies anywhere in
 * (−∞, 1), sometimes very close to 1.
 *
 * Every value is carried as sign · exp(log), so that results like (1 − z)^(−600) neither
 * overflow nor underflow. Method (A&S = Abramowitz & Stegun, "Handbook of Mathematical
 * Functions", chapter 15):
 *
 * 1. Exact cases: z = 0; a or b = 0; b = c or a = c, where ₂F₁ = (1 − z)^(−a) or
 *    (1 − z)^(−b) (A&S 15.1.8); a terminating series (a or b a non-positive integer);
 *    z = 1 by Gauss's theorem when c − a − b > 0 (A&S 15.1.20).
 * 2. z < 0: a Pfaff transformation (A&S 15.3.4, 15.3.5)
 *      ₂F₁(a, b; c; z) = (1 − z)^(−a) ₂F₁(a, c − b; c; w) = (1 − z)^(−b) ₂F₁(c − a, b; c; w),
 *    w = z / (z − 1) ∈ (0, 1), taking the form whose series has non-negative terms when
 *    there is one (if both, the smaller power). This is the transformation behind Fader,
 *    Hardie & Lee's α ≥ β / α < β
 *    cases: their α < β expression is the first form applied to the α ≥ β one. The distance
 *    1 − w = 1 / (1 − z) is carried separately, so z = −1e300 still works (w would round to 1).
 * 3. 0 ≤ w ≤ 0.9, or w closer to 1 when the series is still short (large c − a − b): the
 *    Gauss series (A&S 15.1.1), stopped by a bound on the tail (rigorous for the geometric
 *    part; from the local power law n^(−m−1) near w = 1) and rescaled whenever the partial
 *    sum passes 1e200. With positive parameters every term is positive, so the sum is
 *    accurate to a few ulps whatever the parameters.
 * 4. Otherwise (w near 1, slow series): the connection formula to 1 − w (A&S 15.3.6), after
 *    an Euler transformation (A&S 15.3.3) that makes m = c − a − b ≥ 0. When m is within
 *    0.1 of a whole number n the two halves of 15.3.6 have poles that cancel (Γ(m) and
 *    Γ(−m)); there the pairs of cancelling terms are summed together in closed form,
 *    ₂F₁ = P + R with
 *      P = Γ(c)Γ(m) / (Γ(a+m)Γ(b+m)) · Σ_{k<n} (a)_k (b)_k / ((1−m)_k k!) u^k,
 *      R = −(−1)ⁿ Γ(c) · πε/sin(πε) / (Γ(a)Γ(b)Γ(a+m)Γ(b+m))
 *          · Σ_j uⁿ⁺ʲ Γ(a+n+j)Γ(b+n+j) / (Γ(1+n+j)Γ(1+j−ε)) · (e^{εQ_j} − 1)/ε,
 *      Q_j = ln u + D(a+n+j) + D(b+n+j) − D(1+n+j) − D(1+j−ε),
 *    u = 1 − w, m = n + ε, D(x) = (ln Γ(x + ε) − ln Γ(x)) / ε. As ε → 0 this is A&S 15.3.10 /
 *    15.3.11 (D → ψ), and for ε ≠ 0 it equals 15.3.6 exactly, but without the 1/ε
 *    cancellation. This matters for the Pareto/NBD, where m = −s or 1 − r − x is (nearly) an
 *    integer whenever s or r is close to a whole number. D is computed from the digamma
 *    function (Gauss–Legendre over [x, x + ε] after shifting x ≥ 8), never as a difference.
 *    The common factor Γ(c)/(Γ(a+m)Γ(b+m)) is taken out first and the rest written with
 *    ratios of close arguments (Γ(a+m)/Γ(a) …, by a Stirling-series difference), so that
 *    cancellation between the halves amplifies only a few ulps. When the halves still cancel
 *    by more than 1e4 (large a and b with 1 − w not small enough, e.g. ₂F₁(119, 125; 245;
 *    0.9985)), the Gauss series of step 3 is used after all, up to 500,000 terms.
 *
 * Accuracy: the value's relative error is ~1e-16 · max(1, |ln F|) plus, in step 4, a few
 * 1e-13; tested against mpmath on 1,500 random Pareto/NBD-shaped arguments (z from −1e8 to
 * 1 − 1e-12, x up to 300): at most 9e-13 in ln F. Every sum tracks its largest term: when
 * cancellation would leave fewer than ~8 correct digits (possible only with parameters of
 * mixed signs, e.g. c < a, b with z < 0), or a series does not converge within its term
 * budget, LensError('error.stats.hyp2f1.noConvergence') is thrown rather than a wrong number
 * returned.
 */
import { LensError } from '../errors.ts';
import { digamma, logGamma } from './special.ts';

/** Relative size of the omitted tail of every sum. */
const EPS = 1e-17;
/** Largest term / |sum| accepted: beyond it fewer than ~8 digits would be correct. */
const MAX_CANCELLATION = 1e8;
/**
 * The same for the connection formula, stricter because the Gauss series remains as a
 * fallback: with large a and b and 1 − z not small enough, the two halves of A&S 15.3.6 (or
 * P and R near whole m) can be e^12 times the result (e.g. ₂F₁(119.4, 124.6; 245.0; 0.9985)).
 */
const MAX_CONNECTION_CANCELLATION = 1e4;
/** Below this the Gauss series is always used (at most ~400 terms past its peak). */
const W_SERIES = 0.9;
/** Above W_SERIES the series is still used when it needs fewer terms than this. */
const SERIES_AFFORDABLE = 20_000;
const MAX_SERIES_TERMS = 500_000;
/** m = c − a − b within this of a whole number uses the pole-free connection formula. */
const NEAR_INTEGER = 0.1;
/** Partial sums are rescaled by 1e-200 (and the scale kept in log space) past 1e200. */
const BIG = 1e200;
const LOG_BIG = Math.log(BIG);

/** ₂F₁ as sign · exp(log); sign 0 means the value is exactly 0 (log = −Infinity). */
export interface SignedLog {
  sign: number;
  log: number;
}

const ZERO: SignedLog = { sign: 0, log: -Infinity };

/** The arguments of the outer call, for error messages. */
interface Args {
  a: number;
  b: number;
  c: number;
  z: number;
}

function isNonPositiveInteger(v: number): boolean {
  return v <= 0 && Number.isInteger(v);
}

function noConvergence(args: Args, reason: string): LensError {
  const { a, b, c, z } = args;
  return new LensError(
    'error.stats.hyp2f1.noConvergence',
    { a, b, c, z, reason },
    `2F1(${a}, ${b}; ${c}; ${z}) did not converge: ${reason}`,
  );
}

function domainError(a: number, b: number, c: number, z: number): LensError {
  return new LensError(
    'error.stats.hyp2f1.domain',
    { a, b, c, z },
    `2F1(${a}, ${b}; ${c}; ${z}) is not defined here (needs finite numbers, z ≤ 1, c not 0, −1, −2, …, and c − a − b > 0 at z = 1)`,
  );
}

/** sign · exp(log) of Γ(x); sign 0 at the poles (x = 0, −1, −2, …), where 1/Γ = 0. */
function gammaSigned(x: number): SignedLog {
  if (isNonPositiveInteger(x)) return { sign: 0, log: Infinity };
  const sign = x > 0 ? 1 : Math.ceil(-x) % 2 === 1 ? -1 : 1;
  return { sign, log: logGamma(x) };
}

const STIRLING_TAIL = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156];

/** The Stirling series correction S(y) = ln Γ(y) − [(y − ½) ln y − y + ½ ln 2π], y ≥ 10. */
function stirlingTail(y: number): number {
  const inv2 = 1 / (y * y);
  let s = 0;
  for (let k = STIRLING_TAIL.length - 1; k >= 0; k--) s = s * inv2 + STIRLING_TAIL[k];
  return s / y;
}

/**
 * ln|Γ(x + δ)| − ln|Γ(x)|. For large arguments the two log-gammas are ~1e3 and their
 * difference would carry their absolute rounding error (~1e-13); the Stirling series
 * difference (x − ½)·log1p(δ/x) + δ·ln(x + δ) − δ + S(x + δ) − S(x) is accurate to a few
 * ulps of the (small) result instead. Gamma ratios of large, close arguments are what the
 * connection formula needs when a customer's purchase count enters a and c.
 */
function logGammaRatio(x: number, delta: number): number {
  if (x >= 10 && x + delta >= 10)
    return (
      (x - 0.5) * Math.log1p(delta / x) +
      delta * Math.log(x + delta) -
      delta +
      (stirlingTail(x + delta) - stirlingTail(x))
    );
  return logGamma(x + delta) - logGamma(x);
}

/** a + b for signed logs. */
function addSigned(x: SignedLog, y: SignedLog): SignedLog {
  if (x.sign === 0) return y;
  if (y.sign === 0) return x;
  const hi = x.log >= y.log ? x : y;
  const lo = x.log >= y.log ? y : x;
  const r = 1 + hi.sign * lo.sign * Math.exp(lo.log - hi.log);
  if (r === 0) return ZERO;
  return { sign: hi.sign * Math.sign(r), log: hi.log + Math.log(Math.abs(r)) };
}

interface SeriesResult {
  /** The sum is sum · exp(logScale). */
  sum: number;
  logScale: number;
  /** Largest |term| on the same scale, for the cancellation check. */
  maxTerm: number;
}

/**
 * The Gauss series Σ (a)_n (b)_n / ((c)_n n!) wⁿ for |w| < 1, or any w when it terminates.
 * Returns null instead of throwing when `budget` terms are not enough.
 */
function gaussSeries(
  a: number,
  b: number,
  c: number,
  w: number,
  budget: number,
  args: Args,
): SeriesResult | null {
  let term = 1;
  let sum = 1;
  let logScale = 0;
  let maxTerm = 1;
  const absW = Math.abs(w);
  // Tail bound: for k ≥ j > max(−a, −b, −c, 0) the factors (a+k)/(c+k) and (b+k)/(1+k) are
  // positive and monotone in k with limit 1, so each is at most max(its value at j, 1); the
  // same holds for the pairing (a+k)/(1+k), (b+k)/(c+k). So every later term ratio is at
  // most q = |w| · (the smaller of the two products), and the tail after the term t_j is at
  // most |t_j| q / (1 − q).
  //
  // Near w = 1 that geometric bound is useless, but when m = c − a − b > 0 the terms also
  // fall like n^(−(m+1)): the ratio is w(a+n)(b+n)/((c+n)(n+1)) ≈ w(1 − p/(n+1)) with p → m+1.
  // Past the parameters p is taken from the current ratio, and Σ_{k>j} t_k ≈ t_j (j+1)/(p − 1)
  // (the integral of a power law); it is doubled for safety and used when smaller.
  const firstSafe = Math.max(-a, -b, -c, 0);
  const powerFrom = Math.max(4 * Math.max(Math.abs(a), Math.abs(b), Math.abs(c)), 16);
  for (let n = 0; n < budget; n++) {
    const ratio = ((a + n) * (b + n) * w) / ((c + n) * (n + 1));
    term *= ratio;
    if (term === 0) return { sum, logScale, maxTerm };
    sum += term;
    const at = Math.abs(term);
    if (at > maxTerm) maxTerm = at;
    if (at > BIG || Math.abs(sum) > BIG) {
      term /= BIG;
      sum /= BIG;
      maxTerm /= BIG;
      logScale += LOG_BIG;
    }
    const j = n + 1;
    if (j > firstSafe) {
      const q =
        absW *
        Math.min(
          Math.max((a + j) / (c + j), 1) * Math.max((b + j) / (1 + j), 1),
          Math.max((a + j) / (1 + j), 1) * Math.max((b + j) / (c + j), 1),
        );
      let tail = q < 1 ? (Math.abs(term) * q) / (1 - q) : Infinity;
      if (j > powerFrom && w > 0) {
        const p = (j + 1) * (1 - ratio / w);
        if (p > 1.5) tail = Math.min(tail, (2 * Math.abs(term) * (j + 1)) / (p - 1));
      }
      if (tail <= EPS * Math.abs(sum)) return { sum, logScale, maxTerm };
    }
  }
  if (!Number.isFinite(sum)) throw noConvergence(args, 'series overflow');
  return null;
}

/** A finished series as a signed log, after the cancellation check. */
function seriesValue(s: SeriesResult, args: Args, limit = MAX_CANCELLATION): SignedLog {
  if (s.sum === 0) return ZERO;
  if (s.maxTerm / Math.abs(s.sum) > limit) throw noConvergence(args, 'cancellation in the series');
  return { sign: Math.sign(s.sum), log: s.logScale + Math.log(Math.abs(s.sum)) };
}

function series(
  a: number,
  b: number,
  c: number,
  w: number,
  budget: number,
  args: Args,
  limit = MAX_CANCELLATION,
): SignedLog {
  const s = gaussSeries(a, b, c, w, budget, args);
  if (!s) throw noConvergence(args, `series needs more than ${budget} terms`);
  return seriesValue(s, args, limit);
}

/**
 * Rough number of terms the Gauss series needs at 0 < w < 1: up to its peak (where the
 * term ratio (a+n)(b+n)w / ((c+n)(n+1)) falls to 1) plus the decay after it, which is
 * geometric (w) and, when m = c − a − b > 0, also polynomial (n^(−m−1)).
 */
function seriesCost(a: number, b: number, c: number, w: number): number {
  // (w − 1)n² + (w(a + b) − c − 1)n + (wab − c) = 0.
  const A = w - 1;
  const B = w * (a + b) - c - 1;
  const C = w * a * b - c;
  const disc = B * B - 4 * A * C;
  const peak = disc > 0 ? Math.max(0, (-B - Math.sqrt(disc)) / (2 * A)) : 0;
  const geometric = 40 / -Math.log(w);
  const m = c - a - b;
  // Power-law tail Σ_{k>j} t_k ~ t_j·j/m: below 1e-17 of the sum near j = 1e17^(1/m)·j₀, where
  // j₀ is where the power law sets in: past the peak and past the parameters.
  const start = Math.max(peak, Math.abs(a), Math.abs(b), Math.abs(c), 1);
  const polynomial = m > 0.5 ? start * Math.pow(1e17, 1 / m) : Infinity;
  return peak + Math.min(geometric, polynomial);
}

const GL_NODES = [
  -0.960289856497536, -0.7966664774136267, -0.525532409916329, -0.1834346424956498,
  0.1834346424956498, 0.525532409916329, 0.7966664774136267, 0.960289856497536,
];
const GL_WEIGHTS = [
  0.10122853629037626, 0.22238103445337448, 0.31370664587788727, 0.362683783378362,
  0.362683783378362, 0.31370664587788727, 0.22238103445337448, 0.10122853629037626,
];

/** (ln(x + ε) − ln x) / ε, → 1/x as ε → 0. */
function logQuotient(x: number, eps: number): number {
  return eps === 0 ? 1 / x : Math.log1p(eps / x) / eps;
}

/**
 * D(x, ε) = (ln Γ(x + ε) − ln Γ(x)) / ε for x > 0, x + ε > 0 and |ε| ≤ 0.1, → ψ(x) as ε → 0:
 * the mean of ψ over [x, x + ε]. Shifted up by D(x) = D(x + 1) − (ln(x + ε) − ln x)/ε to
 * x ≥ 8, where ψ is so smooth on an interval of length ≤ 0.1 that 8-point Gauss–Legendre
 * is exact to rounding.
 */
function logGammaQuotient(x: number, eps: number): number {
  let shift = 0;
  while (x < 8) {
    shift -= logQuotient(x, eps);
    x += 1;
  }
  if (eps === 0) return shift + digamma(x);
  let mean = 0;
  for (let i = 0; i < GL_NODES.length; i++)
    mean += GL_WEIGHTS[i] * digamma(x + 0.5 * eps * (1 + GL_NODES[i]));
  return shift + 0.5 * mean;
}

/**
 * ₂F₁(a, b; c; 1 − u) for 0 < u < 1 − W_SERIES by the connection formula to 1 − w
 * (A&S 15.3.6), with the pole-free form near whole m = c − a − b (see the file comment).
 * Assumes m ≥ 0 and that a, b, c − a, c − b are not non-positive integers (handled before).
 */
function connection(a: number, b: number, c: number, u: number, args: Args): SignedLog {
  const m = c - a - b;
  const n = Math.round(m);
  const eps = m - n;
  const lnU = Math.log(u);
  // Both forms share the factor Γ(c) / (Γ(c−a)Γ(c−b)) = Γ(c) / (Γ(b+m)Γ(a+m)); it is taken
  // out (Γ(c) paired with the larger argument as a ratio), so that what remains of each half
  // holds only ratios of close arguments, e.g. Γ(a+m)/Γ(a), which logGammaRatio computes to a
  // few ulps. Cancellation between the halves then amplifies only those few ulps, not the
  // ~1e-13 absolute error of a log-gamma near 1e3.
  const gma = gammaSigned(c - a);
  const gmb = gammaSigned(c - b);
  const common: SignedLog = {
    sign: gammaSigned(c).sign * gma.sign * gmb.sign,
    log: c - a >= c - b ? logGammaRatio(c - a, a) - gmb.log : logGammaRatio(c - b, b) - gma.log,
  };
  const ga = gammaSigned(a);
  const gb = gammaSigned(b);
  let halves: SignedLog;
  if (Math.abs(eps) >= NEAR_INTEGER) {
    // A&S 15.3.6 / common: Γ(m) F(a, b; 1 − m; u)
    //   + u^m Γ(−m) [Γ(a+m)/Γ(a)] [Γ(b+m)/Γ(b)] F(c−a, c−b; 1 + m; u).
    const gm = gammaSigned(m);
    const gNeg = gammaSigned(-m);
    const r1 = gaussSeries(a, b, 1 - m, u, MAX_SERIES_TERMS, args);
    const r2 = gaussSeries(c - a, c - b, 1 + m, u, MAX_SERIES_TERMS, args);
    if (!r1 || !r2 || r1.sum === 0 || r2.sum === 0)
      throw noConvergence(args, 'connection series did not converge');
    const s1 = seriesValue(r1, args, MAX_CONNECTION_CANCELLATION);
    const s2 = seriesValue(r2, args, MAX_CONNECTION_CANCELLATION);
    const first: SignedLog = { sign: gm.sign * s1.sign, log: gm.log + s1.log };
    const second: SignedLog = {
      sign: gNeg.sign * gma.sign * ga.sign * gmb.sign * gb.sign * s2.sign,
      log: m * lnU + gNeg.log + logGammaRatio(a, m) + logGammaRatio(b, m) + s2.log,
    };
    const inner = Math.max(r1.maxTerm / Math.abs(r1.sum), r2.maxTerm / Math.abs(r2.sum));
    halves = checkedSum(first, second, inner, args);
  } else {
    halves = nearInteger(a, b, m, n, eps, u, ga, gb, args);
  }
  return { sign: common.sign * halves.sign, log: common.log + halves.log };
}

/**
 * The connection formula divided by Γ(c)/(Γ(a+m)Γ(b+m)) when m = n + ε, |ε| < 0.1 (see the
 * file comment): P + R with
 *   P = Γ(m) Σ_{k<n} (a)_k (b)_k / ((1−m)_k k!) u^k,
 *   R = −(−1)ⁿ πε/sin(πε) · [Γ(a+n)/Γ(a)] [Γ(b+n)/Γ(b)] / (n! Γ(1−ε)) · uⁿ · Σ_j t_j E_j.
 * ga, gb are Γ(a), Γ(b) (for their signs).
 */
function nearInteger(
  a: number,
  b: number,
  m: number,
  n: number,
  eps: number,
  u: number,
  ga: SignedLog,
  gb: SignedLog,
  args: Args,
): SignedLog {
  // The D(·) need positive arguments; outside that (parameters of mixed signs, not a
  // buy-till-you-die case) give up rather than risk a wrong value.
  if (!(a + n + Math.min(eps, 0) > 0 && b + n + Math.min(eps, 0) > 0))
    throw noConvergence(args, 'near-integer c − a − b with non-positive parameters');
  const lnU = Math.log(u);

  // P: the n terms of the first half of 15.3.6 that have no pole.
  let P: SignedLog = ZERO;
  let lossP = 1;
  if (n > 0) {
    const gm = gammaSigned(m);
    let t = 1;
    let sum = 1;
    let maxTerm = 1;
    for (let k = 0; k < n - 1; k++) {
      t *= ((a + k) * (b + k) * u) / ((1 - m + k) * (k + 1));
      sum += t;
      maxTerm = Math.max(maxTerm, Math.abs(t));
    }
    if (sum === 0) throw noConvergence(args, 'cancellation in the connection formula');
    lossP = maxTerm / Math.abs(sum);
    P = { sign: gm.sign * Math.sign(sum), log: gm.log + Math.log(Math.abs(sum)) };
  }

  // R: Σ_j t_j E_j with t_j = uʲ (a+n)_j (b+n)_j / ((1+n)_j (1−ε)_j),
  // E_j = (e^{εQ_j} − 1)/ε, Q_{j+1} = Q_j + L(a+n+j) + L(b+n+j) − L(1+n+j) − L(1+j−ε).
  let Q =
    lnU +
    logGammaQuotient(a + n, eps) +
    logGammaQuotient(b + n, eps) -
    logGammaQuotient(1 + n, eps) -
    logGammaQuotient(1 - eps, eps);
  const E = (q: number): number => (eps === 0 ? q : Math.expm1(eps * q) / eps);
  let t = 1;
  let e = E(Q);
  let sum = e;
  let maxTerm = Math.abs(e);
  let logScale = 0;
  let converged = false;
  for (let j = 0; j < MAX_SERIES_TERMS; j++) {
    const an = a + n + j;
    const bn = b + n + j;
    const n1 = 1 + n + j;
    const j1 = 1 + j - eps;
    t *= (u * an * bn) / (n1 * j1);
    Q += logQuotient(an, eps) + logQuotient(bn, eps) - logQuotient(n1, eps) - logQuotient(j1, eps);
    e = E(Q);
    const term = t * e;
    sum += term;
    const at = Math.abs(term);
    if (at > maxTerm) maxTerm = at;
    if (Math.abs(t) > BIG) {
      t /= BIG;
      sum /= BIG;
      maxTerm /= BIG;
      logScale += LOG_BIG;
    }
    // Later ratios t_{k+1}/t_k ≤ q (monotone factors, as in gaussSeries) and E grows by at
    // most |ΔQ|·(1 + |εQ|·…) per step, bounded here generously by (|E| + k + 1).
    const k = j + 1;
    const q = u * Math.max((an + 1) / (n1 + 1), 1) * Math.max((bn + 1) / (j1 + 1), 1);
    if (q < 1) {
      const tail = (Math.abs(t) * (Math.abs(e) + k + 1) * q) / ((1 - q) * (1 - q));
      if (tail <= EPS * Math.abs(sum)) {
        converged = true;
        break;
      }
    }
  }
  if (!converged || sum === 0) throw noConvergence(args, 'connection series did not converge');
  const lossR = maxTerm / Math.abs(sum);
  if (Math.max(lossP, lossR) > MAX_CONNECTION_CANCELLATION)
    throw noConvergence(args, 'cancellation in the connection formula');
  const piEps = eps === 0 ? 1 : (Math.PI * eps) / Math.sin(Math.PI * eps);
  const R: SignedLog = {
    // Γ(a+n), Γ(b+n) > 0 here, so the gamma ratios take the signs of Γ(a), Γ(b).
    sign: -(n % 2 === 0 ? 1 : -1) * ga.sign * gb.sign * Math.sign(sum),
    log:
      Math.log(piEps) +
      logGammaRatio(a, n) +
      logGammaRatio(b, n) -
      logGamma(1 + n) -
      logGamma(1 - eps) +
      n * lnU +
      logScale +
      Math.log(Math.abs(sum)),
  };
  return checkedSum(P, R, Math.max(lossP, lossR), args);
}

/**
 * x + y for the two halves of a connection formula, refusing the result when the digits
 * lost add up past MAX_CONNECTION_CANCELLATION: the halves' own loss (largest term / sum of
 * their series, `inner`) times the cancellation between them, (|x| + |y|) / |x + y|.
 */
function checkedSum(x: SignedLog, y: SignedLog, inner: number, args: Args): SignedLog {
  const r = addSigned(x, y);
  const big = Math.max(x.sign === 0 ? -Infinity : x.log, y.sign === 0 ? -Infinity : y.log);
  if (
    r.sign === 0 ||
    big - r.log + Math.log(2 * Math.max(1, inner)) > Math.log(MAX_CONNECTION_CANCELLATION)
  )
    throw noConvergence(args, 'cancellation in the connection formula');
  return r;
}

/**
 * ₂F₁(a, b; c; w) for 0 < w < 1 given with u = 1 − w exact, no exact case left. Terminating
 * series (a or b a non-positive integer) are summed directly before this.
 */
function onUnitInterval(
  a: number,
  b: number,
  c: number,
  w: number,
  u: number,
  args: Args,
): SignedLog {
  if (w <= W_SERIES || seriesCost(a, b, c, w) <= SERIES_AFFORDABLE)
    return series(a, b, c, w, MAX_SERIES_TERMS, args);
  // Euler (A&S 15.3.3): F(a, b; c; w) = u^(c−a−b) F(c − a, c − b; c; w), so that m ≥ 0.
  const m = c - a - b;
  const flip = m < 0;
  const A = flip ? c - a : a;
  const B = flip ? c - b : b;
  if (isNonPositiveInteger(A) || isNonPositiveInteger(B)) {
    // (c − a) or (c − b) a non-positive integer: Euler's form is a polynomial.
    const p = series(A, B, c, w, MAX_SERIES_TERMS, args);
    return { sign: p.sign, log: p.log + (flip ? m * Math.log(u) : 0) };
  }
  try {
    const r = connection(A, B, c, u, args);
    return { sign: r.sign, log: r.log + (flip ? m * Math.log(u) : 0) };
  } catch (err) {
    // Parameters of mixed signs can defeat the connection formula; the slow series is
    // then the last resort (it throws in turn when its budget runs out).
    if (err instanceof LensError && err.code === 'error.stats.hyp2f1.noConvergence')
      return series(a, b, c, w, MAX_SERIES_TERMS, args);
    throw err;
  }
}

/**
 * The sign and log of |₂F₁(a, b; c; z)| for real a, b, c and z ≤ 1. Throws
 * LensError('error.stats.hyp2f1.domain') for z > 1, non-finite input, c a non-positive
 * integer (unless a or b stops the series first) or z = 1 with c − a − b ≤ 0, and
 * LensError('error.stats.hyp2f1.noConvergence') when it cannot guarantee ~8 correct digits.
 * `oneMinusZ`, when given, is 1 − z computed without cancellation (e.g. (α + t)/(β + t) for
 * z = (β − α)/(β + t)); it must agree with z to 1e-12.
 */
export function hyp2f1SignedLog(
  a: number,
  b: number,
  c: number,
  z: number,
  oneMinusZ?: number,
): SignedLog {
  if (![a, b, c, z].every(Number.isFinite) || z > 1) throw domainError(a, b, c, z);
  // 1 − z as the caller knows it: for z near 1 a rounded z loses the digits of 1 − z that
  // the result depends on most (∂ ln F/∂z ~ (a + b − c)/(1 − z)).
  const u = oneMinusZ ?? 1 - z;
  if (!(u >= 0) || Math.abs(1 - u - z) > 1e-12 * Math.max(1, Math.abs(z)))
    throw domainError(a, b, c, z);
  const args: Args = { a, b, c, z };
  const aStops = isNonPositiveInteger(a);
  const bStops = isNonPositiveInteger(b);
  if (isNonPositiveInteger(c) && !((aStops && a > c) || (bStops && b > c)))
    throw domainError(a, b, c, z);
  if (z === 0 || a === 0 || b === 0) return { sign: 1, log: 0 };
  // A polynomial of degree −a (or −b): the finite series is exact for every z.
  if (aStops || bStops) return series(a, b, c, z, MAX_SERIES_TERMS, args);
  if (z === 1) {
    // Gauss's theorem (A&S 15.1.20): Γ(c)Γ(c − a − b) / (Γ(c − a)Γ(c − b)).
    const m = c - a - b;
    if (!(m > 0)) throw domainError(a, b, c, z);
    const gca = gammaSigned(c - a);
    const gcb = gammaSigned(c - b);
    if (gca.sign === 0 || gcb.sign === 0) return ZERO;
    const gc = gammaSigned(c);
    const gm = gammaSigned(m);
    const log =
      (c - a >= c - b ? logGammaRatio(c - a, a) - gcb.log : logGammaRatio(c - b, b) - gca.log) +
      gm.log;
    return { sign: gc.sign * gm.sign * gca.sign * gcb.sign, log };
  }
  const log1mz = z > 0.5 ? Math.log(u) : Math.log1p(-z);
  if (b === c) return { sign: 1, log: -a * log1mz };
  if (a === c) return { sign: 1, log: -b * log1mz };
  if (z > 0) return onUnitInterval(a, b, c, z, u, args);

  // z < 0: Pfaff, preferring the form whose series has non-negative terms.
  const w = z / (z - 1);
  const v = 1 / u; // 1 − w
  // Preference: non-negative terms (a > 0 here, c − b ≥ 0), then a terminating series.
  const firstPositive = c - b >= 0 && a > 0;
  const secondPositive = c - a >= 0 && b > 0;
  // With both, the smaller power: (1 − z)^(−max(a, b)) would be mostly cancelled by the
  // Euler step inside (its log and the result's differ by thousands for a ~ 300, z ~ −1e6,
  // which costs ~1e-13 of absolute accuracy in the log).
  const useFirst =
    firstPositive && secondPositive
      ? a <= b
      : firstPositive ||
        (!secondPositive && (isNonPositiveInteger(c - b) || !isNonPositiveInteger(c - a)));
  const A = useFirst ? a : c - a;
  const B = useFirst ? c - b : b;
  const power = useFirst ? a : b;
  let inner: SignedLog;
  try {
    if (A === 0 || B === 0) inner = { sign: 1, log: 0 };
    else if (isNonPositiveInteger(A) || isNonPositiveInteger(B))
      inner = series(A, B, c, w, MAX_SERIES_TERMS, args);
    else if (B === c) inner = { sign: 1, log: -A * Math.log(v) };
    else if (A === c) inner = { sign: 1, log: -B * Math.log(v) };
    else inner = onUnitInterval(A, B, c, w, v, args);
  } catch (err) {
    // With parameters of mixed signs the alternating series in z itself may still do.
    if (z > -1 && err instanceof LensError && err.code === 'error.stats.hyp2f1.noConvergence')
      return series(a, b, c, z, MAX_SERIES_TERMS, args);
    throw err;
  }
  return { sign: inner.sign, log: inner.log - power * log1mz };
}

/**
 * ₂F₁(a, b; c; z) for real a, b, c and z ≤ 1 (see hyp2f1SignedLog for the errors). Overflows
 * to ±Infinity only when the value itself does; logHyp2f1 has no such limit.
 */
export function hyp2f1(a: number, b: number, c: number, z: number, oneMinusZ?: number): number {
  const r = hyp2f1SignedLog(a, b, c, z, oneMinusZ);
  return r.sign === 0 ? 0 : r.sign * Math.exp(r.log);
}

/**
 * ln ₂F₁(a, b; c; z) where the value is positive, as it always is for a, b, c > 0 and z < 1
 * (the buy-till-you-die case). Throws LensError('error.stats.hyp2f1.domain') when it is ≤ 0.
 */
export function logHyp2f1(a: number, b: number, c: number, z: number, oneMinusZ?: number): number {
  const r = hyp2f1SignedLog(a, b, c, z, oneMinusZ);
  if (r.sign <= 0) throw domainError(a, b, c, z);
  return r.log;
}
