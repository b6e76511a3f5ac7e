/**
 * k-means one step at a time, for the teaching mode (Learn page): the two halves of a
 * Lloyd iteration as separate pure functions, seeded starting centroids, and a plain
 * Lloyd run to convergence for the elbow.
 *
 * Plain float64 JavaScript, no tensors: the teaching mode works on at most a few thousand
 * points in the page, and loading TensorFlow.js there for that would cost more than the
 * arithmetic. `kmeans.ts` is the production implementation (tensors, restarts, mini-batch).
 *
 * - **Assign**: every point joins its nearest centroid (squared Euclidean distance). Ties
 *   go to the point's previous cluster when that is among the nearest, else to the lowest
 *   cluster number — so a point only "changes cluster" when another centroid is strictly
 *   nearer, and a run cannot cycle between equal-inertia assignments.
 * - **Update**: every centroid moves to the mean of its points. A cluster with no points
 *   keeps its previous centroid (and the result lists it in `empty`): the textbook rule,
 *   easier to explain than scikit-learn's relocation to a far point.
 * - **Starts**: 'k-means++' is the greedy k-means++ of scikit-learn (`_kmeans_plusplus`,
 *   2 + ⌊ln k⌋ candidates per centre), drawing from the same `createRng(seed)` stream in
 *   the same order as `kmeansPlusPlus` in kmeans.ts, so both pick the same centres (the
 *   one there scores candidates in float32 on tensors; only a near-tie can differ).
 *   'random' is Forgy's method, scikit-learn's `init='random'`: k distinct rows drawn
 *   uniformly.
 * - **Convergence** (`lloyd`): an assignment that changes no label. Each assign and each
 *   update can only lower the inertia or leave it equal.
 */
import { LensError, throwIfCancelled } from '../errors.ts';
import { silhouetteScore } from '../stats/clusterMetrics.ts';
import { createRng, type Rng } from '../stats/random.ts';
import type { TaskContext } from '../task.ts';

export type StartMethod = 'k-means++' | 'random';

export interface AssignResult {
  /** Cluster of each point, 0..k−1. */
  labels: Int32Array;
  /** Σ squared distance of each point to its (new) centroid. */
  inertia: number;
  /** Points per cluster. */
  sizes: number[];
  /** Points whose cluster differs from `previous` (all n when there was none). */
  changed: number;
}

export interface UpdateResult {
  /** k×d: the mean of each cluster's points; an empty cluster's previous centroid. */
  centroids: Float64Array;
  /** Points per cluster. */
  sizes: number[];
  /** Clusters with no points, whose centroid stayed where it was. */
  empty: number[];
  /** How far each centroid moved (Euclidean distance). */
  shifts: Float64Array;
  /** Σ squared distance of each point to its cluster's new centroid. */
  inertia: number;
}

export interface LloydRun {
  labels: Int32Array;
  centroids: Float64Array;
  inertia: number;
  /** Assign + update rounds until an assignment changed nothing (or maxIter). */
  iterations: number;
  converged: boolean;
  /** The inertia after every assign and every update step, in order (best start). */
  inertias: number[];
  /** The starting centroids of the best start. */
  start: Float64Array;
}

export interface LloydOptions {
  method?: StartMethod;
  /** Seeded starts from one stream, the lowest final inertia kept; default 1. */
  starts?: number;
  /** Assign + update rounds per start; default 300. */
  maxIter?: number;
}

export interface ElbowRow {
  k: number;
  inertia: number;
  /** Mean silhouette of the same labels (exact up to 5,000 rows, else sampled). */
  silhouette: number;
  iterations: number;
  sizes: number[];
}

export interface ElbowOptions {
  /** Default 2. */
  kMin?: number;
  /** Default 8. */
  kMax?: number;
  /** k-means++ starts per k, the lowest inertia kept; default 5. */
  starts?: number;
  /** Default 0. */
  seed?: number;
}

// ---------------------------------------------------------------------------------------
// Validation (LensError codes shared with kmeans.ts, messages in cluster-core.ts)

function checkPoints(points: Float64Array, n: number, d: number): void {
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
  for (let i = 0; i < points.length; i++) {
    if (!Number.isFinite(points[i]))
      throw new LensError('error.cluster.notFinite', {
        row: Math.floor(i / d) + 1,
        column: (i % d) + 1,
      });
  }
}

function checkK(k: number, n: number): void {
  if (!Number.isInteger(k) || k < 1) throw new LensError('error.cluster.k', { k: String(k) });
  if (k > n) throw new LensError('error.cluster.kTooLarge', { k, n });
}

function optionError(option: string, value: unknown): LensError {
  return new LensError('error.cluster.option', { option, value: String(value) });
}

function checkCentroids(centroids: Float64Array, k: number, d: number): void {
  if (!(centroids instanceof Float64Array) || centroids.length !== k * d)
    throw optionError('centroids', `${(centroids as ArrayLike<number>).length} values`);
  for (let i = 0; i < centroids.length; i++)
    if (!Number.isFinite(centroids[i])) throw optionError('centroids', centroids[i]);
}

function checkLabels(labels: Int32Array, n: number, k: number): void {
  if (!(labels instanceof Int32Array) || labels.length !== n)
    throw optionError('labels', `${(labels as ArrayLike<number>).length} values`);
  for (let i = 0; i < n; i++)
    if (labels[i] < 0 || labels[i] >= k) throw optionError('labels', labels[i]);
}

// ---------------------------------------------------------------------------------------
// The steps

function squaredDistance(
  points: Float64Array,
  i: number,
  centroids: Float64Array,
  c: number,
  d: number,
): number {
  let s = 0;
  for (let j = 0, a = i * d, b = c * d; j < d; j++) {
    const t = points[a + j] - centroids[b + j];
    s += t * t;
  }
  return s;
}

/** Assigns every point to its nearest centroid; `previous` labels count the changes. */
export function assignStep(
  points: Float64Array,
  n: number,
  d: number,
  centroids: Float64Array,
  k: number,
  previous?: Int32Array | null,
): AssignResult {
  checkPoints(points, n, d);
  checkK(k, n);
  checkCentroids(centroids, k, d);
  if (previous) checkLabels(previous, n, k);
  const labels = new Int32Array(n);
  const sizes = new Array<number>(k).fill(0);
  let inertia = 0;
  let changed = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestDistance = squaredDistance(points, i, centroids, 0, d);
    for (let c = 1; c < k; c++) {
      const v = squaredDistance(points, i, centroids, c, d);
      if (v < bestDistance) {
        best = c;
        bestDistance = v;
      }
    }
    if (previous) {
      const own = previous[i];
      if (own !== best && squaredDistance(points, i, centroids, own, d) === bestDistance)
        best = own;
      if (own !== best) changed++;
    } else changed++;
    labels[i] = best;
    sizes[best]++;
    inertia += bestDistance;
  }
  return { labels, inertia, sizes, changed };
}

/** Moves every centroid to the mean of its points; empty clusters keep `previous`. */
export function updateStep(
  points: Float64Array,
  n: number,
  d: number,
  labels: Int32Array,
  k: number,
  previous: Float64Array,
): UpdateResult {
  checkPoints(points, n, d);
  checkK(k, n);
  checkLabels(labels, n, k);
  checkCentroids(previous, k, d);
  const sums = new Float64Array(k * d);
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    sizes[c]++;
    for (let j = 0; j < d; j++) sums[c * d + j] += points[i * d + j];
  }
  const centroids = new Float64Array(k * d);
  const shifts = new Float64Array(k);
  const empty: number[] = [];
  for (let c = 0; c < k; c++) {
    let shift = 0;
    for (let j = 0; j < d; j++) {
      const at = c * d + j;
      const v = sizes[c] > 0 ? sums[at] / sizes[c] : previous[at];
      centroids[at] = v;
      const t = v - previous[at];
      shift += t * t;
    }
    shifts[c] = Math.sqrt(shift);
    if (sizes[c] === 0) empty.push(c);
  }
  return {
    centroids,
    sizes,
    empty,
    shifts,
    inertia: inertiaOf(points, n, d, centroids, labels),
  };
}

/** Σᵢ ‖xᵢ − centroid of labelᵢ‖², float64. */
export function inertiaOf(
  points: Float64Array,
  n: number,
  d: number,
  centroids: Float64Array,
  labels: Int32Array,
): number {
  let total = 0;
  for (let i = 0; i < n; i++) total += squaredDistance(points, i, centroids, labels[i], d);
  return total;
}

// ---------------------------------------------------------------------------------------
// Starts

/** Starting centroids (k×d) from `createRng(seed)`. */
export function randomStart(
  points: Float64Array,
  n: number,
  d: number,
  k: number,
  seed: number,
  method: StartMethod,
): Float64Array {
  checkPoints(points, n, d);
  checkK(k, n);
  if (!Number.isFinite(seed)) throw optionError('seed', seed);
  if (method !== 'k-means++' && method !== 'random') throw optionError('method', method);
  return startWith(points, n, d, k, createRng(seed), method);
}

function startWith(
  points: Float64Array,
  n: number,
  d: number,
  k: number,
  rng: Rng,
  method: StartMethod,
): Float64Array {
  return method === 'random'
    ? forgy(points, n, d, k, rng)
    : kmeansPlusPlusPlain(points, n, d, k, rng);
}

/** k distinct rows uniformly at random (a partial Fisher–Yates shuffle). */
function forgy(points: Float64Array, n: number, d: number, k: number, rng: Rng): Float64Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const centroids = new Float64Array(k * d);
  for (let c = 0; c < k; c++) {
    const j = c + Math.min(n - c - 1, Math.floor(rng.next() * (n - c)));
    const row = order[j];
    order[j] = order[c];
    order[c] = row;
    centroids.set(points.subarray(row * d, row * d + d), c * d);
  }
  return centroids;
}

/**
 * Greedy k-means++ in float64 JavaScript — the algorithm and random draws of
 * `kmeansPlusPlus` in kmeans.ts (scikit-learn's `_kmeans_plusplus`): the first centre
 * uniformly, each further one the best of 2 + ⌊ln k⌋ candidates drawn ∝ D(x)², best
 * meaning the lowest potential Σ min(D(x)², d(x, candidate)²).
 */
export function kmeansPlusPlusPlain(
  points: Float64Array,
  n: number,
  d: number,
  k: number,
  rng: Rng,
): Float64Array {
  checkPoints(points, n, d);
  checkK(k, n);
  const centroids = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const first = Math.min(n - 1, Math.floor(rng.next() * n));
  centroids.set(points.subarray(first * d, first * d + d), 0);
  if (k === 1) return centroids;
  const closest = new Float64Array(n).fill(Infinity);
  const cum = new Float64Array(n);
  let potential = nearer(points, n, d, centroids, 0, closest, cum);
  const candidates = new Int32Array(trials);
  for (let c = 1; c < k; c++) {
    for (let t = 0; t < trials; t++) candidates[t] = searchLeft(cum, rng.next() * potential);
    let best = 0;
    let bestPotential = Infinity;
    for (let t = 0; t < trials; t++) {
      let pot = 0;
      for (let i = 0; i < n; i++) {
        const v = squaredDistance(points, i, points, candidates[t], d);
        pot += v < closest[i] ? v : closest[i];
      }
      if (pot < bestPotential) {
        best = t;
        bestPotential = pot;
      }
    }
    const chosen = candidates[best];
    centroids.set(points.subarray(chosen * d, chosen * d + d), c * d);
    potential = nearer(points, n, d, centroids, c, closest, cum);
  }
  return centroids;
}

/** closestᵢ = min(closestᵢ, ‖xᵢ − centre c‖²), cumᵢ its running sum; returns the total. */
function nearer(
  points: Float64Array,
  n: number,
  d: number,
  centroids: Float64Array,
  c: number,
  closest: Float64Array,
  cum: Float64Array,
): number {
  let running = 0;
  for (let i = 0; i < n; i++) {
    const v = squaredDistance(points, i, centroids, c, d);
    if (v < closest[i]) closest[i] = v;
    running += closest[i];
    cum[i] = running;
  }
  return running;
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

// ---------------------------------------------------------------------------------------
// Runs

/**
 * Lloyd's algorithm by the steps above, from `starts` seeded starts drawn from one
 * `createRng(seed)` stream; the lowest final inertia wins (the earlier start on a tie).
 */
export function lloyd(
  points: Float64Array,
  n: number,
  d: number,
  k: number,
  seed: number,
  options: LloydOptions = {},
  ctx?: TaskContext,
): LloydRun {
  checkPoints(points, n, d);
  checkK(k, n);
  if (!Number.isFinite(seed)) throw optionError('seed', seed);
  const method = options.method ?? 'k-means++';
  if (method !== 'k-means++' && method !== 'random') throw optionError('method', method);
  const starts = options.starts ?? 1;
  if (!Number.isInteger(starts) || starts < 1) throw optionError('starts', starts);
  const maxIter = options.maxIter ?? 300;
  if (!Number.isInteger(maxIter) || maxIter < 1) throw optionError('maxIter', maxIter);
  const rng = createRng(seed);
  let best: LloydRun | null = null;
  for (let s = 0; s < starts; s++) {
    throwIfCancelled(ctx?.signal);
    const start = startWith(points, n, d, k, rng, method);
    const run = lloydFrom(points, n, d, k, start, maxIter);
    if (best === null || run.inertia < best.inertia) best = run;
  }
  return best!;
}

function lloydFrom(
  points: Float64Array,
  n: number,
  d: number,
  k: number,
  start: Float64Array,
  maxIter: number,
): LloydRun {
  let centroids = start;
  let assigned = assignStep(points, n, d, centroids, k, null);
  const inertias = [assigned.inertia];
  let iterations = 0;
  let converged = false;
  while (iterations < maxIter) {
    iterations++;
    const updated = updateStep(points, n, d, assigned.labels, k, centroids);
    centroids = updated.centroids;
    inertias.push(updated.inertia);
    const next = assignStep(points, n, d, centroids, k, assigned.labels);
    inertias.push(next.inertia);
    assigned = next;
    if (next.changed === 0) {
      converged = true;
      break;
    }
  }
  return {
    labels: assigned.labels,
    centroids,
    inertia: assigned.inertia,
    iterations,
    converged,
    inertias,
    start,
  };
}

/**
 * Inertia and mean silhouette for k = kMin..kMax on the same points: for each k the best
 * of `starts` k-means++ Lloyd runs (seed `seed`, the same for every k).
 */
export function elbow(
  points: Float64Array,
  n: number,
  d: number,
  options: ElbowOptions = {},
  ctx?: TaskContext,
): ElbowRow[] {
  const kMin = options.kMin ?? 2;
  const kMax = options.kMax ?? 8;
  const starts = options.starts ?? 5;
  const seed = options.seed ?? 0;
  checkPoints(points, n, d);
  if (!Number.isInteger(kMin) || kMin < 2) throw optionError('kMin', kMin);
  if (!Number.isInteger(kMax) || kMax < kMin) throw optionError('kMax', kMax);
  checkK(kMax, n);
  const rows: ElbowRow[] = [];
  for (let k = kMin; k <= kMax; k++) {
    throwIfCancelled(ctx?.signal);
    ctx?.onProgress?.({ phase: 'progress.learn.elbow', done: k - kMin, total: kMax - kMin + 1 });
    const run = lloyd(points, n, d, k, seed, { starts, method: 'k-means++' }, ctx);
    const sizes = new Array<number>(k).fill(0);
    for (let i = 0; i < n; i++) sizes[run.labels[i]]++;
    rows.push({
      k,
      inertia: run.inertia,
      silhouette: silhouetteScore(points, n, d, run.labels, { seed }).score,
      iterations: run.iterations,
      sizes,
    });
  }
  return rows;
}
