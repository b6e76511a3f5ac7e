/**
 * What each cluster is, in the words and units a marketing team uses: its size, share of
 * customers and of revenue, the mean of every feature in original units and as an index
 * against the overall mean (100 = average), and a descriptive name made of the features
 * that set it apart ("High value · frequent · recent").
 *
 * Names are built from standardised differences: for feature j, t = (cluster mean −
 * overall mean) / overall standard deviation, computed on the values the clustering saw
 * (the scaled features), so a skewed monetary column is judged on its log scale like the
 * clustering judged it. |t| ≥ 0.5 is "high" or "low"; at most three parts, the customer
 * measures first (monetary, frequency, recency — the order marketers read them in), then
 * the others by |t|. A cluster with no such feature is "Average".
 */
import { LensError } from '../errors.ts';

export interface ClusterProfile {
  cluster: number;
  size: number;
  /** Of the clustered customers (noise included in the denominator). */
  share: number;
  /** Sum of `revenue` over members; NaN without revenue. */
  revenue: number;
  revenueShare: number;
  /** Mean of each feature in original units. */
  means: number[];
  /** means / overall mean × 100; NaN where the overall mean is 0. */
  index: number[];
  /** Standardised difference per feature (see the file comment). */
  t: number[];
  /** The name's parts, most telling first. */
  name: NamePart[];
}

/** One word of a name: an i18n key under `cluster.name.*` and its parameters. */
export interface NamePart {
  key: string;
  params?: Record<string, string>;
}

export interface ProfileInput {
  /** Features in original units, row-major n×d. */
  raw: Float64Array;
  /** The same features as the clustering saw them (scaled), row-major n×d. */
  scaled: Float64Array;
  n: number;
  d: number;
  names: string[];
  /** Cluster per row, −1 for noise (DBSCAN) — noise is profiled as its own group. */
  labels: Int32Array;
  k: number;
  /** Per-row revenue (e.g. net spend), optional. */
  revenue?: Float64Array;
}

export interface ClusterProfiles {
  clusters: ClusterProfile[];
  /** Noise points (label −1) as a group, when there are any. */
  noise: ClusterProfile | null;
  overallMeans: number[];
}

/** How far from the overall mean (in standard deviations) a feature must be to name a cluster. */
export const NAME_THRESHOLD = 0.5;
const MAX_NAME_PARTS = 3;

/** Customer measures with their own words, in the order names use them. */
const KNOWN: Record<string, { high: string; low: string }> = {
  monetary: { high: 'cluster.name.monetary.high', low: 'cluster.name.monetary.low' },
  frequency: { high: 'cluster.name.frequency.high', low: 'cluster.name.frequency.low' },
  // Recency counts days since the last order: fewer days is "recent".
  recency_days: { high: 'cluster.name.recency.high', low: 'cluster.name.recency.low' },
};
const KNOWN_ORDER = Object.keys(KNOWN);

function meansOf(values: Float64Array, n: number, d: number): { mean: number[]; sd: number[] } {
  const mean = new Array<number>(d).fill(0);
  const sd = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += values[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) sd[j] += (values[i * d + j] - mean[j]) ** 2;
  for (let j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j] / n);
  return { mean, sd };
}

/** The name parts of a cluster from its standardised differences. */
export function clusterName(t: readonly number[], names: readonly string[]): NamePart[] {
  const telling = t
    .map((v, j) => ({ j, v }))
    .filter(({ v }) => Number.isFinite(v) && Math.abs(v) >= NAME_THRESHOLD);
  const rank = (j: number): number => {
    const known = KNOWN_ORDER.indexOf(names[j]);
    return known >= 0 ? known : KNOWN_ORDER.length;
  };
  telling.sort((a, b) => rank(a.j) - rank(b.j) || Math.abs(b.v) - Math.abs(a.v) || a.j - b.j);
  const parts = telling.slice(0, MAX_NAME_PARTS).map(({ j, v }): NamePart => {
    const known = KNOWN[names[j]];
    if (known) return { key: v > 0 ? known.high : known.low };
    return {
      key: v > 0 ? 'cluster.name.other.high' : 'cluster.name.other.low',
      params: { feature: names[j] },
    };
  });
  return parts.length > 0 ? parts : [{ key: 'cluster.name.average' }];
}

function profileOf(
  input: ProfileInput,
  members: number[],
  cluster: number,
  overall: { mean: number[]; sd: number[]; scaledMean: number[]; scaledSd: number[] },
  totals: { customers: number; revenue: number },
): ClusterProfile {
  const { raw, scaled, d, names, revenue } = input;
  const means = new Array<number>(d).fill(0);
  const scaledMeans = new Array<number>(d).fill(0);
  let money = 0;
  for (const i of members) {
    for (let j = 0; j < d; j++) {
      means[j] += raw[i * d + j];
      scaledMeans[j] += scaled[i * d + j];
    }
    if (revenue) money += revenue[i];
  }
  const size = members.length;
  for (let j = 0; j < d; j++) {
    means[j] = size > 0 ? means[j] / size : NaN;
    scaledMeans[j] = size > 0 ? scaledMeans[j] / size : NaN;
  }
  const t = scaledMeans.map((m, j) =>
    overall.scaledSd[j] > 0 ? (m - overall.scaledMean[j]) / overall.scaledSd[j] : 0,
  );
  return {
    cluster,
    size,
    share: totals.customers > 0 ? size / totals.customers : NaN,
    revenue: revenue ? money : NaN,
    revenueShare: revenue && totals.revenue !== 0 ? money / totals.revenue : NaN,
    means,
    index: means.map((m, j) => (overall.mean[j] !== 0 ? (m / overall.mean[j]) * 100 : NaN)),
    t,
    name: clusterName(t, names),
  };
}

/** Profiles of clusters 0..k−1 (and of the noise, if any). */
export function profileClusters(input: ProfileInput): ClusterProfiles {
  const { raw, scaled, n, d, labels, k, revenue } = input;
  if (n === 0) throw new LensError('error.clusterProfile.empty');
  if (raw.length !== n * d || scaled.length !== n * d || labels.length !== n) {
    throw new LensError('error.clusterProfile.shape', { n, d });
  }
  const members: number[][] = Array.from({ length: k }, () => []);
  const noise: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    if (c === -1) noise.push(i);
    else if (c >= 0 && c < k) members[c].push(i);
    else throw new LensError('error.clusterProfile.label', { label: c, k });
  }
  const o = meansOf(raw, n, d);
  const s = meansOf(scaled, n, d);
  const overall = { mean: o.mean, sd: o.sd, scaledMean: s.mean, scaledSd: s.sd };
  let totalRevenue = 0;
  if (revenue) for (let i = 0; i < n; i++) totalRevenue += revenue[i];
  const totals = { customers: n, revenue: totalRevenue };
  return {
    clusters: members.map((m, c) => profileOf(input, m, c, overall, totals)),
    noise: noise.length > 0 ? profileOf(input, noise, -1, overall, totals) : null,
    overallMeans: o.mean,
  };
}

/**
 * Counts of rows per (cluster, other group) — e.g. clusters against RFM segments.
 * Rows with a negative label on either side are left out.
 */
export function crossTab(
  a: ArrayLike<number>,
  aGroups: number,
  b: ArrayLike<number>,
  bGroups: number,
): number[][] {
  if (a.length !== b.length)
    throw new LensError('error.clusterProfile.shape', { n: a.length, d: 0 });
  const out = Array.from({ length: aGroups }, () => new Array<number>(bGroups).fill(0));
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x >= 0 && x < aGroups && y >= 0 && y < bGroups) out[x][y]++;
  }
  return out;
}
