/**
 * The import pipeline end to end, shared by the ingest worker, the CLI and the demo
 * loader: guesses from a raw sample, typing of the whole file, the quality report, and
 * the cleaned table with its receipt. Each step is in its own module; this file only
 * puts them in order.
 */
import type { ColumnRole, Table } from '../table/index.ts';
import type { StatsCache } from '../table/stats.ts';
import type { TaskContext } from '../task.ts';
import { applyCleaning } from './clean.ts';
import { inferColumn } from './infer.ts';
import { buildQualityReport } from './quality.ts';
import { guessRoles, roleTypeFor } from './roles.ts';
import { typeTable } from './typing.ts';
import type {
  CleaningConfig,
  CleaningStepResult,
  ColumnGuess,
  ColumnSpec,
  ImportReceipt,
  ParsedFile,
  QualityReport,
  RawColumn,
  RawTable,
  TypedImport,
} from './types.ts';

/** The distinct raw values of a column and how often each occurs. */
export function distinctWithCounts(column: RawColumn, rowCount: number): Uint32Array {
  const counts = new Uint32Array(column.values.length);
  const codes = column.codes;
  for (let i = 0; i < rowCount; i++) counts[codes[i]]++;
  return counts;
}

/** Type and role guesses for every column of a raw table (a sample or the whole file). */
export function guessColumns(raw: RawTable): ColumnGuess[] {
  const inferred = raw.columns.map((c) => ({
    name: c.name,
    guess: inferColumn(c.name, c.values, distinctWithCounts(c, raw.rowCount)),
    distinct: c.values,
  }));
  const roles = guessRoles(inferred);
  // An id is text even when it looks numeric (ids are never summed).
  return inferred.map(({ guess }, i) => ({
    ...guess,
    type: roleTypeFor(roles[i].role, guess.type),
    role: roles[i].role,
    roleReason: roles[i].reason,
  }));
}

/** Column names the CDNOW files use (their README), for the headerless sample. */
const CDNOW_NAMES: Record<number, string[]> = {
  4: ['customer_id', 'date', 'number_of_cds', 'dollar_value'],
  5: ['master_id', 'customer_id', 'date', 'number_of_cds', 'dollar_value'],
};

/** Names the columns of a headerless CDNOW file (`--format cdnow`). */
export function nameCdnowColumns(raw: RawTable): void {
  const names = CDNOW_NAMES[raw.columns.length];
  if (names) raw.columns.forEach((c, i) => (c.name = names[i]));
}

/**
 * Specs to start the mapping from. Basket files are (basket, item) pairs by construction,
 * so their roles are known: the basket is the order, the item the product.
 */
export function guessSpecs(raw: RawTable, format: string): ColumnSpec[] {
  if (format === 'baskets') {
    return [
      { name: raw.columns[0].name, type: 'string', role: 'orderId' },
      { name: raw.columns[1].name, type: 'string', role: 'productName' },
    ];
  }
  return specsFromGuesses(guessColumns(raw));
}

export function specsFromGuesses(guesses: readonly ColumnGuess[]): ColumnSpec[] {
  return guesses.map((g) => ({
    name: g.name,
    type: g.type,
    role: g.role,
    ...(g.date ? { dayOrder: g.date.order } : {}),
    ...(g.number ? { decimal: g.number.decimal } : {}),
  }));
}

/**
 * Applies a remembered mapping to this file's columns by name; columns the preset does
 * not know keep their guess. Returns null when the header differs.
 */
export function applyPreset(guessed: ColumnSpec[], preset: ColumnSpec[]): ColumnSpec[] | null {
  if (preset.length !== guessed.length) return null;
  const byName = new Map(preset.map((s) => [s.name, s]));
  if (!guessed.every((g) => byName.has(g.name))) return null;
  return guessed.map((g) => ({ ...g, ...byName.get(g.name)!, name: g.name }));
}

export type GuessedKind = 'transactions' | 'customers' | 'baskets';

/** Transactions when the rows are orders (a date or an order id); customers when one row per customer. */
export function guessKind(roles: readonly ColumnRole[], format?: string): GuessedKind {
  if (format === 'baskets') return 'baskets';
  const has = (r: ColumnRole): boolean => roles.includes(r);
  if (has('orderDate') || has('orderId') || has('quantity') || has('unitPrice'))
    return 'transactions';
  return 'customers';
}

export interface TypedWithReport {
  typed: TypedImport;
  report: QualityReport;
  /**
   * Milliseconds of the steps: typing and the quality report, or (typeAndReportWithHelper)
   * the columns typed and described in two workers, then the table's findings.
   */
  timings: Record<string, number>;
  /** typeAndReportWithHelper: whether the helper did its share, and its duplicate mask stood. */
  split?: { helped: boolean; duplicatesFromCodes: boolean };
}

/** Types the parsed file with the user's specs and builds the "before cleaning" report. */
export function typeAndReport(
  parsed: ParsedFile,
  specs: ColumnSpec[],
  ctx?: TaskContext,
  /** Receives the column stats the report computes, for storing the table later. */
  stats?: StatsCache,
): TypedWithReport {
  const headerOffset = parsed.dialect.header ? 1 : 0;
  const t0 = performance.now();
  const typed = typeTable(parsed.table, specs, headerOffset, ctx);
  const t1 = performance.now();
  // The report's lines are data lines: the header is not one.
  const report = buildQualityReport(typed, parsed.records - headerOffset, ctx, stats);
  return { typed, report, timings: { type: t1 - t0, quality: performance.now() - t1 } };
}

export interface CleanedImport {
  table: Table;
  steps: CleaningStepResult[];
  after: QualityReport;
}

/** Cleans and reports again; the "after" report's lines are the rows kept. */
export function cleanAndReport(
  typed: TypedImport,
  config: CleaningConfig,
  ctx?: TaskContext,
  stats?: StatsCache,
): CleanedImport {
  const { table, steps } = applyCleaning(typed, config, ctx);
  const after = buildQualityReport(
    { table, roles: typed.roles, typing: retype(typed, table) },
    table.rowCount,
    ctx,
    stats,
  );
  return { table, steps, after };
}

/** Invalid-value findings belong to the raw file; after cleaning keep only the columns that remain. */
function retype(typed: TypedImport, table: Table): TypedImport['typing'] {
  const names = new Set(table.columns.map((c) => c.name));
  return typed.typing.filter((t) => names.has(t.name));
}

/** Whether any cleaning step is switched on. */
export function cleaningIsOn(config: CleaningConfig): boolean {
  return (
    config.dropDuplicates ||
    config.dropMissingCustomer ||
    config.returns !== 'keep' ||
    Object.values(config.fillNumeric).some((f) => f.method !== 'none') ||
    Object.values(config.fillCategory).some((f) => f !== 'none') ||
    Object.values(config.normalise).some(Boolean) ||
    Object.values(config.synonyms).some((m) => Object.keys(m).length > 0) ||
    Object.values(config.outliers).some((o) => o.method !== 'none')
  );
}

export interface ReceiptInput {
  parsed: ParsedFile;
  specs: ColumnSpec[];
  typed: TypedImport;
  before: QualityReport;
  cleaning?: { config: CleaningConfig; steps: CleaningStepResult[]; after: QualityReport };
  appVersion: string;
  timings: Record<string, number>;
}

export function buildReceipt(input: ReceiptInput): ImportReceipt {
  const { parsed } = input;
  return {
    version: 1,
    fileName: parsed.fileName,
    bytes: parsed.bytes,
    encoding: parsed.encoding.encoding,
    dialect: parsed.dialect,
    ...(parsed.sheets && parsed.sheet ? { sheet: parsed.sheet } : {}),
    specs: input.specs,
    typing: input.typed.typing,
    warnings: parsed.warnings,
    warningCount: parsed.warningCount,
    before: input.before,
    ...(input.cleaning
      ? {
          cleaning: { config: input.cleaning.config, steps: input.cleaning.steps },
          after: input.cleaning.after,
        }
      : {}),
    appVersion: input.appVersion,
    timings: input.timings,
  };
}
