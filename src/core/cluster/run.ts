/**
 * One clustering run over a profiles table, as the Clusters page shows it: features built
 * and scaled, the chosen method, quality metrics, a 2-D PCA map, per-cluster profiles and
 * names, and a decision tree that explains the clusters in original units.
 *
 * k-means needs the TensorFlow.js engine initialised by the caller; the other methods and
 * everything after the labels are plain JS.
 *
 * Samples (all seeded from `settings.seed`, so a re-run gives identical output):
 * - hierarchical methods cluster at most HIERARCHY_MAX_ROWS rows; the other rows join the
 *   cluster whose mean (in scaled space) is nearest;
 * - silhouette: exact up to SILHOUETTE_MAX_ROWS rows, else on a sample of that size;
 * - the PCA map draws at most MAP_MAX_POINTS points (PCA itself is fitted on all rows).
 */
import { LensError, throwIfCancelled } from '../errors.ts';
import { createRng } from '../stats/random.ts';
import { calinskiHarabasz, daviesBouldin, silhouetteSamples } from '../stats/clusterMetrics.ts';
import { findColumn, isNullAt, type Table } from '../table/index.ts';
import type { TaskContext } from '../task.ts';
import { fitTree, predictTree, treeRules, type TreeRule } from '../tree/cart.ts';
import { buildFeatures, type FeatureMatrix, type FeatureSpec } from './features.ts';
import { inverseTransform } from './scale.ts';
import { kmeans } from './kmeans.ts';
import { agglomerate, cutTree, dendrogramLayout, type Linkage } from './hierarchical.ts';
import { dbscan, kDistances } from './dbscan.ts';
import { pca2 } from './pca.ts';
import { profileClusters, type ClusterProfiles } from './profile.ts';
import { chooseK, type ChooseKResult } from './chooseK.ts';

export type ClusterMethod = 'kmeans' | 'minibatch' | Linkage | 'dbscan';
export const CLUSTER_METHODS: readonly ClusterMethod[] = [
  'kmeans',
  'minibatch',
  'ward',
  'complete',
  'average',
  'single',
  'dbscan',
];

export interface ClusterSettings {
  features: FeatureSpec;
  method: ClusterMethod;
  /** Clusters to find (not used by DBSCAN). */
  k: number;
  /** k-means restarts. */
  nInit: number;
  seed: number;
  /** DBSCAN neighbourhood radius, in scaled units. */
  eps: number;
  /** DBSCAN: neighbours (the point included) that make a core point. */
  minSamples: number;
  /** Decision tree depth for the explanation. */
  treeDepth: number;
}

export const DEFAULT_CLUSTER_SETTINGS: ClusterSettings = {
  features: {
    columns: ['recency_days', 'frequency', 'monetary'],
    scaling: 'log1p-z',
    missing: 'drop',
  },
  method: 'kmeans',
  k: 4,
  nInit: 10,
  seed: 0,
  eps: 0.5,
  minSamples: 5,
  treeDepth: 3,
};

export const HIERARCHY_MAX_ROWS = 5_000;
export const SILHOUETTE_MAX_ROWS = 5_000;
export const MAP_MAX_POINTS = 20_000;

/** Label of a profile row that was not clustered (dropped for a missing value). */
export const NOT_CLUSTERED = -2;
/** Label of a DBSCAN noise point. */
export const NOISE = -1;

export interface ClusterMetrics {
  silhouette: number;
  /** Silhouette computed on a sample (see sampleSize). */
  sampled: boolean;
  sampleSize: number;
  daviesBouldin: number;
  calinskiHarabasz: number;
}

export interface ClusterMap {
  x: Float32Array;
  y: Float32Array;
  /** Cluster per drawn point (−1 noise). */
  group: Int32Array;
  /** The profile row of each drawn point. */
  rows: Uint32Array;
  /** Explained variance ratio of each principal component. */
  explained: number[];
  /** Loadings of PC1 and PC2 (2×d, row-major) over the scaled features. */
  components: number[];
  /** Points available; the map draws `rows.length` of them. */
  total: number;
}

export interface ClusterExplanation {
  rules: TreeRule[];
  /** Share of clustered rows the tree puts in their own cluster. */
  accuracy: number;
  depth: number;
}

export interface DendrogramView {
  segments: { x1: number; y1: number; x2: number; y2: number }[];
  leafLabels: string[];
  /** Height at which cutting gives k clusters (midway between the two merges around it). */
  cutHeight: number;
  /** Rows the hierarchy was built on, and of how many. */
  rows: number;
  total: number;
}

export interface ClusterOutcome {
  settings: ClusterSettings;
  featureNames: string[];
  /** Per profile row: cluster, NOISE, or NOT_CLUSTERED. */
  labels: Int32Array;
  /** Rows clustered, dropped and imputed for missing values. */
  n: number;
  dropped: number;
  imputed: number;
  /** Clusters found (DBSCAN decides it itself). */
  k: number;
  sizes: number[];
  noise: number;
  /** Sum of squared distances to the own cluster's mean, in scaled units. */
  inertia: number;
  iterations: number;
  /** k-means only: Lloyd or mini-batch (plain k-means switches above 200,000 rows). */
  algorithm: 'lloyd' | 'minibatch' | null;
  metrics: ClusterMetrics | null;
  /** Per cluster, its members' silhouettes (of the silhouette sample), highest first. */
  silhouettes: Float32Array[];
  /** Cluster means mapped back to original units (k×d). */
  centroids: number[][];
  profiles: ClusterProfiles;
  map: ClusterMap;
  explanation: ClusterExplanation | null;
  dendrogram: DendrogramView | null;
  /** Milliseconds per phase. */
  timings: Record<string, number>;
}

function now(): number {
  return globalThis.performance?.now() ?? Date.now();
}

/** `count` distinct indices of 0..n−1 in ascending order (all when count ≥ n), seeded. */
export function sampleRows(n: number, count: number, seed: number): Uint32Array {
  if (count >= n) return Uint32Array.from({ length: n }, (_, i) => i);
  // Partial Fisher–Yates over an index array.
  const index = Uint32Array.from({ length: n }, (_, i) => i);
  const rng = createRng(seed);
  for (let i = 0; i < count; i++) {
    const j = rng.int(i, n - 1);
    const t = index[i];
    index[i] = index[j];
    index[j] = t;
  }
  return index.slice(0, count).sort();
}

function subset(points: Float64Array, d: number, rows: ArrayLike<number>): Float64Array {
  const out = new Float64Array(rows.length * d);
  for (let r = 0; r < rows.length; r++) {
    out.set(points.subarray(rows[r] * d, rows[r] * d + d), r * d);
  }
  return out;
}

/** Mean of each cluster's members (k×d), NaN rows for empty clusters. */
export function clusterMeans(
  points: Float64Array,
  n: number,
  d: number,
  labels: Int32Array,
  k: number,
): Float64Array {
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    if (c < 0) continue;
    counts[c]++;
    for (let j = 0; j < d; j++) sums[c * d + j] += points[i * d + j];
  }
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) sums[c * d + j] /= counts[c] || NaN;
  return sums;
}

function inertiaOf(
  points: Float64Array,
  n: number,
  d: number,
  labels: Int32Array,
  means: Float64Array,
): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    if (c < 0) continue;
    for (let j = 0; j < d; j++) sum += (points[i * d + j] - means[c * d + j]) ** 2;
  }
  return sum;
}

/** Labels of rows outside a sample: the cluster whose mean is nearest. */
function assignToNearest(
  points: Float64Array,
  d: number,
  rows: number[],
  means: Float64Array,
  k: number,
  labels: Int32Array,
): void {
  for (const i of rows) {
    let best = 0;
    let bestDistance = Infinity;
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (points[i * d + j] - means[c * d + j]) ** 2;
      if (s < bestDistance) {
        bestDistance = s;
        best = c;
      }
    }
    labels[i] = best;
  }
}

export function validateSettings(settings: ClusterSettings): void {
  if (!CLUSTER_METHODS.includes(settings.method)) {
    throw new LensError('error.clusterRun.method', { method: String(settings.method) });
  }
  if (settings.method !== 'dbscan' && (!Number.isInteger(settings.k) || settings.k < 1)) {
    throw new LensError('error.clusterRun.k', { k: settings.k });
  }
  if (settings.method === 'dbscan') {
    if (!(settings.eps > 0)) throw new LensError('error.clusterRun.eps', { eps: settings.eps });
    if (!Number.isInteger(settings.minSamples) || settings.minSamples < 1) {
      throw new LensError('error.clusterRun.minSamples', { minSamples: settings.minSamples });
    }
  }
}

interface Labelled {
  labels: Int32Array;
  k: number;
  iterations: number;
  dendrogram: DendrogramView | null;
  /** For k-means: the algorithm that ran ('kmeans' turns mini-batch above AUTO_MINIBATCH_ROWS). */
  algorithm?: 'lloyd' | 'minibatch';
}

function labelRows(
  m: FeatureMatrix,
  settings: ClusterSettings,
  ctx: TaskContext | undefined,
): Labelled {
  const { scaled, n, d } = m;
  if (settings.method === 'kmeans' || settings.method === 'minibatch') {
    const result = kmeans(
      scaled,
      n,
      d,
      {
        k: settings.k,
        nInit: settings.nInit,
        seed: settings.seed,
        // Plain k-means turns mini-batch on large inputs, as the lab promises.
        method: settings.method === 'minibatch' ? 'minibatch' : 'auto',
      },
      ctx,
    );
    return {
      labels: result.labels,
      k: settings.k,
      iterations: result.iterations,
      dendrogram: null,
      algorithm: result.method,
    };
  }
  if (settings.method === 'dbscan') {
    const result = dbscan(scaled, n, d, settings.eps, settings.minSamples, ctx);
    return { labels: result.labels, k: result.clusters, iterations: 0, dendrogram: null };
  }
  // Hierarchical: on a sample when large, the rest to the nearest cluster mean.
  const sample = sampleRows(n, HIERARCHY_MAX_ROWS, settings.seed);
  const points = sample.length === n ? scaled : subset(scaled, d, sample);
  const tree = agglomerate(points, sample.length, d, settings.method, ctx);
  throwIfCancelled(ctx?.signal);
  const k = Math.min(settings.k, sample.length);
  const sampleLabels = cutTree(tree, k);
  const labels = new Int32Array(n).fill(-1);
  sample.forEach((row, i) => (labels[row] = sampleLabels[i]));
  if (sample.length < n) {
    const means = clusterMeans(points, sample.length, d, sampleLabels, k);
    const rest: number[] = [];
    for (let i = 0; i < n; i++) if (labels[i] < 0) rest.push(i);
    assignToNearest(scaled, d, rest, means, k, labels);
  }
  const layout = dendrogramLayout(tree, 40);
  const heights = tree.heights;
  // Cutting between merge n−k−1 and n−k leaves k clusters.
  const m1 = sample.length - k - 1;
  const below = m1 >= 0 ? heights[m1] : 0;
  const above = m1 + 1 < heights.length ? heights[m1 + 1] : below;
  return {
    labels,
    k,
    iterations: 0,
    dendrogram: {
      segments: layout.segments,
      leafLabels: layout.leafLabels,
      cutHeight: (below + above) / 2,
      rows: sample.length,
      total: n,
    },
  };
}

function metricsOf(
  scaled: Float64Array,
  n: number,
  d: number,
  labels: Int32Array,
  k: number,
  seed: number,
): { metrics: ClusterMetrics | null; silhouettes: Float32Array[] } {
  const silhouettes = Array.from({ length: k }, () => new Float32Array(0));
  // Noise is not a cluster: metrics over the clustered points only.
  const kept: number[] = [];
  for (let i = 0; i < n; i++) if (labels[i] >= 0) kept.push(i);
  const sizes = new Array<number>(k).fill(0);
  for (const i of kept) sizes[labels[i]]++;
  const used = sizes.filter((s) => s > 0).length;
  if (used < 2 || used > kept.length - 1) return { metrics: null, silhouettes };
  const points = kept.length === n ? scaled : subset(scaled, d, kept);
  const keptLabels = Int32Array.from(kept, (i) => labels[i]);
  const sample = sampleRows(kept.length, SILHOUETTE_MAX_ROWS, seed);
  const samplePoints = sample.length === kept.length ? points : subset(points, d, sample);
  const sampleLabels = Int32Array.from(sample, (i) => keptLabels[i]);
  const s = silhouetteSamples(samplePoints, sample.length, d, sampleLabels);
  let total = 0;
  const byCluster: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < s.length; i++) {
    total += s[i];
    byCluster[sampleLabels[i]].push(s[i]);
  }
  return {
    metrics: {
      silhouette: total / s.length,
      sampled: sample.length < kept.length,
      sampleSize: sample.length,
      daviesBouldin: daviesBouldin(points, kept.length, d, keptLabels),
      calinskiHarabasz: calinskiHarabasz(points, kept.length, d, keptLabels),
    },
    silhouettes: byCluster.map((v) => Float32Array.from(v.sort((a, b) => b - a))),
  };
}

function mapOf(m: FeatureMatrix, labels: Int32Array, seed: number): ClusterMap {
  const { scaled, n, d } = m;
  const fit = pca2(scaled, n, d);
  const drawn = sampleRows(n, MAP_MAX_POINTS, seed);
  const x = new Float32Array(drawn.length);
  const y = new Float32Array(drawn.length);
  const group = new Int32Array(drawn.length);
  drawn.forEach((i, p) => {
    x[p] = fit.projected[i * 2];
    y[p] = fit.projected[i * 2 + 1];
    group[p] = labels[i];
  });
  return {
    x,
    y,
    group,
    rows: Uint32Array.from(drawn, (i) => m.rows[i]),
    explained: [...fit.explainedVarianceRatio],
    components: [...fit.components],
    total: n,
  };
}

function explain(
  m: FeatureMatrix,
  labels: Int32Array,
  k: number,
  depth: number,
): ClusterExplanation | null {
  const kept: number[] = [];
  for (let i = 0; i < m.n; i++) if (labels[i] >= 0) kept.push(i);
  if (k < 2 || kept.length < 2) return null;
  const x = kept.length === m.n ? m.raw : subset(m.raw, m.d, kept);
  const y = Int32Array.from(kept, (i) => labels[i]);
  const tree = fitTree(x, kept.length, m.d, y, k, { maxDepth: depth });
  const predicted = predictTree(tree, x, kept.length, m.d);
  let right = 0;
  for (let i = 0; i < y.length; i++) if (predicted[i] === y[i]) right++;
  return { rules: treeRules(tree), accuracy: right / y.length, depth };
}

function revenueOf(table: Table, rows: Uint32Array): Float64Array | undefined {
  const column = findColumn(table, 'net_spend');
  if (!column || column.type === 'dict') return undefined;
  return Float64Array.from(rows, (r) => (isNullAt(column.nulls, r) ? 0 : column.values[r]));
}

/** Clusters the profiles with `settings`; see the file comment. */
export function runClustering(
  table: Table,
  settings: ClusterSettings,
  ctx?: TaskContext,
): ClusterOutcome {
  validateSettings(settings);
  const timings: Record<string, number> = {};
  let t = now();
  const lap = (name: string): void => {
    const t2 = now();
    timings[name] = t2 - t;
    t = t2;
  };
  ctx?.onProgress?.({ phase: 'progress.cluster.features', done: 0, total: 0 });
  const m = buildFeatures(table, settings.features);
  if (settings.method !== 'dbscan' && settings.k > m.n) {
    throw new LensError('error.clusterRun.tooFewRows', { k: settings.k, n: m.n });
  }
  lap('features');
  const { labels, k, iterations, dendrogram, algorithm } = labelRows(m, settings, ctx);
  lap('cluster');
  throwIfCancelled(ctx?.signal);

  ctx?.onProgress?.({ phase: 'progress.cluster.metrics', done: 0, total: 0 });
  const sizes = new Array<number>(k).fill(0);
  let noise = 0;
  for (let i = 0; i < m.n; i++) {
    if (labels[i] >= 0) sizes[labels[i]]++;
    else noise++;
  }
  const scaledMeans = clusterMeans(m.scaled, m.n, m.d, labels, k);
  const inertia = inertiaOf(m.scaled, m.n, m.d, labels, scaledMeans);
  const { metrics, silhouettes } = metricsOf(m.scaled, m.n, m.d, labels, k, settings.seed);
  lap('metrics');
  throwIfCancelled(ctx?.signal);

  ctx?.onProgress?.({ phase: 'progress.cluster.explain', done: 0, total: 0 });
  const map = mapOf(m, labels, settings.seed);
  const profiles = profileClusters({
    raw: m.raw,
    scaled: m.scaled,
    n: m.n,
    d: m.d,
    names: m.names,
    labels,
    k,
    revenue: revenueOf(table, m.rows),
  });
  const centroidsScaled = inverseTransform(m.scaler, scaledMeans, k);
  const centroids = Array.from({ length: k }, (_, c) =>
    Array.from(centroidsScaled.subarray(c * m.d, c * m.d + m.d)),
  );
  const explanation = explain(m, labels, k, settings.treeDepth);
  lap('explain');

  const rowLabels = new Int32Array(table.rowCount).fill(NOT_CLUSTERED);
  m.rows.forEach((row, i) => (rowLabels[row] = labels[i]));
  return {
    settings,
    featureNames: m.names,
    labels: rowLabels,
    n: m.n,
    dropped: m.dropped,
    imputed: m.imputed,
    k,
    sizes,
    noise,
    inertia,
    iterations,
    algorithm: algorithm ?? null,
    metrics,
    silhouettes,
    centroids,
    profiles,
    map,
    explanation,
    dendrogram,
    timings,
  };
}

/** Scores of k = kMin..kMax with k-means for the "choose k" charts. */
export function chooseKFor(
  table: Table,
  settings: ClusterSettings,
  kMin: number,
  kMax: number,
  ctx?: TaskContext,
): ChooseKResult & { n: number } {
  const m = buildFeatures(table, settings.features);
  const result = chooseK(
    m.scaled,
    m.n,
    m.d,
    {
      kMin,
      kMax: Math.min(kMax, m.n - 1),
      kmeans: { nInit: settings.nInit, seed: settings.seed, method: 'auto' },
    },
    ctx,
  );
  return { ...result, n: m.n };
}

/** Each point's distance to its minSamples-th neighbour, sorted, for choosing DBSCAN's eps. */
export function kDistanceCurve(
  table: Table,
  settings: ClusterSettings,
  maxPoints = 400,
): { distances: number[]; ranks: number[]; knee: number; n: number; sampled: number } {
  const m = buildFeatures(table, settings.features);
  const sample = sampleRows(m.n, HIERARCHY_MAX_ROWS * 4, settings.seed);
  const points = sample.length === m.n ? m.scaled : subset(m.scaled, m.d, sample);
  // minSamples counts the point itself; its (minSamples − 1)-th other neighbour decides.
  const sorted = kDistances(points, sample.length, m.d, Math.max(1, settings.minSamples - 1));
  const step = Math.max(1, Math.floor(sorted.length / maxPoints));
  const distances: number[] = [];
  const ranks: number[] = [];
  for (let i = 0; i < sorted.length; i += step) {
    distances.push(sorted[i]);
    ranks.push(i + 1);
  }
  if (ranks[ranks.length - 1] !== sorted.length) {
    distances.push(sorted[sorted.length - 1]);
    ranks.push(sorted.length);
  }
  return { distances, ranks, knee: knee(distances), n: m.n, sampled: sorted.length };
}

/** The point of a rising curve farthest below the chord from its first to its last point. */
export function knee(values: readonly number[]): number {
  const n = values.length;
  if (n < 3) return values[n - 1] ?? NaN;
  const x1 = 0;
  const y1 = values[0];
  const x2 = n - 1;
  const y2 = values[n - 1];
  let best = 0;
  let bestDistance = -Infinity;
  for (let i = 0; i < n; i++) {
    // Distance below the chord (positive when the curve sags under it).
    const chord = y1 + ((y2 - y1) * (i - x1)) / (x2 - x1);
    const distance = chord - values[i];
    if (distance > bestDistance) {
      bestDistance = distance;
      best = i;
    }
  }
  return values[best];
}
