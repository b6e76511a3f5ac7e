/**
 * k-means clustering, as scikit-learn 1.2 does it (`sklearn.cluster.KMeans` with
 * `algorithm='lloyd'`, and `MiniBatchKMeans`), with the distance work on TensorFlow.js.
 *
 * The engine must be initialised by the caller (`await initEngine()`).
 *
 * ## Lloyd (`method: 'lloyd'`)
 * - **Initialisation**: greedy k-means++ (Arthur & Vassilvitskii 2007, greedy variant of
 *   scikit-learn): the first centre uniformly at random; each further centre is the best
 *   of 2 + ⌊ln k⌋ candidates drawn with probability ∝ D(x)², "best" meaning the lowest
 *   resulting potential Σ min(D(x)², d(x, candidate)²).
 * - **Iterations** (at most `maxIter`, default 300): assign every point to its nearest
 *   centre, move every centre to the mean of its points. A cluster left empty takes the
 *   point farthest from its own centre (farthest first, as scikit-learn's
 *   `_relocate_empty_clusters_dense`), which leaves its old cluster. When every point
 *   already sits on its centre (more clusters than distinct points) relocating is
 *   pointless; the empty cluster's centre goes to the biggest cluster's, as in current
 *   scikit-learn (1.2 put it on an arbitrary duplicate point).
 * - **Convergence**: stop when the labels did not change ("strict convergence") or when
 *   the squared shift of the centres, summed over all centres, is at most
 *   `tol × mean of the per-feature variances` (scikit-learn's `_tolerance`; default tol
 *   1e-4). Without strict convergence the points are assigned once more, so the labels
 *   always belong to the returned centroids.
 * - **Restarts** (`nInit`, default 10) from one seeded stream, `createRng(seed)`: the
 *   first restart starts from `kmeansPlusPlus(points, n, d, k, createRng(seed))`. The
 *   lowest inertia wins (a later run with the same partition does not replace an earlier
 *   one, as in scikit-learn). `init` (k×d centres) replaces k-means++ and makes it a
 *   single run, like scikit-learn's `init=array`.
 *
 * ## Mini-batch (`method: 'minibatch'`; `'auto'` picks it above 200,000 rows)
 * scikit-learn's `MiniBatchKMeans` (Sculley 2010): `nInit` k-means++ initialisations,
 * each on a random sample of `3 × batchSize` rows (at least 3k), the one with the lowest
 * inertia on a random validation batch is kept; then steps on random batches of
 * `batchSize` rows (default 1024) with per-centre learning rates 1/count, random
 * reassignment of centres whose count falls under 1 % of the largest, at most
 * `maxIter × n / batchSize` steps, early stop after 10 steps without improvement of the
 * smoothed (EWA) batch inertia, or when the squared centre shift ≤ tol × mean variance.
 * Labels and inertia are then computed on all points. Defaults when omitted follow
 * `MiniBatchKMeans`: nInit 3, maxIter 100 (epochs), tol 0. `iterations` reports the
 * number of mini-batch steps (scikit-learn's `n_steps_`).
 *
 * ## Numbers
 * Nearest-centre assignment and the k-means++ candidate distances run on TensorFlow.js
 * tensors (`uploadPoints` in src/engine: points uploaded once per fit as float32, shifted
 * by the column means; one matMul + argMax per pass). Centroid updates, the potentials of
 * k-means++, D(x)² of the chosen centres, the inertia and the convergence tests are
 * float64 JavaScript over the given points. Only a float32 near-tie between two centres
 * (gap ≲ 1e-7 × the squared distances around the mean) can be assigned differently from
 * a float64 implementation.
 *
 * Measured (tests/bench/kmeans.node.bench.test.ts, Node wasm backend, one thread):
 * 1,000,000 × 3, k = 8, one restart ≈ 0.8 s against scikit-learn's 0.6 s on two cores
 * (1.3×); per Lloyd iteration ≈ 40 ms of matMul + argMax and ≈ 10 ms of float64 update.
 */
import { LensError, throwIfCancelled } from '../errors.ts';
import { createRng, type Rng } from '../stats/random.ts';
import type { CancelSignal, TaskContext } from '../task.ts';
import { nearestCentroids, uploadPoints, type PointTensors } from '../../engine/index.ts';

export interface KMeansOptions {
  /** Clusters, 1 ≤ k ≤ n. */
  k: number;
  /** Restarts (Lloyd) or initialisations tried (mini-batch); default 10 (mini-batch 3). */
  nInit?: number;
  /** Lloyd: iterations per restart, default 300. Mini-batch: epochs, default 100. */
  maxIter?: number;
  /** Relative to the mean per-feature variance (scikit-learn); default 1e-4 (mini-batch 0). */
  tol?: number;
  /** Default 0. */
  seed?: number;
  /** 'auto' (default): mini-batch above 200,000 rows. */
  method?: 'lloyd' | 'minibatch' | 'auto';
  /** Mini-batch size, default 1024. */
  batchSize?: number;
  /**
   * Initial centres (k×d) instead of k-means++, like scikit-learn's `init=array`; then
   * there is a single run (nInit is ignored, as scikit-learn does with a warning).
   */
  init?: Float64Array;
}

export interface KMeansResult {
  k: number;
  /** Cluster of each point, 0..k−1. */
  labels: Int32Array;
  /** k×d, in the space of the given points. */
  centroids: Float64Array;
  /** Sum of squared distances of the points to their own centroid (float64). */
  inertia: number;
  /** Lloyd iterations of the best restart; mini-batch: steps. */
  iterations: number;
  restarts: number;
  method: 'lloyd' | 'minibatch';
  /** Points per cluster. */
  sizes: number[];
}

/** 'auto' uses mini-batch k-means above this many rows. */
export const AUTO_MINIBATCH_ROWS = 200_000;

const MINIBATCH_MAX_NO_IMPROVEMENT = 10;
const MINIBATCH_REASSIGNMENT_RATIO = 0.01;

interface Settings {
  k: number;
  nInit: number;
  maxIter: number;
  tol: number;
  seed: number;
  method: 'lloyd' | 'minibatch';
  batchSize: number;
  init: Float64Array | null;
}

export function kmeans(
  points: Float64Array,
  n: number,
  d: number,
  options: KMeansOptions,
  ctx?: TaskContext,
): KMeansResult {
  const s = validate(points, n, d, options);
  throwIfCancelled(ctx?.signal);
  return s.method === 'lloyd' ? fitLloyd(points, n, d, s, ctx) : fitMiniBatch(points, n, d, s, ctx);
}

/**
 * Greedy k-means++ initial centres (k×d) drawn with `rng` — exported for the teaching
 * mode. Candidate distances run on tensors; the potentials are float64.
 */
export function kmeansPlusPlus(
  points: Float64Array,
  n: number,
  d: number,
  k: number,
  rng: Rng,
): Float64Array {
  validateShape(points, n, d);
  validateK(k, n);
  const tensors = uploadPoints(points, n, d, columnStats(points, n, d).mean);
  try {
    return plusPlus(tensors, points, n, d, k, rng);
  } finally {
    tensors.dispose();
  }
}

// ---------------------------------------------------------------------------------------
// Validation

function validateShape(points: Float64Array, n: number, d: number): void {
  if (!Number.isInteger(d) || d < 1)
    throw new LensError('error.cluster.noFeatures', { d: String(d) });
  if (!Number.isInteger(n) || n < 1)
    throw new LensError('error.cluster.noPoints', { n: String(n) });
  if (!(points instanceof Float64Array) || points.length !== n * d)
    throw new LensError('error.cluster.shape', {
      length: (points as ArrayLike<number> | undefined)?.length ?? 0,
      n,
      d,
    });
}

function validateK(k: number, n: number): void {
  if (!Number.isInteger(k) || k < 1) throw new LensError('error.cluster.k', { k: String(k) });
  if (k > n) throw new LensError('error.cluster.kTooLarge', { k, n });
}

function optionError(option: string, value: unknown): LensError {
  return new LensError('error.cluster.option', { option, value: String(value) });
}

function positiveInteger(option: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw optionError(option, value);
  return value;
}

function validate(points: Float64Array, n: number, d: number, options: KMeansOptions): Settings {
  // Options first (cheap, and a bad option is the likelier mistake), then the data.
  const requested = options.method ?? 'auto';
  if (requested !== 'lloyd' && requested !== 'minibatch' && requested !== 'auto')
    throw optionError('method', requested);
  if (!Number.isInteger(options.k) || options.k < 1)
    throw new LensError('error.cluster.k', { k: String(options.k) });
  validateShape(points, n, d);
  validateK(options.k, n);
  const method =
    requested === 'auto' ? (n > AUTO_MINIBATCH_ROWS ? 'minibatch' : 'lloyd') : requested;
  const mini = method === 'minibatch';
  const tol = options.tol ?? (mini ? 0 : 1e-4);
  if (!Number.isFinite(tol) || tol < 0) throw optionError('tol', options.tol);
  const seed = options.seed ?? 0;
  if (!Number.isFinite(seed)) throw optionError('seed', options.seed);
  const init = options.init ?? null;
  if (
    init !== null &&
    (!(init instanceof Float64Array) ||
      init.length !== options.k * d ||
      !init.every((v) => Number.isFinite(v)))
  )
    throw optionError('init', `${(init as ArrayLike<number>).length} values`);
  const nInit = positiveInteger('nInit', options.nInit, mini ? 3 : 10);
  return {
    k: options.k,
    nInit: init ? 1 : nInit,
    init: init ? Float64Array.from(init) : null,
    maxIter: positiveInteger('maxIter', options.maxIter, mini ? 100 : 300),
    tol,
    seed,
    method,
    batchSize: positiveInteger('batchSize', options.batchSize, 1024),
  };
}

// ---------------------------------------------------------------------------------------
// Shared pieces

/**
 * Column means and the mean of the per-column (population) variances, float64 two-pass.
 * Throws `error.cluster.notFinite` naming the first NaN or ±Infinity (a non-finite sum
 * is the cheap test).
 */
function columnStats(
  points: Float64Array,
  n: number,
  d: number,
): { mean: Float64Array; meanVariance: number } {
  const mean = new Float64Array(d);
  const size = n * d;
  for (let j = 0; j < d; j++) {
    let s = 0;
    for (let a = j; a < size; a += d) s += points[a];
    if (!Number.isFinite(s)) throwFirstNotFinite(points, d);
    mean[j] = s / n;
  }
  let total = 0;
  for (let j = 0; j < d; j++) {
    const m = mean[j];
    let ss = 0;
    for (let a = j; a < size; a += d) {
      const t = points[a] - m;
      ss += t * t;
    }
    total += ss / n;
  }
  return { mean, meanVariance: total / d };
}

function throwFirstNotFinite(points: Float64Array, d: number): void {
  for (let i = 0; i < points.length; i++) {
    if (!Number.isFinite(points[i]))
      throw new LensError('error.cluster.notFinite', {
        row: Math.floor(i / d) + 1,
        column: (i % d) + 1,
      });
  }
  // All finite, only the sum overflowed: carry on.
}

function squaredDistanceToRow(
  points: Float64Array,
  i: number,
  centres: Float64Array,
  c: number,
  d: number,
): number {
  let s = 0;
  const a = i * d;
  const b = c * d;
  for (let j = 0; j < d; j++) {
    const t = points[a + j] - centres[b + j];
    s += t * t;
  }
  return s;
}

/** Σ ‖x_i − c_{label_i}‖², float64. */
function inertiaOf(
  points: Float64Array,
  n: number,
  d: number,
  centres: Float64Array,
  labels: Int32Array,
): number {
  let total = 0;
  for (let i = 0, a = 0; i < n; i++) {
    for (let b = labels[i] * d, end = b + d; b < end; b++, a++) {
      const t = points[a] - centres[b];
      total += t * t;
    }
  }
  return total;
}

function sizesOf(labels: Int32Array, k: number): number[] {
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < labels.length; i++) sizes[labels[i]]++;
  return sizes;
}

/** scikit-learn's `_is_same_clustering`: labels1 maps onto labels2 cluster by cluster. */
function sameClustering(a: Int32Array, b: Int32Array, k: number): boolean {
  const mapping = new Int32Array(k).fill(-1);
  for (let i = 0; i < a.length; i++) {
    const m = mapping[a[i]];
    if (m === -1) mapping[a[i]] = b[i];
    else if (m !== b[i]) return false;
  }
  return true;
}

/** First index i with cum[i] ≥ value (numpy's searchsorted, side='left'), clipped to n−1. */
function searchLeft(cum: Float64Array, value: number): number {
  let lo = 0;
  let hi = cum.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return Math.min(lo, cum.length - 1);
}

/** Greedy k-means++ (scikit-learn's `_kmeans_plusplus`) over points already on the backend. */
function plusPlus(
  tensors: PointTensors,
  points: Float64Array,
  n: number,
  d: number,
  k: number,
  rng: Rng,
): Float64Array {
  const centres = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const first = Math.min(n - 1, Math.floor(rng.next() * n));
  centres.set(points.subarray(first * d, first * d + d), 0);
  if (k === 1) return centres;

  // D(x)² to the nearest chosen centre, exact in float64, and its running sums (numpy's
  // stable_cumsum) for the candidate draws.
  const closest = new Float64Array(n).fill(Infinity);
  const cum = new Float64Array(n);
  let potential = updateClosest(points, n, d, centres, 0, closest, cum);
  const candidates = new Int32Array(trials);
  const candidateRows = new Float64Array(trials * d);
  const distances = new Float32Array(n * trials);
  const pots = new Float64Array(trials);
  for (let c = 1; c < k; c++) {
    for (let t = 0; t < trials; t++) {
      const id = searchLeft(cum, rng.next() * potential);
      candidates[t] = id;
      candidateRows.set(points.subarray(id * d, id * d + d), t * d);
    }
    tensors.distancesTo(candidateRows, trials, distances);
    potentials(distances, closest, n, trials, pots);
    let best = 0;
    for (let t = 1; t < trials; t++) if (pots[t] < pots[best]) best = t;
    const chosen = candidates[best];
    centres.set(points.subarray(chosen * d, chosen * d + d), c * d);
    potential = updateClosest(points, n, d, centres, c, closest, cum);
  }
  return centres;
}

/**
 * The potential of each of m candidates: Σᵢ min(closestᵢ, distances[i, t]), in float64.
 * min(a, b) is written (a + b − |a − b|) / 2: branch-free, 3–4× faster in V8 than a
 * comparison on data in random order; up to four candidates share one pass.
 */
function potentials(
  distances: Float32Array,
  closest: Float64Array,
  n: number,
  m: number,
  pots: Float64Array,
): void {
  let t = 0;
  for (; t + 4 <= m; t += 4) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = 0, a = t; i < n; i++, a += m) {
      const own = closest[i];
      const v0 = distances[a];
      const v1 = distances[a + 1];
      const v2 = distances[a + 2];
      const v3 = distances[a + 3];
      s0 += v0 + own - Math.abs(v0 - own);
      s1 += v1 + own - Math.abs(v1 - own);
      s2 += v2 + own - Math.abs(v2 - own);
      s3 += v3 + own - Math.abs(v3 - own);
    }
    pots[t] = 0.5 * s0;
    pots[t + 1] = 0.5 * s1;
    pots[t + 2] = 0.5 * s2;
    pots[t + 3] = 0.5 * s3;
  }
  for (; t + 2 <= m; t += 2) {
    let s0 = 0;
    let s1 = 0;
    for (let i = 0, a = t; i < n; i++, a += m) {
      const own = closest[i];
      const v0 = distances[a];
      const v1 = distances[a + 1];
      s0 += v0 + own - Math.abs(v0 - own);
      s1 += v1 + own - Math.abs(v1 - own);
    }
    pots[t] = 0.5 * s0;
    pots[t + 1] = 0.5 * s1;
  }
  for (; t < m; t++) {
    let s0 = 0;
    for (let i = 0, a = t; i < n; i++, a += m) {
      const own = closest[i];
      const v0 = distances[a];
      s0 += v0 + own - Math.abs(v0 - own);
    }
    pots[t] = 0.5 * s0;
  }
}

/**
 * closestᵢ = min(closestᵢ, ‖xᵢ − centre c‖²) in float64, cumᵢ = Σ_{j ≤ i} closestⱼ;
 * returns the total. Unrolled for d ≤ 3 (V8 runs it about twice as fast).
 */
function updateClosest(
  points: Float64Array,
  n: number,
  d: number,
  centres: Float64Array,
  c: number,
  closest: Float64Array,
  cum: Float64Array,
): number {
  let running = 0;
  const o = c * d;
  if (d === 3) {
    const c0 = centres[o];
    const c1 = centres[o + 1];
    const c2 = centres[o + 2];
    for (let i = 0, a = 0; i < n; i++, a += 3) {
      const t0 = points[a] - c0;
      const t1 = points[a + 1] - c1;
      const t2 = points[a + 2] - c2;
      const v = t0 * t0 + t1 * t1 + t2 * t2;
      const own = closest[i];
      const next = v < own ? v : own;
      closest[i] = next;
      running += next;
      cum[i] = running;
    }
  } else if (d === 2) {
    const c0 = centres[o];
    const c1 = centres[o + 1];
    for (let i = 0, a = 0; i < n; i++, a += 2) {
      const t0 = points[a] - c0;
      const t1 = points[a + 1] - c1;
      const v = t0 * t0 + t1 * t1;
      const own = closest[i];
      const next = v < own ? v : own;
      closest[i] = next;
      running += next;
      cum[i] = running;
    }
  } else {
    for (let i = 0, a = 0; i < n; i++) {
      let v = 0;
      for (let j = o, end = o + d; j < end; j++, a++) {
        const t = points[a] - centres[j];
        v += t * t;
      }
      const own = closest[i];
      const next = v < own ? v : own;
      closest[i] = next;
      running += next;
      cum[i] = running;
    }
  }
  return running;
}

/** sums[label] += x and counts[label] += 1 over all points; unrolled for d ≤ 3. */
function accumulate(
  points: Float64Array,
  labels: Int32Array,
  n: number,
  d: number,
  sums: Float64Array,
  counts: Float64Array,
): void {
  sums.fill(0);
  counts.fill(0);
  if (d === 3) {
    for (let i = 0, a = 0; i < n; i++, a += 3) {
      const c = labels[i];
      counts[c]++;
      const b = c * 3;
      sums[b] += points[a];
      sums[b + 1] += points[a + 1];
      sums[b + 2] += points[a + 2];
    }
  } else if (d === 2) {
    for (let i = 0, a = 0; i < n; i++, a += 2) {
      const c = labels[i];
      counts[c]++;
      const b = c * 2;
      sums[b] += points[a];
      sums[b + 1] += points[a + 1];
    }
  } else {
    for (let i = 0, a = 0; i < n; i++) {
      const c = labels[i];
      counts[c]++;
      for (let b = c * d, end = b + d; b < end; b++, a++) sums[b] += points[a];
    }
  }
}

function reportRestart(ctx: TaskContext | undefined, done: number, total: number): void {
  ctx?.onProgress?.({ phase: 'progress.cluster.restart', done, total });
}

// ---------------------------------------------------------------------------------------
// Lloyd

interface Run {
  labels: Int32Array;
  centres: Float64Array;
  inertia: number;
  iterations: number;
}

function fitLloyd(
  points: Float64Array,
  n: number,
  d: number,
  s: Settings,
  ctx: TaskContext | undefined,
): KMeansResult {
  const { mean, meanVariance } = columnStats(points, n, d);
  const tolerance = s.tol === 0 ? 0 : meanVariance * s.tol;
  const rng = createRng(s.seed);
  const tensors = uploadPoints(points, n, d, mean);
  let best: Run | null = null;
  try {
    for (let r = 0; r < s.nInit; r++) {
      throwIfCancelled(ctx?.signal);
      reportRestart(ctx, r, s.nInit);
      const init = s.init ?? plusPlus(tensors, points, n, d, s.k, rng);
      const run = lloydSingle(tensors, points, n, d, s.k, init, s.maxIter, tolerance, ctx?.signal);
      if (
        best === null ||
        (run.inertia < best.inertia && !sameClustering(run.labels, best.labels, s.k))
      )
        best = run;
    }
  } finally {
    tensors.dispose();
  }
  if (best === null) throw new Error('unreachable: nInit ≥ 1');
  reportRestart(ctx, s.nInit, s.nInit);
  return {
    k: s.k,
    labels: best.labels,
    centroids: best.centres,
    inertia: best.inertia,
    iterations: best.iterations,
    restarts: s.nInit,
    method: 'lloyd',
    sizes: sizesOf(best.labels, s.k),
  };
}

/** One Lloyd run from `init` (scikit-learn's `_kmeans_single_lloyd`). */
function lloydSingle(
  tensors: PointTensors,
  points: Float64Array,
  n: number,
  d: number,
  k: number,
  init: Float64Array,
  maxIter: number,
  tolerance: number,
  signal: CancelSignal | undefined,
): Run {
  let centres: Float64Array = Float64Array.from(init);
  let next: Float64Array = new Float64Array(k * d);
  const labels = new Int32Array(n);
  const previous = new Int32Array(n).fill(-1);
  const counts = new Float64Array(k);
  let strict = false;
  let iterations = 0;
  for (let it = 0; it < maxIter; it++) {
    throwIfCancelled(signal);
    tensors.nearest(centres, k, labels);
    accumulate(points, labels, n, d, next, counts);
    relocateEmptyClusters(points, n, d, k, centres, next, counts, labels);
    // _average_centers: a cluster still empty (more clusters than distinct points) goes
    // to the location of the biggest cluster.
    let biggest = 0;
    for (let c = 1; c < k; c++) if (counts[c] > counts[biggest]) biggest = c;
    for (let j = 0; j < d; j++) next[biggest * d + j] /= counts[biggest];
    let shift = 0;
    for (let c = 0; c < k; c++) {
      for (let j = 0; j < d; j++) {
        const idx = c * d + j;
        let v = next[idx];
        if (c !== biggest) v = counts[c] > 0 ? v / counts[c] : next[biggest * d + j];
        next[idx] = v;
        const t = v - centres[idx];
        shift += t * t;
      }
    }
    [centres, next] = [next, centres];
    iterations = it + 1;
    if (equalLabels(labels, previous)) {
      strict = true;
      break;
    }
    if (shift <= tolerance) break;
    previous.set(labels);
  }
  // Labels that belong to the returned centres.
  if (!strict) tensors.nearest(centres, k, labels);
  return { labels, centres, inertia: inertiaOf(points, n, d, centres, labels), iterations };
}

function equalLabels(a: Int32Array, b: Int32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * scikit-learn's `_relocate_empty_clusters_dense`: each empty cluster takes one of the
 * points farthest from their (old) centres, farthest first; the point's sum moves from its
 * cluster to the empty one. `sums` are the unnormalised new centres. Labels are not changed.
 */
function relocateEmptyClusters(
  points: Float64Array,
  n: number,
  d: number,
  k: number,
  oldCentres: Float64Array,
  sums: Float64Array,
  counts: Float64Array,
  labels: Int32Array,
): void {
  const empty: number[] = [];
  for (let c = 0; c < k; c++) if (counts[c] === 0) empty.push(c);
  if (empty.length === 0) return;
  const distances = new Float64Array(n);
  let max = 0;
  for (let i = 0; i < n; i++) {
    distances[i] = squaredDistanceToRow(points, i, oldCentres, labels[i], d);
    if (distances[i] > max) max = distances[i];
  }
  if (max === 0) return; // more clusters than distinct points: relocating is pointless
  const far = farthest(distances, empty.length);
  for (let e = 0; e < empty.length; e++) {
    const target = empty[e];
    const i = far[e];
    const from = labels[i];
    for (let j = 0; j < d; j++) {
      sums[from * d + j] -= points[i * d + j];
      sums[target * d + j] = points[i * d + j];
    }
    counts[target] = 1;
    counts[from] -= 1;
  }
}

/** Indices of the m largest values, largest first (ties: lower index first). */
function farthest(values: Float64Array, m: number): number[] {
  const top: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (top.length === m && values[i] <= values[top[m - 1]]) continue;
    let pos = top.length === m ? m - 1 : top.length;
    if (top.length < m) top.push(i);
    while (pos > 0 && values[top[pos - 1]] < values[i]) {
      top[pos] = top[pos - 1];
      pos--;
    }
    top[pos] = i;
  }
  return top;
}

// ---------------------------------------------------------------------------------------
// Mini-batch

function gatherRows(
  points: Float64Array,
  d: number,
  rows: Int32Array,
  out = new Float64Array(rows.length * d),
): Float64Array {
  for (let r = 0; r < rows.length; r++) {
    const src = rows[r] * d;
    for (let j = 0; j < d; j++) out[r * d + j] = points[src + j];
  }
  return out;
}

function randomRows(rng: Rng, n: number, count: number, out = new Int32Array(count)): Int32Array {
  for (let r = 0; r < count; r++) out[r] = Math.min(n - 1, Math.floor(rng.next() * n));
  return out;
}

/** `count` distinct indices below `n`, uniformly (partial Fisher–Yates). */
function sampleWithoutReplacement(rng: Rng, n: number, count: number): number[] {
  const pool = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + Math.min(n - i - 1, Math.floor(rng.next() * (n - i)));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, count);
}

/** _init_centroids: k-means++ on a sample of initSize rows (all rows when n ≤ initSize). */
function initOnSample(
  points: Float64Array,
  n: number,
  d: number,
  k: number,
  initSize: number,
  mean: Float64Array,
  rng: Rng,
): Float64Array {
  const rows = initSize < n ? initSize : n;
  const sample = initSize < n ? gatherRows(points, d, randomRows(rng, n, initSize)) : points;
  const tensors = uploadPoints(sample, rows, d, mean);
  try {
    return plusPlus(tensors, sample, rows, d, k, rng);
  } finally {
    tensors.dispose();
  }
}

/** scikit-learn's `MiniBatchKMeans.fit` (1.2), see the file comment. */
function fitMiniBatch(
  points: Float64Array,
  n: number,
  d: number,
  s: Settings,
  ctx: TaskContext | undefined,
): KMeansResult {
  const { k } = s;
  const { mean, meanVariance } = columnStats(points, n, d);
  const tolerance = s.tol === 0 ? 0 : meanVariance * s.tol;
  const rng = createRng(s.seed);
  const batchSize = Math.min(s.batchSize, n);
  let initSize = 3 * batchSize;
  if (initSize < k) initSize = 3 * k;
  initSize = Math.min(initSize, n);

  // Initialisation: nInit k-means++ runs on samples, judged on one validation batch.
  const validation = gatherRows(points, d, randomRows(rng, n, initSize));
  let centres: Float64Array | null = null;
  let bestInertia = Infinity;
  for (let r = 0; r < s.nInit; r++) {
    throwIfCancelled(ctx?.signal);
    reportRestart(ctx, r, s.nInit);
    const init = s.init ?? initOnSample(points, n, d, k, initSize, mean, rng);
    const { labels } = nearestCentroids(validation, initSize, d, init, k, mean);
    const inertia = inertiaOf(validation, initSize, d, init, labels);
    if (centres === null || inertia < bestInertia) {
      centres = init;
      bestInertia = inertia;
    }
  }
  reportRestart(ctx, s.nInit, s.nInit);
  if (centres === null) throw new Error('unreachable: nInit ≥ 1');

  let next: Float64Array = new Float64Array(k * d);
  const counts = new Float64Array(k);
  const batchRows = new Int32Array(batchSize);
  const batch = new Float64Array(batchSize * d);
  const members = new Float64Array(k);
  const nSteps = Math.max(1, Math.floor((s.maxIter * n) / batchSize));
  let sinceReassign = 0;
  let ewa: number | null = null;
  let ewaMin: number | null = null;
  let noImprovement = 0;
  let steps = 0;
  const progressEvery = Math.max(1, Math.floor(nSteps / 100));
  for (let step = 0; step < nSteps; step++) {
    throwIfCancelled(ctx?.signal);
    if (step % progressEvery === 0)
      ctx?.onProgress?.({ phase: 'progress.cluster.minibatch', done: step, total: nSteps });
    randomRows(rng, n, batchSize, batchRows);
    gatherRows(points, d, batchRows, batch);
    // _random_reassign: due every 10·k samples, or while a centre has no count yet.
    sinceReassign += batchSize;
    let reassign = false;
    if (counts.some((c) => c === 0) || sinceReassign >= 10 * k) {
      sinceReassign = 0;
      reassign = true;
    }

    // _mini_batch_step
    const { labels } = nearestCentroids(batch, batchSize, d, centres, k, mean);
    let batchInertia = inertiaOf(batch, batchSize, d, centres, labels);
    members.fill(0);
    next.fill(0);
    for (let i = 0; i < batchSize; i++) {
      const c = labels[i];
      members[c]++;
      for (let j = 0; j < d; j++) next[c * d + j] += batch[i * d + j];
    }
    for (let c = 0; c < k; c++) {
      if (members[c] > 0) {
        const total = counts[c] + members[c];
        for (let j = 0; j < d; j++) {
          const idx = c * d + j;
          next[idx] = (centres[idx] * counts[c] + next[idx]) / total;
        }
        counts[c] = total;
      } else {
        for (let j = 0; j < d; j++) next[c * d + j] = centres[c * d + j];
      }
    }
    if (reassign) reassignSmallCentres(rng, batch, batchSize, d, k, next, counts);

    let squaredShift = 0;
    if (tolerance > 0)
      for (let idx = 0; idx < k * d; idx++) {
        const t = next[idx] - centres[idx];
        squaredShift += t * t;
      }
    [centres, next] = [next, centres];
    steps = step + 1;

    // _mini_batch_convergence
    batchInertia /= batchSize;
    if (steps === 1) continue; // the first batch's inertia is the initialisation's
    if (ewa === null) ewa = batchInertia;
    else {
      const alpha = Math.min(1, (batchSize * 2) / (n + 1));
      ewa = ewa * (1 - alpha) + batchInertia * alpha;
    }
    if (tolerance > 0 && squaredShift <= tolerance) break;
    if (ewaMin === null || ewa < ewaMin) {
      noImprovement = 0;
      ewaMin = ewa;
    } else noImprovement++;
    if (noImprovement >= MINIBATCH_MAX_NO_IMPROVEMENT) break;
  }
  ctx?.onProgress?.({ phase: 'progress.cluster.minibatch', done: nSteps, total: nSteps });
  throwIfCancelled(ctx?.signal);

  const tensors = uploadPoints(points, n, d, mean);
  let labels: Int32Array;
  try {
    labels = tensors.nearest(centres, k);
  } finally {
    tensors.dispose();
  }
  return {
    k,
    labels,
    centroids: centres,
    inertia: inertiaOf(points, n, d, centres, labels),
    iterations: steps,
    restarts: s.nInit,
    method: 'minibatch',
    sizes: sizesOf(labels, k),
  };
}

/**
 * The random reassignment of `_mini_batch_step`: centres whose count is below 1 % of the
 * largest move to random distinct points of the batch (at most half the batch), and their
 * counts are set to the smallest count of the others.
 */
function reassignSmallCentres(
  rng: Rng,
  batch: Float64Array,
  batchSize: number,
  d: number,
  k: number,
  centres: Float64Array,
  counts: Float64Array,
): void {
  let max = 0;
  for (let c = 0; c < k; c++) if (counts[c] > max) max = counts[c];
  const toReassign: boolean[] = [];
  let number = 0;
  for (let c = 0; c < k; c++) {
    toReassign.push(counts[c] < MINIBATCH_REASSIGNMENT_RATIO * max);
    if (toReassign[c]) number++;
  }
  const limit = Math.floor(0.5 * batchSize);
  if (number > 0.5 * batchSize) {
    // Keep the centres with the largest counts (argsort, stable).
    const order = Array.from({ length: k }, (_, c) => c).sort(
      (a, b) => counts[a] - counts[b] || a - b,
    );
    for (const c of order.slice(limit)) toReassign[c] = false;
    number = toReassign.filter(Boolean).length;
  }
  if (number === 0) return;
  const chosen = sampleWithoutReplacement(rng, batchSize, number);
  let minOther = Infinity;
  for (let c = 0; c < k; c++) if (!toReassign[c] && counts[c] < minOther) minOther = counts[c];
  let r = 0;
  for (let c = 0; c < k; c++) {
    if (!toReassign[c]) continue;
    const row = chosen[r++];
    for (let j = 0; j < d; j++) centres[c * d + j] = batch[row * d + j];
    counts[c] = Number.isFinite(minOther) ? minOther : 0;
  }
}
