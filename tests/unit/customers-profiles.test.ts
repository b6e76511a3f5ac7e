/**
 * Customer profiles (src/core/customers): against a brute-force reference written from
 * ARCHITECTURE.md's definitions on random generated lines, and against the published
 * figures of UCI Online Retail (4,339 customers with at least one purchase, 18,536 orders).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProfiles, DAY_MS, ordersOfCustomer } from '../../src/core/customers/profiles.ts';
import { readTransactionLines } from '../../src/core/customers/transactions.ts';
import { createRng } from '../../src/core/stats/random.ts';
import {
  cellValue,
  dictColumn,
  findColumn,
  numericColumn,
  type ColumnRole,
  type Table,
} from '../../src/core/table/index.ts';
import { LensError } from '../../src/core/errors.ts';
import { readTransactionsFile } from '../../src/cli/input.ts';

const ONLINE_RETAIL = resolve(process.cwd(), '../shared/data/online_retail/online_retail.csv');

interface Line {
  customer: string | null;
  invoice: string;
  time: number;
  qty: number;
  price: number;
  category: string;
  channel: string;
  gender: string | null;
}

const ROLES: Record<string, ColumnRole> = {
  customer: 'customerId',
  invoice: 'orderId',
  time: 'orderDate',
  qty: 'quantity',
  price: 'unitPrice',
  category: 'category',
  channel: 'channel',
  gender: 'gender',
};

function randomLines(seed: number, n: number): Line[] {
  const rng = createRng(seed);
  const start = Date.UTC(2023, 0, 1);
  const lines: Line[] = [];
  for (let i = 0; i < n; i++) {
    const customer = rng.next() < 0.05 ? null : `c${rng.int(1, 30)}`;
    const cancelled = rng.next() < 0.05;
    const invoice = `${cancelled ? 'C' : ''}${rng.int(1, 120)}`;
    const negative = rng.next() < 0.03;
    lines.push({
      customer,
      invoice,
      time: start + rng.int(0, 400) * DAY_MS + rng.int(0, 23) * 3_600_000,
      qty: (negative ? -1 : 1) * rng.int(1, 5),
      price: rng.int(1, 2000) / 100,
      category: rng.pick(['toys', 'books', 'garden']),
      channel: rng.pick(['web', 'store']),
      gender: rng.next() < 0.2 ? null : rng.pick(['f', 'm']),
    });
  }
  return lines;
}

function tableOf(lines: Line[]): Table {
  return {
    rowCount: lines.length,
    columns: [
      dictColumn(
        'customer',
        lines.map((l) => l.customer),
      ),
      dictColumn(
        'invoice',
        lines.map((l) => l.invoice),
      ),
      numericColumn(
        'time',
        'date',
        lines.map((l) => l.time),
      ),
      numericColumn(
        'qty',
        'f64',
        lines.map((l) => l.qty),
      ),
      numericColumn(
        'price',
        'f64',
        lines.map((l) => l.price),
      ),
      dictColumn(
        'category',
        lines.map((l) => l.category),
      ),
      dictColumn(
        'channel',
        lines.map((l) => l.channel),
      ),
      dictColumn(
        'gender',
        lines.map((l) => l.gender),
      ),
    ],
  };
}

/** The definitions, written the slow obvious way. */
function reference(lines: Line[], endDay: number) {
  const day = (ms: number) => Math.floor(ms / DAY_MS);
  const used = lines.filter((l) => l.customer !== null && day(l.time) <= endDay);
  const isReturn = (l: Line) => /^c/i.test(l.invoice) || l.qty < 0 || l.qty * l.price < 0;
  const out = new Map<
    string,
    {
      orders: Map<string, number>;
      gross: number;
      returns: number;
      items: number;
      gender: { time: number; value: string } | null;
      cat: Map<string, number>;
    }
  >();
  const get = (c: string) => {
    let p = out.get(c);
    if (!p) {
      p = { orders: new Map(), gross: 0, returns: 0, items: 0, gender: null, cat: new Map() };
      out.set(c, p);
    }
    return p;
  };
  for (const l of used) {
    const p = get(l.customer!);
    if (l.gender !== null && (p.gender === null || l.time >= p.gender.time)) {
      p.gender = { time: l.time, value: l.gender };
    }
    if (isReturn(l)) {
      p.returns += Math.abs(l.qty * l.price);
      continue;
    }
    p.gross += l.qty * l.price;
    p.items += l.qty;
    p.cat.set(l.category, (p.cat.get(l.category) ?? 0) + l.qty * l.price);
    const t = p.orders.get(l.invoice);
    p.orders.set(l.invoice, t === undefined ? l.time : Math.min(t, l.time));
  }
  return new Map(
    [...out]
      .filter(([, p]) => p.orders.size > 0)
      .map(([c, p]) => {
        const times = [...p.orders.values()].sort((a, b) => a - b);
        const k = times.length;
        return [
          c,
          {
            orders: k,
            recency: endDay - day(times[k - 1]),
            tenure: endDay - day(times[0]),
            gross: p.gross,
            returns: p.returns,
            net: p.gross - p.returns,
            items: p.items,
            meanInterval: k > 1 ? (times[k - 1] - times[0]) / DAY_MS / (k - 1) : null,
            gender: p.gender?.value ?? null,
            favourite: [...p.cat].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null,
          },
        ] as const;
      }),
  );
}

function column(table: Table, name: string, row: number) {
  return cellValue(findColumn(table, name)!, row);
}

describe('buildProfiles against a brute-force reference', () => {
  for (const seed of [1, 2, 3]) {
    it(`matches every customer's figures (seed ${seed})`, () => {
      const lines = randomLines(seed, 1500);
      const { table, summary } = buildProfiles(tableOf(lines), ROLES);
      const lastDay = Math.floor(Math.max(...lines.map((l) => l.time)) / DAY_MS);
      expect(summary.observationEnd).toBe(lastDay * DAY_MS);
      const ref = reference(lines, lastDay);
      expect(table.rowCount).toBe(ref.size);
      for (let r = 0; r < table.rowCount; r++) {
        const id = column(table, 'customer_id', r) as string;
        const want = ref.get(id)!;
        expect(column(table, 'orders', r)).toBe(want.orders);
        expect(column(table, 'frequency', r)).toBe(want.orders);
        expect(column(table, 'recency_days', r)).toBe(want.recency);
        expect(column(table, 'tenure_days', r)).toBe(want.tenure);
        expect(column(table, 'gross_spend', r)).toBeCloseTo(want.gross, 6);
        expect(column(table, 'returns', r)).toBeCloseTo(want.returns, 6);
        expect(column(table, 'net_spend', r)).toBeCloseTo(want.net, 6);
        expect(column(table, 'monetary', r)).toBeCloseTo(want.net, 6);
        expect(column(table, 'items', r)).toBe(want.items);
        expect(column(table, 'aov', r)).toBeCloseTo(want.gross / want.orders, 6);
        const mean = column(table, 'mean_interval_days', r);
        if (want.meanInterval === null) expect(mean).toBeNull();
        else expect(mean).toBeCloseTo(want.meanInterval, 9);
        expect(column(table, 'gender', r)).toBe(want.gender);
        expect(column(table, 'favourite_category', r)).toBe(want.favourite);
      }
    });
  }

  it('an earlier observation end leaves later lines out and measures recency from it', () => {
    const lines = randomLines(7, 800);
    const end = Date.UTC(2023, 5, 30, 13); // any time on the day
    const { table, summary } = buildProfiles(tableOf(lines), ROLES, { observationEnd: end });
    const endDay = Math.floor(end / DAY_MS);
    expect(summary.observationEnd).toBe(endDay * DAY_MS);
    expect(summary.linesAfterEnd).toBe(
      lines.filter((l) => l.customer !== null && Math.floor(l.time / DAY_MS) > endDay).length,
    );
    const ref = reference(lines, endDay);
    expect(table.rowCount).toBe(ref.size);
    for (let r = 0; r < table.rowCount; r++) {
      const want = ref.get(column(table, 'customer_id', r) as string)!;
      expect(column(table, 'recency_days', r)).toBe(want.recency);
      expect(column(table, 'orders', r)).toBe(want.orders);
    }
  });

  it('monetary options: purchases only and average order value', () => {
    const lines = randomLines(9, 600);
    const t = tableOf(lines);
    const purchases = buildProfiles(t, ROLES, { monetary: 'purchases' }).table;
    const aov = buildProfiles(t, ROLES, { monetary: 'averageOrder' }).table;
    for (let r = 0; r < purchases.rowCount; r++) {
      expect(column(purchases, 'monetary', r)).toBe(column(purchases, 'gross_spend', r));
      expect(column(aov, 'monetary', r)).toBe(column(aov, 'aov', r));
    }
  });

  it('counts customers with returns only, and gives them no profile', () => {
    const t0 = Date.UTC(2024, 0, 1);
    const lines: Line[] = [
      {
        customer: 'a',
        invoice: '1',
        time: t0,
        qty: 2,
        price: 5,
        category: 'x',
        channel: 'w',
        gender: 'f',
      },
      {
        customer: 'b',
        invoice: 'C2',
        time: t0,
        qty: -1,
        price: 5,
        category: 'x',
        channel: 'w',
        gender: 'm',
      },
      {
        customer: 'a',
        invoice: 'C3',
        time: t0 + DAY_MS,
        qty: -1,
        price: 5,
        category: 'x',
        channel: 'w',
        gender: 'f',
      },
    ];
    const { table, summary } = buildProfiles(tableOf(lines), ROLES);
    expect(table.rowCount).toBe(1);
    expect(summary.withoutOrders).toBe(1);
    expect(column(table, 'net_spend', 0)).toBe(5);
    expect(column(table, 'returns', 0)).toBe(5);
  });

  it('without an invoice column, an order is a customer and a timestamp', () => {
    const lines = randomLines(4, 300);
    const t = tableOf(lines);
    const roles = { ...ROLES };
    delete roles.invoice;
    const { table } = buildProfiles(t, roles);
    const keys = new Map<string, Set<number>>();
    for (const l of lines) {
      if (l.customer === null || l.qty < 0) continue;
      keys.set(l.customer, (keys.get(l.customer) ?? new Set()).add(l.time));
    }
    for (let r = 0; r < table.rowCount; r++) {
      const id = column(table, 'customer_id', r) as string;
      expect(column(table, 'orders', r)).toBe(keys.get(id)!.size);
    }
  });

  it('says which role is missing', () => {
    const t = tableOf(randomLines(5, 10));
    const roles = { ...ROLES };
    delete roles.customer;
    expect(() => buildProfiles(t, roles)).toThrow(LensError);
    try {
      buildProfiles(t, roles);
    } catch (err) {
      expect((err as LensError).code).toBe('error.profiles.missingRole');
      expect((err as LensError).params).toEqual({ role: 'customerId' });
    }
  });

  it('lists one customer’s orders in time order with their values', () => {
    const lines = randomLines(6, 500);
    const view = readTransactionLines(tableOf(lines), ROLES);
    const orders = ordersOfCustomer(view, 'c3');
    const byInvoice = new Map<string, { time: number; value: number }>();
    for (const l of lines) {
      if (l.customer !== 'c3' || /^C/.test(l.invoice) || l.qty < 0) continue;
      const o = byInvoice.get(l.invoice);
      if (o) {
        o.time = Math.min(o.time, l.time);
        o.value += l.qty * l.price;
      } else byInvoice.set(l.invoice, { time: l.time, value: l.qty * l.price });
    }
    const want = [...byInvoice.values()].sort((a, b) => a.time - b.time);
    expect(orders.map((o) => o.time)).toEqual(want.map((o) => o.time));
    orders.forEach((o, i) => expect(o.value).toBeCloseTo(want[i].value, 9));
  });
});

describe.skipIf(!existsSync(ONLINE_RETAIL))('Online Retail profiles (real data)', () => {
  it('4,339 customers with a purchase, 18,536 orders, 33 customers with returns only', async () => {
    const { table, roles } = await readTransactionsFile(ONLINE_RETAIL, {});
    const { table: profiles, summary } = buildProfiles(table, roles);
    expect(summary.customers).toBe(4339);
    expect(profiles.rowCount).toBe(4339);
    expect(summary.orders).toBe(18536);
    expect(summary.withoutOrders).toBe(33);
    expect(summary.linesWithoutCustomer).toBe(135080);
    expect(new Date(summary.observationEnd).toISOString().slice(0, 10)).toBe('2011-12-09');
    const row = (id: string) => {
      const ids = findColumn(profiles, 'customer_id')!;
      for (let r = 0; r < profiles.rowCount; r++) if (cellValue(ids, r) === id) return r;
      throw new Error(id);
    };
    // Figures from pandas on the same definitions (see docs/decisions.md).
    const r14646 = row('14646');
    expect(column(profiles, 'orders', r14646)).toBe(74);
    expect(column(profiles, 'recency_days', r14646)).toBe(1);
    expect(column(profiles, 'gross_spend', r14646)).toBeCloseTo(280206.02, 2);
    expect(column(profiles, 'net_spend', r14646)).toBeCloseTo(279489.02, 2);
    const r12347 = row('12347');
    expect(column(profiles, 'orders', r12347)).toBe(7);
    expect(column(profiles, 'recency_days', r12347)).toBe(2);
    expect(column(profiles, 'net_spend', r12347)).toBeCloseTo(4310, 2);
    const r12346 = row('12346'); // bought 74,215 units and returned them all
    expect(column(profiles, 'net_spend', r12346)).toBeCloseTo(0, 2);
    expect(column(profiles, 'recency_days', r12346)).toBe(325);
    let net = 0;
    let recency = 0;
    for (let r = 0; r < profiles.rowCount; r++) {
      net += column(profiles, 'net_spend', r) as number;
      recency += column(profiles, 'recency_days', r) as number;
    }
    expect(net).toBeCloseTo(8310477.05, 1);
    expect(recency / profiles.rowCount).toBeCloseTo(92.0414842129523, 9);
  }, 60_000);
});
