/**
 * The BG/NBD teaching view's state: the four model parameters, one customer's history
 * (x, t_x, T) and the horizon t, with t_x ≤ T kept at all times; the predictions, curves
 * and the seeded simulation derived from them.
 *
 * Every number comes from src/core/clv (bgNbdModel, simulateBgNbd); this class only
 * chooses where to evaluate the model and keeps the records. A simulation of 1,000
 * customers takes milliseconds, so it runs here in the page like the k-means stepper.
 */
import { bgNbdModel, type BgNbdParams } from '../../core/clv/bgnbd.ts';
import { simulateBgNbd } from '../../core/clv/simulate.ts';
import type { TransactionModel } from '../../core/clv/types.ts';

export type { BgNbdParams };

export type ParamName = keyof BgNbdParams;
export const PARAM_NAMES: readonly ParamName[] = ['r', 'alpha', 'a', 'b'];

export type CustomerField = 'x' | 'tx' | 'T' | 't';
export const CUSTOMER_FIELDS: readonly CustomerField[] = ['x', 'tx', 'T', 't'];

export interface SliderRange {
  min: number;
  max: number;
  step: number;
}

export const PARAM_RANGES: Record<ParamName, SliderRange> = {
  r: { min: 0.01, max: 5, step: 0.001 },
  alpha: { min: 0.1, max: 40, step: 0.001 },
  a: { min: 0.01, max: 5, step: 0.001 },
  b: { min: 0.01, max: 20, step: 0.001 },
};

/** Weeks: two years of history and of horizon at most. */
export const CUSTOMER_RANGES: Record<CustomerField, SliderRange> = {
  x: { min: 0, max: 40, step: 1 },
  tx: { min: 0, max: 104, step: 0.01 },
  T: { min: 0, max: 104, step: 0.01 },
  t: { min: 1, max: 104, step: 1 },
};

export type PresetId = 'cdnow' | 'regulars' | 'fickle';

export interface Preset {
  id: PresetId;
  params: BgNbdParams;
}

/**
 * CDNOW: the published maximum-likelihood estimates (Fader, Hardie & Lee 2005, section 5).
 * Regulars: mean rate r/α = 0.5 a week, mean dropout a/(a+b) ≈ 0.05.
 * Fickle: mean rate 0.1 a week, mean dropout 0.5.
 */
export const PRESETS: readonly Preset[] = [
  { id: 'cdnow', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } },
  { id: 'regulars', params: { r: 3, alpha: 6, a: 0.5, b: 9.5 } },
  { id: 'fickle', params: { r: 0.5, alpha: 5, a: 3, b: 3 } },
];

/** The customer of the paper's worked example (section 5): E[Y(39)] = 1.226. */
export const EXAMPLE_CUSTOMER = { x: 2, tx: 30.43, T: 38.86, t: 39 } as const;

export const SIM_CUSTOMERS = 1000;
const MIN_BINS = 8;
const MAX_BINS = 25;
export const SIM_DEFAULT_SEED = 1;

/** Quiet weeks after the last purchase in the "same silence, different buyers" table. */
export const COMPARE_WEEKS: readonly number[] = [0, 4, 13, 26, 52];
export const COMPARE_X: readonly number[] = [1, 3, 10];

export interface Curve {
  /** Where the model is evaluated (T or t), ascending. */
  at: number[];
  values: number[][];
  /** Index in `at` of the current T or t. */
  current: number;
}

export interface Simulation {
  params: BgNbdParams;
  T: number;
  seed: number;
  customers: number;
  /** Bins 0, 1, …, last−1 and "last or more". */
  last: number;
  simulated: number[];
  /** customers × P(X(T) = n) per bin (the last bin: the rest of the probability). */
  model: number[];
  meanSimulated: number;
  expected: number;
  zero: number;
}

export function clamp(v: number, range: { min: number; max: number }): number {
  return Math.min(range.max, Math.max(range.min, v));
}

/** Rounds to the slider's step (so 30.430000001 does not show). */
function snap(v: number, step: number): number {
  const digits = Math.max(0, -Math.floor(Math.log10(step)));
  return Number(v.toFixed(digits));
}

/**
 * Points from `lo` to `hi` for a curve: `lo`, then whole multiples of a round step (about
 * `target` of them), with `include` (the current T or t) among them. Points closer than a
 * quarter step to `lo` or `include` are left out, so the axis labels stay readable.
 */
export function curvePoints(lo: number, hi: number, target: number, include: number): number[] {
  const raw = (hi - lo) / Math.max(1, target);
  const step = [0.5, 1, 2, 4, 5, 10, 20, 25, 50].find((s) => s >= raw) ?? 100;
  const out = [lo, include];
  for (let v = (Math.floor(lo / step) + 1) * step; v <= hi + 1e-9; v += step) {
    if (Math.abs(v - lo) >= step / 4 && Math.abs(v - include) >= step / 4) out.push(v);
  }
  const sorted = out.map((v) => snap(v, 0.01)).sort((p, q) => p - q);
  return sorted.filter((v, i) => i === 0 || v !== sorted[i - 1]);
}

export function sameParams(p: BgNbdParams, q: BgNbdParams): boolean {
  return p.r === q.r && p.alpha === q.alpha && p.a === q.a && p.b === q.b;
}

export class BgNbdTeach {
  r = $state(PRESETS[0].params.r);
  alpha = $state(PRESETS[0].params.alpha);
  a = $state(PRESETS[0].params.a);
  b = $state(PRESETS[0].params.b);
  x = $state<number>(EXAMPLE_CUSTOMER.x);
  /** As set; the model uses `txUsed` (0 when x = 0). Always ≤ T. */
  tx = $state<number>(EXAMPLE_CUSTOMER.tx);
  T = $state<number>(EXAMPLE_CUSTOMER.T);
  t = $state<number>(EXAMPLE_CUSTOMER.t);
  seed = $state(SIM_DEFAULT_SEED);
  simulation = $state.raw<Simulation | null>(null);
  simError = $state<unknown>(null);

  readonly params = $derived<BgNbdParams>({ r: this.r, alpha: this.alpha, a: this.a, b: this.b });
  readonly built = $derived.by((): { model: TransactionModel | null; error: unknown } => {
    try {
      return { model: bgNbdModel(this.params), error: null };
    } catch (error) {
      return { model: null, error };
    }
  });
  readonly model = $derived(this.built.model);
  /** With no repeat purchase, t_x is 0 by definition (Fader, Hardie & Lee 2005). */
  readonly txUsed = $derived(this.x === 0 ? 0 : this.tx);
  readonly preset = $derived<PresetId | null>(
    PRESETS.find((p) => sameParams(p.params, this.params))?.id ?? null,
  );

  readonly pAlive = $derived(this.evaluate((m) => m.pAlive(this.x, this.txUsed, this.T)));
  readonly expected = $derived(
    this.evaluate((m) => m.expectedConditional(this.t, this.x, this.txUsed, this.T)),
  );
  readonly expectedNew = $derived(this.evaluate((m) => m.expectedUnconditional(this.t)));

  /** P(alive) for T from t_x to a year past max(T, t_x), this x and t_x. */
  readonly quietCurve = $derived.by((): Curve => {
    const lo = this.txUsed;
    const hi = Math.max(this.T + 13, lo + 52);
    const at = curvePoints(lo, hi, 30, this.T);
    const m = this.model;
    return {
      at,
      values: [at.map((T) => (m ? m.pAlive(this.x, this.txUsed, T) : NaN))],
      current: at.indexOf(snap(this.T, 0.01)),
    };
  });

  /** E[Y(t) | x, t_x, T] and E[X(t)] for t from 0 to at least a year. */
  readonly futureCurve = $derived.by((): Curve => {
    const hi = Math.max(52, Math.ceil(this.t / 4) * 4);
    const at = curvePoints(0, hi, 26, this.t);
    const m = this.model;
    return {
      at,
      values: [
        at.map((t) => (m ? m.expectedConditional(t, this.x, this.txUsed, this.T) : NaN)),
        at.map((t) => (m ? m.expectedUnconditional(t) : NaN)),
      ],
      current: at.indexOf(snap(this.t, 0.01)),
    };
  });

  /** P(alive) after w quiet weeks for several x, all with the last purchase at this t_x. */
  readonly comparison = $derived.by((): { x: number; values: number[] }[] => {
    const xs = [...COMPARE_X, ...(this.x > 0 && !COMPARE_X.includes(this.x) ? [this.x] : [])];
    xs.sort((p, q) => p - q);
    const m = this.model;
    return xs.map((x) => ({
      x,
      values: COMPARE_WEEKS.map((w) => (m ? m.pAlive(x, this.tx, this.tx + w) : NaN)),
    }));
  });

  readonly simStale = $derived(
    this.simulation !== null &&
      (!sameParams(this.simulation.params, this.params) ||
        this.simulation.T !== this.T ||
        this.simulation.seed !== this.seed),
  );

  private evaluate(f: (m: TransactionModel) => number): number {
    const m = this.model;
    if (!m) return NaN;
    try {
      return f(m);
    } catch {
      return NaN;
    }
  }

  setParam(name: ParamName, value: number): void {
    if (!Number.isFinite(value)) return;
    const range = PARAM_RANGES[name];
    // On the slider's grid, so the field, the slider and the model agree.
    this[name] = clamp(snap(value, range.step), range);
  }

  applyPreset(id: PresetId): void {
    const p = PRESETS.find((q) => q.id === id);
    if (!p) return;
    this.r = p.params.r;
    this.alpha = p.params.alpha;
    this.a = p.params.a;
    this.b = p.params.b;
  }

  /** The largest value a field accepts now (t_x: at most T). */
  maxOf(field: CustomerField): number {
    return field === 'tx' ? this.T : CUSTOMER_RANGES[field].max;
  }

  setCustomer(field: CustomerField, value: number): void {
    if (!Number.isFinite(value)) return;
    const range = { min: CUSTOMER_RANGES[field].min, max: this.maxOf(field) };
    const v = clamp(snap(value, CUSTOMER_RANGES[field].step), range);
    if (field === 'x') this.x = v;
    else if (field === 'tx') this.tx = v;
    else if (field === 't') this.t = v;
    else {
      this.T = v;
      // The last purchase cannot lie after "now".
      if (this.tx > v) this.tx = v;
    }
  }

  setSeed(seed: number): void {
    if (Number.isSafeInteger(seed) && seed >= 0) this.seed = seed;
  }

  /** Simulates SIM_CUSTOMERS customers observed for T weeks; bins against P(X(T) = n). */
  simulate(): void {
    const params = { ...this.params };
    const T = this.T;
    const seed = this.seed;
    const customers = SIM_CUSTOMERS;
    try {
      const model = bgNbdModel(params);
      const sim = simulateBgNbd(params, { customers, T, seed });
      const probs: number[] = [];
      let cumulative = 0;
      // One bar per count up to where the model has 98 % of its probability (8 to 25
      // bars), then one "or more" bar.
      let last = MAX_BINS;
      for (let n = 0; n < MAX_BINS; n++) {
        const p = model.probabilityOfN(T, n);
        probs.push(p);
        cumulative += p;
        if (n + 1 >= MIN_BINS && cumulative >= 0.98) {
          last = n + 1;
          break;
        }
      }
      const simulated = new Array<number>(last + 1).fill(0);
      let total = 0;
      let zero = 0;
      for (let i = 0; i < sim.x.length; i++) {
        const x = sim.x[i];
        total += x;
        if (x === 0) zero++;
        simulated[Math.min(x, last)]++;
      }
      const shown = probs.slice(0, last);
      const rest = Math.max(0, 1 - shown.reduce((s, p) => s + p, 0));
      this.simulation = {
        params,
        T,
        seed,
        customers,
        last,
        simulated,
        model: [...shown, rest].map((p) => p * customers),
        meanSimulated: total / sim.x.length,
        expected: model.expectedUnconditional(T),
        zero,
      };
      this.simError = null;
    } catch (error) {
      this.simError = error;
      this.simulation = null;
    }
  }
}
