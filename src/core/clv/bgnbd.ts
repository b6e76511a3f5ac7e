/**
 * The BG/NBD model of Fader, Hardie & Lee (2005), "Counting your customers the easy way:
 * An alternative to the Pareto/NBD model", Marketing Science 24(2), 275–284 (FHL below),
 * with the log-space likelihood of their note "Implementing the BG/NBD model for customer
 * base analysis in Excel" (Fader, Hardie & Lee 2005, brucehardie.com).
 *
 * While active, a customer buys as a Poisson process with rate λ ~ Gamma(r, α); after any
 * purchase she becomes inactive with probability p ~ Beta(a, b).
 */
import { LensError } from '../errors.ts';
import { digamma, logBeta, logGamma } from '../stats/special.ts';
import { checkPenalty, fitOnLogScale } from './mle.ts';
import { distinctTriples } from './summary.ts';
import type { FitOptions, ModelFit, TransactionModel } from './types.ts';

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** The per-customer summary the models are fitted to (see ClvSummary). */
export interface RepeatData {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
}

/** Repeat buyers needed before a fit is attempted: fewer cannot identify the dropout process. */
export const MIN_REPEAT_BUYERS = 10;

/** Largest x for which per-x terms are tabulated (beyond, each customer is computed directly). */
const MAX_TABLE_X = 1_000_000;

export function checkBgNbdParams(params: BgNbdParams): void {
  for (const name of ['r', 'alpha', 'a', 'b'] as const) {
    const v = params[name];
    if (!(Number.isFinite(v) && v > 0)) throw new LensError('error.clv.param', { name, value: v });
  }
}

/** Throws unless x, t_x and T have equal lengths and 0 ≤ t_x ≤ T, x ≥ 0, with t_x = 0 when x = 0. */
export function checkRepeatData(data: RepeatData): void {
  const { x, tx, T } = data;
  const n = x.length;
  if (tx.length !== n || T.length !== n) throw new LensError('error.clv.lengths');
  for (let i = 0; i < n; i++) {
    const ok =
      x[i] >= 0 &&
      tx[i] >= 0 &&
      T[i] >= tx[i] &&
      Number.isFinite(x[i]) &&
      Number.isFinite(T[i]) &&
      (x[i] > 0 || tx[i] === 0);
    if (!ok) throw new LensError('error.clv.badSummary', { row: i + 1 });
  }
}

/** Per-x terms of the likelihood and its gradient (they depend on x and the params only). */
interface XTerms {
  /** A1 + A2 of the note, without r·ln α. */
  base: number;
  /** ln a − ln(b + x − 1), the part of A4 without t_x (x > 0). */
  a4: number;
  dr: number;
  da: number;
  db: number;
  /** 1 / (b + x − 1) for x > 0. */
  invB: number;
}

function xTerms(p: BgNbdParams, x: number, lgR: number, lgB: number, lgAB: number): XTerms {
  const { r, a, b } = p;
  const psiAB = digamma(a + b);
  const psiABx = digamma(a + b + x);
  return {
    base: logGamma(r + x) - lgR + lgAB + logGamma(b + x) - lgB - logGamma(a + b + x),
    a4: x > 0 ? Math.log(a) - Math.log(b + x - 1) : -Infinity,
    dr: digamma(r + x) - digamma(r),
    da: psiAB - psiABx,
    db: psiAB + digamma(b + x) - digamma(b) - psiABx,
    invB: x > 0 ? 1 / (b + x - 1) : 0,
  };
}

/** The per-x terms in flat typed arrays indexed by x (for whole x up to MAX_TABLE_X). */
interface XTable {
  base: Float64Array;
  a4: Float64Array;
  dr: Float64Array;
  da: Float64Array;
  db: Float64Array;
  invB: Float64Array;
}

function xTable(
  p: BgNbdParams,
  x: Float64Array,
  lgR: number,
  lgB: number,
  lgAB: number,
): XTable | null {
  let maxX = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    if (!Number.isInteger(xi) || xi > MAX_TABLE_X) return null;
    if (xi > maxX) maxX = xi;
  }
  const size = maxX + 1;
  const t: XTable = {
    base: new Float64Array(size),
    a4: new Float64Array(size),
    dr: new Float64Array(size),
    da: new Float64Array(size),
    db: new Float64Array(size),
    invB: new Float64Array(size),
  };
  // Only the x values present: a single customer with x = 10⁵ stays cheap.
  const present = new Uint8Array(size);
  for (let i = 0; i < x.length; i++) present[x[i]] = 1;
  for (let k = 0; k < size; k++) {
    if (!present[k]) continue;
    const v = xTerms(p, k, lgR, lgB, lgAB);
    t.base[k] = v.base;
    t.a4[k] = v.a4;
    t.dr[k] = v.dr;
    t.da[k] = v.da;
    t.db[k] = v.db;
    t.invB[k] = v.invB;
  }
  return t;
}

/**
 * Total log-likelihood (FHL eq. 6, in the log form of the Excel note: ln L = A1 + A2 +
 * ln(e^{A3} + δ_{x>0} e^{A4})), each customer weighted by `weights` (customers sharing a
 * summary), and, when `grad` is given, its gradient with respect to (ln r, ln α, ln a, ln b).
 */
function logLikelihoodAndGradient(
  p: BgNbdParams,
  data: RepeatData,
  grad?: Float64Array,
  weights?: Float64Array,
): number {
  const { r, alpha, a, b } = p;
  const { x, tx, T } = data;
  const n = x.length;
  const lgR = logGamma(r);
  const lgB = logGamma(b);
  const lgAB = logGamma(a + b);
  const table = xTable(p, x, lgR, lgB, lgAB);

  let ll = 0;
  let gr = 0;
  let gAlpha = 0;
  let ga = 0;
  let gb = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i];
    const w = weights ? weights[i] : 1;
    total += w;
    let base: number, a4c: number, dr: number, da: number, db: number, invB: number;
    if (table) {
      base = table.base[xi];
      a4c = table.a4[xi];
      dr = table.dr[xi];
      da = table.da[xi];
      db = table.db[xi];
      invB = table.invB[xi];
    } else {
      const t = xTerms(p, xi, lgR, lgB, lgAB);
      ({ base, dr, da, db, invB } = t);
      a4c = t.a4;
    }
    const rx = r + xi;
    const aT = alpha + T[i];
    const lT = Math.log(aT);
    const a3 = -rx * lT;
    if (xi > 0) {
      const aTx = alpha + tx[i];
      const lTx = Math.log(aTx);
      const a4 = a4c - rx * lTx;
      const m = a3 > a4 ? a3 : a4;
      const e3 = Math.exp(a3 - m);
      const e4 = Math.exp(a4 - m);
      const s = e3 + e4;
      ll += w * (base + m + Math.log(s));
      if (grad) {
        const w3 = e3 / s;
        const w4 = e4 / s;
        gr += w * (dr - w3 * lT - w4 * lTx);
        gAlpha -= w * rx * (w3 / aT + w4 / aTx);
        ga += w * (da + w4 / a);
        gb += w * (db - w4 * invB);
      }
    } else {
      ll += w * (base + a3);
      if (grad) {
        gr += w * (dr - lT);
        gAlpha -= (w * rx) / aT;
        ga += w * da;
        gb += w * db;
      }
    }
  }
  const logAlpha = Math.log(alpha);
  ll += total * r * logAlpha;
  if (grad) {
    // Chain rule to log-parameters: ∂/∂ln θ = θ · ∂/∂θ.
    grad[0] = r * (gr + total * logAlpha);
    grad[1] = alpha * gAlpha + total * r;
    grad[2] = a * ga;
    grad[3] = b * gb;
  }
  return ll;
}

/** The BG/NBD log-likelihood of all customers (FHL eq. 6), summed; stable in log space. */
export function bgNbdLogLikelihood(params: BgNbdParams, data: RepeatData): number {
  return logLikelihoodAndGradient(params, data);
}

const NAMES = ['r', 'alpha', 'a', 'b'] as const;

/**
 * Refuses data with fewer than MIN_REPEAT_BUYERS repeat buyers (LensError
 * 'error.clv.tooFewRepeat', whose message advises a longer calibration period or a
 * penalty); returns Σx and ΣT for a starting point.
 */
export function checkRepeatBuyers(data: RepeatData): { sumX: number; sumT: number } {
  const n = data.x.length;
  let repeaters = 0;
  let sumX = 0;
  let sumT = 0;
  for (let i = 0; i < n; i++) {
    if (data.x[i] > 0) repeaters++;
    sumX += data.x[i];
    sumT += data.T[i];
  }
  if (repeaters < MIN_REPEAT_BUYERS)
    throw new LensError('error.clv.tooFewRepeat', {
      repeaters,
      customers: n,
      needed: MIN_REPEAT_BUYERS,
    });
  return { sumX, sumT };
}

/**
 * Maximum-likelihood BG/NBD fit on the log-parameters (ln r, ln α, ln a, ln b), minimising
 * lifetimes' objective −LL / customers + penalty · (r² + α² + a² + b²); standard errors
 * from the Hessian and the delta method (mle.ts). A test checks they equal inverting the
 * Hessian on the natural parameters.
 */
export function fitBgNbd(data: RepeatData, options: FitOptions = {}): ModelFit {
  checkRepeatData(data);
  const n = data.x.length;
  const penalty = options.penalty ?? 0;
  checkPenalty(penalty);
  const { sumX, sumT } = checkRepeatBuyers(data);

  // Customers sharing (x, t_x, T) contribute identical terms: fit on the distinct triples
  // with their counts as weights (a million customers → ~10⁵ rows).
  const distinct = distinctTriples(data.x, data.tx, data.T);
  const rows: RepeatData = distinct;
  const weights = distinct.count;
  // Start: r = 1 and α matching the mean purchase rate (E[λ] = r/α ≈ Σx / ΣT), a = b = 1.
  const rate = sumX / Math.max(sumT, 1e-9);
  const start = [0, Math.log(Math.min(Math.max(1 / Math.max(rate, 1e-9), 1e-3), 1e6)), 0, 0];
  const fit = fitOnLogScale(
    NAMES,
    (p, grad) => logLikelihoodAndGradient(p, rows, grad ?? undefined, weights),
    {
      customers: n,
      penalty,
      start,
      ...(options.maxIter !== undefined ? { maxIter: options.maxIter } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );
  return {
    name: 'bgnbd',
    params: { ...fit.params },
    stderr: { ...fit.stderr },
    logLikelihood: logLikelihoodAndGradient(fit.params, rows, undefined, weights),
    iterations: fit.iterations,
    converged: fit.converged,
    penalty,
    customers: n,
  };
}

/** Terms of the series before giving up (reached only for z within ~1e-5 of 1). */
const SERIES_MAX_TERMS = 1_000_000;

/**
 * [1 − (1 − z)^ε · ₂F₁(A, ε; C; z)] / ε for 0 ≤ z < 1, computed without cancellation as ε =
 * a − 1 → 0 (where FHL eq. 7 and 10 have the removable singularity 0/0).
 *
 * Why this form: FHL eq. 7 needs (α/(α+t))^r · ₂F₁(r, b; a+b−1; z), z = t/(α+t), and eq. 10
 * (α+T/(α+T+t))^{r+x} · ₂F₁(r+x, b+x; a+b+x−1; z). Euler's transformation ₂F₁(A', B'; C; z)
 * = (1−z)^{C−A'−B'} ₂F₁(C−A', C−B'; C; z) (A&S 15.3.3) turns both into
 * (1−z)^{a−1} ₂F₁(a+b−1−r, a−1; C; z): small upper parameters whatever x is, so the series
 * has no huge intermediate terms (no overflow for x in the thousands) and converges fast.
 * With (ε)_n = ε (ε+1)_{n−1}, ₂F₁ = 1 + ε S, S = Σ_{n≥1} (A)_n (ε+1)_{n−1} zⁿ / ((C)_n n!), and
 * the quantity is −expm1(ε ln(1−z))/ε − (1−z)^ε S.
 */
export function bgNbdSeriesTerm(A: number, eps: number, C: number, z: number): number {
  if (z === 0) return 0;
  const L = Math.log1p(-z);
  const lead = eps === 0 ? -L : -Math.expm1(eps * L) / eps;
  let term = (A * z) / C;
  let sum = term;
  for (let n = 1; n < SERIES_MAX_TERMS; n++) {
    const ratio = (((A + n) * (eps + n)) / ((C + n) * (n + 1))) * z;
    term *= ratio;
    sum += term;
    // Once the ratio is below 1 and the terms are negligible, the remainder is below
    // |term|·ratio/(1 − ratio); add that estimate and stop.
    if (Math.abs(ratio) < 1 && Math.abs(term) <= 1e-17 * Math.abs(sum) * (1 - Math.abs(ratio))) {
      sum += (term * ratio) / (1 - ratio);
      break;
    }
  }
  return lead - Math.exp(eps * L) * sum;
}

/** P(alive at T | x, t_x, T) (FHL eq. 12; lifetimes' `conditional_probability_alive`). */
function pAlive(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const logOdds =
    Math.log(p.a / (p.b + x - 1)) + (p.r + x) * Math.log((p.alpha + T) / (p.alpha + tx));
  return 1 / (1 + Math.exp(logOdds));
}

/**
 * (a+b+x−1)/(a−1) · [1 − (1−z)^{r+x} ₂F₁(r+x, b+x; a+b+x−1; z)]: the numerator of FHL eq. 10
 * (x = 0 gives eq. 7 with z = t/(α+t)).
 *
 * Two evaluations, each where it is well conditioned:
 * - a ≤ 2: the Euler-transformed series of bgNbdSeriesTerm, which removes the 0/0 at a = 1
 *   and keeps the upper parameters small for any x;
 * - a > 2: the series of FHL's own form. There the transformed series would start with
 *   terms growing like (a−1)ⁿ/n! only to be multiplied by (1−z)^{a−1} ≈ 0 (fits that push a
 *   and b to 10⁵ and beyond, a homogeneous dropout probability, overflow it), while the
 *   direct series has positive terms only; they are summed with rescaling so that
 *   (1−z)^{−(r+x)}-sized sums for heavy buyers cannot overflow.
 */
function numeratorTerm(p: BgNbdParams, x: number, z: number): number {
  const { r, a, b } = p;
  const C = a + b + x - 1;
  if (a <= 2) return C * bgNbdSeriesTerm(a + b - 1 - r, a - 1, C, z);
  const A = r + x;
  const B = b + x;
  let term = 1;
  let sum = 1;
  let logScale = 0;
  for (let n = 0; n < SERIES_MAX_TERMS; n++) {
    const ratio = (((A + n) * (B + n)) / ((C + n) * (n + 1))) * z;
    term *= ratio;
    sum += term;
    if (sum > 1e280) {
      sum *= 1e-280;
      term *= 1e-280;
      logScale += 280 * Math.LN10;
    }
    if (ratio < 1 && term <= 1e-17 * sum * (1 - ratio)) {
      sum += (term * ratio) / (1 - ratio);
      break;
    }
  }
  // 1 − (1−z)^{r+x} F, with −expm1 keeping the digits when the product is near 1.
  const logProduct = A * Math.log1p(-z) + Math.log(sum) + logScale;
  return (C / (a - 1)) * -Math.expm1(logProduct);
}

/** E[X(t)] for a new customer (FHL eq. 7). */
function expectedUnconditional(p: BgNbdParams, t: number): number {
  if (t <= 0) return 0;
  return numeratorTerm(p, 0, t / (p.alpha + t));
}

/**
 * E[Y(t) | x, t_x, T]: expected purchases in (T, T + t] (FHL eq. 10). Its denominator,
 * 1 + δ_{x>0} a/(b+x−1) ((α+T)/(α+t_x))^{r+x}, is 1 / P(alive) (eq. 12).
 */
function expectedConditional(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  if (t <= 0) return 0;
  return numeratorTerm(p, x, t / (p.alpha + T + t)) * pAlive(p, x, tx, T);
}

/**
 * P(X(t) = n) for a new customer (FHL eq. 8):
 * B(a, b+n)/B(a, b) · NB(n; r, α/(α+t)) + δ_{n>0} B(a+1, b+n−1)/B(a, b) · P(NB ≥ n),
 * where NB(j) = Γ(r+j)/(Γ(r) j!) (α/(α+t))^r (t/(α+t))^j.
 */
function probabilityOfN(p: BgNbdParams, t: number, n: number): number {
  if (!Number.isInteger(n) || n < 0) return 0;
  if (t <= 0) return n === 0 ? 1 : 0;
  const { r, alpha, a, b } = p;
  const logQ = Math.log(alpha / (alpha + t)); // ln(1 − z)
  const logZ = Math.log(t / (alpha + t));
  const lbAB = logBeta(a, b);
  const logNb = (j: number): number =>
    logGamma(r + j) - logGamma(r) - logGamma(j + 1) + r * logQ + j * logZ;
  let prob = Math.exp(logBeta(a, b + n) - lbAB + logNb(n));
  if (n > 0) {
    // P(NB ≥ n) = 1 − Σ_{j<n} NB(j); the pmf is accumulated by its recurrence
    // NB(j+1) = NB(j) · (r+j)/(j+1) · z.
    let pmf = Math.exp(r * logQ);
    let cdf = 0;
    const z = Math.exp(logZ);
    for (let j = 0; j < n; j++) {
      cdf += pmf;
      pmf *= ((r + j) / (j + 1)) * z;
    }
    const tail = Math.max(0, 1 - cdf);
    prob += Math.exp(logBeta(a + 1, b + n - 1) - lbAB) * tail;
  }
  return prob;
}

/** The fitted model's predictions (see TransactionModel). */
export function bgNbdModel(params: BgNbdParams): TransactionModel {
  const p: BgNbdParams = { r: params.r, alpha: params.alpha, a: params.a, b: params.b };
  checkBgNbdParams(p);
  return {
    name: 'bgnbd',
    pAlive: (x, tx, T) => pAlive(p, x, tx, T),
    expectedConditional: (t, x, tx, T) => expectedConditional(p, t, x, tx, T),
    expectedUnconditional: (t) => expectedUnconditional(p, t),
    probabilityOfN: (t, n) => probabilityOfN(p, t, n),
  };
}
