/**
 * Where churn labels come from: a customer table with a target column, or behaviour in a
 * transactions table.
 *
 * Behavioural labels (ARCHITECTURE.md "Orders and returns", "Profiles"): with a cutoff day
 * and a window of W days,
 * - the labelled customers are those with at least one order on or before the cutoff day;
 * - a customer churned when none of their orders falls on the days cutoff+1 … cutoff+W
 *   (an order's date is its earliest purchase line, as in the profiles);
 * - purchase intent ("will buy again in the next W days") is the complement on the same
 *   customers;
 * - the features are the customer profiles with the observation end = the cutoff day
 *   (src/core/customers/profiles.ts leaves out every line after that day), so nothing
 *   after the cutoff can leak into them; the same profiles with the observation end =
 *   the last day of the data (or the chosen end) are the features the model scores.
 * The window must end on or before the last day of the data, else the labels would count
 * customers as churned for days nobody could have bought on.
 */
import { LensError, throwIfCancelled } from '../errors.ts';
import { buildProfiles, DAY_MS, type ProfileOptions } from '../customers/profiles.ts';
import { readTransactionLines } from '../customers/transactions.ts';
import { isNullAt, type Column, type ColumnRole, type Table } from '../table/index.ts';
import type { TaskContext } from '../task.ts';

/** Rows of one table with their labels: what runChurn trains and evaluates on. */
export interface LabelledData {
  /** Feature source, one row per customer. */
  table: Table;
  roles: Record<string, ColumnRole>;
  /** Rows of `table` that carry a label (the others are only scored). */
  rows: Int32Array;
  /** 1 = positive (churned / buys again / the chosen target value), per entry of `rows`. */
  y: Uint8Array;
  /** Customer id per table row (or the row number when there is no id column). */
  ids: string[];
  /** The column to keep out of the features (the target), if any. */
  target: string | null;
  /** What a positive means, for the receipt and the page. */
  positive: string;
  /** The customers the trained model scores: the same table, or profiles as of a later day. */
  scoring: { table: Table; ids: string[] };
  /** Labelled rows left out, e.g. a missing target value. */
  dropped: number;
}

const YES_LIKE = /^(yes|y|true|t|1|是|churn|churned)$/i;

export interface TargetOptions {
  target: string;
  /** The value that counts as positive; default: a yes-like value or 1 when the column has one. */
  positive?: string;
  /** Id column; default: the column with role customerId, else row numbers. */
  id?: string;
}

function cellText(column: Column, row: number): string | null {
  if (isNullAt(column.nulls, row)) return null;
  if (column.type === 'dict') return column.dictionary[column.codes[row]];
  const v = column.values[row];
  return Number.isFinite(v) ? String(v) : null;
}

function idsOf(table: Table, roles: Record<string, ColumnRole>, id?: string): string[] {
  const column = id
    ? table.columns.find((c) => c.name === id)
    : table.columns.find((c) => roles[c.name] === 'customerId');
  if (id && !column) throw new LensError('error.churn.idMissing', { column: id });
  return Array.from({ length: table.rowCount }, (_, r) =>
    column ? (cellText(column, r) ?? String(r + 1)) : String(r + 1),
  );
}

/** Labels from a target column of a customer table (rows with a missing target are not labelled). */
export function targetLabels(
  table: Table,
  roles: Record<string, ColumnRole>,
  options: TargetOptions,
): LabelledData {
  const column = table.columns.find((c) => c.name === options.target);
  if (!column) throw new LensError('error.churn.targetMissing', { column: options.target });
  const texts: (string | null)[] = [];
  const distinct = new Map<string, number>();
  for (let r = 0; r < table.rowCount; r++) {
    const t = cellText(column, r);
    texts.push(t);
    if (t !== null) distinct.set(t, (distinct.get(t) ?? 0) + 1);
  }
  let positive = options.positive;
  if (positive === undefined) {
    const yes = [...distinct.keys()].filter((v) => YES_LIKE.test(v.trim()));
    if (distinct.size === 2 && yes.length === 1) positive = yes[0];
    else
      throw new LensError('error.churn.positiveNeeded', {
        column: column.name,
        values: [...distinct.keys()].slice(0, 5).join(', '),
      });
  }
  // Numbers compare as numbers ("1" matches 1.0).
  const wanted = positive;
  const isPositive =
    column.type === 'dict'
      ? (t: string) => t === wanted
      : (t: string) => Number(t) === Number(wanted);
  if (![...distinct.keys()].some(isPositive))
    throw new LensError('error.churn.positiveMissing', {
      column: column.name,
      value: positive,
      values: [...distinct.keys()].slice(0, 5).join(', '),
    });
  const rows: number[] = [];
  const y: number[] = [];
  texts.forEach((t, r) => {
    if (t === null) return;
    rows.push(r);
    y.push(isPositive(t) ? 1 : 0);
  });
  const ids = idsOf(table, roles, options.id);
  return {
    table,
    roles: options.id ? { ...roles, [options.id]: 'customerId' } : roles,
    rows: Int32Array.from(rows),
    y: Uint8Array.from(y),
    ids,
    target: column.name,
    positive,
    scoring: { table, ids },
    dropped: table.rowCount - rows.length,
  };
}

export type BehaviourTarget = 'churn' | 'purchase';

export interface BehaviourOptions {
  /** Cutoff as epoch ms (any time on that UTC day): the features' "as of" day. */
  cutoff: number;
  /** Days after the cutoff in which an order means "not churned". */
  windowDays: number;
  /** churn (no order in the window, default) or purchase (an order in the window). */
  target?: BehaviourTarget;
  /** The scoring profiles' observation end; default the last day of the data. */
  observationEnd?: number;
  /** Passed to the profile builder (monetary basis, recent window, category shares). */
  profile?: Omit<ProfileOptions, 'observationEnd'>;
}

/** Profile columns that repeat another feature or are absolute dates (which shift between the
 * cutoff and the scoring day): left out of the features. */
export const PROFILE_COLUMNS_NOT_FEATURES = ['first_order', 'last_order', 'frequency', 'monetary'];

export interface BehaviouralLabels extends LabelledData {
  cutoff: number;
  windowEnd: number;
  windowDays: number;
  behaviour: BehaviourTarget;
  /** Day of the scoring profiles (UTC midnight). */
  observationEnd: number;
  lastDate: number;
}

/**
 * Roles of the training profiles' columns: the id, the carried-over attributes, and
 * `ignore` for the columns that are no features — including any column the scoring
 * profiles lack (category shares are chosen per observation end, so the two can differ).
 */
function profileRoles(
  table: Table,
  attributes: { name: string; role: ColumnRole }[],
  scoring: Table,
): Record<string, ColumnRole> {
  const roles: Record<string, ColumnRole> = { customer_id: 'customerId' };
  for (const a of attributes) roles[a.name] = a.role;
  for (const c of table.columns) {
    if (PROFILE_COLUMNS_NOT_FEATURES.includes(c.name)) roles[c.name] = 'ignore';
    else if (!scoring.columns.some((s) => s.name === c.name)) roles[c.name] = 'ignore';
  }
  return roles;
}

function profileIds(table: Table): string[] {
  const c = table.columns.find((col) => col.name === 'customer_id');
  if (!c || c.type !== 'dict') return [];
  return Array.from(c.codes, (code) => c.dictionary[code]);
}

export function behaviouralLabels(
  table: Table,
  roles: Record<string, ColumnRole>,
  options: BehaviourOptions,
  ctx: TaskContext = {},
): BehaviouralLabels {
  const behaviour = options.target ?? 'churn';
  if (behaviour !== 'churn' && behaviour !== 'purchase')
    throw new LensError('error.churn.option', { option: 'target', value: String(behaviour) });
  if (!Number.isFinite(options.cutoff))
    throw new LensError('error.churn.option', { option: 'cutoff', value: String(options.cutoff) });
  const windowDays = options.windowDays;
  if (!Number.isInteger(windowDays) || windowDays < 1)
    throw new LensError('error.churn.option', { option: 'windowDays', value: String(windowDays) });
  const cutoffDay = Math.floor(options.cutoff / DAY_MS);

  const training = buildProfiles(
    table,
    roles,
    { ...options.profile, observationEnd: cutoffDay * DAY_MS },
    ctx,
  );
  throwIfCancelled(ctx.signal);
  const lastDay = Math.floor(training.summary.lastDate / DAY_MS);
  const iso = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
  if (cutoffDay + windowDays > lastDay)
    throw new LensError('error.churn.windowPastData', {
      cutoff: iso(cutoffDay),
      windowEnd: iso(cutoffDay + windowDays),
      lastDate: iso(lastDay),
    });
  if (training.table.rowCount === 0)
    throw new LensError('error.churn.noCustomersBeforeCutoff', { cutoff: iso(cutoffDay) });

  // Orders by (customer, order): the earliest purchase line's time, as the profiles date them.
  const lines = readTransactionLines(table, roles);
  const orderTime = new Map<number, number>();
  for (let i = 0; i < lines.rows; i++) {
    if (lines.customer[i] < 0 || lines.isReturn[i] || lines.order[i] < 0) continue;
    const t = lines.time[i];
    if (Number.isNaN(t)) continue;
    const key = lines.customer[i] * lines.orderCount + lines.order[i];
    const prev = orderTime.get(key);
    if (prev === undefined || t < prev) orderTime.set(key, t);
  }
  const from = (cutoffDay + 1) * DAY_MS;
  const to = (cutoffDay + 1 + windowDays) * DAY_MS;
  const boughtInWindow = new Set<string>();
  for (const [key, t] of orderTime) {
    if (t >= from && t < to)
      boughtInWindow.add(lines.customerIds[Math.floor(key / lines.orderCount)]);
  }

  const ids = profileIds(training.table);
  const y = Uint8Array.from(ids, (id) => {
    const bought = boughtInWindow.has(id);
    return (behaviour === 'churn' ? !bought : bought) ? 1 : 0;
  });

  const scoring = buildProfiles(
    table,
    roles,
    {
      ...options.profile,
      ...(options.observationEnd === undefined ? {} : { observationEnd: options.observationEnd }),
    },
    ctx,
  );
  return {
    table: training.table,
    roles: profileRoles(training.table, training.summary.attributes, scoring.table),
    rows: Int32Array.from({ length: ids.length }, (_, i) => i),
    y,
    ids,
    target: null,
    positive: behaviour,
    scoring: { table: scoring.table, ids: profileIds(scoring.table) },
    dropped: 0,
    cutoff: cutoffDay * DAY_MS,
    windowEnd: (cutoffDay + windowDays) * DAY_MS,
    windowDays,
    behaviour,
    observationEnd: scoring.summary.observationEnd,
    lastDate: lastDay * DAY_MS,
  };
}
