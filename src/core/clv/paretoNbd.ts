/**
 * The Pareto/NBD model of Schmittlein, Morrison & Colombo (1987), "Counting your customers:
 * Who are they and what will they do next?", Management Science 33(1), 1–24 (SMC below), in
 * the formulation of Fader, Hardie & Lee (2005), "A Note on Implementing the Pareto/NBD
 * Model in MATLAB" (FHL below), and Fader & Hardie's notes "Deriving an Expression for
 * P(X(t) = x) Under the Pareto/NBD Model" (2006) and "A Note on Deriving the Pareto/NBD
 * Model and Related Expressions" (2005).
 *
 * While alive, a customer buys as a Poisson process with rate λ ~ Gamma(r, rate α); her
 * lifetime from the first purchase is exponential with rate μ ~ Gamma(s, rate β); λ and μ
 * are independent.
 *
 * The likelihood (FHL eq. 1–3) of a customer with x repeat purchases, the last at t_x, seen
 * until T, is
 *   L = Γ(r+x) α^r β^s / Γ(r) · [ (α+T)^−(r+x) (β+T)^−s + s/(r+s+x) · A₀ ],
 *   A₀ = F(t_x) − F(T),  α ≥ β: F(t) = ₂F₁(r+s+x, s+1; r+s+x+1; (α−β)/(α+t)) / (α+t)^(r+s+x),
 *                        α < β: F(t) = ₂F₁(r+s+x, r+x; r+s+x+1; (β−α)/(β+t)) / (β+t)^(r+s+x),
 * the two forms FHL recommend so that the argument of ₂F₁ lies in [0, 1). Here
 * s/(r+s+x) · A₀ = s · [I(t_x) − I(T)] with I(t) = ∫_t^∞ (α+τ)^−(r+x) (β+τ)^−(s+1) dτ
 * = F(t)/(r+s+x) (expand (β+τ)^−(s+1) around α+τ and integrate termwise), which is how the
 * code writes it: the log of I(t) and its gradient per distinct (x, t), everything in logs.
 */
import { LensError, throwIfCancelled } from '../errors.ts';
import type { CancelSignal } from '../task.ts';
import { logHyp2f1 } from '../stats/hyp2f1.ts';
import { createRng } from '../stats/random.ts';
import { digamma, logGamma } from '../stats/special.ts';
import { checkRepeatBuyers, checkRepeatData, type RepeatData } from './bgnbd.ts';
import { checkPenalty, fitOnLogScale } from './mle.ts';
import type { FitOptions, ModelFit, TransactionModel } from './types.ts';

export interface ParetoNbdParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

const NAMES = ['r', 'alpha', 's', 'beta'] as const;

export function checkParetoNbdParams(params: ParetoNbdParams): void {
  for (const name of NAMES) {
    const v = params[name];
    if (!(Number.isFinite(v) && v > 0)) throw new LensError('error.clv.param', { name, value: v });
  }
}

// ---- ln ₂F₁(a₁, b; a₁ + 1; z) with its partial derivatives ---------------------------------

/** Above this z the series would be long; the general ₂F₁ (connection formula) takes over. */
const SERIES_Z = 0.9;
const EPS = 1e-17;
const BIG = 1e200;
const LOG_BIG = Math.log(BIG);

/** ∂ln F/∂a₁ (with c = a₁ + 1 moving along), ∂ln F/∂b, ∂ln F/∂z. */
interface FGrad {
  da: number;
  db: number;
  dz: number;
}

/**
 * ln ₂F₁(a₁, b; a₁+1; z) for a₁, b > 0, 0 ≤ z < 1 (u = 1 − z exact), and, when `grad` is
 * given, its partial derivatives. For z ≤ 0.9 by the series, differentiated termwise:
 * tₙ = a₁/(a₁+n) · (b)ₙ/n! · zⁿ, so ∂tₙ/∂a₁ = tₙ · n/(a₁(a₁+n)), ∂tₙ/∂b = tₙ Σ_{k<n} 1/(b+k),
 * ∂tₙ/∂z = tₙ n/z (all terms positive: no cancellation). Above, by the general ₂F₁ in
 * hyp2f1.ts; then ∂F/∂z = a₁b/(a₁+1) · ₂F₁(a₁+1, b+1; a₁+2; z) (A&S 15.2.1) and the parameter
 * derivatives by central differences (step 1e-5 relative: ~1e-10 accuracy, plenty for BFGS).
 */
function logF(a: number, b: number, z: number, u: number, grad: FGrad | null): number {
  if (z === 0) {
    if (grad) {
      grad.da = 0;
      grad.db = 0;
      grad.dz = (a * b) / (a + 1);
    }
    return 0;
  }
  if (z <= SERIES_Z) {
    let t = 1;
    let sum = 1;
    let sa = 0;
    let sb = 0;
    let sz = 0;
    let harmonic = 0;
    let logScale = 0;
    for (let n = 0; n < 1_000_000; n++) {
      t *= ((a + n) * (b + n) * z) / ((a + 1 + n) * (n + 1));
      harmonic += 1 / (b + n);
      const k = n + 1;
      sum += t;
      if (grad) {
        sa += (t * k) / (a * (a + k));
        sb += t * harmonic;
        sz += t * k;
      }
      if (t > BIG) {
        t /= BIG;
        sum /= BIG;
        sa /= BIG;
        sb /= BIG;
        sz /= BIG;
        logScale += LOG_BIG;
      }
      // Later ratios are below q (the factors (a+k)/(a+1+k) < 1 and (b+k)/(1+k) are
      // monotone towards 1); the weights k, H_k grow at most linearly, hence the (k + …)
      // factor on the tail bound.
      const q = z * Math.max(1, (b + k) / (1 + k));
      if (q < 1 && (t * q * (k + harmonic + 2)) / ((1 - q) * (1 - q)) <= EPS * sum) break;
    }
    if (grad) {
      grad.da = sa / sum;
      grad.db = sb / sum;
      grad.dz = sz / (z * sum);
    }
    return logScale + Math.log(sum);
  }
  const value = logHyp2f1(a, b, a + 1, z, u);
  if (grad) {
    grad.dz = ((a * b) / (a + 1)) * Math.exp(logHyp2f1(a + 1, b + 1, a + 2, z, u) - value);
    const ha = 1e-5 * Math.max(1, a);
    grad.da =
      (logHyp2f1(a + ha, b, a + 1 + ha, z, u) - logHyp2f1(a - ha, b, a + 1 - ha, z, u)) / (2 * ha);
    const hb = 1e-5 * Math.max(1, b);
    grad.db = (logHyp2f1(a, b + hb, a + 1, z, u) - logHyp2f1(a, b - hb, a + 1, z, u)) / (2 * hb);
  }
  return value;
}

// ---- ln I(t) = ln ∫_t^∞ (α+τ)^−(r+x) (β+τ)^−(s+1) dτ -----------------------------------------

const scratch: FGrad = { da: 0, db: 0, dz: 0 };

/**
 * ln I(t) for one (x, t) (FHL's F(t)/(r+s+x), see the file comment), choosing FHL's α ≥ β
 * or α < β form, and, into `grad` (length 4), ∂ln I/∂(r, α, s, β).
 */
function logTail(p: ParetoNbdParams, x: number, t: number, grad: Float64Array | null): number {
  const { r, alpha, s, beta } = p;
  const a1 = r + s + x;
  const g = grad ? scratch : null;
  if (alpha >= beta) {
    // z = (α−β)/(α+t), 1 − z = (β+t)/(α+t); b = s + 1.
    const base = alpha + t;
    const z = (alpha - beta) / base;
    const lf = logF(a1, s + 1, z, (beta + t) / base, g);
    const lnBase = Math.log(base);
    if (grad && g) {
      const common = g.da - 1 / a1 - lnBase;
      grad[0] = common;
      grad[2] = common + g.db;
      grad[1] = (g.dz * (beta + t)) / (base * base) - a1 / base;
      grad[3] = -g.dz / base;
    }
    return lf - Math.log(a1) - a1 * lnBase;
  }
  // z = (β−α)/(β+t), 1 − z = (α+t)/(β+t); b = r + x.
  const base = beta + t;
  const z = (beta - alpha) / base;
  const lf = logF(a1, r + x, z, (alpha + t) / base, g);
  const lnBase = Math.log(base);
  if (grad && g) {
    const common = g.da - 1 / a1 - lnBase;
    grad[0] = common + g.db;
    grad[2] = common;
    grad[3] = (g.dz * (alpha + t)) / (base * base) - a1 / base;
    grad[1] = -g.dz / base;
  }
  return lf - Math.log(a1) - a1 * lnBase;
}

// ---- the likelihood over all customers ------------------------------------------------------

/**
 * The data regrouped once per fit. Customers with the same (x, t_x, T) have the same
 * likelihood, so they become one row with a weight (every x = 0 customer of a cohort that
 * started on the same day is one row; like BTYD's "custs" column). And ln I(t) depends on
 * (x, t) only, so it is computed once per distinct (x, t_x) and (x, T) pair.
 */
interface Prepared {
  /** Customers (the sum of the weights). */
  n: number;
  /** Per row: x, T, how many customers it stands for. */
  x: Float64Array;
  T: Float64Array;
  w: Float64Array;
  /** Per row: index into the distinct (x, t) pairs of its t_x (−1 when t_x = T) and of its T. */
  iTx: Int32Array;
  iT: Int32Array;
  /** The distinct (x, t) pairs. */
  px: Float64Array;
  pt: Float64Array;
  /** Distinct x values, and per row the index into them. */
  xs: Float64Array;
  ix: Int32Array;
}

function prepare(data: RepeatData): Prepared {
  const { x, tx, T } = data;
  const n = x.length;
  const pairs = new Map<string, number>();
  const px: number[] = [];
  const pt: number[] = [];
  const pairIndex = (xv: number, tv: number): number => {
    const key = `${xv}|${tv}`;
    let k = pairs.get(key);
    if (k === undefined) {
      k = px.length;
      pairs.set(key, k);
      px.push(xv);
      pt.push(tv);
    }
    return k;
  };
  const rows = new Map<string, number>();
  const rx: number[] = [];
  const rT: number[] = [];
  const rw: number[] = [];
  const rTx: number[] = [];
  const rT2: number[] = [];
  const rIx: number[] = [];
  const xIndex = new Map<number, number>();
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const key = `${x[i]}|${tx[i]}|${T[i]}`;
    const row = rows.get(key);
    if (row !== undefined) {
      rw[row]++;
      continue;
    }
    rows.set(key, rx.length);
    rx.push(x[i]);
    rT.push(T[i]);
    rw.push(1);
    rT2.push(pairIndex(x[i], T[i]));
    rTx.push(tx[i] < T[i] ? pairIndex(x[i], tx[i]) : -1);
    let k = xIndex.get(x[i]);
    if (k === undefined) {
      k = xs.length;
      xIndex.set(x[i], k);
      xs.push(x[i]);
    }
    rIx.push(k);
  }
  return {
    n,
    x: Float64Array.from(rx),
    T: Float64Array.from(rT),
    w: Float64Array.from(rw),
    iTx: Int32Array.from(rTx),
    iT: Int32Array.from(rT2),
    px: Float64Array.from(px),
    pt: Float64Array.from(pt),
    xs: Float64Array.from(xs),
    ix: Int32Array.from(rIx),
  };
}

/**
 * Total ln L (FHL eq. 3 in logs) and, when `grad` is given, its gradient with respect to
 * (ln r, ln α, ln s, ln β). Per customer
 *   ln L = ln Γ(r+x) − ln Γ(r) + r ln α + s ln β + ln(e^{E} + s·(I(t_x) − I(T))),
 *   E = −(r+x) ln(α+T) − s ln(β+T).
 */
function logLikelihood(
  p: ParetoNbdParams,
  d: Prepared,
  grad: Float64Array | null,
  signal?: CancelSignal,
): number {
  const { r, alpha, s, beta } = p;
  const m = d.px.length;
  const logI = new Float64Array(m);
  const gI = grad ? new Float64Array(4 * m) : null;
  const g4 = new Float64Array(4);
  for (let k = 0; k < m; k++) {
    if ((k & 1023) === 1023) throwIfCancelled(signal);
    logI[k] = logTail(p, d.px[k], d.pt[k], gI ? g4 : null);
    if (gI) gI.set(g4, 4 * k);
  }
  const xs = d.xs;
  const lgX = new Float64Array(xs.length);
  const psiX = new Float64Array(xs.length);
  const lgR = logGamma(r);
  const psiR = grad ? digamma(r) : 0;
  for (let k = 0; k < xs.length; k++) {
    lgX[k] = logGamma(r + xs[k]) - lgR;
    if (grad) psiX[k] = digamma(r + xs[k]) - psiR;
  }

  let ll = 0;
  let gr = 0;
  let ga = 0;
  let gs = 0;
  let gb = 0;
  const lnAlpha = Math.log(alpha);
  const lnBeta = Math.log(beta);
  const lnS = Math.log(s);
  const rows = d.x.length;
  for (let i = 0; i < rows; i++) {
    const xi = d.x[i];
    const Ti = d.T[i];
    const wi = d.w[i];
    const rx = r + xi;
    const laT = Math.log(alpha + Ti);
    const lbT = Math.log(beta + Ti);
    const E = -rx * laT - s * lbT;
    const k1 = d.iTx[i];
    let total = E;
    // Weights of the three exponentials in e^E + s e^{I(t_x)} − s e^{I(T)}, relative to the total.
    let wE = 1;
    let w1 = 0;
    let w2 = 0;
    if (k1 >= 0) {
      const l1 = lnS + logI[k1];
      const l2 = lnS + logI[d.iT[i]];
      // D = s(I(t_x) − I(T)) > 0: ln D = l1 + ln(1 − e^{l2 − l1}).
      const lnD = l1 + Math.log(-Math.expm1(l2 - l1));
      const mx = E > lnD ? E : lnD;
      total = mx + Math.log(Math.exp(E - mx) + Math.exp(lnD - mx));
      wE = Math.exp(E - total);
      w1 = Math.exp(l1 - total);
      w2 = Math.exp(l2 - total);
    }
    ll += wi * (lgX[d.ix[i]] + total);
    if (grad && gI) {
      // ∂ln(e^E + D)/∂θ = wE ∂E/∂θ + w1 ∂(ln s + ln I(t_x))/∂θ − w2 ∂(ln s + ln I(T))/∂θ.
      let cr = psiX[d.ix[i]] - wE * laT;
      let ca = -(wE * rx) / (alpha + Ti);
      let cs = -wE * lbT + (w1 - w2) / s;
      let cb = -(wE * s) / (beta + Ti);
      if (k1 >= 0) {
        const a1 = 4 * k1;
        const a2 = 4 * d.iT[i];
        cr += w1 * gI[a1] - w2 * gI[a2];
        ca += w1 * gI[a1 + 1] - w2 * gI[a2 + 1];
        cs += w1 * gI[a1 + 2] - w2 * gI[a2 + 2];
        cb += w1 * gI[a1 + 3] - w2 * gI[a2 + 3];
      }
      gr += wi * cr;
      ga += wi * ca;
      gs += wi * cs;
      gb += wi * cb;
    }
  }
  const n = d.n;
  ll += n * (r * lnAlpha + s * lnBeta);
  if (grad) {
    // Chain rule to log-parameters: ∂/∂ln θ = θ · ∂/∂θ.
    grad[0] = r * (gr + n * lnAlpha);
    grad[1] = alpha * (ga + (n * r) / alpha);
    grad[2] = s * (gs + n * lnBeta);
    grad[3] = beta * (gb + (n * s) / beta);
  }
  return ll;
}

/** The Pareto/NBD log-likelihood of all customers (FHL eq. 3), summed; stable in log space. */
export function paretoNbdLogLikelihood(params: ParetoNbdParams, data: RepeatData): number {
  checkParetoNbdParams(params);
  checkRepeatData(data);
  return logLikelihood(params, prepare(data), null);
}

/** The gradient of paretoNbdLogLikelihood with respect to (ln r, ln α, ln s, ln β); for tests. */
export function paretoNbdLogLikelihoodGradient(
  params: ParetoNbdParams,
  data: RepeatData,
): Float64Array {
  checkParetoNbdParams(params);
  checkRepeatData(data);
  const grad = new Float64Array(4);
  logLikelihood(params, prepare(data), grad);
  return grad;
}

/**
 * Maximum-likelihood Pareto/NBD fit on the log-parameters (ln r, ln α, ln s, ln β), minimising
 * lifetimes' objective −LL / customers + penalty · (r² + α² + s² + β²) (FitOptions) with BFGS
 * and the analytic gradient (₂F₁ differentiated termwise, see logF).
 *
 * Standard errors from the Hessian and the delta method, as for BG/NBD (mle.ts).
 *
 * Fewer than MIN_REPEAT_BUYERS repeat buyers: LensError('error.clv.tooFewRepeat'), whose
 * message advises a longer calibration period or a penalty.
 */
export function fitParetoNbd(data: RepeatData, options: FitOptions = {}): ModelFit {
  checkRepeatData(data);
  const n = data.x.length;
  const penalty = options.penalty ?? 0;
  checkPenalty(penalty);
  const { sumX, sumT } = checkRepeatBuyers(data);
  const prepared = prepare(data);
  const signal = options.signal;
  // Start: r = s = 1; α from the mean purchase rate (E[λ] = r/α ≈ Σx/ΣT) and β equal to it.
  const rate = sumX / Math.max(sumT, 1e-9);
  const scale = Math.min(Math.max(1 / Math.max(rate, 1e-9), 1e-3), 1e6);
  const fit = fitOnLogScale(NAMES, (p, grad) => logLikelihood(p, prepared, grad, signal), {
    customers: n,
    penalty,
    start: [0, Math.log(scale), 0, Math.log(scale)],
    tolerance: 1e-9,
    ...(options.maxIter !== undefined ? { maxIter: options.maxIter } : {}),
    ...(signal ? { signal } : {}),
  });
  return {
    name: 'pnbd',
    params: { ...fit.params },
    stderr: { ...fit.stderr },
    logLikelihood: logLikelihood(fit.params, prepared, null),
    iterations: fit.iterations,
    converged: fit.converged,
    penalty,
    customers: n,
  };
}

// ---- predictions -------------------------------------------------------------------------

/** ln of e^E and of D = s(I(t_x) − I(T)) for one customer: P(alive) = e^E / (e^E + D). */
function aliveTerms(
  p: ParetoNbdParams,
  x: number,
  tx: number,
  T: number,
): { E: number; lnD: number } {
  const E = -(p.r + x) * Math.log(p.alpha + T) - p.s * Math.log(p.beta + T);
  if (!(tx < T)) return { E, lnD: -Infinity };
  const l1 = logTail(p, x, tx, null);
  const l2 = logTail(p, x, T, null);
  return { E, lnD: Math.log(p.s) + l1 + Math.log(-Math.expm1(l2 - l1)) };
}

/**
 * P(alive at T | x, t_x, T) = 1 / (1 + s/(r+s+x) · (α+T)^(r+x) (β+T)^s · A₀)
 * (Fader & Hardie 2005, "A Note on Deriving the Pareto/NBD Model and Related Expressions",
 * eq. 18; SMC eq. 11): the first term's share of the likelihood.
 */
function pAlive(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { E, lnD } = aliveTerms(p, x, tx, T);
  return 1 / (1 + Math.exp(lnD - E));
}

/**
 * [1 − (b/(b + t))^(s−1)] / (s − 1), continuous through s = 1 (limit ln(1 + t/b)):
 * −expm1(−(s−1)·ln(1 + t/b)) / (s − 1).
 */
function powerGap(s: number, b: number, t: number): number {
  const L = Math.log1p(t / b);
  const e = s - 1;
  if (Math.abs(e * L) < 1e-12) return L * (1 - (e * L) / 2);
  return -Math.expm1(-e * L) / e;
}

/** E[X(t)] = rβ/(α(s−1)) · [1 − (β/(β+t))^(s−1)] (SMC eq. 17; FH 2005 note eq. 17). */
function expectedUnconditional(p: ParetoNbdParams, t: number): number {
  if (!(t > 0)) return 0;
  return ((p.r * p.beta) / p.alpha) * powerGap(p.s, p.beta, t);
}

/**
 * E[Y(t) | x, t_x, T] = (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)] · P(alive)
 * (SMC eq. 22; FH 2005 note eq. 20): expected purchases in (T, T + t].
 */
function expectedConditional(
  p: ParetoNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  if (!(t > 0)) return 0;
  const bT = p.beta + T;
  return (((p.r + x) * bT) / (p.alpha + T)) * powerGap(p.s, bT, t) * pAlive(p, x, tx, T);
}

/**
 * P(X(t) = x) for a new customer (Fader & Hardie 2006, "Deriving an Expression for
 * P(X(t) = x) Under the Pareto/NBD Model", eq. 8–10):
 *   Γ(r+x)/(Γ(r) x!) (α/(α+t))^r (t/(α+t))^x (β/(β+t))^s
 *   + α^r β^s B(r+x, s+1)/B(r, s) · { B₁ − Σ_{i=0}^{x} Γ(r+s+i)/(Γ(r+s) i!) t^i B₂(i) },
 * α ≥ β: B₁ = ₂F₁(r+s, s+1; r+s+x+1; (α−β)/α) / α^(r+s),
 *        B₂(i) = ₂F₁(r+s+i, s+1; r+s+x+1; (α−β)/(α+t)) / (α+t)^(r+s+i);
 * α < β: the same with ₂F₁(·, r+x; ·; (β−α)/β), β^(r+s), (β−α)/(β+t), (β+t)^(r+s+i).
 * The first term: alive throughout (0, t]; the second: x purchases before dying at τ ≤ t,
 * i.e. Γ(r+x) s α^r β^s/(Γ(r) x!) ∫₀ᵗ τˣ (α+τ)^−(r+x) (β+τ)^−(s+1) dτ, which the braces are
 * in closed form. When that difference loses more than half the digits (small t), the
 * integral is taken by Gauss–Legendre quadrature instead.
 */
function probabilityOfN(p: ParetoNbdParams, t: number, x: number): number {
  if (!Number.isInteger(x) || x < 0) return 0;
  if (!(t > 0)) return x === 0 ? 1 : 0;
  const { r, alpha, s, beta } = p;
  const lat = Math.log(alpha + t);
  const first = Math.exp(
    logGamma(r + x) -
      logGamma(r) -
      logGamma(x + 1) +
      r * (Math.log(alpha) - lat) +
      x * (Math.log(t) - lat) +
      s * (Math.log(beta) - Math.log(beta + t)),
  );
  // ln of Γ(r+x) s α^r β^s / (Γ(r) x!), the factor in front of the integral J.
  const lead =
    logGamma(r + x) -
    logGamma(r) -
    logGamma(x + 1) +
    Math.log(s) +
    r * Math.log(alpha) +
    s * Math.log(beta);
  return first + Math.exp(lead + logDyingIntegral(p, t, x));
}

/** ln J, J = ∫₀ᵗ τˣ (α+τ)^−(r+x) (β+τ)^−(s+1) dτ: FH (2006) closed form, quadrature as a guard. */
function logDyingIntegral(p: ParetoNbdParams, t: number, x: number): number {
  const { r, alpha, s, beta } = p;
  const rs = r + s;
  const c = rs + x + 1;
  const big = alpha >= beta ? alpha : beta;
  const other = alpha >= beta ? beta : alpha;
  const b = alpha >= beta ? s + 1 : r + x;
  // B₁ at τ = 0 and B₂(i) at τ = t: z = (big − other)/(big + τ), 1 − z = (other + τ)/(big + τ).
  const logB1 = logHyp2f1(rs, b, c, (big - other) / big, other / big) - rs * Math.log(big);
  const zt = (big - other) / (big + t);
  const ut = (other + t) / (big + t);
  const lnBt = Math.log(big + t);
  const lnT = Math.log(t);
  let maxLog = -Infinity;
  const logs: number[] = [];
  for (let i = 0; i <= x; i++) {
    const l =
      logGamma(rs + i) -
      logGamma(rs) -
      logGamma(i + 1) +
      i * lnT +
      logHyp2f1(rs + i, b, c, zt, ut) -
      (rs + i) * lnBt;
    logs.push(l);
    if (l > maxLog) maxLog = l;
  }
  let sum = 0;
  for (const l of logs) sum += Math.exp(l - maxLog);
  const logSum = maxLog + Math.log(sum);
  // J = x! Γ(r+s)/Γ(r+s+x+1) · (B₁ − Σ): the factor turns FH's B(r+x, s+1)/B(r, s) into ours.
  // B₁ − Σ = B₁(1 − e^gap); when Σ is within 1e-4 of B₁ (small t: ∫₀ᵗ is a sliver of ∫₀^∞)
  // the difference would lose more than 4 of the ~16 digits, and quadrature is used.
  const gap = logSum - logB1; // ≤ 0
  const kept = -Math.expm1(gap);
  if (kept > 1e-4) return logGamma(x + 1) + logGamma(rs) - logGamma(c) + logB1 + Math.log(kept);
  return logQuadrature(p, t, x);
}

/**
 * ln ∫₀ᵗ τˣ (α+τ)^−(r+x) (β+τ)^−(s+1) dτ by tanh-sinh quadrature on τ = t·v (the integrand
 * is a polynomial times a function analytic on [0, t]; double-exponential quadrature
 * converges exponentially and resolves features at either end, e.g. β ≪ t).
 */
function logQuadrature(p: ParetoNbdParams, t: number, x: number): number {
  const { r, alpha, s, beta } = p;
  const h = 1 / 64;
  const logs: number[] = [];
  for (let k = -6 * 64; k <= 6 * 64; k++) {
    const u = (Math.PI / 2) * Math.sinh(k * h);
    const v = 1 / (1 + Math.exp(-2 * u));
    if (!(v > 0) || v >= 1) continue;
    const tau = t * v;
    const logWeight =
      Math.log((Math.PI / 2) * Math.cosh(k * h)) -
      2 * Math.log(2 * Math.cosh(u)) +
      Math.log(2 * h * t);
    logs.push(
      logWeight +
        x * Math.log(tau) -
        (r + x) * Math.log(alpha + tau) -
        (s + 1) * Math.log(beta + tau),
    );
  }
  let max = -Infinity;
  for (const l of logs) if (l > max) max = l;
  let sum = 0;
  for (const l of logs) sum += Math.exp(l - max);
  return max + Math.log(sum);
}

/** The fitted model's predictions (see TransactionModel). */
export function paretoNbdModel(params: ParetoNbdParams): TransactionModel {
  const p: ParetoNbdParams = { r: params.r, alpha: params.alpha, s: params.s, beta: params.beta };
  checkParetoNbdParams(p);
  return {
    name: 'pnbd',
    pAlive: (x, tx, T) => pAlive(p, x, tx, T),
    expectedConditional: (t, x, tx, T) => expectedConditional(p, t, x, tx, T),
    expectedUnconditional: (t) => expectedUnconditional(p, t),
    probabilityOfN: (t, n) => probabilityOfN(p, t, n),
  };
}

// ---- simulation --------------------------------------------------------------------------

export interface SimulateParetoNbdOptions {
  customers: number;
  /** Observation length since the first purchase, the same for all or one per customer. */
  T: number | Float64Array;
  seed: number;
  /** Also count each customer's purchases in (T, T + holdout] (default 0: none). */
  holdout?: number;
}

/**
 * Simulated Pareto/NBD customers, exactly as the model's story goes: λ ~ Gamma(r, rate α),
 * μ ~ Gamma(s, rate β), lifetime τ ~ Exponential(rate μ) from the first purchase at 0;
 * repeat purchases at exponential gaps of rate λ while alive. Returns the summary (x, t_x,
 * T), whether each customer is alive at her T (what P(alive) estimates), and her purchases
 * in (T, T + holdout] (what E[Y(t) | x, t_x, T] predicts), zeros without a holdout.
 */
export function simulateParetoNbd(
  params: ParetoNbdParams,
  options: SimulateParetoNbdOptions,
): {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  alive: Uint8Array;
  holdoutX: Float64Array;
} {
  checkParetoNbdParams(params);
  const { customers } = options;
  if (!Number.isInteger(customers) || customers < 0)
    throw new LensError('error.clv.simulate', { option: 'customers', value: customers });
  const holdout = options.holdout ?? 0;
  if (!(holdout >= 0) || !Number.isFinite(holdout))
    throw new LensError('error.clv.simulate', { option: 'holdout', value: holdout });
  if (typeof options.T === 'number') {
    if (!(options.T >= 0) || !Number.isFinite(options.T))
      throw new LensError('error.clv.simulate', { option: 'T', value: options.T });
  } else if (options.T.length !== customers) {
    throw new LensError('error.clv.simulate', { option: 'T', value: options.T.length });
  }
  const rng = createRng(options.seed);
  const T =
    typeof options.T === 'number'
      ? new Float64Array(customers).fill(options.T)
      : Float64Array.from(options.T);
  const x = new Float64Array(customers);
  const tx = new Float64Array(customers);
  const alive = new Uint8Array(customers);
  const holdoutX = new Float64Array(customers);
  for (let i = 0; i < customers; i++) {
    const lambda = rng.gamma(params.r, 1 / params.alpha);
    const mu = rng.gamma(params.s, 1 / params.beta);
    const death = mu > 0 ? rng.exponential(1 / mu) : Infinity;
    const Ti = T[i];
    alive[i] = death > Ti ? 1 : 0;
    const end = Math.min(death, Ti + holdout);
    let count = 0;
    let last = 0;
    let later = 0;
    if (lambda > 0) {
      let time = rng.exponential(1 / lambda);
      while (time <= end) {
        if (time <= Ti) {
          count++;
          last = time;
        } else later++;
        time += rng.exponential(1 / lambda);
      }
    }
    x[i] = count;
    tx[i] = last;
    holdoutX[i] = later;
  }
  return { x, tx, T, alive, holdoutX };
}
