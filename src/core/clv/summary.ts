/**
 * The buy-till-you-die summary (x, t_x, T, monetary) of each customer, from a transactions
 * table or, for speed, from flat per-line arrays. Definitions: ARCHITECTURE.md,
 * "Buy-till-you-die summary (CLV)" — those of Fader, Hardie & Lee (2005) and of the
 * lifetimes package's `summary_data_from_transaction_data`:
 *
 * - purchases on the same UTC day merge into one purchase day;
 * - x = distinct purchase days in the calibration period − 1;
 * - t_x = (last − first calibration purchase day) / unit days;
 * - T = (calibration end day − first purchase day) / unit days;
 * - monetary = mean value of the repeat purchase days (the first day excluded), NaN when
 *   x = 0 or the data have no amounts.
 *
 * Returns (negative quantity or amount, or a cancelled invoice) make no purchase day, but
 * their value counts, net, into the value of a purchase day on the same date, so a day's
 * value can be ≤ 0 (Gamma-Gamma then leaves that customer out). A return on a day without
 * a purchase has no purchase day to belong to and does not enter `monetary`.
 */
import { LensError } from '../errors.ts';
import { findByRole, requireColumn } from '../customers/transactions.ts';
import { isNullAt, type Column, type ColumnRole, type Table } from '../table/index.ts';
import type { ClvSummary, TimeUnit } from './types.ts';

const DAY_MS = 86_400_000;

/** Days in one time unit: a month is a twelfth of the Julian year, 365.25 / 12 = 30.4375. */
export const UNIT_DAYS: Readonly<Record<TimeUnit, number>> = {
  day: 1,
  week: 7,
  month: 365.25 / 12,
};

export interface SummaryOptions {
  unit: TimeUnit;
  /** Epoch ms (any time of the day: the whole UTC day counts); null → see ClvSettings. */
  calibrationEnd: number | null;
  /** Epoch ms or null without a holdout. */
  holdoutEnd: number | null;
}

/** The per-line input of the fast path. */
export interface PurchaseLines {
  /** Customer code per line (0 … customers − 1), −1 when the line has no customer. */
  customer: Int32Array;
  /** Whole UTC day number per line (⌊epoch ms / 86 400 000⌋); NaN when the date is missing. */
  day: ArrayLike<number>;
  /** Net value per line (negative for returns); null or omitted when there are no amounts. */
  value?: Float64Array | null;
  /** 1 for a return or cancellation line; omitted when there are none. */
  isReturn?: Uint8Array | null;
  /** Customer ids by code. Omitted: `customers` ids, the codes written in decimal. */
  customerIds?: readonly string[];
  /** Number of customer codes when `customerIds` is omitted (default: max code + 1). */
  customers?: number;
}

function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function dayOf(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/**
 * Sorts the line indices of each customer's segment by day (insertion sort: segments are
 * short; long ones go through the engine's sort).
 */
function sortSegment(idx: Int32Array, from: number, to: number, day: ArrayLike<number>): void {
  const len = to - from;
  if (len < 2) return;
  if (len > 48) {
    const part = Array.from(idx.subarray(from, to));
    part.sort((p, q) => day[p] - day[q]);
    idx.set(part, from);
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const v = idx[i];
    const dv = day[v];
    let j = i - 1;
    while (j >= from && day[idx[j]] > dv) {
      idx[j + 1] = idx[j];
      j--;
    }
    idx[j + 1] = v;
  }
}

/**
 * The BTYD summary from flat arrays: the path summaryFromTable takes after reading its
 * columns, and the one a million-customer benchmark calls directly.
 */
export function summaryFromArrays(lines: PurchaseLines, options: SummaryOptions): ClvSummary {
  const { customer, day } = lines;
  const rows = customer.length;
  if (day.length !== rows || (lines.value && lines.value.length !== rows))
    throw new LensError('error.clv.lengths');
  const unitDays = UNIT_DAYS[options.unit];
  if (unitDays === undefined) throw new LensError('error.clv.unit', { unit: String(options.unit) });
  const value = lines.value ?? null;
  const isReturn = lines.isReturn ?? null;

  let customers = lines.customerIds ? lines.customerIds.length : (lines.customers ?? -1);
  if (customers < 0) {
    customers = 0;
    for (let i = 0; i < rows; i++) if (customer[i] + 1 > customers) customers = customer[i] + 1;
  }

  // Earliest and latest purchase day (returns are not purchases).
  let minDay = Infinity;
  let maxDay = -Infinity;
  for (let i = 0; i < rows; i++) {
    const c = customer[i];
    const d = day[i];
    if (c < 0 || c >= customers || !Number.isFinite(d) || (isReturn && isReturn[i])) continue;
    if (d < minDay) minDay = d;
    if (d > maxDay) maxDay = d;
  }
  if (minDay === Infinity) throw new LensError('error.clv.noPurchases', { date: '' });

  const holdoutDay = options.holdoutEnd === null ? null : dayOf(options.holdoutEnd);
  let calDay: number;
  if (options.calibrationEnd !== null) calDay = dayOf(options.calibrationEnd);
  else if (holdoutDay !== null) calDay = Math.floor((minDay + holdoutDay) / 2);
  else calDay = maxDay;
  if (!Number.isFinite(calDay) || (holdoutDay !== null && !Number.isFinite(holdoutDay)))
    throw new LensError('error.clv.badDate');
  if (holdoutDay !== null && holdoutDay <= calDay)
    throw new LensError('error.clv.holdoutNotAfter', {
      calibrationEnd: isoDay(calDay),
      holdoutEnd: isoDay(holdoutDay),
    });
  if (minDay > calDay) throw new LensError('error.clv.noPurchases', { date: isoDay(calDay) });
  const endDay = holdoutDay ?? calDay;

  // Counting sort of the usable lines by customer, then each customer's lines by day.
  let skippedLines = 0;
  const count = new Int32Array(customers + 1);
  for (let i = 0; i < rows; i++) {
    const c = customer[i];
    const d = day[i];
    if (c < 0 || c >= customers || !Number.isFinite(d) || d > endDay) skippedLines++;
    else count[c + 1]++;
  }
  for (let c = 0; c < customers; c++) count[c + 1] += count[c];
  const start = count;
  const fill = start.slice(0, customers);
  const order = new Int32Array(start[customers]);
  for (let i = 0; i < rows; i++) {
    const c = customer[i];
    const d = day[i];
    if (c < 0 || c >= customers || !Number.isFinite(d) || d > endDay) continue;
    order[fill[c]++] = i;
  }

  const holdoutLength = holdoutDay === null ? 0 : (holdoutDay - calDay) / unitDays;
  const hasAmounts = value !== null;
  // Per-customer outputs in code order, compacted to the customers in the summary below.
  const keep = new Int32Array(customers).fill(-1);
  const firstDays = new Float64Array(customers);
  const xs = new Float64Array(customers);
  const txs = new Float64Array(customers);
  const Ts = new Float64Array(customers);
  const mon = new Float64Array(customers);
  const hX = holdoutDay === null ? null : new Float64Array(customers);
  const hV = holdoutDay === null || !hasAmounts ? null : new Float64Array(customers);
  // Repeat purchase days per (customer-independent) period from the earliest purchase day.
  const periods = Math.floor((endDay - minDay) / unitDays) + 1;
  const repeatsByPeriod = new Float64Array(periods);
  let kept = 0;

  for (let c = 0; c < customers; c++) {
    const from = start[c];
    const to = start[c + 1];
    if (from === to) continue;
    sortSegment(order, from, to, day);
    let first = NaN;
    let lastCal = NaN;
    let purchaseDays = 0; // in calibration
    let holdoutDays = 0;
    let holdoutValue = 0;
    let repeatSum = 0;
    let repeatKnown = 0;
    let k = from;
    while (k < to) {
      // One calendar day of this customer: lines k … m − 1.
      const d = day[order[k]];
      let m = k;
      let purchase = false;
      let dayValue = 0;
      let valueKnown = false;
      while (m < to && day[order[m]] === d) {
        const i = order[m];
        if (!(isReturn && isReturn[i])) purchase = true;
        if (value) {
          const v = value[i];
          if (!Number.isNaN(v)) {
            dayValue += v;
            valueKnown = true;
          }
        }
        m++;
      }
      k = m;
      if (d > calDay) {
        // Holdout: only for customers already acquired in calibration.
        if (Number.isNaN(first)) break;
        if (purchase) {
          holdoutDays++;
          repeatsByPeriod[Math.floor((d - minDay) / unitDays)]++;
        }
        if (valueKnown) holdoutValue += dayValue;
        continue;
      }
      if (!purchase) continue; // a return before, or between, purchase days
      if (Number.isNaN(first)) first = d;
      else {
        repeatsByPeriod[Math.floor((d - minDay) / unitDays)]++;
        if (valueKnown) {
          repeatSum += dayValue;
          repeatKnown++;
        }
      }
      lastCal = d;
      purchaseDays++;
    }
    if (Number.isNaN(first)) continue; // no purchase on or before the calibration end
    keep[c] = kept;
    firstDays[kept] = first;
    xs[kept] = purchaseDays - 1;
    txs[kept] = (lastCal - first) / unitDays;
    Ts[kept] = (calDay - first) / unitDays;
    mon[kept] = purchaseDays > 1 && repeatKnown > 0 ? repeatSum / repeatKnown : NaN;
    if (hX) hX[kept] = holdoutDays;
    if (hV) hV[kept] = holdoutValue;
    kept++;
  }

  const customerIds: string[] = new Array<string>(kept);
  for (let c = 0; c < customers; c++) {
    const j = keep[c];
    if (j >= 0) customerIds[j] = lines.customerIds ? lines.customerIds[c] : String(c);
  }
  const firstPurchase = firstDays.slice(0, kept);
  for (let j = 0; j < kept; j++) firstPurchase[j] *= DAY_MS;
  return {
    unit: options.unit,
    unitDays,
    calibrationEnd: calDay * DAY_MS,
    holdoutEnd: holdoutDay === null ? null : holdoutDay * DAY_MS,
    holdoutLength,
    customerIds,
    firstPurchase,
    x: xs.slice(0, kept),
    tx: txs.slice(0, kept),
    T: Ts.slice(0, kept),
    monetary: hasAmounts ? mon.slice(0, kept) : new Float64Array(kept).fill(NaN),
    holdoutX: hX ? hX.slice(0, kept) : null,
    holdoutValue: hV ? hV.slice(0, kept) : null,
    hasAmounts,
    repeatsByPeriod,
    // The earliest purchase day is on or before the calibration end, so its customer is in
    // the summary and the period grid's origin is the earliest first purchase.
    origin: minDay * DAY_MS,
    skippedLines,
  };
}

/** Dense codes (by first appearance) for a key column; −1 for missing. */
function keyCodes(column: Column, rows: number): { codes: Int32Array; keys: string[] } {
  const codes = new Int32Array(rows).fill(-1);
  const keys: string[] = [];
  if (column.type === 'dict') {
    const remap = new Int32Array(column.dictionary.length).fill(-1);
    for (let i = 0; i < rows; i++) {
      if (isNullAt(column.nulls, i)) continue;
      const c = column.codes[i];
      if (remap[c] < 0) {
        remap[c] = keys.length;
        keys.push(column.dictionary[c]);
      }
      codes[i] = remap[c];
    }
    return { codes, keys };
  }
  const index = new Map<number, number>();
  for (let i = 0; i < rows; i++) {
    if (isNullAt(column.nulls, i)) continue;
    const v = column.values[i];
    if (!Number.isFinite(v)) continue;
    let k = index.get(v);
    if (k === undefined) {
      k = keys.length;
      index.set(v, k);
      keys.push(String(v));
    }
    codes[i] = k;
  }
  return { codes, keys };
}

function numbers(column: Column | undefined, rows: number): Float64Array | null {
  if (!column || column.type === 'dict') return null;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) out[i] = isNullAt(column.nulls, i) ? NaN : column.values[i];
  return out;
}

/**
 * The BTYD summary of a transactions table. Roles: customerId and orderDate required;
 * amount, or quantity × unitPrice, optional (without them `hasAmounts` is false and
 * `monetary` is NaN); orderId optional, used only to recognise cancelled invoices (a
 * leading `C`, as in ARCHITECTURE.md "Orders and returns").
 */
export function summaryFromTable(
  table: Table,
  roles: Record<string, ColumnRole>,
  options: SummaryOptions,
): ClvSummary {
  const rows = table.rowCount;
  const customerCol = requireColumn(table, roles, 'customerId');
  const dateCol = requireColumn(table, roles, 'orderDate');
  if (dateCol.type !== 'date')
    throw new LensError('error.clv.dateNotDate', { column: dateCol.name });

  const quantity = numbers(findByRole(table, roles, 'quantity'), rows);
  const amountCol = findByRole(table, roles, 'amount');
  let value = numbers(amountCol, rows);
  if (!value) {
    const price = numbers(findByRole(table, roles, 'unitPrice'), rows);
    if (quantity && price) {
      value = new Float64Array(rows);
      for (let i = 0; i < rows; i++) value[i] = quantity[i] * price[i];
    }
  }

  const isReturn = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    if ((quantity && quantity[i] < 0) || (value && value[i] < 0)) isReturn[i] = 1;
  }
  const orderCol = findByRole(table, roles, 'orderId');
  if (orderCol) {
    const { codes, keys } = keyCodes(orderCol, rows);
    const cancelled = keys.map((k) => /^\s*c/i.test(k));
    for (let i = 0; i < rows; i++) if (codes[i] >= 0 && cancelled[codes[i]]) isReturn[i] = 1;
  }

  const { codes: customer, keys: customerIds } = keyCodes(customerCol, rows);
  const day = new Float64Array(rows);
  for (let i = 0; i < rows; i++)
    day[i] = isNullAt(dateCol.nulls, i) ? NaN : Math.floor(dateCol.values[i] / DAY_MS);
  return summaryFromArrays({ customer, day, value, isReturn, customerIds }, options);
}

/** The distinct (x, t_x, T) of a summary, how many customers share each, and who has which. */
export interface DistinctTriples {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  /** Customers per distinct triple. */
  count: Float64Array;
  /** Each customer's triple, an index into the arrays above. */
  index: Int32Array;
}

/**
 * Groups customers by their exact (x, t_x, T). Likelihoods and per-customer predictions
 * depend on nothing else, and customers share triples far more often than not (every
 * one-time buyer acquired on the same day has the same (0, 0, T); t_x and T are whole days
 * in the chosen unit): a million simulated customers have about 10⁵ distinct triples.
 * Open addressing on a hash of the three doubles' bits, so no strings are built.
 */
export function distinctTriples(
  x: Float64Array,
  tx: Float64Array,
  T: Float64Array,
): DistinctTriples {
  const n = x.length;
  let capacity = 16;
  while (capacity < 2 * n) capacity *= 2;
  const mask = capacity - 1;
  const slots = new Int32Array(capacity).fill(-1);
  const index = new Int32Array(n);
  const ux = new Float64Array(n);
  const utx = new Float64Array(n);
  const uT = new Float64Array(n);
  const count = new Float64Array(n);
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  const mix = (h: number, v: number): number => {
    bits[0] = v;
    h = Math.imul(h ^ words[0], 0x85ebca6b);
    h = Math.imul(h ^ words[1], 0xc2b2ae35);
    return h ^ (h >>> 15);
  };
  let k = 0;
  for (let i = 0; i < n; i++) {
    const a = x[i];
    const b = tx[i];
    const c = T[i];
    let slot = mix(mix(mix(0x9e3779b9, a), b), c) & mask;
    for (;;) {
      const j = slots[slot];
      if (j < 0) {
        slots[slot] = k;
        ux[k] = a;
        utx[k] = b;
        uT[k] = c;
        count[k] = 1;
        index[i] = k;
        k++;
        break;
      }
      if (ux[j] === a && utx[j] === b && uT[j] === c) {
        count[j]++;
        index[i] = j;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return {
    x: ux.slice(0, k),
    tx: utx.slice(0, k),
    T: uT.slice(0, k),
    count: count.slice(0, k),
    index,
  };
}
