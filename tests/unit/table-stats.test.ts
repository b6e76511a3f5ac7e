import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/stats/random.ts';
import { hashTable } from '../../src/core/table/hash.ts';
import { dictColumn, numericColumn, type Table } from '../../src/core/table/index.ts';
import {
  MAX_EXACT_DISTINCT,
  countDistinct,
  countValues,
  describeColumn,
  median,
  medianOfCounts,
  orderStatistic,
  select,
} from '../../src/core/table/stats.ts';
import {
  histogram,
  histogramOfCounts,
  quantileLinear,
  quantileOfCounts,
} from '../../src/core/ingest/quality.ts';

function sortedMedian(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

describe('select and median', () => {
  it('agree with sorting on random, tied, sorted and reversed inputs', () => {
    const rng = createRng(7);
    const inputs: number[][] = [[5], [2, 1], [1, 1, 1, 1], [3, 1, 2]];
    for (let t = 0; t < 60; t++) {
      const n = rng.int(1, 400);
      const spread = rng.pick([2, 10, 1000, 1e9]);
      inputs.push(Array.from({ length: n }, () => Math.floor(rng.next() * spread) - spread / 3));
    }
    inputs.push(Array.from({ length: 1001 }, (_, i) => i));
    inputs.push(Array.from({ length: 1000 }, (_, i) => -i * 0.5));
    // Organ pipe: a classic bad case for median-of-three pivots.
    inputs.push(Array.from({ length: 2000 }, (_, i) => (i < 1000 ? i : 2000 - i)));
    for (const values of inputs) {
      expect(median(Float64Array.from(values))).toBe(sortedMedian(values));
      const k = Math.floor(values.length / 3);
      const a = Float64Array.from(values);
      select(a, k);
      const sorted = [...values].sort((x, y) => x - y);
      expect(a[k]).toBe(sorted[k]);
      for (let i = 0; i < k; i++) expect(a[i]).toBeLessThanOrEqual(a[k]);
      for (let i = k + 1; i < a.length; i++) expect(a[i]).toBeGreaterThanOrEqual(a[k]);
    }
    expect(median(new Float64Array(0))).toBeNaN();
  });
});

describe('countDistinct', () => {
  it('matches a Set, folding -0 into 0', () => {
    const rng = createRng(11);
    for (let t = 0; t < 30; t++) {
      const n = rng.int(0, 5000);
      const levels = rng.pick([1, 3, 100, 100_000]);
      const values = Array.from({ length: n }, () => rng.int(0, levels) / 4);
      expect(countDistinct(Float64Array.from(values))).toBe(new Set(values).size);
    }
    expect(countDistinct(Float64Array.from([0, -0, 1e-300, -1e-300, Infinity, -Infinity]))).toBe(5);
  });

  it('stops at MAX_EXACT_DISTINCT and reports that lower bound', () => {
    const many = Float64Array.from({ length: 150_000 }, (_, i) => i * 0.5);
    expect(countDistinct(many)).toBe(MAX_EXACT_DISTINCT);
    const exactlyAtLimit = Float64Array.from(
      { length: MAX_EXACT_DISTINCT + 10 },
      (_, i) => i % MAX_EXACT_DISTINCT,
    );
    expect(countDistinct(exactlyAtLimit)).toBe(MAX_EXACT_DISTINCT);
    expect(countDistinct(many.subarray(0, MAX_EXACT_DISTINCT - 1))).toBe(MAX_EXACT_DISTINCT - 1);
  });
});

describe('countValues and the figures from counted values', () => {
  it('counts like a Map (−0 as 0), sorted ascending; null once past MAX_EXACT_DISTINCT', () => {
    const rng = createRng(5);
    for (let t = 0; t < 30; t++) {
      const n = rng.int(1, 3000);
      const levels = rng.pick([1, 4, 50, 10_000]);
      const values = Array.from({ length: n }, () => (rng.int(0, levels) - levels / 2) / 8);
      if (t % 3 === 0) values.push(-0, 0);
      const { distinct, counted } = countValues(Float64Array.from(values));
      const byValue = new Map<number, number>();
      for (const v of values) byValue.set(v, (byValue.get(v) ?? 0) + 1);
      const expected = [...byValue.entries()].sort((a, b) => a[0] - b[0]);
      expect(distinct).toBe(byValue.size);
      expect(Array.from(counted!.values)).toEqual(expected.map((e) => e[0]));
      expect(Array.from(counted!.counts)).toEqual(expected.map((e) => e[1]));
    }
    const many = Float64Array.from({ length: 150_000 }, (_, i) => i * 0.5);
    expect(countValues(many)).toEqual({ distinct: MAX_EXACT_DISTINCT, counted: null });
  });

  it('gives the median, quantiles, bins and order statistics of the rows (brute force)', () => {
    const rng = createRng(9);
    for (let t = 0; t < 40; t++) {
      const n = rng.int(1, 2000);
      const levels = rng.pick([1, 2, 7, 300]);
      const values = Array.from({ length: n }, () => rng.int(0, levels) * 1.25 - 3);
      const sorted = [...values].sort((a, b) => a - b);
      const { counted } = countValues(Float64Array.from(values));
      const k = rng.int(0, n - 1);
      expect(orderStatistic(counted!, k)).toBe(sorted[k]);
      expect(medianOfCounts(counted!, n)).toBe(sortedMedian(values));
      for (const q of [0, 0.25, 0.5, 0.75, 1]) {
        expect(quantileOfCounts(counted!, q)).toBe(quantileLinear(Float64Array.from(values), q));
      }
      const min = sorted[0];
      const max = sorted[n - 1];
      expect(histogramOfCounts(counted!, min, max)).toEqual(
        histogram(Float64Array.from(values), min, max),
      );
    }
  });
});

describe('describeColumn', () => {
  it('ignores NaN without a null bit and gives dates no mean or median', () => {
    const f = describeColumn({
      name: 'f',
      type: 'f64',
      values: Float64Array.from([2, NaN, 4, 10]),
    });
    expect(f).toEqual({
      count: 3,
      missing: 1,
      distinct: 3,
      min: 2,
      max: 10,
      mean: 16 / 3,
      median: 4,
    });
    const d = describeColumn(numericColumn('d', 'date', [86_400_000, 0, null]));
    expect(d).toEqual({ count: 2, missing: 1, distinct: 2, min: 0, max: 86_400_000 });
  });

  it('describes an all-missing column with counts only', () => {
    expect(describeColumn(numericColumn('x', 'i32', [null, null]))).toEqual({
      count: 0,
      missing: 2,
      distinct: 0,
    });
    expect(describeColumn(dictColumn('s', [null, '']))).toEqual({
      count: 0,
      missing: 2,
      distinct: 0,
      top: [],
    });
  });

  it('counts only used dictionary entries and keeps at most five, ties in dictionary order', () => {
    const s = describeColumn({
      name: 's',
      type: 'dict',
      codes: Uint32Array.from([6, 0, 2, 2, 3, 4, 5, 6, 6, 0]),
      dictionary: ['a', 'unused', 'c', 'd', 'e', 'f', 'g'],
    });
    expect(s.distinct).toBe(6);
    expect(s.top).toEqual([
      { value: 'g', count: 3 },
      { value: 'a', count: 2 },
      { value: 'c', count: 2 },
      { value: 'd', count: 1 },
      { value: 'e', count: 1 },
    ]);
  });

  it('agrees with a brute-force description on random data with nulls', () => {
    const rng = createRng(3);
    const raw = Array.from({ length: 3000 }, () =>
      rng.next() < 0.05 ? null : Math.round(rng.normal(50, 20) * 100) / 100,
    );
    const present = raw.filter((v): v is number => v !== null);
    const stats = describeColumn(numericColumn('x', 'f64', raw));
    expect(stats.count).toBe(present.length);
    expect(stats.missing).toBe(raw.length - present.length);
    expect(stats.distinct).toBe(new Set(present).size);
    expect(stats.min).toBe(Math.min(...present));
    expect(stats.max).toBe(Math.max(...present));
    expect(stats.mean).toBeCloseTo(present.reduce((a, b) => a + b, 0) / present.length, 9);
    expect(stats.median).toBe(sortedMedian(present));
  });
});

describe('hashTable', () => {
  const build = (amounts: (number | null)[], names = ['amount', 'city']): Table => ({
    rowCount: amounts.length,
    columns: [
      numericColumn(names[0], 'f64', amounts),
      dictColumn(
        names[1],
        amounts.map((_, i) => ['Oslo', '上海', 'Lima'][i % 3]),
      ),
    ],
  });

  it('is a SHA-256 hex digest, stable for equal content', async () => {
    const h = await hashTable(build([1, 2, null, 4]));
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(await hashTable(build([1, 2, null, 4]))).toBe(h);
  });

  it('changes with a value, a null, a name, a type or the row count', async () => {
    const h = await hashTable(build([1, 2, null, 4]));
    const others = await Promise.all([
      hashTable(build([1, 2, null, 5])),
      hashTable(build([1, 2, 3, 4])),
      hashTable(build([1, 2, null, 4], ['amount', 'town'])),
      hashTable(build([1, 2, null, 4, 5])),
      hashTable({
        rowCount: 4,
        columns: [numericColumn('amount', 'date', [1, 2, null, 4]), build([0, 0, 0, 0]).columns[1]],
      }),
    ]);
    for (const other of others) expect(other).not.toBe(h);
    expect(new Set(others).size).toBe(others.length);
  });

  it('ignores what lies under a null, bitmap padding and an all-clear bitmap', async () => {
    const base = build([1, 2, null, 4]);
    const h = await hashTable(base);
    const dirty = build([1, 2, null, 4]);
    const amount = dirty.columns[0];
    if (amount.type === 'f64') amount.values[2] = 777;
    amount.nulls = Uint8Array.from([0b1111_0100, 0xff]);
    expect(await hashTable(dirty)).toBe(h);
    // The dirty table itself is left as it was.
    expect(amount.type === 'f64' && amount.values[2]).toBe(777);

    const clear = build([1, 2, 3, 4]);
    const withEmptyBitmap = build([1, 2, 3, 4]);
    withEmptyBitmap.columns[0].nulls = new Uint8Array(1);
    expect(await hashTable(withEmptyBitmap)).toBe(await hashTable(clear));
  });
});
