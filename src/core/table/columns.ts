import { createNullBitmap, isNullAt, setNullAt, sliceNullBitmap } from './nulls.ts';
import type { CellValue, Column, ColumnType, DictColumn, Table } from './types.ts';

/** The value of one cell: numbers for f64/i32/date (epoch ms), strings for dict, null when missing. */
export function cellValue(column: Column, row: number): CellValue {
  if (isNullAt(column.nulls, row)) return null;
  if (column.type === 'dict') return column.dictionary[column.codes[row]];
  return column.values[row];
}

export function columnLength(column: Column): number {
  return column.type === 'dict' ? column.codes.length : column.values.length;
}

export function findColumn(table: Table, name: string): Column | undefined {
  return table.columns.find((c) => c.name === name);
}

/** Rows [start, end) of a column, sharing the dictionary. */
export function sliceColumn(column: Column, start: number, end: number): Column {
  const nulls = sliceNullBitmap(column.nulls, start, end);
  const base = nulls ? { name: column.name, nulls } : { name: column.name };
  switch (column.type) {
    case 'dict':
      return {
        ...base,
        type: 'dict',
        codes: column.codes.slice(start, end),
        dictionary: column.dictionary,
      };
    case 'f64':
      return { ...base, type: 'f64', values: column.values.slice(start, end) };
    case 'date':
      return { ...base, type: 'date', values: column.values.slice(start, end) };
    case 'i32':
      return { ...base, type: 'i32', values: column.values.slice(start, end) };
  }
}

/**
 * Builds a dict column from plain strings; null, undefined and '' are missing.
 * Codes follow first appearance, so the same input always gives the same encoding.
 */
export function dictColumn(
  name: string,
  values: ReadonlyArray<string | null | undefined>,
): DictColumn {
  const n = values.length;
  const codes = new Uint32Array(n);
  const dictionary: string[] = [];
  const index = new Map<string, number>();
  let nulls: Uint8Array | undefined;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined || v === '') {
      nulls ??= createNullBitmap(n);
      setNullAt(nulls, i);
      continue;
    }
    let code = index.get(v);
    if (code === undefined) {
      code = dictionary.length;
      dictionary.push(v);
      index.set(v, code);
    }
    codes[i] = code;
  }
  return nulls
    ? { name, type: 'dict', codes, dictionary, nulls }
    : { name, type: 'dict', codes, dictionary };
}

/** Builds a numeric column; null, undefined and NaN are missing. */
export function numericColumn(
  name: string,
  type: Exclude<ColumnType, 'dict'>,
  values: ReadonlyArray<number | null | undefined>,
): Column {
  const n = values.length;
  const out = type === 'i32' ? new Int32Array(n) : new Float64Array(n);
  let nulls: Uint8Array | undefined;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined || Number.isNaN(v)) {
      nulls ??= createNullBitmap(n);
      setNullAt(nulls, i);
      continue;
    }
    out[i] = v;
  }
  const base = nulls ? { name, nulls } : { name };
  if (type === 'i32') return { ...base, type, values: out as Int32Array };
  return { ...base, type, values: out as Float64Array };
}

/** Reads whole rows back as plain records (for small tables, previews and CSV export). */
export function tableRows(table: Table, start = 0, end = table.rowCount): CellValue[][] {
  const rows: CellValue[][] = [];
  for (let r = start; r < end; r++) rows.push(table.columns.map((c) => cellValue(c, r)));
  return rows;
}
