/**
 * The columnar table every part of Customer Lens passes around.
 *
 * Columns are typed arrays so that a 500k-row table costs a few megabytes and can be
 * stored, transferred to workers and scanned without per-row objects. Missing values are
 * marked in an optional null bitmap (bit set = null); the value slot under a null is
 * unspecified (0 / code 0) and must not be read.
 */

/** Storage types. `date` holds epoch milliseconds (UTC) in a Float64Array. */
export type ColumnType = 'f64' | 'i32' | 'dict' | 'date';

/** One bit per row, least significant bit first; a set bit means the value is missing. */
export type NullBitmap = Uint8Array;

interface ColumnBase {
  name: string;
  /** Omitted when the column has no missing values. */
  nulls?: NullBitmap;
}

export interface F64Column extends ColumnBase {
  type: 'f64';
  values: Float64Array;
}

export interface I32Column extends ColumnBase {
  type: 'i32';
  values: Int32Array;
}

export interface DateColumn extends ColumnBase {
  type: 'date';
  /** Epoch milliseconds, UTC. */
  values: Float64Array;
}

/** Strings, dictionary-encoded: row i holds `dictionary[codes[i]]`. */
export interface DictColumn extends ColumnBase {
  type: 'dict';
  codes: Uint32Array;
  dictionary: string[];
}

export type Column = F64Column | I32Column | DateColumn | DictColumn;

export interface Table {
  rowCount: number;
  columns: Column[];
}

/** What a cell reads as outside the typed arrays: numbers (dates as epoch ms), strings or null. */
export type CellValue = number | string | null;
