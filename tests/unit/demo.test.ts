import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DAY_MS,
  DEMO_GROUPS,
  GROUP_MODELS,
  PRODUCTS,
  generateDemoShop,
  type DemoShop,
} from '../../src/core/demo/index.ts';
import { CancelledError, LensError } from '../../src/core/errors.ts';
import { tableToCsv } from '../../src/core/table/csv.ts';
import { cellValue, COLUMN_ROLES, findColumn, type Table } from '../../src/core/table/index.ts';
import type { Progress } from '../../src/core/task.ts';

/** The documented scale at the defaults (5,000 customers, 24 months). */
const DEFAULT_ROWS = { min: 60_000, max: 120_000 };

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function csvHashes(shop: DemoShop): [string, string] {
  return [sha256(tableToCsv(shop.transactions)), sha256(tableToCsv(shop.customers))];
}

function column(table: Table, name: string) {
  const c = findColumn(table, name);
  if (!c) throw new Error(`missing column ${name}`);
  return c;
}

let shop: DemoShop;
let seconds: number;

beforeAll(() => {
  const t0 = performance.now();
  shop = generateDemoShop();
  seconds = (performance.now() - t0) / 1000;
  console.info(
    `demo shop at defaults: ${shop.transactions.rowCount} lines in ${seconds.toFixed(3)} s`,
  );
});

describe('generateDemoShop at the defaults', () => {
  it('has the documented scale', () => {
    expect(shop.options).toEqual({ customers: 5000, months: 24, seed: 42, endDate: '2026-06-30' });
    expect(shop.customers.rowCount).toBe(5000);
    expect(shop.truth).toHaveLength(5000);
    expect(shop.transactions.rowCount).toBeGreaterThanOrEqual(DEFAULT_ROWS.min);
    expect(shop.transactions.rowCount).toBeLessThanOrEqual(DEFAULT_ROWS.max);
  });

  it('has the transaction columns, typed, with roles', () => {
    const t = shop.transactions;
    expect(t.columns.map((c) => [c.name, c.type])).toEqual([
      ['invoice_id', 'dict'],
      ['invoice_date', 'date'],
      ['customer_id', 'dict'],
      ['product_id', 'dict'],
      ['product_name', 'dict'],
      ['category', 'dict'],
      ['quantity', 'i32'],
      ['unit_price', 'f64'],
      ['channel', 'dict'],
    ]);
    for (const c of t.columns) {
      expect(c.type === 'dict' ? c.codes.length : c.values.length).toBe(t.rowCount);
      expect(COLUMN_ROLES).toContain(shop.roles.transactions[c.name]);
    }
    expect(shop.roles.transactions).toMatchObject({
      invoice_id: 'orderId',
      invoice_date: 'orderDate',
      customer_id: 'customerId',
      quantity: 'quantity',
      unit_price: 'unitPrice',
    });
    // No stored amount: amount = quantity × unit price.
    expect(findColumn(t, 'amount')).toBeUndefined();
  });

  it('has the customer columns and none that reveals the planted group', () => {
    const c = shop.customers;
    expect(c.columns.map((x) => x.name)).toEqual([
      'customer_id',
      'gender',
      'age_band',
      'city_tier',
      'region',
      'income_band',
      'signup_date',
      'channel_preference',
      'email',
      'phone',
    ]);
    expect(Object.keys(shop.roles.customers).sort()).toEqual(c.columns.map((x) => x.name).sort());
    const groupWords = new Set<string>([
      ...DEMO_GROUPS,
      'one-time',
      'lapsing',
      'seasonal',
      'loyal',
    ]);
    for (const col of c.columns) {
      if (col.type !== 'dict') continue;
      for (const v of col.dictionary) expect(groupWords.has(v), `${col.name}=${v}`).toBe(false);
    }
    expect(cellValue(column(c, 'customer_id'), 0)).toBe('C00001');
    expect(cellValue(column(c, 'customer_id'), 4999)).toBe('C05000');
    expect(column(c, 'city_tier').type).toBe('i32');
    expect(column(c, 'signup_date').type).toBe('dict');
  });

  it('has the planted group sizes', () => {
    for (const g of DEMO_GROUPS) {
      const n = shop.truth.filter((t) => t.group === g).length;
      expect(n, g).toBe(Math.round(GROUP_MODELS[g].share * 5000));
    }
  });

  it('keeps every line inside the window, prices in whole cents, real products', () => {
    const { startMs, endDayMs } = shop.window;
    expect(new Date(startMs).toISOString()).toBe('2024-07-01T00:00:00.000Z');
    expect(new Date(endDayMs).toISOString()).toBe('2026-06-30T00:00:00.000Z');
    const date = column(shop.transactions, 'invoice_date');
    const price = column(shop.transactions, 'unit_price');
    const pid = column(shop.transactions, 'product_id');
    const pname = column(shop.transactions, 'product_name');
    const byId = new Map(PRODUCTS.map((p) => [p.id, p]));
    // Checked row by row, asserted once (expect() per cell would take seconds).
    const problems: string[] = [];
    const fail = (r: number, what: string): void => {
      if (problems.length < 5) problems.push(`row ${r}: ${what}`);
    };
    let prev = -Infinity;
    for (let r = 0; r < shop.transactions.rowCount; r++) {
      const ms = cellValue(date, r) as number;
      if (ms < startMs || ms >= endDayMs + DAY_MS) fail(r, `date ${ms} outside the window`);
      if (ms % 1000 !== 0) fail(r, 'date with milliseconds');
      if (ms < prev) fail(r, 'not in time order'); // exported in time order
      prev = ms;
      const p = cellValue(price, r) as number;
      if (Math.round(p * 100) / 100 !== p || !(p > 0)) fail(r, `price ${p}`);
      const product = byId.get(cellValue(pid, r) as string);
      if (!product) fail(r, 'unknown product');
      else if (p > product.price) fail(r, `price ${p} above list ${product.price}`);
      const name = cellValue(pname, r);
      if (name !== null && name !== product?.name) fail(r, `name ${String(name)}`);
    }
    expect(problems).toEqual([]);
    expect(PRODUCTS.length).toBeGreaterThanOrEqual(110);
    expect(new Set(PRODUCTS.map((p) => p.category)).size).toBeGreaterThanOrEqual(10);
  });

  it('generates in well under a second (reported, with a loose bound for slow CI)', () => {
    expect(seconds).toBeLessThan(5);
  });
});

describe('determinism', () => {
  it('gives byte-identical CSV for the same seed, and different CSV for another seed', () => {
    const again = generateDemoShop({ seed: 42 });
    const [tx, cu] = csvHashes(shop);
    expect(csvHashes(again)).toEqual([tx, cu]);
    const other = csvHashes(generateDemoShop({ seed: 43 }));
    expect(other[0]).not.toBe(tx);
    expect(other[1]).not.toBe(cu);
  });

  it('depends only on the options, not on the clock', () => {
    const a = generateDemoShop({ customers: 200, seed: 7, months: 12, endDate: '2025-12-31' });
    const b = generateDemoShop({ customers: 200, seed: 7, months: 12, endDate: '2025-12-31' });
    expect(csvHashes(a)).toEqual(csvHashes(b));
    expect(new Date(a.window.startMs).toISOString().slice(0, 10)).toBe('2025-01-01');
    const date = column(a.transactions, 'invoice_date');
    let outside = 0;
    for (let r = 0; r < a.transactions.rowCount; r++) {
      const ms = cellValue(date, r) as number;
      if (ms < a.window.startMs || ms >= Date.UTC(2026, 0, 1)) outside++;
    }
    expect(outside).toBe(0);
    expect(a.transactions.rowCount).toBeGreaterThan(1000);
  });

  it('still contains every group in a small demo', () => {
    const small = generateDemoShop({ customers: 30, seed: 1 });
    expect(new Set(small.truth.map((t) => t.group))).toEqual(new Set(DEMO_GROUPS));
  });
});

describe('options, progress and cancellation', () => {
  it('rejects bad options with a LensError naming the option', () => {
    const bad: [Parameters<typeof generateDemoShop>[0], string][] = [
      [{ customers: 0 }, 'customers'],
      [{ customers: 2.5 }, 'customers'],
      [{ months: 0 }, 'months'],
      [{ seed: Number.NaN }, 'seed'],
      [{ endDate: '2026-02-30' }, 'endDate'],
      [{ endDate: '30/06/2026' }, 'endDate'],
    ];
    for (const [options, option] of bad) {
      let caught: unknown;
      try {
        generateDemoShop({ ...options });
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(LensError);
      expect((caught as LensError).code).toBe('error.demo.option');
      expect((caught as LensError).params.option).toBe(option);
    }
  });

  it('reports progress through the phases, ending complete', () => {
    const seen: Progress[] = [];
    generateDemoShop({ customers: 1000 }, { onProgress: (p) => seen.push(p) });
    const phases = [...new Set(seen.map((p) => p.phase))];
    expect(phases).toEqual([
      'progress.demo.customers',
      'progress.demo.orders',
      'progress.demo.assemble',
    ]);
    const orders = seen.filter((p) => p.phase === 'progress.demo.orders');
    expect(orders.length).toBeGreaterThanOrEqual(4);
    expect(orders.at(-1)).toEqual({ phase: 'progress.demo.orders', done: 1000, total: 1000 });
    for (let i = 1; i < orders.length; i++)
      expect(orders[i].done).toBeGreaterThan(orders[i - 1].done);
  });

  it('stops with CancelledError when the signal is set', () => {
    const signal = { aborted: false };
    let calls = 0;
    expect(() =>
      generateDemoShop(
        { customers: 5000 },
        {
          signal,
          onProgress: (p) => {
            calls++;
            if (p.phase === 'progress.demo.orders' && p.done >= 500) signal.aborted = true;
          },
        },
      ),
    ).toThrow(CancelledError);
    expect(calls).toBeGreaterThan(2);
  });
});
