/**
 * Lifetime value on the customer profiles: the columns of the newest CLV results of the
 * profiles' source transactions, joined onto the profile rows by customer id. Profiles
 * without a result (e.g. a first purchase after the calibration end) get missing values.
 */
import {
  cellValue,
  createNullBitmap,
  findColumn,
  isNullAt,
  setNullAt,
  type Column,
  type Table,
} from '../../core/table/index.ts';
import { readTable, type LensDb } from '../../store/index.ts';
import type { ClvReceipt } from '../../workers/api.ts';
import { CLV_PROFILE_COLUMNS } from './clvColumns.ts';

export { CLV_PROFILE_COLUMNS };

export interface ClvJoin {
  runId: number;
  resultsId: number;
  /** The transactions dataset the fit (and the profiles) came from. */
  sourceId: number;
  createdAt: number;
  /** The day the predictions are as of (epoch ms): the fit's calibration end. */
  asOf: number;
  /** The CLV columns aligned with the profile rows. */
  columns: Column[];
  /** Profiles that have a result. */
  matched: number;
}

/** Text of a customer id cell (ids may be stored as numbers). */
function idText(column: Column, row: number): string | null {
  const v = cellValue(column, row);
  return v === null ? null : String(v);
}

/** One results column reordered to the profile rows (`rows[i]` = results row or −1). */
function align(column: Column, rows: Int32Array): Column {
  const n = rows.length;
  let nulls: Uint8Array | undefined;
  const missing = (i: number): void => {
    nulls ??= createNullBitmap(n);
    setNullAt(nulls, i);
  };
  if (column.type === 'dict') {
    const codes = new Uint32Array(n);
    rows.forEach((r, i) => {
      if (r < 0 || isNullAt(column.nulls, r)) missing(i);
      else codes[i] = column.codes[r];
    });
    return { name: column.name, type: 'dict', codes, dictionary: column.dictionary, nulls };
  }
  const values = column.type === 'i32' ? new Int32Array(n) : new Float64Array(n);
  rows.forEach((r, i) => {
    if (r < 0 || isNullAt(column.nulls, r)) missing(i);
    else values[i] = column.values[r];
  });
  return column.type === 'i32'
    ? { name: column.name, type: 'i32', values: values as Int32Array, nulls }
    : { name: column.name, type: column.type, values: values as Float64Array, nulls };
}

/** The CLV columns of `results` aligned with the rows of `profiles` by customer_id. */
export function joinClvColumns(
  profiles: Table,
  results: Table,
): { columns: Column[]; matched: number } {
  const profileIds = findColumn(profiles, 'customer_id');
  const resultIds = findColumn(results, 'customer_id');
  const wanted = CLV_PROFILE_COLUMNS.map((name) => findColumn(results, name)).filter(
    (c): c is Column => c !== undefined,
  );
  if (!profileIds || !resultIds || wanted.length === 0) return { columns: [], matched: 0 };
  const rowOf = new Map<string, number>();
  for (let r = 0; r < results.rowCount; r++) {
    const id = idText(resultIds, r);
    if (id !== null && !rowOf.has(id)) rowOf.set(id, r);
  }
  const rows = new Int32Array(profiles.rowCount).fill(-1);
  let matched = 0;
  for (let i = 0; i < profiles.rowCount; i++) {
    const id = idText(profileIds, i);
    const r = id === null ? undefined : rowOf.get(id);
    if (r !== undefined) {
      rows[i] = r;
      matched++;
    }
  }
  return { columns: wanted.map((c) => align(c, rows)), matched };
}

/** The profiles with the joined CLV columns after their own (a profile column of the same name wins). */
export function withClvColumns(profiles: Table, join: ClvJoin | null): Table {
  if (!join || join.columns.length === 0) return profiles;
  const own = new Set(profiles.columns.map((c) => c.name));
  const extra = join.columns.filter((c) => !own.has(c.name));
  return extra.length === 0
    ? profiles
    : { rowCount: profiles.rowCount, columns: [...profiles.columns, ...extra] };
}

/** CLV receipts of one transactions dataset, newest first. */
export async function clvReceiptsOf(db: LensDb, sourceId: number): Promise<ClvReceipt[]> {
  const runs = (await db.runs
    .where('datasetId')
    .equals(sourceId)
    .filter((r) => r.kind === 'clv')
    .toArray()) as ClvReceipt[];
  return runs.sort((a, b) => b.createdAt - a.createdAt || (b.id ?? 0) - (a.id ?? 0));
}

/**
 * The newest CLV results of a transactions dataset whose results dataset still exists,
 * joined onto `profiles`; null when it was never fitted.
 */
export async function latestClvJoin(
  db: LensDb,
  sourceId: number,
  profiles: Table,
): Promise<ClvJoin | null> {
  for (const receipt of await clvReceiptsOf(db, sourceId)) {
    let results: Table;
    try {
      results = await readTable(db, receipt.resultsId);
    } catch {
      continue; // the results were deleted: try the fit before
    }
    const { columns, matched } = joinClvColumns(profiles, results);
    return {
      runId: receipt.id ?? 0,
      resultsId: receipt.resultsId,
      sourceId,
      createdAt: receipt.createdAt,
      asOf: receipt.resolved.calibrationEnd,
      columns,
      matched,
    };
  }
  return null;
}
