/**
 * Cluster quality scores (src/core/stats/clusterMetrics.ts) against plain O(n²) reference
 * implementations on small random data, and against scikit-learn on real data.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  calinskiHarabasz,
  daviesBouldin,
  silhouetteSamples,
  silhouetteScore,
} from '../../src/core/stats/clusterMetrics.ts';
import { createRng } from '../../src/core/stats/random.ts';
import { sampleRows } from '../../src/core/cluster/run.ts';
import { LensError } from '../../src/core/errors.ts';

const IRIS = resolve(process.cwd(), '../shared/data/iris/iris.tsv');
const MALL = resolve(process.cwd(), '../shared/data/mall_customers/mall_customers.csv');

/** iris.tsv: four measurements and the class (0, 1, 2), tab separated, no header. */
function readIris(): { points: Float64Array; labels: Int32Array; n: number } {
  const rows = readFileSync(IRIS, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split('\t').map(Number));
  return {
    points: Float64Array.from(rows.flatMap((r) => r.slice(0, 4))),
    labels: Int32Array.from(rows.map((r) => r[4])),
    n: rows.length,
  };
}

/** mall_customers.csv: annual income and spending score (columns 4 and 5). */
function readMall(): { points: Float64Array; n: number } {
  const rows = readFileSync(MALL, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  return {
    points: Float64Array.from(rows.flatMap((r) => [Number(r[3]), Number(r[4])])),
    n: rows.length,
  };
}

// ---- brute-force references, straight from the definitions ----

function dist(x: Float64Array, d: number, i: number, j: number): number {
  let s = 0;
  for (let t = 0; t < d; t++) s += (x[i * d + t] - x[j * d + t]) ** 2;
  return Math.sqrt(s);
}

function bruteSilhouette(x: Float64Array, n: number, d: number, labels: Int32Array): number[] {
  const out: number[] = [];
  const clusters = [...new Set(labels)];
  for (let i = 0; i < n; i++) {
    const own = labels[i];
    const members = (c: number): number[] =>
      [...Array(n).keys()].filter((j) => labels[j] === c && j !== i);
    const mine = members(own);
    if (mine.length === 0) {
      out.push(0);
      continue;
    }
    const a = mine.reduce((s, j) => s + dist(x, d, i, j), 0) / mine.length;
    let b = Infinity;
    for (const c of clusters) {
      if (c === own) continue;
      const m = members(c);
      b = Math.min(b, m.reduce((s, j) => s + dist(x, d, i, j), 0) / m.length);
    }
    out.push(Math.max(a, b) === 0 ? 0 : (b - a) / Math.max(a, b));
  }
  return out;
}

function means(x: Float64Array, n: number, d: number, labels: Int32Array): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const c of new Set(labels)) {
    const rows = [...Array(n).keys()].filter((i) => labels[i] === c);
    out.set(
      c,
      [...Array(d).keys()].map((t) => rows.reduce((s, i) => s + x[i * d + t], 0) / rows.length),
    );
  }
  return out;
}

function euclid(a: number[], b: number[]): number {
  return Math.sqrt(a.reduce((s, v, t) => s + (v - b[t]) ** 2, 0));
}

function bruteDaviesBouldin(x: Float64Array, n: number, d: number, labels: Int32Array): number {
  const c = means(x, n, d, labels);
  const keys = [...c.keys()];
  const spread = new Map<number, number>();
  for (const k of keys) {
    const rows = [...Array(n).keys()].filter((i) => labels[i] === k);
    const row = (i: number): number[] => Array.from(x.subarray(i * d, i * d + d));
    spread.set(k, rows.reduce((s, i) => s + euclid(row(i), c.get(k)!), 0) / rows.length);
  }
  let total = 0;
  for (const i of keys) {
    let worst = 0;
    for (const j of keys) {
      if (i === j) continue;
      const m = euclid(c.get(i)!, c.get(j)!);
      if (m > 0) worst = Math.max(worst, (spread.get(i)! + spread.get(j)!) / m);
    }
    total += worst;
  }
  return total / keys.length;
}

function bruteCalinskiHarabasz(x: Float64Array, n: number, d: number, labels: Int32Array): number {
  const c = means(x, n, d, labels);
  const k = c.size;
  const all = [...Array(d).keys()].map((t) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[i * d + t];
    return s / n;
  });
  let between = 0;
  for (const [label, m] of c) {
    const size = labels.filter((l) => l === label).length;
    between += size * euclid(m, all) ** 2;
  }
  let within = 0;
  for (let i = 0; i < n; i++) {
    within += euclid(Array.from(x.subarray(i * d, i * d + d)), c.get(labels[i])!) ** 2;
  }
  return (between * (n - k)) / (within * (k - 1));
}

function randomCase(
  seed: number,
  n: number,
  d: number,
  k: number,
): { x: Float64Array; labels: Int32Array } {
  const rng = createRng(seed);
  const labels = Int32Array.from({ length: n }, () => rng.int(0, k - 1));
  // Make sure every label occurs, then shift the blobs apart a little.
  for (let c = 0; c < k; c++) labels[c] = c;
  const x = Float64Array.from(
    { length: n * d },
    (_, i) => rng.normal() + labels[Math.floor(i / d)] * 0.8,
  );
  return { x, labels };
}

describe('silhouette, Davies–Bouldin and Calinski–Harabasz vs brute force', () => {
  const cases: [number, number, number, number][] = [
    [1, 40, 2, 3],
    [2, 57, 3, 4],
    [3, 33, 4, 2],
    [4, 80, 5, 6],
    [5, 25, 7, 5],
    [6, 64, 1, 3],
  ];
  it.each(cases)('seed %i: n = %i, d = %i, k = %i', (seed, n, d, k) => {
    const { x, labels } = randomCase(seed, n, d, k);
    const s = silhouetteSamples(x, n, d, labels);
    const ref = bruteSilhouette(x, n, d, labels);
    for (let i = 0; i < n; i++) expect(s[i]).toBeCloseTo(ref[i], 12);
    const mean = ref.reduce((a, b) => a + b, 0) / n;
    expect(silhouetteScore(x, n, d, labels)).toEqual({
      score: expect.closeTo(mean, 12) as number,
      sampled: false,
      sampleSize: n,
    });
    expect(daviesBouldin(x, n, d, labels)).toBeCloseTo(bruteDaviesBouldin(x, n, d, labels), 12);
    const ch = bruteCalinskiHarabasz(x, n, d, labels);
    expect(calinskiHarabasz(x, n, d, labels) / ch).toBeCloseTo(1, 12);
  });

  it('gives 0 to a point alone in its cluster, and to points with a = b = 0', () => {
    // Rows 0-2 identical, row 3 identical too but its own label, row 4 a singleton far away.
    const x = Float64Array.from([1, 1, 1, 1, 1, 1, 1, 1, 9, 9, 2, 2]);
    const labels = Int32Array.from([0, 0, 0, 1, 2, 0]);
    const s = silhouetteSamples(x, 6, 2, labels);
    const ref = bruteSilhouette(x, 6, 2, labels);
    expect(Array.from(s)).toEqual(ref.map((v) => expect.closeTo(v, 12) as number));
    expect(s[3]).toBe(0); // singleton
    expect(s[4]).toBe(0); // singleton
  });

  it('accepts any integer labels, noise (−1) counting as a cluster as in scikit-learn', () => {
    const { x, labels } = randomCase(9, 50, 3, 4);
    const shifted = labels.map((l) => [-1, 7, 3, 100][l]);
    expect(silhouetteScore(x, 50, 3, shifted).score).toBeCloseTo(
      silhouetteScore(x, 50, 3, labels).score,
      14,
    );
    expect(daviesBouldin(x, 50, 3, shifted)).toBeCloseTo(daviesBouldin(x, 50, 3, labels), 14);
    expect(calinskiHarabasz(x, 50, 3, shifted)).toBeCloseTo(calinskiHarabasz(x, 50, 3, labels), 9);
  });

  it('follows scikit-learn in the degenerate cases of Davies–Bouldin and Calinski–Harabasz', () => {
    // Each cluster is one repeated point: no spread, so DB = 0 and CH = 1 (by convention).
    const x = Float64Array.from([0, 0, 0, 0, 3, 4, 3, 4]);
    const labels = Int32Array.from([0, 0, 1, 1]);
    expect(daviesBouldin(x, 4, 2, labels)).toBe(0);
    expect(calinskiHarabasz(x, 4, 2, labels)).toBe(1);
  });

  it('refuses fewer than 2 or more than n − 1 clusters, bad labels and bad points', () => {
    const x = Float64Array.from([0, 1, 2, 3]);
    const code = (fn: () => unknown): string => {
      try {
        fn();
      } catch (e) {
        return e instanceof LensError ? e.code : String(e);
      }
      return 'no error';
    };
    expect(code(() => silhouetteSamples(x, 4, 1, Int32Array.from([0, 0, 0, 0])))).toBe(
      'error.cluster.metricClusters',
    );
    expect(code(() => daviesBouldin(x, 4, 1, Int32Array.from([0, 1, 2, 3])))).toBe(
      'error.cluster.metricClusters',
    );
    expect(code(() => calinskiHarabasz(x, 4, 1, Int32Array.from([0, 1])))).toBe(
      'error.cluster.labels',
    );
    expect(
      code(() =>
        silhouetteScore(Float64Array.from([0, NaN, 2, 3]), 4, 1, Int32Array.from([0, 0, 1, 1])),
      ),
    ).toBe('error.cluster.notFinite');
    expect(code(() => silhouetteScore(x, 2, 1, Int32Array.from([0, 1])))).toBe(
      'error.cluster.shape',
    );
    expect(
      code(() => silhouetteScore(x, 4, 1, Int32Array.from([0, 0, 1, 1]), { sampleSize: 1 })),
    ).toBe('error.cluster.sampleSize');
  });
});

describe('silhouette sampling above 5,000 rows', () => {
  const n = 6_000;
  const { x, labels } = randomCase(11, n, 3, 4);

  it('scores a seeded 5,000-row sample — the rows of run.ts sampleRows — and says so', () => {
    const got = silhouetteScore(x, n, 3, labels, { seed: 5 });
    expect(got.sampled).toBe(true);
    expect(got.sampleSize).toBe(5_000);
    const rows = sampleRows(n, 5_000, 5);
    const px = new Float64Array(5_000 * 3);
    rows.forEach((r, i) => px.set(x.subarray(r * 3, r * 3 + 3), i * 3));
    const pl = Int32Array.from(rows, (r) => labels[r]);
    const s = silhouetteSamples(px, 5_000, 3, pl);
    expect(got.score).toBeCloseTo(s.reduce((a, b) => a + b, 0) / 5_000, 12);
    // Same seed, same score; another seed, another sample.
    expect(silhouetteScore(x, n, 3, labels, { seed: 5 }).score).toBe(got.score);
    expect(silhouetteScore(x, n, 3, labels, { seed: 6 }).score).not.toBe(got.score);
    // The exact score is close (sampling error only).
    const exact = silhouetteScore(x, n, 3, labels, { sampleSize: n });
    expect(exact.sampled).toBe(false);
    expect(Math.abs(exact.score - got.score)).toBeLessThan(0.01);
  });
});

describe('against scikit-learn 1.2.1 on real data', () => {
  it('iris, four measurements, the true classes', () => {
    // import numpy as np
    // from sklearn.metrics import silhouette_score, davies_bouldin_score, calinski_harabasz_score
    // iris = np.loadtxt('../shared/data/iris/iris.tsv'); X, y = iris[:, :4], iris[:, 4].astype(int)
    // silhouette_score(X, y), davies_bouldin_score(X, y), calinski_harabasz_score(X, y)
    // -> 0.5032506980366628, 0.7517428073901377, 486.32083931855703
    const { points, labels, n } = readIris();
    expect(n).toBe(150);
    expect(silhouetteScore(points, n, 4, labels).score).toBeCloseTo(0.5032506980366628, 10);
    expect(daviesBouldin(points, n, 4, labels)).toBeCloseTo(0.7517428073901377, 10);
    expect(calinskiHarabasz(points, n, 4, labels) / 486.32083931855703).toBeCloseTo(1, 10);
  });

  it('mall customers, income and spending score, four groups split at income 70 and score 50', () => {
    // import pandas as pd
    // mall = pd.read_csv('../shared/data/mall_customers/mall_customers.csv')
    // M = mall[['Annual Income (k$)', 'Spending Score (1-100)']].to_numpy(float)
    // lab = (M[:, 0] >= 70).astype(int) * 2 + (M[:, 1] >= 50).astype(int)   # sizes 60 64 38 38
    // silhouette_score(M, lab), davies_bouldin_score(M, lab), calinski_harabasz_score(M, lab)
    // -> 0.35093438272906946, 1.0658528543527992, 146.5272509366312
    const { points, n } = readMall();
    expect(n).toBe(200);
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      labels[i] = (points[2 * i] >= 70 ? 2 : 0) + (points[2 * i + 1] >= 50 ? 1 : 0);
    }
    expect(silhouetteScore(points, n, 2, labels).score).toBeCloseTo(0.35093438272906946, 10);
    expect(daviesBouldin(points, n, 2, labels)).toBeCloseTo(1.0658528543527992, 10);
    expect(calinskiHarabasz(points, n, 2, labels) / 146.5272509366312).toBeCloseTo(1, 10);
  });
});
