import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CancelledError, LensError } from '../../src/core/errors.ts';
import { createRng } from '../../src/core/stats/random.ts';
import {
  cellValue,
  columnLength,
  dictColumn,
  numericColumn,
  sliceColumn,
  type Column,
  type Table,
} from '../../src/core/table/index.ts';
import {
  DB_NAME,
  DEFAULT_CHUNK_ROWS,
  SCHEMA_V1,
  deleteDataset,
  deleteEverything,
  deleteSetting,
  getDataset,
  getDb,
  getSetting,
  listDatasets,
  openLensDb,
  prepareWrite,
  readColumn,
  readRows,
  readTable,
  renameDataset,
  requestPersistence,
  setSetting,
  storageInfo,
  writeDataset,
  type ChunkRecord,
  type LensDb,
  type NewDataset,
} from '../../src/store/index.ts';

let dbCount = 0;
const opened: LensDb[] = [];

function freshDb(): LensDb {
  const db = openLensDb(`store-test-${++dbCount}-${Date.now()}`);
  opened.push(db);
  return db;
}

afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

const ROWS = 50;
const CHUNK = 7;

/** 50 rows in chunks of 7 (8 chunks, the last holding one row), nulls placed in different chunks. */
function sampleTable(change?: { row: number; value: number }): Table {
  const f64: (number | null)[] = [];
  const i32: (number | null)[] = [];
  const dict: (string | null)[] = [];
  const date: (number | null)[] = [];
  for (let r = 0; r < ROWS; r++) {
    f64.push([3, 20, 49].includes(r) ? null : r * 1.5 - 10);
    i32.push([7, 13].includes(r) ? null : (r % 9) - 4);
    dict.push([0, 27].includes(r) ? null : ['alpha', 'beta', '伽马', 'delta'][r % 4]);
    date.push(r === 48 ? null : Date.UTC(2024, 0, 1) + r * 86_400_000);
  }
  if (change) f64[change.row] = change.value;
  return {
    rowCount: ROWS,
    columns: [
      numericColumn('amount', 'f64', f64),
      numericColumn('quantity', 'i32', i32),
      dictColumn('product', dict),
      numericColumn('orderDate', 'date', date),
    ],
  };
}

const META: NewDataset = { name: 'Sample', kind: 'transactions' };

function expectSameColumn(actual: Column, expected: Column): void {
  expect(actual.name).toBe(expected.name);
  expect(actual.type).toBe(expected.type);
  expect(columnLength(actual)).toBe(columnLength(expected));
  const got: unknown[] = [];
  const want: unknown[] = [];
  for (let r = 0; r < columnLength(expected); r++) {
    got.push(cellValue(actual, r));
    want.push(cellValue(expected, r));
  }
  expect(got).toEqual(want);
}

/** Every column's cells, for comparing tables. */
function cellsOf(table: Table): unknown[][] {
  return table.columns.map((c) =>
    Array.from({ length: table.rowCount }, (_, r) => cellValue(c, r)),
  );
}

async function expectLensError(
  promise: Promise<unknown>,
  code: string,
  params?: Record<string, string | number>,
): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LensError);
  expect((err as LensError).code).toBe(code);
  if (params) expect((err as LensError).params).toEqual(params);
}

async function counts(db: LensDb, id?: number) {
  if (id === undefined) {
    return {
      datasets: await db.datasets.count(),
      chunks: await db.chunks.count(),
      dictionaries: await db.dictionaries.count(),
    };
  }
  return {
    datasets: await db.datasets.where('id').equals(id).count(),
    chunks: await db.chunks.where('datasetId').equals(id).count(),
    dictionaries: await db.dictionaries.where('datasetId').equals(id).count(),
  };
}

describe('schema', () => {
  it('shares one connection per context, named customer-lens', async () => {
    const shared = getDb();
    expect(getDb()).toBe(shared);
    expect(shared.name).toBe(DB_NAME);
    expect(DB_NAME).toBe('customer-lens');
    await setSetting(shared, 'probe', 1);
    expect(await getSetting(getDb(), 'probe', 0)).toBe(1);
    await deleteEverything(shared);
    expect(getDb()).toBe(shared);
    expect(await getSetting(getDb(), 'probe', 0)).toBe(0);
    await shared.delete({ disableAutoOpen: false });
  });

  it('declares version 1 with the data-model stores and keys', async () => {
    const db = freshDb();
    await db.open();
    expect(db.verno).toBe(1);
    const schema = Object.fromEntries(
      db.tables.map((t) => [
        t.name,
        [t.schema.primKey.src, ...t.schema.indexes.map((i) => i.src)].join(', '),
      ]),
    );
    expect(schema).toEqual({
      datasets: '++id, kind, createdAt',
      chunks: '[datasetId+column+index], datasetId',
      dictionaries: '[datasetId+column], datasetId',
      runs: '++id, kind, datasetId, createdAt',
      segments: '++id, name',
      tags: '++id, name',
      campaigns: '++id, name',
      snapshots: '++id, createdAt',
      settings: 'key',
    });
    expect(Object.keys(SCHEMA_V1).sort()).toEqual(Object.keys(schema).sort());
  });
});

describe('writeDataset / readColumn / readTable', () => {
  it('round-trips all four column types with nulls across chunk boundaries', async () => {
    const db = freshDb();
    const table = sampleTable();
    const record = await writeDataset(db, META, table, { chunkRows: CHUNK });
    expect(record.id).toBeGreaterThan(0);
    expect(record.rowCount).toBe(ROWS);
    expect(record.chunkRows).toBe(CHUNK);
    expect(record.columns.map((c) => [c.name, c.type])).toEqual([
      ['amount', 'f64'],
      ['quantity', 'i32'],
      ['product', 'dict'],
      ['orderDate', 'date'],
    ]);

    for (const column of table.columns) {
      expectSameColumn(await readColumn(db, record.id!, column.name), column);
    }
    const back = await readTable(db, record.id!);
    expect(back.rowCount).toBe(ROWS);
    table.columns.forEach((c, i) => expectSameColumn(back.columns[i], c));
    // Value slots under nulls read back as 0, whatever the writer left there.
    const amount = back.columns[0] as Extract<Column, { type: 'f64' }>;
    expect([amount.values[3], amount.values[20], amount.values[49]]).toEqual([0, 0, 0]);
    expect(back.columns[2].type === 'dict' && back.columns[2].dictionary).toEqual([
      'beta',
      '伽马',
      'delta',
      'alpha',
    ]);
  });

  it('stores exact-size chunk buffers and a null bitmap only in chunks that hold a null', async () => {
    const db = freshDb();
    const record = await writeDataset(db, META, sampleTable(), { chunkRows: CHUNK });
    const chunks = await db.chunks.where('datasetId').equals(record.id!).toArray();
    expect(chunks).toHaveLength(4 * 8);
    const byColumn = (name: string): ChunkRecord[] =>
      chunks.filter((c) => c.column === name).sort((a, b) => a.index - b.index);
    const amount = byColumn('amount');
    expect(amount.map((c) => c.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(amount.map((c) => c.data.byteLength)).toEqual([56, 56, 56, 56, 56, 56, 56, 8]);
    // amount nulls at rows 3, 20, 49 -> chunks 0, 2, 7; quantity at 7, 13 -> chunk 1 only.
    const withNulls = (name: string): number[] =>
      byColumn(name)
        .filter((c) => c.nulls !== undefined)
        .map((c) => c.index);
    expect(withNulls('amount')).toEqual([0, 2, 7]);
    expect(withNulls('quantity')).toEqual([1]);
    expect(withNulls('product')).toEqual([0, 3]);
    expect(withNulls('orderDate')).toEqual([6]);
    // Row 20 is row 6 of chunk 2: bit 6 of the chunk's first byte.
    expect(Array.from(new Uint8Array(amount[2].nulls!))).toEqual([0b0100_0000]);
    // Four values: one byte per code; a null's slot is 0.
    expect(byColumn('product').map((c) => c.data.byteLength)).toEqual([7, 7, 7, 7, 7, 7, 7, 1]);
    expect(new Uint8Array(byColumn('product')[0].data)[1]).toBe(0);

    const dictionaries = await db.dictionaries.where('datasetId').equals(record.id!).toArray();
    expect(dictionaries.map((d) => [d.column, d.values])).toEqual([
      ['product', ['beta', '伽马', 'delta', 'alpha']],
    ]);
    const chunkBytes = chunks.reduce(
      (n, c) => n + c.data.byteLength + (c.nulls?.byteLength ?? 0),
      0,
    );
    // 'beta' 4 + '伽马' 6 + 'delta' 5 + 'alpha' 5 UTF-8 bytes.
    expect(record.bytes).toBe(chunkBytes + 20);
  });

  it('stores dictionary codes in 1, 2 or 4 bytes as the dictionary allows, and reads each back', async () => {
    const db = freshDb();
    const n = 70_000;
    for (const [values, width] of [
      [256, 1],
      [257, 2],
      [65_536, 2],
      [65_537, 4],
    ] as const) {
      // Every value once (the dictionary's size), then the rest cycling; some nulls.
      const cells = Array.from({ length: n }, (_, i) =>
        i >= values && i % 997 === 5 ? null : `v${i < values ? i : (i * 7919) % values}`,
      );
      const column = dictColumn('d', cells);
      expect(column.dictionary).toHaveLength(values);
      const { id } = await writeDataset(db, META, { rowCount: n, columns: [column] });
      const chunks = await db.chunks.where('datasetId').equals(id!).toArray();
      expect(
        chunks.map(
          (c) => c.data.byteLength / Math.min(DEFAULT_CHUNK_ROWS, n - c.index * DEFAULT_CHUNK_ROWS),
        ),
      ).toEqual(chunks.map(() => width));
      expectSameColumn(await readColumn(db, id!, 'd'), column);
      const rows = await readRows(db, id!, 65_530, 65_540);
      expectSameColumn(rows.columns[0], sliceColumn(column, 65_530, 65_540));
    }
  });

  it('still reads datasets stored with 4-byte codes whatever the dictionary size', async () => {
    const db = freshDb();
    const column = dictColumn('d', ['a', 'b', null, 'a', 'c', 'b', 'a', 'a', 'c']);
    const { id } = await writeDataset(
      db,
      META,
      { rowCount: 9, columns: [column] },
      {
        chunkRows: 4,
      },
    );
    // Rewrite the chunks as the store wrote them before codes were narrowed.
    const chunks = await db.chunks.where('datasetId').equals(id!).toArray();
    for (const c of chunks) {
      await db.chunks.put({ ...c, data: Uint32Array.from(new Uint8Array(c.data)).buffer });
    }
    expectSameColumn(await readColumn(db, id!, 'd'), column);
    expectSameColumn((await readRows(db, id!, 3, 6)).columns[0], sliceColumn(column, 3, 6));
  });

  it('uses 65536-row chunks by default and handles an empty table', async () => {
    const db = freshDb();
    const n = DEFAULT_CHUNK_ROWS + 5;
    const values = new Float64Array(n).map((_, i) => i);
    const big = await writeDataset(db, META, {
      rowCount: n,
      columns: [{ name: 'x', type: 'f64', values }],
    });
    expect(big.chunkRows).toBe(65536);
    expect(await db.chunks.where('datasetId').equals(big.id!).count()).toBe(2);
    const x = await readColumn(db, big.id!, 'x');
    expect(x.type === 'f64' && Array.from(x.values.subarray(n - 3))).toEqual([n - 3, n - 2, n - 1]);

    const empty = await writeDataset(
      db,
      { name: 'Empty', kind: 'customers' },
      {
        rowCount: 0,
        columns: [numericColumn('a', 'f64', []), dictColumn('b', [])],
      },
    );
    const back = await readTable(db, empty.id!);
    expect(back.rowCount).toBe(0);
    expect(back.columns.map((c) => [c.name, columnLength(c)])).toEqual([
      ['a', 0],
      ['b', 0],
    ]);
    expect((await readRows(db, empty.id!, 0, 10)).rowCount).toBe(0);
  });

  it('keeps meta, roles and source on the record', async () => {
    const db = freshDb();
    const record = await writeDataset(
      db,
      {
        name: '  Orders 2024 ',
        kind: 'transactions',
        roles: { amount: 'amount', product: 'productName', nope: 'ignore' },
        source: { fileName: 'orders.csv', bytes: 1234, delimiter: ',' },
        parentId: 7,
        report: { rows: 50 },
      },
      sampleTable(),
      { chunkRows: CHUNK },
    );
    const stored = await getDataset(db, record.id!);
    expect(stored).toEqual(record);
    expect(stored.name).toBe('Orders 2024');
    expect(stored.mapping).toEqual({ amount: 'amount', product: 'productName' });
    expect(stored.columns.map((c) => c.role)).toEqual([
      'amount',
      undefined,
      'productName',
      undefined,
    ]);
    expect(stored.source).toEqual({ fileName: 'orders.csv', bytes: 1234, delimiter: ',' });
    expect(stored.parentId).toBe(7);
    expect(stored.report).toEqual({ rows: 50 });
    expect(stored.createdAt).toBeGreaterThan(Date.UTC(2024, 0, 1));
  });

  it('stores a write prepared ahead exactly as one prepared in place, and ignores one for another table', async () => {
    const table = sampleTable();
    const meta = { ...META, roles: { amount: 'amount' as const } };
    const ahead = await prepareWrite(table, { chunkRows: CHUNK });
    const db = freshDb();
    const prepared = await writeDataset(db, meta, table, { chunkRows: CHUNK, prepared: ahead });
    const plain = await writeDataset(db, meta, table, { chunkRows: CHUNK });
    const { id: _a, createdAt: _b, ...preparedRest } = prepared;
    const { id: _c, createdAt: _d, ...plainRest } = plain;
    expect(preparedRest).toEqual(plainRest);
    expect(prepared.columns[0].role).toBe('amount');
    expect(cellsOf(await readTable(db, prepared.id!))).toEqual(cellsOf(table));
    // Prepared for another table (or chunk size): prepared again, the other one's chunks unused.
    const changed = sampleTable({ row: 3, value: 99 });
    const other = await writeDataset(db, meta, changed, { chunkRows: CHUNK, prepared: ahead });
    expect(cellsOf(await readTable(db, other.id!))).toEqual(cellsOf(changed));
    expect(other.contentHash).not.toBe(prepared.contentHash);
    const resized = await writeDataset(db, meta, table, { chunkRows: 5, prepared: ahead });
    expect(resized.chunkRows).toBe(5);
    expect(cellsOf(await readTable(db, resized.id!))).toEqual(cellsOf(table));
  });

  it('reports progress: every column prepared, then every chunk written', async () => {
    const db = freshDb();
    const seen: string[] = [];
    await writeDataset(db, META, sampleTable(), {
      chunkRows: CHUNK,
      onProgress: (p) => seen.push(`${p.phase} ${p.done}/${p.total}`),
    });
    expect(seen.slice(0, 5)).toEqual([
      'progress.store.prepare 0/4',
      'progress.store.prepare 1/4',
      'progress.store.prepare 2/4',
      'progress.store.prepare 3/4',
      'progress.store.prepare 4/4',
    ]);
    expect(seen[5]).toBe('progress.store.write 0/32');
    expect(seen.at(-1)).toBe('progress.store.write 32/32');
    expect(seen).toHaveLength(5 + 1 + 4);
  });
});

describe('readRows', () => {
  it('returns windows that cross chunk boundaries exactly like slicing the table', async () => {
    const db = freshDb();
    const table = sampleTable();
    const { id } = await writeDataset(db, META, table, { chunkRows: CHUNK });
    const windows: [number, number][] = [
      [0, 50],
      [0, 7],
      [6, 8],
      [7, 14],
      [13, 29],
      [20, 21],
      [45, 50],
      [49, 50],
      [10, 10],
    ];
    const rng = createRng(42);
    for (let i = 0; i < 40; i++) {
      const a = rng.int(0, ROWS);
      const b = rng.int(0, ROWS);
      windows.push([Math.min(a, b), Math.max(a, b)]);
    }
    for (const [start, end] of windows) {
      const got = await readRows(db, id!, start, end);
      expect(got.rowCount).toBe(end - start);
      table.columns.forEach((c, i) => expectSameColumn(got.columns[i], sliceColumn(c, start, end)));
    }
  });

  it('clamps the window, keeps the requested column order and rejects unknown columns', async () => {
    const db = freshDb();
    const table = sampleTable();
    const { id } = await writeDataset(db, META, table, { chunkRows: CHUNK });
    const clamped = await readRows(db, id!, -5, 1000, ['orderDate', 'amount']);
    expect(clamped.rowCount).toBe(ROWS);
    expect(clamped.columns.map((c) => c.name)).toEqual(['orderDate', 'amount']);
    expectSameColumn(clamped.columns[0], table.columns[3]);
    const inverted = await readRows(db, id!, 30, 10, ['product']);
    expect(inverted.rowCount).toBe(0);
    await expectLensError(
      readRows(db, id!, 0, 5, ['amount', 'nope']),
      'error.store.columnNotFound',
      {
        id: id!,
        column: 'nope',
      },
    );
    await expectLensError(readColumn(db, id!, 'nope'), 'error.store.columnNotFound');
    await expect(readRows(db, id!, NaN, 5)).rejects.toThrow(RangeError);
  });

  it('only reads the chunks that overlap the window', async () => {
    const db = freshDb();
    const { id } = await writeDataset(db, META, sampleTable(), { chunkRows: CHUNK });
    const read: string[] = [];
    const onRead = (chunk: ChunkRecord): ChunkRecord => {
      read.push(`${chunk.column}:${chunk.index}`);
      return chunk;
    };
    db.chunks.hook('reading', onRead);
    try {
      // Rows 15..21: chunk 2 holds rows 14-20, chunk 3 rows 21-27.
      await readRows(db, id!, 15, 22, ['amount', 'product']);
      expect(read.sort()).toEqual(['amount:2', 'amount:3', 'product:2', 'product:3']);
      read.length = 0;
      await readRows(db, id!, 49, 50, ['orderDate']);
      expect(read).toEqual(['orderDate:7']);
    } finally {
      db.chunks.hook('reading').unsubscribe(onRead);
    }
  });

  it('shares a frozen dictionary between windows', async () => {
    const db = freshDb();
    const { id } = await writeDataset(db, META, sampleTable(), { chunkRows: CHUNK });
    const a = await readRows(db, id!, 0, 5, ['product']);
    const b = await readRows(db, id!, 40, 45, ['product']);
    const da = a.columns[0].type === 'dict' ? a.columns[0].dictionary : [];
    const db2 = b.columns[0].type === 'dict' ? b.columns[0].dictionary : [];
    expect(da).toBe(db2);
    expect(Object.isFrozen(da)).toBe(true);
    // readColumn hands out a private, mutable copy.
    const whole = await readColumn(db, id!, 'product');
    expect(whole.type === 'dict' && Object.isFrozen(whole.dictionary)).toBe(false);
  });
});

describe('stats', () => {
  it('stores hand-checked column statistics', async () => {
    const db = freshDb();
    const table: Table = {
      rowCount: 9,
      columns: [
        numericColumn('f', 'f64', [3, 1, null, 4, 1, 5, 9, 2, 6]),
        numericColumn('i', 'i32', [5, -2, 5, 0, 7, null, null, 5, 1]),
        dictColumn('d', ['a', 'b', 'a', null, 'c', 'a', 'b', '', 'a']),
        numericColumn('t', 'date', [
          Date.UTC(2024, 5, 1),
          null,
          Date.UTC(2023, 0, 15),
          Date.UTC(2024, 11, 31),
          Date.UTC(2024, 5, 1),
          null,
          null,
          null,
          null,
        ]),
      ],
    };
    const record = await writeDataset(db, META, table, { chunkRows: 4 });
    const stats = Object.fromEntries(record.columns.map((c) => [c.name, c.stats]));
    // f: 1 1 2 3 4 5 6 9 -> mean 31/8, median (3+4)/2.
    expect(stats.f).toEqual({
      count: 8,
      missing: 1,
      distinct: 7,
      min: 1,
      max: 9,
      mean: 3.875,
      median: 3.5,
    });
    // i: -2 0 1 5 5 5 7 -> mean 21/7, median 5.
    expect(stats.i).toEqual({
      count: 7,
      missing: 2,
      distinct: 5,
      min: -2,
      max: 7,
      mean: 3,
      median: 5,
    });
    expect(stats.d).toEqual({
      count: 7,
      missing: 2,
      distinct: 3,
      top: [
        { value: 'a', count: 4 },
        { value: 'b', count: 2 },
        { value: 'c', count: 1 },
      ],
    });
    expect(stats.t).toEqual({
      count: 4,
      missing: 5,
      distinct: 3,
      min: Date.UTC(2023, 0, 15),
      max: Date.UTC(2024, 11, 31),
    });
  });
});

describe('content hash', () => {
  it('is the same for identical tables and changes with any value, name or null', async () => {
    const db = freshDb();
    const a = await writeDataset(db, META, sampleTable(), { chunkRows: CHUNK });
    const b = await writeDataset(db, { name: 'Other name', kind: 'customers' }, sampleTable(), {
      chunkRows: 16,
    });
    expect(a.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.contentHash).toBe(a.contentHash);

    const changed = await writeDataset(db, META, sampleTable({ row: 30, value: 35.0001 }), {
      chunkRows: CHUNK,
    });
    expect(changed.contentHash).not.toBe(a.contentHash);
    const nulled = await writeDataset(db, META, sampleTable({ row: 30, value: NaN }), {
      chunkRows: CHUNK,
    });
    expect(nulled.contentHash).not.toBe(a.contentHash);

    const renamed = sampleTable();
    renamed.columns[1].name = 'qty';
    const r = await writeDataset(db, META, renamed, { chunkRows: CHUNK });
    expect(r.contentHash).not.toBe(a.contentHash);

    // What lies under a null is not content.
    const dirty = sampleTable();
    const amount = dirty.columns[0] as Extract<Column, { type: 'f64' }>;
    amount.values[20] = 12345;
    const d = await writeDataset(db, META, dirty, { chunkRows: CHUNK });
    expect(d.contentHash).toBe(a.contentHash);
  });
});

describe('all-or-nothing writes', () => {
  it('leaves no record, chunk or dictionary when a chunk write fails midway', async () => {
    const db = freshDb();
    const table = sampleTable();
    const first = await writeDataset(db, META, table, { chunkRows: CHUNK });
    const before = await counts(db);
    expect(before).toEqual({ datasets: 1, chunks: 32, dictionaries: 1 });

    let created = 0;
    const failOnTenth = (): void => {
      if (++created === 10) throw new Error('disk full (simulated)');
    };
    db.chunks.hook('creating', failOnTenth);
    try {
      await expect(
        writeDataset(db, { name: 'Doomed', kind: 'transactions' }, table, { chunkRows: CHUNK }),
      ).rejects.toThrow(/disk full/);
    } finally {
      db.chunks.hook('creating').unsubscribe(failOnTenth);
    }
    expect(created).toBeGreaterThanOrEqual(10);

    expect(await counts(db)).toEqual(before);
    expect((await listDatasets(db)).map((d) => d.name)).toEqual(['Sample']);
    expect(await counts(db, first.id! + 1)).toEqual({ datasets: 0, chunks: 0, dictionaries: 0 });
    const back = await readTable(db, first.id!);
    table.columns.forEach((c, i) => expectSameColumn(back.columns[i], c));
  });

  it('reports a full disk as error.storage.quota and stores nothing', async () => {
    const db = freshDb();
    const quota = (): void => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    db.chunks.hook('creating', quota);
    try {
      await expectLensError(
        writeDataset(db, META, sampleTable(), { chunkRows: CHUNK }),
        'error.storage.quota',
        { needed: '0.1' },
      );
    } finally {
      db.chunks.hook('creating').unsubscribe(quota);
    }
    expect(await counts(db)).toEqual({ datasets: 0, chunks: 0, dictionaries: 0 });
  });

  it('leaves nothing when cancelled while the chunks are being written', async () => {
    const db = freshDb();
    const signal = { aborted: false };
    const err = await writeDataset(db, META, sampleTable(), {
      chunkRows: CHUNK,
      signal,
      onProgress: (p) => {
        if (p.phase === 'progress.store.write' && p.done > 0) signal.aborted = true;
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CancelledError);
    expect(await counts(db)).toEqual({ datasets: 0, chunks: 0, dictionaries: 0 });
  });

  it('rejects invalid tables before writing anything', async () => {
    const db = freshDb();
    const ok = numericColumn('a', 'f64', [1, 2, 3]);
    const cases: [Table, Record<string, string | number>][] = [
      [
        { rowCount: 3, columns: [ok, numericColumn('b', 'i32', [1, 2])] },
        { problem: 'length', column: 'b', expected: 3, actual: 2 },
      ],
      [
        { rowCount: 3, columns: [ok, { ...ok }] },
        { problem: 'duplicateName', column: 'a' },
      ],
      [
        { rowCount: 3, columns: [ok, { ...ok, name: '  ' }] },
        { problem: 'emptyName', column: '#2' },
      ],
      [
        {
          rowCount: 3,
          columns: [
            { name: 'd', type: 'dict', codes: new Uint32Array([0, 2, 1]), dictionary: ['x', 'y'] },
          ],
        },
        { problem: 'code', column: 'd', row: 2 },
      ],
      [
        {
          rowCount: 3,
          columns: [{ name: 'w', type: 'i32', values: new Float64Array(3) } as unknown as Column],
        },
        { problem: 'type', column: 'w' },
      ],
      [
        { rowCount: 3, columns: [{ ...ok, nulls: new Uint8Array(0) }] },
        { problem: 'nulls', column: 'a' },
      ],
      [
        { rowCount: -1, columns: [] },
        { problem: 'rowCount', column: '' },
      ],
    ];
    for (const [table, params] of cases) {
      await expectLensError(writeDataset(db, META, table), 'error.store.invalidTable', params);
    }
    await expectLensError(
      writeDataset(db, { name: ' ', kind: 'customers' }, { rowCount: 3, columns: [ok] }),
      'error.store.emptyName',
      {},
    );
    expect(await counts(db)).toEqual({ datasets: 0, chunks: 0, dictionaries: 0 });
  });
});

describe('list, rename, delete', () => {
  it('lists newest first, renames, and deletes every chunk and dictionary of one dataset', async () => {
    const db = freshDb();
    const table = sampleTable();
    const a = await writeDataset(db, { name: 'A', kind: 'transactions' }, table, {
      chunkRows: CHUNK,
    });
    const b = await writeDataset(db, { name: 'B', kind: 'customers' }, table, { chunkRows: CHUNK });
    const c = await writeDataset(db, { name: 'C', kind: 'results', parentId: 2 }, table, {
      chunkRows: 10,
    });
    expect((await listDatasets(db)).map((d) => d.name)).toEqual(['C', 'B', 'A']);

    const renamed = await renameDataset(db, b.id!, '  Customers 2024  ');
    expect(renamed.name).toBe('Customers 2024');
    expect((await getDataset(db, b.id!)).name).toBe('Customers 2024');
    await expectLensError(renameDataset(db, b.id!, '   '), 'error.store.emptyName');
    await expectLensError(renameDataset(db, 999, 'x'), 'error.store.notFound', { id: 999 });

    expect(await counts(db, b.id!)).toEqual({ datasets: 1, chunks: 32, dictionaries: 1 });
    expect(await deleteDataset(db, b.id!)).toBe(true);
    expect(await counts(db, b.id!)).toEqual({ datasets: 0, chunks: 0, dictionaries: 0 });
    expect(await counts(db)).toEqual({ datasets: 2, chunks: 32 + 4 * 5, dictionaries: 2 });
    expect((await listDatasets(db)).map((d) => d.name)).toEqual(['C', 'A']);
    await expectLensError(getDataset(db, b.id!), 'error.store.notFound', { id: b.id! });
    await expectLensError(readTable(db, b.id!), 'error.store.notFound');
    expect(await deleteDataset(db, b.id!)).toBe(false);

    // The others, including one derived from the deleted dataset, are untouched.
    for (const id of [a.id!, c.id!]) {
      const back = await readTable(db, id);
      table.columns.forEach((col, i) => expectSameColumn(back.columns[i], col));
    }
  });

  it('deleteEverything removes the database and the same connection starts afresh', async () => {
    const db = freshDb();
    await writeDataset(db, META, sampleTable(), { chunkRows: CHUNK });
    await setSetting(db, 'locale', 'zh-CN');
    await deleteEverything(db);
    expect(await listDatasets(db)).toEqual([]);
    expect(await counts(db)).toEqual({ datasets: 0, chunks: 0, dictionaries: 0 });
    expect(await getSetting(db, 'locale', 'en')).toBe('en');
    const again = await writeDataset(db, META, sampleTable(), { chunkRows: CHUNK });
    expect(again.id).toBe(1);
  });
});

describe('settings', () => {
  it('returns the fallback until a value is set, then the value', async () => {
    const db = freshDb();
    expect(await getSetting(db, 'grid', { cells: 0 })).toEqual({ cells: 0 });
    await setSetting(db, 'grid', { cells: 25, names: ['Champions'] });
    expect(await getSetting(db, 'grid', { cells: 0 })).toEqual({ cells: 25, names: ['Champions'] });
    await setSetting(db, 'grid', null);
    expect(await getSetting(db, 'grid', { cells: 0 })).toBeNull();
    await deleteSetting(db, 'grid');
    expect(await getSetting(db, 'grid', 'gone')).toBe('gone');
  });
});

describe('storage', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('returns nulls and false where the StorageManager API is missing', async () => {
    vi.stubGlobal('navigator', {});
    expect(await storageInfo()).toEqual({ usage: null, quota: null, persisted: null });
    expect(await requestPersistence()).toBe(false);
  });

  it('reads estimate() and persisted(), and asks persist()', async () => {
    const persist = vi.fn(async () => true);
    vi.stubGlobal('navigator', {
      storage: {
        estimate: async () => ({ usage: 1024, quota: 1 << 30 }),
        persisted: async () => false,
        persist,
      },
    });
    expect(await storageInfo()).toEqual({ usage: 1024, quota: 1 << 30, persisted: false });
    expect(await requestPersistence()).toBe(true);
    expect(persist).toHaveBeenCalledOnce();
  });
});
