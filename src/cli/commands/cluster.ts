/**
 * `cluster FILE`: clusters the rows of any CSV/TSV/Excel table on chosen columns, with the
 * same core as the Clusters page — feature set-up and scaling (src/core/cluster/features.ts),
 * k-means or mini-batch k-means on the engine, agglomerative clustering or DBSCAN — and
 * prints the quality scores of issue 5: one JSON object for one k, an array for a k range.
 *
 * Numbers: inertia and the scores are computed in the scaled space that was clustered;
 * centroids are mapped back to the columns' original units. k-means reports its own
 * centroids and inertia (scikit-learn's `cluster_centers_`, `inertia_`); the other methods
 * the mean of each cluster's members and the squared distances to it. DBSCAN's noise
 * points are left out of sizes, centroids, inertia and scores. Agglomerative clustering
 * runs on at most 5,000 rows (a seeded sample above that, the other rows joining the
 * nearest cluster mean, as on the Clusters page); for a k range the tree is built once
 * and each k's `seconds` is the tree plus its cut.
 */
import { agglomerate, cutTree, LINKAGES, type Linkage } from '../../core/cluster/hierarchical.ts';
import { dbscan } from '../../core/cluster/dbscan.ts';
import { buildFeatures, type FeatureMatrix } from '../../core/cluster/features.ts';
import { kmeans } from '../../core/cluster/kmeans.ts';
import { clusterMeans, HIERARCHY_MAX_ROWS, sampleRows } from '../../core/cluster/run.ts';
import { inverseTransform, SCALINGS, type Scaling } from '../../core/cluster/scale.ts';
import {
  calinskiHarabasz,
  daviesBouldin,
  silhouetteScore,
} from '../../core/stats/clusterMetrics.ts';
import type { Table } from '../../core/table/index.ts';
import { initEngine } from '../../engine/node.ts';
import { UsageError, type OptionSpec } from '../args.ts';
import type { Command } from '../command.ts';
import { INPUT_OPTIONS, parseOptionsFrom, readTransactionsFile } from '../input.ts';
import { progressPrinter } from '../messages.ts';

const METHODS = ['kmeans', 'minibatch', ...LINKAGES, 'dbscan'] as const;
type Method = (typeof METHODS)[number];
const DEFAULT_K = 4;
const DEFAULT_EPS = 0.5;
const DEFAULT_MIN_SAMPLES = 5;
/** Largest k range accepted on the command line. */
const MAX_K = 1000;

const options: readonly OptionSpec[] = [
  ...INPUT_OPTIONS,
  {
    name: 'columns',
    type: 'string',
    required: true,
    description:
      'the features, comma separated: header names, or 1-based column numbers (with --no-header)',
    placeholder: 'A,B,C',
  },
  {
    name: 'one-hot',
    type: 'string',
    description: 'text columns to one-hot encode (one 0/1 feature per value), comma separated',
    placeholder: 'A,B',
  },
  {
    name: 'scale',
    type: 'string',
    description: `scaling of the features: ${SCALINGS.join(', ')}`,
    default: 'none',
    placeholder: 'S',
  },
  {
    name: 'missing',
    type: 'string',
    description: 'rows with a missing value: drop, or impute-median',
    default: 'drop',
    placeholder: 'M',
  },
  {
    name: 'method',
    type: 'string',
    description: `clustering method: ${METHODS.join(', ')}`,
    default: 'kmeans',
    placeholder: 'M',
  },
  {
    name: 'k',
    type: 'string',
    description: `clusters: K, or a range A..B (prints an array) (default ${DEFAULT_K}; not for dbscan)`,
    placeholder: 'K',
  },
  {
    name: 'n-init',
    type: 'int',
    description: 'k-means restarts (default 10; minibatch: initialisations tried, default 3)',
    min: 1,
    max: 1000,
    placeholder: 'N',
  },
  {
    name: 'seed',
    type: 'int',
    description: 'random seed (k-means starts, samples)',
    default: 0,
    placeholder: 'S',
  },
  {
    name: 'eps',
    type: 'number',
    description: `dbscan: neighbourhood radius in scaled units (default ${DEFAULT_EPS})`,
    placeholder: 'E',
  },
  {
    name: 'min-samples',
    type: 'int',
    description: `dbscan: neighbours, the point included, that make a core point (default ${DEFAULT_MIN_SAMPLES})`,
    min: 1,
    placeholder: 'M',
  },
];

const list = (text: string): string[] =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** Column names for `--columns` tokens: a header name, else a 1-based column number. */
export function resolveColumns(table: Table, tokens: string[], option: string): string[] {
  const names = table.columns.map((c) => c.name);
  return tokens.map((token) => {
    if (names.includes(token)) return token;
    if (/^\d+$/.test(token)) {
      const index = Number(token);
      if (index >= 1 && index <= names.length) return names[index - 1];
      throw new UsageError(
        `--${option}: column number ${token} is out of range (the file has ${names.length} columns)`,
      );
    }
    throw new UsageError(`--${option}: no column '${token}' (columns: ${names.join(', ')})`);
  });
}

/** `--k`: one k, or an inclusive range A..B. */
export function parseK(text: string): { ks: number[]; range: boolean } {
  const one = /^\s*(\d+)\s*$/.exec(text);
  const range = /^\s*(\d+)\s*\.\.\s*(\d+)\s*$/.exec(text);
  if (one) {
    const k = Number(one[1]);
    if (k < 1 || k > MAX_K) throw new UsageError(`--k must be between 1 and ${MAX_K}, got ${text}`);
    return { ks: [k], range: false };
  }
  if (range) {
    const a = Number(range[1]);
    const b = Number(range[2]);
    if (a < 1 || b < a || b > MAX_K) {
      throw new UsageError(`--k range must be A..B with 1 ≤ A ≤ B ≤ ${MAX_K}, got ${text}`);
    }
    return { ks: Array.from({ length: b - a + 1 }, (_, i) => a + i), range: true };
  }
  throw new UsageError(`--k must be a number K or a range A..B such as 2..10, got '${text}'`);
}

interface ClusterJson {
  k: number;
  inertia: number;
  sizes: number[];
  silhouette: number | null;
  daviesBouldin: number | null;
  calinskiHarabasz: number | null;
  centroids: number[][];
  /** k-means iterations of the best restart (mini-batch: steps); null for other methods. */
  iterations: number | null;
  seconds: number;
  method: Method;
  scale: Scaling;
  features: string[];
  rows: number;
  dropped: number;
  imputed: number;
  silhouetteSampled: boolean;
  noise?: number;
}

interface Labelled {
  labels: Int32Array;
  k: number;
  iterations: number | null;
  seconds: number;
  /** k-means: its own centroids (scaled) and inertia. */
  centroids?: Float64Array;
  inertia?: number;
}

const now = (): number => performance.now();

/** Labels of the rows outside a sample: the nearest cluster mean (squared Euclidean). */
function assignRest(m: FeatureMatrix, labels: Int32Array, means: Float64Array, k: number): void {
  const { scaled, d } = m;
  for (let i = 0; i < m.n; i++) {
    if (labels[i] >= 0) continue;
    let best = 0;
    let bestDistance = Infinity;
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (scaled[i * d + j] - means[c * d + j]) ** 2;
      if (s < bestDistance) {
        bestDistance = s;
        best = c;
      }
    }
    labels[i] = best;
  }
}

function hierarchical(
  m: FeatureMatrix,
  linkage: Linkage,
  ks: number[],
  seed: number,
  warn: (text: string) => void,
): Labelled[] {
  const { scaled, n, d } = m;
  const sample = sampleRows(n, HIERARCHY_MAX_ROWS, seed);
  const size = sample.length;
  if (size < n) {
    warn(
      `${linkage} linkage on a seeded sample of ${size} of ${n} rows; the others join the nearest cluster mean\n`,
    );
  }
  let points = scaled;
  if (size < n) {
    points = new Float64Array(size * d);
    sample.forEach((row, i) => points.set(scaled.subarray(row * d, row * d + d), i * d));
  }
  const started = now();
  const tree = agglomerate(points, size, d, linkage);
  const treeSeconds = (now() - started) / 1000;
  return ks.map((k) => {
    const t = now();
    const sampleLabels = cutTree(tree, k);
    const labels = new Int32Array(n).fill(-1);
    sample.forEach((row, i) => (labels[row] = sampleLabels[i]));
    if (size < n) assignRest(m, labels, clusterMeans(points, size, d, sampleLabels, k), k);
    return { labels, k, iterations: null, seconds: treeSeconds + (now() - t) / 1000 };
  });
}

function summarise(
  m: FeatureMatrix,
  run: Labelled,
  common: Pick<ClusterJson, 'method' | 'scale'>,
  seed: number,
): ClusterJson {
  const { n, d, scaled } = m;
  const { labels, k } = run;
  const sizes = new Array<number>(k).fill(0);
  const kept: number[] = [];
  for (let i = 0; i < n; i++) {
    if (labels[i] < 0) continue;
    sizes[labels[i]]++;
    kept.push(i);
  }
  const means = run.centroids ?? clusterMeans(scaled, n, d, labels, k);
  let inertia = run.inertia;
  if (inertia === undefined) {
    inertia = 0;
    for (const i of kept) {
      const c = labels[i];
      for (let j = 0; j < d; j++) inertia += (scaled[i * d + j] - means[c * d + j]) ** 2;
    }
  }
  const original = inverseTransform(m.scaler, means, k);
  const centroids = Array.from({ length: k }, (_, c) =>
    Array.from(original.subarray(c * d, c * d + d)),
  );

  // Scores over the clustered rows (DBSCAN noise left out), when 2 ≤ clusters ≤ rows − 1.
  let silhouette: number | null = null;
  let db: number | null = null;
  let ch: number | null = null;
  let sampled = false;
  const used = sizes.filter((s) => s > 0).length;
  if (used >= 2 && used <= kept.length - 1) {
    let points = scaled;
    let keptLabels = labels;
    if (kept.length < n) {
      points = new Float64Array(kept.length * d);
      kept.forEach((row, i) => points.set(scaled.subarray(row * d, row * d + d), i * d));
      keptLabels = Int32Array.from(kept, (i) => labels[i]);
    }
    const s = silhouetteScore(points, kept.length, d, keptLabels, { seed });
    silhouette = s.score;
    sampled = s.sampled;
    db = daviesBouldin(points, kept.length, d, keptLabels);
    ch = calinskiHarabasz(points, kept.length, d, keptLabels);
  }
  return {
    k,
    inertia,
    sizes,
    silhouette,
    daviesBouldin: db,
    calinskiHarabasz: ch,
    centroids,
    iterations: run.iterations,
    seconds: Math.round(run.seconds * 10_000) / 10_000,
    ...common,
    features: m.names,
    rows: n,
    dropped: m.dropped,
    imputed: m.imputed,
    silhouetteSampled: sampled,
    ...(common.method === 'dbscan' ? { noise: n - kept.length } : {}),
  };
}

export const clusterCommand: Command = {
  name: 'cluster',
  arguments: 'FILE',
  summary: 'cluster the rows of a table on chosen columns and print the quality scores',
  options,
  details:
    'Prints { k, inertia, sizes, silhouette, daviesBouldin, calinskiHarabasz, centroids, iterations,\n' +
    'seconds, method, scale, features, rows, dropped, imputed, silhouetteSampled } (dbscan adds\n' +
    'noise), or an array of those for a k range such as --k 2..10. Inertia and the scores are\n' +
    'in the scaled space that was clustered; centroids in the columns’ original units; seconds\n' +
    'is the clustering alone. Scores are null with fewer than 2 clusters. Silhouette is exact up\n' +
    'to 5,000 rows, else on a seeded sample of 5,000. Any delimited file works (not only\n' +
    'transactions); without a header, name columns by number: --no-header --columns 1,2,3.',
  async run(opts, io) {
    const [path, ...extra] = opts.positionals;
    if (!path) throw new UsageError('missing FILE');
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    const method = opts.string('method') as Method;
    if (!METHODS.includes(method)) {
      throw new UsageError(`--method must be one of ${METHODS.join(', ')}, got '${method}'`);
    }
    const scale = opts.string('scale') as Scaling;
    if (!SCALINGS.includes(scale)) {
      throw new UsageError(`--scale must be one of ${SCALINGS.join(', ')}, got '${scale}'`);
    }
    const missing = opts.string('missing');
    if (missing !== 'drop' && missing !== 'impute-median') {
      throw new UsageError(`--missing must be drop or impute-median, got '${missing}'`);
    }
    const isDbscan = method === 'dbscan';
    if (isDbscan && opts.has('k')) throw new UsageError('--k does not apply to dbscan');
    if (!isDbscan && (opts.has('eps') || opts.has('min-samples'))) {
      throw new UsageError('--eps and --min-samples apply to dbscan only');
    }
    if (opts.has('n-init') && method !== 'kmeans' && method !== 'minibatch') {
      throw new UsageError('--n-init applies to kmeans and minibatch only');
    }
    const { ks, range } = parseK(opts.has('k') ? opts.string('k') : String(DEFAULT_K));
    const eps = opts.has('eps') ? opts.number('eps') : DEFAULT_EPS;
    if (!(eps > 0)) throw new UsageError(`--eps must be greater than 0, got ${eps}`);
    const minSamples = opts.has('min-samples') ? opts.number('min-samples') : DEFAULT_MIN_SAMPLES;
    const seed = opts.number('seed');
    const columnTokens = list(opts.string('columns'));
    if (columnTokens.length === 0) throw new UsageError('--columns needs at least one column');
    const oneHotTokens = opts.has('one-hot') ? list(opts.string('one-hot')) : [];

    const onProgress = progressPrinter(io);
    const { table } = await readTransactionsFile(path, parseOptionsFrom(opts), { onProgress });
    const columns = resolveColumns(table, columnTokens, 'columns');
    const oneHot = resolveColumns(table, oneHotTokens, 'one-hot');
    const m = buildFeatures(table, {
      columns: [...columns, ...oneHot],
      oneHot,
      scaling: scale,
      missing,
    });
    if (m.dropped > 0) io.warn(`${m.dropped} rows left out for missing values\n`);
    if (m.imputed > 0) io.warn(`${m.imputed} missing values filled in\n`);
    const common = { method, scale };

    let runs: Labelled[];
    if (method === 'kmeans' || method === 'minibatch') {
      await initEngine();
      runs = ks.map((k) => {
        const started = now();
        const fit = kmeans(
          m.scaled,
          m.n,
          m.d,
          {
            k,
            seed,
            method: method === 'minibatch' ? 'minibatch' : 'lloyd',
            ...(opts.has('n-init') ? { nInit: opts.number('n-init') } : {}),
          },
          { onProgress },
        );
        return {
          labels: fit.labels,
          k,
          iterations: fit.iterations,
          seconds: (now() - started) / 1000,
          centroids: fit.centroids,
          inertia: fit.inertia,
        };
      });
    } else if (method === 'dbscan') {
      const started = now();
      const fit = dbscan(m.scaled, m.n, m.d, eps, minSamples, { onProgress });
      runs = [
        {
          labels: fit.labels,
          k: fit.clusters,
          iterations: null,
          seconds: (now() - started) / 1000,
        },
      ];
    } else {
      runs = hierarchical(m, method, ks, seed, (text) => io.warn(text));
    }
    const results = runs.map((r) => summarise(m, r, common, seed));
    return range ? results : results[0];
  },
};
