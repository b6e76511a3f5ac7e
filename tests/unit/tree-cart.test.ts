/** CART classification tree: against a plain reference and against scikit-learn on real data. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LensError } from '../../src/core/errors.ts';
import { createRng } from '../../src/core/stats/random.ts';
import {
  fitTree,
  predictTree,
  treeAccuracy,
  treeRules,
  type TreeNode,
} from '../../src/core/tree/cart.ts';

const IRIS = resolve(process.cwd(), '../shared/data/iris/iris.tsv');
const MALL = resolve(process.cwd(), '../shared/data/mall_customers/mall_customers.csv');

function readIris(): { x: Float64Array; y: Int32Array } {
  const rows = readFileSync(IRIS, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.split('\t').map(Number));
  return {
    x: Float64Array.from(rows.flatMap((r) => r.slice(0, 4))),
    y: Int32Array.from(rows.map((r) => r[4])),
  };
}

/** Age, annual income, spending score → 1 for Female, 0 for Male. */
function readMall(): { x: Float64Array; y: Int32Array } {
  const rows = readFileSync(MALL, 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => l.split(','));
  return {
    x: Float64Array.from(rows.flatMap((r) => r.slice(2, 5).map(Number))),
    y: Int32Array.from(rows.map((r) => (r[1] === 'Female' ? 1 : 0))),
  };
}

/** Nodes in preorder as scikit-learn's tree_ arrays: feature (−2 for a leaf), threshold, counts. */
function flatten(tree: TreeNode): { feature: number[]; threshold: number[]; value: number[][] } {
  const feature: number[] = [];
  const threshold: number[] = [];
  const value: number[][] = [];
  const walk = (node: TreeNode): void => {
    value.push(node.counts);
    if (node.kind === 'leaf') {
      feature.push(-2);
      threshold.push(-2);
      return;
    }
    feature.push(node.feature);
    threshold.push(node.threshold);
    walk(node.left);
    walk(node.right);
  };
  walk(tree);
  return { feature, threshold, value };
}

/**
 * The textbook algorithm, plainly: at every node try every feature and every midpoint
 * between consecutive distinct values, split the rows by filtering, and keep the lowest
 * weighted Gini (first found on ties: lowest feature, then lowest threshold).
 */
function referenceTree(
  x: Float64Array,
  d: number,
  y: Int32Array,
  classes: number,
  rows: number[],
  depth: number,
  maxDepth: number,
  minLeaf: number,
): TreeNode {
  const countsOf = (r: number[]): number[] => {
    const c = new Array<number>(classes).fill(0);
    for (const i of r) c[y[i]]++;
    return c;
  };
  const gini = (r: number[]): number => {
    const c = countsOf(r);
    return 1 - c.reduce((s, v) => s + (v / r.length) ** 2, 0);
  };
  const counts = countsOf(rows);
  let prediction = 0;
  counts.forEach((v, c) => {
    if (v > counts[prediction]) prediction = c;
  });
  const leaf: TreeNode = { kind: 'leaf', counts, prediction, samples: rows.length };
  const impurity = gini(rows);
  if (depth >= maxDepth || rows.length < 2 * minLeaf || impurity === 0) return leaf;
  let best = Infinity;
  let split: { f: number; t: number; left: number[]; right: number[] } | null = null;
  for (let f = 0; f < d; f++) {
    const values = [...new Set(rows.map((i) => x[i * d + f]))].sort((a, b) => a - b);
    for (let k = 0; k + 1 < values.length; k++) {
      const t = (values[k] + values[k + 1]) / 2;
      const left = rows.filter((i) => x[i * d + f] <= t);
      const right = rows.filter((i) => x[i * d + f] > t);
      if (left.length < minLeaf || right.length < minLeaf) continue;
      const w = (left.length * gini(left) + right.length * gini(right)) / rows.length;
      if (w < best - 1e-12) {
        best = w;
        split = { f, t, left, right };
      }
    }
  }
  if (!split) return leaf;
  return {
    kind: 'split',
    feature: split.f,
    threshold: split.t,
    left: referenceTree(x, d, y, classes, split.left, depth + 1, maxDepth, minLeaf),
    right: referenceTree(x, d, y, classes, split.right, depth + 1, maxDepth, minLeaf),
    counts,
    samples: rows.length,
    impurity,
  };
}

describe('fitTree against a brute-force reference', () => {
  const cases = [
    { n: 40, d: 3, classes: 3, maxDepth: 4, minLeaf: 1, seed: 1, levels: 6 },
    { n: 60, d: 2, classes: 2, maxDepth: 5, minLeaf: 3, seed: 2, levels: 10 },
    { n: 80, d: 4, classes: 4, maxDepth: 3, minLeaf: 5, seed: 3, levels: 0 },
    { n: 30, d: 3, classes: 2, maxDepth: 8, minLeaf: 1, seed: 4, levels: 3 },
    { n: 100, d: 5, classes: 3, maxDepth: 4, minLeaf: 2, seed: 5, levels: 0 },
  ];
  for (const c of cases) {
    it(`n ${c.n}, d ${c.d}, ${c.classes} classes, depth ${c.maxDepth}, min leaf ${c.minLeaf}: the same tree (8 seeds)`, () => {
      for (let seed = c.seed * 100; seed < c.seed * 100 + 8; seed++) {
        const rng = createRng(seed);
        // levels > 0: few distinct values (many ties); 0: continuous values.
        const x = Float64Array.from({ length: c.n * c.d }, () =>
          c.levels > 0 ? rng.int(0, c.levels - 1) : rng.normal(0, 1),
        );
        // Classes loosely tied to the first two features, with label noise.
        const z = (v: number): number =>
          c.levels > 0 ? (v - (c.levels - 1) / 2) / (c.levels / 4) : v;
        const y = Int32Array.from({ length: c.n }, (_, i) => {
          const s = z(x[i * c.d]) + (c.d > 1 ? z(x[i * c.d + 1]) : 0) + rng.normal(0, 0.7);
          return Math.min(c.classes - 1, Math.max(0, Math.floor(s + c.classes / 2)));
        });
        const options = { maxDepth: c.maxDepth, minSamplesLeaf: c.minLeaf };
        const got = fitTree(x, c.n, c.d, y, c.classes, options);
        const rows = Array.from({ length: c.n }, (_, i) => i);
        const ref = referenceTree(x, c.d, y, c.classes, rows, 0, c.maxDepth, c.minLeaf);
        const a = flatten(got);
        const b = flatten(ref);
        expect(a.feature).toEqual(b.feature);
        expect(a.value).toEqual(b.value);
        a.threshold.forEach((t, i) => expect(t).toBeCloseTo(b.threshold[i], 12));
        expect(a.feature.length).toBeGreaterThan(2);
      }
    });
  }
});

describe.skipIf(!existsSync(IRIS))('fitTree on iris against scikit-learn', () => {
  // Python (scikit-learn 1.2.1):
  //   X = np.loadtxt('iris.tsv', delimiter='\t'); y = X[:, 4].astype(int); X = X[:, :4]
  //   t = DecisionTreeClassifier(max_depth=3, random_state=r).fit(X, y)
  //   t.score(X, y); t.tree_.feature, t.tree_.threshold, t.tree_.value[:, 0]
  // r = 0:  feature [3, -2, 3, 2, -2, -2, 2, -2, -2],
  //         threshold [0.800000011920929, -2, 1.75, 4.950000047683716, -2, -2, 4.8500001430511475, -2, -2]
  // r = 4:  feature [2, -2, 3, 2, -2, -2, 2, -2, -2], threshold[0] 2.449999988079071, the rest as r = 0
  // value (both) [[50,50,50],[50,0,0],[0,50,50],[0,49,5],[0,47,1],[0,2,4],[0,1,45],[0,1,2],[0,0,43]]
  // score 0.9733333333333334 (both).
  // The root is a tie: petal length ≤ 2.45 and petal width ≤ 0.8 both split off exactly the
  // 50 setosa. scikit-learn breaks ties by a random feature order (102 of 200 random states
  // pick feature 2, 98 feature 3); this tree takes the lowest feature index, i.e. r = 4's tree.
  const iris = existsSync(IRIS) ? readIris() : { x: new Float64Array(0), y: new Int32Array(0) };

  it('the same accuracy and tree (thresholds to float32 precision, as scikit-learn uses float32)', () => {
    const tree = fitTree(iris.x, 150, 4, iris.y, 3, { maxDepth: 3, minSamplesLeaf: 1 });
    expect(treeAccuracy(tree, iris.x, 150, 4, iris.y)).toBe(0.9733333333333334);
    const flat = flatten(tree);
    expect(flat.feature).toEqual([2, -2, 3, 2, -2, -2, 2, -2, -2]);
    const sklearn = [
      2.449999988079071, -2, 1.75, 4.950000047683716, -2, -2, 4.8500001430511475, -2, -2,
    ];
    flat.threshold.forEach((t, i) => expect(Math.abs(t - sklearn[i])).toBeLessThan(1e-6));
    expect(flat.value).toEqual([
      [50, 50, 50],
      [50, 0, 0],
      [0, 50, 50],
      [0, 49, 5],
      [0, 47, 1],
      [0, 2, 4],
      [0, 1, 45],
      [0, 1, 2],
      [0, 0, 43],
    ]);
    // The root split is random_state=0's split in effect: the same rows go left.
    if (tree.kind !== 'split') throw new Error('expected a split');
    expect(tree.feature).toBe(2);
    expect(tree.threshold).toBe(2.45);
    for (let i = 0; i < 150; i++) {
      expect(iris.x[i * 4 + 2] <= tree.threshold).toBe(iris.x[i * 4 + 3] <= 0.800000011920929);
    }
  });

  it('writes one rule per leaf with purity and coverage', () => {
    const tree = fitTree(iris.x, 150, 4, iris.y, 3, { maxDepth: 3, minSamplesLeaf: 1 });
    const rules = treeRules(tree);
    expect(rules.map((r) => [r.prediction, r.samples])).toEqual([
      [0, 50],
      [1, 48],
      [2, 6],
      [2, 3],
      [2, 43],
    ]);
    expect(rules[1].conditions).toEqual([
      { feature: 2, op: '>', threshold: 2.45 },
      { feature: 3, op: '<=', threshold: 1.75 },
      { feature: 2, op: '<=', threshold: 4.95 },
    ]);
    expect(rules[1].purity).toBeCloseTo(47 / 48, 15);
    expect(rules[1].coverage).toBeCloseTo(47 / 50, 15);
    expect(rules[4].purity).toBe(1);
    expect(rules[4].coverage).toBeCloseTo(43 / 50, 15);
    expect(rules.reduce((s, r) => s + r.samples, 0)).toBe(150);
  });
});

describe.skipIf(!existsSync(MALL))('fitTree on the mall customers against scikit-learn', () => {
  // Gender from age, annual income and spending score. Python (scikit-learn 1.2.1):
  //   M = np.loadtxt('mall_customers.csv', delimiter=',', skiprows=1, usecols=(2, 3, 4))
  //   y = (genre == 'Female').astype(int)
  //   t = DecisionTreeClassifier(max_depth=4, min_samples_leaf=5, random_state=r).fit(M, y)
  // Over r = 0..49 two trees come out (a tie at the last split: spending score ≤ 50.5 or
  // income ≤ 52 separate the same rows); 24 of the 50 give feature 1 ≤ 52, the lower index:
  //   feature   [2, 1, -2, 0, -2, 0, -2, -2, 0, 1, -2, -2, 0, 2, -2, -2, 1, -2, -2]
  //   threshold [15.5, 29, -2, 42, -2, 52.5, -2, -2, 20.5, 60, -2, -2, 56.5, 89.5, -2, -2, 52, -2, -2]
  //   value[:, 0] [[88,112],[19,9],[3,5],[16,4],[9,0],[7,4],[2,3],[5,1],[69,103],[9,4],[7,1],
  //                [2,3],[60,99],[48,91],[39,85],[9,6],[12,8],[5,5],[7,3]]; score 0.69
  it('the same tree and accuracy', () => {
    const mall = readMall();
    const tree = fitTree(mall.x, 200, 3, mall.y, 2, { maxDepth: 4, minSamplesLeaf: 5 });
    const flat = flatten(tree);
    expect(flat.feature).toEqual([
      2, 1, -2, 0, -2, 0, -2, -2, 0, 1, -2, -2, 0, 2, -2, -2, 1, -2, -2,
    ]);
    expect(flat.threshold).toEqual([
      15.5, 29, -2, 42, -2, 52.5, -2, -2, 20.5, 60, -2, -2, 56.5, 89.5, -2, -2, 52, -2, -2,
    ]);
    expect(flat.value.map((v) => v.join(','))).toEqual(
      [
        [88, 112],
        [19, 9],
        [3, 5],
        [16, 4],
        [9, 0],
        [7, 4],
        [2, 3],
        [5, 1],
        [69, 103],
        [9, 4],
        [7, 1],
        [2, 3],
        [60, 99],
        [48, 91],
        [39, 85],
        [9, 6],
        [12, 8],
        [5, 5],
        [7, 3],
      ].map((v) => v.join(',')),
    );
    expect(treeAccuracy(tree, mall.x, 200, 3, mall.y)).toBe(0.69);
    // The default minimum leaf: 1 % of 200 rows = 2, raised to 5 — the same tree.
    expect(flatten(fitTree(mall.x, 200, 3, mall.y, 2, { maxDepth: 4 })).feature).toEqual(
      flat.feature,
    );
  });
});

describe('treeRules merges conditions', () => {
  it('x ≤ a and x ≤ b → x ≤ min; x > a and x > b → x > max; other features kept in path order', () => {
    const leaf = (counts: number[], prediction: number): TreeNode => ({
      kind: 'leaf',
      counts,
      prediction,
      samples: counts[0] + counts[1],
    });
    const split = (
      feature: number,
      threshold: number,
      left: TreeNode,
      right: TreeNode,
    ): TreeNode => {
      const counts = left.counts.map((v, i) => v + right.counts[i]);
      return {
        kind: 'split',
        feature,
        threshold,
        left,
        right,
        counts,
        samples: counts[0] + counts[1],
        impurity: 0.5,
      };
    };
    // monetary (0) > 100, recency (1) ≤ 30, monetary > 500 → cluster 1; monetary ≤ 100, monetary ≤ 40 → 0
    const tree = split(
      0,
      100,
      split(0, 40, leaf([30, 2], 0), leaf([10, 8], 0)),
      split(1, 30, split(0, 500, leaf([3, 7], 1), leaf([1, 19], 1)), leaf([6, 4], 0)),
    );
    const rules = treeRules(tree);
    expect(rules).toHaveLength(5);
    expect(rules[0].conditions).toEqual([{ feature: 0, op: '<=', threshold: 40 }]);
    expect(rules[1].conditions).toEqual([
      { feature: 0, op: '<=', threshold: 100 },
      { feature: 0, op: '>', threshold: 40 },
    ]);
    expect(rules[3].conditions).toEqual([
      { feature: 0, op: '>', threshold: 500 },
      { feature: 1, op: '<=', threshold: 30 },
    ]);
    expect(rules[3]).toMatchObject({
      prediction: 1,
      samples: 20,
      purity: 19 / 20,
      coverage: 19 / 40,
    });
    expect(rules[4].conditions).toEqual([
      { feature: 0, op: '>', threshold: 100 },
      { feature: 1, op: '>', threshold: 30 },
    ]);
    expect(rules[0]).toMatchObject({
      prediction: 0,
      samples: 32,
      purity: 30 / 32,
      coverage: 30 / 50,
    });
  });
});

describe('fitTree details and checks', () => {
  it('stops at purity, at maxDepth 0 and when no split keeps minSamplesLeaf rows', () => {
    const x = Float64Array.from([1, 2, 3, 4, 5, 6]);
    const pure = fitTree(x, 6, 1, Int32Array.from([1, 1, 1, 1, 1, 1]), 2, { minSamplesLeaf: 1 });
    expect(pure).toEqual({ kind: 'leaf', counts: [0, 6], prediction: 1, samples: 6 });
    const y = Int32Array.from([0, 0, 0, 1, 1, 1]);
    expect(fitTree(x, 6, 1, y, 2, { maxDepth: 0, minSamplesLeaf: 1 }).kind).toBe('leaf');
    expect(fitTree(x, 6, 1, y, 2, { minSamplesLeaf: 4 }).kind).toBe('leaf');
    const tree = fitTree(x, 6, 1, y, 2, { minSamplesLeaf: 3 });
    expect(tree).toMatchObject({ kind: 'split', feature: 0, threshold: 3.5 });
    // A constant feature is never split on; ties in counts predict the lowest class.
    const constant = fitTree(
      Float64Array.from([7, 7, 7, 7]),
      4,
      1,
      Int32Array.from([1, 0, 1, 0]),
      2,
      {
        minSamplesLeaf: 1,
      },
    );
    expect(constant).toEqual({ kind: 'leaf', counts: [2, 2], prediction: 0, samples: 4 });
  });

  it('splits even without a gain, as scikit-learn (XOR)', () => {
    const x = Float64Array.from([0, 0, 0, 1, 1, 0, 1, 1]);
    const y = Int32Array.from([0, 1, 1, 0]);
    const tree = fitTree(x, 4, 2, y, 2, { maxDepth: 2, minSamplesLeaf: 1 });
    expect(treeAccuracy(tree, x, 4, 2, y)).toBe(1);
    expect(flatten(tree).feature).toEqual([0, 1, -2, -2, 1, -2, -2]);
  });

  it('predictTree sends x ≤ threshold left', () => {
    const x = Float64Array.from([1, 2, 3, 4]);
    const tree = fitTree(x, 4, 1, Int32Array.from([0, 0, 1, 1]), 2, { minSamplesLeaf: 1 });
    expect(
      Array.from(predictTree(tree, Float64Array.from([2.5, 2.4999, 2.5001, -9, 99]), 5, 1)),
    ).toEqual([0, 0, 1, 0, 1]);
  });

  it('fits 100,000 rows × 8 features to depth 4 quickly', () => {
    const rng = createRng(12);
    const n = 100_000;
    const d = 8;
    const x = Float64Array.from({ length: n * d }, () => rng.normal(0, 1));
    const y = Int32Array.from(
      { length: n },
      (_, i) => (x[i * d] > 0.3 ? 1 : 0) + (x[i * d + 3] > -0.5 ? 2 : 0),
    );
    const t0 = performance.now();
    const tree = fitTree(x, n, d, y, 4);
    const ms = performance.now() - t0;
    console.info(`fitTree 100,000 × 8, depth 4: ${ms.toFixed(0)} ms`);
    expect(treeAccuracy(tree, x, n, d, y)).toBe(1);
  });

  it('rejects bad input with LensErrors', () => {
    const code = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        return e instanceof LensError ? e.code : 'other';
      }
      return 'none';
    };
    const x = Float64Array.from([1, 2, 3]);
    const y = Int32Array.from([0, 1, 0]);
    expect(code(() => fitTree(x, 3, 1, y, 2, { maxDepth: -1 }))).toBe('error.tree.option');
    expect(code(() => fitTree(x, 3, 1, y, 2, { minSamplesLeaf: 0 }))).toBe('error.tree.option');
    expect(code(() => fitTree(x, 3, 1, y, 0))).toBe('error.tree.option');
    expect(code(() => fitTree(x, 3, 1, Int32Array.from([0, 2, 0]), 2))).toBe('error.tree.label');
    expect(code(() => fitTree(x, 3, 1, Int32Array.from([0, 1]), 2))).toBe('error.tree.labels');
    expect(code(() => fitTree(x, 0, 1, y, 2))).toBe('error.tree.noRows');
    expect(code(() => fitTree(x, 3, 0, y, 2))).toBe('error.tree.noFeatures');
    expect(code(() => fitTree(x, 2, 1, y, 2))).toBe('error.tree.shape');
    expect(code(() => fitTree(Float64Array.from([1, NaN, 3]), 3, 1, y, 2))).toBe(
      'error.tree.notFinite',
    );
  });
});
