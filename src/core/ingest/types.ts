/**
 * Contracts of the import pipeline (src/core/ingest). Pure data, shared by the parser,
 * the value typing, the quality report, cleaning, the ingest worker, the UI and the CLI.
 *
 * The pipeline:
 *   bytes ──decode+sniff──▶ records (string[]) ──stage──▶ RawTable (dict-encoded raw strings)
 *        ──type (per distinct value)──▶ Table + TypingReport ──clean──▶ Table ──▶ store
 * Typing works on each column's distinct raw strings, not on every cell: 541,909 lines of
 * Online Retail hold ~23k distinct timestamps and ~1.6k distinct prices, so decisions
 * such as D/M vs M/D are made from the whole column at the cost of its distinct values.
 */
import type { ColumnRole, ColumnType, Table } from '../table/index.ts';

// ───────────────────────────── bytes → text ─────────────────────────────

export const ENCODINGS = [
  'utf-8',
  'utf-16le',
  'utf-16be',
  'gb18030',
  'big5',
  'windows-1252',
] as const;
export type EncodingName = (typeof ENCODINGS)[number];

export interface EncodingGuess {
  encoding: EncodingName;
  /** A byte-order mark was found (and is skipped when decoding). */
  bom: boolean;
  /** How it was decided: a BOM, the only strict decoder that accepted the sample, or plausibility among several. */
  basis: 'bom' | 'strict' | 'plausible' | 'override';
  /** Other encodings that also decoded the sample without error, best first. */
  alternatives: EncodingName[];
}

/** Random access to the file's bytes: File/Blob in a browser, a file handle in Node, a buffer in tests. */
export interface ByteSource {
  readonly name: string;
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
  /**
   * Lets reads already asked for move on (a task yield: a worker's Blob read only advances
   * between the worker's tasks, never while it parses). Absent: reads need no help.
   */
  yieldToReads?(): Promise<void>;
}

// ───────────────────────────── text → records ─────────────────────────────

export type FileFormat = 'delimited' | 'whitespace' | 'baskets' | 'xlsx';

export interface Dialect {
  format: FileFormat;
  /** ',', '\t', ';', '|' for delimited; ignored for whitespace (runs of spaces/tabs separate). */
  delimiter: string;
  /** '"' or "'" (or '' for none). */
  quoteChar: string;
  /** The first record holds column names. */
  header: boolean;
}

/** What the user may fix before parsing; omitted fields are detected. */
export interface ParseOptions {
  encoding?: EncodingName;
  format?: FileFormat;
  delimiter?: string;
  quoteChar?: string;
  header?: boolean;
  /** Excel: the sheet to read (default: the first). */
  sheet?: string;
  /** Ragged rows: 'warn' imports them (pad with missing / drop extra fields, one warning each); 'refuse' stops with the first offenders. */
  ragged?: 'warn' | 'refuse';
}

/** Limits that protect the tab; exceeding one is a LensError naming it. */
export const INGEST_LIMITS = {
  maxColumns: 1000,
  /** A single field longer than this is refused (a runaway quote usually). */
  maxFieldChars: 32 * 1024 * 1024,
  previewRows: 100,
  /** Rows typed for the preview's type and role guesses. */
  sampleRows: 5000,
} as const;

export interface ParseWarning {
  /** i18n key, e.g. 'import.warn.tooManyFields'. */
  code: string;
  /** 1-based record number in the file, header included (what a spreadsheet shows). */
  row?: number;
  column?: string;
  params?: Record<string, string | number>;
}

/**
 * A parsed file before typing: every column dictionary-encodes its raw cell strings
 * ('' for an empty or absent field). `rowNumbers` maps a data row to its record number in
 * the file (header included), for messages such as "row 1,204".
 */
export interface RawColumn {
  name: string;
  codes: Uint32Array;
  values: string[];
}

export interface RawTable {
  rowCount: number;
  columns: RawColumn[];
  /** Record number in the file of data row i (1-based, header counted). Omitted = i + 1 + (header ? 1 : 0). */
  rowNumbers?: Uint32Array;
}

export interface ParsedFile {
  fileName: string;
  bytes: number;
  encoding: EncodingGuess;
  dialect: Dialect;
  /** Excel only: every sheet's name, and the one that was read. */
  sheets?: string[];
  sheet?: string;
  table: RawTable;
  /** Records in the file including the header line (the "lines" of the report). */
  records: number;
  /** The first warnings (at most 100) and how many there were. */
  warnings: ParseWarning[];
  warningCount: number;
  /** Milliseconds spent in the parser's phases (reading slices, decoding, records and staging). */
  timings?: Record<string, number>;
  /** True when the UTF-8 byte path (utf8-records.ts) read the text. */
  utf8Bytes?: boolean;
  /** 2 when the file was parsed in two parts at once (parse-part.ts). */
  parts?: number;
}

export interface Preview {
  fileName: string;
  bytes: number;
  encoding: EncodingGuess;
  dialect: Dialect;
  sheets?: string[];
  header: string[];
  /** The first INGEST_LIMITS.previewRows data rows as raw strings. */
  rows: string[][];
  /** Guesses from the first INGEST_LIMITS.sampleRows rows, one per column. */
  columns: ColumnGuess[];
  /** The sample reached the end of the file (so `rows.length` is the whole file). */
  complete: boolean;
  /** The sampled rows as a raw table (the worker guesses types and roles from it). */
  sample?: RawTable;
}

// ───────────────────────────── typing ─────────────────────────────

/** What the user sees and may override in the mapping. */
export const VALUE_TYPES = [
  'string',
  'integer',
  'decimal',
  'date',
  'datetime',
  'boolean',
  'category',
] as const;
export type ValueType = (typeof VALUE_TYPES)[number];

/** How day-month order of slash/dot/dash dates was read. */
export type DayOrder = 'ymd' | 'dmy' | 'mdy';

export interface DateFormatInfo {
  order: DayOrder;
  /** Both D/M and M/D fitted every value; `order` is the locale-free default (dmy unless told). */
  ambiguous: boolean;
  /** Counts of the spellings seen, e.g. { iso: 500, 'slash-dmy': 20, cjk: 3, compact: 1, excelSerial: 2 }. */
  spellings: Record<string, number>;
}

export interface NumberFormatInfo {
  decimal: '.' | ',';
  /** Currency signs seen (¥ ￥ $ € £). */
  currency: string[];
  percent: boolean;
  /** Values written as (12.50) for negatives. */
  parenthesesNegative: boolean;
}

export interface ColumnGuess {
  name: string;
  type: ValueType;
  role: ColumnRole;
  /** Why this role (i18n key + params), for the mapping's tooltip. */
  roleReason?: { code: string; params?: Record<string, string | number> };
  date?: DateFormatInfo;
  number?: NumberFormatInfo;
  /** Share of non-missing sample values that parse as `type` (0..1). */
  fit: number;
}

/** The user's decision for one column (starts from the guess). */
export interface ColumnSpec {
  name: string;
  type: ValueType;
  role: ColumnRole;
  /** For date/datetime: the day order to use when a value is ambiguous. */
  dayOrder?: DayOrder;
  /** For numbers: the decimal separator. */
  decimal?: '.' | ',';
}

export interface InvalidExample {
  row: number;
  value: string;
}

export interface ColumnTyping {
  name: string;
  type: ValueType;
  storage: ColumnType;
  /** Non-empty cells that did not parse as `type` (stored as missing). */
  invalid: number;
  /** The first (at most 5) invalid cells with their record numbers. */
  invalidExamples: InvalidExample[];
  date?: DateFormatInfo;
  number?: NumberFormatInfo;
}

export interface TypedImport {
  table: Table;
  roles: Record<string, ColumnRole>;
  typing: ColumnTyping[];
}

// ───────────────────────────── quality ─────────────────────────────

export interface ColumnQuality {
  name: string;
  type: ValueType;
  role: ColumnRole;
  missing: number;
  missingShare: number;
  distinct: number;
  min?: number;
  max?: number;
  mean?: number;
  median?: number;
  invalid: number;
  invalidExamples: InvalidExample[];
  /** Numeric columns: values outside [Q1 − 1.5·IQR, Q3 + 1.5·IQR]. */
  outliers?: { count: number; low: number; high: number; q1: number; q3: number };
  /** Numeric columns: 20 equal-width bins for the histogram; dict columns: the top 10 values. */
  histogram?: { edges: number[]; counts: number[] };
  top?: { value: string; count: number }[];
}

export interface QualityReason {
  /** i18n key of a plain sentence, e.g. 'quality.reason.missingCustomer'. */
  code: string;
  params?: Record<string, string | number>;
  /** Points taken off the score of 100. */
  penalty: number;
}

export interface QualityReport {
  /** Data lines (records) in the file, the header not counted — what pandas' len(read_csv(...)) gives. */
  lines: number;
  rows: number;
  columns: ColumnQuality[];
  /** Data rows that repeat an earlier row exactly (all columns). */
  duplicateLines: number;
  /** Rows whose customer id is missing (null when no column has the customerId role). */
  missingCustomerId: number | null;
  /** Return / cancellation lines: invoice starting with C, or negative quantity or amount. */
  cancellations: number;
  /** Rows with a negative amount (amount column, or quantity × unit price). */
  negativeAmounts: number;
  /** [first, last] order date (epoch ms) when an orderDate column exists. */
  dateRange: [number, number] | null;
  /** 0–100, with the reasons for every point taken off. */
  score: number;
  reasons: QualityReason[];
}

// ───────────────────────────── cleaning ─────────────────────────────

export type FillNumeric = 'none' | 'mean' | 'median' | 'constant';
export type FillCategory = 'none' | 'mode' | 'unknown';
export type ReturnsPolicy = 'keep' | 'exclude' | 'net';

export interface CleaningConfig {
  dropDuplicates: boolean;
  dropMissingCustomer: boolean;
  /** Per numeric column. */
  fillNumeric: Record<string, { method: FillNumeric; constant?: number }>;
  /** Per dict column. */
  fillCategory: Record<string, FillCategory>;
  /** Per dict column: trim, collapse spaces, full-width → half-width, and case-fold before mapping. */
  normalise: Record<string, boolean>;
  /** Per dict column: raw value → canonical value (applied after normalising). */
  synonyms: Record<string, Record<string, string>>;
  /** Per numeric column: cap at the percentiles [low, high] (e.g. [1, 99]), or only flag. */
  outliers: Record<string, { method: 'none' | 'flag' | 'cap'; low?: number; high?: number }>;
  /**
   * Returns: keep as is; exclude the return lines; or net them against purchases (drop a
   * return together with the matching earlier purchase of the same customer and product).
   */
  returns: ReturnsPolicy;
}

export interface CleaningStepResult {
  /** i18n key naming the step, e.g. 'clean.step.dropDuplicates'. */
  step: string;
  column?: string;
  /** Rows removed or cells changed by this step. */
  rowsRemoved: number;
  cellsChanged: number;
  /** Returns policy 'net': return lines with no matching earlier purchase (kept). */
  unmatched?: number;
  /** Fill steps: the value written into the missing cells. */
  value?: number | string;
  /** Outlier steps: the percentile bounds [low, high] in the column's units. */
  bounds?: [number, number];
}

export interface CleaningResult {
  table: Table;
  steps: CleaningStepResult[];
}

// ───────────────────────────── integration ─────────────────────────────

export interface JoinStats {
  /** Transaction rows whose key found a customer row. */
  matchedRows: number;
  /** Transaction rows whose key is missing or found no customer. */
  unmatchedRows: number;
  /** Distinct transaction keys with no customer row. */
  unmatchedKeys: number;
  /** Customer rows whose key appears in no transaction. */
  unusedCustomers: number;
  /** Keys that occur more than once in the customer table (the first row wins). */
  duplicateCustomerKeys: number;
  /** First few examples of each, for the dialog. */
  examples: { unmatched: string[]; unused: string[]; duplicates: string[] };
}

// ───────────────────────────── the receipt ─────────────────────────────

/** Stored as `DatasetRecord.report` of an imported dataset. */
export interface ImportReceipt {
  version: 1;
  fileName: string;
  bytes: number;
  sha256?: string;
  encoding: EncodingName;
  dialect: Dialect;
  sheet?: string;
  specs: ColumnSpec[];
  typing: ColumnTyping[];
  warnings: ParseWarning[];
  warningCount: number;
  before: QualityReport;
  cleaning?: { config: CleaningConfig; steps: CleaningStepResult[] };
  after?: QualityReport;
  join?: { datasetId: number; key: string; stats: JoinStats };
  appVersion: string;
  timings: Record<string, number>;
}
