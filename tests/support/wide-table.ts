/**
 * The import-scale table of the store tests and benchmark: 3 f64, 1 i32, 2 dict (~5k
 * distinct strings each), 1 date, 1 f64 with ~1 % nulls. Seeded, so every run stores the
 * same bytes.
 */
import { createRng } from '../../src/core/stats/random.ts';
import {
  createNullBitmap,
  isNullAt,
  setNullAt,
  type Column,
  type Table,
} from '../../src/core/table/index.ts';

export function generateWideTable(rows: number, seed: number): Table {
  const rng = createRng(seed);
  const f64 = (): Float64Array => new Float64Array(rows);
  const amount = f64();
  const price = f64();
  const discount = f64();
  const quantity = new Int32Array(rows);
  const customer = new Uint32Array(rows);
  const product = new Uint32Array(rows);
  const orderDate = f64();
  const rating = f64();
  const ratingNulls = createNullBitmap(rows);
  const start = Date.UTC(2022, 0, 1);
  for (let r = 0; r < rows; r++) {
    amount[r] = Math.round(rng.exponential(40) * 100) / 100;
    price[r] = rng.next() * 500;
    discount[r] = rng.normal(0, 3);
    quantity[r] = rng.int(-3, 50);
    customer[r] = rng.int(0, 4999);
    product[r] = rng.int(0, 5199);
    orderDate[r] = start + rng.int(0, 3 * 365 * 24) * 3_600_000;
    if (rng.next() < 0.01) setNullAt(ratingNulls, r);
    else rating[r] = rng.int(1, 5) + rng.next();
  }
  const customers = Array.from({ length: 5000 }, (_, i) => `C${String(i).padStart(6, '0')}`);
  const products = Array.from({ length: 5200 }, (_, i) => `Product ${i} 商品${i % 97}`);
  return {
    rowCount: rows,
    columns: [
      { name: 'amount', type: 'f64', values: amount },
      { name: 'price', type: 'f64', values: price },
      { name: 'discount', type: 'f64', values: discount },
      { name: 'quantity', type: 'i32', values: quantity },
      { name: 'customer', type: 'dict', codes: customer, dictionary: customers },
      { name: 'product', type: 'dict', codes: product, dictionary: products },
      { name: 'orderDate', type: 'date', values: orderDate },
      { name: 'rating', type: 'f64', values: rating, nulls: ratingNulls },
    ],
  };
}

/** Index of the first row whose value or null flag differs, or -1. */
export function firstDifference(
  actual: Column,
  expected: Column,
  offset = 0,
  length?: number,
): number {
  const a = actual.type === 'dict' ? actual.codes : actual.values;
  const e = expected.type === 'dict' ? expected.codes : expected.values;
  const n = length ?? e.length;
  if (a.length !== n) return 0;
  for (let r = 0; r < n; r++) {
    const na = isNullAt(actual.nulls, r);
    if (na !== isNullAt(expected.nulls, r + offset)) return r;
    if (!na && a[r] !== e[r + offset]) return r;
  }
  return -1;
}

/** Median of timings (copies; the input stays in run order for printing). */
export function medianOf(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}
