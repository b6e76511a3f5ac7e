/**
 * The churn feature pipeline on a small hand-made table: learnt on the training rows only,
 * plain JSON, readable feature names; and the logistic fit and tree explanations it feeds.
 */
import { describe, expect, it } from 'vitest';
import { fitLogistic, predictLogistic } from '../../src/core/churn/logistic.ts';
import {
  classWeights,
  contributions,
  fitModel,
  predict,
  type TrainedModel,
} from '../../src/core/churn/model.ts';
import { fitPipeline, transform } from '../../src/core/churn/pipeline.ts';
import { DEFAULT_CHURN_SETTINGS } from '../../src/core/churn/settings.ts';
import {
  churnRules,
  fitChurnTree,
  predictChurnTree,
  treeContributions,
} from '../../src/core/churn/tree.ts';
import type { TreeNode } from '../../src/core/tree/cart.ts';
import { createRng } from '../../src/core/stats/random.ts';
import { dictColumn, numericColumn, type Table } from '../../src/core/table/index.ts';

const ids = Array.from({ length: 12 }, (_, i) => `C${i + 1}`);
const table: Table = {
  rowCount: 12,
  columns: [
    dictColumn('id', ids),
    numericColumn('spend', 'f64', [10, 20, null, 40, 50, 60, 70, 80, 90, 100, 110, 120]),
    numericColumn('vip', 'i32', [0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0]),
    dictColumn('member', [
      'yes',
      'no',
      'no',
      'yes',
      'no',
      'no',
      'no',
      'yes',
      'no',
      'no',
      null,
      'no',
    ]),
    dictColumn('city', ['a', 'a', 'a', 'b', 'b', 'c', 'd', 'a', 'b', 'e', 'f', 'a']),
    dictColumn('churn', ['Y', 'N', 'N', 'Y', 'N', 'N', 'Y', 'N', 'N', 'Y', 'N', 'N']),
  ],
};

describe('feature pipeline', () => {
  const train = Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const p = fitPipeline(table, { roles: { id: 'customerId' }, target: 'churn', topK: 2 }, train);

  it('names readable features and says why columns were left out', () => {
    expect(p.features.map((f) => f.name)).toEqual([
      'spend',
      'spend missing',
      'vip',
      'member = yes',
      'city = a',
      'city = b',
      'city = other',
    ]);
    expect(p.excluded).toEqual([
      { column: 'id', reason: 'identifier' },
      { column: 'churn', reason: 'target' },
    ]);
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
  });

  it('standardises with the training mean and population std, imputes the mean, one-hots top K + other', () => {
    const known = [10, 20, 40, 50, 60, 70, 80, 90, 100];
    const mean = known.reduce((a, b) => a + b) / known.length;
    const std = Math.sqrt(known.reduce((a, b) => a + (b - mean) ** 2, 0) / known.length);
    const m = transform(p, table);
    const row = (i: number) => Array.from(m.x.subarray(i * m.d, (i + 1) * m.d));
    expect(row(0)[0]).toBeCloseTo((10 - mean) / std, 12);
    expect(row(2).slice(0, 2)).toEqual([0, 1]); // missing spend → mean (0 standardised) + indicator
    // Row 11 is outside the training rows: its spend 120 uses the training statistics.
    expect(row(11)[0]).toBeCloseTo((120 - mean) / std, 12);
    expect(row(0).slice(2)).toEqual([0, 1, 1, 0, 0]);
    expect(row(5).slice(4)).toEqual([0, 0, 1]); // city c → other
    expect(row(9).slice(4)).toEqual([0, 0, 1]); // city e → other
    // member missing on row 10 (not in training, no indicator) → the training share of "yes".
    expect(row(10)[3]).toBeCloseTo(3 / 10, 12);
  });
});

describe('model explanations', () => {
  const rng = createRng(3);
  const n = 300;
  const d = 3;
  const x = new Float64Array(n * d);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) x[i * d + j] = rng.normal();
    y[i] = x[i * d] - 0.5 * x[i * d + 1] + rng.normal() > 0 ? 1 : 0;
  }

  it('logistic: the fit is a stationary point of the penalised log-loss; contributions are coef × value', () => {
    const fit = fitLogistic(x, n, d, y, { C: 1 });
    expect(fit.converged).toBe(true);
    const p = predictLogistic(fit, x, n, d);
    const grad = new Float64Array(d + 1);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) grad[j] += (p[i] - y[i]) * x[i * d + j];
      grad[d] += p[i] - y[i];
    }
    for (let j = 0; j < d; j++) expect(grad[j] + fit.coef[j]).toBeCloseTo(0, 6);
    expect(grad[d]).toBeCloseTo(0, 6);
    const c = contributions({ kind: 'logistic', ...fit }, x, 5, d);
    for (let j = 0; j < d; j++) expect(c[j]).toBeCloseTo(fit.coef[j] * x[5 * d + j], 14);
  });

  it('tree: Saabas contributions add up to the leaf probability minus the root share', () => {
    const tree = fitChurnTree(x, n, d, y, { maxDepth: 3, minSamplesLeaf: 10 });
    const p = predictChurnTree(tree, x, n, d);
    const root = tree.counts[1] / tree.samples;
    for (const i of [0, 17, 123]) {
      const c = treeContributions(tree, x.subarray(i * d, (i + 1) * d), d);
      expect(root + c.reduce((a, b) => a + b, 0)).toBeCloseTo(p[i], 12);
    }
  });
});

describe("tree with class weights 'balanced'", () => {
  // ~10 % positive: 1,000 customers, three numbers, churn more likely at low a and high b.
  const rng = createRng(11);
  const n = 1000;
  const a: number[] = [];
  const b: number[] = [];
  const c: number[] = [];
  const labels: string[] = [];
  for (let i = 0; i < n; i++) {
    a.push(rng.normal(50, 10));
    b.push(rng.int(0, 9));
    c.push(rng.normal(0, 1));
    const z = -(a[i] - 50) / 8 + (b[i] - 4.5) / 3 + rng.normal(0, 1) - 2.4;
    labels.push(z > 0 ? 'Y' : 'N');
  }
  const churnTable: Table = {
    rowCount: n,
    columns: [
      numericColumn('a', 'f64', a),
      numericColumn('b', 'i32', b),
      numericColumn('c', 'f64', c),
      dictColumn('churn', labels),
    ],
  };
  const pipeline = fitPipeline(churnTable, { target: 'churn' });
  const m = transform(pipeline, churnTable);
  const y = Uint8Array.from(labels, (v) => (v === 'Y' ? 1 : 0));
  const positives = y.reduce((s, v) => s + v, 0);
  // scikit-learn's compute_class_weight('balanced'): n / (2 · class rows).
  const w0 = n / (2 * (n - positives));
  const w1 = n / (2 * positives);
  const fit = async (classWeight: 'none' | 'balanced'): Promise<TreeNode> => {
    const settings = {
      ...DEFAULT_CHURN_SETTINGS,
      classWeight,
      tree: { maxDepth: 4, minSamplesLeaf: 10 },
    };
    const model = await fitModel('tree', m.x, n, m.d, y, settings, createRng(1));
    if (model.kind !== 'tree') throw new Error('expected a tree');
    return model.tree;
  };
  type Leaf = Extract<TreeNode, { kind: 'leaf' }>;
  const leavesOf = (tree: TreeNode): Leaf[] =>
    tree.kind === 'leaf' ? [tree] : [...leavesOf(tree.left), ...leavesOf(tree.right)];
  const leafOf = (tree: TreeNode, i: number): TreeNode => {
    let node = tree;
    while (node.kind === 'split')
      node = m.x[i * m.d + node.feature] <= node.threshold ? node.left : node.right;
    return node;
  };
  const mean = (p: Float64Array): number => p.reduce((s, v) => s + v, 0) / p.length;

  it('the data are imbalanced (about 10 % positive) and the weights are those of classWeights', () => {
    expect(positives / n).toBeGreaterThan(0.07);
    expect(positives / n).toBeLessThan(0.13);
    const rows = classWeights(y, 'balanced');
    expect(rows[y.indexOf(1)]).toBe(w1);
    expect(rows[y.indexOf(0)]).toBe(w0);
  });

  it('leaf probabilities are the weighted positive shares, and the mean probability moves towards 0.5', async () => {
    const tree = await fit('balanced');
    const plain = await fit('none');
    expect(plain.weighted).toBeUndefined();
    expect(tree.weighted?.[0]).toBeCloseTo(n / 2, 9);
    expect(tree.weighted?.[1]).toBeCloseTo(n / 2, 9);
    const model: TrainedModel = { kind: 'tree', tree };
    const p = predict(model, m.x, n, m.d);
    for (let i = 0; i < n; i++) {
      const leaf = leafOf(tree, i);
      const [neg, pos] = leaf.counts;
      expect(leaf.weighted).toEqual([neg * w0, pos * w1]);
      expect(p[i]).toBeCloseTo((pos * w1) / (neg * w0 + pos * w1), 14);
    }
    // Unweighted, the leaves' shares average to the positive rate on the training rows.
    const pPlain = predict({ kind: 'tree', tree: plain }, m.x, n, m.d);
    expect(mean(pPlain)).toBeCloseTo(positives / n, 12);
    expect(mean(p)).toBeGreaterThan(mean(pPlain) + 0.08);
    expect(Math.abs(mean(p) - 0.5)).toBeLessThan(Math.abs(mean(pPlain) - 0.5));
    // More customers reach 0.5 with the weights.
    const above = (q: Float64Array): number => q.filter((v) => v >= 0.5).length;
    expect(above(p)).toBeGreaterThan(above(pPlain));
    expect(leavesOf(tree).some((l) => l.prediction === 1 && l.counts[1] < l.counts[0])).toBe(true);
  });

  it('root share + Saabas contributions = the probability, with the weights', async () => {
    const tree = await fit('balanced');
    const model: TrainedModel = { kind: 'tree', tree };
    const p = predict(model, m.x, n, m.d);
    const root =
      (tree.weighted?.[1] ?? NaN) / ((tree.weighted?.[0] ?? NaN) + (tree.weighted?.[1] ?? NaN));
    expect(root).toBeCloseTo(0.5, 12);
    let checked = 0;
    for (let i = 0; i < n; i += 37) {
      const contribution = contributions(model, m.x, i, m.d);
      expect(root + contribution.reduce((s, v) => s + v, 0)).toBeCloseTo(p[i], 12);
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('rules give the weighted probability and the raw positive coverage', async () => {
    const tree = await fit('balanced');
    const rules = churnRules(tree, pipeline);
    const leaves = leavesOf(tree);
    expect(rules).toHaveLength(leaves.length);
    for (const rule of rules) {
      const leaf = leaves.find(
        (l) =>
          l.samples === rule.samples &&
          l.prediction === rule.prediction &&
          Math.abs((l.counts[1] * w1) / (l.counts[0] * w0 + l.counts[1] * w1) - rule.probability) <
            1e-14,
      );
      expect(leaf).toBeDefined();
      expect(rule.positiveCoverage).toBeCloseTo((leaf?.counts[1] ?? NaN) / positives, 14);
    }
    expect(rules.reduce((s, r) => s + r.positiveCoverage, 0)).toBeCloseTo(1, 12);
  });

  it('a stored tree without weighted totals (from before class weights) still scores with plain shares', async () => {
    const strip = (node: TreeNode): TreeNode => {
      if (node.kind === 'leaf') {
        const { weighted: _w, ...rest } = node;
        return rest;
      }
      const { weighted: _w, left, right, ...rest } = node;
      return { ...rest, left: strip(left), right: strip(right) };
    };
    const old = JSON.parse(JSON.stringify(strip(await fit('balanced')))) as TreeNode;
    const p = predictChurnTree(old, m.x, n, m.d);
    for (let i = 0; i < n; i += 13) {
      const leaf = leafOf(old, i);
      expect(p[i]).toBe(leaf.counts[1] / leaf.samples);
    }
  });
});
