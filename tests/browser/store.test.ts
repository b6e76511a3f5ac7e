/**
 * The store against Chromium's real IndexedDB at import scale: 500,000 rows × 8 columns.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/stats/random.ts';
import {
  createNullBitmap,
  isNullAt,
  setNullAt,
  type Column,
  type Table,
} from '../../src/core/table/index.ts';
import {
  deleteDataset,
  openLensDb,
  readColumn,
  readRows,
  readTable,
  storageInfo,
  writeDataset,
  type DatasetRecord,
} from '../../src/store/index.ts';

const ROWS = 500_000;

/** 3 f64, 1 i32, 2 dict (~5k distinct strings each), 1 date, 1 f64 with ~1% nulls. */
function generate(seed: number): Table {
  const rng = createRng(seed);
  const f64 = (): Float64Array => new Float64Array(ROWS);
  const amount = f64();
  const price = f64();
  const discount = f64();
  const quantity = new Int32Array(ROWS);
  const customer = new Uint32Array(ROWS);
  const product = new Uint32Array(ROWS);
  const orderDate = f64();
  const rating = f64();
  const ratingNulls = createNullBitmap(ROWS);
  const start = Date.UTC(2022, 0, 1);
  for (let r = 0; r < ROWS; r++) {
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
    rowCount: ROWS,
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
function firstDifference(actual: Column, expected: Column, offset = 0, length?: number): number {
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

const db = openLensDb(`store-browser-${Date.now()}`);
afterAll(async () => {
  await db.delete();
});

describe('store in Chromium IndexedDB', () => {
  const table = generate(20240601);
  let record: DatasetRecord;

  it('writes 500,000 rows × 8 columns in one transaction', async () => {
    const t0 = performance.now();
    record = await writeDataset(db, { name: 'Big', kind: 'transactions' }, table);
    const ms = performance.now() - t0;
    console.log(
      `store: wrote ${ROWS} rows × 8 columns (${(record.bytes / 1e6).toFixed(1)} MB) in ${ms.toFixed(0)} ms`,
    );
    expect(record.rowCount).toBe(ROWS);
    expect(await db.chunks.where('datasetId').equals(record.id!).count()).toBe(8 * 8);
    const stats = Object.fromEntries(record.columns.map((c) => [c.name, c.stats!]));
    expect(stats.customer.distinct).toBe(5000);
    expect(stats.product.distinct).toBe(5200);
    expect(stats.quantity.min).toBe(-3);
    expect(stats.quantity.max).toBe(50);
    expect(stats.rating.missing).toBeGreaterThan(ROWS * 0.008);
    expect(stats.rating.missing).toBeLessThan(ROWS * 0.012);
    expect(stats.rating.count + stats.rating.missing).toBe(ROWS);
    // Only the rating chunks carry bitmaps.
    const withNulls = await db.chunks
      .where('datasetId')
      .equals(record.id!)
      .filter((c) => c.nulls !== undefined)
      .toArray();
    expect(new Set(withNulls.map((c) => c.column))).toEqual(new Set(['rating']));
    expect(withNulls).toHaveLength(8);
  });

  it('reads every column back intact', async () => {
    const t0 = performance.now();
    const back = await readTable(db, record.id!);
    console.log(`store: read the whole table back in ${(performance.now() - t0).toFixed(0)} ms`);
    expect(back.rowCount).toBe(ROWS);
    for (const [i, column] of table.columns.entries()) {
      const got = back.columns[i];
      expect(got.name).toBe(column.name);
      expect(got.type).toBe(column.type);
      expect(firstDifference(got, column)).toBe(-1);
      if (got.type === 'dict' && column.type === 'dict')
        expect(got.dictionary).toEqual(column.dictionary);
    }
    const t1 = performance.now();
    const rating = await readColumn(db, record.id!, 'rating');
    console.log(`store: read one column in ${(performance.now() - t1).toFixed(0)} ms`);
    expect(firstDifference(rating, table.columns[7])).toBe(-1);
  });

  it('reads a window near the end', async () => {
    const from = ROWS - 1234;
    const to = ROWS - 17;
    const t0 = performance.now();
    const window = await readRows(db, record.id!, from, to);
    console.log(
      `store: read rows ${from}-${to} of all 8 columns in ${(performance.now() - t0).toFixed(1)} ms`,
    );
    expect(window.rowCount).toBe(to - from);
    for (const [i, column] of table.columns.entries()) {
      expect(firstDifference(window.columns[i], column, from, to - from)).toBe(-1);
    }
  });

  it('reports storage usage and deletes the dataset completely', async () => {
    const info = await storageInfo();
    expect(info.usage).toBeGreaterThan(0);
    expect(info.quota).toBeGreaterThan(0);
    expect(typeof info.persisted).toBe('boolean');
    expect(await deleteDataset(db, record.id!)).toBe(true);
    expect(await db.chunks.count()).toBe(0);
    expect(await db.dictionaries.count()).toBe(0);
  });
});
