/**
 * The column-chunk store: a dataset is one record in `datasets` plus, for every column,
 * chunks of `chunkRows` rows (one typed-array buffer each, with a null bitmap only when
 * the chunk holds a null) and, for dict columns, one `dictionaries` record.
 *
 * Datasets are immutable once written; only the name can change. Derived data goes into
 * a new dataset (with `parentId`).
 */
import { LensError, throwIfCancelled } from '../core/errors.ts';
import type { TaskContext } from '../core/task.ts';
import { hashTable, zeroNullSlots } from '../core/table/hash.ts';
import {
  createNullBitmap,
  isNullAt,
  nullBitmapBytes,
  setNullAt,
  sliceNullBitmap,
} from '../core/table/nulls.ts';
import { describeColumnCached, type StatsCache } from '../core/table/stats.ts';
import type { Column, ColumnType, DictColumn, Table } from '../core/table/types.ts';
import type { LensDb } from './db.ts';
import type {
  ChunkRecord,
  ColumnMeta,
  DatasetRecord,
  DictionaryRecord,
  NewDataset,
} from './types.ts';

/**
 * About 64k rows: 512 KB per f64 chunk. Large enough that per-record overhead in
 * IndexedDB is negligible, small enough that a window read fetches little it does not need.
 */
export const DEFAULT_CHUNK_ROWS = 65536;

export interface WriteOptions extends TaskContext {
  chunkRows?: number;
  /**
   * Filled with milliseconds of the steps before the transaction opens ('write.prepare':
   * checks, stats and chunk buffers; 'write.hash': waiting for the content hash after
   * that). The object may be part of `meta.report`, so a receipt can carry them.
   */
  timings?: Record<string, number>;
  /** Column stats already computed for these very columns (e.g. by the import's quality report). */
  stats?: StatsCache;
  /** prepareWrite of this very table, done ahead; used when the table and chunk size match. */
  prepared?: PreparedWrite;
}

/** Progress phases reported by writeDataset (message keys of the i18n catalogue). */
export const WRITE_PHASES = {
  prepare: 'progress.store.prepare',
  write: 'progress.store.write',
} as const;

/**
 * Stores `table` as a new dataset and returns its record (with `id`).
 *
 * All-or-nothing: the record, every chunk and every dictionary go into IndexedDB in one
 * read-write transaction, so after a failure, a cancellation or a closed tab nothing of
 * the dataset exists. Everything that is not an IndexedDB request (validation, stats,
 * the content hash, chunk buffers) happens before the transaction opens, because an
 * IndexedDB transaction commits as soon as its code awaits anything else.
 *
 * Throws LensError 'error.store.emptyName' or 'error.store.invalidTable' before touching
 * the database; 'error.storage.quota' when the browser refuses the space; CancelledError
 * when `signal` is set (before or during the transaction).
 */
export async function writeDataset(
  db: LensDb,
  meta: NewDataset,
  table: Table,
  opts: WriteOptions = {},
): Promise<DatasetRecord> {
  const name = meta.name.trim();
  if (name === '') throw new LensError('error.store.emptyName');
  const ahead = opts.prepared;
  const prepared =
    ahead && ahead.table === table && ahead.chunkRows === (opts.chunkRows ?? DEFAULT_CHUNK_ROWS)
      ? ahead
      : await prepareWrite(table, opts);
  throwIfCancelled(opts.signal);
  if (opts.timings) Object.assign(opts.timings, prepared.timings);
  return commitPrepared(db, { ...meta, name }, prepared, opts);
}

/**
 * Everything writeDataset does before its transaction: checks, stats, chunk buffers and
 * the content hash. It may run ahead (while a person looks at an import's report) and be
 * handed to writeDataset as `prepared`; it does not touch the database.
 */
export async function prepareWrite(table: Table, opts: WriteOptions = {}): Promise<PreparedWrite> {
  const { signal, onProgress } = opts;
  const chunkRows = opts.chunkRows ?? DEFAULT_CHUNK_ROWS;
  if (!Number.isInteger(chunkRows) || chunkRows < 1) {
    throw new RangeError(`chunkRows must be a positive integer, got ${chunkRows}`);
  }
  const t0 = performance.now();
  validateTable(table);
  throwIfCancelled(signal);

  // WebCrypto digests off the main thread in browsers: let it run while the stats are computed.
  const hashing = hashTable(table);
  hashing.catch(() => undefined); // observed below; this only silences an early exit

  const { rowCount } = table;
  const total = table.columns.length;
  const columns: ColumnMeta[] = [];
  const chunkGroups: ChunkRecord[][] = [];
  const dictionaries: DictionaryRecord[] = [];
  let bytes = 0;
  onProgress?.({ phase: WRITE_PHASES.prepare, done: 0, total });
  for (const column of table.columns) {
    throwIfCancelled(signal);
    columns.push({
      name: column.name,
      type: column.type,
      stats: describeColumnCached(column, opts.stats),
    });
    const chunks = splitColumn(column, rowCount, chunkRows);
    for (const c of chunks) bytes += c.data.byteLength + (c.nulls?.byteLength ?? 0);
    chunkGroups.push(chunks);
    if (column.type === 'dict') {
      dictionaries.push({ datasetId: 0, column: column.name, values: column.dictionary });
      for (const s of column.dictionary) bytes += utf8Length(s);
    }
    onProgress?.({ phase: WRITE_PHASES.prepare, done: columns.length, total });
  }
  const t1 = performance.now();
  const contentHash = await hashing;
  throwIfCancelled(signal);
  return {
    table,
    chunkRows,
    columns,
    chunkGroups,
    dictionaries,
    bytes,
    contentHash,
    timings: { 'write.prepare': t1 - t0, 'write.hash': performance.now() - t1 },
  };
}

/** What prepareWrite hands to writeDataset. */
export interface PreparedWrite {
  table: Table;
  chunkRows: number;
  /** Without roles (the dataset's meta adds them). */
  columns: ColumnMeta[];
  chunkGroups: ChunkRecord[][];
  dictionaries: DictionaryRecord[];
  bytes: number;
  contentHash: string;
  timings: Record<string, number>;
}

async function commitPrepared(
  db: LensDb,
  meta: NewDataset,
  prepared: PreparedWrite,
  opts: WriteOptions,
): Promise<DatasetRecord> {
  const { signal, onProgress } = opts;
  const { chunkRows, chunkGroups, dictionaries, bytes, contentHash } = prepared;
  const rowCount = prepared.table.rowCount;
  const mapping: NonNullable<DatasetRecord['mapping']> = {};
  const columns = prepared.columns.map((c) => {
    const role = meta.roles?.[c.name];
    if (role === undefined) return c;
    mapping[c.name] = role;
    return { ...c, role };
  });
  const record: DatasetRecord = {
    name: meta.name,
    kind: meta.kind,
    rowCount,
    columns,
    chunkRows,
    bytes,
    contentHash,
    createdAt: Date.now(),
    ...(meta.source !== undefined ? { source: meta.source } : {}),
    ...(meta.roles !== undefined ? { mapping } : {}),
    ...(meta.parentId !== undefined ? { parentId: meta.parentId } : {}),
    ...(meta.report !== undefined ? { report: meta.report } : {}),
  };
  const chunkCount = chunkGroups.reduce((n, g) => n + g.length, 0);
  let id: number;
  try {
    id = await db.transaction('rw', db.datasets, db.chunks, db.dictionaries, async () => {
      // The '++id' key generator always yields a number.
      const newId = (await db.datasets.add(record)) as number;
      for (const group of chunkGroups) for (const c of group) c.datasetId = newId;
      for (const d of dictionaries) d.datasetId = newId;
      let written = 0;
      onProgress?.({ phase: WRITE_PHASES.write, done: 0, total: chunkCount });
      // Issued together so IndexedDB can pipeline them; any rejection aborts the transaction.
      await Promise.all([
        ...chunkGroups.map((group) =>
          db.chunks.bulkAdd(group).then(() => {
            throwIfCancelled(signal);
            written += group.length;
            onProgress?.({ phase: WRITE_PHASES.write, done: written, total: chunkCount });
          }),
        ),
        dictionaries.length > 0 ? db.dictionaries.bulkAdd(dictionaries) : undefined,
      ]);
      return newId;
    });
  } catch (err) {
    if (isQuotaError(err)) {
      // Say how much was asked for, so the user knows how much to free.
      throw new LensError('error.storage.quota', { needed: megabytes(bytes) });
    }
    throw err;
  }
  return { ...record, id };
}

/** Bytes as megabytes with one decimal, for messages ("about 26.2 MB"). */
function megabytes(bytes: number): string {
  return (Math.max(bytes, 1e5) / 1e6).toFixed(1);
}

/**
 * Whether IndexedDB refused the write for lack of space. Dexie reports it directly, as the
 * `inner` error of an abort, or among the `failures` of a bulk operation.
 */
function isQuotaError(err: unknown, depth = 0): boolean {
  if (typeof err !== 'object' || err === null || depth > 4) return false;
  const e = err as { name?: unknown; inner?: unknown; failures?: unknown };
  if (e.name === 'QuotaExceededError') return true;
  if (isQuotaError(e.inner, depth + 1)) return true;
  return Array.isArray(e.failures) && e.failures.some((f) => isQuotaError(f, depth + 1));
}

/** Newest first. */
export async function listDatasets(db: LensDb): Promise<DatasetRecord[]> {
  const all = await db.datasets.toArray();
  return all.sort((a, b) => b.createdAt - a.createdAt || (b.id ?? 0) - (a.id ?? 0));
}

/** Throws LensError 'error.store.notFound' {id} when there is no such dataset. */
export async function getDataset(db: LensDb, id: number): Promise<DatasetRecord> {
  const record = await db.datasets.get(id);
  if (!record) throw new LensError('error.store.notFound', { id });
  return record;
}

/** One whole column. Throws 'error.store.notFound' or 'error.store.columnNotFound'. */
export function readColumn(db: LensDb, id: number, name: string): Promise<Column> {
  return db.transaction('r', db.datasets, db.chunks, db.dictionaries, async () => {
    const record = await getDataset(db, id);
    const meta = findMeta(record, name);
    return readWindow(db, record, meta, 0, record.rowCount, false);
  });
}

/** The whole dataset as a table, its columns in stored order. */
export function readTable(db: LensDb, id: number): Promise<Table> {
  return db.transaction('r', db.datasets, db.chunks, db.dictionaries, async () => {
    const record = await getDataset(db, id);
    const columns = await Promise.all(
      record.columns.map((meta) => readWindow(db, record, meta, 0, record.rowCount, false)),
    );
    return { rowCount: record.rowCount, columns };
  });
}

/**
 * Rows [start, end) (clamped to the dataset) of the named columns, or of all columns in
 * stored order; only the chunks that overlap the window are read. Meant for scrolling
 * views, so dictionaries come from a small cache and are shared and frozen: copy one
 * before changing it.
 */
export function readRows(
  db: LensDb,
  id: number,
  start: number,
  end: number,
  columns?: string[],
): Promise<Table> {
  if (Number.isNaN(start) || Number.isNaN(end)) {
    return Promise.reject(new RangeError('readRows: start and end must be numbers'));
  }
  return db.transaction('r', db.datasets, db.chunks, db.dictionaries, async () => {
    const record = await getDataset(db, id);
    const metas = columns ? columns.map((name) => findMeta(record, name)) : record.columns;
    const from = Math.min(record.rowCount, Math.max(0, Math.floor(start)));
    const to = Math.max(from, Math.min(record.rowCount, Math.floor(end)));
    const read = await Promise.all(
      metas.map((meta) => readWindow(db, record, meta, from, to, true)),
    );
    return { rowCount: to - from, columns: read };
  });
}

/** Trims the name; throws 'error.store.emptyName' when nothing is left, 'error.store.notFound' when absent. */
export function renameDataset(db: LensDb, id: number, name: string): Promise<DatasetRecord> {
  const trimmed = name.trim();
  if (trimmed === '') return Promise.reject(new LensError('error.store.emptyName'));
  return db.transaction('rw', db.datasets, async () => {
    const record = await getDataset(db, id);
    const renamed = { ...record, name: trimmed };
    await db.datasets.put(renamed);
    return renamed;
  });
}

/**
 * Removes the dataset record, its chunks and its dictionaries in one transaction.
 * Returns false when there was no such dataset. Datasets derived from it (`parentId`)
 * and runs that quote it are left alone: they stay readable, and their receipts keep
 * the content hash of the input that is gone.
 */
export function deleteDataset(db: LensDb, id: number): Promise<boolean> {
  return db.transaction('rw', db.datasets, db.chunks, db.dictionaries, async () => {
    const exists = (await db.datasets.get(id)) !== undefined;
    // Primary-key ranges delete in one IndexedDB request each, however many chunks there are.
    // [id] sorts before every [id, ...] key and [id, []] after them, since arrays sort after strings.
    const range: [number[], [number, never[]]] = [[id], [id, []]];
    await Promise.all([
      db.datasets.delete(id),
      db.chunks
        .where('[datasetId+column+index]')
        .between(...range, true, true)
        .delete(),
      db.dictionaries
        .where('[datasetId+column]')
        .between(...range, true, true)
        .delete(),
    ]);
    return exists;
  });
}

/**
 * Deletes the whole IndexedDB database (Privacy page, "Delete all data").
 *
 * Reopen semantics: `db` stays usable and recreates an empty database (schema v1, ids
 * from 1 again) on its next use. Other connections to the same database, in workers or
 * other tabs, are asked to close by the deletion (Dexie closes them on 'versionchange')
 * and likewise reopen an empty database when next used. A connection that does not close
 * keeps the deletion waiting ('blocked') until it does.
 */
export async function deleteEverything(db: LensDb): Promise<void> {
  dictionaryCache.clear();
  await db.delete({ disableAutoOpen: false });
}

// ---------------------------------------------------------------------------------------

/** Problems reported as `problem` in 'error.store.invalidTable' params. */
export type TableProblem =
  'rowCount' | 'emptyName' | 'duplicateName' | 'type' | 'length' | 'nulls' | 'dictionary' | 'code';

function invalid(
  problem: TableProblem,
  column: string,
  extra: Record<string, number> = {},
): LensError {
  return new LensError('error.store.invalidTable', { problem, column, ...extra });
}

/**
 * Checks the shape the store relies on, so that a bad table fails before anything is
 * written instead of producing chunks that read back wrong.
 */
export function validateTable(table: Table): void {
  const { rowCount } = table;
  if (!Number.isInteger(rowCount) || rowCount < 0) throw invalid('rowCount', '');
  const seen = new Set<string>();
  table.columns.forEach((column, i) => {
    const name = column.name;
    if (typeof name !== 'string' || name.trim() === '') throw invalid('emptyName', `#${i + 1}`);
    if (seen.has(name)) throw invalid('duplicateName', name);
    seen.add(name);
    const array = arrayOf(column);
    if (array === undefined) throw invalid('type', name);
    if (array.length !== rowCount)
      throw invalid('length', name, { expected: rowCount, actual: array.length });
    if (column.nulls !== undefined) {
      if (
        !(column.nulls instanceof Uint8Array) ||
        column.nulls.length < nullBitmapBytes(rowCount)
      ) {
        throw invalid('nulls', name);
      }
    }
    if (column.type === 'dict') {
      const { codes, dictionary, nulls } = column;
      for (const s of dictionary) if (typeof s !== 'string') throw invalid('dictionary', name);
      const size = dictionary.length;
      for (let r = 0; r < rowCount; r++) {
        if (codes[r] >= size && !isNullAt(nulls, r)) throw invalid('code', name, { row: r + 1 });
      }
    }
  });
}

function arrayOf(column: Column): Float64Array | Int32Array | Uint32Array | undefined {
  switch (column.type) {
    case 'f64':
    case 'date':
      return column.values instanceof Float64Array ? column.values : undefined;
    case 'i32':
      return column.values instanceof Int32Array ? column.values : undefined;
    case 'dict':
      return column.codes instanceof Uint32Array && Array.isArray(column.dictionary)
        ? column.codes
        : undefined;
    default:
      return undefined;
  }
}

/**
 * Dictionary codes in the fewest bytes the dictionary allows: 1 for up to 256 values, 2 for
 * up to 65,536, else 4. A chunk's width is its byte length over its rows (`view`), so
 * chunks written before this (always 4 bytes) read as they did.
 */
function narrowCodes(
  codes: Uint32Array<ArrayBuffer>,
  column: DictColumn,
): Uint8Array<ArrayBuffer> | Uint16Array<ArrayBuffer> | Uint32Array<ArrayBuffer> {
  const values = column.dictionary.length;
  if (values <= 0x100) return new Uint8Array(codes);
  if (values <= 0x10000) return new Uint16Array(codes);
  return codes;
}

/** Chunk records (datasetId still 0) with their own buffers; value slots under nulls zeroed. */
function splitColumn(column: Column, rowCount: number, chunkRows: number): ChunkRecord[] {
  const array = column.type === 'dict' ? column.codes : column.values;
  const chunks: ChunkRecord[] = [];
  for (let start = 0, index = 0; start < rowCount; start += chunkRows, index++) {
    const end = Math.min(rowCount, start + chunkRows);
    // slice, never subarray: IndexedDB would clone a view's whole underlying buffer.
    const data = array.slice(start, end);
    const nulls = sliceNullBitmap(column.nulls, start, end);
    if (nulls) zeroNullSlots(data, nulls);
    const stored =
      column.type === 'dict' ? narrowCodes(data as Uint32Array<ArrayBuffer>, column) : data;
    chunks.push(
      nulls
        ? {
            datasetId: 0,
            column: column.name,
            index,
            data: stored.buffer,
            nulls: nulls.buffer as ArrayBuffer,
          }
        : { datasetId: 0, column: column.name, index, data: stored.buffer },
    );
  }
  return chunks;
}

function findMeta(record: DatasetRecord, name: string): ColumnMeta {
  const meta = record.columns.find((c) => c.name === name);
  if (!meta)
    throw new LensError('error.store.columnNotFound', { id: record.id ?? 0, column: name });
  return meta;
}

/** Rows [from, to) of one column, from the chunks that overlap them. Runs inside a read transaction. */
async function readWindow(
  db: LensDb,
  record: DatasetRecord,
  meta: ColumnMeta,
  from: number,
  to: number,
  cachedDictionary: boolean,
): Promise<Column> {
  const id = record.id ?? 0;
  const { chunkRows } = record;
  const n = to - from;
  const [chunks, dictionary] = await Promise.all([
    n === 0
      ? Promise.resolve([])
      : db.chunks
          .where('[datasetId+column+index]')
          .between(
            [id, meta.name, Math.floor(from / chunkRows)],
            [id, meta.name, Math.floor((to - 1) / chunkRows)],
            true,
            true,
          )
          .toArray(),
    meta.type === 'dict' ? readDictionary(db, record, meta.name, cachedDictionary) : undefined,
  ]);
  const out = allocate(meta.type, n);
  let nulls: Uint8Array | undefined;
  let covered = 0;
  for (const chunk of chunks) {
    const chunkStart = chunk.index * chunkRows;
    const src = view(meta.type, chunk.data, Math.min(chunkRows, record.rowCount - chunkStart));
    const lo = Math.max(from, chunkStart);
    const hi = Math.min(to, chunkStart + src.length);
    if (hi <= lo) continue;
    out.set(src.subarray(lo - chunkStart, hi - chunkStart), lo - from);
    covered += hi - lo;
    if (chunk.nulls) {
      nulls ??= createNullBitmap(n);
      copyBits(new Uint8Array(chunk.nulls), lo - chunkStart, nulls, lo - from, hi - lo);
    }
  }
  if (covered !== n) throw new LensError('error.store.corrupt', { id, column: meta.name });
  const base = nulls ? { name: meta.name, nulls } : { name: meta.name };
  switch (meta.type) {
    case 'dict':
      return { ...base, type: 'dict', codes: out as Uint32Array, dictionary: dictionary ?? [] };
    case 'i32':
      return { ...base, type: 'i32', values: out as Int32Array };
    case 'date':
      return { ...base, type: 'date', values: out as Float64Array };
    case 'f64':
      return { ...base, type: 'f64', values: out as Float64Array };
  }
}

function allocate(type: ColumnType, n: number): Float64Array | Int32Array | Uint32Array {
  if (type === 'i32') return new Int32Array(n);
  if (type === 'dict') return new Uint32Array(n);
  return new Float64Array(n);
}

/** A chunk's values; dictionary codes in the width they were stored in (see narrowCodes). */
function view(
  type: ColumnType,
  buffer: ArrayBuffer,
  rows: number,
): Float64Array | Int32Array | Uint32Array | Uint16Array | Uint8Array {
  if (type === 'i32') return new Int32Array(buffer);
  if (type === 'dict') {
    const width = rows > 0 ? buffer.byteLength / rows : 4;
    if (width === 1) return new Uint8Array(buffer);
    if (width === 2) return new Uint16Array(buffer);
    return new Uint32Array(buffer);
  }
  return new Float64Array(buffer);
}

/** Copies `count` null bits; `dst` starts clear. Skips whole clear bytes, since nulls are usually rare. */
function copyBits(
  src: Uint8Array,
  srcStart: number,
  dst: Uint8Array,
  dstStart: number,
  count: number,
): void {
  let i = 0;
  while (i < count) {
    const s = srcStart + i;
    if ((s & 7) === 0 && i + 8 <= count && src[s >>> 3] === 0) {
      i += 8;
      continue;
    }
    if (isNullAt(src, s)) setNullAt(dst, dstStart + i);
    i++;
  }
}

/*
 * Dictionaries of datasets that scrolling views read again and again. Keyed by content
 * hash, which covers the dictionary, so an entry can never be stale: not after a delete,
 * nor when a new database reuses ids.
 */
const DICTIONARY_CACHE_SIZE = 16;
const dictionaryCache = new Map<string, string[]>();

async function readDictionary(
  db: LensDb,
  record: DatasetRecord,
  column: string,
  cached: boolean,
): Promise<string[]> {
  const id = record.id ?? 0;
  const key = `${record.contentHash}\u0000${column}`;
  if (cached) {
    const hit = dictionaryCache.get(key);
    if (hit) {
      dictionaryCache.delete(key);
      dictionaryCache.set(key, hit);
      return hit;
    }
  }
  const stored = await db.dictionaries.get([id, column]);
  if (!stored) throw new LensError('error.store.corrupt', { id, column });
  if (!cached) return stored.values;
  const values = Object.freeze(stored.values) as string[];
  dictionaryCache.set(key, values);
  if (dictionaryCache.size > DICTIONARY_CACHE_SIZE) {
    dictionaryCache.delete(dictionaryCache.keys().next().value as string);
  }
  return values;
}

/** UTF-8 length without encoding (dictionaries can hold hundreds of thousands of strings). */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
