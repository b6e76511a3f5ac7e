/**
 * Ranking charts of a scored test set: decile lift with cumulative gains, and calibration.
 *
 * Deciles: rows by decreasing score; decile g (1 = highest scores) holds the positions
 * ⌊n(g−1)/10⌋ … ⌊n·g/10⌋ − 1. Rows with equal scores that straddle a decile boundary
 * cannot be ordered by the model, so each position in a run of tied scores counts as the
 * run's share of positives (the expectation over every order of the ties). A decile's
 * `positives` can therefore be fractional; with distinct scores it is a whole number.
 *
 * Calibration: `bins` equal-width bins of predicted probability on [0, 1], a row in bin b
 * when b of the inner edges k/bins lie strictly below its probability (scikit-learn's
 * `calibration_curve(strategy='uniform')`); empty bins are left out.
 */
import { LensError } from '../errors.ts';
import { orderByScore, type Labels, type Scores } from './metrics.ts';

export interface LiftRow {
  /** 1 = the tenth of the rows with the highest scores. */
  decile: number;
  rows: number;
  positives: number;
  /** Positive rate in the decile. */
  rate: number;
  /** rate / overall positive rate. */
  lift: number;
  cumulativeRows: number;
  cumulativePositives: number;
  /** Cumulative rate / overall rate. */
  cumulativeLift: number;
  /** Share of all positives found in deciles 1…g (the cumulative-gains curve). */
  gain: number;
  minScore: number;
  maxScore: number;
}

export const DECILES = 10;

export function decileLift(y: Labels, scores: Scores, groups = DECILES): LiftRow[] {
  const n = y.length;
  if (scores.length !== n)
    throw new LensError('error.churn.lengths', { labels: n, scores: scores.length });
  if (!Number.isInteger(groups) || groups < 1)
    throw new LensError('error.churn.option', { option: 'groups', value: String(groups) });
  const order = orderByScore(scores);
  // Expected positive at each sorted position: the mean label of its run of tied scores.
  const expected = new Float64Array(n);
  let total = 0;
  for (let a = 0; a < n;) {
    let b = a;
    let pos = 0;
    while (b < n && scores[order[b]] === scores[order[a]]) pos += y[order[b++]];
    for (let k = a; k < b; k++) expected[k] = pos / (b - a);
    total += pos;
    a = b;
  }
  const overall = n > 0 ? total / n : 0;
  const rows: LiftRow[] = [];
  let cumRows = 0;
  let cumPos = 0;
  for (let g = 1; g <= groups; g++) {
    const from = Math.floor((n * (g - 1)) / groups);
    const to = Math.floor((n * g) / groups);
    let pos = 0;
    for (let k = from; k < to; k++) pos += expected[k];
    const count = to - from;
    cumRows += count;
    cumPos += pos;
    const rate = count > 0 ? pos / count : 0;
    const cumRate = cumRows > 0 ? cumPos / cumRows : 0;
    rows.push({
      decile: g,
      rows: count,
      positives: pos,
      rate,
      lift: overall > 0 ? rate / overall : 0,
      cumulativeRows: cumRows,
      cumulativePositives: cumPos,
      cumulativeLift: overall > 0 ? cumRate / overall : 0,
      gain: total > 0 ? cumPos / total : 0,
      minScore: count > 0 ? scores[order[to - 1]] : NaN,
      maxScore: count > 0 ? scores[order[from]] : NaN,
    });
  }
  return rows;
}

export interface CalibrationBin {
  /** Bin edges [from, to] of predicted probability. */
  from: number;
  to: number;
  rows: number;
  meanPredicted: number;
  observedRate: number;
}

export function calibrationBins(y: Labels, probability: Scores, bins = 10): CalibrationBin[] {
  const n = y.length;
  if (probability.length !== n)
    throw new LensError('error.churn.lengths', { labels: n, scores: probability.length });
  if (!Number.isInteger(bins) || bins < 1)
    throw new LensError('error.churn.option', { option: 'bins', value: String(bins) });
  const count = new Float64Array(bins);
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    const p = probability[i];
    if (!(p >= 0 && p <= 1)) throw new LensError('error.churn.badScore', { row: i + 1 });
    let b = 0;
    while (b < bins - 1 && (b + 1) / bins < p) b++;
    count[b]++;
    sumP[b] += p;
    sumY[b] += y[i];
  }
  const out: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    if (count[b] === 0) continue;
    out.push({
      from: b / bins,
      to: (b + 1) / bins,
      rows: count[b],
      meanPredicted: sumP[b] / count[b],
      observedRate: sumY[b] / count[b],
    });
  }
  return out;
}
