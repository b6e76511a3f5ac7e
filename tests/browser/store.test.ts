/**
 * The store against Chromium's real IndexedDB at import scale: 500,000 rows × 8 columns.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { firstDifference, generateWideTable } from '../support/wide-table.ts';
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

const db = openLensDb(`store-browser-${Date.now()}`);
afterAll(async () => {
  await db.delete();
});

describe('store in Chromium IndexedDB', () => {
  const table = generateWideTable(ROWS, 20240601);
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
