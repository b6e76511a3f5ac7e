/**
 * Typing and the quality report in two workers. After a large file is parsed, the import
 * worker keeps some columns and hands the others, with every column's raw codes, to a
 * helper (the second parse worker, idle by then): the helper finds the duplicate rows on
 * the raw codes and types and describes its columns while the import worker does the
 * rest. The outcome is exactly that of `typeAndReport` (tests compare them): each column
 * is typed and described on its own, and the raw-code duplicate mask is used only when no
 * column's typing made two different raw values equal (else it is computed again on the
 * typed table).
 */
import { throwIfCancelled } from '../errors.ts';
import type { Column, ColumnRole } from '../table/index.ts';
import type { ColumnStats, StatsCache } from '../table/stats.ts';
import type { TaskContext } from '../task.ts';
import { duplicateRowMaskOfCodes, shareDuplicateRowMask } from './duplicates.ts';
import { buildQualityReport, columnQuality } from './quality.ts';
import { roleTypeFor } from './roles.ts';
import { TYPING_PHASE, rowNumbering, typeColumn, type TypedColumn } from './typing.ts';
import type { TypedWithReport } from './pipeline.ts';
import type {
  ColumnQuality,
  ColumnSpec,
  ColumnTyping,
  ParsedFile,
  RawColumn,
  TypedImport,
} from './types.ts';

/** Below this many cells (rows × kept columns) one worker does it all: a second would not pay. */
export const MIN_SPLIT_CELLS = 1_000_000;

/** The work handed to the helper. */
export interface ColumnJob {
  rowCount: number;
  /** 1 when the file had a header line (record numbers of invalid examples). */
  headerOffset: number;
  rowNumbers?: Uint32Array;
  /** The columns to type and describe here. */
  columns: { raw: RawColumn; spec: ColumnSpec }[];
  /** The raw codes of every kept column, in table order, for the duplicate rows. */
  duplicateCodes: Uint32Array[];
}

export interface DescribedColumn extends TypedColumn {
  quality: ColumnQuality;
  stats: ColumnStats | undefined;
}

export interface ColumnJobResult {
  columns: DescribedColumn[];
  /** duplicateRowMaskOfCodes of `duplicateCodes`. */
  duplicates: Uint8Array;
}

/** Runs a ColumnJob somewhere else (another worker); rejects when it could not. */
export type ColumnHelper = (job: ColumnJob, ctx: TaskContext) => Promise<ColumnJobResult>;

/** Types and describes one column (typeColumn, then the report's columnQuality). */
export function describeRawColumn(
  raw: RawColumn,
  spec: ColumnSpec,
  rowNumberOf: (row: number) => number,
  rowCount: number,
): DescribedColumn {
  const typed = typeColumn(raw, spec, rowNumberOf, rowCount);
  const cache: StatsCache = new Map();
  const quality = columnQuality(typed.column, spec.role, typed.typing, rowCount, cache);
  return { ...typed, quality, stats: cache.get(typed.column) };
}

/** What the helper runs. */
export function runColumnJob(job: ColumnJob, ctx?: TaskContext): ColumnJobResult {
  const duplicates = duplicateRowMaskOfCodes(job.duplicateCodes, job.rowCount, ctx);
  const rowNumberOf = rowNumbering(job.rowNumbers, job.headerOffset);
  const columns = job.columns.map(({ raw, spec }) => {
    throwIfCancelled(ctx?.signal);
    return describeRawColumn(raw, spec, rowNumberOf, job.rowCount);
  });
  return { columns, duplicates };
}

/**
 * Relative cost of typing and describing a column, by its type: numbers and dates are
 * parsed, summarised, sorted into quantiles and binned; text is counted.
 */
function columnCost(spec: ColumnSpec): number {
  const type = roleTypeFor(spec.role, spec.type);
  return type === 'string' || type === 'category' || type === 'boolean' ? 1 : 3;
}
/** The helper's duplicate mask, in the same units. */
const DUPLICATES_COST = 5;

/**
 * Which kept columns go to the helper: greedily, the costliest first, to the side with
 * less work so far (the helper starts with the duplicate mask).
 */
export function helperColumns(specs: readonly ColumnSpec[]): Set<number> {
  const kept = specs.map((s, i) => ({ s, i })).filter(({ s }) => s.role !== 'ignore');
  const byCost = [...kept].sort((a, b) => columnCost(b.s) - columnCost(a.s) || a.i - b.i);
  let here = 0;
  let there = DUPLICATES_COST;
  const out = new Set<number>();
  for (const { s, i } of byCost) {
    if (there < here) {
      out.add(i);
      there += columnCost(s);
    } else here += columnCost(s);
  }
  return out;
}

/**
 * typeAndReport (pipeline.ts) with a helper: the same typed table and report. Falls back
 * to doing everything here when the helper fails.
 */
export async function typeAndReportWithHelper(
  parsed: ParsedFile,
  specs: readonly ColumnSpec[],
  helper: ColumnHelper,
  ctx: TaskContext = {},
  stats?: StatsCache,
): Promise<TypedWithReport> {
  const t0 = performance.now();
  const raw = parsed.table;
  if (specs.length !== raw.columns.length) {
    throw new Error(`typeAndReport: ${specs.length} specs for ${raw.columns.length} columns`);
  }
  const headerOffset = parsed.dialect.header ? 1 : 0;
  const n = raw.rowCount;
  const there = helperColumns(specs);
  const job: ColumnJob = {
    rowCount: n,
    headerOffset,
    ...(raw.rowNumbers ? { rowNumbers: raw.rowNumbers } : {}),
    columns: [...there].map((i) => ({ raw: raw.columns[i], spec: specs[i] })),
    duplicateCodes: specs.flatMap((s, i) => (s.role === 'ignore' ? [] : [raw.columns[i].codes])),
  };
  const remote = helper(job, ctx).then(
    (result) => result,
    () => null,
  );

  const rowNumberOf = rowNumbering(raw.rowNumbers, headerOffset);
  const described: (DescribedColumn | undefined)[] = specs.map(() => undefined);
  const kept = specs.filter((s) => s.role !== 'ignore').length;
  let done = 0;
  const progress = (): void => ctx.onProgress?.({ phase: TYPING_PHASE, done, total: kept });
  progress();
  for (let i = 0; i < specs.length; i++) {
    if (specs[i].role === 'ignore' || there.has(i)) continue;
    throwIfCancelled(ctx.signal);
    described[i] = describeRawColumn(raw.columns[i], specs[i], rowNumberOf, n);
    done++;
    progress();
  }
  const tWait = performance.now();
  const result = await remote;
  const helperWait = performance.now() - tWait;
  throwIfCancelled(ctx.signal);
  [...there].forEach((i, k) => {
    // When the helper failed, its columns are done here.
    described[i] =
      result?.columns[k] ?? describeRawColumn(raw.columns[i], specs[i], rowNumberOf, n);
    done++;
    progress();
  });

  const columns: Column[] = [];
  const typing: ColumnTyping[] = [];
  const qualities: ColumnQuality[] = [];
  const roles: Record<string, ColumnRole> = {};
  let merges = false;
  specs.forEach((spec, i) => {
    const d = described[i];
    if (spec.role === 'ignore' || !d) return;
    columns.push(d.column);
    typing.push(d.typing);
    qualities.push(d.quality);
    roles[spec.name] = spec.role;
    if (d.stats) stats?.set(d.column, d.stats);
    merges ||= d.mergesRawValues;
  });
  const typed: TypedImport = { table: { rowCount: n, columns }, roles, typing };
  if (result && !merges) shareDuplicateRowMask(typed.table, result.duplicates);
  const t1 = performance.now();
  const report = buildQualityReport(typed, parsed.records - headerOffset, ctx, stats, qualities);
  const timings = { columns: t1 - t0, helperWait, quality: performance.now() - t1 };
  return {
    typed,
    report,
    timings,
    split: { helped: result !== null, duplicatesFromCodes: result !== null && !merges },
  };
}
