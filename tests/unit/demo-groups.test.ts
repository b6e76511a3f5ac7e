/**
 * The planted behaviour groups must be recoverable from the transactions alone: every
 * statistic here is computed from the generated table (as an analysis would), and only
 * then joined with `truth` to compare the groups.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DAY_MS,
  DEMO_GROUPS,
  generateDemoShop,
  isFestival,
  type DemoGroup,
  type DemoShop,
} from '../../src/core/demo/index.ts';
import { cellValue, findColumn, type Column } from '../../src/core/table/index.ts';

interface CustomerStats {
  orders: Set<string>;
  orderDates: Map<string, number>;
  netSpend: number;
  purchaseLines: number;
  purchasePriceSum: number;
}

function col(shop: DemoShop, name: string): Column {
  const c = findColumn(shop.transactions, name);
  if (!c) throw new Error(`no column ${name}`);
  return c;
}

/** Orders = distinct invoices with a non-return line; spend = Σ quantity × unit price, returns included. */
function customerStats(shop: DemoShop): Map<string, CustomerStats> {
  const inv = col(shop, 'invoice_id');
  const date = col(shop, 'invoice_date');
  const cust = col(shop, 'customer_id');
  const qty = col(shop, 'quantity');
  const price = col(shop, 'unit_price');
  const out = new Map<string, CustomerStats>();
  for (let r = 0; r < shop.transactions.rowCount; r++) {
    const c = cellValue(cust, r) as string | null;
    if (c === null) continue;
    let s = out.get(c);
    if (!s) {
      s = {
        orders: new Set(),
        orderDates: new Map(),
        netSpend: 0,
        purchaseLines: 0,
        purchasePriceSum: 0,
      };
      out.set(c, s);
    }
    const q = cellValue(qty, r) as number;
    const p = cellValue(price, r) as number;
    const invoice = cellValue(inv, r) as string;
    s.netSpend += q * p;
    if (q > 0 && !invoice.startsWith('C')) {
      s.orders.add(invoice);
      s.orderDates.set(invoice, cellValue(date, r) as number);
      s.purchaseLines++;
      s.purchasePriceSum += p;
    }
  }
  return out;
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

let shop: DemoShop;
let stats: Map<string, CustomerStats>;
const byGroup = new Map<DemoGroup, CustomerStats[]>();
let endMs: number;

beforeAll(() => {
  shop = generateDemoShop();
  stats = customerStats(shop);
  endMs = shop.window.endDayMs + DAY_MS;
  for (const g of DEMO_GROUPS) byGroup.set(g, []);
  for (const t of shop.truth) {
    const s = stats.get(t.customerId);
    if (s) byGroup.get(t.group)!.push(s);
  }
});

describe('planted groups, recovered from the transactions', () => {
  it('gives every customer at least one order inside the window', () => {
    // Every planted customer bought once; one whose only lines were all turned into guest
    // lines cannot exist (guests are separate orders).
    expect(stats.size).toBe(shop.truth.length);
    for (const s of stats.values()) expect(s.orders.size).toBeGreaterThanOrEqual(1);
  });

  it('loyal high spenders order and spend far more than one-time buyers', () => {
    const loyal = byGroup.get('loyal')!;
    const once = byGroup.get('oneTime')!;
    const loyalOrders = mean(loyal.map((s) => s.orders.size));
    const onceOrders = mean(once.map((s) => s.orders.size));
    const loyalSpend = mean(loyal.map((s) => s.netSpend));
    const onceSpend = mean(once.map((s) => s.netSpend));
    expect(loyalOrders).toBeGreaterThanOrEqual(5 * onceOrders);
    expect(loyalSpend).toBeGreaterThanOrEqual(5 * onceSpend);
    // And they are the top group on both.
    for (const g of DEMO_GROUPS) {
      if (g === 'loyal') continue;
      const ss = byGroup.get(g)!;
      expect(loyalSpend, g).toBeGreaterThan(mean(ss.map((s) => s.netSpend)));
      expect(loyalOrders, g).toBeGreaterThan(mean(ss.map((s) => s.orders.size)));
    }
  });

  it('one-time buyers have exactly one order', () => {
    const once = byGroup.get('oneTime')!;
    expect(once.length).toBe(Math.round(0.25 * shop.truth.length));
    for (const s of once) expect(s.orders.size).toBe(1);
  });

  it('lapsing regulars were regular, then stopped 6–9 months before the end', () => {
    const lapsing = byGroup.get('lapsing')!;
    const daysSinceLast = lapsing.map((s) => (endMs - Math.max(...s.orderDates.values())) / DAY_MS);
    expect(median(daysSinceLast)).toBeGreaterThanOrEqual(150);
    expect(Math.min(...daysSinceLast)).toBeGreaterThanOrEqual(180);
    expect(mean(lapsing.map((s) => s.orders.size))).toBeGreaterThan(3);
    // Regulars, by contrast, are mostly recent.
    const regular = byGroup.get('regular')!;
    const regularGap = regular.map((s) => (endMs - Math.max(...s.orderDates.values())) / DAY_MS);
    expect(median(regularGap)).toBeLessThan(median(daysSinceLast));
  });

  it("new customers' first order is within the last 100 days", () => {
    const fresh = byGroup.get('new')!;
    expect(fresh.length).toBeGreaterThan(0);
    for (const s of fresh) {
      const first = Math.min(...s.orderDates.values());
      expect((endMs - first) / DAY_MS).toBeLessThanOrEqual(100);
    }
    // Nobody else starts that late.
    for (const g of DEMO_GROUPS) {
      if (g === 'new') continue;
      const firsts = byGroup
        .get(g)!
        .map((s) => (endMs - Math.min(...s.orderDates.values())) / DAY_MS);
      expect(median(firsts), g).toBeGreaterThan(100);
    }
  });

  it('seasonal gift buyers place most of their orders in festival windows', () => {
    const share = (g: DemoGroup): number => {
      let inside = 0;
      let all = 0;
      for (const s of byGroup.get(g)!) {
        for (const ms of s.orderDates.values()) {
          all++;
          if (isFestival(ms)) inside++;
        }
      }
      return inside / all;
    };
    expect(share('seasonal')).toBeGreaterThan(0.5);
    // The festival windows are ~25 % of the year; the other groups stay near that.
    expect(share('regular')).toBeLessThan(0.4);
    expect(share('seasonal')).toBeGreaterThan(share('regular') + 0.3);
  });

  it('bargain hunters pay the lowest average unit price and place small orders', () => {
    const avgPrice = (g: DemoGroup): number => {
      const ss = byGroup.get(g)!;
      const sum = ss.reduce((a, s) => a + s.purchasePriceSum, 0);
      const n = ss.reduce((a, s) => a + s.purchaseLines, 0);
      return sum / n;
    };
    const linesPerOrder = (g: DemoGroup): number => {
      const ss = byGroup.get(g)!;
      return (
        ss.reduce((a, s) => a + s.purchaseLines, 0) / ss.reduce((a, s) => a + s.orders.size, 0)
      );
    };
    const bargain = avgPrice('bargain');
    for (const g of DEMO_GROUPS) {
      if (g !== 'bargain') expect(bargain, g).toBeLessThan(avgPrice(g));
    }
    expect(bargain).toBeLessThan(0.5 * avgPrice('regular'));
    expect(linesPerOrder('bargain')).toBeLessThan(linesPerOrder('regular'));
    expect(linesPerOrder('loyal')).toBeGreaterThan(linesPerOrder('regular'));
  });

  it('truth is consistent with the data: churned customers buy nothing after churning', () => {
    for (const t of shop.truth) {
      if (t.churnedAt === null) continue;
      const last = Math.max(...stats.get(t.customerId)!.orderDates.values());
      expect(last).toBeLessThanOrEqual(t.churnedAt);
    }
    const churned = (g: DemoGroup): number =>
      shop.truth.filter((t) => t.group === g && t.churnedAt !== null).length /
      shop.truth.filter((t) => t.group === g).length;
    expect(churned('oneTime')).toBe(1);
    expect(churned('lapsing')).toBe(1);
    expect(churned('loyal')).toBeLessThan(0.3);
    expect(churned('regular')).toBeGreaterThan(churned('loyal'));
  });
});
