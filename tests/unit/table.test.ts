import { describe, expect, it } from 'vitest';
import {
  cellValue,
  columnLength,
  countNulls,
  createNullBitmap,
  dictColumn,
  findColumn,
  isNullAt,
  nullBitmapBytes,
  numericColumn,
  setNullAt,
  sliceColumn,
  sliceNullBitmap,
  tableRows,
  type Table,
} from '../../src/core/table/index.ts';

describe('null bitmaps', () => {
  it('sizes one bit per row, rounded up to whole bytes', () => {
    expect([0, 1, 8, 9, 16, 17].map(nullBitmapBytes)).toEqual([0, 1, 1, 2, 2, 3]);
    expect(createNullBitmap(17)).toEqual(new Uint8Array(3));
  });

  it('sets and reads bits least significant first', () => {
    const bitmap = createNullBitmap(20);
    for (const row of [0, 7, 8, 19]) setNullAt(bitmap, row);
    expect(Array.from(bitmap)).toEqual([0b1000_0001, 0b0000_0001, 0b0000_1000]);
    const nullRows = Array.from({ length: 20 }, (_, r) => r).filter((r) => isNullAt(bitmap, r));
    expect(nullRows).toEqual([0, 7, 8, 19]);
    expect(isNullAt(undefined, 3)).toBe(false);
    expect(countNulls(bitmap, 20)).toBe(4);
    expect(countNulls(bitmap, 8)).toBe(2);
    expect(countNulls(undefined, 20)).toBe(0);
  });

  it('slices at any bit offset and drops a slice without nulls', () => {
    const bitmap = createNullBitmap(20);
    for (const row of [3, 9, 10, 18]) setNullAt(bitmap, row);
    const slice = sliceNullBitmap(bitmap, 9, 19)!;
    expect(slice).toHaveLength(2);
    const rows = Array.from({ length: 10 }, (_, r) => r).filter((r) => isNullAt(slice, r));
    expect(rows).toEqual([0, 1, 9]);
    expect(sliceNullBitmap(bitmap, 11, 18)).toBeUndefined();
    expect(sliceNullBitmap(undefined, 0, 5)).toBeUndefined();
  });

  it('slices and counts like a bit-by-bit reference, aligned or not (random bitmaps)', () => {
    let seed = 7;
    const next = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let trial = 0; trial < 400; trial++) {
      const rows = 1 + Math.floor(next() * 200);
      const bitmap = createNullBitmap(rows);
      const density = next() < 0.3 ? 0 : next();
      // Set bits past `rows` too (a reused buffer's leftovers): neither may see them.
      for (let r = 0; r < bitmap.length * 8; r++) if (next() < density) setNullAt(bitmap, r);
      const aligned = next() < 0.5;
      const start = aligned ? 8 * Math.floor((next() * rows) / 8) : Math.floor(next() * rows);
      const end = start + Math.floor(next() * (rows - start + 1));
      const want: number[] = [];
      for (let r = start; r < end; r++) if (isNullAt(bitmap, r)) want.push(r - start);
      const slice = sliceNullBitmap(bitmap, start, end);
      if (want.length === 0) expect(slice).toBeUndefined();
      else {
        expect(slice).toHaveLength(nullBitmapBytes(end - start));
        const got: number[] = [];
        for (let r = 0; r < slice!.length * 8; r++) if (isNullAt(slice, r)) got.push(r);
        expect(got).toEqual(want); // nothing past end - start either
      }
      let count = 0;
      for (let r = 0; r < rows; r++) if (isNullAt(bitmap, r)) count++;
      expect(countNulls(bitmap, rows)).toBe(count);
    }
  });
});

describe('dictColumn', () => {
  it('encodes in first-appearance order and treats null, undefined and empty as missing', () => {
    const col = dictColumn('city', [
      'Paris',
      'Berlin',
      null,
      'Paris',
      '',
      undefined,
      '北京',
      'Berlin',
    ]);
    expect(col.type).toBe('dict');
    expect(col.dictionary).toEqual(['Paris', 'Berlin', '北京']);
    expect(Array.from(col.codes)).toEqual([0, 1, 0, 0, 0, 0, 2, 1]);
    expect(countNulls(col.nulls, 8)).toBe(3);
    expect(Array.from({ length: 8 }, (_, r) => cellValue(col, r))).toEqual([
      'Paris',
      'Berlin',
      null,
      'Paris',
      null,
      null,
      '北京',
      'Berlin',
    ]);
  });

  it('has no bitmap when nothing is missing', () => {
    const col = dictColumn('x', ['a', 'b']);
    expect(col.nulls).toBeUndefined();
    expect(columnLength(col)).toBe(2);
  });
});

describe('numericColumn', () => {
  it('builds f64, i32 and date columns with null, undefined and NaN as missing', () => {
    const f = numericColumn('f', 'f64', [1.5, null, NaN, -2, undefined]);
    expect(f.type).toBe('f64');
    expect(f.type !== 'dict' && f.values).toBeInstanceOf(Float64Array);
    expect(Array.from({ length: 5 }, (_, r) => cellValue(f, r))).toEqual([
      1.5,
      null,
      null,
      -2,
      null,
    ]);

    const i = numericColumn('i', 'i32', [3, 4.9, -7]);
    expect(i.type !== 'dict' && i.values).toBeInstanceOf(Int32Array);
    // Int32Array truncates toward zero.
    expect(Array.from({ length: 3 }, (_, r) => cellValue(i, r))).toEqual([3, 4, -7]);
    expect(i.nulls).toBeUndefined();

    const d = numericColumn('d', 'date', [Date.UTC(2024, 1, 29), null]);
    expect(d.type).toBe('date');
    expect(cellValue(d, 0)).toBe(Date.UTC(2024, 1, 29));
    expect(cellValue(d, 1)).toBeNull();
  });
});

describe('sliceColumn and tables', () => {
  const table: Table = {
    rowCount: 6,
    columns: [
      numericColumn('n', 'f64', [0, 1, null, 3, 4, null]),
      dictColumn('s', ['a', null, 'b', 'a', 'c', 'b']),
      numericColumn('k', 'i32', [10, 11, 12, 13, 14, 15]),
    ],
  };

  it('slices values and nulls and shares the dictionary', () => {
    const n = sliceColumn(table.columns[0], 2, 5);
    expect(columnLength(n)).toBe(3);
    expect([0, 1, 2].map((r) => cellValue(n, r))).toEqual([null, 3, 4]);
    const s = sliceColumn(table.columns[1], 1, 4);
    expect([0, 1, 2].map((r) => cellValue(s, r))).toEqual([null, 'b', 'a']);
    expect(s.type === 'dict' && table.columns[1].type === 'dict' && s.dictionary).toBe(
      table.columns[1].type === 'dict' ? table.columns[1].dictionary : null,
    );
    const clean = sliceColumn(table.columns[0], 3, 5);
    expect(clean.nulls).toBeUndefined();
    const k = sliceColumn(table.columns[2], 4, 6);
    expect(k.type).toBe('i32');
    expect(k.type === 'i32' && Array.from(k.values)).toEqual([14, 15]);
  });

  it('copies, so changing a slice leaves the source alone', () => {
    const k = sliceColumn(table.columns[2], 0, 2);
    if (k.type === 'i32') k.values[0] = 99;
    expect(cellValue(table.columns[2], 0)).toBe(10);
  });

  it('reads rows and finds columns by name', () => {
    expect(tableRows(table, 1, 3)).toEqual([
      [1, null, 11],
      [null, 'b', 12],
    ]);
    expect(tableRows(table)).toHaveLength(6);
    expect(findColumn(table, 's')?.type).toBe('dict');
    expect(findColumn(table, 'missing')).toBeUndefined();
  });
});
