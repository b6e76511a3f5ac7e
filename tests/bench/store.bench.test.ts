/**
 * Store benchmark in Chromium: write and read back 500,000 rows × 8 columns, median of 5
 * runs, with the preparation steps timed on their own. Prints a table; never fails on time.
 */
import { afterAll, expect, it } from 'vitest';
import type { Progress } from '../../src/core/task.ts';
import { hashTable } from '../../src/core/table/hash.ts';
import { describeColumn } from '../../src/core/table/stats.ts';
import { generateWideTable, medianOf } from '../support/wide-table.ts';
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
  const table = generateWideTable(ROWS, 1);
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
      const m = medianOf(ms);
      const rate = b > 0 ? (b / 1e6 / (m / 1000)).toFixed(0) : '';
      return `${step.padEnd(22)}${m.toFixed(1).padStart(9)}${rate.padStart(9)}   ${ms.map((x) => x.toFixed(0)).join(' ')}`;
    }),
  ];
  console.log(lines.join('\n'));
  expect(write).toHaveLength(RUNS);
});
