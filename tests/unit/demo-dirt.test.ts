/** The planted dirt (quality tools must find it) and the returns (credit notes). */
import { beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, generateDemoShop, type DemoShop } from '../../src/core/demo/index.ts';
import {
  cellValue,
  countNulls,
  findColumn,
  tableRows,
  type Column,
  type Table,
} from '../../src/core/table/index.ts';

function column(table: Table, name: string): Column {
  const c = findColumn(table, name);
  if (!c) throw new Error(`missing column ${name}`);
  return c;
}

/** The four spellings of signup_date, parsed to UTC midnight. */
const SIGNUP_FORMATS: [string, RegExp, (m: RegExpExecArray) => number][] = [
  ['iso', /^(\d{4})-(\d{2})-(\d{2})$/, (m) => Date.UTC(+m[1], +m[2] - 1, +m[3])],
  ['dd/mm/yyyy', /^(\d{2})\/(\d{2})\/(\d{4})$/, (m) => Date.UTC(+m[3], +m[2] - 1, +m[1])],
  ['yyyy/m/d', /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/, (m) => Date.UTC(+m[1], +m[2] - 1, +m[3])],
  ['yyyymmdd', /^(\d{4})(\d{2})(\d{2})$/, (m) => Date.UTC(+m[1], +m[2] - 1, +m[3])],
];

let shop: DemoShop;
let rows: number;

beforeAll(() => {
  shop = generateDemoShop();
  rows = shop.transactions.rowCount;
});

describe('dirt in the transactions', () => {
  it('has a few exactly duplicated lines (~0.5 %)', () => {
    const seen = new Set<string>();
    let duplicates = 0;
    for (const row of tableRows(shop.transactions)) {
      const key = JSON.stringify(row);
      if (seen.has(key)) duplicates++;
      else seen.add(key);
    }
    expect(duplicates).toBeGreaterThan(0);
    expect(duplicates / rows).toBeGreaterThan(0.002);
    expect(duplicates / rows).toBeLessThan(0.01);
  });

  it('has guest lines without customer id, whole invoices of them', () => {
    const cust = column(shop.transactions, 'customer_id');
    const inv = column(shop.transactions, 'invoice_id');
    const missing = countNulls(cust.nulls, rows);
    expect(missing).toBeGreaterThan(0);
    expect(missing / rows).toBeLessThan(0.02);
    // An invoice is either a guest's or a customer's, never mixed.
    const kind = new Map<string, boolean>();
    let mixed = 0;
    for (let r = 0; r < rows; r++) {
      const invoice = cellValue(inv, r) as string;
      const guest = cellValue(cust, r) === null;
      if ((kind.get(invoice) ?? guest) !== guest) mixed++;
      kind.set(invoice, guest);
    }
    expect(mixed).toBe(0);
  });

  it('has some blank product names, but every line keeps its product id', () => {
    expect(countNulls(column(shop.transactions, 'product_name').nulls, rows)).toBeGreaterThan(0);
    expect(countNulls(column(shop.transactions, 'product_id').nulls, rows)).toBe(0);
    expect(countNulls(column(shop.transactions, 'invoice_date').nulls, rows)).toBe(0);
    expect(countNulls(column(shop.transactions, 'quantity').nulls, rows)).toBe(0);
  });
});

describe('dirt in the customers', () => {
  it('misses ~3 % of age and income bands', () => {
    const n = shop.customers.rowCount;
    for (const name of ['age_band', 'income_band']) {
      const share = countNulls(column(shop.customers, name).nulls, n) / n;
      expect(share, name).toBeGreaterThan(0.015);
      expect(share, name).toBeLessThan(0.05);
    }
    expect(countNulls(column(shop.customers, 'customer_id').nulls, n)).toBe(0);
  });

  it('mixes signup date formats, mostly ISO, every one a real date before the first order', () => {
    const signup = column(shop.customers, 'signup_date');
    const ids = column(shop.customers, 'customer_id');
    const counts = new Map<string, number>();
    const signupMs = new Map<string, number>();
    for (let r = 0; r < shop.customers.rowCount; r++) {
      const text = cellValue(signup, r) as string;
      const hit = SIGNUP_FORMATS.find(([, re]) => re.test(text));
      expect(hit, text).toBeDefined();
      const [name, re, parse] = hit!;
      counts.set(name, (counts.get(name) ?? 0) + 1);
      const ms = parse(re.exec(text)!);
      expect(new Date(ms).toISOString().slice(0, 10)).not.toBe('Invalid Date');
      signupMs.set(cellValue(ids, r) as string, ms);
    }
    for (const [name] of SIGNUP_FORMATS) expect(counts.get(name) ?? 0, name).toBeGreaterThan(0);
    expect(counts.get('iso')! / shop.customers.rowCount).toBeGreaterThan(0.9);
    // First purchase on or after the signup day (and the dirty spellings parse to the truth).
    const first = new Map<string, number>();
    const cust = column(shop.transactions, 'customer_id');
    const date = column(shop.transactions, 'invoice_date');
    for (let r = 0; r < rows; r++) {
      const c = cellValue(cust, r) as string | null;
      if (c === null) continue;
      const ms = cellValue(date, r) as number;
      if (!first.has(c) || ms < first.get(c)!) first.set(c, ms);
    }
    for (const t of shop.truth) {
      expect(signupMs.get(t.customerId)).toBe(t.signupMs);
      expect(first.get(t.customerId)!).toBeGreaterThanOrEqual(t.signupMs);
    }
  });

  it('has obviously fake contact details', () => {
    const email = column(shop.customers, 'email');
    const phone = column(shop.customers, 'phone');
    for (let r = 0; r < shop.customers.rowCount; r++) {
      const e = cellValue(email, r);
      if (e !== null) expect(e).toMatch(/^c\d{5}@example\.com$/);
      const p = cellValue(phone, r);
      if (p !== null) expect(p).toMatch(/^0086 1[358]\d 0000 \d{4}$/);
    }
  });
});

describe('returns', () => {
  it("are 'C' + an earlier invoice of the same customer, with negative quantity, for a product bought", () => {
    const t = shop.transactions;
    const inv = column(t, 'invoice_id');
    const date = column(t, 'invoice_date');
    const cust = column(t, 'customer_id');
    const prod = column(t, 'product_id');
    const qty = column(t, 'quantity');
    // invoice -> { customer, date, product -> quantity bought }
    const purchases = new Map<
      string,
      { customer: string | null; ms: number; bought: Map<string, number> }
    >();
    let returnLines = 0;
    let purchaseLines = 0;
    // Checked row by row, asserted once (expect() per cell would take seconds).
    const problems: string[] = [];
    const fail = (r: number, what: string): void => {
      if (problems.length < 5) problems.push(`row ${r}: ${what}`);
    };
    for (let r = 0; r < t.rowCount; r++) {
      const invoice = cellValue(inv, r) as string;
      const q = cellValue(qty, r) as number;
      if (invoice.startsWith('C') !== q < 0) fail(r, `${invoice} with quantity ${q}`);
      if (invoice.startsWith('C')) continue;
      purchaseLines++;
      if (!/^INV\d{6}$/.test(invoice)) fail(r, `invoice ${invoice}`);
      let p = purchases.get(invoice);
      if (!p) {
        p = {
          customer: cellValue(cust, r) as string | null,
          ms: cellValue(date, r) as number,
          bought: new Map(),
        };
        purchases.set(invoice, p);
      }
      // Exact duplicate lines repeat a product; the credit can be at most one copy's quantity.
      p.bought.set(cellValue(prod, r) as string, q);
    }
    for (let r = 0; r < t.rowCount; r++) {
      const invoice = cellValue(inv, r) as string;
      if (!invoice.startsWith('C')) continue;
      returnLines++;
      const original = purchases.get(invoice.slice(1));
      if (!original) {
        fail(r, `${invoice} credits no invoice`);
        continue;
      }
      const customer = cellValue(cust, r);
      if (customer === null || customer !== original.customer)
        fail(r, `${invoice} customer ${String(customer)}`);
      if ((cellValue(date, r) as number) <= original.ms + DAY_MS)
        fail(r, `${invoice} not after its order`);
      const bought = original.bought.get(cellValue(prod, r) as string);
      if (bought === undefined) fail(r, `${invoice} returns a product not bought`);
      else if (-(cellValue(qty, r) as number) > bought)
        fail(r, `${invoice} returns more than bought`);
    }
    expect(problems).toEqual([]);
    expect(returnLines).toBeGreaterThan(0);
    const share = returnLines / purchaseLines;
    expect(share).toBeGreaterThan(0.02);
    expect(share).toBeLessThan(0.04);
  });
});
