/**
 * Converts the raw (dictionary-encoded string) columns of a parsed file into typed columns
 * following the user's mapping.
 *
 * Every distinct raw value is converted once (541,909 Online Retail timestamps are 23k
 * distinct strings), into a Float64Array indexed by raw code plus a state per code; the
 * rows are then expanded in one pass over the codes.
 *
 * Storage by type:
 *   integer          → i32 when every value is whole and fits, else f64
 *   decimal          → f64
 *   date / datetime  → date (epoch ms, UTC; Excel serial days accepted)
 *   string / category / boolean → dict, with the raw text kept as written
 * Trimming, case folding and synonyms are the cleaning step's job (clean.ts): typing only
 * turns missing tokens into nulls, so the quality report sees the file as it is.
 *
 * Id roles (customerId, orderId, productId) are always stored as text (dict) whatever the
 * type says: '00123' must not lose its zeros, 'C536379' (an Online Retail cancellation)
 * must not become invalid in a column that is mostly numbers, and ids are never summed.
 * Their ColumnTyping reports type 'string' (roleTypeFor) and no invalid values.
 *
 * Missing tokens become nulls and are not invalid. A non-empty value that does not parse
 * as the column's type becomes a null too, is counted as invalid, and the first five such
 * cells are reported with their record numbers in the file.
 */
import { throwIfCancelled } from '../errors.ts';
import { createNullBitmap, setNullAt, type Column, type ColumnRole } from '../table/index.ts';
import type { TaskContext } from '../task.ts';
import { decideDateFormat, parseDate } from './dates.ts';
import { isBooleanWord } from './infer.ts';
import { isMissingToken } from './missing.ts';
import { detectNumberFormat, parseNumber } from './numbers.ts';
import { roleTypeFor } from './roles.ts';
import type {
  ColumnSpec,
  ColumnTyping,
  DateFormatInfo,
  InvalidExample,
  NumberFormatInfo,
  RawColumn,
  RawTable,
  TypedImport,
} from './types.ts';

export const MAX_INVALID_EXAMPLES = 5;
export const TYPING_PHASE = 'progress.import.typing';

const OK = 0;
const MISSING = 1;
const INVALID = 2;

interface Converted {
  values: Float64Array;
  state: Uint8Array;
  date?: DateFormatInfo;
  number?: NumberFormatInfo;
}

function presentValues(raw: RawColumn, missing: Uint8Array): string[] {
  const out: string[] = [];
  for (let c = 0; c < raw.values.length; c++) if (!missing[c]) out.push(raw.values[c]);
  return out;
}

function convert(raw: RawColumn, spec: ColumnSpec, type: ColumnTyping['type']): Converted {
  const n = raw.values.length;
  const values = new Float64Array(n);
  const state = new Uint8Array(n);
  for (let c = 0; c < n; c++) if (isMissingToken(raw.values[c])) state[c] = MISSING;

  if (type === 'integer' || type === 'decimal') {
    const number = detectNumberFormat(presentValues(raw, state), spec.decimal);
    for (let c = 0; c < n; c++) {
      if (state[c]) continue;
      const x = parseNumber(raw.values[c], number.decimal);
      if (x === null) state[c] = INVALID;
      else values[c] = x;
    }
    return { values, state, number };
  }
  if (type === 'date' || type === 'datetime') {
    const date = decideDateFormat(presentValues(raw, state), spec.dayOrder);
    for (let c = 0; c < n; c++) {
      if (state[c]) continue;
      const d = parseDate(raw.values[c], date, true);
      if (d === null) state[c] = INVALID;
      else values[c] = d.ms;
    }
    return { values, state, date };
  }
  if (type === 'boolean') {
    for (let c = 0; c < n; c++) if (!state[c] && !isBooleanWord(raw.values[c])) state[c] = INVALID;
  }
  return { values, state };
}

/**
 * One column, typed. `rowNumberOf(row)` gives the record number in the file of a data row
 * (header counted) for the invalid examples; `rowCount` defaults to the length of the
 * codes (a parser may hand over a larger buffer).
 */
export function typeColumn(
  raw: RawColumn,
  spec: ColumnSpec,
  rowNumberOf: (row: number) => number,
  rowCount: number = raw.codes.length,
): TypedColumn {
  const type = roleTypeFor(spec.role, spec.type);
  const conv = convert(raw, spec, type);
  const { codes } = raw;
  const rows = rowCount;
  const name = spec.name;

  let nulls: Uint8Array | undefined;
  let invalid = 0;
  const invalidExamples: InvalidExample[] = [];
  const markNull = (row: number, st: number): void => {
    nulls ??= createNullBitmap(rows);
    setNullAt(nulls, row);
    if (st === INVALID) {
      invalid++;
      if (invalidExamples.length < MAX_INVALID_EXAMPLES)
        invalidExamples.push({ row: rowNumberOf(row), value: raw.values[codes[row]] });
    }
  };

  let column: Column;
  const { state } = conv;
  if (type === 'string' || type === 'category' || type === 'boolean') {
    // A fresh dictionary in order of first appearance among the rows (as dictColumn
    // builds them), so missing tokens and raw values no row uses leave no entry behind.
    const remap = new Int32Array(raw.values.length).fill(-1);
    const dictionary: string[] = [];
    const out = new Uint32Array(rows);
    for (let r = 0; r < rows; r++) {
      const c = codes[r];
      const st = state[c];
      if (st !== OK) {
        markNull(r, st);
        continue;
      }
      let k = remap[c];
      if (k < 0) {
        k = dictionary.length;
        remap[c] = k;
        dictionary.push(raw.values[c]);
      }
      out[r] = k;
    }
    column = { name, type: 'dict', codes: out, dictionary };
  } else {
    let storage: 'f64' | 'i32' | 'date' = type === 'decimal' ? 'f64' : 'date';
    if (type === 'integer') {
      storage = 'i32';
      for (let c = 0; c < conv.values.length; c++) {
        const x = conv.values[c];
        if (state[c] === OK && x !== (x | 0)) {
          storage = 'f64';
          break;
        }
      }
    }
    const out = storage === 'i32' ? new Int32Array(rows) : new Float64Array(rows);
    const { values } = conv;
    for (let r = 0; r < rows; r++) {
      const c = codes[r];
      const st = state[c];
      if (st !== OK) markNull(r, st);
      else out[r] = values[c];
    }
    column =
      storage === 'i32'
        ? { name, type: 'i32', values: out as Int32Array }
        : { name, type: storage, values: out as Float64Array };
  }
  if (nulls) column.nulls = nulls;

  const typing: ColumnTyping = {
    name,
    type,
    storage: column.type,
    invalid,
    invalidExamples,
  };
  if (conv.date) typing.date = conv.date;
  if (conv.number) typing.number = conv.number;
  return { column, typing, mergesRawValues: mergesRawValues(conv, column.type === 'dict') };
}

/** A column typed, and whether two different raw strings became equal cells in it. */
export interface TypedColumn {
  column: Column;
  typing: ColumnTyping;
  /**
   * True when two different raw values became equal cells (both null: missing tokens or
   * invalid values; or the same number or date, like '1.50' and '1.5'). When no column
   * merges, rows are equal exactly when their raw codes are (duplicateRowMaskOfCodes).
   */
  mergesRawValues: boolean;
}

/**
 * Whether the conversion maps two raw values onto one cell. Text keeps each raw string
 * as written, so only nulls can merge there; numbers compare like the duplicate mask
 * (SameValueZero: −0 equals 0).
 */
function mergesRawValues(conv: Converted, text: boolean): boolean {
  const { state, values } = conv;
  let nulls = 0;
  for (let c = 0; c < state.length; c++) if (state[c] !== OK && ++nulls > 1) return true;
  if (text) return false;
  const seen = new Set<number>();
  for (let c = 0; c < state.length; c++) {
    if (state[c] !== OK) continue;
    if (seen.has(values[c])) return true;
    seen.add(values[c]);
  }
  return false;
}

/**
 * The record number in the file of a data row: the parser's own numbering when it kept
 * one (blank lines, records over several lines), else the row + 1 + the header line.
 */
export function rowNumbering(
  rowNumbers: Uint32Array | undefined,
  headerOffset: number,
): (row: number) => number {
  return (row) => rowNumbers?.[row] ?? row + 1 + headerOffset;
}

/**
 * Types every column of a raw table. `specs[i]` describes `raw.columns[i]` (its `name` is
 * the name of the typed column, so the mapping may rename); 'ignore' columns are left
 * out. `headerOffset` is 1 when the file had a header line, for record numbers of rows
 * the parser did not number itself.
 */
export function typeTable(
  raw: RawTable,
  specs: readonly ColumnSpec[],
  headerOffset = 1,
  ctx?: TaskContext,
): TypedImport {
  if (specs.length !== raw.columns.length) {
    throw new Error(`typeTable: ${specs.length} specs for ${raw.columns.length} columns`);
  }
  const rowNumberOf = rowNumbering(raw.rowNumbers, headerOffset);
  const columns: Column[] = [];
  const typing: ColumnTyping[] = [];
  const roles: Record<string, ColumnRole> = {};
  const total = specs.length;
  for (let i = 0; i < total; i++) {
    throwIfCancelled(ctx?.signal);
    ctx?.onProgress?.({ phase: TYPING_PHASE, done: i, total });
    const spec = specs[i];
    if (spec.role === 'ignore') continue;
    const typed = typeColumn(raw.columns[i], spec, rowNumberOf, raw.rowCount);
    columns.push(typed.column);
    typing.push(typed.typing);
    roles[spec.name] = spec.role;
  }
  throwIfCancelled(ctx?.signal);
  ctx?.onProgress?.({ phase: TYPING_PHASE, done: total, total });
  return { table: { rowCount: raw.rowCount, columns }, roles, typing };
}
