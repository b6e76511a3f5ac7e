import type { ColumnRole, ColumnType } from '../core/table/index.ts';

export type DatasetKind = 'transactions' | 'customers' | 'baskets' | 'results';

/** Summary statistics of one column, computed when the dataset is written. */
export interface ColumnStats {
  count: number; // non-missing values
  missing: number;
  distinct: number; // exact for dict columns; exact up to 100k distinct numeric values, else a lower bound
  min?: number; // numeric and date columns
  max?: number;
  mean?: number; // numeric columns only
  median?: number; // numeric columns only
  /** Most frequent values (dict columns), at most 5, most frequent first. */
  top?: { value: string; count: number }[];
}

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
