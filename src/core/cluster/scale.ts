/**
 * Feature scaling before clustering, column by column, as scikit-learn's scalers do it.
 * Every scaling is `y = (f(x + shift) − center) / scale`:
 *
 * - `none`: y = x.
 * - `z` (StandardScaler): center = mean, scale = population standard deviation (ddof 0).
 * - `minmax` (MinMaxScaler to 0–1): center = min, scale = max − min.
 * - `log1p-z`: f = log1p, then z. A column with negative values (net monetary < 0, say)
 *   is first shifted so that its minimum is 0: `shift` = −min (0 when min ≥ 0). The
 *   scaler records the shift, and inverseTransform subtracts it again.
 * - `robust` (RobustScaler): center = median, scale = interquartile range (numpy's linear
 *   percentiles 75 − 25).
 *
 * A constant column gets scale 1 (scikit-learn's `_handle_zeros_in_scale`; for z its
 * `_is_constant_feature` test on the variance), so it becomes all zeros rather than NaN.
 */
import { LensError } from '../errors.ts';

export type Scaling = 'none' | 'z' | 'minmax' | 'log1p-z' | 'robust';
export const SCALINGS: readonly Scaling[] = ['none', 'z', 'minmax', 'log1p-z', 'robust'];

export interface Scaler {
  /** The scaling of every column, or 'mixed' when the columns differ (see `scalings`). */
  scaling: Scaling | 'mixed';
  /** Scaling per column. */
  scalings: Scaling[];
  d: number;
  center: Float64Array;
  scale: Float64Array;
  /** Per column: log1p applied (log1p-z). */
  log: boolean[];
  /** Per column: added before log1p (−min for a log1p-z column with negative values, else 0). */
  shift: Float64Array;
}

const EPS = Number.EPSILON;

function checkRaw(raw: Float64Array, n: number, d: number, allowEmpty = false): void {
  if (!Number.isInteger(d) || d < 1)
    throw new LensError('error.cluster.noFeatures', { d: String(d) });
  if (!Number.isInteger(n) || n < (allowEmpty ? 0 : 1))
    throw new LensError('error.cluster.noPoints', { n: String(n) });
  if (!(raw instanceof Float64Array) || raw.length !== n * d) {
    throw new LensError('error.cluster.shape', {
      length: (raw as ArrayLike<number> | undefined)?.length ?? 0,
      n,
      d,
    });
  }
}

/** numpy.percentile (linear interpolation) of sorted values, q in [0, 1]. */
function percentile(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Fits one scaling per column (or the same for all) on n×d raw values (all finite). */
export function fitScaler(
  raw: Float64Array,
  n: number,
  d: number,
  scaling: Scaling | Scaling[],
): Scaler {
  checkRaw(raw, n, d);
  const scalings = Array.isArray(scaling) ? [...scaling] : new Array<Scaling>(d).fill(scaling);
  if (scalings.length !== d) {
    throw new LensError('error.cluster.scalings', { count: scalings.length, d });
  }
  for (const s of scalings) {
    if (!SCALINGS.includes(s)) throw new LensError('error.cluster.scaling', { scaling: String(s) });
  }
  const center = new Float64Array(d);
  const scale = new Float64Array(d).fill(1);
  const shift = new Float64Array(d);
  const log = scalings.map((s) => s === 'log1p-z');
  const column = new Float64Array(n);
  for (let j = 0; j < d; j++) {
    const s = scalings[j];
    for (let i = 0; i < n; i++) {
      const v = raw[i * d + j];
      if (!Number.isFinite(v))
        throw new LensError('error.cluster.notFinite', { row: i + 1, column: j + 1 });
      column[i] = v;
    }
    if (s === 'none') continue;
    if (s === 'log1p-z') {
      let min = Infinity;
      for (let i = 0; i < n; i++) if (column[i] < min) min = column[i];
      shift[j] = min < 0 ? -min : 0;
      for (let i = 0; i < n; i++) column[i] = Math.log1p(column[i] + shift[j]);
    }
    if (s === 'z' || s === 'log1p-z') {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += column[i];
      const mean = sum / n;
      let ss = 0;
      for (let i = 0; i < n; i++) ss += (column[i] - mean) ** 2;
      const variance = ss / n;
      center[j] = mean;
      // scikit-learn's _is_constant_feature: the variance is within rounding of 0.
      const bound = n * EPS * variance + (n * mean * EPS) ** 2;
      scale[j] = variance <= bound ? 1 : Math.sqrt(variance);
    } else if (s === 'minmax') {
      let min = Infinity;
      let max = -Infinity;
      for (let i = 0; i < n; i++) {
        if (column[i] < min) min = column[i];
        if (column[i] > max) max = column[i];
      }
      center[j] = min;
      const range = max - min;
      scale[j] = range < 10 * EPS ? 1 : range;
    } else if (s === 'robust') {
      const sorted = column.slice().sort();
      center[j] = percentile(sorted, 0.5);
      const iqr = percentile(sorted, 0.75) - percentile(sorted, 0.25);
      scale[j] = iqr < 10 * EPS ? 1 : iqr;
    }
  }
  const first = scalings[0];
  return {
    scaling: scalings.every((s) => s === first) ? first : 'mixed',
    scalings,
    d,
    center,
    scale,
    log,
    shift,
  };
}

/** Scales n rows (n×d) with a fitted scaler (n may be 0). */
export function transform(s: Scaler, raw: Float64Array, n: number): Float64Array {
  checkRaw(raw, n, s.d, true);
  const { d, center, scale, log, shift } = s;
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = raw[i * d + j];
      out[i * d + j] = ((log[j] ? Math.log1p(v + shift[j]) : v) - center[j]) / scale[j];
    }
  }
  return out;
}

/** Maps n scaled rows (e.g. centroids, k×d; n may be 0) back to original units. */
export function inverseTransform(s: Scaler, scaled: Float64Array, n: number): Float64Array {
  checkRaw(scaled, n, s.d, true);
  const { d, center, scale, log, shift } = s;
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = scaled[i * d + j] * scale[j] + center[j];
      out[i * d + j] = log[j] ? Math.expm1(v) - shift[j] : v;
    }
  }
  return out;
}
