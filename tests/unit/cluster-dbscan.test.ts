/**
 * DBSCAN and the k-distance curve: against a plain O(n²) reference written as
 * scikit-learn's `dbscan_inner`, and against scikit-learn on the mall customers.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dbscan, kDistances } from '../../src/core/cluster/dbscan.ts';
import { LensError } from '../../src/core/errors.ts';
import { createRng } from '../../src/core/stats/random.ts';

const MALL = resolve(process.cwd(), '../shared/data/mall_customers/mall_customers.csv');

/** Annual income (k$) and spending score of the 200 mall customers. */
function readMall(): Float64Array {
  const rows = readFileSync(MALL, 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => l.split(',').slice(3, 5).map(Number));
  return Float64Array.from(rows.flat());
}

/** Blobs plus uniform noise, with a few exact duplicates. */
function blobs(n: number, d: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const centres = Array.from({ length: 4 }, () =>
    Array.from({ length: d }, () => rng.normal(0, 5)),
  );
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    if (i % 10 === 9) for (let j = 0; j < d; j++) out[i * d + j] = rng.next() * 24 - 12;
    else if (i % 17 === 16) out.copyWithin(i * d, (i - 1) * d, i * d);
    else {
      const c = centres[rng.int(0, 3)];
      for (let j = 0; j < d; j++) out[i * d + j] = c[j] + rng.normal(0, 1);
    }
  }
  return out;
}

/** scikit-learn's algorithm, plainly: full neighbourhoods, then `dbscan_inner` with its stack. */
function referenceDbscan(
  points: Float64Array,
  n: number,
  d: number,
  eps: number,
  minSamples: number,
): { labels: number[]; core: number[] } {
  const neighbours: number[][] = [];
  for (let i = 0; i < n; i++) {
    const list: number[] = [];
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += (points[i * d + k] - points[j * d + k]) ** 2;
      if (s <= eps * eps) list.push(j);
    }
    neighbours.push(list);
  }
  const core = neighbours.map((l) => (l.length >= minSamples ? 1 : 0));
  const labels = new Array<number>(n).fill(-1);
  let label = 0;
  const stack: number[] = [];
  for (let start = 0; start < n; start++) {
    if (labels[start] !== -1 || !core[start]) continue;
    let i = start;
    for (;;) {
      if (labels[i] === -1) {
        labels[i] = label;
        if (core[i]) for (const v of neighbours[i]) if (labels[v] === -1) stack.push(v);
      }
      if (stack.length === 0) break;
      i = stack.pop() as number;
    }
    label++;
  }
  return { labels, core };
}

function referenceKDistances(points: Float64Array, n: number, d: number, k: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const dist: number[] = [];
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let s = 0;
      for (let c = 0; c < d; c++) s += (points[i * d + c] - points[j * d + c]) ** 2;
      dist.push(Math.sqrt(s));
    }
    dist.sort((a, b) => a - b);
    out.push(dist[k - 1]);
  }
  return out.sort((a, b) => a - b);
}

describe('dbscan against a brute-force reference', () => {
  const cases = [
    { n: 400, d: 2, eps: 0.6, minSamples: 5, seed: 1 },
    { n: 400, d: 2, eps: 1.0, minSamples: 10, seed: 2 },
    { n: 300, d: 3, eps: 1.2, minSamples: 4, seed: 3 },
    { n: 300, d: 3, eps: 0.4, minSamples: 3, seed: 4 },
    { n: 200, d: 5, eps: 2.0, minSamples: 6, seed: 5 },
    { n: 250, d: 2, eps: 0.5, minSamples: 1, seed: 6 },
    { n: 250, d: 2, eps: 50, minSamples: 20, seed: 7 },
  ];
  for (const c of cases) {
    it(`n ${c.n}, d ${c.d}, eps ${c.eps}, minSamples ${c.minSamples}: same labels, core points and noise`, () => {
      const points = blobs(c.n, c.d, c.seed);
      const got = dbscan(points, c.n, c.d, c.eps, c.minSamples);
      const ref = referenceDbscan(points, c.n, c.d, c.eps, c.minSamples);
      expect(Array.from(got.labels)).toEqual(ref.labels);
      expect(Array.from(got.core)).toEqual(ref.core);
      expect(got.clusters).toBe(Math.max(-1, ...ref.labels) + 1);
      expect(got.noise).toBe(ref.labels.filter((l) => l < 0).length);
    });
  }

  it('the cases above are not trivial: several clusters, noise and border points', () => {
    const points = blobs(400, 2, 1);
    const got = dbscan(points, 400, 2, 0.6, 5);
    expect(got.clusters).toBeGreaterThan(2);
    expect(got.noise).toBeGreaterThan(10);
    let border = 0;
    for (let i = 0; i < 400; i++) if (got.labels[i] >= 0 && !got.core[i]) border++;
    expect(border).toBeGreaterThan(5);
  });
});

describe.skipIf(!existsSync(MALL))('dbscan on the mall customers against scikit-learn', () => {
  // Python (scikit-learn 1.2.1):
  //   M = np.loadtxt('mall_customers.csv', delimiter=',', skiprows=1, usecols=(3, 4))
  //   db = DBSCAN(eps=8.5, min_samples=5).fit(M)   # and eps=9.5, min_samples=8
  //   ','.join(map(str, db.labels_)); len(db.core_sample_indices_)
  // (income and score are whole numbers; eps² = 72.25 and 90.25 lie between squared distances)
  const sklearn = [
    {
      eps: 8.5,
      minSamples: 5,
      clusters: 7,
      noise: 25,
      core: 147,
      sizes: [12, 12, 7, 3, 88, 30, 23],
      labels:
        '2,0,1,0,2,0,1,-1,1,0,1,-1,1,0,1,0,2,0,2,-1,2,0,1,0,1,3,2,-1,2,3,1,0,1,-1,1,3,1,0,-1,0,4,-1,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,5,4,5,4,5,6,5,6,5,4,5,6,5,6,5,6,5,6,5,4,5,6,5,4,5,6,5,6,5,6,5,6,5,6,5,6,5,4,5,6,5,6,5,6,5,6,-1,6,5,6,5,6,5,6,5,6,5,-1,5,6,5,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1',
      firstCore: [1, 3, 5, 6, 9, 13, 14, 15, 16, 18, 20, 21, 22, 23, 24, 26, 31, 35, 40, 42],
    },
    {
      eps: 9.5,
      minSamples: 8,
      clusters: 5,
      noise: 45,
      core: 117,
      sizes: [12, 8, 87, 26, 22],
      labels:
        '-1,0,1,0,-1,0,1,-1,1,0,-1,-1,-1,0,1,0,-1,0,-1,-1,-1,0,1,0,1,0,-1,-1,-1,-1,1,0,1,-1,-1,-1,-1,0,-1,-1,2,-1,2,2,-1,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,3,2,3,2,3,4,3,4,3,2,3,4,3,4,3,4,3,4,3,2,3,4,3,2,3,4,3,4,3,4,3,4,3,4,3,4,3,2,3,4,3,4,3,4,3,4,-1,4,3,4,3,4,3,4,-1,4,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1',
      firstCore: [5, 9, 13, 15, 21, 22, 23, 43, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57],
    },
  ];
  const mall = existsSync(MALL) ? readMall() : new Float64Array(0);
  for (const ref of sklearn) {
    it(`eps ${ref.eps}, min_samples ${ref.minSamples}: ${ref.clusters} clusters, ${ref.noise} noise, the same labels`, () => {
      const got = dbscan(mall, 200, 2, ref.eps, ref.minSamples);
      expect(got.clusters).toBe(ref.clusters);
      expect(got.noise).toBe(ref.noise);
      expect(Array.from(got.labels).join(',')).toBe(ref.labels);
      const coreRows: number[] = [];
      got.core.forEach((c, i) => c && coreRows.push(i));
      expect(coreRows.length).toBe(ref.core);
      expect(coreRows.slice(0, 20)).toEqual(ref.firstCore);
      const sizes = new Array<number>(ref.clusters).fill(0);
      for (const l of got.labels) if (l >= 0) sizes[l]++;
      expect(sizes).toEqual(ref.sizes);
    });
  }

  it('kDistances(k = 4) as NearestNeighbors(n_neighbors=5).kneighbors(M)[0][:, 4], sorted', () => {
    // Python: dist, _ = NearestNeighbors(n_neighbors=5).fit(M).kneighbors(M)
    //   kd = np.sort(dist[:, 4]); [kd[i] for i in [0, 50, 100, 150, 199]]; kd.sum()
    const kd = kDistances(mall, 200, 2, 4);
    const at = [0, 50, 100, 150, 199].map((i) => kd[i]);
    const expected = [
      2.0, 3.605551275463989, 5.385164807134504, 8.94427190999916, 34.058772731852805,
    ];
    at.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
    expect(kd.reduce((s, v) => s + v, 0)).toBeCloseTo(1368.8900468247243, 9);
  });
});

describe('kDistances against brute force', () => {
  for (const [n, d, k, seed] of [
    [300, 2, 1, 1],
    [300, 2, 4, 2],
    [200, 3, 9, 3],
    [150, 6, 5, 4],
    [40, 2, 39, 5],
  ]) {
    it(`n ${n}, d ${d}, k ${k}`, () => {
      const points = blobs(n, d, seed);
      const got = kDistances(points, n, d, k);
      const ref = referenceKDistances(points, n, d, k);
      expect(got.length).toBe(n);
      got.forEach((v, i) => expect(v).toBe(ref[i]));
    });
  }

  it('counts duplicates of a row (not the row itself) at distance 0', () => {
    const points = Float64Array.from([0, 0, 0, 0, 3, 4, 3, 4, 3, 4]);
    expect(Array.from(kDistances(points, 5, 2, 1))).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(kDistances(points, 5, 2, 2))).toEqual([0, 0, 0, 5, 5]);
  });
});

describe('dbscan checks, speed and cancelling', () => {
  const code = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      return e instanceof LensError ? e.code : 'other';
    }
    return 'none';
  };

  it('rejects bad parameters with LensErrors', () => {
    const p = blobs(10, 2, 1);
    expect(code(() => dbscan(p, 10, 2, 0, 5))).toBe('error.cluster.eps');
    expect(code(() => dbscan(p, 10, 2, NaN, 5))).toBe('error.cluster.eps');
    expect(code(() => dbscan(p, 10, 2, 1, 0))).toBe('error.cluster.minSamples');
    expect(code(() => dbscan(p, 10, 2, 1, 2.5))).toBe('error.cluster.minSamples');
    expect(code(() => dbscan(p, 0, 2, 1, 2))).toBe('error.cluster.noPoints');
    expect(code(() => dbscan(p, 9, 2, 1, 2))).toBe('error.cluster.shape');
    const bad = Float64Array.from(p);
    bad[3] = Infinity;
    expect(code(() => dbscan(bad, 10, 2, 1, 2))).toBe('error.cluster.notFinite');
    expect(code(() => kDistances(p, 10, 2, 10))).toBe('error.cluster.neighbours');
    expect(code(() => kDistances(p, 10, 2, 0))).toBe('error.cluster.neighbours');
  });

  it('reports progress and stops when cancelled', () => {
    const points = blobs(5000, 2, 9);
    const seen: number[] = [];
    dbscan(points, 5000, 2, 0.5, 5, { onProgress: (p) => seen.push(p.done) });
    expect(seen[0]).toBe(0);
    expect(seen[seen.length - 1]).toBe(5000);
    let calls = 0;
    const signal = {
      get aborted() {
        return ++calls > 2;
      },
    };
    expect(() => dbscan(points, 5000, 2, 0.5, 5, { signal })).toThrow(/cancelled/);
  });
});
