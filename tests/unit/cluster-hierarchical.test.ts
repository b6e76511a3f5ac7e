/**
 * Agglomerative clustering: heights and partitions against a plain O(n³) reference, and
 * against scipy / scikit-learn on iris.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  agglomerate,
  cutTree,
  dendrogramLayout,
  LINKAGES,
  type Linkage,
} from '../../src/core/cluster/hierarchical.ts';
import { LensError } from '../../src/core/errors.ts';
import { createRng } from '../../src/core/stats/random.ts';

const IRIS = resolve(process.cwd(), '../shared/data/iris/iris.tsv');

function readIris(): { points: Float64Array; n: number; d: number } {
  const rows = readFileSync(IRIS, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.split('\t').slice(0, 4).map(Number));
  return { points: Float64Array.from(rows.flat()), n: rows.length, d: 4 };
}

function randomPoints(n: number, d: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: n * d }, () => rng.normal(0, 1));
}

/** Labels renumbered by first appearance, so that two partitions compare equal. */
function canonical(labels: ArrayLike<number>): number[] {
  const seen = new Map<number, number>();
  return Array.from(labels, (l) => {
    if (!seen.has(l)) seen.set(l, seen.size);
    return seen.get(l) as number;
  });
}

/**
 * Brute force: at every step recompute every cluster-to-cluster distance from the points
 * (no Lance–Williams updates) and merge the closest pair. Returns the heights and the
 * partition after each step.
 */
function bruteForce(
  points: Float64Array,
  n: number,
  d: number,
  linkage: Linkage,
): { heights: number[]; partitions: number[][] } {
  const dist = (a: number, b: number): number => {
    let s = 0;
    for (let j = 0; j < d; j++) s += (points[a * d + j] - points[b * d + j]) ** 2;
    return Math.sqrt(s);
  };
  const between = (A: number[], B: number[]): number => {
    if (linkage === 'ward') {
      let s = 0;
      for (let j = 0; j < d; j++) {
        let ma = 0;
        let mb = 0;
        for (const i of A) ma += points[i * d + j];
        for (const i of B) mb += points[i * d + j];
        s += (ma / A.length - mb / B.length) ** 2;
      }
      return Math.sqrt(((2 * A.length * B.length) / (A.length + B.length)) * s);
    }
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    for (const a of A) {
      for (const b of B) {
        const v = dist(a, b);
        min = Math.min(min, v);
        max = Math.max(max, v);
        sum += v;
      }
    }
    return linkage === 'single' ? min : linkage === 'complete' ? max : sum / (A.length * B.length);
  };
  let clusters = Array.from({ length: n }, (_, i) => [i]);
  const heights: number[] = [];
  const partitions: number[][] = [];
  while (clusters.length > 1) {
    let best = Infinity;
    let bi = 0;
    let bj = 1;
    for (let i = 0; i < clusters.length; i++) {
      for (let j = i + 1; j < clusters.length; j++) {
        const v = between(clusters[i], clusters[j]);
        if (v < best) {
          best = v;
          bi = i;
          bj = j;
        }
      }
    }
    heights.push(best);
    const merged = [...clusters[bi], ...clusters[bj]];
    clusters = clusters.filter((_, k) => k !== bi && k !== bj);
    clusters.push(merged);
    const labels = new Array<number>(n);
    clusters.forEach((c, k) => c.forEach((i) => (labels[i] = k)));
    partitions.push(canonical(labels));
  }
  return { heights, partitions };
}

describe('agglomerate against a brute-force reference', () => {
  for (const linkage of LINKAGES) {
    it(`${linkage}: same heights (1e-9) and the same partition at every k, n = 30, d = 3`, () => {
      for (const seed of [1, 2, 3]) {
        const n = 30;
        const d = 3;
        const points = randomPoints(n, d, seed);
        const tree = agglomerate(points, n, d, linkage);
        const ref = bruteForce(points, n, d, linkage);
        expect(tree.heights.length).toBe(n - 1);
        for (let i = 0; i < n - 1; i++) {
          expect(Math.abs(tree.heights[i] - ref.heights[i])).toBeLessThan(1e-9);
        }
        // After merge i there are n − 1 − i clusters.
        for (let i = 0; i < n - 1; i++) {
          expect(canonical(cutTree(tree, n - 1 - i))).toEqual(ref.partitions[i]);
        }
        expect(tree.sizes[n - 2]).toBe(n);
      }
    });
  }
});

describe('agglomerate numbering as scipy', () => {
  // Python (scipy 1.10.1):
  //   P = np.array([[0,0],[1,0],[5,5],[6,5],[0,1.5],[10,0]], float)
  //   linkage(P, m).tolist()
  const P = Float64Array.from([0, 0, 1, 0, 5, 5, 6, 5, 0, 1.5, 10, 0]);
  const scipy: Record<Linkage, number[][]> = {
    ward: [
      [0, 1, 1, 2],
      [2, 3, 1, 2],
      [4, 6, 1.8257418583505536, 3],
      [5, 7, 7.767453465154029, 3],
      [8, 9, 12.546579879260591, 6],
    ],
    single: [
      [0, 1, 1, 2],
      [2, 3, 1, 2],
      [4, 6, 1.5, 3],
      [7, 8, 6.103277807866851, 5],
      [5, 9, 6.4031242374328485, 6],
    ],
    complete: [
      [0, 1, 1, 2],
      [2, 3, 1, 2],
      [4, 6, 1.8027756377319946, 3],
      [5, 7, 7.0710678118654755, 3],
      [8, 9, 10.111874208078342, 6],
    ],
    average: [
      [0, 1, 1, 2],
      [2, 3, 1, 2],
      [4, 6, 1.6513878188659974, 3],
      [5, 7, 6.737096024649162, 3],
      [8, 9, 7.835209283082283, 6],
    ],
  };
  for (const linkage of LINKAGES) {
    it(`${linkage}: the same linkage matrix Z on six points (ties included)`, () => {
      const tree = agglomerate(P, 6, 2, linkage);
      const z = Array.from({ length: 5 }, (_, i) => [
        tree.merges[2 * i],
        tree.merges[2 * i + 1],
        tree.heights[i],
        tree.sizes[i],
      ]);
      z.forEach((row, i) => {
        expect(row[0]).toBe(scipy[linkage][i][0]);
        expect(row[1]).toBe(scipy[linkage][i][1]);
        expect(row[2]).toBeCloseTo(scipy[linkage][i][2], 12);
        expect(row[3]).toBe(scipy[linkage][i][3]);
      });
    });
  }

  it('lays out the dendrogram as scipy.cluster.hierarchy.dendrogram, also truncated (lastp)', () => {
    // Python: dd = dendrogram(linkage(P, 'ward'), no_plot=True)
    //   dd['ivl'] == ['4', '0', '1', '5', '2', '3']; icoord x = 5 + 10 · position.
    //   truncate_mode='lastp', p=3: ivl == ['(3)', '5', '(2)'],
    //   icoord [[15,15,25,25],[5,5,20,20]], dcoord [[0,7.767…,7.767…,0],[0,12.546…,12.546…,7.767…]]
    const tree = agglomerate(P, 6, 2, 'ward');
    const full = dendrogramLayout(tree);
    expect(full.leafLabels).toEqual(['4', '0', '1', '5', '2', '3']);
    expect(full.leaves).toEqual([4, 0, 1, 5, 2, 3]);
    expect(full.segments).toHaveLength(15);
    const scipyFull = {
      icoord: [
        [15, 15, 25, 25],
        [5, 5, 20, 20],
        [45, 45, 55, 55],
        [35, 35, 50, 50],
        [12.5, 12.5, 42.5, 42.5],
      ],
      dcoord: [
        [0, 1, 1, 0],
        [0, 1.8257418583505536, 1.8257418583505536, 1],
        [0, 1, 1, 0],
        [0, 7.767453465154029, 7.767453465154029, 1],
        [1.8257418583505536, 12.546579879260591, 12.546579879260591, 7.767453465154029],
      ],
    };
    const asU = (layout: ReturnType<typeof dendrogramLayout>): string[] => {
      const out: string[] = [];
      for (let i = 0; i < layout.segments.length; i += 3) {
        const [l, , r] = layout.segments.slice(i, i + 3);
        out.push(
          [l.x1 * 10 + 5, l.x2 * 10 + 5, r.x1 * 10 + 5, r.x2 * 10 + 5, l.y1, l.y2, r.y1, r.y2]
            .map((v) => v.toFixed(9))
            .join(','),
        );
      }
      return out.sort();
    };
    const fromScipy = (s: typeof scipyFull): string[] =>
      s.icoord.map((x, i) => [...x, ...s.dcoord[i]].map((v) => v.toFixed(9)).join(',')).sort();
    expect(asU(full)).toEqual(fromScipy(scipyFull));

    const top = dendrogramLayout(tree, 3);
    expect(top.leafLabels).toEqual(['(3)', '5', '(2)']);
    expect(top.leafSizes).toEqual([3, 1, 2]);
    expect(asU(top)).toEqual(
      fromScipy({
        icoord: [
          [15, 15, 25, 25],
          [5, 5, 20, 20],
        ],
        dcoord: [
          [0, 7.767453465154029, 7.767453465154029, 0],
          [0, 12.546579879260591, 12.546579879260591, 7.767453465154029],
        ],
      }),
    );
    expect(top.nodes.map((m) => m.node)).toEqual([9, 10]);
  });
});

describe.skipIf(!existsSync(IRIS))('agglomerate on iris against scikit-learn', () => {
  // Python (scikit-learn 1.2.1; scipy.cluster.hierarchy.linkage gives the same heights):
  //   X = np.loadtxt('iris.tsv', delimiter='\t')[:, :4]
  //   ac = AgglomerativeClustering(n_clusters=3, linkage=m, compute_distances=True).fit(X)
  //   ac.distances_[-10:].tolist()
  //   labels renumbered by first appearance; np.bincount(...) for the sizes
  const sklearn: Record<Linkage, { last10: number[]; sizes: number[]; labels: string }> = {
    ward: {
      last10: [
        1.8683771924676595, 1.9160802792063898, 2.0536305779581285, 2.8139388316471536,
        2.8694176394568705, 3.875843603186748, 4.847708507921838, 6.399406819518539,
        12.300396052792589, 32.428012581717056,
      ],
      sizes: [50, 64, 36],
      labels:
        '00000000000000000000000000000000000000000000000000' +
        '11111111111111111111111111121111111111111111111111' +
        '21222212222221122221212122112222211222122212221221',
    },
    complete: {
      last10: [
        1.449137674618944, 1.4525839046333953, 1.4628738838327793, 1.661324772583615,
        1.705872210923198, 2.2360679774997894, 2.428991560298224, 3.2109188716004646,
        4.024922359499621, 7.085195833567341,
      ],
      sizes: [50, 72, 28],
      labels:
        '00000000000000000000000000000000000000000000000000' +
        '11121212122221212212121111111222212111222122222122' +
        '11111121111111111111111111111111111111111111111111',
    },
    average: {
      last10: [
        0.9687394818507304, 1.0597878149625404, 1.077878318683048, 1.09005268813436,
        1.1867785003433768, 1.305530873669482, 1.3809937393292773, 1.7855664820227883,
        1.9636140862746496, 4.060413458992461,
      ],
      sizes: [50, 64, 36],
      labels:
        '00000000000000000000000000000000000000000000000000' +
        '11111111111111111111111111111111111111111111111111' +
        '21222212222221122221212122112222212222122212221221',
    },
    single: {
      last10: [
        0.5291502622129179, 0.5385164807134504, 0.5385164807134505, 0.5567764362830021,
        0.6244997998398398, 0.6324555320336759, 0.6480740698407862, 0.7348469228349535,
        0.818535277187245, 1.6401219466856727,
      ],
      sizes: [50, 98, 2],
      labels:
        '00000000000000000000000000000000000000000000000000' +
        '11111111111111111111111111111111111111111111111111' +
        '11111111111111111211111111111112111111111111111111',
    },
  };
  const iris = existsSync(IRIS) ? readIris() : { points: new Float64Array(0), n: 0, d: 4 };
  for (const linkage of LINKAGES) {
    it(`${linkage}: the last 10 heights and the k = 3 cut`, () => {
      const tree = agglomerate(iris.points, iris.n, iris.d, linkage);
      const last10 = Array.from(tree.heights.slice(-10));
      last10.forEach((h, i) => expect(Math.abs(h - sklearn[linkage].last10[i])).toBeLessThan(1e-9));
      const labels = cutTree(tree, 3);
      const sizes = [0, 0, 0];
      for (const l of labels) sizes[l]++;
      expect(sizes).toEqual(sklearn[linkage].sizes);
      expect(Array.from(labels).join('')).toBe(sklearn[linkage].labels);
    });
  }
});

describe('agglomerate and cutTree checks', () => {
  it('rejects bad input with LensErrors', () => {
    const p = randomPoints(4, 2, 9);
    const code = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        return e instanceof LensError ? e.code : 'other';
      }
      return 'none';
    };
    expect(code(() => agglomerate(p, 4, 2, 'median' as Linkage))).toBe('error.cluster.linkage');
    expect(code(() => agglomerate(p, 0, 2, 'ward'))).toBe('error.cluster.noPoints');
    expect(code(() => agglomerate(p, 4, 0, 'ward'))).toBe('error.cluster.noFeatures');
    expect(code(() => agglomerate(p, 3, 2, 'ward'))).toBe('error.cluster.shape');
    const bad = Float64Array.from(p);
    bad[5] = NaN;
    expect(code(() => agglomerate(bad, 4, 2, 'single'))).toBe('error.cluster.notFinite');
    const tree = agglomerate(p, 4, 2, 'average');
    expect(code(() => cutTree(tree, 0))).toBe('error.cluster.k');
    expect(code(() => cutTree(tree, 5))).toBe('error.cluster.kTooLarge');
    expect(code(() => dendrogramLayout(tree, 0))).toBe('error.cluster.leaves');
  });

  it('handles one row, k = 1 and k = n', () => {
    const one = agglomerate(Float64Array.from([3, 4]), 1, 2, 'ward');
    expect(one.heights.length).toBe(0);
    expect(Array.from(cutTree(one, 1))).toEqual([0]);
    expect(dendrogramLayout(one).leafLabels).toEqual(['0']);
    const p = randomPoints(7, 2, 4);
    const tree = agglomerate(p, 7, 2, 'complete');
    expect(Array.from(cutTree(tree, 1))).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(cutTree(tree, 7))).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('gives height 0, never NaN, for identical rows', () => {
    const same = new Float64Array(40).fill(0.1);
    for (const linkage of LINKAGES) {
      const tree = agglomerate(same, 20, 2, linkage);
      expect(Array.from(tree.heights)).toEqual(new Array(19).fill(0));
      expect(tree.sizes[18]).toBe(20);
    }
  });

  it('reports progress and stops when cancelled', () => {
    const p = randomPoints(600, 2, 5);
    const seen: number[] = [];
    agglomerate(p, 600, 2, 'ward', { onProgress: (q) => seen.push(q.done) });
    expect(seen[0]).toBe(0);
    expect(seen[seen.length - 1]).toBe(599);
    expect(seen.length).toBeGreaterThan(2);
    let calls = 0;
    const signal = {
      get aborted() {
        return ++calls > 1;
      },
    };
    expect(() => agglomerate(p, 600, 2, 'average', { signal })).toThrow(/cancelled/);
  });

  it('clusters 5,000 rows with every linkage in seconds', () => {
    const n = 5000;
    const p = randomPoints(n * 3, 1, 11);
    for (const linkage of LINKAGES) {
      const t0 = performance.now();
      const tree = agglomerate(p, n, 3, linkage);
      const ms = performance.now() - t0;
      expect(tree.sizes[n - 2]).toBe(n);
      for (let i = 1; i < n - 1; i++)
        expect(tree.heights[i]).toBeGreaterThanOrEqual(tree.heights[i - 1]);
      console.info(`agglomerate ${linkage} 5,000 × 3: ${ms.toFixed(0)} ms`);
    }
  });
});
