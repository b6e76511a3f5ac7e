/**
 * Seeded stratified resampling: a train/test split and k folds that keep each class's
 * share (within one row per class) in every part.
 *
 * Split: each class's rows are shuffled (Fisher–Yates on the seeded Rng) and the first
 * round(testSize · class rows) go to the test set (at least one, and at least one left
 * to train on). Folds: each class's shuffled rows are dealt to the folds in turn, so fold
 * sizes per class differ by at most one (as scikit-learn's StratifiedKFold; its exact
 * assignment differs, so its folds are not these).
 */
import { LensError } from '../errors.ts';
import type { Rng } from '../stats/random.ts';

export interface Split {
  /** Row indices, ascending. */
  train: Int32Array;
  test: Int32Array;
}

function shuffle(items: number[], rng: Rng): number[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
  return items;
}

function byClass(y: ArrayLike<number>): number[][] {
  const groups: number[][] = [[], []];
  for (let i = 0; i < y.length; i++) groups[y[i] === 1 ? 1 : 0].push(i);
  return groups;
}

const ascending = (rows: number[]): Int32Array => Int32Array.from(rows).sort();

export function stratifiedSplit(y: ArrayLike<number>, testSize: number, rng: Rng): Split {
  if (!(testSize > 0 && testSize < 1))
    throw new LensError('error.churn.option', { option: 'testSize', value: String(testSize) });
  const train: number[] = [];
  const test: number[] = [];
  for (const rows of byClass(y)) {
    if (rows.length < 2)
      throw new LensError('error.churn.tooFewInClass', { rows: rows.length, needed: 2 });
    shuffle(rows, rng);
    const k = Math.min(rows.length - 1, Math.max(1, Math.round(testSize * rows.length)));
    test.push(...rows.slice(0, k));
    train.push(...rows.slice(k));
  }
  return { train: ascending(train), test: ascending(test) };
}

/** k stratified folds; fold f's test rows are `folds[f].test`, the rest its training rows. */
export function stratifiedFolds(y: ArrayLike<number>, k: number, rng: Rng): Split[] {
  if (!Number.isInteger(k) || k < 2)
    throw new LensError('error.churn.option', { option: 'folds', value: String(k) });
  const fold = new Int32Array(y.length);
  for (const rows of byClass(y)) {
    if (rows.length < k)
      throw new LensError('error.churn.tooFewInClass', { rows: rows.length, needed: k });
    shuffle(rows, rng).forEach((row, position) => (fold[row] = position % k));
  }
  const out: Split[] = [];
  for (let f = 0; f < k; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < y.length; i++) (fold[i] === f ? test : train).push(i);
    out.push({ train: Int32Array.from(train), test: Int32Array.from(test) });
  }
  return out;
}
