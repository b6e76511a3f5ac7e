/**
 * The churn feature pipeline on a small hand-made table: learnt on the training rows only,
 * plain JSON, readable feature names; and the logistic fit and tree explanations it feeds.
 */
import { describe, expect, it } from 'vitest';
import { fitLogistic, predictLogistic } from '../../src/core/churn/logistic.ts';
import { contributions } from '../../src/core/churn/model.ts';
import { fitPipeline, transform } from '../../src/core/churn/pipeline.ts';
import { fitChurnTree, predictChurnTree, treeContributions } from '../../src/core/churn/tree.ts';
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
