/**
 * Store benchmark in Chromium: write and read back 500,000 rows × 8 columns, median of 5
 * runs, with the preparation steps timed on their own. Prints a table; never fails on time.
 */
import { afterAll, expect, it } from 'vitest';
import type { Progress } from '../../src/core/task.ts';
import { createRng } from '../../src/core/stats/random.ts';
import { hashTable } from '../../src/core/table/hash.ts';
import { createNullBitmap, setNullAt, type Table } from '../../src/core/table/index.ts';
import { describeColumn } from '../../src/core/table/stats.ts';
import {
  deleteDataset,
  openLensDb,
  readColumn,
  readRows,
  readTable,
  writeDataset,
} from '../../src/store/index.ts';

const ROWS = 500_000;
const RUNS = 5;

/** Same mix as tests/browser/store.test.ts: 3 f64, 1 i32, 2 dict (~5k strings), 1 date, 1 f64 with 1% nulls. */
function generate(seed: number): Table {
  const rng = createRng(seed);
  const amount = new Float64Array(ROWS);
  const price = new Float64Array(ROWS);
  const discount = new Float64Array(ROWS);
  const quantity = new Int32Array(ROWS);
  const customer = new Uint32Array(ROWS);
  const product = new Uint32Array(ROWS);
  const orderDate = new Float64Array(ROWS);
  const rating = new Float64Array(ROWS);
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
  return {
    rowCount: ROWS,
    columns: [
      { name: 'amount', type: 'f64', values: amount },
      { name: 'price', type: 'f64', values: price },
      { name: 'discount', type: 'f64', values: discount },
      { name: 'quantity', type: 'i32', values: quantity },
      {
        name: 'customer',
        type: 'dict',
        codes: customer,
        dictionary: Array.from({ length: 5000 }, (_, i) => `C${String(i).padStart(6, '0')}`),
      },
      {
        name: 'product',
        type: 'dict',
        codes: product,
        dictionary: Array.from({ length: 5200 }, (_, i) => `Product ${i} 商品${i % 97}`),
      },
      { name: 'orderDate', type: 'date', values: orderDate },
      { name: 'rating', type: 'f64', values: rating, nulls: ratingNulls },
    ],
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

const db = openLensDb(`store-bench-${Date.now()}`);
afterAll(async () => {
  await db.delete();
});

it('store: write and read 500k × 8 (median of 5)', async () => {
  const table = generate(1);
  const rows: { step: string; ms: number[]; bytes: number }[] = [];
  const add = (step: string, bytes: number): number[] => {
    const ms: number[] = [];
    rows.push({ step, ms, bytes });
    return ms;
  };
  const probe = await writeDataset(db, { name: 'probe', kind: 'transactions' }, table);
  const bytes = probe.bytes;
  const probeId = probe.id!;

  const stats = add('describeColumn × 8', 0);
  const hash = add('hashTable', bytes);
  const write = add('writeDataset', bytes);
  const prepare = add('  of which prepare', 0);
  const commit = add('  of which transaction', bytes);
  const readAll = add('readTable', bytes);
  const readOne = add('readColumn (f64)', ROWS * 8);
  const window = add('readRows 1k × 8', 0);
  for (let run = 0; run < RUNS; run++) {
    stats.push(await time(() => table.columns.forEach(describeColumn)));
    hash.push(await time(() => hashTable(table)));
    let id = 0;
    let prepared = 0;
    const t0 = performance.now();
    const onProgress = (p: Progress): void => {
      if (p.phase === 'progress.store.write' && p.done === 0) prepared = performance.now();
    };
    id = (
      await writeDataset(db, { name: `run ${run}`, kind: 'transactions' }, table, { onProgress })
    ).id!;
    const t1 = performance.now();
    write.push(t1 - t0);
    prepare.push(prepared - t0);
    commit.push(t1 - prepared);
    readAll.push(await time(() => readTable(db, id)));
    readOne.push(await time(() => readColumn(db, id, 'price')));
    const from = Math.floor((run + 1) * (ROWS / (RUNS + 2)));
    window.push(await time(() => readRows(db, id, from, from + 1000)));
    await deleteDataset(db, id);
  }
  await deleteDataset(db, probeId);

  const lines = [
    `store bench, ${ROWS} rows × 8 columns (${(bytes / 1e6).toFixed(1)} MB stored), median of ${RUNS}`,
    `${'step'.padEnd(22)}${'ms'.padStart(9)}${'MB/s'.padStart(9)}   runs (ms)`,
    ...rows.map(({ step, ms, bytes: b }) => {
      const m = median(ms);
      const rate = b > 0 ? (b / 1e6 / (m / 1000)).toFixed(0) : '';
      return `${step.padEnd(22)}${m.toFixed(1).padStart(9)}${rate.padStart(9)}   ${ms.map((x) => x.toFixed(0)).join(' ')}`;
    }),
  ];
  console.log(lines.join('\n'));
  expect(write).toHaveLength(RUNS);
});
