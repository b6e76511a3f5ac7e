/**
 * Binary classification metrics from scores (ARCHITECTURE.md: "ROC AUC from scores, never
 * from hard labels"), with scikit-learn's definitions so the numbers can be compared:
 *
 * - ROC curve: one point per distinct score, taken as a threshold (score ≥ t is predicted
 *   positive), from (0, 0) at t = +∞ to (1, 1). AUC is the trapezoidal area under those
 *   points, which equals the Mann–Whitney statistic with tied scores counted one half
 *   (the average-rank formula of `roc_auc_score`).
 * - Precision–recall curve: one point per distinct threshold; average precision is
 *   Σₙ (Rₙ − Rₙ₋₁) Pₙ over the thresholds in decreasing order with R₀ = 0
 *   (`average_precision_score`, no interpolation).
 * - Confusion at a threshold t: predicted positive when score ≥ t. Precision is 0 when
 *   nothing is predicted positive, recall 0 when there are no positives (scikit-learn's
 *   `zero_division=0`).
 *
 * Labels are 0/1 (Uint8Array or any 0/1 array); scores any finite numbers.
 */
import { LensError } from '../errors.ts';

export type Labels = ArrayLike<number>;
export type Scores = ArrayLike<number>;

export interface RocPoint {
  /** The score at or above which rows are predicted positive (+Infinity for the first point). */
  threshold: number;
  fpr: number;
  tpr: number;
}

export interface PrPoint {
  threshold: number;
  precision: number;
  recall: number;
}

export interface Confusion {
  threshold: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
  /** Share of the rows predicted positive. */
  predictedPositiveRate: number;
}

function check(y: Labels, scores: Scores): { positives: number; negatives: number } {
  if (y.length !== scores.length)
    throw new LensError('error.churn.lengths', { labels: y.length, scores: scores.length });
  let positives = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new LensError('error.churn.badLabel', { row: i + 1 });
    if (!Number.isFinite(scores[i])) throw new LensError('error.churn.badScore', { row: i + 1 });
    positives += y[i];
  }
  return { positives, negatives: y.length - positives };
}

/** Row indices by decreasing score (ties by index, which does not affect any result here). */
export function orderByScore(scores: Scores): Int32Array {
  const order = Int32Array.from({ length: scores.length }, (_, i) => i);
  order.sort((a, b) => scores[b] - scores[a] || a - b);
  return order;
}

/**
 * Cumulative true and false positives at each distinct threshold, highest first: the
 * shared scan of the ROC and PR curves and of the threshold suggestions.
 */
export function thresholdCounts(
  y: Labels,
  scores: Scores,
): { thresholds: number[]; tp: number[]; fp: number[]; positives: number; negatives: number } {
  const { positives, negatives } = check(y, scores);
  const order = orderByScore(scores);
  const thresholds: number[] = [];
  const tp: number[] = [];
  const fp: number[] = [];
  let t = 0;
  let f = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    if (y[i] === 1) t++;
    else f++;
    const last = k === order.length - 1 || scores[order[k + 1]] !== scores[i];
    if (last) {
      thresholds.push(scores[i]);
      tp.push(t);
      fp.push(f);
    }
  }
  return { thresholds, tp, fp, positives, negatives };
}

/** The ROC curve; needs both classes (else LensError 'error.churn.singleClass'). */
export function rocCurve(y: Labels, scores: Scores): RocPoint[] {
  const c = thresholdCounts(y, scores);
  if (c.positives === 0 || c.negatives === 0) throw new LensError('error.churn.metricSingleClass');
  const points: RocPoint[] = [{ threshold: Infinity, fpr: 0, tpr: 0 }];
  for (let k = 0; k < c.thresholds.length; k++) {
    points.push({
      threshold: c.thresholds[k],
      fpr: c.fp[k] / c.negatives,
      tpr: c.tp[k] / c.positives,
    });
  }
  return points;
}

/** Area under the ROC curve (trapezoids; ties count one half). */
export function rocAuc(y: Labels, scores: Scores): number {
  const c = thresholdCounts(y, scores);
  if (c.positives === 0 || c.negatives === 0) throw new LensError('error.churn.metricSingleClass');
  // Σ over threshold steps of Δfp · (tp_prev + tp)/2, normalised at the end (exact integers).
  let area = 0;
  let tpPrev = 0;
  let fpPrev = 0;
  for (let k = 0; k < c.thresholds.length; k++) {
    area += (c.fp[k] - fpPrev) * (c.tp[k] + tpPrev);
    tpPrev = c.tp[k];
    fpPrev = c.fp[k];
  }
  return area / (2 * c.positives * c.negatives);
}

/** Precision and recall at every distinct threshold, highest threshold (lowest recall) first. */
export function precisionRecallCurve(y: Labels, scores: Scores): PrPoint[] {
  const c = thresholdCounts(y, scores);
  if (c.positives === 0) throw new LensError('error.churn.metricSingleClass');
  return c.thresholds.map((threshold, k) => ({
    threshold,
    precision: c.tp[k] / (c.tp[k] + c.fp[k]),
    recall: c.tp[k] / c.positives,
  }));
}

/** Average precision, Σ (Rₙ − Rₙ₋₁) Pₙ (scikit-learn's `average_precision_score`). */
export function averagePrecision(y: Labels, scores: Scores): number {
  const c = thresholdCounts(y, scores);
  if (c.positives === 0) throw new LensError('error.churn.metricSingleClass');
  let ap = 0;
  let tpPrev = 0;
  for (let k = 0; k < c.thresholds.length; k++) {
    ap += ((c.tp[k] - tpPrev) / c.positives) * (c.tp[k] / (c.tp[k] + c.fp[k]));
    tpPrev = c.tp[k];
  }
  return ap;
}

function confusionFrom(
  threshold: number,
  tp: number,
  fp: number,
  positives: number,
  negatives: number,
): Confusion {
  const fn = positives - tp;
  const tn = negatives - fp;
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = positives > 0 ? tp / positives : 0;
  const n = positives + negatives;
  return {
    threshold,
    tp,
    fp,
    tn,
    fn,
    precision,
    recall,
    f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
    accuracy: n > 0 ? (tp + tn) / n : 0,
    predictedPositiveRate: n > 0 ? (tp + fp) / n : 0,
  };
}

/** Counts and rates when rows with score ≥ threshold are predicted positive. */
export function confusionAt(y: Labels, scores: Scores, threshold: number): Confusion {
  const { positives, negatives } = check(y, scores);
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < y.length; i++) {
    if (scores[i] >= threshold) {
      if (y[i] === 1) tp++;
      else fp++;
    }
  }
  return confusionFrom(threshold, tp, fp, positives, negatives);
}

/** The distinct-score threshold with the highest F1 (the highest threshold on ties). */
export function bestF1Threshold(y: Labels, scores: Scores): Confusion {
  const c = thresholdCounts(y, scores);
  if (c.positives === 0 || c.negatives === 0) throw new LensError('error.churn.metricSingleClass');
  let best: Confusion | null = null;
  for (let k = 0; k < c.thresholds.length; k++) {
    const m = confusionFrom(c.thresholds[k], c.tp[k], c.fp[k], c.positives, c.negatives);
    if (!best || m.f1 > best.f1) best = m;
  }
  return best!;
}

/**
 * What each outcome is worth per customer, in the user's currency: typically a true
 * positive = value saved − contact cost (positive), a false positive = −contact cost,
 * a false negative = −value lost or 0, a true negative 0.
 */
export interface OutcomeValues {
  truePositive: number;
  falsePositive: number;
  falseNegative: number;
  trueNegative: number;
}

export const DEFAULT_OUTCOME_VALUES: OutcomeValues = {
  truePositive: 100,
  falsePositive: -10,
  falseNegative: 0,
  trueNegative: 0,
};

export interface ValueThreshold {
  confusion: Confusion;
  /** Total value of acting on the rows at or above the threshold. */
  value: number;
}

/** Total value of a confusion matrix under the outcome values. */
export function outcomeValue(c: Confusion, v: OutcomeValues): number {
  return (
    c.tp * v.truePositive + c.fp * v.falsePositive + c.fn * v.falseNegative + c.tn * v.trueNegative
  );
}

/**
 * The threshold (a distinct score, or +∞ = act on nobody) whose confusion matrix has the
 * highest total value; the highest such threshold on ties.
 */
export function bestValueThreshold(y: Labels, scores: Scores, v: OutcomeValues): ValueThreshold {
  for (const [k, x] of Object.entries(v)) {
    if (!Number.isFinite(x)) throw new LensError('error.churn.outcomeValue', { outcome: k });
  }
  const c = thresholdCounts(y, scores);
  let best: ValueThreshold = {
    confusion: confusionFrom(Infinity, 0, 0, c.positives, c.negatives),
    value: 0,
  };
  best.value = outcomeValue(best.confusion, v);
  for (let k = 0; k < c.thresholds.length; k++) {
    const m = confusionFrom(c.thresholds[k], c.tp[k], c.fp[k], c.positives, c.negatives);
    const value = outcomeValue(m, v);
    if (value > best.value) best = { confusion: m, value };
  }
  return best;
}
