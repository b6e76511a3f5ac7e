/**
 * The Customer Lens IndexedDB database (Dexie). The page and the workers each open their
 * own connection to the same database; IndexedDB keeps them consistent.
 *
 * Schema changes: never edit a version that has shipped. Add `this.version(n + 1)` with
 * the full new store list and an `.upgrade()` that migrates the data, and add a unit test
 * that creates a database at the old version, writes old-shape records, reopens it with
 * LensDb and checks the migrated records.
 */
import Dexie, { type DexieOptions, type EntityTable, type Table } from 'dexie';
import type {
  CampaignRecord,
  ChunkRecord,
  DatasetRecord,
  DictionaryRecord,
  RunRecord,
  SegmentRecord,
  SettingRecord,
  SnapshotRecord,
  TagRecord,
} from './types.ts';

export const DB_NAME = 'customer-lens';

/** Version 1 of the schema (ARCHITECTURE.md, data model). The first entry of each is the primary key. */
export const SCHEMA_V1 = {
  datasets: '++id, kind, createdAt',
  chunks: '[datasetId+column+index], datasetId',
  dictionaries: '[datasetId+column], datasetId',
  runs: '++id, kind, datasetId, createdAt',
  segments: '++id, name',
  tags: '++id, name',
  campaigns: '++id, name',
  snapshots: '++id, createdAt',
  settings: 'key',
} as const;

export type ChunkKey = [datasetId: number, column: string, index: number];
export type DictionaryKey = [datasetId: number, column: string];

export class LensDb extends Dexie {
  declare datasets: EntityTable<DatasetRecord, 'id'>;
  declare chunks: Table<ChunkRecord, ChunkKey>;
  declare dictionaries: Table<DictionaryRecord, DictionaryKey>;
  declare runs: EntityTable<RunRecord, 'id'>;
  declare segments: EntityTable<SegmentRecord, 'id'>;
  declare tags: EntityTable<TagRecord, 'id'>;
  declare campaigns: EntityTable<CampaignRecord, 'id'>;
  declare snapshots: EntityTable<SnapshotRecord, 'id'>;
  declare settings: EntityTable<SettingRecord, 'key'>;

  /** `options` lets Node code pass fake-indexeddb's `indexedDB` and `IDBKeyRange` explicitly. */
  constructor(name: string = DB_NAME, options?: DexieOptions) {
    super(name, options);
    this.version(1).stores(SCHEMA_V1);
  }
}

/** A new connection object; Dexie opens it on first use. */
export function openLensDb(name: string = DB_NAME, options?: DexieOptions): LensDb {
  return new LensDb(name, options);
}

let shared: LensDb | undefined;

/**
 * The connection this JavaScript context (page or worker) shares. It survives
 * deleteEverything(): the database is reopened, empty, on the next use.
 */
export function getDb(): LensDb {
  shared ??= openLensDb();
  return shared;
}
