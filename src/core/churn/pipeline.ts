/**
 * The feature pipeline of the churn models: learnt on the training rows only, then applied
 * unchanged to test rows, folds and new data. It is plain JSON (no typed arrays, no
 * functions), so it is stored with the model and re-applied when a saved model scores.
 *
 * Per column (in table order):
 * - excluded: the target; identifiers (role customerId, orderId, email, phone or name, or
 *   text whose every training value is distinct); role `ignore`; columns the user leaves
 *   out; columns with no value or a single value in the training rows;
 * - numbers with only the values 0 and 1 → one 0/1 feature (not standardised);
 * - other numbers (dates as days since 1970) → (x − mean) / std with the training mean and
 *   population standard deviation (scikit-learn's StandardScaler);
 * - text with two values → one 0/1 feature "column = value" (a yes-like value when there
 *   is one, else the rarer value);
 * - other text → one-hot of the `topK` most frequent training values (ties by name), plus
 *   "column = other" when there are more values; an unseen value counts as other (or as
 *   none of the levels when the training rows had no other);
 * - missing values: a number or 0/1 value is replaced by the training mean (0 after
 *   standardising) and an indicator feature "column missing" is added when the training
 *   rows had a missing value; missing text sets all its levels to 0 and the indicator.
 */
import { LensError } from '../errors.ts';
import { isNullAt, type Column, type ColumnRole, type Table } from '../table/index.ts';

const DAY_MS = 86_400_000;

/** Roles whose columns identify a customer or an order: never features. */
export const IDENTIFIER_ROLES: ReadonlySet<ColumnRole> = new Set([
  'customerId',
  'orderId',
  'email',
  'phone',
  'name',
]);

export const DEFAULT_TOP_K = 10;
/** Text columns with at least this many non-missing training rows, all distinct, are identifiers. */
const MIN_ROWS_FOR_IDENTIFIER = 10;

const YES_LIKE = /^(yes|y|true|t|1|是|有|churn|churned)$/i;

export type ColumnSpec =
  | {
      kind: 'numeric';
      column: string;
      mean: number;
      std: number;
      /** Whether an indicator feature "column missing" follows. */
      indicator: boolean;
      /** Dates: values are epoch ms, used as days. */
      date: boolean;
    }
  | { kind: 'binary'; column: string; mean: number; indicator: boolean }
  | { kind: 'flag'; column: string; level: string; mean: number; indicator: boolean }
  | { kind: 'category'; column: string; levels: string[]; other: boolean; indicator: boolean };

export type FeatureKind = 'numeric' | 'binary' | 'level' | 'other' | 'missing';

export interface FeatureInfo {
  /** Readable name, e.g. "tenure", "Contract = Month-to-month", "TotalCharges missing". */
  name: string;
  /** The table column it comes from. */
  column: string;
  kind: FeatureKind;
  /** For `level` features (and two-valued text): the value that sets it to 1. */
  level?: string;
}

export type ExclusionReason = 'target' | 'identifier' | 'ignored' | 'user' | 'empty' | 'constant';

export interface FeaturePipeline {
  version: 1;
  topK: number;
  specs: ColumnSpec[];
  features: FeatureInfo[];
  excluded: { column: string; reason: ExclusionReason }[];
}

export interface PipelineOptions {
  roles?: Record<string, ColumnRole>;
  /** The target column (excluded). */
  target?: string | null;
  /** Further columns to leave out. */
  exclude?: readonly string[];
  topK?: number;
}

export interface FeatureMatrix {
  /** Row-major n × d. */
  x: Float64Array;
  n: number;
  d: number;
}

const allRows = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);

function numberAt(column: Column, row: number): number {
  if (column.type === 'dict' || isNullAt(column.nulls, row)) return NaN;
  const v = column.values[row];
  return column.type === 'date' ? v / DAY_MS : v;
}

function textAt(column: Column, row: number): string | null {
  if (column.type !== 'dict' || isNullAt(column.nulls, row)) return null;
  return column.dictionary[column.codes[row]];
}

function fitColumn(
  column: Column,
  rows: Int32Array,
  topK: number,
): ColumnSpec | { excluded: ExclusionReason } {
  let missing = 0;
  if (column.type !== 'dict') {
    let sum = 0;
    let count = 0;
    let binary = true;
    for (const r of rows) {
      const v = numberAt(column, r);
      if (!Number.isFinite(v)) {
        missing++;
        continue;
      }
      sum += v;
      count++;
      if (v !== 0 && v !== 1) binary = false;
    }
    if (count === 0) return { excluded: 'empty' };
    const mean = sum / count;
    let ss = 0;
    for (const r of rows) {
      const v = numberAt(column, r);
      if (Number.isFinite(v)) ss += (v - mean) * (v - mean);
    }
    const std = Math.sqrt(ss / count);
    if (!(std > 0)) return { excluded: 'constant' };
    const indicator = missing > 0;
    if (binary && column.type !== 'date')
      return { kind: 'binary', column: column.name, mean, indicator };
    return {
      kind: 'numeric',
      column: column.name,
      mean,
      std,
      indicator,
      date: column.type === 'date',
    };
  }
  const counts = new Map<string, number>();
  for (const r of rows) {
    const v = textAt(column, r);
    if (v === null) missing++;
    else counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const present = rows.length - missing;
  if (present === 0) return { excluded: 'empty' };
  if (counts.size < 2) return { excluded: 'constant' };
  if (present >= MIN_ROWS_FOR_IDENTIFIER && counts.size === present)
    return { excluded: 'identifier' };
  const indicator = missing > 0;
  const byFrequency = [...counts.entries()].sort(
    (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0),
  );
  if (counts.size === 2) {
    const yes = byFrequency.find(([v]) => YES_LIKE.test(v.trim()));
    const [level, hits] = yes ?? byFrequency[1];
    return { kind: 'flag', column: column.name, level, mean: hits / present, indicator };
  }
  return {
    kind: 'category',
    column: column.name,
    levels: byFrequency.slice(0, topK).map(([v]) => v),
    other: counts.size > topK,
    indicator,
  };
}

function featuresOf(spec: ColumnSpec): FeatureInfo[] {
  const c = spec.column;
  const out: FeatureInfo[] = [];
  switch (spec.kind) {
    case 'numeric':
      out.push({ name: c, column: c, kind: 'numeric' });
      break;
    case 'binary':
      out.push({ name: c, column: c, kind: 'binary' });
      break;
    case 'flag':
      out.push({ name: `${c} = ${spec.level}`, column: c, kind: 'binary', level: spec.level });
      break;
    case 'category':
      for (const level of spec.levels)
        out.push({ name: `${c} = ${level}`, column: c, kind: 'level', level });
      if (spec.other) out.push({ name: `${c} = other`, column: c, kind: 'other' });
      break;
  }
  if (spec.indicator) out.push({ name: `${c} missing`, column: c, kind: 'missing' });
  return out;
}

/** Learns the pipeline from the given training rows of `table` (default: all rows). */
export function fitPipeline(
  table: Table,
  options: PipelineOptions = {},
  rows: Int32Array = allRows(table.rowCount),
): FeaturePipeline {
  const topK = options.topK ?? DEFAULT_TOP_K;
  if (!Number.isInteger(topK) || topK < 1)
    throw new LensError('error.churn.option', { option: 'topK', value: String(topK) });
  const roles = options.roles ?? {};
  const userExcluded = new Set(options.exclude ?? []);
  const specs: ColumnSpec[] = [];
  const excluded: FeaturePipeline['excluded'] = [];
  for (const column of table.columns) {
    const role = roles[column.name];
    let reason: ExclusionReason | null = null;
    if (column.name === options.target) reason = 'target';
    else if (role && IDENTIFIER_ROLES.has(role)) reason = 'identifier';
    else if (role === 'ignore') reason = 'ignored';
    else if (userExcluded.has(column.name)) reason = 'user';
    if (reason) {
      excluded.push({ column: column.name, reason });
      continue;
    }
    const spec = fitColumn(column, rows, topK);
    if ('excluded' in spec) excluded.push({ column: column.name, reason: spec.excluded });
    else specs.push(spec);
  }
  const features = specs.flatMap(featuresOf);
  if (features.length === 0) throw new LensError('error.churn.noFeatures');
  return { version: 1, topK, specs, features, excluded };
}

/** Applies a fitted pipeline to the given rows of a table with the same columns. */
export function transform(
  pipeline: FeaturePipeline,
  table: Table,
  rows: Int32Array = allRows(table.rowCount),
): FeatureMatrix {
  const d = pipeline.features.length;
  const n = rows.length;
  const x = new Float64Array(n * d);
  let offset = 0;
  for (const spec of pipeline.specs) {
    const column = table.columns.find((c) => c.name === spec.column);
    if (!column) throw new LensError('error.churn.columnMissing', { column: spec.column });
    const width = featuresOf(spec).length;
    if (spec.kind === 'numeric' || spec.kind === 'binary') {
      for (let i = 0; i < n; i++) {
        const v = numberAt(column, rows[i]);
        const ok = Number.isFinite(v);
        const value = ok ? v : spec.mean;
        x[i * d + offset] = spec.kind === 'numeric' ? (value - spec.mean) / spec.std : value;
        if (spec.indicator) x[i * d + offset + 1] = ok ? 0 : 1;
      }
    } else if (spec.kind === 'flag') {
      for (let i = 0; i < n; i++) {
        const v = textAt(column, rows[i]);
        x[i * d + offset] = v === null ? spec.mean : v === spec.level ? 1 : 0;
        if (spec.indicator) x[i * d + offset + 1] = v === null ? 1 : 0;
      }
    } else {
      const index = new Map(spec.levels.map((level, j) => [level, j]));
      const otherAt = spec.other ? spec.levels.length : -1;
      const missingAt = spec.indicator ? spec.levels.length + (spec.other ? 1 : 0) : -1;
      // Per dictionary code, the feature it sets (computed once per code, not per row).
      const codeTarget =
        column.type === 'dict'
          ? column.dictionary.map((v) => index.get(v) ?? otherAt)
          : ([] as number[]);
      for (let i = 0; i < n; i++) {
        const r = rows[i];
        const j =
          column.type !== 'dict' || isNullAt(column.nulls, r)
            ? missingAt
            : codeTarget[column.codes[r]];
        if (j >= 0) x[i * d + offset + j] = 1;
      }
    }
    offset += width;
  }
  return { x, n, d };
}

/** The table value behind a feature for one row, as shown in explanations. */
export function rawValue(table: Table, column: string, row: number): number | string | null {
  const c = table.columns.find((col) => col.name === column);
  if (!c || isNullAt(c.nulls, row)) return null;
  return c.type === 'dict' ? c.dictionary[c.codes[row]] : c.values[row];
}

/** Which source column each feature belongs to, as group indices (in `columns` order). */
export function featureGroups(pipeline: FeaturePipeline): {
  columns: string[];
  group: Int32Array;
} {
  const columns = pipeline.specs.map((s) => s.column);
  const at = new Map(columns.map((c, i) => [c, i]));
  return {
    columns,
    group: Int32Array.from(pipeline.features.map((f) => at.get(f.column)!)),
  };
}

/** Raw value of a standardised numeric feature (for tree thresholds and rules). */
export function unstandardise(pipeline: FeaturePipeline, feature: number, value: number): number {
  const info = pipeline.features[feature];
  const spec = pipeline.specs.find((s) => s.column === info.column);
  if (!spec || spec.kind !== 'numeric' || info.kind !== 'numeric') return value;
  const days = value * spec.std + spec.mean;
  return spec.date ? days * DAY_MS : days;
}
