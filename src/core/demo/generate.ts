/**
 * The demo shop: a seeded, realistic online+offline retailer with customers whose planted
 * behaviour groups (groups.ts) the analyses must rediscover from the transactions alone.
 * The groups are returned separately as `truth`, never as a column.
 *
 * Random streams: one fork of the seed each for group assignment, attributes, orders and
 * dirt, so that a change to one part does not reshuffle the others. Not one fork per
 * customer: a fork costs a dozen closures, which at 5,000 customers is measurable.
 */
import { LensError, throwIfCancelled } from '../errors.ts';
import { createRng, type Rng } from '../stats/random.ts';
import type { ColumnRole, Table } from '../table/index.ts';
import type { TaskContext } from '../task.ts';
import {
  assembleCustomers,
  assembleTransactions,
  CUSTOMER_ROLES,
  TRANSACTION_ROLES,
  type CustomerRecord,
} from './assemble.ts';
import { drawAttributes } from './attributes.ts';
import { DAY_MS, makeCalendar } from './calendar.ts';
import { DIRT, drawSignupFormat } from './dirt.ts';
import { CHANNELS, DEMO_GROUPS, GROUP_MODELS, groupCounts, type DemoGroup } from './groups.ts';
import { OrderBook } from './book.ts';
import { drawSignupDay, makeFrame, simulateCustomer, simulateGuestOrder } from './orders.ts';

export interface DemoShopOptions {
  customers?: number;
  months?: number;
  seed?: number;
  /** Last day of the data, 'YYYY-MM-DD' (UTC). */
  endDate?: string;
}

export const DEMO_DEFAULTS: Required<DemoShopOptions> = {
  customers: 5000,
  months: 24,
  seed: 42,
  endDate: '2026-06-30',
};

export const DEMO_LIMITS = {
  customers: { min: 1, max: 1_000_000 },
  months: { min: 1, max: 120 },
} as const;

/** What the generator planted for one customer; for tests and teaching, never stored. */
export interface DemoTruth {
  customerId: string;
  group: DemoGroup;
  /** The customer's own order rate λ (orders per year; 0 for one-time buyers). */
  ordersPerYear: number;
  /** Probability of dropping out after each order. */
  dropout: number;
  /** Epoch ms of signup (UTC midnight of the signup day). */
  signupMs: number;
  /** Epoch ms at which the customer became inactive for good; null = still active at the end. */
  churnedAt: number | null;
}

export interface DemoShop {
  options: Required<DemoShopOptions>;
  /** First and last day of the window, epoch ms of UTC midnight. */
  window: { startMs: number; endDayMs: number };
  transactions: Table;
  customers: Table;
  roles: { transactions: Record<string, ColumnRole>; customers: Record<string, ColumnRole> };
  truth: DemoTruth[];
}

const PROGRESS_EVERY = 250;

function checkOptions(options: DemoShopOptions): Required<DemoShopOptions> {
  const o = { ...DEMO_DEFAULTS, ...options };
  const bad = (option: string, value: unknown): never => {
    throw new LensError('error.demo.option', { option, value: String(value) });
  };
  const { customers, months } = DEMO_LIMITS;
  if (
    !Number.isInteger(o.customers) ||
    o.customers < customers.min ||
    o.customers > customers.max
  ) {
    bad('customers', o.customers);
  }
  if (!Number.isInteger(o.months) || o.months < months.min || o.months > months.max)
    bad('months', o.months);
  if (!Number.isSafeInteger(o.seed)) bad('seed', o.seed);
  return o;
}

function shuffledGroups(rng: Rng, n: number): DemoGroup[] {
  const counts = groupCounts(n);
  const out: DemoGroup[] = [];
  for (const g of DEMO_GROUPS) for (let k = 0; k < counts[g]; k++) out.push(g);
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export function generateDemoShop(options: DemoShopOptions = {}, ctx: TaskContext = {}): DemoShop {
  const opts = checkOptions(options);
  const cal = makeCalendar(opts.endDate, opts.months);
  const frame = makeFrame(cal, GROUP_MODELS);
  const root = createRng(opts.seed);
  const groupRng = root.fork();
  const attrRng = root.fork();
  const orderRng = root.fork();
  const dirtRng = root.fork();
  const n = opts.customers;
  const groups = shuffledGroups(groupRng, n);

  const records: CustomerRecord[] = [];
  const signupDays: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i % PROGRESS_EVERY === 0) {
      throwIfCancelled(ctx.signal);
      ctx.onProgress?.({ phase: 'progress.demo.customers', done: i, total: n });
    }
    const model = GROUP_MODELS[groups[i]];
    const day = drawSignupDay(attrRng, model, frame);
    signupDays.push(day);
    records.push({
      attributes: drawAttributes(attrRng, i, model),
      signupMs: cal.startMs + Math.floor(day) * DAY_MS,
      signupFormat: drawSignupFormat(attrRng),
    });
  }
  ctx.onProgress?.({ phase: 'progress.demo.customers', done: n, total: n });

  const book = new OrderBook();
  const truth: DemoTruth[] = [];
  let orderCount = 0;
  for (let i = 0; i < n; i++) {
    if (i % PROGRESS_EVERY === 0) {
      throwIfCancelled(ctx.signal);
      ctx.onProgress?.({ phase: 'progress.demo.orders', done: i, total: n });
    }
    const model = GROUP_MODELS[groups[i]];
    const rate =
      model.ordersPerYear > 0
        ? orderRng.gamma(model.rateShape, model.ordersPerYear / model.rateShape)
        : 0;
    const preferred = CHANNELS.indexOf(records[i].attributes.channelPreference);
    const history = simulateCustomer(
      orderRng,
      book,
      i,
      model,
      frame,
      signupDays[i],
      rate,
      preferred,
    );
    orderCount += history.orders;
    truth.push({
      customerId: records[i].attributes.customerId,
      group: model.id,
      ordersPerYear: rate,
      dropout: model.dropout,
      signupMs: records[i].signupMs,
      churnedAt: history.churnedAt,
    });
  }
  ctx.onProgress?.({ phase: 'progress.demo.orders', done: n, total: n });

  const guestRng = orderRng.fork();
  const guests = Math.max(1, Math.round(orderCount * DIRT.guestOrderShare));
  for (let k = 0; k < guests; k++) simulateGuestOrder(guestRng, book, GROUP_MODELS.oneTime, frame);

  throwIfCancelled(ctx.signal);
  ctx.onProgress?.({ phase: 'progress.demo.assemble', done: 0, total: 2 });
  const customerIds = records.map((r) => r.attributes.customerId);
  const transactions = assembleTransactions(book, customerIds, dirtRng.fork());
  const customers = assembleCustomers(records, dirtRng.fork());
  ctx.onProgress?.({ phase: 'progress.demo.assemble', done: 2, total: 2 });

  return {
    options: opts,
    window: { startMs: cal.startMs, endDayMs: cal.endDayMs },
    transactions,
    customers,
    roles: { transactions: { ...TRANSACTION_ROLES }, customers: { ...CUSTOMER_ROLES } },
    truth,
  };
}
