import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../src/core/errors.ts';
import { duplicateRowMask } from '../../src/core/ingest/duplicates.ts';
import {
  buildQualityReport,
  histogram,
  quantileLinear,
  returnRowMask,
} from '../../src/core/ingest/quality.ts';
import type { ColumnTyping, TypedImport } from '../../src/core/ingest/types.ts';
import { createRng, type Rng } from '../../src/core/stats/random.ts';
import {
  cellValue,
  dictColumn,
  numericColumn,
  type Column,
  type ColumnRole,
  type Table,
} from '../../src/core/table/index.ts';
import type { Progress } from '../../src/core/task.ts';
import { HAS_ONLINE_RETAIL, SKIP_MESSAGE, loadOnlineRetail } from '../support/online-retail.ts';

// ───────────────────────────── references ─────────────────────────────

/** numpy.percentile(values, 100·q) with the default 'linear' method, from a full sort. */
function numpyLinear(values: readonly number[], q: number): number {
  const a = [...values].sort((x, y) => x - y);
  const h = (a.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, a.length - 1);
  return a[lo] + (a[hi] - a[lo]) * (h - lo);
}

/** Row keys that distinguish null from every value and strings from numbers. */
function bruteDuplicates(table: Table): number[] {
  const seen = new Set<string>();
  const mask: number[] = [];
  for (let r = 0; r < table.rowCount; r++) {
    const key = JSON.stringify(
      table.columns.map((c) => {
        const v = cellValue(c, r);
        if (v === null) return ['null'];
        if (typeof v === 'number') return Number.isNaN(v) ? ['nan'] : ['n', v === 0 ? 0 : v];
        return ['s', v];
      }),
    );
    mask.push(seen.has(key) ? 1 : 0);
    seen.add(key);
  }
  return mask;
}

function randomTable(rng: Rng, n: number): Table {
  const pick = <T>(xs: readonly T[]): T => xs[rng.int(0, xs.length - 1)];
  const cities = ['Paris', 'Lyon', 'Nice', null];
  return {
    rowCount: n,
    columns: [
      dictColumn(
        'city',
        Array.from({ length: n }, () => pick(cities)),
      ),
      numericColumn(
        'qty',
        'i32',
        Array.from({ length: n }, () => (rng.next() < 0.1 ? null : rng.int(-2, 3))),
      ),
      numericColumn(
        'price',
        'f64',
        Array.from({ length: n }, () => pick([0, -0, 1.5, 2.25, null, NaN])),
      ),
      numericColumn(
        'day',
        'date',
        Array.from({ length: n }, () => pick([0, 86_400_000, null])),
      ),
    ],
  };
}

function typedOf(
  table: Table,
  roles: Record<string, ColumnRole>,
  typing: ColumnTyping[] = [],
): TypedImport {
  return { table, roles, typing };
}

// ───────────────────────────── duplicates ─────────────────────────────

describe('duplicateRowMask', () => {
  it('matches a brute-force row comparison on random tables', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const rng = createRng(seed);
      const table = randomTable(rng, 400);
      const mask = Array.from(duplicateRowMask(table));
      expect(mask).toEqual(bruteDuplicates(table));
      expect(mask.reduce((s, x) => s + x, 0)).toBeGreaterThan(10);
    }
  });

  it('compares dict cells by string (a dictionary may hold a string twice) and nulls equal nulls', () => {
    const table: Table = {
      rowCount: 5,
      columns: [
        {
          name: 'a',
          type: 'dict',
          codes: Uint32Array.from([0, 1, 2, 0, 0]),
          dictionary: ['x', 'x', 'y'],
          nulls: Uint8Array.from([0b01000]),
        },
        numericColumn('b', 'f64', [0, -0, 1, 5, 7]),
      ],
    };
    // Row 1 repeats row 0 ('x', 0 = −0); row 3 is (null, 5), row 4 ('x', 7).
    expect(Array.from(duplicateRowMask(table))).toEqual([0, 1, 0, 0, 0]);
  });

  it('finds nothing in a table of distinct rows, and everything after the first of identical rows', () => {
    const n = 10_000;
    const distinct: Table = {
      rowCount: n,
      columns: [
        numericColumn(
          'i',
          'i32',
          Array.from({ length: n }, (_, i) => i),
        ),
      ],
    };
    expect(duplicateRowMask(distinct).reduce((s, x) => s + x, 0)).toBe(0);
    const same: Table = {
      rowCount: n,
      columns: [
        dictColumn(
          's',
          Array.from({ length: n }, () => 'z'),
        ),
      ],
    };
    expect(duplicateRowMask(same).reduce((s, x) => s + x, 0)).toBe(n - 1);
  });
});

// ───────────────────────────── quantiles ─────────────────────────────

describe('quantileLinear (numpy linear percentile)', () => {
  it('gives numpy’s textbook values', () => {
    // np.percentile([1, 2, 3, 4], [25, 50, 75]) = [1.75, 2.5, 3.25]
    expect(quantileLinear(Float64Array.from([4, 1, 3, 2]), 0.25)).toBe(1.75);
    expect(quantileLinear(Float64Array.from([4, 1, 3, 2]), 0.5)).toBe(2.5);
    expect(quantileLinear(Float64Array.from([4, 1, 3, 2]), 0.75)).toBe(3.25);
    expect(quantileLinear(Float64Array.from([7]), 0.3)).toBe(7);
    expect(quantileLinear(new Float64Array(0), 0.5)).toBeNaN();
  });

  it('matches a sort-based reference on random data (sizes above the selection cut-off too)', () => {
    const rng = createRng(42);
    for (const n of [2, 3, 10, 101, 1000, 5003]) {
      const values = Array.from({ length: n }, () => Math.round(rng.normal(10, 5) * 100) / 100);
      for (const q of [0, 0.01, 0.25, 0.5, 0.75, 0.99, 1]) {
        const got = quantileLinear(Float64Array.from(values), q);
        expect(got).toBeCloseTo(numpyLinear(values, q), 10);
      }
    }
  });

  it('histogram puts every value in an equal-width bin, the maximum in the last', () => {
    const values = Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const h = histogram(values, 0, 10, 5);
    expect(h.edges).toEqual([0, 2, 4, 6, 8, 10]);
    expect(h.counts).toEqual([2, 2, 2, 2, 3]);
    expect(histogram(Float64Array.from([3, 3]), 3, 3)).toEqual({ edges: [3, 3], counts: [2] });
  });
});

// ───────────────────────────── the report ─────────────────────────────

describe('buildQualityReport', () => {
  const orders = (): TypedImport => {
    const table: Table = {
      rowCount: 8,
      columns: [
        dictColumn('invoice', ['1', '1', 'C2', ' c3', '4', '5', '6', '6']),
        dictColumn('customer', ['a', 'a', 'b', null, 'c', null, 'd', 'd']),
        numericColumn('qty', 'i32', [1, 1, -1, 2, -3, 1, 2, 2]),
        numericColumn('price', 'f64', [2, 2, 3, 4, 1, -5, 100, 100]),
        numericColumn('when', 'date', [
          Date.UTC(2011, 0, 2),
          Date.UTC(2011, 0, 2),
          Date.UTC(2011, 0, 1),
          null,
          Date.UTC(2011, 5, 1),
          Date.UTC(2011, 1, 1),
          Date.UTC(2011, 2, 1),
          Date.UTC(2011, 2, 1),
        ]),
        dictColumn('country', ['UK', 'UK', 'UK', 'FR', 'UK', 'FR', 'DE', 'DE']),
      ],
    };
    const roles: Record<string, ColumnRole> = {
      invoice: 'orderId',
      customer: 'customerId',
      qty: 'quantity',
      price: 'unitPrice',
      when: 'orderDate',
      country: 'region',
    };
    const typing: ColumnTyping[] = [
      {
        name: 'price',
        type: 'decimal',
        storage: 'f64',
        invalid: 1,
        invalidExamples: [{ row: 9, value: 'abc' }],
      },
    ];
    return typedOf(table, roles, typing);
  };

  it('counts table-level findings, each return line once', () => {
    const r = buildQualityReport(orders(), 9);
    expect(r.lines).toBe(9);
    expect(r.rows).toBe(8);
    expect(r.duplicateLines).toBe(2); // rows 1 and 7
    expect(r.missingCustomerId).toBe(2);
    // Cancellations: C2 (also qty < 0), ' c3', qty −3 — three lines; the returns mask of
    // the cleaning step adds the negative amount of row 5 (price −5).
    expect(r.cancellations).toBe(3);
    expect(Array.from(returnRowMask(orders().table, orders().roles))).toEqual([
      0, 0, 1, 1, 1, 1, 0, 0,
    ]);
    // quantity × unit price < 0: rows 2 (−3), 4 (−3) and 5 (−5).
    expect(r.negativeAmounts).toBe(3);
    expect(r.dateRange).toEqual([Date.UTC(2011, 0, 1), Date.UTC(2011, 5, 1)]);
  });

  it('uses the amount column for negative amounts when one is mapped', () => {
    const t = orders();
    t.table.columns.push(numericColumn('total', 'f64', [1, 1, 1, 1, 1, 1, -1, 1]));
    t.roles.total = 'amount';
    const r = buildQualityReport(t, 8);
    expect(r.negativeAmounts).toBe(1);
    // Cancellations stay C2, ' c3' and qty −3: a negative amount is not a cancellation
    // when the file has invoice ids or quantities.
    expect(r.cancellations).toBe(3);
  });

  it('describes every column', () => {
    const r = buildQualityReport(orders(), 9);
    const price = r.columns.find((c) => c.name === 'price')!;
    expect(price).toMatchObject({
      type: 'decimal',
      role: 'unitPrice',
      missing: 0,
      distinct: 6,
      min: -5,
      max: 100,
      invalid: 1,
    });
    expect(price.invalidExamples).toEqual([{ row: 9, value: 'abc' }]);
    expect(price.mean).toBeCloseTo(207 / 8, 12);
    expect(price.median).toBe(2.5);
    const values = [2, 2, 3, 4, 1, -5, 100, 100];
    const q1 = numpyLinear(values, 0.25);
    const q3 = numpyLinear(values, 0.75);
    const iqr = q3 - q1;
    expect(price.outliers).toEqual({
      count: values.filter((v) => v < q1 - 1.5 * iqr || v > q3 + 1.5 * iqr).length,
      low: q1 - 1.5 * iqr,
      high: q3 + 1.5 * iqr,
      q1,
      q3,
    });
    expect(price.histogram!.counts).toHaveLength(20);
    expect(price.histogram!.counts.reduce((s, x) => s + x, 0)).toBe(8);
    expect(price.histogram!.counts[19]).toBe(2);

    const country = r.columns.find((c) => c.name === 'country')!;
    expect(country).toMatchObject({ type: 'string', missing: 0, distinct: 3 });
    expect(country.top).toEqual([
      { value: 'UK', count: 4 },
      { value: 'FR', count: 2 },
      { value: 'DE', count: 2 },
    ]);
    const customer = r.columns.find((c) => c.name === 'customer')!;
    expect(customer).toMatchObject({ missing: 2, missingShare: 0.25, distinct: 4 });

    const when = r.columns.find((c) => c.name === 'when')!;
    expect(when).toMatchObject({
      type: 'datetime',
      missing: 1,
      min: Date.UTC(2011, 0, 1),
      max: Date.UTC(2011, 5, 1),
    });
    expect(when.median).toBe(Date.UTC(2011, 1, 1));
    expect(when.outliers).toBeUndefined();
  });

  it('skips outliers for numeric id columns', () => {
    const t = typedOf(
      { rowCount: 3, columns: [numericColumn('id', 'i32', [1, 2, 1000])] },
      { id: 'customerId' },
    );
    const q = buildQualityReport(t, 3).columns[0];
    expect(q.outliers).toBeUndefined();
    expect(q.histogram).toBeDefined();
  });

  it('scores with a reason for every point taken off', () => {
    const r = buildQualityReport(orders(), 9);
    expect(r.reasons).toEqual([
      { code: 'quality.reason.missingCustomer', params: { count: 2, percent: 25 }, penalty: 15 },
      { code: 'quality.reason.duplicates', params: { count: 2, percent: 25 }, penalty: 15 },
      {
        code: 'quality.reason.invalid',
        params: { column: 'price', count: 1, percent: 12.5 },
        penalty: 10,
      },
    ]);
    expect(r.score).toBe(60);
  });

  it('names missing roles of a transactions file, empty columns and ambiguous dates', () => {
    const table: Table = {
      rowCount: 4,
      columns: [
        numericColumn('qty', 'i32', [1, 2, 3, 4]),
        dictColumn('note', ['x', null, null, null]),
        dictColumn('memo', [null, null, 'y', null]),
        numericColumn('d', 'date', [0, 1, 2, 3]),
      ],
    };
    const typing: ColumnTyping[] = [
      {
        name: 'd',
        type: 'date',
        storage: 'date',
        invalid: 0,
        invalidExamples: [],
        date: { order: 'dmy', ambiguous: true, spellings: {} },
      },
    ];
    const r = buildQualityReport(
      typedOf(
        table,
        { qty: 'quantity', note: 'attribute', memo: 'attribute', d: 'attribute' },
        typing,
      ),
      4,
    );
    expect(r.missingCustomerId).toBeNull();
    expect(r.dateRange).toBeNull();
    expect(r.reasons.map((x) => [x.code, x.penalty])).toEqual([
      ['quality.reason.noCustomerId', 20],
      ['quality.reason.noDate', 15],
      ['quality.reason.noAmount', 15],
      ['quality.reason.mostlyEmpty', 3],
      ['quality.reason.mostlyEmpty', 3],
      ['quality.reason.ambiguousDates', 5],
    ]);
    expect(r.reasons[5].params).toEqual({ column: 'd', order: 'DD/MM' });
    expect(r.score).toBe(100 - 61);
  });

  it('scores an empty file 0 and a clean customers file 100', () => {
    const empty = buildQualityReport(
      typedOf({ rowCount: 0, columns: [dictColumn('a', [])] }, { a: 'attribute' }),
      0,
    );
    expect(empty.score).toBe(0);
    expect(empty.reasons.map((r) => r.code)).toEqual(['quality.reason.empty']);
    const clean = buildQualityReport(
      typedOf(
        {
          rowCount: 3,
          columns: [dictColumn('id', ['1', '2', '3']), numericColumn('age', 'i32', [20, 30, 40])],
        },
        { id: 'customerId', age: 'age' },
      ),
      3,
    );
    expect(clean.score).toBe(100);
    expect(clean.reasons).toEqual([]);
    expect(clean.missingCustomerId).toBe(0);
  });

  it('reports progress and stops when cancelled', () => {
    const seen: Progress[] = [];
    buildQualityReport(orders(), 9, { onProgress: (p) => seen.push(p) });
    expect(seen.every((p) => p.phase === 'progress.import.quality')).toBe(true);
    expect(seen.at(-1)!.done).toBe(seen.at(-1)!.total);
    expect(() => buildQualityReport(orders(), 9, { signal: { aborted: true } })).toThrow(
      CancelledError,
    );
  });

  it('does not modify its input', () => {
    const t = orders();
    const before = structuredClone(t);
    buildQualityReport(t, 9);
    expect(t).toEqual(before);
  });

  it('handles columns without values', () => {
    const t = typedOf(
      {
        rowCount: 2,
        columns: [numericColumn('x', 'f64', [null, null]), dictColumn('s', [null, null])],
      },
      { x: 'attribute', s: 'attribute' },
    );
    const r = buildQualityReport(t, 2);
    expect(r.columns[0]).toMatchObject({ missing: 2, missingShare: 1, distinct: 0 });
    expect(r.columns[0].min).toBeUndefined();
    expect(r.columns[1]).toMatchObject({ missing: 2, distinct: 0, top: [] });
    expect(r.duplicateLines).toBe(1);
  });
});

// ───────────────────────────── Online Retail ─────────────────────────────

function columnOf(table: Table, name: string): Column {
  return table.columns.find((c) => c.name === name)!;
}

describe.skipIf(!HAS_ONLINE_RETAIL)(
  `Online Retail quality report${HAS_ONLINE_RETAIL ? '' : ` — ${SKIP_MESSAGE}`}`,
  () => {
    it('matches the figures computed with pandas', () => {
      const typed = loadOnlineRetail();
      // `wc -l` gives 541,910 lines: the header and 541,909 data lines (no quoted newlines).
      expect(typed.table.rowCount).toBe(541_909);

      const t0 = performance.now();
      const report = buildQualityReport(typed, 541_909);
      const ms = performance.now() - t0;
      console.info(`buildQualityReport on Online Retail (541,909 × 8): ${ms.toFixed(0)} ms`);

      /*
       * Reference figures, computed with pandas 1.5.3 / numpy:
       *   df = pd.read_csv(path, dtype={'InvoiceNo': str, 'StockCode': str, 'CustomerID': str})
       *   len(df)                                   541909
       *   df.CustomerID.isna().sum()                135080
       *   df.Description.isna().sum()               1454
       *   df.duplicated().sum()                     5268   (same with pandas' default dtypes)
       *   c = df.InvoiceNo.str.strip().str.upper().str.startswith('C');  c.sum()   9288
       *   (df.Quantity < 0).sum()                   10624
       *   (c | (df.Quantity < 0)).sum()             10624
       *   amt = df.Quantity * df.UnitPrice; (amt < 0).sum()                      9290
       *   (c | (df.Quantity < 0) | (amt < 0)).sum() 10626
       *   np.percentile(df.UnitPrice, [25, 75])     [1.25, 4.13] → fences −3.07, 8.45; 39,627 outside
       *   np.percentile(df.Quantity, [25, 75])      [1, 10] → fences −12.5, 23.5; 58,619 outside
       *   df.UnitPrice.mean() / .median() / .min() / .max()   4.611113626088513 / 2.08 / −11062.06 / 38970
       *   df.Quantity.mean() / .median()            9.55224954743324 / 3
       *   df[col].nunique(): InvoiceNo 25900, StockCode 4070, Description 4211, Quantity 722,
       *                      InvoiceDate 23260, UnitPrice 1630, CustomerID 4372, Country 38
       *   pd.to_datetime(df.InvoiceDate).min() / .max()   2010-12-01 08:26:00 / 2011-12-09 12:50:00
       */
      expect(report.rows).toBe(541_909);
      expect(report.missingCustomerId).toBe(135_080);
      expect(report.duplicateLines).toBe(5_268);
      expect(report.cancellations).toBe(10_624);
      expect(report.negativeAmounts).toBe(9_290);
      expect(report.dateRange).toEqual([
        Date.UTC(2010, 11, 1, 8, 26),
        Date.UTC(2011, 11, 9, 12, 50),
      ]);

      const col = (name: string) => report.columns.find((c) => c.name === name)!;
      expect(col('Description').missing).toBe(1_454);
      expect(col('CustomerID').missing).toBe(135_080);
      const distinct = Object.fromEntries(report.columns.map((c) => [c.name, c.distinct]));
      expect(distinct).toEqual({
        InvoiceNo: 25_900,
        StockCode: 4_070,
        Description: 4_211,
        Quantity: 722,
        InvoiceDate: 23_260,
        UnitPrice: 1_630,
        CustomerID: 4_372,
        Country: 38,
      });

      const price = col('UnitPrice');
      expect(price.outliers!.q1).toBeCloseTo(1.25, 12);
      expect(price.outliers!.q3).toBeCloseTo(4.13, 12);
      expect(price.outliers!.low).toBeCloseTo(-3.07, 12);
      expect(price.outliers!.high).toBeCloseTo(8.45, 12);
      expect(price.outliers!.count).toBe(39_627);
      expect(price.mean).toBeCloseTo(4.611113626088513, 9);
      expect(price.median).toBe(2.08);
      expect(price.min).toBe(-11_062.06);
      expect(price.max).toBe(38_970);
      expect(price.histogram!.counts.reduce((s, x) => s + x, 0)).toBe(541_909);

      const qty = col('Quantity');
      expect(qty.outliers).toMatchObject({ q1: 1, q3: 10, low: -12.5, high: 23.5, count: 58_619 });
      expect(qty.mean).toBeCloseTo(9.55224954743324, 9);
      expect(qty.median).toBe(3);

      expect(col('Country').top![0]).toEqual({ value: 'United Kingdom', count: 495_478 });

      // 24.9% without a customer id: round(60 × 0.2493) = 15; 0.97% duplicates: round(200 × 0.0097) = 2.
      expect(report.reasons).toEqual([
        {
          code: 'quality.reason.missingCustomer',
          params: { count: 135_080, percent: 24.9 },
          penalty: 15,
        },
        { code: 'quality.reason.duplicates', params: { count: 5_268, percent: 1 }, penalty: 2 },
      ]);
      expect(report.score).toBe(83);

      // The mask itself agrees with a string-keyed reference on the real rows.
      const mask = duplicateRowMask(typed.table);
      const t1 = performance.now();
      duplicateRowMask(typed.table);
      console.info(`duplicateRowMask on Online Retail: ${(performance.now() - t1).toFixed(0)} ms`);
      expect(Array.from(mask)).toEqual(bruteDuplicates(typed.table));
      expect(columnOf(typed.table, 'Quantity').type).toBe('i32');
    });
  },
);
