/**
 * The teaching mode's points: two numeric columns of a customer profiles table (the demo
 * shop's, or the user's open profiles), rows with both values finite, a seeded random
 * sample of at most `size` of them (kept in table order), scaled as chosen.
 *
 * The demo shop here is a 2,000-customer demo (seed 42) generated and profiled in the page
 * once per visit (about 0.2 s); it never touches the stored datasets.
 */
import { buildProfiles } from '../../core/customers/profiles.ts';
import { generateDemoShop } from '../../core/demo/index.ts';
import { fitScaler, inverseTransform, transform, type Scaler } from '../../core/cluster/scale.ts';
import { createRng } from '../../core/stats/random.ts';
import { findColumn, isNullAt, type Table } from '../../core/table/index.ts';

export type LearnScaling = 'log1p-z' | 'z' | 'none';
export const LEARN_SCALINGS: readonly LearnScaling[] = ['log1p-z', 'z', 'none'];
export const POINT_COUNTS = [200, 500, 1000, 2000] as const;
export const DEFAULT_POINTS = 500;
export const MAX_POINTS = 2000;
export const DEMO_CUSTOMERS = 2000;
export const DEMO_SEED = 42;
/** The sample does not follow the start's seed: new starts keep the same points. */
export const SAMPLE_SEED = 1;
export const DEFAULT_COLUMNS = ['recency_days', 'monetary'] as const;

/** Profile columns that are not measurements of the customer. */
const NOT_FEATURES: ReadonlySet<string> = new Set(['customer_id']);

let demo: Table | null = null;

/** The demo shop's customer profiles (generated on the first call, then cached). */
export function demoProfiles(): Table {
  if (!demo) {
    const shop = generateDemoShop({ customers: DEMO_CUSTOMERS, seed: DEMO_SEED });
    demo = buildProfiles(shop.transactions, shop.roles.transactions).table;
  }
  return demo;
}

/** Numeric (f64 / i32) columns, in table order. */
export function numericColumns(table: Table): string[] {
  return table.columns
    .filter((c) => (c.type === 'f64' || c.type === 'i32') && !NOT_FEATURES.has(c.name))
    .map((c) => c.name);
}

export interface LearnPoints {
  /** n×2, the chosen columns in original units. */
  raw: Float64Array;
  /** n×2, scaled: what k-means sees and the plot shows. */
  points: Float64Array;
  n: number;
  /** Table rows of the points. */
  rows: Uint32Array;
  /** Rows with both values finite (sampled from when more than `size`). */
  available: number;
  /** Rows left out for a missing or non-finite value. */
  dropped: number;
  sampled: boolean;
  scaler: Scaler;
}

function numericValue(table: Table, name: string, row: number): number {
  const column = findColumn(table, name);
  if (!column || (column.type !== 'f64' && column.type !== 'i32')) return NaN;
  if (isNullAt(column.nulls, row)) return NaN;
  return column.values[row];
}

export function buildPoints(
  table: Table,
  x: string,
  y: string,
  scaling: LearnScaling,
  size: number,
  seed = SAMPLE_SEED,
): LearnPoints {
  const usable: number[] = [];
  for (let r = 0; r < table.rowCount; r++) {
    if (Number.isFinite(numericValue(table, x, r)) && Number.isFinite(numericValue(table, y, r)))
      usable.push(r);
  }
  const available = usable.length;
  const take = Math.min(size, available);
  let rows: number[];
  if (take < available) {
    // A partial Fisher–Yates shuffle, then back into table order.
    const rng = createRng(seed);
    const pool = usable.slice();
    for (let i = 0; i < take; i++) {
      const j = i + Math.min(available - i - 1, Math.floor(rng.next() * (available - i)));
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    rows = pool.slice(0, take).sort((a, b) => a - b);
  } else rows = usable;
  const raw = new Float64Array(rows.length * 2);
  rows.forEach((r, i) => {
    raw[2 * i] = numericValue(table, x, r);
    raw[2 * i + 1] = numericValue(table, y, r);
  });
  const scaler = fitScaler(raw, rows.length, 2, scaling);
  return {
    raw,
    points: transform(scaler, raw, rows.length),
    n: rows.length,
    rows: Uint32Array.from(rows),
    available,
    dropped: table.rowCount - available,
    sampled: take < available,
    scaler,
  };
}

/** Centroids (k×2) from the scaled space back to the columns' units. */
export function centroidsInOriginalUnits(data: LearnPoints, centroids: Float64Array): Float64Array {
  return inverseTransform(data.scaler, centroids, centroids.length / 2);
}
