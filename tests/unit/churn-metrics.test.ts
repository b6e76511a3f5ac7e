/**
 * Churn metrics against brute-force references on small random data with many ties
 * (scores drawn from a handful of values), and against scikit-learn's documented examples.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calibrationBins, decileLift } from '../../src/core/churn/lift.ts';
import {
  averagePrecision,
  bestF1Threshold,
  bestValueThreshold,
  confusionAt,
  outcomeValue,
  rocAuc,
  rocCurve,
} from '../../src/core/churn/metrics.ts';
import { stratifiedFolds, stratifiedSplit } from '../../src/core/churn/split.ts';
import { createRng } from '../../src/core/stats/random.ts';

/** Labels with both classes and scores from few distinct values (ties are common). */
const labelledScores = (maxLength: number) =>
  fc
    .array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 4 })), {
      minLength: 2,
      maxLength,
    })
    .filter((rows) => rows.some(([y]) => y === 1) && rows.some(([y]) => y === 0))
    .map((rows) => ({ y: rows.map(([y]) => y), s: rows.map(([, s]) => s / 4) }));

/** P(score of a random positive > a random negative) + ½ P(equal), over all pairs. */
function bruteAuc(y: number[], s: number[]): number {
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < y.length; i++)
    for (let j = 0; j < y.length; j++) {
      if (y[i] !== 1 || y[j] !== 0) continue;
      pairs++;
      sum += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
    }
  return sum / pairs;
}

/** Σ (R_n − R_{n−1}) P_n over the distinct scores as thresholds, highest first, counted directly. */
function bruteAp(y: number[], s: number[]): number {
  const thresholds = [...new Set(s)].sort((a, b) => b - a);
  const positives = y.filter((v) => v === 1).length;
  let ap = 0;
  let previousRecall = 0;
  for (const t of thresholds) {
    let tp = 0;
    let fp = 0;
    y.forEach((v, i) => {
      if (s[i] >= t) {
        if (v === 1) tp++;
        else fp++;
      }
    });
    const recall = tp / positives;
    ap += (recall - previousRecall) * (tp / (tp + fp));
    previousRecall = recall;
  }
  return ap;
}

function permutations(items: number[]): number[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((x, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((p) => [x, ...p]),
  );
}

/** Decile positives averaged over every order of the rows that keeps scores decreasing. */
function bruteDecilePositives(y: number[], s: number[], groups: number): number[] {
  const n = y.length;
  const sums = new Array<number>(groups).fill(0);
  let orders = 0;
  for (const order of permutations(Array.from({ length: n }, (_, i) => i))) {
    if (order.some((r, k) => k > 0 && s[order[k - 1]] < s[r])) continue;
    orders++;
    for (let g = 1; g <= groups; g++) {
      const from = Math.floor((n * (g - 1)) / groups);
      const to = Math.floor((n * g) / groups);
      for (let k = from; k < to; k++) sums[g - 1] += y[order[k]];
    }
  }
  return sums.map((v) => v / orders);
}

describe('ROC AUC', () => {
  it('matches scikit-learn’s roc_auc_score example: 0.75', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.75, 12);
  });

  it('counts ties one half, like the average-rank formula (all scores tied → 0.5)', () => {
    expect(rocAuc([0, 1, 0, 1], [0.3, 0.3, 0.3, 0.3])).toBe(0.5);
    expect(rocAuc([0, 1, 1], [0.2, 0.2, 0.9])).toBeCloseTo(0.75, 12);
  });

  it('equals the pairwise brute force on random data with ties', () => {
    fc.assert(
      fc.property(labelledScores(40), ({ y, s }) => {
        expect(rocAuc(y, s)).toBeCloseTo(bruteAuc(y, s), 12);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('the curve runs from (0,0) to (1,1) through one point per distinct score', () => {
    const curve = rocCurve([0, 0, 1, 1, 1], [0.1, 0.5, 0.5, 0.9, 0.9]);
    expect(curve.map((p) => [p.fpr, p.tpr])).toEqual([
      [0, 0],
      [0, 2 / 3],
      [0.5, 1],
      [1, 1],
    ]);
    expect(curve[0].threshold).toBe(Infinity);
  });
});

describe('average precision', () => {
  it('matches scikit-learn’s average_precision_score example: 0.8333…', () => {
    expect(averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(5 / 6, 12);
  });

  it('equals Σ (R_n − R_{n−1}) P_n counted threshold by threshold, ties included', () => {
    fc.assert(
      fc.property(labelledScores(40), ({ y, s }) => {
        expect(averagePrecision(y, s)).toBeCloseTo(bruteAp(y, s), 12);
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});

describe('confusion at a threshold', () => {
  it('counts score ≥ threshold as positive and derives the rates', () => {
    const c = confusionAt([1, 0, 1, 0, 1], [0.9, 0.6, 0.6, 0.2, 0.1], 0.6);
    expect(c).toMatchObject({ tp: 2, fp: 1, tn: 1, fn: 1 });
    expect(c.precision).toBeCloseTo(2 / 3, 12);
    expect(c.recall).toBeCloseTo(2 / 3, 12);
    expect(c.f1).toBeCloseTo(2 / 3, 12);
    expect(c.accuracy).toBeCloseTo(3 / 5, 12);
  });

  it('equals a direct count on random data for random thresholds', () => {
    fc.assert(
      fc.property(labelledScores(40), fc.integer({ min: 0, max: 5 }), ({ y, s }, k) => {
        const t = k / 4;
        const c = confusionAt(y, s, t);
        const count = (pred: boolean, label: number) =>
          y.filter((v, i) => s[i] >= t === pred && v === label).length;
        expect([c.tp, c.fp, c.tn, c.fn]).toEqual([
          count(true, 1),
          count(true, 0),
          count(false, 0),
          count(false, 1),
        ]);
        const precision = c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : 0;
        expect(c.precision).toBe(precision);
      }),
      { numRuns: 300, seed: 13 },
    );
  });

  it('suggests the distinct score with the best F1 and the best total value', () => {
    fc.assert(
      fc.property(labelledScores(30), ({ y, s }) => {
        const thresholds = [...new Set(s)];
        const bestF1 = Math.max(...thresholds.map((t) => confusionAt(y, s, t).f1));
        expect(bestF1Threshold(y, s).f1).toBeCloseTo(bestF1, 12);
        const values = { truePositive: 50, falsePositive: -10, falseNegative: -5, trueNegative: 0 };
        const best = Math.max(
          outcomeValue(confusionAt(y, s, Infinity), values),
          ...thresholds.map((t) => outcomeValue(confusionAt(y, s, t), values)),
        );
        expect(bestValueThreshold(y, s, values).value).toBeCloseTo(best, 9);
      }),
      { numRuns: 200, seed: 17 },
    );
  });
});

describe('decile lift and gains', () => {
  it('equal the average over every order of tied scores (brute force, n ≤ 7)', () => {
    fc.assert(
      fc.property(labelledScores(7), fc.integer({ min: 2, max: 4 }), ({ y, s }, groups) => {
        const rows = decileLift(y, s, groups);
        const expected = bruteDecilePositives(y, s, groups);
        rows.forEach((r, g) => expect(r.positives).toBeCloseTo(expected[g], 12));
        const total = y.reduce((a, b) => a + b, 0);
        expect(rows.at(-1)!.gain).toBeCloseTo(1, 12);
        expect(rows.at(-1)!.cumulativeLift).toBeCloseTo(1, 12);
        const overall = total / y.length;
        rows.forEach((r) => {
          if (r.rows > 0) expect(r.lift).toBeCloseTo(r.positives / r.rows / overall, 12);
        });
      }),
      { numRuns: 150, seed: 19 },
    );
  });

  it('puts whole rows in deciles when scores are distinct', () => {
    const y = [1, 1, 0, 1, 0, 0, 0, 0, 0, 0];
    const s = [0.95, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1];
    const rows = decileLift(y, s);
    expect(rows.map((r) => r.positives)).toEqual([1, 1, 0, 1, 0, 0, 0, 0, 0, 0]);
    expect(rows[0].lift).toBeCloseTo(10 / 3, 12);
    expect(rows[2].gain).toBeCloseTo(2 / 3, 12);
  });
});

describe('calibration bins', () => {
  it('bins like calibration_curve(strategy="uniform"): edges belong to the lower bin', () => {
    const bins = calibrationBins([0, 1, 1, 0, 1], [0.1, 0.15, 0.5, 0.55, 1], 10);
    expect(bins.map((b) => [b.from, b.rows, b.observedRate])).toEqual([
      [0, 1, 0],
      [0.1, 1, 1],
      [0.4, 1, 1],
      [0.5, 1, 0],
      [0.9, 1, 1],
    ]);
  });
});

describe('stratified resampling', () => {
  it('keeps each class share in the split and in every fold, and is seeded', () => {
    const y = Array.from({ length: 103 }, (_, i) => (i % 4 === 0 ? 1 : 0));
    const split = stratifiedSplit(y, 0.2, createRng(5));
    expect(split.test.length).toBe(Math.round(0.2 * 26) + Math.round(0.2 * 77));
    expect([...split.test].filter((i) => y[i] === 1).length).toBe(5);
    expect(stratifiedSplit(y, 0.2, createRng(5))).toEqual(split);
    const folds = stratifiedFolds(y, 5, createRng(5));
    const seen = new Set<number>();
    for (const f of folds) {
      const pos = [...f.test].filter((i) => y[i] === 1).length;
      expect(pos === 5 || pos === 6).toBe(true);
      expect(f.train.length + f.test.length).toBe(103);
      f.test.forEach((i) => seen.add(i));
    }
    expect(seen.size).toBe(103);
  });
});
