/**
 * `cli cluster`: iris and mall customers against scikit-learn, a k range, columns by
 * number without a header, the other methods, and exit codes for usage and data errors.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const TSX = join(process.cwd(), 'node_modules/.bin/tsx');
const MAIN = join(process.cwd(), 'src/cli/main.ts');
const IRIS = resolve(process.cwd(), '../shared/data/iris/iris.tsv');
const MALL = resolve(process.cwd(), '../shared/data/mall_customers/mall_customers.csv');

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(TSX, [MAIN, ...args], { maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

interface ClusterJson {
  k: number;
  inertia: number;
  sizes: number[];
  silhouette: number | null;
  daviesBouldin: number | null;
  calinskiHarabasz: number | null;
  centroids: number[][];
  iterations: number | null;
  seconds: number;
  method: string;
  features: string[];
  rows: number;
  noise?: number;
}

/** Scores within 0.002 (CH relative), inertia within 0.5 %. */
function expectScores(
  got: ClusterJson,
  [inertia, silhouette, db, ch]: [number, number, number, number],
): void {
  expect(Math.abs(got.inertia / inertia - 1), `inertia k=${got.k}`).toBeLessThan(0.005);
  expect(Math.abs(got.silhouette! - silhouette), `silhouette k=${got.k}`).toBeLessThan(0.002);
  expect(Math.abs(got.daviesBouldin! - db), `DB k=${got.k}`).toBeLessThan(0.002);
  expect(Math.abs(got.calinskiHarabasz! / ch - 1), `CH k=${got.k}`).toBeLessThan(0.002);
}

/** Centroids ordered by their first coordinate, as rows. */
const byFirst = (c: number[][]): number[][] => [...c].sort((a, b) => a[0] - b[0]);

/*
 * scikit-learn 1.2.1 (/usr/bin/python3):
 *   import numpy as np
 *   from sklearn.cluster import KMeans
 *   from sklearn.metrics import silhouette_score, davies_bouldin_score, calinski_harabasz_score
 *   X = np.loadtxt('../shared/data/iris/iris.tsv')[:, :4]
 *   for k in (2, 3, 4):
 *       km = KMeans(n_clusters=k, n_init=10, random_state=0).fit(X)
 *       print(k, km.inertia_, silhouette_score(X, km.labels_), davies_bouldin_score(X, km.labels_),
 *             calinski_harabasz_score(X, km.labels_), sorted(np.bincount(km.labels_)))
 *   # k = 3: km.cluster_centers_
 *   P = X[:, 2:4]   # petal length and width; the same for k = 3
 */
const IRIS_KMEANS: Record<number, [number, number, number, number]> = {
  2: [152.36870647733906, 0.6808136202713508, 0.40483413639182975, 513.3038433517567],
  3: [78.940841426146, 0.552591944521368, 0.662322864989869, 560.3999242466402],
  4: [57.317873214285704, 0.49782569007545, 0.78064003623761, 529.3982941434155],
};
const IRIS_SIZES: Record<number, number[]> = { 2: [53, 97], 3: [38, 50, 62], 4: [28, 32, 40, 50] };
const IRIS_CENTRES_3 = [
  [5.006, 3.418, 1.4639999999999995, 0.24400000000000022],
  [5.901612903225806, 2.7483870967741932, 4.393548387096774, 1.4338709677419355],
  [6.85, 3.0736842105263156, 5.742105263157895, 2.0710526315789473],
];

describe.skipIf(!existsSync(IRIS))('cli cluster on iris', () => {
  it('k = 3 on the four measurements: scikit-learn’s inertia, scores, sizes and centroids', async () => {
    const run = await cli(['cluster', IRIS, '--columns', '1,2,3,4', '--k', '3']);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as ClusterJson;
    expect(json).toMatchObject({
      k: 3,
      method: 'kmeans',
      rows: 150,
      iterations: expect.any(Number),
    });
    expect(json.features).toEqual(['column1', 'column2', 'column3', 'column4']);
    expectScores(json, IRIS_KMEANS[3]);
    expect([...json.sizes].sort((a, b) => a - b)).toEqual(IRIS_SIZES[3]);
    byFirst(json.centroids).forEach((row, c) =>
      row.forEach((v, j) => expect(v).toBeCloseTo(IRIS_CENTRES_3[c][j], 6)),
    );
    expect(json.seconds).toBeGreaterThan(0);
    expect(json.seconds).toBeLessThan(30);
  }, 60_000);

  it('--k 2..4 prints an array, one entry per k, each like scikit-learn', async () => {
    const run = await cli(['cluster', IRIS, '--columns', '1,2,3,4', '--k', '2..4', '--seed', '0']);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as ClusterJson[];
    expect(json.map((r) => r.k)).toEqual([2, 3, 4]);
    for (const r of json) {
      expectScores(r, IRIS_KMEANS[r.k]);
      expect([...r.sizes].sort((a, b) => a - b)).toEqual(IRIS_SIZES[r.k]);
    }
  }, 60_000);

  it('--no-header takes 1-based column numbers (petal length and width)', async () => {
    // P = X[:, 2:4]; km = KMeans(n_clusters=3, n_init=10, random_state=0).fit(P)
    // -> 31.38775897435897, 0.6602760882193361, 0.4849174169502553, 1215.9292591281292,
    //    sizes [48, 50, 52], centres [[1.464, 0.244], [4.26923, 1.34231], [5.59583, 2.0375]]
    const run = await cli([
      'cluster',
      IRIS,
      '--format',
      'tsv',
      '--no-header',
      '--columns',
      '3,4',
      '--k',
      '3',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as ClusterJson;
    expect(json.features).toEqual(['column3', 'column4']);
    expectScores(
      json,
      [31.38775897435897, 0.6602760882193361, 0.4849174169502553, 1215.9292591281292],
    );
    expect([...json.sizes].sort((a, b) => a - b)).toEqual([48, 50, 52]);
    const want = [
      [1.4639999999999995, 0.24400000000000022],
      [4.269230769230769, 1.3423076923076924],
      [5.595833333333332, 2.0374999999999996],
    ];
    byFirst(json.centroids).forEach((row, c) =>
      row.forEach((v, j) => expect(v).toBeCloseTo(want[c][j], 6)),
    );
  }, 60_000);

  it('ward and dbscan give scikit-learn’s clusters and scores (noise left out)', async () => {
    // from sklearn.cluster import AgglomerativeClustering, DBSCAN
    // lab = AgglomerativeClustering(n_clusters=3, linkage='ward').fit(X).labels_
    // -> sizes [36, 50, 64], 0.5540972907866919, 0.6566044124178414, 556.841121636393
    // lab = DBSCAN(eps=0.5, min_samples=5).fit(X).labels_; m = lab >= 0; scores on X[m], lab[m]
    // -> 2 clusters [49, 84], 17 noise, 0.7350230762895424, 0.3452307515546689, 678.7954437459473
    const [ward, db] = await Promise.all([
      cli(['cluster', IRIS, '--columns', '1,2,3,4', '--method', 'ward', '--k', '3']),
      cli(['cluster', IRIS, '--columns', '1,2,3,4', '--method', 'dbscan', '--eps', '0.5']),
    ]);
    expect(ward.code, ward.stderr).toBe(0);
    const w = JSON.parse(ward.stdout) as ClusterJson;
    expect([...w.sizes].sort((a, b) => a - b)).toEqual([36, 50, 64]);
    expect(w.silhouette).toBeCloseTo(0.5540972907866919, 8);
    expect(w.daviesBouldin).toBeCloseTo(0.6566044124178414, 8);
    expect(w.calinskiHarabasz! / 556.841121636393).toBeCloseTo(1, 8);
    expect(w.iterations).toBeNull();
    expect(db.code, db.stderr).toBe(0);
    const d = JSON.parse(db.stdout) as ClusterJson;
    expect(d).toMatchObject({ k: 2, sizes: [49, 84], noise: 17, method: 'dbscan' });
    expect(d.silhouette).toBeCloseTo(0.7350230762895424, 8);
    expect(d.daviesBouldin).toBeCloseTo(0.3452307515546689, 8);
    expect(d.calinskiHarabasz! / 678.7954437459473).toBeCloseTo(1, 8);
  }, 60_000);
});

describe.skipIf(!existsSync(MALL))('cli cluster on mall customers', () => {
  it('columns by header name: income and spending score, k = 5 as scikit-learn', async () => {
    // M = mall[['Annual Income (k$)', 'Spending Score (1-100)']]; KMeans(5, n_init=10, random_state=0)
    // -> 44448.4554479337, 0.553931997444648, 0.5725628995597082, 247.35899338037282
    const run = await cli([
      'cluster',
      MALL,
      '--columns',
      'Annual Income (k$),Spending Score (1-100)',
      '--k',
      '5',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as ClusterJson;
    expect(json.features).toEqual(['Annual Income (k$)', 'Spending Score (1-100)']);
    expectScores(
      json,
      [44448.4554479337, 0.553931997444648, 0.5725628995597082, 247.35899338037282],
    );
    expect([...json.sizes].sort((a, b) => a - b)).toEqual([22, 23, 35, 39, 81]);
  }, 60_000);

  it('a text column without --one-hot is bad data (exit 1); with it, one feature per value', async () => {
    const [bad, good] = await Promise.all([
      cli(['cluster', MALL, '--columns', 'Genre']),
      cli(['cluster', MALL, '--columns', 'Age', '--one-hot', 'Genre', '--scale', 'z', '--k', '2']),
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/“Genre” holds text/);
    expect(bad.stdout).toBe('');
    expect(good.code, good.stderr).toBe(0);
    const json = JSON.parse(good.stdout) as ClusterJson;
    expect(json.features).toEqual(['Age', 'Genre=Male', 'Genre=Female']);
    // Centroids in original units: the one-hot shares of each cluster lie in 0..1 and sum to 1.
    for (const c of json.centroids) expect(c[1] + c[2]).toBeCloseTo(1, 9);
  }, 60_000);
});

describe.skipIf(!existsSync(IRIS))('cli cluster usage errors', () => {
  it('exit 2 with the reason on stderr and nothing on stdout', async () => {
    const cases: [string[], RegExp][] = [
      [['--columns', '1,2', '--k', '0'], /--k must be between 1/],
      [['--columns', '1,2', '--k', '5..2'], /--k range/],
      [['--columns', '1,2', '--k', 'two'], /--k must be a number K or a range/],
      [['--columns', '1,2', '--method', 'spectral'], /--method must be one of/],
      [['--columns', '1,2', '--scale', 'log'], /--scale must be one of/],
      [['--columns', '1,9'], /column number 9 is out of range/],
      [['--columns', 'petal'], /no column 'petal'/],
      [['--columns', '1,2', '--method', 'dbscan', '--k', '3'], /--k does not apply to dbscan/],
      [['--columns', '1,2', '--eps', '0.3'], /--eps and --min-samples apply to dbscan only/],
      [['--k', '3'], /missing required option --columns/],
    ];
    const runs = await Promise.all(cases.map(([args]) => cli(['cluster', IRIS, ...args])));
    runs.forEach((run, i) => {
      const label = cases[i][0].join(' ');
      expect(run.code, label).toBe(2);
      expect(run.stderr, label).toMatch(cases[i][1]);
      expect(run.stdout, label).toBe('');
    });
  }, 120_000);
});
