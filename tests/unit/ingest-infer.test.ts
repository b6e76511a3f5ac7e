import { describe, expect, it } from 'vitest';
import { headerLooksLikeDate, inferColumn, textType } from '../../src/core/ingest/infer.ts';

/** Distinct values and counts of a list of cells, the way the pipeline hands them over. */
function column(cells: readonly string[]): { distinct: string[]; counts: Uint32Array } {
  const index = new Map<string, number>();
  const distinct: string[] = [];
  const counts: number[] = [];
  for (const c of cells) {
    let k = index.get(c);
    if (k === undefined) {
      k = distinct.length;
      index.set(c, k);
      distinct.push(c);
      counts.push(0);
    }
    counts[k]++;
  }
  return { distinct, counts: Uint32Array.from(counts) };
}

function infer(name: string, cells: readonly string[]) {
  const { distinct, counts } = column(cells);
  return inferColumn(name, distinct, counts);
}

const repeat = (values: readonly string[], times: number): string[] =>
  Array.from({ length: times }, () => values).flat();

describe('inferColumn', () => {
  it('finds booleans in English and Chinese, in any case, ignoring missing tokens', () => {
    expect(infer('churn', ['Yes', 'No', 'yes', 'NO', ''])).toEqual({
      name: 'churn',
      type: 'boolean',
      fit: 1,
    });
    expect(infer('x', ['true', 'false', 'TRUE']).type).toBe('boolean');
    expect(infer('x', ['Y', 'N', 'y']).type).toBe('boolean');
    expect(infer('x', ['T', 'F']).type).toBe('boolean');
    expect(infer('x', ['是', '否', 'NA']).type).toBe('boolean');
    expect(infer('x', ['对', '错']).type).toBe('boolean');
    expect(infer('x', ['Yes']).type).toBe('boolean');
    // pure 0/1 stays integer; a lone single letter is a code, not a boolean
    expect(infer('x', ['0', '1', '1'])).toMatchObject({ type: 'integer', fit: 1 });
    expect(infer('x', ['F', 'F']).type).toBe('category');
    expect(infer('x', ['Yes', 'No', 'Maybe']).type).toBe('category');
  });

  it('types integers and decimals with their number format', () => {
    expect(infer('qty', ['1', '2', '-3', '', 'NA'])).toEqual({
      name: 'qty',
      type: 'integer',
      fit: 1,
      number: { decimal: '.', currency: [], percent: false, parenthesesNegative: false },
    });
    expect(infer('price', ['2.55', '3.39', '1,234.50'])).toMatchObject({
      type: 'decimal',
      fit: 1,
    });
    expect(infer('preis', ['12,5', '1.234,56', '3'])).toMatchObject({
      type: 'decimal',
      number: { decimal: ',' },
    });
    expect(infer('amount', ['¥12', '¥30', '(5)'])).toEqual({
      name: 'amount',
      type: 'integer',
      fit: 1,
      number: { decimal: '.', currency: ['¥'], percent: false, parenthesesNegative: true },
    });
    expect(infer('share', ['12%', '50%'])).toMatchObject({
      type: 'decimal',
      number: { percent: true },
    });
    // beyond the i32 range a whole number column is decimal (stored as f64)
    expect(infer('big', ['1', '2', '3000000000']).type).toBe('decimal');
    expect(infer('big', ['-2147483648', '2147483647', '1', '2']).type).toBe('decimal');
    expect(infer('big', ['-2147483647', '2147483647', '1', '2']).type).toBe('integer');
  });

  it('needs 95% of the cells (weighted by count) to parse as numbers', () => {
    const cells = [...repeat(['1', '2', '3', '4'], 24), 'x', 'y', 'z', 'w']; // 96 of 100
    expect(infer('n', cells)).toMatchObject({ type: 'integer', fit: 0.96 });
    const fewer = [...repeat(['1', '2', '3', '4'], 23), ...repeat(['x'], 8)]; // 92 of 100
    expect(infer('n', fewer).type).toBe('category'); // text with 5 distinct values
    // one distinct bad value that fills most cells outweighs many good distinct values
    const weighted = [...Array.from({ length: 50 }, (_, i) => String(i)), ...repeat(['oops'], 50)];
    expect(infer('n', weighted).type).not.toBe('integer');
  });

  it('keeps ids as text: leading zeros, long codes', () => {
    expect(infer('CustomerID', ['0001', '0002', '0003', '0104', ...repeat(['0200'], 1)]).type).toBe(
      'category',
    );
    const ids = Array.from({ length: 200 }, (_, i) => String(i + 1).padStart(4, '0'));
    expect(infer('CustomerID', ids)).toEqual({ name: 'CustomerID', type: 'string', fit: 1 });
    expect(infer('code', ['007', '12', '13']).type).toBe('category');
    const orderNos = Array.from({ length: 100 }, (_, i) => String(202400000000 + i * 7919));
    expect(infer('order', orderNos).type).toBe('string');
    expect(infer('card', ['1234567890123456', '1', '2']).type).toBe('category'); // 16 digits: not exact as a double
    // zero itself and decimals below one are numbers
    expect(infer('x', ['0', '0.5', '10']).type).toBe('decimal');
  });

  it('finds dates and datetimes, with the decided format', () => {
    expect(infer('d', ['2024-03-05', '2024-03-06', ''])).toEqual({
      name: 'd',
      type: 'date',
      fit: 1,
      date: { order: 'ymd', ambiguous: false, spellings: { iso: 2 } },
    });
    expect(infer('d', ['2024-03-05 10:30:00', '2024-03-06'])).toMatchObject({ type: 'datetime' });
    expect(infer('d', ['2024-03-05 00:00:00', '2024-03-06 00:00:00'])).toMatchObject({
      type: 'date',
    });
    expect(infer('d', ['5/3/2024', '6/3/2024'])).toMatchObject({
      type: 'date',
      date: { order: 'dmy', ambiguous: true },
    });
    expect(infer('d', ['5/3/2024', '13/3/2024'])).toMatchObject({
      type: 'date',
      date: { order: 'dmy', ambiguous: false },
    });
  });

  it('types 8-digit YYYYMMDD columns as dates (CDNOW)', () => {
    expect(infer('column3', ['19970101', '19970112', '19980630'])).toMatchObject({
      type: 'date',
      fit: 1,
      date: { order: 'ymd', spellings: { compact: 3 } },
    });
    // 8-digit codes that are not dates stay ids
    expect(infer('code', ['12345678', '87654321', '19971301']).type).toBe('category');
  });

  it('takes plain numbers for Excel serial days only under a date-like header', () => {
    const serials = ['45356', '45357', '45400.5'];
    expect(infer('amount', serials).type).toBe('decimal');
    expect(infer('OrderDate', serials)).toMatchObject({
      type: 'datetime',
      fit: 1,
      date: { spellings: { excelSerial: 3 } },
    });
    expect(infer('下单日期', ['45356', '45357'])).toMatchObject({ type: 'date' });
    // day-of-month numbers under a date header are not serial days (out of 1950–2099)
    expect(infer('day', ['1', '15', '31']).type).toBe('integer');
  });

  it('needs 95% of the cells to parse as dates; a changed format halfway still types as date', () => {
    const half = [
      ...Array.from({ length: 28 }, (_, d) => `${d + 1}/1/2024`),
      ...Array.from({ length: 20 }, (_, d) => `2/${d + 1}/2024`),
    ];
    // 8 of 48 cells (the month-first minority) fail: 83% < 95%
    expect(infer('d', half).type).toBe('string');
    const mostly = [...Array.from({ length: 28 }, (_, d) => `${d + 1}/1/2024`), '1/13/2024'];
    expect(infer('d', mostly)).toMatchObject({
      type: 'date',
      fit: 28 / 29,
      date: { order: 'dmy', spellings: { 'slash-dmy': 28, 'slash-mdy': 1 } },
    });
  });

  it('tells categories from free text by the number of distinct values', () => {
    expect(infer('country', repeat(['UK', 'France', 'Germany'], 10)).type).toBe('category');
    const fifty = Array.from({ length: 50 }, (_, i) => `city${i}`);
    expect(infer('city', repeat(fifty, 20)).type).toBe('category'); // 50 ≤ 5% of 1000
    expect(infer('city', repeat(fifty, 19)).type).toBe('string'); // 50 > 5% of 950
    const eleven = Array.from({ length: 11 }, (_, i) => `v${i}`);
    expect(infer('x', eleven).type).toBe('string');
    expect(infer('x', eleven.slice(0, 10)).type).toBe('category');
    expect(textType(10, 10)).toBe('category');
    expect(textType(51, 100_000)).toBe('string');
  });

  it('reports an empty column as text', () => {
    expect(infer('empty', ['', 'NA', '  '])).toEqual({ name: 'empty', type: 'string', fit: 1 });
    expect(inferColumn('none', [], [])).toEqual({ name: 'none', type: 'string', fit: 1 });
  });

  it('ignores distinct values whose count is zero', () => {
    expect(inferColumn('x', ['1', 'oops', '2'], [5, 0, 5])).toMatchObject({
      type: 'integer',
      fit: 1,
    });
  });

  it('recognises date-like headers', () => {
    for (const n of [
      'InvoiceDate',
      'date',
      'created_at',
      'order_dt',
      'Timestamp',
      '下单日期',
      '支付时间',
    ])
      expect(headerLooksLikeDate(n), n).toBe(true);
    for (const n of ['amount', 'CustomerID', 'category', 'qty'])
      expect(headerLooksLikeDate(n), n).toBe(false);
  });
});
