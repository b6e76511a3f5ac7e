import type { ColumnRole, ColumnType } from '../core/table/index.ts';
import type { ColumnStats } from '../core/table/stats.ts';

export type DatasetKind = 'transactions' | 'customers' | 'baskets' | 'results';

// Defined next to describeColumn because src/core may not import from src/store.
export type { ColumnStats } from '../core/table/stats.ts';

export interface ColumnMeta {
  name: string;
  type: ColumnType;
  role?: ColumnRole;
  stats?: ColumnStats;
}

export interface DatasetSource {
  fileName?: string;
  bytes?: number;
  sha256?: string;
  encoding?: string;
  delimiter?: string;
  /** e.g. 'demo' with its parameters, or 'import'. */
  generator?: { name: string; params: Record<string, string | number> };
}

export interface DatasetRecord {
  id?: number;
  name: string;
  kind: DatasetKind;
  rowCount: number;
  columns: ColumnMeta[];
  /** Rows per chunk (the last chunk may hold fewer). */
  chunkRows: number;
  /** Bytes of all chunks, bitmaps and dictionaries, as stored. */
  bytes: number;
  /** SHA-256 (hex) of the columnar content; receipts quote it. */
  contentHash: string;
  createdAt: number;
  source?: DatasetSource;
  /** Column name → role, as chosen at import. */
  mapping?: Record<string, ColumnRole>;
  /** The dataset this one was derived from (results, cleaned copies). */
  parentId?: number;
  /** The import/quality report, kept as plain JSON. */
  report?: unknown;
}

/** What a writer supplies; the store fills in the rest. */
export interface NewDataset {
  name: string;
  kind: DatasetKind;
  roles?: Record<string, ColumnRole>;
  source?: DatasetSource;
  parentId?: number;
  report?: unknown;
}

export interface ChunkRecord {
  datasetId: number;
  column: string;
  index: number;
  /** Typed array buffer: Float64Array (f64, date), Int32Array (i32), Uint32Array (dict codes). */
  data: ArrayBuffer;
  /** Null bitmap of the chunk's rows (bit set = missing), absent when none is missing. */
  nulls?: ArrayBuffer;
}

export interface DictionaryRecord {
  datasetId: number;
  column: string;
  values: string[];
}

export interface SettingRecord {
  key: string;
  value: unknown;
}

export interface StorageInfo {
  usage: number | null;
  quota: number | null;
  persisted: boolean | null;
}

/*
 * The small per-row entities. Only the fields the schema indexes are fixed here; the
 * features that own them (analysis runs, segments, campaigns, monitoring) narrow their
 * records by declaring interfaces that extend these.
 */

/** An analysis receipt and its summary output (ARCHITECTURE.md, principle 5). */
export interface RunRecord {
  id?: number;
  kind: string;
  datasetId: number;
  createdAt: number;
  [field: string]: unknown;
}

export interface SegmentRecord {
  id?: number;
  name: string;
  [field: string]: unknown;
}

export interface TagRecord {
  id?: number;
  name: string;
  [field: string]: unknown;
}

export interface CampaignRecord {
  id?: number;
  name: string;
  [field: string]: unknown;
}

export interface SnapshotRecord {
  id?: number;
  createdAt: number;
  [field: string]: unknown;
}
