/**
 * The feature matrix a clustering runs on, built from a table (customer profiles, or any
 * typed table such as a CSV read by the CLI).
 *
 * - `columns`: numeric (f64, i32) and date columns, in the given order. Dates become days
 *   since 1970-01-01 (epoch milliseconds / 86,400,000), so centroids read in days.
 * - `oneHot`: text (dict) columns to one-hot encode, one 0/1 feature per value that
 *   occurs in the rows used, named `column=value`, in dictionary order. A one-hot column
 *   may also be listed in `columns`; it then takes that position. A text column in
 *   `columns` but not in `oneHot` is an error (`error.cluster.textColumn`).
 * - Missing values (null, or a non-finite number): `drop` leaves the row out;
 *   `impute-median` fills a numeric value with the column's median over the rows that
 *   have one, and a text value with the most frequent value (the categorical analogue,
 *   scikit-learn's `most_frequent`). `dropped` counts rows left out, `imputed` counts the
 *   values filled in.
 * - `scaling`: one for every feature, or per feature name (a one-hot feature also looks up
 *   its source column's name); a feature absent from the record is not scaled ('none').
 *   See scale.ts.
 */
import { LensError } from '../errors.ts';
import { findColumn, isNullAt, type Column, type DictColumn, type Table } from '../table/index.ts';
import { fitScaler, transform, type Scaler, type Scaling } from './scale.ts';

export interface FeatureSpec {
  columns: string[];
  oneHot?: string[];
  scaling: Scaling | Record<string, Scaling>;
  missing: 'drop' | 'impute-median';
}

export interface FeatureMatrix {
  /** n×d in original units (dates as days, one-hot as 0/1). */
  raw: Float64Array;
  /** n×d, scaled: what the clustering sees. */
  scaled: Float64Array;
  n: number;
  d: number;
  /** Feature names; one-hot features are 'column=value'. */
  names: string[];
  /** The table row of each matrix row (rows with a missing value are absent under 'drop'). */
  rows: Uint32Array;
  /** Rows left out for a missing value. */
  dropped: number;
  /** Values filled in (median, or most frequent text value). */
  imputed: number;
  scaler: Scaler;
}

export const DEFAULT_FEATURES = ['recency_days', 'frequency', 'monetary'];

const DAY_MS = 86_400_000;

type Source = { kind: 'number'; column: Column } | { kind: 'oneHot'; column: DictColumn };

/** Value of a numeric/date source at a row; NaN when missing. */
function numberAt(column: Column, row: number): number {
  if (column.type === 'dict' || isNullAt(column.nulls, row)) return NaN;
  const v = column.values[row];
  if (!Number.isFinite(v)) return NaN;
  return column.type === 'date' ? v / DAY_MS : v;
}

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  const m = values.length >> 1;
  return values.length % 2 === 1 ? values[m] : (values[m - 1] + values[m]) / 2;
}

function resolveSources(table: Table, spec: FeatureSpec): Source[] {
  const oneHot = new Set(spec.oneHot ?? []);
  const seen = new Set<string>();
  const sources: Source[] = [];
  const add = (name: string, encode: boolean): void => {
    if (seen.has(name)) return;
    seen.add(name);
    const column = findColumn(table, name);
    if (!column) throw new LensError('error.cluster.column', { column: name });
    if (encode) {
      if (column.type !== 'dict')
        throw new LensError('error.cluster.oneHotColumn', { column: name });
      sources.push({ kind: 'oneHot', column });
    } else {
      if (column.type === 'dict') throw new LensError('error.cluster.textColumn', { column: name });
      sources.push({ kind: 'number', column });
    }
  };
  for (const name of spec.columns) add(name, oneHot.has(name));
  for (const name of oneHot) add(name, true);
  if (sources.length === 0) throw new LensError('error.cluster.noFeatures', { d: 0 });
  return sources;
}

/** Builds, fills and scales the feature matrix of `table` (see the file comment). */
export function buildFeatures(table: Table, spec: FeatureSpec): FeatureMatrix {
  if (spec.missing !== 'drop' && spec.missing !== 'impute-median') {
    throw new LensError('error.cluster.missing', { missing: String(spec.missing) });
  }
  const sources = resolveSources(table, spec);
  const total = table.rowCount;
  const isMissing = (s: Source, row: number): boolean =>
    s.kind === 'number' ? Number.isNaN(numberAt(s.column, row)) : isNullAt(s.column.nulls, row);

  // Rows used.
  let rows: Uint32Array;
  if (spec.missing === 'drop') {
    const kept: number[] = [];
    for (let r = 0; r < total; r++) if (!sources.some((s) => isMissing(s, r))) kept.push(r);
    rows = Uint32Array.from(kept);
  } else rows = Uint32Array.from({ length: total }, (_, i) => i);
  const n = rows.length;
  if (n === 0) throw new LensError('error.cluster.noPoints', { n: 0 });

  // Fill-in values (impute-median) and the one-hot categories of each source.
  let imputed = 0;
  const fill: number[] = sources.map(() => NaN);
  const categories: number[][] = [];
  sources.forEach((s, k) => {
    if (s.kind === 'number') {
      if (spec.missing === 'impute-median') {
        const present: number[] = [];
        for (const r of rows) {
          const v = numberAt(s.column, r);
          if (!Number.isNaN(v)) present.push(v);
        }
        if (present.length === 0) {
          throw new LensError('error.cluster.allMissing', { column: s.column.name });
        }
        if (present.length < n) fill[k] = median(present);
        imputed += n - present.length;
      }
      categories.push([]);
      return;
    }
    const counts = new Float64Array(s.column.dictionary.length);
    let present = 0;
    for (const r of rows) {
      if (isNullAt(s.column.nulls, r)) continue;
      counts[s.column.codes[r]]++;
      present++;
    }
    if (present === 0) throw new LensError('error.cluster.allMissing', { column: s.column.name });
    if (present < n) {
      let mode = 0;
      for (let c = 1; c < counts.length; c++) if (counts[c] > counts[mode]) mode = c;
      fill[k] = mode;
      counts[mode] += n - present;
      imputed += n - present;
    }
    const used: number[] = [];
    counts.forEach((count, c) => {
      if (count > 0) used.push(c);
    });
    categories.push(used);
  });

  const names: string[] = [];
  const featureSource: string[] = [];
  sources.forEach((s, k) => {
    if (s.kind === 'number') {
      names.push(s.column.name);
      featureSource.push(s.column.name);
    } else {
      for (const c of categories[k]) {
        names.push(`${s.column.name}=${s.column.dictionary[c]}`);
        featureSource.push(s.column.name);
      }
    }
  });
  const d = names.length;
  const raw = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    let j = 0;
    sources.forEach((s, k) => {
      if (s.kind === 'number') {
        const v = numberAt(s.column, r);
        raw[i * d + j++] = Number.isNaN(v) ? fill[k] : v;
      } else {
        const code = isNullAt(s.column.nulls, r) ? fill[k] : s.column.codes[r];
        for (const c of categories[k]) raw[i * d + j++] = c === code ? 1 : 0;
      }
    });
  }

  const scalings: Scaling[] =
    typeof spec.scaling === 'string'
      ? names.map(() => spec.scaling as Scaling)
      : names.map((name, j) => {
          const record = spec.scaling as Record<string, Scaling>;
          if (Object.hasOwn(record, name)) return record[name];
          if (Object.hasOwn(record, featureSource[j])) return record[featureSource[j]];
          return 'none';
        });
  const scaler = fitScaler(raw, n, d, scalings);
  return {
    raw,
    scaled: transform(scaler, raw, n),
    n,
    d,
    names,
    rows,
    dropped: total - n,
    imputed,
    scaler,
  };
}
