/**
 * RFM scores (ARCHITECTURE.md, "Segmentation RFM"): each of recency, frequency and
 * monetary scored 1..bins by quantile of the customer distribution, recency reversed so
 * that the most recent customers score highest; equal values always get equal scores.
 *
 * Score of a value v among n customers: 1 + floor(bins × (customers with a worse value) / n).
 * A customer sits in quintile q when the share of customers strictly below it lies in
 * [(q-1)/5, q/5). Ties therefore never split across scores (unlike ranking with
 * `method='first'` before `qcut`), at the price of uneven groups on heavily tied columns
 * such as frequency, where every one-order customer shares the lowest score.
 */
import { LensError } from '../errors.ts';

export type RfmBins = 4 | 5;

/** Scores for `values` (higher value = higher score, or lower = higher when `reverse`). */
export function quantileScores(
  values: ArrayLike<number>,
  bins: RfmBins,
  reverse = false,
): Uint8Array {
  if (bins !== 4 && bins !== 5) throw new LensError('error.rfm.bins', { bins });
  const n = values.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i])) throw new LensError('error.rfm.notFinite', { row: i + 1 });
    order[i] = i;
  }
  const sign = reverse ? -1 : 1;
  order.sort((a, b) => sign * (values[a] - values[b]));
  const scores = new Uint8Array(n);
  let below = 0; // customers with a strictly worse value than the current run of ties
  for (let i = 0; i < n;) {
    let j = i;
    while (j < n && values[order[j]] === values[order[i]]) j++;
    const score = 1 + Math.floor((bins * below) / n);
    for (let k = i; k < j; k++) scores[order[k]] = score;
    below = j;
    i = j;
  }
  return scores;
}

/** The value range of each score, for the "R = 2: in the least recent 40 %" explanations. */
export interface ScoreBand {
  score: number;
  min: number;
  max: number;
  customers: number;
}

export function scoreBands(
  values: ArrayLike<number>,
  scores: Uint8Array,
  bins: RfmBins,
): ScoreBand[] {
  const bands: ScoreBand[] = [];
  for (let s = 1; s <= bins; s++)
    bands.push({ score: s, min: Infinity, max: -Infinity, customers: 0 });
  for (let i = 0; i < values.length; i++) {
    const band = bands[scores[i] - 1];
    band.customers++;
    if (values[i] < band.min) band.min = values[i];
    if (values[i] > band.max) band.max = values[i];
  }
  return bands;
}

export interface RfmScores {
  r: Uint8Array;
  f: Uint8Array;
  m: Uint8Array;
  bins: RfmBins;
}

export function scoreRfm(
  recencyDays: ArrayLike<number>,
  frequency: ArrayLike<number>,
  monetary: ArrayLike<number>,
  bins: RfmBins,
): RfmScores {
  if (recencyDays.length !== frequency.length || frequency.length !== monetary.length) {
    throw new LensError('error.rfm.lengths');
  }
  return {
    r: quantileScores(recencyDays, bins, true),
    f: quantileScores(frequency, bins),
    m: quantileScores(monetary, bins),
    bins,
  };
}
