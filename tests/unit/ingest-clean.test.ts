import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../src/core/errors.ts';
import { applyCleaning, defaultCleaningConfig, planCleaning } from '../../src/core/ingest/clean.ts';
import {
  normaliseCategory,
  suggestSynonyms,
  tidyCategory,
} from '../../src/core/ingest/synonyms.ts';
import type { CleaningConfig, TypedImport } from '../../src/core/ingest/types.ts';
import { createRng } from '../../src/core/stats/random.ts';
import {
  dictColumn,
  numericColumn,
  tableRows,
  type CellValue,
  type ColumnRole,
  type Table,
} from '../../src/core/table/index.ts';
import type { Progress } from '../../src/core/task.ts';
import { HAS_ONLINE_RETAIL, SKIP_MESSAGE, loadOnlineRetail } from '../support/online-retail.ts';

// ───────────────────────────── synonyms ─────────────────────────────

describe('normaliseCategory', () => {
  it('trims, collapses spaces, folds full-width forms and Latin case, keeps CJK', () => {
    expect(normaliseCategory('  ＵＮＩＴＥＤ\u3000 Kingdom ')).toBe('united kingdom');
    expect(normaliseCategory('A\t\tB\nC')).toBe('a b c');
    expect(normaliseCategory('北京 ')).toBe('北京');
    expect(normaliseCategory('Ｍａｌｅ１２３')).toBe('male123');
    expect(normaliseCategory('')).toBe('');
    expect(tidyCategory('  ＵＫ  Shop ')).toBe('UK Shop');
  });
});

describe('suggestSynonyms', () => {
  it('maps gender spellings for a gender column', () => {
    expect(suggestSynonyms(['男', 'M', 'Male', 'female', 'F', '女', 'other'], 'gender')).toEqual({
      男: 'male',
      M: 'male',
      Male: 'male',
      F: 'female',
      女: 'female',
    });
  });

  it('maps country spellings for a region column, and case variants to the usual spelling', () => {
    expect(
      suggestSynonyms(
        [
          'United Kingdom',
          'UK',
          'U.K.',
          'united kingdom',
          'USA',
          'United States of America',
          '中国',
          'PRC',
          'France',
          'FRANCE',
        ],
        'region',
      ),
    ).toEqual({
      UK: 'United Kingdom',
      'U.K.': 'United Kingdom',
      'united kingdom': 'United Kingdom',
      USA: 'United States',
      'United States of America': 'United States',
      中国: 'China',
      PRC: 'China',
      FRANCE: 'France',
    });
  });

  it('guesses yes/no and gender only when most values belong to the group', () => {
    expect(suggestSynonyms(['Y', 'N', 'yes', '否'], 'attribute')).toEqual({
      Y: 'yes',
      N: 'no',
      否: 'no',
    });
    // Clothing sizes: one 'M' among four values is not a gender column.
    expect(suggestSynonyms(['S', 'M', 'L', 'XL'], 'attribute')).toEqual({});
    expect(suggestSynonyms(['M', 'F', 'f'], 'category')).toEqual({
      M: 'male',
      F: 'female',
      f: 'female',
    });
  });

  it('merges variants into the most frequent spelling (order, or counts when given)', () => {
    expect(suggestSynonyms(['Paris', 'paris', ' Paris', 'PARIS', 'Lyon'], 'attribute')).toEqual({
      paris: 'Paris',
      ' Paris': 'Paris',
      PARIS: 'Paris',
    });
    expect(suggestSynonyms(['paris', 'Paris'], 'attribute', [1, 5])).toEqual({ paris: 'Paris' });
    expect(suggestSynonyms(['  Ｌｙｏｎ '], 'attribute')).toEqual({ '  Ｌｙｏｎ ': 'Lyon' });
  });
});

// ───────────────────────────── a reference implementation ─────────────────────────────

const ROLES: Record<string, ColumnRole> = {
  invoice: 'orderId',
  customer: 'customerId',
  product: 'productId',
  qty: 'quantity',
  price: 'unitPrice',
  when: 'orderDate',
  city: 'attribute',
};

function randomOrders(seed: number, n: number): TypedImport {
  const rng = createRng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[rng.int(0, xs.length - 1)];
  const rows = Array.from({ length: n }, (_, i) => {
    const ret = rng.next() < 0.15;
    const qty = rng.next() < 0.05 ? null : pick([1, 2, 3, 6]) * (ret ? -1 : 1);
    return {
      invoice: `${ret && rng.next() < 0.8 ? 'C' : ''}${1000 + rng.int(0, n / 3)}`,
      customer: rng.next() < 0.1 ? null : pick(['a', 'b', 'c', 'd']),
      product: pick(['p1', 'p2', 'p3']),
      qty,
      price: rng.next() < 0.1 ? null : pick([0.5, 1, 2, 2, 3, 50, -1]),
      // Mostly increasing, with some rows out of order.
      when: rng.next() < 0.05 ? null : Date.UTC(2011, 0, 1) + (i + rng.int(-20, 20)) * 3_600_000,
      city: pick(['Paris', 'Paris', 'paris', ' PARIS ', 'Lyon', 'lyon', 'Ｎｉｃｅ', null]),
    };
  });
  // Exact duplicates of earlier rows.
  for (let k = 0; k < n / 10; k++) rows[rng.int(n / 2, n - 1)] = { ...rows[rng.int(0, n / 2 - 1)] };
  const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
  const table: Table = {
    rowCount: n,
    columns: [
      dictColumn('invoice', col('invoice')),
      dictColumn('customer', col('customer')),
      dictColumn('product', col('product')),
      numericColumn('qty', 'i32', col('qty')),
      numericColumn('price', 'f64', col('price')),
      numericColumn('when', 'date', col('when')),
      dictColumn('city', col('city')),
    ],
  };
  return { table, roles: { ...ROLES }, typing: [] };
}

type Row = CellValue[];

function numpyLinear(values: readonly number[], q: number): number {
  const a = [...values].sort((x, y) => x - y);
  const h = (a.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, a.length - 1);
  return a[lo] + (a[hi] - a[lo]) * (h - lo);
}

/** Cleaning re-done row by row on plain arrays, for the columns of randomOrders. */
function referenceClean(
  typed: TypedImport,
  config: CleaningConfig,
): { rows: Row[]; counts: number[]; names: string[] } {
  const names = typed.table.columns.map((c) => c.name);
  const at = (name: string): number => names.indexOf(name);
  let rows: Row[] = tableRows(typed.table).map((r) => [...r]);
  const counts: number[] = [];

  // 1. normalise + synonyms, per column
  for (const name of names) {
    const j = at(name);
    const normalise = config.normalise[name] === true;
    const syn = config.synonyms[name] ?? {};
    if (!normalise && Object.keys(syn).length === 0) continue;
    const freq = new Map<string, number>();
    const firstSeen: string[] = [];
    for (const r of rows) {
      const v = r[j] as string | null;
      if (v === null) continue;
      if (!freq.has(v)) firstSeen.push(v);
      freq.set(v, (freq.get(v) ?? 0) + 1);
    }
    const best = new Map<string, string>();
    for (const v of firstSeen) {
      const f = normaliseCategory(v);
      const b = best.get(f);
      if (b === undefined || freq.get(v)! > freq.get(b)!) best.set(f, v);
    }
    const byForm = new Map<string, string>();
    for (const [k, v] of Object.entries(syn))
      if (!byForm.has(normaliseCategory(k))) byForm.set(normaliseCategory(k), v);
    let normalised = 0;
    let mapped = 0;
    for (const r of rows) {
      const raw = r[j] as string | null;
      if (raw === null) continue;
      const s1 = normalise ? tidyCategory(best.get(normaliseCategory(raw))!) : raw;
      const s2 =
        syn[s1] ?? syn[raw] ?? (normalise ? byForm.get(normaliseCategory(raw)) : undefined) ?? s1;
      if (s1 !== raw) normalised++;
      if (s2 !== s1) mapped++;
      r[j] = s2 === '' ? null : s2;
    }
    if (normalise) counts.push(normalised);
    if (Object.keys(syn).length > 0) counts.push(mapped);
  }

  // 2. duplicates
  if (config.dropDuplicates) {
    const seen = new Set<string>();
    const before = rows.length;
    rows = rows.filter((r) => {
      const key = JSON.stringify(r);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    counts.push(before - rows.length);
  }
  // 3. customers
  if (config.dropMissingCustomer) {
    const before = rows.length;
    rows = rows.filter((r) => r[at('customer')] !== null);
    counts.push(before - rows.length);
  }
  // 4. returns
  const isReturn = (r: Row): boolean => {
    const inv = r[at('invoice')] as string | null;
    const q = r[at('qty')] as number | null;
    const p = r[at('price')] as number | null;
    return (
      (inv !== null && inv.trim().toUpperCase().startsWith('C')) ||
      (q !== null && q < 0) ||
      (q !== null && p !== null && q * p < 0)
    );
  };
  if (config.returns === 'exclude') {
    const before = rows.length;
    rows = rows.filter((r) => !isReturn(r));
    counts.push(before - rows.length);
  } else if (config.returns === 'net') {
    const order = rows.map((_, i) => i);
    const date = (i: number): number => (rows[i][at('when')] as number | null) ?? Infinity;
    order.sort((a, b) => date(a) - date(b) || a - b);
    const removed = new Set<number>();
    const done: number[] = [];
    let matched = 0;
    for (const i of order) {
      const r = rows[i];
      if (isReturn(r) && r[at('customer')] !== null && r[at('qty')] !== null) {
        // The latest earlier purchase of the same customer, product and absolute quantity.
        for (let k = done.length - 1; k >= 0; k--) {
          const p = rows[done[k]];
          if (
            !removed.has(done[k]) &&
            !isReturn(p) &&
            (p[at('qty')] as number | null) !== null &&
            (p[at('qty')] as number) > 0 &&
            p[at('customer')] === r[at('customer')] &&
            p[at('product')] === r[at('product')] &&
            p[at('qty')] === Math.abs(r[at('qty')] as number)
          ) {
            removed.add(done[k]).add(i);
            matched++;
            break;
          }
        }
      }
      done.push(i);
    }
    rows = rows.filter((_, i) => !removed.has(i));
    counts.push(2 * matched);
  }
  // 5. fill
  for (const name of names) {
    const j = at(name);
    const fill = config.fillNumeric[name];
    const cat = config.fillCategory[name];
    const present = rows.map((r) => r[j]).filter((v) => v !== null);
    const missing = rows.length - present.length;
    if (fill && fill.method !== 'none') {
      const nums = present as number[];
      let value =
        fill.method === 'constant'
          ? (fill.constant ?? 0)
          : fill.method === 'mean'
            ? nums.reduce((s, x) => s + x, 0) / nums.length
            : numpyLinear(nums, 0.5);
      if (typed.table.columns[j].type === 'i32') value = Math.round(value);
      for (const r of rows) if (r[j] === null) r[j] = value;
      counts.push(missing);
    } else if (cat && cat !== 'none') {
      let value = 'Unknown';
      if (cat === 'mode') {
        const f = new Map<string, number>();
        for (const v of present as string[]) f.set(v, (f.get(v) ?? 0) + 1);
        value = [...f.entries()].reduce((b, e) => (e[1] > b[1] ? e : b))[0];
      }
      for (const r of rows) if (r[j] === null) r[j] = value;
      counts.push(missing);
    }
  }
  // 6. outliers
  const outNames = [...names];
  for (const name of names) {
    const o = config.outliers[name];
    if (!o || o.method === 'none') continue;
    const j = at(name);
    const nums = rows.map((r) => r[j]).filter((v): v is number => v !== null);
    let lo = numpyLinear(nums, (o.low ?? 1) / 100);
    let hi = numpyLinear(nums, (o.high ?? 99) / 100);
    if (o.method === 'cap') {
      if (typed.table.columns[j].type === 'i32') {
        lo = Math.round(lo);
        hi = Math.round(hi);
      }
      let changed = 0;
      for (const r of rows) {
        const v = r[j] as number | null;
        if (v === null) continue;
        if (v < lo || v > hi) {
          r[j] = Math.min(hi, Math.max(lo, v));
          changed++;
        }
      }
      counts.push(changed);
    } else {
      let flagged = 0;
      for (const r of rows) {
        const v = r[j] as number | null;
        const flag = v === null ? null : v < lo || v > hi ? 'yes' : 'no';
        if (flag === 'yes') flagged++;
        r.push(flag);
      }
      outNames.push(`${name} outlier`);
      counts.push(flagged);
    }
  }
  return { rows, counts, names: outNames };
}

function fullConfig(typed: TypedImport, patch: Partial<CleaningConfig>): CleaningConfig {
  return { ...defaultCleaningConfig(typed), ...patch };
}

// ───────────────────────────── cleaning ─────────────────────────────

describe('defaultCleaningConfig', () => {
  it('switches everything off and lists the columns each option applies to', () => {
    const typed = randomOrders(1, 50);
    const config = defaultCleaningConfig(typed);
    expect(config).toEqual({
      dropDuplicates: false,
      dropMissingCustomer: false,
      fillNumeric: { qty: { method: 'none' }, price: { method: 'none' } },
      fillCategory: { city: 'none' },
      normalise: { city: false },
      synonyms: { city: {} },
      outliers: { qty: { method: 'none' }, price: { method: 'none' } },
      returns: 'keep',
    });
    const { table, steps } = applyCleaning(typed, config);
    expect(steps).toEqual([]);
    expect(tableRows(table)).toEqual(tableRows(typed.table));
    expect(table.columns.map((c) => c.type)).toEqual(typed.table.columns.map((c) => c.type));
    expect(planCleaning(typed, config)).toEqual([]);
  });
});

describe('applyCleaning against a row-by-row reference', () => {
  const configs: [string, (t: TypedImport) => CleaningConfig][] = [
    [
      'normalise, synonyms, drops, exclude returns, fill mean, cap',
      (t) =>
        fullConfig(t, {
          normalise: { city: true },
          synonyms: { city: { lyon: 'Lyon City', Nice: 'NICE' } },
          dropDuplicates: true,
          dropMissingCustomer: true,
          returns: 'exclude',
          fillNumeric: { price: { method: 'mean' }, qty: { method: 'median' } },
          outliers: { price: { method: 'cap', low: 5, high: 95 } },
        }),
    ],
    [
      'net returns, fill median and mode, flag outliers',
      (t) =>
        fullConfig(t, {
          dropDuplicates: true,
          returns: 'net',
          fillNumeric: { price: { method: 'median' } },
          fillCategory: { city: 'mode' },
          outliers: { qty: { method: 'flag' }, price: { method: 'cap' } },
        }),
    ],
    [
      'net returns with missing customers, constant and Unknown fills, integer caps',
      (t) =>
        fullConfig(t, {
          returns: 'net',
          synonyms: { city: { Paris: '' } },
          fillNumeric: { price: { method: 'constant', constant: 9 }, qty: { method: 'mean' } },
          fillCategory: { city: 'unknown' },
          outliers: { qty: { method: 'cap', low: 10, high: 90 } },
        }),
    ],
  ];

  for (const [label, make] of configs) {
    it(label, () => {
      for (const seed of [11, 12, 13]) {
        const typed = randomOrders(seed, 300);
        const config = make(typed);
        const before = structuredClone(typed);
        const result = applyCleaning(typed, config);
        const ref = referenceClean(typed, config);
        expect(result.table.columns.map((c) => c.name)).toEqual(ref.names);
        expect(result.table.rowCount).toBe(ref.rows.length);
        const got = tableRows(result.table);
        for (let i = 0; i < got.length; i++) {
          for (let j = 0; j < got[i].length; j++) {
            const g = got[i][j];
            const e = ref.rows[i][j];
            if (typeof g === 'number' && typeof e === 'number') expect(g).toBeCloseTo(e, 9);
            else expect(g, `row ${i} column ${ref.names[j]}`).toBe(e);
          }
        }
        expect(result.steps.map((s) => s.rowsRemoved + s.cellsChanged)).toEqual(ref.counts);
        expect(result.steps.every((s) => s.rowsRemoved === 0 || s.cellsChanged === 0)).toBe(true);
        expect(planCleaning(typed, config)).toEqual(result.steps);
        // The input is untouched.
        expect(typed).toEqual(before);
        // Dictionaries hold only values in use, in order of first appearance.
        for (const c of result.table.columns) {
          if (c.type !== 'dict') continue;
          const used = new Set<number>();
          const order: number[] = [];
          for (let i = 0; i < result.table.rowCount; i++) {
            if (c.nulls && (c.nulls[i >> 3] & (1 << (i & 7))) !== 0) continue;
            if (!used.has(c.codes[i])) order.push(c.codes[i]);
            used.add(c.codes[i]);
          }
          expect(order).toEqual(c.dictionary.map((_, k) => k));
        }
      }
    });
  }

  it('names its steps and reports the values it used', () => {
    const typed = randomOrders(5, 200);
    const { steps } = applyCleaning(
      typed,
      fullConfig(typed, {
        normalise: { city: true },
        dropDuplicates: true,
        dropMissingCustomer: true,
        returns: 'net',
        fillNumeric: { price: { method: 'constant', constant: 2.5 } },
        fillCategory: { city: 'unknown' },
        outliers: { price: { method: 'cap', low: 0, high: 100 }, qty: { method: 'flag' } },
      }),
    );
    expect(steps.map((s) => [s.step, s.column])).toEqual([
      ['clean.step.normalise', 'city'],
      ['clean.step.dropDuplicates', undefined],
      ['clean.step.dropMissingCustomer', undefined],
      ['clean.step.returnsNet', undefined],
      ['clean.step.fillConstant', 'price'],
      ['clean.step.fillUnknown', 'city'],
      ['clean.step.flagOutliers', 'qty'],
      ['clean.step.capOutliers', 'price'],
    ]);
    const net = steps[3];
    expect(net.unmatched).toBeGreaterThan(0);
    expect(net.rowsRemoved % 2).toBe(0);
    expect(steps[4].value).toBe(2.5);
    expect(steps[5].value).toBe('Unknown');
    expect(steps[7]).toMatchObject({ cellsChanged: 0, bounds: [-1, 50] });
  });

  it('keeps returns that have no purchase to net against, and needs customer and product', () => {
    const table: Table = {
      rowCount: 5,
      columns: [
        dictColumn('invoice', ['1', '2', 'C3', 'C4', 'C5']),
        dictColumn('customer', ['a', 'a', 'a', 'a', 'b']),
        dictColumn('product', ['x', 'x', 'x', 'x', 'x']),
        numericColumn('qty', 'i32', [2, 2, -2, -2, -2]),
        numericColumn('price', 'f64', [1, 1, 1, 1, 1]),
        numericColumn('when', 'date', [1, 2, 3, 0, 4]),
      ],
    };
    const typed: TypedImport = { table, roles: { ...ROLES }, typing: [] };
    const { table: out, steps } = applyCleaning(typed, fullConfig(typed, { returns: 'net' }));
    // C4 is dated before any purchase; C3 nets the later purchase (invoice 2); b has no purchase.
    expect(steps[0]).toMatchObject({ rowsRemoved: 2, unmatched: 2 });
    expect(tableRows(out).map((r) => r[0])).toEqual(['1', 'C4', 'C5']);

    const noProduct: TypedImport = { table, roles: { ...ROLES, product: 'attribute' }, typing: [] };
    expect(planCleaning(noProduct, fullConfig(noProduct, { returns: 'net' }))[0]).toMatchObject({
      rowsRemoved: 0,
      unmatched: 3,
    });
  });

  it('reports progress and stops when cancelled', () => {
    const typed = randomOrders(3, 100);
    const seen: Progress[] = [];
    applyCleaning(typed, fullConfig(typed, { dropDuplicates: true }), {
      onProgress: (p) => seen.push(p),
    });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.every((p) => p.phase === 'progress.import.clean')).toBe(true);
    expect(() =>
      applyCleaning(typed, defaultCleaningConfig(typed), { signal: { aborted: true } }),
    ).toThrow(CancelledError);
  });

  it('gives a flag column a free name', () => {
    const typed: TypedImport = {
      table: {
        rowCount: 3,
        columns: [numericColumn('x', 'f64', [1, 2, 100]), dictColumn('x outlier', ['a', 'b', 'c'])],
      },
      roles: { x: 'attribute', 'x outlier': 'attribute' },
      typing: [],
    };
    const { table } = applyCleaning(
      typed,
      fullConfig(typed, { outliers: { x: { method: 'flag', low: 0, high: 50 } } }),
    );
    expect(table.columns.map((c) => c.name)).toEqual(['x', 'x outlier', 'x outlier 2']);
    expect(tableRows(table).map((r) => r[2])).toEqual(['no', 'no', 'yes']);
  });
});

// ───────────────────────────── Online Retail ─────────────────────────────

describe.skipIf(!HAS_ONLINE_RETAIL)(
  `Online Retail cleaning${HAS_ONLINE_RETAIL ? '' : ` — ${SKIP_MESSAGE}`}`,
  () => {
    /*
     * Reference figures, computed with pandas 1.5.3 / numpy:
     *   df = pd.read_csv(path, dtype={'InvoiceNo': str, 'StockCode': str, 'CustomerID': str})
     *   a = df.drop_duplicates()                      536,641 rows (5,268 removed)
     *   b = a.dropna(subset=['CustomerID'])          401,604 rows (135,037 removed)
     *   ret = InvoiceNo starts with C | Quantity < 0 | Quantity × UnitPrice < 0:  8,872 in b
     *   e = b[~ret]                                   392,732 rows
     *   np.percentile(e.UnitPrice, [1, 99])           [0.21, 14.95]; 6,713 values outside
     *   np.percentile(e.Quantity, [1, 99])            [1, 120];      3,894 values outside
     * Netting returns on b (Python loop over the rows sorted by (InvoiceDate, position),
     * a stack per (CustomerID, StockCode, |Quantity|) of non-return lines with Quantity > 0,
     * each return popping the latest): 2,882 matches → 5,764 rows removed, 5,990 unmatched.
     */
    it('removes duplicates, lines without a customer and returns as pandas does', () => {
      const typed = loadOnlineRetail();
      const config = fullConfig(typed, {
        dropDuplicates: true,
        dropMissingCustomer: true,
        returns: 'exclude',
        outliers: { UnitPrice: { method: 'cap' }, Quantity: { method: 'cap' } },
      });
      let t0 = performance.now();
      const plan = planCleaning(typed, config);
      const first = performance.now() - t0;
      t0 = performance.now();
      planCleaning(typed, { ...config, returns: 'net' });
      const again = performance.now() - t0;
      console.info(
        `planCleaning on Online Retail: ${first.toFixed(0)} ms; with another returns policy (duplicates cached) ${again.toFixed(0)} ms`,
      );
      t0 = performance.now();
      const { table, steps } = applyCleaning(typed, config);
      console.info(`applyCleaning on Online Retail: ${(performance.now() - t0).toFixed(0)} ms`);
      expect(plan).toEqual(steps);
      expect(steps).toEqual([
        { step: 'clean.step.dropDuplicates', rowsRemoved: 5_268, cellsChanged: 0 },
        { step: 'clean.step.dropMissingCustomer', rowsRemoved: 135_037, cellsChanged: 0 },
        { step: 'clean.step.returnsExclude', rowsRemoved: 8_872, cellsChanged: 0 },
        {
          step: 'clean.step.capOutliers',
          column: 'Quantity',
          rowsRemoved: 0,
          cellsChanged: 3_894,
          bounds: [1, 120],
        },
        {
          step: 'clean.step.capOutliers',
          column: 'UnitPrice',
          rowsRemoved: 0,
          cellsChanged: 6_713,
          bounds: [0.21, 14.95],
        },
      ]);
      expect(table.rowCount).toBe(392_732);
    });

    it('nets returns against purchases as the Python reference does', () => {
      const typed = loadOnlineRetail();
      const steps = planCleaning(
        typed,
        fullConfig(typed, { dropDuplicates: true, dropMissingCustomer: true, returns: 'net' }),
      );
      expect(steps[2]).toEqual({
        step: 'clean.step.returnsNet',
        rowsRemoved: 5_764,
        cellsChanged: 0,
        unmatched: 5_990,
      });
    });
  },
);
