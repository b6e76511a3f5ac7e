/**
 * Column summaries stored with every dataset (the data page shows them without reading
 * the chunks back).
 *
 * Cost matters: a 500k-row import describes every column before it is stored, so the
 * numeric path avoids sorting (a 500k Float64Array sort takes ~80 ms in V8). The median
 * comes from Floyd-Rivest selection and the distinct count from an open-addressing hash
 * set over the values' bit patterns that stops at MAX_EXACT_DISTINCT, both O(n).
 */
import { isNullAt } from './nulls.ts';
import type { Column, DictColumn } from './types.ts';

/** Summary statistics of one column, computed when the dataset is written. */
export interface ColumnStats {
  count: number; // non-missing values
  missing: number;
  distinct: number; // exact for dict columns; exact up to 100k distinct numeric values, else a lower bound
  min?: number; // numeric and date columns
  max?: number;
  mean?: number; // numeric columns only
  median?: number; // numeric columns only
  /** Most frequent values (dict columns), at most 5, most frequent first. */
  top?: { value: string; count: number }[];
}

/** Distinct numeric values counted exactly up to this many; beyond it `distinct` is a lower bound. */
export const MAX_EXACT_DISTINCT = 100_000;

const TOP_VALUES = 5;

export function describeColumn(column: Column): ColumnStats {
  return column.type === 'dict' ? describeDict(column) : describeNumeric(column).stats;
}

/**
 * Stats computed once and reused, keyed by the column object: the import's quality report
 * describes every column, and storing the same table describes it again. Only for
 * columns that are not modified afterwards (the import pipeline never changes a column
 * in place; cleaning builds new ones).
 */
export type StatsCache = Map<Column, ColumnStats>;

/** describeColumn, through `cache` when one is given. */
export function describeColumnCached(column: Column, cache?: StatsCache): ColumnStats {
  let stats = cache?.get(column);
  if (!stats) {
    stats = describeColumn(column);
    cache?.set(column, stats);
  }
  return stats;
}

/** Rows per dictionary code, null rows left out (the bitmap read a byte at a time). */
export function dictCodeCounts(column: DictColumn, n: number = column.codes.length): Uint32Array {
  const { codes, nulls } = column;
  const counts = new Uint32Array(column.dictionary.length);
  if (!nulls) {
    for (let i = 0; i < n; i++) counts[codes[i]]++;
    return counts;
  }
  for (let b = 0; b * 8 < n; b++) {
    const bits = b < nulls.length ? nulls[b] : 0;
    const end = Math.min(n, b * 8 + 8);
    if (bits === 0) for (let i = b * 8; i < end; i++) counts[codes[i]]++;
    else for (let i = b * 8; i < end; i++) if ((bits & (1 << (i & 7))) === 0) counts[codes[i]]++;
  }
  return counts;
}

function describeDict(column: DictColumn): ColumnStats {
  return describeDictCounts(column, dictCodeCounts(column));
}

/** describeColumn of a dict column from its code counts (`dictCodeCounts`). */
export function describeDictCounts(column: DictColumn, counts: Uint32Array): ColumnStats {
  const { codes, dictionary } = column;
  const n = codes.length;
  let present = 0;
  for (let code = 0; code < counts.length; code++) present += counts[code];
  const missing = n - present;
  let distinct = 0;
  // Ties keep dictionary order (first appearance for dictColumn), so `top` is deterministic.
  const top: { code: number; count: number }[] = [];
  for (let code = 0; code < counts.length; code++) {
    const count = counts[code];
    if (count === 0) continue;
    distinct++;
    if (top.length === TOP_VALUES && count <= top[TOP_VALUES - 1].count) continue;
    let at = top.length;
    while (at > 0 && top[at - 1].count < count) at--;
    top.splice(at, 0, { code, count });
    if (top.length > TOP_VALUES) top.pop();
  }
  return {
    count: n - missing,
    missing,
    distinct,
    top: top.map((t) => ({ value: dictionary[t.code], count: t.count })),
  };
}

/**
 * f64, i32 and date columns. NaN in an f64 column counts as missing even without a null
 * bit: it has no place in min, max, mean or median. Dates get min and max only; a mean
 * or median of timestamps is not what the data page means by "numeric".
 */
export interface NumericDescription {
  stats: ColumnStats;
  /**
   * The present (non-null, non-NaN) values, reordered by the median's selection (so
   * order statistics are cheap to select again); empty when there are none.
   */
  present: Float64Array;
  /** Their sum, added in row order. */
  sum: number;
  /**
   * The present values counted (countValues), when they hold at most MAX_EXACT_DISTINCT
   * distinct values; order statistics, bins and fences then cost a pass over the distinct
   * values, not over the rows. Null for a continuous column.
   */
  counted: ValueCounts | null;
}

/** Distinct values in ascending order and how often each occurs (−0 counted as 0). */
export interface ValueCounts {
  values: Float64Array;
  counts: Float64Array;
}

/** describeColumn of a numeric or date column, with the present values it was computed from. */
export function describeNumeric(column: Exclude<Column, DictColumn>): NumericDescription {
  const { values, nulls } = column;
  const n = values.length;
  // One Float64Array copy of the present values, so the loops below see a single array type.
  let present: Float64Array;
  let k = 0;
  if (nulls === undefined) {
    present = new Float64Array(values);
    k = n;
  } else {
    present = new Float64Array(n);
    for (let i = 0; i < n; i++) if (!isNullAt(nulls, i)) present[k++] = values[i];
  }
  let m = 0;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < k; i++) {
    const v = present[i];
    if (v !== v) continue; // NaN
    present[m++] = v;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  const stats: ColumnStats = { count: m, missing: n - m, distinct: 0 };
  const used = present.subarray(0, m);
  if (m === 0) return { stats, present: used, sum, counted: null };
  const { distinct, counted } = countValues(used);
  stats.distinct = distinct;
  stats.min = min;
  stats.max = max;
  if (column.type !== 'date') {
    stats.mean = sum / m;
    stats.median = counted ? medianOfCounts(counted, m) : median(used);
  }
  return { stats, present: used, sum, counted };
}

/** The k-th smallest (0-based) of the counted values. */
export function orderStatistic(counted: ValueCounts, k: number): number {
  const { values, counts } = counted;
  let below = 0;
  for (let i = 0; i < values.length; i++) {
    below += counts[i];
    if (k < below) return values[i];
  }
  return NaN;
}

/** median() of the `n` values counted. */
export function medianOfCounts(counted: ValueCounts, n: number): number {
  if (n === 0) return NaN;
  const hi = n >>> 1;
  const upper = orderStatistic(counted, hi);
  return n % 2 === 1 ? upper : (orderStatistic(counted, hi - 1) + upper) / 2;
}

/** Median of the values, reordering them in place. Even counts average the two middle values. */
export function median(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return NaN;
  const hi = n >>> 1;
  select(values, hi);
  if (n % 2 === 1) return values[hi];
  // After select, everything left of `hi` is <= values[hi]: the lower middle is their maximum.
  let lower = values[0];
  for (let i = 1; i < hi; i++) if (values[i] > lower) lower = values[i];
  return (lower + values[hi]) / 2;
}

/**
 * Rearranges `a` so that a[k] is the value a full sort would put there, everything before it
 * is <= a[k] and everything after it >= a[k]. Floyd & Rivest's SELECT (CACM 1975, algorithm
 * 489): partitioning around a pivot taken from a recursive sample needs about n + k
 * comparisons, half the time of median-of-three quickselect on 500k values. Falls back to
 * sorting the remaining range if partitioning keeps going badly, so adversarial inputs
 * stay O(n log n).
 */
export function select(a: Float64Array, k: number): void {
  selectRange(a, k, 0, a.length - 1, 2 * Math.ceil(Math.log2(a.length + 1)) + 16);
}

function selectRange(
  a: Float64Array,
  k: number,
  left: number,
  right: number,
  budget: number,
): void {
  while (right > left) {
    if (budget-- <= 0) {
      a.subarray(left, right + 1).sort();
      return;
    }
    if (right - left > 600) {
      // Narrow [left, right] to a sample range that very likely holds the k-th value.
      const n = right - left + 1;
      const i = k - left + 1;
      const z = Math.log(n);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (i - n / 2 < 0 ? -1 : 1);
      const sampleLeft = Math.max(left, Math.floor(k - (i * s) / n + sd));
      const sampleRight = Math.min(right, Math.floor(k + ((n - i) * s) / n + sd));
      selectRange(a, k, sampleLeft, sampleRight, budget);
    }
    const t = a[k];
    let i = left;
    let j = right;
    swap(a, left, k);
    if (a[right] > t) swap(a, left, right);
    while (i < j) {
      swap(a, i, j);
      i++;
      j--;
      while (a[i] < t) i++;
      while (a[j] > t) j--;
    }
    if (a[left] === t) swap(a, left, j);
    else {
      j++;
      swap(a, j, right);
    }
    // a[j] === t is in its final place.
    if (j <= k) left = j + 1;
    if (k <= j) right = j - 1;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/**
 * Distinct values by their IEEE bit patterns (with -0 folded into 0), exact up to
 * MAX_EXACT_DISTINCT. Once that many are found the scan stops and the result is a lower
 * bound: a continuous column (prices) reaches it early, which keeps the table small enough
 * to stay in cache and the cost well below a full pass.
 */
export function countDistinct(values: Float64Array): number {
  return countValues(values, false).distinct;
}

/** Where a float's bit pattern (lo, hi) starts probing in a table of `mask + 1` slots. */
function firstSlot(lo: number, hi: number, mask: number): number {
  let h = (Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b) ^ hi) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
  return (h ^ (h >>> 16)) & mask;
}

/**
 * countDistinct, and (with `count`) the values counted when there are at most
 * MAX_EXACT_DISTINCT distinct ones (else `counted` is null and `distinct` a lower bound).
 */
export function countValues(
  values: Float64Array,
  count = true,
): { distinct: number; counted: ValueCounts | null } {
  const n = values.length;
  if (n === 0)
    return {
      distinct: 0,
      counted: count ? { values: new Float64Array(0), counts: new Float64Array(0) } : null,
    };
  const limit = Math.min(n, MAX_EXACT_DISTINCT);
  let capacity = 16;
  while (capacity < limit * 2) capacity *= 2;
  const mask = capacity - 1;
  // Slot i holds (lo, hi) with `used[i]` rows; hash tables over typed arrays avoid boxing.
  const keyLo = new Uint32Array(capacity);
  const keyHi = new Uint32Array(capacity);
  const used = new Uint32Array(capacity);
  const words = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  let distinct = 0;
  let i = 0;
  for (; i < n; i++) {
    const lo = words[2 * i];
    let hi = words[2 * i + 1];
    if (lo === 0 && hi === 0x80000000) hi = 0;
    let slot = firstSlot(lo, hi, mask);
    for (;;) {
      if (used[slot] === 0) {
        used[slot] = 1;
        keyLo[slot] = lo;
        keyHi[slot] = hi;
        distinct++;
        break;
      }
      if (keyLo[slot] === lo && keyHi[slot] === hi) {
        used[slot]++;
        break;
      }
      slot = (slot + 1) & mask;
    }
    // The last distinct value possible: with n ≤ the cap the scan then ends anyway.
    if (distinct === limit) break;
  }
  // Stopped at the cap before the end: too many distinct values to count them all.
  if (!count || i < n - 1) return { distinct, counted: null };
  // The distinct values sorted natively, then each one's count found again by its bits.
  const sorted = new Float64Array(distinct);
  const sortedWords = new Uint32Array(sorted.buffer);
  let k = 0;
  for (let slot = 0; slot < capacity; slot++) {
    if (used[slot] === 0) continue;
    sortedWords[2 * k] = keyLo[slot];
    sortedWords[2 * k + 1] = keyHi[slot];
    k++;
  }
  sorted.sort();
  const counts = new Float64Array(distinct);
  for (let j = 0; j < distinct; j++) {
    const lo = sortedWords[2 * j];
    const hi = sortedWords[2 * j + 1];
    let slot = firstSlot(lo, hi, mask);
    while (keyLo[slot] !== lo || keyHi[slot] !== hi || used[slot] === 0) slot = (slot + 1) & mask;
    counts[j] = used[slot];
  }
  return { distinct, counted: { values: sorted, counts } };
}
