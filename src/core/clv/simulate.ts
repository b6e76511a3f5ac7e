/**
 * Seeded simulation from the BG/NBD and Gamma-Gamma models, exactly as their stories go
 * (Fader, Hardie & Lee 2005, §3 assumptions i–v; Fader & Hardie 2013 §2): used by the
 * tests (Monte-Carlo checks, parameter recovery), the benchmark and the Learn page.
 */
import { LensError } from '../errors.ts';
import { createRng, type Rng } from '../stats/random.ts';
import { checkBgNbdParams, type BgNbdParams } from './bgnbd.ts';
import type { GammaGammaParams } from './gammaGamma.ts';

export interface SimulateBgNbdOptions {
  customers: number;
  /** Observation length since the first purchase, the same for all or one per customer. */
  T: number | Float64Array;
  seed: number;
}

function checkCount(customers: number, T: number | Float64Array): void {
  if (!Number.isInteger(customers) || customers < 0)
    throw new LensError('error.clv.simulate', { option: 'customers', value: customers });
  if (typeof T === 'number') {
    if (!(T >= 0) || !Number.isFinite(T))
      throw new LensError('error.clv.simulate', { option: 'T', value: T });
  } else if (T.length !== customers) {
    throw new LensError('error.clv.simulate', { option: 'T', value: T.length });
  }
}

/** Beta(a, b) as X / (X + Y), X ~ Gamma(a), Y ~ Gamma(b). */
function beta(rng: Rng, a: number, b: number): number {
  const x = rng.gamma(a, 1);
  const y = rng.gamma(b, 1);
  return x + y > 0 ? x / (x + y) : rng.next();
}

/**
 * One customer's repeat purchase times in (0, T]: λ ~ Gamma(r, rate α), p ~ Beta(a, b);
 * while active, exponential gaps with rate λ; after each repeat purchase she drops out with
 * probability p (never at time 0: the first purchase starts her life). Calls `onPurchase`
 * for each repeat purchase time; returns whether she is still active at T.
 */
function simulateCustomer(
  rng: Rng,
  params: BgNbdParams,
  T: number,
  onPurchase: (time: number) => void,
): boolean {
  const lambda = rng.gamma(params.r, 1 / params.alpha);
  const p = beta(rng, params.a, params.b);
  if (!(lambda > 0)) return true;
  let t = 0;
  for (;;) {
    t += rng.exponential(1 / lambda);
    if (t > T) return true;
    onPurchase(t);
    if (rng.next() < p) return false;
  }
}

/**
 * Simulated BG/NBD summaries (x, t_x, T) of `customers` customers, and whether each is
 * still active at her T (what P(alive) estimates; known only in a simulation).
 */
export function simulateBgNbd(
  params: BgNbdParams,
  options: SimulateBgNbdOptions,
): { x: Float64Array; tx: Float64Array; T: Float64Array; alive: Uint8Array } {
  checkBgNbdParams(params);
  const { customers } = options;
  checkCount(customers, options.T);
  const rng = createRng(options.seed);
  const x = new Float64Array(customers);
  const tx = new Float64Array(customers);
  const T =
    typeof options.T === 'number'
      ? new Float64Array(customers).fill(options.T)
      : Float64Array.from(options.T);
  const alive = new Uint8Array(customers);
  for (let i = 0; i < customers; i++) {
    let count = 0;
    let last = 0;
    const active = simulateCustomer(rng, params, T[i], (time) => {
      count++;
      last = time;
    });
    x[i] = count;
    tx[i] = last;
    alive[i] = active ? 1 : 0;
  }
  return { x, tx, T, alive };
}

/**
 * Simulated purchase-level data: every customer's first purchase (time 0) and repeat
 * purchases up to her T, as (customer, time since her first purchase) pairs in customer
 * order. For benchmarks and tests of the summary on realistic transaction logs.
 */
export function simulateBgNbdPurchases(
  params: BgNbdParams,
  options: SimulateBgNbdOptions,
): { customer: Int32Array; time: Float64Array } {
  checkBgNbdParams(params);
  const { customers } = options;
  checkCount(customers, options.T);
  const rng = createRng(options.seed);
  let customer = new Int32Array(Math.max(16, customers * 2));
  let time = new Float64Array(customer.length);
  let n = 0;
  const push = (c: number, t: number): void => {
    if (n === customer.length) {
      const bigger = new Int32Array(customer.length * 2);
      bigger.set(customer);
      customer = bigger;
      const biggerTime = new Float64Array(time.length * 2);
      biggerTime.set(time);
      time = biggerTime;
    }
    customer[n] = c;
    time[n] = t;
    n++;
  };
  for (let i = 0; i < customers; i++) {
    const T = typeof options.T === 'number' ? options.T : options.T[i];
    push(i, 0);
    simulateCustomer(rng, params, T, (t) => push(i, t));
  }
  return { customer: customer.slice(0, n), time: time.slice(0, n) };
}

/**
 * Simulated mean spend of each customer's x repeat transactions under Gamma-Gamma:
 * ν ~ Gamma(q, rate γ); each spend ~ Gamma(p, rate ν), so their mean over x transactions is
 * Gamma(px, rate νx), drawn directly. NaN where x = 0.
 */
export function simulateGammaGamma(
  params: GammaGammaParams,
  x: Float64Array,
  seed: number,
): Float64Array {
  const { p, q, gamma } = params;
  for (const [name, v] of [
    ['p', p],
    ['q', q],
    ['gamma', gamma],
  ] as const) {
    if (!(Number.isFinite(v) && v > 0)) throw new LensError('error.clv.param', { name, value: v });
  }
  const rng = createRng(seed);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const nu = rng.gamma(q, 1 / gamma);
    if (!(x[i] > 0)) {
      out[i] = NaN;
      continue;
    }
    out[i] = rng.gamma(p * x[i], 1 / (nu * x[i]));
  }
  return out;
}
