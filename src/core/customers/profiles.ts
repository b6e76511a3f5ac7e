/**
 * Customer 360 profiles: one row per customer from the lines of a transactions table.
 *
 * Definitions (ARCHITECTURE.md, "Orders and returns" and "Profiles"):
 * - an order is a distinct invoice of a customer (or a distinct customer + timestamp when no
 *   invoice is mapped) holding at least one non-return line; its date is the earliest of
 *   those lines;
 * - frequency = number of orders; recency = whole calendar days (UTC) from the day of the
 *   last order to the observation end; monetary = net spend, the sum of all the customer's
 *   line amounts with returns counted negative (option: purchases only, or average order value);
 * - customers with returns only have no profile and are counted in `withoutOrders`.
 * Lines after the observation end day are left out, so a profile is "as of" that day.
 */
import { LensError } from '../errors.ts';
import type { TaskContext } from '../task.ts';
import { throwIfCancelled } from '../errors.ts';
import {
  createNullBitmap,
  isNullAt,
  setNullAt,
  type Column,
  type ColumnRole,
  type Table,
} from '../table/index.ts';
import { readTransactionLines, type TransactionLines } from './transactions.ts';

export const DAY_MS = 86_400_000;

export type MonetaryBasis = 'net' | 'purchases' | 'averageOrder';

export interface ProfileOptions {
  /** Observation end as epoch ms (any time on that UTC day); default: the last date in the data. */
  observationEnd?: number;
  /** What `monetary` means: net spend (default), purchases only, or average order value. */
  monetary?: MonetaryBasis;
  /** Length in days of the recent window for `recent_orders` / `previous_orders` (default 90). */
  windowDays?: number;
  /** Most category-share columns to add, for the biggest categories (default 8). */
  maxCategoryShares?: number;
}

export const DEFAULT_PROFILE_OPTIONS: Required<Omit<ProfileOptions, 'observationEnd'>> = {
  monetary: 'net',
  windowDays: 90,
  maxCategoryShares: 8,
};

/** Roles whose values are carried onto the profile (the customer's latest known value). */
export const ATTRIBUTE_ROLES: ReadonlySet<ColumnRole> = new Set([
  'name',
  'email',
  'phone',
  'gender',
  'age',
  'income',
  'region',
  'attribute',
]);

/** The fixed profile columns, in table order (attributes and category shares follow). */
export const PROFILE_COLUMNS = [
  'customer_id',
  'first_order',
  'last_order',
  'tenure_days',
  'orders',
  'items',
  'gross_spend',
  'returns',
  'net_spend',
  'aov',
  'recency_days',
  'frequency',
  'monetary',
  'mean_interval_days',
  'last_interval_days',
  'recent_orders',
  'previous_orders',
  'weekend_share',
  'favourite_category',
  'favourite_channel',
] as const;

export const TIME_OF_DAY = ['night', 'morning', 'afternoon', 'evening'] as const;
export type TimeOfDay = (typeof TIME_OF_DAY)[number];

/** Hour (UTC wall clock, as imported) → part of the day: night 22–5, morning 5–12, afternoon 12–17, evening 17–22. */
export function timeOfDay(ms: number): TimeOfDay {
  const hour = Math.floor((((ms % DAY_MS) + DAY_MS) % DAY_MS) / 3_600_000);
  if (hour >= 5 && hour < 12) return 'morning';
  if (hour >= 12 && hour < 17) return 'afternoon';
  if (hour >= 17 && hour < 22) return 'evening';
  return 'night';
}

export interface ProfileSummary {
  /** UTC midnight of the observation end day. */
  observationEnd: number;
  /** The last date in the data (UTC midnight), the default observation end. */
  lastDate: number;
  firstDate: number;
  customers: number;
  /** Customers whose lines are all returns: no profile. */
  withoutOrders: number;
  lines: number;
  linesWithoutCustomer: number;
  linesWithoutDate: number;
  linesAfterEnd: number;
  orders: number;
  monetary: MonetaryBasis;
  windowDays: number;
  /** Whether the dates carry a time of day (else time-of-day shares are left out). */
  hasTimeOfDay: boolean;
  /** Column used for each role. */
  used: Partial<Record<ColumnRole, string>>;
  /** Attribute columns carried over, with their role. */
  attributes: { name: string; role: ColumnRole }[];
  /** Category-share columns: profile column name → category. */
  categoryShares: { column: string; category: string }[];
}

export interface ProfileResult {
  table: Table;
  summary: ProfileSummary;
}

const dayOf = (ms: number): number => Math.floor(ms / DAY_MS);

function f64(name: string, values: Float64Array, nulls?: Uint8Array): Column {
  return nulls ? { name, type: 'f64', values, nulls } : { name, type: 'f64', values };
}

function i32(name: string, values: Int32Array): Column {
  return { name, type: 'i32', values };
}

/** Index of the largest value (first on ties), -1 when all are zero. */
function argmax(values: Float64Array, from: number, length: number): number {
  let best = -1;
  let bestValue = 0;
  for (let j = 0; j < length; j++) {
    const v = values[from + j];
    if (v > bestValue) {
      bestValue = v;
      best = j;
    }
  }
  return best;
}

function validate(options: ProfileOptions): Required<Omit<ProfileOptions, 'observationEnd'>> {
  const merged = { ...DEFAULT_PROFILE_OPTIONS, ...options };
  if (!['net', 'purchases', 'averageOrder'].includes(merged.monetary)) {
    throw new LensError('error.profiles.option', { option: 'monetary' });
  }
  if (!(merged.windowDays >= 1 && Number.isInteger(merged.windowDays))) {
    throw new LensError('error.profiles.option', { option: 'windowDays' });
  }
  if (!(merged.maxCategoryShares >= 0 && Number.isInteger(merged.maxCategoryShares))) {
    throw new LensError('error.profiles.option', { option: 'maxCategoryShares' });
  }
  if (options.observationEnd !== undefined && !Number.isFinite(options.observationEnd)) {
    throw new LensError('error.profiles.option', { option: 'observationEnd' });
  }
  return merged;
}

/** Builds profiles from a transactions table and its column mapping. */
export function buildProfiles(
  table: Table,
  roles: Record<string, ColumnRole>,
  options: ProfileOptions = {},
  ctx: TaskContext = {},
): ProfileResult {
  const opts = validate(options);
  const lines = readTransactionLines(table, roles);
  throwIfCancelled(ctx.signal);
  return profilesFromLines(lines, table, roles, opts, options.observationEnd, ctx);
}

function profilesFromLines(
  lines: TransactionLines,
  table: Table,
  roles: Record<string, ColumnRole>,
  opts: Required<Omit<ProfileOptions, 'observationEnd'>>,
  observationEnd: number | undefined,
  ctx: TaskContext,
): ProfileResult {
  const { rows, customer, time, amount, quantity, isReturn } = lines;
  const nCustomers = lines.customerIds.length;
  let linesWithoutCustomer = 0;
  let linesWithoutDate = 0;
  let firstMs = Infinity;
  let lastMs = -Infinity;
  let hasTimeOfDay = false;
  for (let i = 0; i < rows; i++) {
    if (customer[i] < 0) linesWithoutCustomer++;
    const t = time[i];
    if (Number.isNaN(t)) {
      linesWithoutDate++;
      continue;
    }
    if (t < firstMs) firstMs = t;
    if (t > lastMs) lastMs = t;
    if (!hasTimeOfDay && t % DAY_MS !== 0) hasTimeOfDay = true;
  }
  if (lastMs === -Infinity) throw new LensError('error.profiles.noDates');
  const endDay = observationEnd === undefined ? dayOf(lastMs) : dayOf(observationEnd);
  const endLimit = (endDay + 1) * DAY_MS; // lines before the next midnight belong to the end day

  // Lines that count: a customer, a date on or before the end day.
  const use = new Uint8Array(rows);
  let linesAfterEnd = 0;
  for (let i = 0; i < rows; i++) {
    if (customer[i] < 0 || Number.isNaN(time[i])) continue;
    if (time[i] >= endLimit) {
      linesAfterEnd++;
      continue;
    }
    use[i] = 1;
  }

  // Orders: (customer, order) pairs with at least one non-return line.
  const pairIndex = new Map<number, number>();
  const lineOrder = new Int32Array(rows).fill(-1);
  const orderTimes: number[] = [];
  const orderCustomer: number[] = [];
  const orderValue: number[] = [];
  for (let i = 0; i < rows; i++) {
    if (!use[i] || isReturn[i] || lines.order[i] < 0) continue;
    const key = customer[i] * lines.orderCount + lines.order[i];
    let o = pairIndex.get(key);
    if (o === undefined) {
      o = orderTimes.length;
      pairIndex.set(key, o);
      orderTimes.push(time[i]);
      orderCustomer.push(customer[i]);
      orderValue.push(0);
    } else if (time[i] < orderTimes[o]) {
      orderTimes[o] = time[i];
    }
    lineOrder[i] = o;
    if (Number.isFinite(amount[i])) orderValue[o] += amount[i];
  }
  throwIfCancelled(ctx.signal);
  const nOrders = orderTimes.length;

  // Orders grouped by customer, sorted by time (counting sort by customer, then sort each run).
  const ordersPerCustomer = new Int32Array(nCustomers);
  for (let o = 0; o < nOrders; o++) ordersPerCustomer[orderCustomer[o]]++;
  const start = new Int32Array(nCustomers + 1);
  for (let c = 0; c < nCustomers; c++) start[c + 1] = start[c] + ordersPerCustomer[c];
  const fill = start.slice(0, nCustomers);
  const byCustomer = new Int32Array(nOrders);
  for (let o = 0; o < nOrders; o++) byCustomer[fill[orderCustomer[o]]++] = o;

  // Line sums per customer.
  const gross = new Float64Array(nCustomers);
  const returned = new Float64Array(nCustomers);
  const items = new Float64Array(nCustomers);
  const nCat = lines.categories.length;
  const nChan = lines.channels.length;
  const catSpend = new Float64Array(nCustomers * nCat);
  const catTotal = new Float64Array(nCat);
  const chanLines = new Float64Array(nCustomers * nChan);
  for (let i = 0; i < rows; i++) {
    if (!use[i]) continue;
    const c = customer[i];
    const a = amount[i];
    if (isReturn[i]) {
      if (Number.isFinite(a)) returned[c] += Math.abs(a);
      continue;
    }
    if (Number.isFinite(a)) gross[c] += a;
    if (Number.isFinite(quantity[i])) items[c] += quantity[i];
    const k = lines.category[i];
    if (k >= 0 && Number.isFinite(a)) {
      catSpend[c * nCat + k] += a;
      catTotal[k] += a;
    }
    const h = lines.channel[i];
    if (h >= 0) chanLines[c * nChan + h] += 1;
  }

  const profiled: number[] = [];
  let withoutOrders = 0;
  const seen = new Uint8Array(nCustomers);
  for (let i = 0; i < rows; i++) if (use[i]) seen[customer[i]] = 1;
  for (let c = 0; c < nCustomers; c++) {
    if (ordersPerCustomer[c] > 0) profiled.push(c);
    else if (seen[c]) withoutOrders++;
  }
  const n = profiled.length;

  const firstOrder = new Float64Array(n);
  const lastOrder = new Float64Array(n);
  const tenure = new Int32Array(n);
  const orders = new Int32Array(n);
  const itemsOut = new Float64Array(n);
  const grossOut = new Float64Array(n);
  const returnsOut = new Float64Array(n);
  const net = new Float64Array(n);
  const aov = new Float64Array(n);
  const recency = new Int32Array(n);
  const monetary = new Float64Array(n);
  const meanInterval = new Float64Array(n);
  const lastInterval = new Float64Array(n);
  const intervalNulls = createNullBitmap(n);
  let anyOneOrder = false;
  const recent = new Int32Array(n);
  const previous = new Int32Array(n);
  const weekend = new Float64Array(n);
  const tod = TIME_OF_DAY.map(() => new Float64Array(n));
  const favCategory = new Uint32Array(n);
  const favCategoryNulls = createNullBitmap(n);
  let anyFavCategoryMissing = false;
  const favChannel = new Uint32Array(n);
  const favChannelNulls = createNullBitmap(n);
  let anyFavChannelMissing = false;

  const recentFrom = (endDay + 1 - opts.windowDays) * DAY_MS;
  const previousFrom = (endDay + 1 - 2 * opts.windowDays) * DAY_MS;
  const times: number[] = [];
  for (let r = 0; r < n; r++) {
    if ((r & 4095) === 0) throwIfCancelled(ctx.signal);
    const c = profiled[r];
    times.length = 0;
    for (let j = start[c]; j < start[c + 1]; j++) times.push(orderTimes[byCustomer[j]]);
    times.sort((a, b) => a - b);
    const k = times.length;
    firstOrder[r] = times[0];
    lastOrder[r] = times[k - 1];
    tenure[r] = endDay - dayOf(times[0]);
    recency[r] = endDay - dayOf(times[k - 1]);
    orders[r] = k;
    itemsOut[r] = items[c];
    grossOut[r] = gross[c];
    returnsOut[r] = returned[c];
    net[r] = gross[c] - returned[c];
    aov[r] = gross[c] / k;
    monetary[r] =
      opts.monetary === 'net' ? net[r] : opts.monetary === 'purchases' ? gross[c] : aov[r];
    if (k > 1) {
      meanInterval[r] = (times[k - 1] - times[0]) / DAY_MS / (k - 1);
      lastInterval[r] = (times[k - 1] - times[k - 2]) / DAY_MS;
    } else {
      setNullAt(intervalNulls, r);
      anyOneOrder = true;
    }
    let weekendCount = 0;
    for (const t of times) {
      if (t >= recentFrom) recent[r]++;
      else if (t >= previousFrom) previous[r]++;
      const weekday = (dayOf(t) + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
      if (weekday === 0 || weekday === 6) weekendCount++;
      tod[TIME_OF_DAY.indexOf(timeOfDay(t))][r] += 1 / k;
    }
    weekend[r] = weekendCount / k;
    const fc = nCat > 0 ? argmax(catSpend, c * nCat, nCat) : -1;
    if (fc >= 0) favCategory[r] = fc;
    else {
      setNullAt(favCategoryNulls, r);
      anyFavCategoryMissing = true;
    }
    const fh = nChan > 0 ? argmax(chanLines, c * nChan, nChan) : -1;
    if (fh >= 0) favChannel[r] = fh;
    else {
      setNullAt(favChannelNulls, r);
      anyFavChannelMissing = true;
    }
  }

  const customerCodes = new Uint32Array(n);
  const profiledIds = profiled.map((c) => lines.customerIds[c]);
  for (let r = 0; r < n; r++) customerCodes[r] = r;

  const columns: Column[] = [
    { name: 'customer_id', type: 'dict', codes: customerCodes, dictionary: profiledIds },
    { name: 'first_order', type: 'date', values: firstOrder },
    { name: 'last_order', type: 'date', values: lastOrder },
    i32('tenure_days', tenure),
    i32('orders', orders),
    f64('items', itemsOut),
    f64('gross_spend', grossOut),
    f64('returns', returnsOut),
    f64('net_spend', net),
    f64('aov', aov),
    i32('recency_days', recency),
    i32('frequency', orders.slice()),
    f64('monetary', monetary),
    f64('mean_interval_days', meanInterval, anyOneOrder ? intervalNulls : undefined),
    f64('last_interval_days', lastInterval, anyOneOrder ? intervalNulls.slice() : undefined),
    i32('recent_orders', recent),
    i32('previous_orders', previous),
    f64('weekend_share', weekend),
  ];
  if (hasTimeOfDay) TIME_OF_DAY.forEach((part, j) => columns.push(f64(`${part}_share`, tod[j])));
  columns.push(
    nCat > 0
      ? {
          name: 'favourite_category',
          type: 'dict',
          codes: favCategory,
          dictionary: lines.categories,
          ...(anyFavCategoryMissing ? { nulls: favCategoryNulls } : {}),
        }
      : {
          name: 'favourite_category',
          type: 'dict',
          codes: favCategory,
          dictionary: [],
          nulls: fullNulls(n),
        },
    nChan > 0
      ? {
          name: 'favourite_channel',
          type: 'dict',
          codes: favChannel,
          dictionary: lines.channels,
          ...(anyFavChannelMissing ? { nulls: favChannelNulls } : {}),
        }
      : {
          name: 'favourite_channel',
          type: 'dict',
          codes: favChannel,
          dictionary: [],
          nulls: fullNulls(n),
        },
  );

  // Category shares of purchase spend for the biggest categories.
  const categoryShares: { column: string; category: string }[] = [];
  const biggest = [...catTotal.keys()]
    .filter((k) => catTotal[k] > 0)
    .sort((a, b) => catTotal[b] - catTotal[a])
    .slice(0, opts.maxCategoryShares);
  for (const k of biggest) {
    const values = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      const c = profiled[r];
      values[r] = gross[c] > 0 ? catSpend[c * nCat + k] / gross[c] : 0;
    }
    const column = `share_${lines.categories[k]}`;
    categoryShares.push({ column, category: lines.categories[k] });
    columns.push(f64(column, values));
  }

  const attributes = attributeColumns(
    table,
    roles,
    lines,
    use,
    profiled,
    new Set(columns.map((c) => c.name)),
  );
  columns.push(...attributes.map((a) => a.column));

  return {
    table: { rowCount: n, columns },
    summary: {
      observationEnd: endDay * DAY_MS,
      lastDate: dayOf(lastMs) * DAY_MS,
      firstDate: dayOf(firstMs) * DAY_MS,
      customers: n,
      withoutOrders,
      lines: rows,
      linesWithoutCustomer,
      linesWithoutDate,
      linesAfterEnd,
      orders: nOrders,
      monetary: opts.monetary,
      windowDays: opts.windowDays,
      hasTimeOfDay,
      used: lines.used,
      attributes: attributes.map((a) => ({ name: a.column.name, role: a.role })),
      categoryShares,
    },
  };
}

function fullNulls(n: number): Uint8Array {
  const bitmap = createNullBitmap(n);
  for (let r = 0; r < n; r++) setNullAt(bitmap, r);
  return bitmap;
}

/** Each attribute column's value on the customer's latest line that has one. */
function attributeColumns(
  table: Table,
  roles: Record<string, ColumnRole>,
  lines: TransactionLines,
  use: Uint8Array,
  profiled: number[],
  taken: Set<string>,
): { column: Column; role: ColumnRole }[] {
  const rowOf = new Int32Array(lines.customerIds.length).fill(-1);
  profiled.forEach((c, r) => (rowOf[c] = r));
  const out: { column: Column; role: ColumnRole }[] = [];
  for (const column of table.columns) {
    const role = roles[column.name];
    if (!role || !ATTRIBUTE_ROLES.has(role)) continue;
    const n = profiled.length;
    const latest = new Float64Array(n).fill(-Infinity);
    const source = new Int32Array(n).fill(-1);
    for (let i = 0; i < lines.rows; i++) {
      if (!use[i] || isNullAt(column.nulls, i)) continue;
      const r = rowOf[lines.customer[i]];
      if (r < 0 || lines.time[i] < latest[r]) continue;
      latest[r] = lines.time[i];
      source[r] = i;
    }
    const nulls = createNullBitmap(n);
    let anyNull = false;
    for (let r = 0; r < n; r++) {
      if (source[r] < 0) {
        setNullAt(nulls, r);
        anyNull = true;
      }
    }
    let name = column.name;
    while (taken.has(name)) name = `${name}_attr`;
    taken.add(name);
    const base = anyNull ? { name, nulls } : { name };
    if (column.type === 'dict') {
      const codes = new Uint32Array(n);
      for (let r = 0; r < n; r++) if (source[r] >= 0) codes[r] = column.codes[source[r]];
      out.push({ column: { ...base, type: 'dict', codes, dictionary: column.dictionary }, role });
    } else {
      const values = column.type === 'i32' ? new Int32Array(n) : new Float64Array(n);
      for (let r = 0; r < n; r++) if (source[r] >= 0) values[r] = column.values[source[r]];
      out.push({
        column:
          column.type === 'i32'
            ? { ...base, type: 'i32', values: values as Int32Array }
            : { ...base, type: column.type, values: values as Float64Array },
        role,
      });
    }
  }
  return out;
}

/** One customer's orders in time order, for the detail panel's timeline. */
export interface CustomerOrder {
  time: number;
  /** Sum of the order's purchase lines. */
  value: number;
  lines: number;
}

export function ordersOfCustomer(lines: TransactionLines, customerId: string): CustomerOrder[] {
  const code = lines.customerIds.indexOf(customerId);
  if (code < 0) return [];
  const byOrder = new Map<number, CustomerOrder>();
  for (let i = 0; i < lines.rows; i++) {
    if (lines.customer[i] !== code || lines.isReturn[i] || lines.order[i] < 0) continue;
    if (Number.isNaN(lines.time[i])) continue;
    const o = byOrder.get(lines.order[i]);
    const a = Number.isFinite(lines.amount[i]) ? lines.amount[i] : 0;
    if (o) {
      o.time = Math.min(o.time, lines.time[i]);
      o.value += a;
      o.lines += 1;
    } else byOrder.set(lines.order[i], { time: lines.time[i], value: a, lines: 1 });
  }
  return [...byOrder.values()].sort((a, b) => a.time - b.time);
}
