/**
 * Class weights in the CART tree (scikit-learn's `class_weight`): all-ones weights change
 * nothing, integer weights grow the tree of the data with rows repeated, every split is a
 * brute-force weighted-Gini reference's, and a real case matches scikit-learn.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classWeights } from '../../src/core/churn/model.ts';
import { fitChurnTree, predictChurnTree } from '../../src/core/churn/tree.ts';
import { LensError } from '../../src/core/errors.ts';
import { createRng, type Rng } from '../../src/core/stats/random.ts';
import { fitTree, treeAccuracy, treeRules, type TreeNode } from '../../src/core/tree/cart.ts';

const MALL = resolve(process.cwd(), '../shared/data/mall_customers/mall_customers.csv');

interface Flat {
  feature: number[];
  threshold: number[];
  prediction: number[];
  counts: number[][];
  weighted: (number[] | undefined)[];
}

/** Nodes in preorder: feature (−2 for a leaf), threshold, prediction, counts, weighted. */
function flatten(tree: TreeNode): Flat {
  const flat: Flat = { feature: [], threshold: [], prediction: [], counts: [], weighted: [] };
  const walk = (node: TreeNode): void => {
    flat.counts.push(node.counts);
    flat.weighted.push(node.weighted);
    if (node.kind === 'leaf') {
      flat.feature.push(-2);
      flat.threshold.push(-2);
      flat.prediction.push(node.prediction);
      return;
    }
    flat.feature.push(node.feature);
    flat.threshold.push(node.threshold);
    flat.prediction.push(-1);
    walk(node.left);
    walk(node.right);
  };
  walk(tree);
  return flat;
}

/** The tree without the `weighted` fields (everything else as grown). */
function stripWeighted(node: TreeNode): TreeNode {
  if (node.kind === 'leaf') {
    const { weighted: _w, ...rest } = node;
    return rest;
  }
  const { weighted: _w, left, right, ...rest } = node;
  return { ...rest, left: stripWeighted(left), right: stripWeighted(right) };
}

/**
 * n rows × d features, about half of the features with few distinct values (ties and
 * repeated values), classes loosely tied to the first two features with label noise.
 */
function generate(rng: Rng, n: number, d: number, classes: number) {
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < d; f++) x[i * d + f] = f % 2 === 1 ? rng.int(0, 5) : rng.normal(0, 1);
  }
  const y = Int32Array.from({ length: n }, (_, i) => {
    const s = x[i * d] + (d > 1 ? (x[i * d + 1] - 2.5) / 1.5 : 0) + rng.normal(0, 0.8);
    return Math.min(classes - 1, Math.max(0, Math.floor(s + classes / 2)));
  });
  return { x, y };
}

/**
 * The weighted textbook algorithm, plainly: at every node try every feature and every
 * midpoint between consecutive distinct values, split the rows by filtering, and keep the
 * lowest W_L·gini(L) + W_R·gini(R) on the weighted class totals (first found on ties);
 * min leaf counts rows. Leaves predict the largest weighted total (lowest class on ties).
 */
function referenceTree(
  x: Float64Array,
  d: number,
  y: Int32Array,
  w: number[],
  rows: number[],
  depth: number,
  maxDepth: number,
  minLeaf: number,
): TreeNode {
  const classes = w.length;
  const countsOf = (r: number[]): number[] => {
    const c = new Array<number>(classes).fill(0);
    for (const i of r) c[y[i]]++;
    return c;
  };
  const weightedOf = (r: number[]): number[] => countsOf(r).map((v, c) => v * w[c]);
  const size = (r: number[]): number => weightedOf(r).reduce((s, v) => s + v, 0);
  const gini = (r: number[]): number => {
    const total = size(r);
    return 1 - weightedOf(r).reduce((s, v) => s + (v / total) ** 2, 0);
  };
  const counts = countsOf(rows);
  const weighted = weightedOf(rows);
  let prediction = 0;
  weighted.forEach((v, c) => {
    if (v > weighted[prediction]) prediction = c;
  });
  const leaf: TreeNode = { kind: 'leaf', counts, prediction, samples: rows.length, weighted };
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
      const score =
        (size(left) * gini(left) + size(right) * gini(right)) / (size(left) + size(right));
      if (score < best - 1e-12) {
        best = score;
        split = { f, t, left, right };
      }
    }
  }
  if (!split) return leaf;
  return {
    kind: 'split',
    feature: split.f,
    threshold: split.t,
    left: referenceTree(x, d, y, w, split.left, depth + 1, maxDepth, minLeaf),
    right: referenceTree(x, d, y, w, split.right, depth + 1, maxDepth, minLeaf),
    counts,
    samples: rows.length,
    impurity,
    weighted,
  };
}

describe('class weights of all ones', () => {
  it('give the unweighted tree, plus weighted totals equal to the counts (10 seeds, 2–4 classes)', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const classes = 2 + (seed % 3);
      const rng = createRng(seed);
      const n = 150;
      const d = 3;
      const { x, y } = generate(rng, n, d, classes);
      const options = { maxDepth: 4, minSamplesLeaf: 1 + (seed % 4) };
      const plain = fitTree(x, n, d, y, classes, options);
      const ones = fitTree(x, n, d, y, classes, {
        ...options,
        classWeight: new Array<number>(classes).fill(1),
      });
      expect(plain.kind).toBe('split');
      expect(flatten(plain).weighted.every((v) => v === undefined)).toBe(true);
      expect(stripWeighted(ones)).toStrictEqual(plain);
      const flat = flatten(ones);
      flat.weighted.forEach((v, k) => expect(v).toEqual(flat.counts[k]));
    }
  });
});

describe('integer class weights equal repeated rows', () => {
  const cases = [
    { classes: 2, weights: [1, 3] },
    { classes: 2, weights: [4, 1] },
    { classes: 3, weights: [2, 1, 3] },
  ];
  for (const c of cases) {
    it(`weights [${c.weights.join(', ')}]: the same splits and predictions as each class-c row repeated w_c times (8 seeds)`, () => {
      let differsFromPlain = 0;
      for (let seed = 10; seed < 18; seed++) {
        const rng = createRng(seed * 7 + c.classes);
        const n = 200;
        const d = 3;
        const { x, y } = generate(rng, n, d, c.classes);
        const xs: number[] = [];
        const ys: number[] = [];
        for (let i = 0; i < n; i++) {
          for (let k = 0; k < c.weights[y[i]]; k++) {
            xs.push(...x.subarray(i * d, (i + 1) * d));
            ys.push(y[i]);
          }
        }
        const options = { maxDepth: 3, minSamplesLeaf: 1 };
        const weighted = flatten(
          fitTree(x, n, d, y, c.classes, { ...options, classWeight: c.weights }),
        );
        const repeated = flatten(
          fitTree(Float64Array.from(xs), ys.length, d, Int32Array.from(ys), c.classes, options),
        );
        expect(weighted.feature).toEqual(repeated.feature);
        expect(weighted.threshold).toEqual(repeated.threshold);
        expect(weighted.prediction).toEqual(repeated.prediction);
        // The weighted totals are the repeated data's counts; the counts stay the rows.
        expect(weighted.weighted).toEqual(repeated.counts);
        weighted.counts.forEach((counts, k) =>
          expect(counts.map((v, cl) => v * c.weights[cl])).toEqual(repeated.counts[k]),
        );
        const plain = flatten(fitTree(x, n, d, y, c.classes, options));
        if (
          plain.feature.join() !== weighted.feature.join() ||
          plain.threshold.join() !== weighted.threshold.join() ||
          plain.prediction.join() !== weighted.prediction.join()
        )
          differsFromPlain++;
      }
      // The weights matter: most trees differ from the unweighted ones.
      expect(differsFromPlain).toBeGreaterThanOrEqual(6);
    });
  }
});

describe('fitTree with class weights against a brute-force weighted-Gini reference', () => {
  const cases = [
    { n: 40, d: 3, weights: [0.7, 2.3], maxDepth: 4, minLeaf: 1, seed: 1 },
    { n: 60, d: 2, weights: [1.25, 0.4, 3.1], maxDepth: 3, minLeaf: 3, seed: 2 },
    { n: 80, d: 4, weights: [5, 0.2], maxDepth: 3, minLeaf: 5, seed: 3 },
    { n: 50, d: 3, weights: [0.9, 1.7, 0.33, 2.2], maxDepth: 5, minLeaf: 2, seed: 4 },
  ];
  for (const c of cases) {
    it(`n ${c.n}, d ${c.d}, weights [${c.weights.join(', ')}], depth ${c.maxDepth}, min leaf ${c.minLeaf}: the same root split and tree (8 seeds)`, () => {
      for (let seed = c.seed * 100; seed < c.seed * 100 + 8; seed++) {
        const rng = createRng(seed);
        const { x, y } = generate(rng, c.n, c.d, c.weights.length);
        const got = fitTree(x, c.n, c.d, y, c.weights.length, {
          maxDepth: c.maxDepth,
          minSamplesLeaf: c.minLeaf,
          classWeight: c.weights,
        });
        const rows = Array.from({ length: c.n }, (_, i) => i);
        const ref = referenceTree(x, c.d, y, c.weights, rows, 0, c.maxDepth, c.minLeaf);
        if (got.kind !== 'split' || ref.kind !== 'split') throw new Error('expected a root split');
        expect([got.feature, got.threshold]).toEqual([ref.feature, ref.threshold]);
        expect(got.impurity).toBeCloseTo(ref.impurity, 14);
        const a = flatten(got);
        const b = flatten(ref);
        expect(a.feature).toEqual(b.feature);
        expect(a.threshold).toEqual(b.threshold);
        expect(a.prediction).toEqual(b.prediction);
        expect(a.counts).toEqual(b.counts);
        a.weighted.forEach((v, k) => expect(v).toEqual(b.weighted[k]));
      }
    });
  }

  it('the root split moves when a rare class is weighted up', () => {
    // Class 1 is 2 of 10 rows, at x = 5 and 9. Unweighted, the best cut splits off the
    // last row (x ≤ 8.5); with class 1 weighted 3 it splits off the pure class-0 rows x ≤ 4.5.
    const x = Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const y = Int32Array.from([0, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
    const options = { maxDepth: 1, minSamplesLeaf: 1 };
    const plain = fitTree(x, 10, 1, y, 2, options);
    const weighted = fitTree(x, 10, 1, y, 2, { ...options, classWeight: [1, 3] });
    const rows = Array.from({ length: 10 }, (_, i) => i);
    const refPlain = referenceTree(x, 1, y, [1, 1], rows, 0, 1, 1);
    const refWeighted = referenceTree(x, 1, y, [1, 3], rows, 0, 1, 1);
    expect(plain).toMatchObject({ kind: 'split', threshold: 8.5 });
    expect(refPlain).toMatchObject({ kind: 'split', threshold: 8.5 });
    expect(weighted).toMatchObject({ kind: 'split', threshold: 4.5, weighted: [8, 6] });
    expect(refWeighted).toMatchObject({ kind: 'split', threshold: 4.5 });
    if (weighted.kind !== 'split') throw new Error('expected a split');
    // x > 4.5 holds 3 rows of class 0 and 2 of class 1: weighted 3 vs 6, so class 1.
    expect(weighted.right).toEqual({
      kind: 'leaf',
      counts: [3, 2],
      prediction: 1,
      samples: 5,
      weighted: [3, 6],
    });
    expect(weighted.impurity).toBeCloseTo(1 - (8 / 14) ** 2 - (6 / 14) ** 2, 15);
  });
});

describe('class weight details', () => {
  it('min leaf counts rows, not weight; a leaf predicts the weighted majority, ties to the lowest class', () => {
    const x = Float64Array.from([1, 2, 3, 4, 5, 6]);
    const y = Int32Array.from([0, 0, 0, 1, 1, 1]);
    // A 3-row leaf is allowed with minSamplesLeaf 3 however small its weight.
    const tree = fitTree(x, 6, 1, y, 2, { minSamplesLeaf: 3, classWeight: [0.01, 0.01] });
    expect(tree).toMatchObject({ kind: 'split', threshold: 3.5, samples: 6 });
    expect(fitTree(x, 6, 1, y, 2, { minSamplesLeaf: 4, classWeight: [100, 100] }).kind).toBe(
      'leaf',
    );
    // Three rows of class 0 against one of class 1 weighted 3: a tie, class 0.
    const tie = fitTree(Float64Array.from([7, 7, 7, 7]), 4, 1, Int32Array.from([0, 0, 1, 0]), 2, {
      classWeight: [1, 3],
    });
    expect(tie).toEqual({
      kind: 'leaf',
      counts: [3, 1],
      prediction: 0,
      samples: 4,
      weighted: [3, 3],
    });
    const more = fitTree(Float64Array.from([7, 7, 7, 7]), 4, 1, Int32Array.from([0, 0, 1, 0]), 2, {
      classWeight: [1, 3.5],
    });
    expect(more).toMatchObject({ prediction: 1, weighted: [3, 3.5] });
  });

  it('rules keep row shares: purity and coverage from the raw counts', () => {
    // The rule x > 4.5 predicts class 1 (weighted 6 vs 3) though 3 of its 5 rows are class 0.
    const x = Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const y = Int32Array.from([0, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
    const tree = fitTree(x, 10, 1, y, 2, { maxDepth: 1, minSamplesLeaf: 1, classWeight: [1, 3] });
    expect(treeRules(tree)).toEqual([
      {
        conditions: [{ feature: 0, op: '<=', threshold: 4.5 }],
        prediction: 0,
        samples: 5,
        purity: 1,
        coverage: 5 / 8,
      },
      {
        conditions: [{ feature: 0, op: '>', threshold: 4.5 }],
        prediction: 1,
        samples: 5,
        purity: 2 / 5,
        coverage: 1,
      },
    ]);
  });

  it('rejects a wrong number of weights and weights that are not positive and finite', () => {
    const code = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        return e instanceof LensError ? `${e.code} ${String(e.params?.option)}` : 'other';
      }
      return 'none';
    };
    const x = Float64Array.from([1, 2, 3]);
    const y = Int32Array.from([0, 1, 0]);
    for (const classWeight of [[1], [1, 1, 1], [1, 0], [-1, 1], [1, NaN], [Infinity, 1], []]) {
      expect(code(() => fitTree(x, 3, 1, y, 2, { classWeight }))).toBe(
        'error.tree.option classWeight',
      );
    }
    expect(code(() => fitTree(x, 3, 1, y, 2, { classWeight: Float64Array.of(0.5, 2) }))).toBe(
      'none',
    );
    // The churn tree takes row weights that must depend on the class only.
    expect(
      code(() => fitChurnTree(x, 3, 1, [0, 1, 0], { maxDepth: 2, minSamplesLeaf: 1 }, [1, 2, 3])),
    ).toBe('error.tree.option classWeight');
  });
});

/** Age and spending score → annual income above 90 k$ (22 of the 200 customers). */
function readMall(): { x: Float64Array; y: Int32Array } {
  const rows = readFileSync(MALL, 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => l.split(',').map(Number));
  return {
    x: Float64Array.from(rows.flatMap((r) => [r[2], r[4]])),
    y: Int32Array.from(rows.map((r) => (r[3] > 90 ? 1 : 0))),
  };
}

describe.skipIf(!existsSync(MALL))(
  "class_weight='balanced' on the mall customers against scikit-learn",
  () => {
    // Python (scikit-learn 1.2.1):
    //   M = np.loadtxt('mall_customers.csv', delimiter=',', skiprows=1, usecols=(2, 3, 4))
    //   X = M[:, [0, 2]]; y = (M[:, 1] > 90).astype(int)
    //   t = DecisionTreeClassifier(max_depth=3, min_samples_leaf=5, class_weight='balanced',
    //                              random_state=r).fit(X, y)
    // The same tree for every r in 0..49:
    //   feature   [0, -2, 0, 1, -2, -2, 1, -2, -2]
    //   threshold [27.5, -2, 47.5, 7.5, -2, -2, 25.0, -2, -2]
    //   value[:, 0] (weighted totals) and impurity below; n_node_samples
    //   [200, 46, 154, 97, 5, 92, 57, 13, 44]; t.score(X, y) 0.585;
    //   t.predict_proba(X)[:, 1].mean() 0.3570471296233688 (unweighted tree: 0.11), and
    //   t.predict_proba(X)[:10, 1] below. Without class_weight the tree is
    //   feature [1, 1, 1, -2, -2, 1, -2, -2, 0, -2, 1, -2, -2].
    const value = [
      [99.99999999999957, 100.00000000000001],
      [25.842696629213485, 0.0],
      [74.15730337078625, 100.00000000000001],
      [43.25842696629206, 90.90909090909092],
      [2.808988764044944, 0.0],
      [40.44943820224714, 90.90909090909092],
      [30.898876404494384, 9.090909090909092],
      [6.179775280898877, 9.090909090909092],
      [24.719101123595507, 0.0],
    ];
    const impurity = [
      0.4999999999999989, 0.0, 0.48899063475546134, 0.4369314064408868, 0.0, 0.42621943698013387,
      0.3513029918984034, 0.4818290623147393, 0,
    ];
    const proba = [
      0.0, 0.0, 0.0, 0.0, 0.6920684292379475, 0.0, 0.0, 0.0, 0.5953177257525084, 0.6920684292379475,
    ];
    const mall = existsSync(MALL) ? readMall() : { x: new Float64Array(0), y: new Int32Array(0) };

    it('the same tree, weighted totals, impurities and accuracy', () => {
      const { x, y } = mall;
      const positives = y.reduce((s, v) => s + v, 0);
      expect(positives).toBe(22);
      // compute_class_weight('balanced'): n / (classes · count).
      const classWeight = [200 / (2 * 178), 200 / (2 * 22)];
      const tree = fitTree(x, 200, 2, y, 2, { maxDepth: 3, minSamplesLeaf: 5, classWeight });
      const flat = flatten(tree);
      expect(flat.feature).toEqual([0, -2, 0, 1, -2, -2, 1, -2, -2]);
      expect(flat.threshold).toEqual([27.5, -2, 47.5, 7.5, -2, -2, 25, -2, -2]);
      expect(flat.counts.map((c) => c[0] + c[1])).toEqual([200, 46, 154, 97, 5, 92, 57, 13, 44]);
      flat.weighted.forEach((v, k) => {
        expect(v?.[0]).toBeCloseTo(value[k][0], 10);
        expect(v?.[1]).toBeCloseTo(value[k][1], 10);
      });
      const impurities: number[] = [];
      const walk = (node: TreeNode): void => {
        if (node.kind === 'split') {
          impurities.push(node.impurity);
          walk(node.left);
          walk(node.right);
        } else {
          const w = node.weighted ?? [];
          const total = w[0] + w[1];
          impurities.push(1 - (w[0] / total) ** 2 - (w[1] / total) ** 2);
        }
      };
      walk(tree);
      impurities.forEach((g, k) => expect(g).toBeCloseTo(impurity[k], 12));
      expect(treeAccuracy(tree, x, 200, 2, y)).toBe(0.585);
      // Without weights the tree differs (scikit-learn's unweighted tree).
      expect(flatten(fitTree(x, 200, 2, y, 2, { maxDepth: 3, minSamplesLeaf: 5 })).feature).toEqual(
        [1, 1, 1, -2, -2, 1, -2, -2, 0, -2, 1, -2, -2],
      );
    });

    it("the churn tree with 'balanced' row weights gives predict_proba", () => {
      const { x, y } = mall;
      const options = { maxDepth: 3, minSamplesLeaf: 5 };
      const tree = fitChurnTree(x, 200, 2, y, options, classWeights(y, 'balanced'));
      const p = predictChurnTree(tree, x, 200, 2);
      proba.forEach((v, i) => expect(p[i]).toBeCloseTo(v, 12));
      expect(p.reduce((s, v) => s + v, 0) / 200).toBeCloseTo(0.3570471296233688, 12);
      const plain = predictChurnTree(fitChurnTree(x, 200, 2, y, options), x, 200, 2);
      expect(plain.reduce((s, v) => s + v, 0) / 200).toBeCloseTo(0.11, 12);
    });
  },
);
