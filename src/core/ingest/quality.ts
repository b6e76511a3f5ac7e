/**
 * The data-quality report of an import: per-column findings, table-level counts of what
 * the analyses care about (duplicates, lines without a customer, returns), and one score.
 *
 * Definitions (ARCHITECTURE.md, "Orders and returns"):
 * - amount of a line = the column mapped as `amount`, else quantity × unit price;
 * - `cancellations` (the definition) = lines whose order id starts with 'C' (after
 *   trimming, either case) or whose quantity is negative, each line once; only a file with
 *   neither an order id nor a quantity column falls back to negative amounts. On Online
 *   Retail: 10,624 (pandas: (InvoiceNo.str.startswith('C') | (Quantity < 0)).sum()).
 * - `negativeAmounts` = lines whose amount is negative (9,290 on Online Retail). The cleaning
 *   step's returns (ARCHITECTURE.md) are the union of both: 10,626 there, because two
 *   "Adjust bad debt" lines have a negative unit price.
 *
 * Outliers use Tukey's fences: Q1 − 1.5·IQR and Q3 + 1.5·IQR, the quartiles by linear
 * interpolation between order statistics (numpy's default 'linear' method, R type 7), and
 * only for numeric columns that are not ids. Histograms have 20 equal-width bins from the
 * minimum to the maximum (the maximum falls in the last bin); date columns get one too,
 * its edges in epoch ms. Quantiles come from selection (Floyd–Rivest), not sorting.
 *
 * Score: 100 minus the penalties below (never below 0). Every penalty is a whole number
 * and comes with a reason (i18n key + params), so the score can always be explained.
 *
 *   reason (quality.reason.*)  when                                              penalty
 *   empty                      the file has no data rows                         100
 *   noCustomerId               transactions file¹ with no customerId column       20
 *   noDate                     transactions file¹ with no orderDate column        15
 *   noAmount                   transactions file¹ with no amount column and not    15
 *                              both quantity and unitPrice
 *   missingCustomer            share s of rows without a customer id (s > 0)     round(60·s), 1…30
 *   duplicates                 share d of rows repeating an earlier row (d > 0)  round(200·d), 1…15
 *   invalid                    per column, share v of rows holding a value that   round(100·v), 1…10
 *                              did not parse as the column's type (v > 0)         all columns ≤ 20
 *   mostlyEmpty                per column with at least half its rows missing     3, all columns ≤ 10
 *   ambiguousDates             per date column where both day/month orders fit    5, all columns ≤ 10
 *
 *   ¹ a transactions file has a column mapped as orderId, orderDate, quantity or unitPrice
 *     (the same test that guesses the dataset kind).
 *
 * Online Retail scores 83: 25% of its lines lack a CustomerID (−15) and 1% are duplicates (−2).
 * A reason whose group cap is already used up is still listed, with penalty 0.
 */
import { throwIfCancelled } from '../errors.ts';
import {
  describeDictCounts,
  describeNumeric,
  dictCodeCounts,
  median as medianInPlace,
  medianOfCounts,
  orderStatistic,
  select,
  type StatsCache,
  type ValueCounts,
} from '../table/stats.ts';
import {
  isNullAt,
  type Column,
  type ColumnRole,
  type DictColumn,
  type Table,
} from '../table/index.ts';
import type { TaskContext } from '../task.ts';
import { sharedDuplicateRowMask } from './duplicates.ts';
import type {
  ColumnQuality,
  ColumnTyping,
  QualityReason,
  QualityReport,
  TypedImport,
  ValueType,
} from './types.ts';

export const QUALITY_PHASE = 'progress.import.quality';

export const HISTOGRAM_BINS = 20;
export const TOP_CATEGORY_VALUES = 10;
/** Tukey's fence multiplier. */
export const IQR_FENCE = 1.5;

/** Roles whose values are identifiers: never summarised as quantities. */
export const ID_ROLES: ReadonlySet<ColumnRole> = new Set(['customerId', 'orderId', 'productId']);
/** Roles that make a file a transactions file (as guessKind in pipeline.ts). */
const TRANSACTION_ROLES: readonly ColumnRole[] = ['orderId', 'orderDate', 'quantity', 'unitPrice'];

/** The penalties of the score (see the table above). */
export const QUALITY_PENALTIES = {
  empty: 100,
  noCustomerId: 20,
  noDate: 15,
  noAmount: 15,
  missingCustomerPerShare: 60,
  missingCustomerMax: 30,
  duplicatesPerShare: 200,
  duplicatesMax: 15,
  invalidPerShare: 100,
  invalidColumnMax: 10,
  invalidTotalMax: 20,
  mostlyEmptyShare: 0.5,
  mostlyEmpty: 3,
  mostlyEmptyTotalMax: 10,
  ambiguousDates: 5,
  ambiguousDatesTotalMax: 10,
} as const;

type NumericColumn = Exclude<Column, DictColumn>;

// ───────────────────────────── shared helpers (also used by clean.ts) ─────────────────────────────

/** The first column mapped to `role`, if any. */
export function columnWithRole(
  table: Table,
  roles: Readonly<Record<string, ColumnRole>>,
  role: ColumnRole,
): Column | undefined {
  return table.columns.find((c) => roles[c.name] === role);
}

function numericWithRole(
  table: Table,
  roles: Readonly<Record<string, ColumnRole>>,
  role: ColumnRole,
): NumericColumn | undefined {
  const c = columnWithRole(table, roles, role);
  return c && c.type !== 'dict' && c.type !== 'date' ? c : undefined;
}

/**
 * The amount of every line: the amount column, else quantity × unit price. `null` when
 * neither is mapped; rows where a factor is missing are NaN.
 */
export function lineAmounts(
  table: Table,
  roles: Readonly<Record<string, ColumnRole>>,
): Float64Array | null {
  const amount = numericWithRole(table, roles, 'amount');
  if (amount) return valuesOrNaN(amount);
  const q = numericWithRole(table, roles, 'quantity');
  const p = numericWithRole(table, roles, 'unitPrice');
  if (!q || !p) return null;
  const out = valuesOrNaN(q);
  const price = valuesOrNaN(p);
  for (let i = 0; i < out.length; i++) out[i] *= price[i];
  return out;
}

/**
 * The column's values as a fresh Float64Array with NaN under every null. The typed-array
 * copy is native and the bitmap is scanned a byte at a time, several times faster on
 * 500k rows than testing each row's null bit.
 */
export function valuesOrNaN(column: NumericColumn): Float64Array {
  const out = new Float64Array(column.values);
  const nulls = column.nulls;
  if (!nulls) return out;
  const n = out.length;
  const bytes = Math.min(nulls.length, Math.ceil(n / 8));
  for (let b = 0; b < bytes; b++) {
    const bits = nulls[b];
    if (bits === 0) continue;
    for (let k = 0; k < 8; k++) if ((bits & (1 << k)) !== 0 && b * 8 + k < n) out[b * 8 + k] = NaN;
  }
  return out;
}

/** Per dict code: whether the value marks a cancelled order (a leading 'C' after trimming, either case). */
function cancelledCodes(column: DictColumn): Uint8Array {
  return Uint8Array.from(column.dictionary, (s) => {
    const t = s.trimStart();
    return t.length > 0 && (t[0] === 'C' || t[0] === 'c') ? 1 : 0;
  });
}

/**
 * 1 where the line is a return (cancelled invoice, negative quantity or negative amount),
 * per ARCHITECTURE.md. All zeros when none of those columns is mapped.
 */
export function returnRowMask(
  table: Table,
  roles: Readonly<Record<string, ColumnRole>>,
  amounts: Float64Array | null = lineAmounts(table, roles),
): Uint8Array {
  const n = table.rowCount;
  const mask = new Uint8Array(n);
  const order = columnWithRole(table, roles, 'orderId');
  if (order?.type === 'dict') {
    const flag = cancelledCodes(order);
    const { codes, nulls } = order;
    for (let i = 0; i < n; i++) if (flag[codes[i]] && !isNullAt(nulls, i)) mask[i] = 1;
  }
  const q = numericWithRole(table, roles, 'quantity');
  if (q) {
    const values = valuesOrNaN(q);
    for (let i = 0; i < n; i++) if (values[i] < 0) mask[i] = 1;
  }
  if (amounts) for (let i = 0; i < n; i++) if (amounts[i] < 0) mask[i] = 1;
  return mask;
}

/** The non-missing, non-NaN values of a numeric column (or of the given rows) as a fresh Float64Array. */
export function presentValues(column: NumericColumn, rows?: Uint32Array): Float64Array {
  const all = valuesOrNaN(column);
  let out: Float64Array;
  if (rows) {
    out = new Float64Array(rows.length);
    for (let j = 0; j < rows.length; j++) out[j] = all[rows[j]];
  } else out = all;
  let k = 0;
  for (let j = 0; j < out.length; j++) {
    const v = out[j];
    if (v === v) out[k++] = v;
  }
  return k === out.length ? out : out.slice(0, k);
}

/**
 * The q-quantile (0 ≤ q ≤ 1) by linear interpolation between the order statistics at
 * floor(h) and floor(h)+1, h = (n − 1)·q, computed as numpy does (its `_lerp`, which
 * interpolates from the upper value when the fraction is ≥ 0.5, so results agree to the
 * last bit). Reorders `values` in place; NaN for an empty array.
 */
export function quantileLinear(values: Float64Array, q: number): number {
  const n = values.length;
  if (n === 0) return NaN;
  const h = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(h);
  select(values, lo);
  const a = values[lo];
  const t = h - lo;
  if (t === 0 || lo + 1 >= n) return a;
  // After selection everything right of `lo` is >= a: the next order statistic is their minimum.
  let b = values[lo + 1];
  for (let i = lo + 2; i < n; i++) if (values[i] < b) b = values[i];
  return interpolate(a, b, t);
}

/** quantileLinear of the counted values. */
export function quantileOfCounts(counted: ValueCounts, q: number): number {
  let n = 0;
  for (let i = 0; i < counted.counts.length; i++) n += counted.counts[i];
  if (n === 0) return NaN;
  const h = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(h);
  const a = orderStatistic(counted, lo);
  const t = h - lo;
  if (t === 0 || lo + 1 >= n) return a;
  return interpolate(a, orderStatistic(counted, lo + 1), t);
}

/** numpy's linear interpolation between neighbouring order statistics a ≤ b, at fraction t. */
function interpolate(a: number, b: number, t: number): number {
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** Equal-width bins from min to max; the maximum counts in the last bin. */
export function histogram(
  values: Float64Array,
  min: number,
  max: number,
  bins = HISTOGRAM_BINS,
): { edges: number[]; counts: number[] } {
  if (!(max > min)) return { edges: [min, max], counts: [values.length] };
  const width = (max - min) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) counts[binOf(values[i], min, width, bins)]++;
  return { edges: binEdges(min, max, width, bins), counts };
}

/** histogram of the counted values. */
export function histogramOfCounts(
  counted: ValueCounts,
  min: number,
  max: number,
  bins = HISTOGRAM_BINS,
): { edges: number[]; counts: number[] } {
  const { values } = counted;
  if (!(max > min)) {
    let n = 0;
    for (let i = 0; i < values.length; i++) n += counted.counts[i];
    return { edges: [min, max], counts: [n] };
  }
  const width = (max - min) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++)
    counts[binOf(values[i], min, width, bins)] += counted.counts[i];
  return { edges: binEdges(min, max, width, bins), counts };
}

function binEdges(min: number, max: number, width: number, bins: number): number[] {
  return Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + i * width));
}

/** The bin of v; the maximum falls in the last one. */
function binOf(v: number, min: number, width: number, bins: number): number {
  const b = Math.floor((v - min) / width);
  return b >= bins ? bins - 1 : b < 0 ? 0 : b;
}

function defaultValueType(column: Column): ValueType {
  switch (column.type) {
    case 'dict':
      return 'string';
    case 'i32':
      return 'integer';
    case 'f64':
      return 'decimal';
    case 'date':
      return 'datetime';
  }
}

// ───────────────────────────── the report ─────────────────────────────

/**
 * `lines` = data lines of the file (header not counted); it may exceed the rows when the
 * parser dropped blank lines.
 */
export function buildQualityReport(
  typed: TypedImport,
  lines: number,
  ctx?: TaskContext,
  /** Receives describeColumn of every column, computed on the way (for storing the table). */
  stats?: StatsCache,
  /** Findings computed elsewhere (another worker): each column's, in table order. */
  precomputed?: readonly ColumnQuality[],
): QualityReport {
  const { table, roles } = typed;
  const n = table.rowCount;
  const total = table.columns.length + 2;
  const progress = (done: number): void => {
    throwIfCancelled(ctx?.signal);
    ctx?.onProgress?.({ phase: QUALITY_PHASE, done, total });
  };
  progress(0);

  const typingByName = new Map<string, ColumnTyping>(typed.typing.map((t) => [t.name, t]));
  const columns: ColumnQuality[] = precomputed ? [...precomputed] : [];
  if (!precomputed)
    table.columns.forEach((column, i) => {
      columns.push(
        columnQuality(
          column,
          roles[column.name] ?? 'attribute',
          typingByName.get(column.name),
          n,
          stats,
        ),
      );
      progress(i + 1);
    });

  // Shared with the cleaning of the same table (drop duplicates), which needs it again.
  const dupMask = sharedDuplicateRowMask(table, ctx);
  let duplicateLines = 0;
  for (let i = 0; i < n; i++) duplicateLines += dupMask[i];
  progress(table.columns.length + 1);

  const customer = columnWithRole(table, roles, 'customerId');
  const missingCustomerId = customer ? countMissing(customer, n) : null;

  const amounts = lineAmounts(table, roles);
  const hasMarkers =
    columnWithRole(table, roles, 'orderId') !== undefined ||
    columnWithRole(table, roles, 'quantity') !== undefined;
  const returns = returnRowMask(table, roles, hasMarkers ? null : amounts);
  let cancellations = 0;
  for (let i = 0; i < n; i++) cancellations += returns[i];
  let negativeAmounts = 0;
  if (amounts) for (let i = 0; i < n; i++) if (amounts[i] < 0) negativeAmounts++;

  const dateColumn = columnWithRole(table, roles, 'orderDate');
  let dateRange: [number, number] | null = null;
  if (dateColumn?.type === 'date') {
    const q = columns.find((c) => c.name === dateColumn.name);
    if (q?.min !== undefined && q.max !== undefined) dateRange = [q.min, q.max];
  }

  const reasons = scoreReasons({
    rows: n,
    roles: table.columns.map((c) => roles[c.name] ?? 'attribute'),
    columns,
    typing: typed.typing,
    missingCustomerId,
    duplicateLines,
  });
  const score = Math.max(0, 100 - reasons.reduce((s, r) => s + r.penalty, 0));
  progress(total);

  return {
    lines,
    rows: n,
    columns,
    duplicateLines,
    missingCustomerId,
    cancellations,
    negativeAmounts,
    dateRange,
    score,
    reasons,
  };
}

function countMissing(column: Column, n: number): number {
  return countNullBits(column.nulls, n);
}

/** One column's findings (`cache` receives its describeColumn stats). */
export function columnQuality(
  column: Column,
  role: ColumnRole,
  typing: ColumnTyping | undefined,
  n: number,
  cache: StatsCache | undefined,
): ColumnQuality {
  const base = {
    name: column.name,
    type: typing?.type ?? defaultValueType(column),
    role,
    invalid: typing?.invalid ?? 0,
    invalidExamples: typing ? typing.invalidExamples.map((e) => ({ ...e })) : [],
  };
  if (column.type === 'dict') {
    const counts = codeCounts(column, n);
    if (cache && column.codes.length === n) cache.set(column, describeDictCounts(column, counts));
    const { missing, distinct, top } = dictSummary(column, n, counts);
    return {
      ...base,
      missing,
      missingShare: n > 0 ? missing / n : 0,
      distinct,
      top,
    };
  }
  // describeColumn's stats, and the present values they came from (each in row order
  // where the order matters: the sum; the rest are order statistics and counts).
  const { stats, present: values, sum, counted } = describeNumeric(column);
  cache?.set(column, stats);
  // describeColumn counts NaN as missing too, which is what the report means.
  const q: ColumnQuality = {
    ...base,
    missing: stats.missing,
    missingShare: n > 0 ? stats.missing / n : 0,
    distinct: stats.distinct,
  };
  if (stats.count === 0 || stats.min === undefined || stats.max === undefined) return q;
  q.min = stats.min;
  q.max = stats.max;
  // Few distinct values (most columns of an export): bins, quantiles and fences from the
  // counted values; the same figures as from the rows, without passes over them.
  const bins = (): ColumnQuality['histogram'] =>
    counted
      ? histogramOfCounts(counted, stats.min!, stats.max!)
      : histogram(values, stats.min!, stats.max!);
  if (column.type === 'date') {
    q.mean = sum / values.length;
    q.histogram = bins();
    q.median = counted ? medianOfCounts(counted, values.length) : medianInPlace(values);
    return q;
  }
  q.mean = stats.mean;
  q.median = stats.median;
  q.histogram = bins();
  if (!ID_ROLES.has(role)) {
    const q1 = counted ? quantileOfCounts(counted, 0.25) : quantileLinear(values, 0.25);
    const q3 = counted ? quantileOfCounts(counted, 0.75) : quantileLinear(values, 0.75);
    const iqr = q3 - q1;
    const low = q1 - IQR_FENCE * iqr;
    const high = q3 + IQR_FENCE * iqr;
    let count = 0;
    if (counted) {
      counted.values.forEach((v, i) => {
        if (v < low || v > high) count += counted.counts[i];
      });
    } else {
      for (let i = 0; i < values.length; i++) if (values[i] < low || values[i] > high) count++;
    }
    q.outliers = { count, low, high, q1, q3 };
  }
  return q;
}

/** Missing, distinct strings and the most frequent values (ties in order of first appearance). */
function dictSummary(
  column: DictColumn,
  n: number,
  counts: Uint32Array,
): { missing: number; distinct: number; top: { value: string; count: number }[] } {
  const { dictionary } = column;
  let present = 0;
  for (let c = 0; c < counts.length; c++) present += counts[c];
  // A dictionary may in principle hold a string twice: then count by string, not by code.
  let entries: Iterable<[string, number]>;
  if (new Set(dictionary).size === dictionary.length) {
    const list: [string, number][] = [];
    for (let c = 0; c < counts.length; c++)
      if (counts[c] > 0) list.push([dictionary[c], counts[c]]);
    entries = list;
  } else {
    const byString = new Map<string, number>();
    for (let c = 0; c < counts.length; c++) {
      if (counts[c] > 0)
        byString.set(dictionary[c], (byString.get(dictionary[c]) ?? 0) + counts[c]);
    }
    entries = byString;
  }
  let distinct = 0;
  const top: { value: string; count: number }[] = [];
  for (const [value, count] of entries) {
    distinct++;
    if (top.length === TOP_CATEGORY_VALUES && count <= top[TOP_CATEGORY_VALUES - 1].count) continue;
    let at = top.length;
    while (at > 0 && top[at - 1].count < count) at--;
    top.splice(at, 0, { value, count });
    if (top.length > TOP_CATEGORY_VALUES) top.pop();
  }
  return { missing: n - present, distinct, top };
}

/** Rows per dict code, nulls left out (the bitmap read a byte at a time). */
export function codeCounts(column: DictColumn, n: number): Uint32Array {
  return dictCodeCounts(column, n);
}

/** Set bits among the first n of a null bitmap. */
export function countNullBits(nulls: Uint8Array | undefined, n: number): number {
  if (!nulls) return 0;
  let k = 0;
  const full = Math.min(nulls.length, n >>> 3);
  for (let b = 0; b < full; b++) {
    let x = nulls[b];
    while (x) {
      x &= x - 1;
      k++;
    }
  }
  for (let i = full * 8; i < n; i++) if (isNullAt(nulls, i)) k++;
  return k;
}

// ───────────────────────────── the score ─────────────────────────────

interface ScoreInput {
  rows: number;
  roles: readonly ColumnRole[];
  columns: readonly ColumnQuality[];
  typing: readonly ColumnTyping[];
  missingCustomerId: number | null;
  duplicateLines: number;
}

const percent = (share: number): number => Math.round(share * 1000) / 10;
const clampPenalty = (x: number, max: number): number => Math.min(max, Math.max(1, Math.round(x)));

const DAY_ORDER_LABEL = { dmy: 'DD/MM', mdy: 'MM/DD', ymd: 'YYYY-MM-DD' } as const;

/** The reasons for every point taken off (see the table in the file header). */
export function scoreReasons(input: ScoreInput): QualityReason[] {
  const P = QUALITY_PENALTIES;
  const { rows, roles } = input;
  const reasons: QualityReason[] = [];
  if (rows === 0) {
    reasons.push({ code: 'quality.reason.empty', penalty: P.empty });
    return reasons;
  }
  const has = (r: ColumnRole): boolean => roles.includes(r);
  if (TRANSACTION_ROLES.some(has)) {
    if (!has('customerId'))
      reasons.push({ code: 'quality.reason.noCustomerId', penalty: P.noCustomerId });
    if (!has('orderDate')) reasons.push({ code: 'quality.reason.noDate', penalty: P.noDate });
    if (!has('amount') && !(has('quantity') && has('unitPrice')))
      reasons.push({ code: 'quality.reason.noAmount', penalty: P.noAmount });
  }
  if (input.missingCustomerId) {
    const share = input.missingCustomerId / rows;
    reasons.push({
      code: 'quality.reason.missingCustomer',
      params: { count: input.missingCustomerId, percent: percent(share) },
      penalty: clampPenalty(P.missingCustomerPerShare * share, P.missingCustomerMax),
    });
  }
  if (input.duplicateLines > 0) {
    const share = input.duplicateLines / rows;
    reasons.push({
      code: 'quality.reason.duplicates',
      params: { count: input.duplicateLines, percent: percent(share) },
      penalty: clampPenalty(P.duplicatesPerShare * share, P.duplicatesMax),
    });
  }

  let budget: number = P.invalidTotalMax;
  for (const c of input.columns) {
    if (c.invalid <= 0) continue;
    const share = c.invalid / rows;
    const penalty = Math.min(budget, clampPenalty(P.invalidPerShare * share, P.invalidColumnMax));
    budget -= penalty;
    reasons.push({
      code: 'quality.reason.invalid',
      params: { column: c.name, count: c.invalid, percent: percent(share) },
      penalty,
    });
  }

  budget = P.mostlyEmptyTotalMax;
  for (const c of input.columns) {
    if (c.missingShare < P.mostlyEmptyShare) continue;
    const penalty = Math.min(budget, P.mostlyEmpty);
    budget -= penalty;
    reasons.push({
      code: 'quality.reason.mostlyEmpty',
      params: { column: c.name, percent: percent(c.missingShare) },
      penalty,
    });
  }

  budget = P.ambiguousDatesTotalMax;
  const present = new Set(input.columns.map((c) => c.name));
  for (const t of input.typing) {
    if (!t.date?.ambiguous || !present.has(t.name)) continue;
    const penalty = Math.min(budget, P.ambiguousDates);
    budget -= penalty;
    reasons.push({
      code: 'quality.reason.ambiguousDates',
      params: { column: t.name, order: DAY_ORDER_LABEL[t.date.order] },
      penalty,
    });
  }
  return reasons;
}
