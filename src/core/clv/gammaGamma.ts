/**
 * The Gamma-Gamma model of spend per transaction: Fader, Hardie & Lee (2005), "RFM and CLV:
 * Using iso-value curves for customer base analysis", Journal of Marketing Research 42(4),
 * §"Adding monetary value", and Fader & Hardie (2013), "The Gamma-Gamma model of monetary
 * value" (brucehardie.com note; F&H 2013 below).
 *
 * A customer's transaction values are Gamma(p, ν) (shape p, rate ν), so their mean over x
 * transactions, m̄, is Gamma(px, νx); across customers ν ~ Gamma(q, γ) (rate γ). The model
 * assumes spend is independent of the purchase process, which the fit checks by the
 * correlation of x and m̄.
 */
import { LensError } from '../errors.ts';
import { digamma, logGamma } from '../stats/special.ts';
import { checkPenalty, fitOnLogScale } from './mle.ts';
import type { FitOptions, GammaGammaFit } from './types.ts';

export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

/** Usable repeat buyers needed for a fit. */
export const MIN_SPEND_CUSTOMERS = 10;
/** |corr(x, m̄)| above this casts doubt on the independence assumption (lifetimes' docs). */
export const INDEPENDENCE_THRESHOLD = 0.3;

/**
 * The data of a fit, with what does not depend on the parameters computed once: ln m̄,
 * ln x, and each customer's index into the distinct x values (the gamma-function terms
 * depend on x only, so they are evaluated once per distinct x, not per customer).
 */
interface SpendData {
  x: Float64Array;
  m: Float64Array;
  logM: Float64Array;
  logX: Float64Array;
  /** Index of each customer's x in `distinct`. */
  group: Int32Array;
  distinct: number[];
}

function prepare(x: Float64Array, m: Float64Array): SpendData {
  const n = x.length;
  const index = new Map<number, number>();
  const distinct: number[] = [];
  const group = new Int32Array(n);
  const logM = new Float64Array(n);
  const logX = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let g = index.get(x[i]);
    if (g === undefined) {
      g = distinct.length;
      index.set(x[i], g);
      distinct.push(x[i]);
    }
    group[i] = g;
    logM[i] = Math.log(m[i]);
    logX[i] = Math.log(x[i]);
  }
  return { x, m, logM, logX, group, distinct };
}

function logLikelihood(params: GammaGammaParams, d: SpendData, grad?: Float64Array): number {
  const { p, q, gamma } = params;
  const k = d.distinct.length;
  // Per distinct x: ln Γ(px+q) − ln Γ(px), and ψ(px+q), ψ(px) for the gradient.
  const lgRatio = new Float64Array(k);
  const psiPxQ = new Float64Array(k);
  const psiPx = new Float64Array(k);
  for (let g = 0; g < k; g++) {
    const px = p * d.distinct[g];
    lgRatio[g] = logGamma(px + q) - logGamma(px);
    if (grad) {
      psiPxQ[g] = digamma(px + q);
      psiPx[g] = digamma(px);
    }
  }
  const lgQ = logGamma(q);
  const psiQ = grad ? digamma(q) : 0;
  const logG = Math.log(gamma);
  const { x, m, logM, logX, group } = d;
  let ll = 0;
  let gp = 0;
  let gq = 0;
  let gg = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    const g = group[i];
    const px = p * xi;
    const denom = gamma + xi * m[i];
    const lxm = Math.log(denom);
    ll += lgRatio[g] - lgQ + q * logG + (px - 1) * logM[i] + px * logX[i] - (px + q) * lxm;
    if (grad) {
      gp += xi * (psiPxQ[g] - psiPx[g] + logM[i] + logX[i] - lxm);
      gq += psiPxQ[g] - psiQ + logG - lxm;
      gg += q / gamma - (px + q) / denom;
    }
  }
  if (grad) {
    grad[0] = p * gp;
    grad[1] = q * gq;
    grad[2] = gamma * gg;
  }
  return ll;
}

/**
 * Total log-likelihood of the mean spends m̄ of customers with x > 0 (F&H 2013 eq. 3):
 * ln f(m̄ | x) = ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln m̄ + px ln x
 *               − (px+q) ln(γ + x m̄).
 * With `grad`, writes the gradient with respect to (ln p, ln q, ln γ).
 */
export function gammaGammaLogLikelihood(
  params: GammaGammaParams,
  x: Float64Array,
  monetary: Float64Array,
  grad?: Float64Array,
): number {
  return logLikelihood(params, prepare(x, monetary), grad);
}

function pearson(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}

/**
 * Maximum-likelihood Gamma-Gamma fit on the customers with x > 0 and a finite, positive
 * mean repeat spend, on the log-parameters, minimising lifetimes' objective
 * −LL / customers + penalty · (p² + q² + γ²); standard errors from the Hessian and the delta
 * method (mle.ts).
 */
export function fitGammaGamma(
  x: Float64Array,
  monetary: Float64Array,
  options: FitOptions = {},
): GammaGammaFit {
  if (x.length !== monetary.length) throw new LensError('error.clv.lengths');
  const penalty = options.penalty ?? 0;
  checkPenalty(penalty);
  let usable = 0;
  let excludedNonPositive = 0;
  for (let i = 0; i < x.length; i++) {
    if (!(x[i] > 0) || Number.isNaN(monetary[i])) continue;
    if (monetary[i] > 0 && Number.isFinite(monetary[i])) usable++;
    else if (monetary[i] <= 0) excludedNonPositive++;
  }
  if (usable < MIN_SPEND_CUSTOMERS)
    throw new LensError('error.clv.spendTooFew', {
      customers: usable,
      needed: MIN_SPEND_CUSTOMERS,
    });
  const xs = new Float64Array(usable);
  const ms = new Float64Array(usable);
  let mean = 0;
  for (let i = 0, k = 0; i < x.length; i++) {
    if (x[i] > 0 && monetary[i] > 0 && Number.isFinite(monetary[i])) {
      xs[k] = x[i];
      ms[k] = monetary[i];
      mean += monetary[i];
      k++;
    }
  }
  mean /= usable;
  const n = usable;
  const data = prepare(xs, ms);
  // Start: p = 1, q = 2 and γ matching the mean spend, E[m̄] = pγ/(q − 1).
  const fit = fitOnLogScale(
    ['p', 'q', 'gamma'] as const,
    (p, grad) => logLikelihood(p, data, grad ?? undefined),
    {
      customers: n,
      penalty,
      start: [0, Math.log(2), Math.log(mean)],
      ...(options.maxIter !== undefined ? { maxIter: options.maxIter } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );
  const params = fit.params;
  const correlation = pearson(xs, ms);
  return {
    params,
    stderr: fit.stderr,
    logLikelihood: logLikelihood(params, data),
    iterations: fit.iterations,
    converged: fit.converged,
    penalty,
    customers: n,
    excludedNonPositive,
    frequencySpendCorrelation: correlation,
    independenceWarning: Math.abs(correlation) > INDEPENDENCE_THRESHOLD,
  };
}

/**
 * E[M | p, q, γ, m̄, x], the expected average spend per future transaction (F&H 2013 eq. 5;
 * FHL 2005 "RFM and CLV" eq. 2): p(γ + x m̄) / (px + q − 1), a weighted mean of the
 * population mean pγ/(q − 1) and the customer's own m̄. x = 0 gives the population mean.
 * A customer with repeat purchases but a negative net m̄ (returns) counts as m̄ = 0; an
 * unknown m̄ (NaN) with x > 0 gives NaN. NaN too when the mean does not exist (px + q ≤ 1).
 */
export function expectedAverageSpend(
  params: GammaGammaParams,
  x: number,
  monetary: number,
): number {
  const { p, q, gamma } = params;
  if (!(x > 0)) return q > 1 ? (p * gamma) / (q - 1) : NaN;
  if (Number.isNaN(monetary)) return NaN;
  const denominator = p * x + q - 1;
  if (!(denominator > 0)) return NaN;
  return (p * (gamma + x * Math.max(monetary, 0))) / denominator;
}
