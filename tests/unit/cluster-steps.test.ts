/**
 * The teaching mode's step-through k-means (src/core/cluster/steps.ts): each step against
 * a brute-force reference on small random data, Lloyd runs that never raise the inertia,
 * empty clusters, seeded starts, k-means++ equal to kmeans.ts's, Lloyd from fixed starts
 * equal to scikit-learn on iris, and the elbow rows.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { initEngine } from '../../src/engine/node.ts';
import { kmeansPlusPlus } from '../../src/core/cluster/kmeans.ts';
import {
  assignStep,
  elbow,
  inertiaOf,
  kmeansPlusPlusPlain,
  lloyd,
  randomStart,
  updateStep,
} from '../../src/core/cluster/steps.ts';
import { silhouetteScore } from '../../src/core/stats/clusterMetrics.ts';
import { createRng, type Rng } from '../../src/core/stats/random.ts';
import { LensError } from '../../src/core/errors.ts';

const IRIS = resolve(process.cwd(), '../shared/data/iris/iris.tsv');

interface Matrix {
  points: Float64Array;
  n: number;
  d: number;
}

function readIris(): Matrix {
  const lines = readFileSync(IRIS, 'utf8').trim().split(/\r?\n/);
  const rows = lines.map((l) => l.split('\t').slice(0, 4).map(Number));
  return { points: Float64Array.from(rows.flat()), n: rows.length, d: 4 };
}

function randomMatrix(rng: Rng, n: number, d: number): Matrix {
  const points = new Float64Array(n * d);
  for (let i = 0; i < points.length; i++) points[i] = rng.normal(0, 1) * 2 + ((i * 7) % 5);
  return { points, n, d };
}

function randomCentroids(rng: Rng, k: number, d: number): Float64Array {
  const c = new Float64Array(k * d);
  for (let i = 0; i < c.length; i++) c[i] = rng.normal(0, 3);
  return c;
}

/** Brute force: distances as plain arrays, the nearest by a sort (lowest index on a tie). */
function bruteAssign(m: Matrix, centroids: Float64Array, k: number) {
  const labels: number[] = [];
  let inertia = 0;
  for (let i = 0; i < m.n; i++) {
    const dist = Array.from({ length: k }, (_, c) => {
      let s = 0;
      for (let j = 0; j < m.d; j++) s += (m.points[i * m.d + j] - centroids[c * m.d + j]) ** 2;
      return { c, s };
    }).sort((a, b) => a.s - b.s || a.c - b.c);
    labels.push(dist[0].c);
    inertia += dist[0].s;
  }
  return { labels, inertia };
}

/** Brute force: each cluster's members collected, then averaged. */
function bruteMeans(m: Matrix, labels: ArrayLike<number>, k: number): (number[] | null)[] {
  return Array.from({ length: k }, (_, c) => {
    const members: number[][] = [];
    for (let i = 0; i < m.n; i++)
      if (labels[i] === c) members.push(Array.from(m.points.subarray(i * m.d, i * m.d + m.d)));
    if (members.length === 0) return null;
    return Array.from(
      { length: m.d },
      (_, j) => members.reduce((s, r) => s + r[j], 0) / members.length,
    );
  });
}

function expectLensError(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(LensError);
    expect((err as LensError).code).toBe(code);
    return;
  }
  throw new Error(`expected ${code}`);
}

beforeAll(async () => {
  await initEngine({ prefer: ['wasm'] });
});

describe('assignStep', () => {
  it('equals a brute-force nearest-centroid assignment on small random data', () => {
    const rng = createRng(11);
    for (let trial = 0; trial < 20; trial++) {
      const d = 1 + (trial % 4);
      const k = 1 + (trial % 6);
      const m = randomMatrix(rng, 30 + trial * 7, d);
      const centroids = randomCentroids(rng, k, d);
      const got = assignStep(m.points, m.n, d, centroids, k);
      const ref = bruteAssign(m, centroids, k);
      expect([...got.labels]).toEqual(ref.labels);
      expect(got.inertia).toBeCloseTo(ref.inertia, 9);
      expect(got.changed).toBe(m.n);
      const sizes = Array.from({ length: k }, (_, c) => ref.labels.filter((l) => l === c).length);
      expect(got.sizes).toEqual(sizes);
      expect(got.inertia).toBeCloseTo(inertiaOf(m.points, m.n, d, centroids, got.labels), 9);
    }
  });

  it('counts the points whose cluster changed, and keeps a point in its cluster on a tie', () => {
    const rng = createRng(5);
    const m = randomMatrix(rng, 60, 2);
    const a = randomCentroids(rng, 4, 2);
    const b = randomCentroids(rng, 4, 2);
    const first = assignStep(m.points, m.n, 2, a, 4);
    const second = assignStep(m.points, m.n, 2, b, 4, first.labels);
    const ref = bruteAssign(m, b, 4).labels;
    expect([...second.labels]).toEqual(ref);
    expect(second.changed).toBe(ref.filter((l, i) => l !== first.labels[i]).length);

    // Point (0, 0) is equally far from (−1, 0) and (1, 0): lowest number without a
    // previous cluster, its previous cluster with one.
    const tie = Float64Array.of(0, 0, 5, 0);
    const centroids = Float64Array.of(-1, 0, 1, 0);
    expect([...assignStep(tie, 2, 2, centroids, 2).labels]).toEqual([0, 1]);
    const kept = assignStep(tie, 2, 2, centroids, 2, Int32Array.of(1, 1));
    expect([...kept.labels]).toEqual([1, 1]);
    expect(kept.changed).toBe(0);
  });

  it('rejects bad input with LensError codes', () => {
    const pts = Float64Array.of(0, 0, 1, 1);
    expectLensError(() => assignStep(pts, 2, 2, Float64Array.of(0, 0), 0), 'error.cluster.k');
    expectLensError(() => assignStep(pts, 2, 2, new Float64Array(6), 3), 'error.cluster.kTooLarge');
    expectLensError(() => assignStep(pts, 2, 2, Float64Array.of(0), 1), 'error.cluster.option');
    expectLensError(
      () => assignStep(Float64Array.of(0, NaN), 1, 2, Float64Array.of(0, 0), 1),
      'error.cluster.notFinite',
    );
    expectLensError(() => assignStep(pts, 3, 2, Float64Array.of(0, 0), 1), 'error.cluster.shape');
    expectLensError(
      () => assignStep(new Float64Array(0), 0, 2, Float64Array.of(0, 0), 1),
      'error.cluster.noPoints',
    );
  });
});

describe('updateStep', () => {
  it('moves every centroid to the brute-force mean of its points', () => {
    const rng = createRng(21);
    for (let trial = 0; trial < 15; trial++) {
      const d = 1 + (trial % 3);
      const k = 2 + (trial % 5);
      const m = randomMatrix(rng, 40 + trial * 5, d);
      const previous = randomCentroids(rng, k, d);
      const labels = Int32Array.from({ length: m.n }, () => rng.int(0, k - 1));
      const got = updateStep(m.points, m.n, d, labels, k, previous);
      const means = bruteMeans(m, labels, k);
      for (let c = 0; c < k; c++) {
        const mean = means[c] ?? Array.from(previous.subarray(c * d, c * d + d));
        for (let j = 0; j < d; j++) expect(got.centroids[c * d + j]).toBeCloseTo(mean[j], 12);
        const shift = Math.hypot(...mean.map((v, j) => v - previous[c * d + j]));
        expect(got.shifts[c]).toBeCloseTo(shift, 12);
      }
      expect(got.inertia).toBeCloseTo(inertiaOf(m.points, m.n, d, got.centroids, labels), 9);
      expect(got.sizes.reduce((a, b) => a + b, 0)).toBe(m.n);
    }
  });

  it('keeps an empty cluster’s previous centroid and says which clusters were empty', () => {
    const pts = Float64Array.of(0, 0, 2, 0, 10, 10, 12, 10);
    const previous = Float64Array.of(1, 1, 50, 50, 11, 9);
    // Nobody is nearest to (50, 50).
    const assigned = assignStep(pts, 4, 2, previous, 3);
    expect([...assigned.labels]).toEqual([0, 0, 2, 2]);
    expect(assigned.sizes).toEqual([2, 0, 2]);
    const got = updateStep(pts, 4, 2, assigned.labels, 3, previous);
    expect([...got.centroids]).toEqual([1, 0, 50, 50, 11, 10]);
    expect(got.empty).toEqual([1]);
    expect(got.sizes).toEqual([2, 0, 2]);
    expect(got.shifts[1]).toBe(0);
    expect(got.shifts[0]).toBe(1);
    expect(got.inertia).toBe(1 + 1 + 1 + 1);
    // Labels outside 0..k−1 are refused.
    expectLensError(
      () => updateStep(pts, 4, 2, Int32Array.of(0, 0, 3, 2), 3, previous),
      'error.cluster.option',
    );
  });
});

describe('starts', () => {
  it('are reproducible from the seed and differ between seeds', () => {
    const m = randomMatrix(createRng(3), 200, 2);
    for (const method of ['k-means++', 'random'] as const) {
      const a = randomStart(m.points, m.n, 2, 5, 7, method);
      const b = randomStart(m.points, m.n, 2, 5, 7, method);
      const c = randomStart(m.points, m.n, 2, 5, 8, method);
      expect([...a]).toEqual([...b]);
      expect([...a]).not.toEqual([...c]);
    }
  });

  it('random: k distinct rows of the data', () => {
    const m = randomMatrix(createRng(4), 12, 3);
    for (let seed = 0; seed < 20; seed++) {
      const start = randomStart(m.points, m.n, 3, 12, seed, 'random');
      const rows = new Set<number>();
      for (let c = 0; c < 12; c++) {
        const row = Array.from({ length: m.n }, (_, i) => i).find((i) =>
          [0, 1, 2].every((j) => m.points[i * 3 + j] === start[c * 3 + j]),
        );
        expect(row).toBeDefined();
        rows.add(row!);
      }
      expect(rows.size).toBe(12); // k = n: a permutation of all rows
    }
  });

  it('k-means++ picks the same centres as kmeansPlusPlus in kmeans.ts (tensors)', () => {
    const rng = createRng(9);
    for (let trial = 0; trial < 12; trial++) {
      const d = 2 + (trial % 3);
      const k = 2 + (trial % 7);
      const m = randomMatrix(rng, 150 + trial * 40, d);
      const seed = 100 + trial;
      const plain = kmeansPlusPlusPlain(m.points, m.n, d, k, createRng(seed));
      const tensors = kmeansPlusPlus(m.points, m.n, d, k, createRng(seed));
      expect([...plain]).toEqual([...tensors]);
      expect([...randomStart(m.points, m.n, d, k, seed, 'k-means++')]).toEqual([...plain]);
    }
  });

  it('k-means++ centres are data rows, never the same row twice on distinct points', () => {
    const m = randomMatrix(createRng(12), 300, 2);
    const start = randomStart(m.points, m.n, 2, 8, 1, 'k-means++');
    const keys = new Set<string>();
    for (let c = 0; c < 8; c++) keys.add(`${start[2 * c]},${start[2 * c + 1]}`);
    expect(keys.size).toBe(8);
    const rows = new Set<string>();
    for (let i = 0; i < m.n; i++) rows.add(`${m.points[2 * i]},${m.points[2 * i + 1]}`);
    for (const key of keys) expect(rows.has(key)).toBe(true);
  });
});

describe('lloyd', () => {
  it('never raises the inertia, step by step, and ends on a fixed point', () => {
    const rng = createRng(31);
    for (let trial = 0; trial < 10; trial++) {
      const d = 2 + (trial % 2);
      const k = 2 + (trial % 6);
      const m = randomMatrix(rng, 300, d);
      for (const method of ['k-means++', 'random'] as const) {
        const run = lloyd(m.points, m.n, d, k, trial, { method });
        expect(run.converged).toBe(true);
        expect(run.inertias.length).toBe(1 + 2 * run.iterations);
        for (let s = 1; s < run.inertias.length; s++)
          expect(run.inertias[s]).toBeLessThanOrEqual(run.inertias[s - 1] * (1 + 1e-12));
        expect(run.inertias.at(-1)).toBe(run.inertia);
        // A fixed point: the centroids are the means of their clusters and assigning again
        // changes nothing.
        const again = assignStep(m.points, m.n, d, run.centroids, k, run.labels);
        expect(again.changed).toBe(0);
        const means = bruteMeans(m, run.labels, k);
        means.forEach((mean, c) => {
          if (mean) mean.forEach((v, j) => expect(run.centroids[c * d + j]).toBeCloseTo(v, 10));
        });
        expect(run.inertia).toBeCloseTo(inertiaOf(m.points, m.n, d, run.centroids, run.labels), 9);
      }
    }
  });

  it('from given starts equals scikit-learn’s Lloyd on iris', () => {
    const iris = readIris();
    // The first start of a run is startWith(createRng(seed)); here the starts are fixed
    // rows, so the steps are compared directly. References from /usr/bin/python3
    // (scikit-learn 1.2.1):
    //   X = np.loadtxt('iris.tsv', usecols=(0, 1, 2, 3))
    //   KMeans(n_clusters=k, init=X[rows], n_init=1, algorithm='lloyd', tol=0,
    //          max_iter=300).fit(X) → inertia_, bincount(labels_), cluster_centers_
    const cases = [
      {
        rows: [0, 50, 100],
        inertia: 78.940841426146,
        sizes: [50, 62, 38],
        centres: [
          [5.006, 3.418, 1.464, 0.244],
          [5.901612903226, 2.748387096774, 4.393548387097, 1.433870967742],
          [6.85, 3.073684210526, 5.742105263158, 2.071052631579],
        ],
      },
      {
        rows: [0, 1, 2, 3],
        inertia: 57.34540931571814,
        sizes: [32, 41, 50, 27],
        centres: [
          [6.9125, 3.1, 5.846875, 2.13125],
          [6.236585365854, 2.858536585366, 4.807317073171, 1.621951219512],
          [5.006, 3.418, 1.464, 0.244],
          [5.52962962963, 2.622222222222, 3.940740740741, 1.218518518519],
        ],
      },
    ];
    for (const c of cases) {
      const k = c.rows.length;
      let centroids: Float64Array = Float64Array.from(
        c.rows.flatMap((r) => [...iris.points.subarray(r * 4, r * 4 + 4)]),
      );
      let assigned = assignStep(iris.points, iris.n, 4, centroids, k);
      for (let it = 0; it < 300; it++) {
        centroids = updateStep(iris.points, iris.n, 4, assigned.labels, k, centroids).centroids;
        assigned = assignStep(iris.points, iris.n, 4, centroids, k, assigned.labels);
        if (assigned.changed === 0) break;
      }
      expect(assigned.changed).toBe(0);
      expect(assigned.inertia).toBeCloseTo(c.inertia, 9);
      expect(assigned.sizes).toEqual(c.sizes);
      c.centres.forEach((row, i) =>
        row.forEach((v, j) => expect(centroids[i * 4 + j]).toBeCloseTo(v, 9)),
      );
    }
  });

  it('is reproducible and keeps the best of several starts', () => {
    const m = randomMatrix(createRng(41), 400, 2);
    const a = lloyd(m.points, m.n, 2, 6, 5, { starts: 5 });
    const b = lloyd(m.points, m.n, 2, 6, 5, { starts: 5 });
    expect([...a.labels]).toEqual([...b.labels]);
    expect(a.inertia).toBe(b.inertia);
    // The first start alone can only be as good.
    const one = lloyd(m.points, m.n, 2, 6, 5, { starts: 1 });
    expect(a.inertia).toBeLessThanOrEqual(one.inertia);
    expect([...one.start]).toEqual([...randomStart(m.points, m.n, 2, 6, 5, 'k-means++')]);
    // The best of five is the minimum of the five single runs from the same stream.
    const rng = createRng(5);
    let best = Infinity;
    for (let s = 0; s < 5; s++) {
      const start = kmeansPlusPlusPlain(m.points, m.n, 2, 6, rng);
      let centroids = start;
      let assigned = assignStep(m.points, m.n, 2, centroids, 6);
      for (;;) {
        centroids = updateStep(m.points, m.n, 2, assigned.labels, 6, centroids).centroids;
        assigned = assignStep(m.points, m.n, 2, centroids, 6, assigned.labels);
        if (assigned.changed === 0) break;
      }
      best = Math.min(best, assigned.inertia);
    }
    expect(a.inertia).toBe(best);
  });

  it('reports k > n and bad options', () => {
    const pts = Float64Array.of(0, 1, 2);
    expectLensError(() => lloyd(pts, 3, 1, 4, 0), 'error.cluster.kTooLarge');
    expectLensError(() => lloyd(pts, 3, 1, 2, 0, { starts: 0 }), 'error.cluster.option');
    expectLensError(() => randomStart(pts, 3, 1, 2, 0, 'best' as 'random'), 'error.cluster.option');
  });
});

describe('elbow', () => {
  it('gives inertia and silhouette for k = 2..8 from the best of 5 starts', () => {
    const rng = createRng(51);
    // Four well separated blobs of 50 points.
    const points = new Float64Array(200 * 2);
    const centres = [
      [0, 0],
      [10, 0],
      [0, 10],
      [10, 10],
    ];
    for (let i = 0; i < 200; i++) {
      points[2 * i] = centres[i % 4][0] + rng.normal(0, 0.8);
      points[2 * i + 1] = centres[i % 4][1] + rng.normal(0, 0.8);
    }
    const rows = elbow(points, 200, 2, { seed: 3 });
    expect(rows.map((r) => r.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    for (const r of rows) {
      const run = lloyd(points, 200, 2, r.k, 3, { starts: 5 });
      expect(r.inertia).toBe(run.inertia);
      expect(r.silhouette).toBe(silhouetteScore(points, 200, 2, run.labels, { seed: 3 }).score);
      expect(r.sizes.reduce((a, b) => a + b, 0)).toBe(200);
    }
    for (let i = 1; i < rows.length; i++) expect(rows[i].inertia).toBeLessThan(rows[i - 1].inertia);
    // Four blobs: silhouette peaks at k = 4 with the four groups found exactly.
    const bestK = rows.reduce((a, b) => (b.silhouette > a.silhouette ? b : a)).k;
    expect(bestK).toBe(4);
    expect(rows[2].sizes).toEqual([50, 50, 50, 50]);
  });
});
