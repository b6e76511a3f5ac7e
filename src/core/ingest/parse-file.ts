/**
 * A file's bytes to a RawTable: detect what it is (Excel, binary, text and its encoding),
 * sniff the layout, then stream it in 4 MB slices through the decoder, the record parser
 * and the staging builder, so that memory holds the staged columns and one slice, never
 * the whole text. `previewFile` does the same on the head only.
 */
import { LensError, throwIfCancelled } from '../errors.ts';
import type { TaskContext } from '../task.ts';
import {
  DETECT_BYTES,
  StreamDecoder,
  bomLength,
  detectBinary,
  detectEncoding,
} from './encoding.ts';
import { RecordParser, isBlankRecord } from './records.ts';
import { looksLikeHeader, sniffDialect } from './sniff.ts';
import { RawTableBuilder } from './stage.ts';
import {
  INGEST_LIMITS,
  type ByteSource,
  type Dialect,
  type EncodingGuess,
  type ParseOptions,
  type ParsedFile,
  type Preview,
  type RawTable,
} from './types.ts';

export const SLICE_BYTES = 4 * 1024 * 1024;
/** Bytes read for a preview (or the whole file when smaller). */
export const PREVIEW_BYTES = 1024 * 1024;
/** Text the dialect is sniffed from. */
const SNIFF_CHARS = 64 * 1024;
const PARSE_PHASE = 'progress.import.parse';

export function bytesSource(name: string, bytes: Uint8Array): ByteSource {
  return {
    name,
    size: bytes.byteLength,
    read: async (offset, length) =>
      bytes.subarray(offset, Math.min(bytes.byteLength, offset + length)),
  };
}

interface Opened {
  head: Uint8Array;
  encoding: EncodingGuess;
  /** Bytes of the BOM to skip. */
  start: number;
  dialect: Dialect;
}

const XLSX_ENCODING: EncodingGuess = {
  encoding: 'utf-8',
  bom: false,
  basis: 'strict',
  alternatives: [],
};

/** `length` bytes from `offset` (fewer only at the end), whatever a single read returns. */
async function readFully(source: ByteSource, offset: number, length: number): Promise<Uint8Array> {
  const want = Math.min(length, source.size - offset);
  const first = await source.read(offset, want);
  if (first.length >= want) return first;
  const out = new Uint8Array(want);
  out.set(first);
  let done = first.length;
  while (done < want) {
    const more = await source.read(offset + done, want - done);
    if (more.length === 0) break;
    out.set(more, done);
    done += more.length;
  }
  return done === want ? out : out.subarray(0, done);
}

async function readHead(source: ByteSource, bytes: number): Promise<Uint8Array> {
  if (source.size === 0) throw new LensError('error.import.empty', { file: source.name });
  return readFully(source, 0, bytes);
}

/** Encoding and dialect of a text file; throws for empty and binary files. */
async function openText(source: ByteSource, options: ParseOptions): Promise<Opened> {
  const head = await readHead(source, Math.max(DETECT_BYTES, PREVIEW_BYTES));
  const binary = detectBinary(head);
  if (binary) throw new LensError('error.import.binary', { file: source.name, kind: binary.kind });
  const encoding: EncodingGuess = options.encoding
    ? {
        encoding: options.encoding,
        bom: bomLength(head, options.encoding) > 0,
        basis: 'override',
        alternatives: [],
      }
    : detectEncoding(head.subarray(0, DETECT_BYTES));
  const start = bomLength(head, encoding.encoding);
  const text = new StreamDecoder(encoding.encoding).decode(
    head.subarray(start),
    source.size <= head.length,
  );
  if (text.trim() === '') throw new LensError('error.import.empty', { file: source.name });
  const dialect = sniffDialect(text.slice(0, SNIFF_CHARS), options);
  return { head, encoding, start, dialect };
}

/** ZIP magic and an Excel file name (or the user said so); the reader checks the rest. */
function isXlsxFile(source: ByteSource, head: Uint8Array, options: ParseOptions): boolean {
  if (options.format === 'xlsx') return true;
  const zip = head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
  return zip && (/\.xlsx$/i.test(source.name) || containsAscii(head, 'xl/'));
}

function containsAscii(bytes: Uint8Array, text: string): boolean {
  const first = text.charCodeAt(0);
  outer: for (let i = bytes.indexOf(first); i >= 0; i = bytes.indexOf(first, i + 1)) {
    for (let j = 1; j < text.length; j++) if (bytes[i + j] !== text.charCodeAt(j)) continue outer;
    return true;
  }
  return false;
}

/** Baskets: every non-empty item of line n becomes a (basket n, item) row. */
function basketRows(records: string[][], firstLine: number): string[][] {
  const out: string[][] = [];
  records.forEach((items, i) => {
    const basket = String(firstLine + i);
    for (const item of items) {
      const trimmed = item.trim();
      if (trimmed !== '') out.push([basket, trimmed]);
    }
  });
  return out;
}

function finishOrThrow(builder: RawTableBuilder, file: string): RawTable {
  if (builder.rowCount === 0) {
    throw new LensError(
      builder.columnNames.length > 0 ? 'error.import.headerOnly' : 'error.import.empty',
      { file },
    );
  }
  return builder.finish();
}

async function parseXlsx(
  source: ByteSource,
  options: ParseOptions,
  maxRows: number,
): Promise<{
  table: RawTable;
  dialect: Dialect;
  sheets: string[];
  sheet: string;
  records: number;
  builder: RawTableBuilder;
}> {
  const bytes = await readFully(source, 0, source.size);
  // Loaded only for workbooks: the xlsx reader is a large module text files never need.
  const { readXlsx } = await import('./xlsx.ts');
  const book = await readXlsx(bytes, options.sheet);
  const records = book.records.filter((r) => !isBlankRecord(r));
  const header = options.header ?? looksLikeHeader(records.slice(0, 50));
  const builder = new RawTableBuilder(header, options.ragged ?? 'warn');
  builder.add(records.slice(0, maxRows + (header ? 1 : 0)));
  const table = finishOrThrow(builder, source.name);
  return {
    table,
    dialect: { format: 'xlsx', delimiter: '', quoteChar: '', header },
    sheets: book.sheets,
    sheet: book.sheet,
    records: builder.dataRecords,
    builder,
  };
}

export async function parseFile(
  source: ByteSource,
  options: ParseOptions = {},
  ctx: TaskContext = {},
): Promise<ParsedFile> {
  const head = await readHead(source, DETECT_BYTES);
  if (isXlsxFile(source, head, options)) {
    const x = await parseXlsx(source, options, Number.MAX_SAFE_INTEGER);
    return {
      fileName: source.name,
      bytes: source.size,
      encoding: XLSX_ENCODING,
      dialect: x.dialect,
      sheets: x.sheets,
      sheet: x.sheet,
      table: x.table,
      records: x.records,
      warnings: x.builder.warnings,
      warningCount: x.builder.warningCount,
    };
  }
  const opened = await openText(source, options);
  const { dialect } = opened;
  const baskets = dialect.format === 'baskets';
  const builder = new RawTableBuilder(baskets ? true : dialect.header, options.ragged ?? 'warn');
  if (baskets) builder.add([['basket', 'item']]);
  const decoder = new StreamDecoder(opened.encoding.encoding);
  const parser = new RecordParser(dialect);
  let lines = 0;
  let firstInvalidRow = 0;
  const feed = (records: string[][]): void => {
    if (baskets) {
      const kept = records.filter((r) => !isBlankRecord(r));
      builder.add(basketRows(kept, lines + 1));
      lines += kept.length;
    } else builder.add(records);
  };

  let offset = opened.start;
  ctx.onProgress?.({ phase: PARSE_PHASE, done: 0, total: source.size, detail: { rows: 0 } });
  while (offset < source.size) {
    throwIfCancelled(ctx.signal);
    const bytes = await source.read(offset, Math.min(SLICE_BYTES, source.size - offset));
    if (bytes.length === 0) break;
    offset += bytes.length;
    const invalidBefore = decoder.invalid;
    const text = decoder.decode(bytes, offset >= source.size);
    if (decoder.invalid > invalidBefore && firstInvalidRow === 0)
      firstInvalidRow = builder.records + 1;
    if (baskets) feed(parser.push(text));
    else parser.pushTo(builder, text, false);
    ctx.onProgress?.({
      phase: PARSE_PHASE,
      done: offset,
      total: source.size,
      detail: { rows: builder.rowCount },
    });
  }
  if (baskets) feed(parser.end());
  else parser.pushTo(builder, '', true);
  throwIfCancelled(ctx.signal);
  if (decoder.invalid > 0) {
    builder.warn({
      code: 'import.warn.invalidBytes',
      row: firstInvalidRow,
      params: { count: decoder.invalid, encoding: opened.encoding.encoding },
    });
  }
  const table = finishOrThrow(builder, source.name);
  return {
    fileName: source.name,
    bytes: source.size,
    encoding: opened.encoding,
    dialect,
    table,
    records: baskets ? lines : builder.dataRecords,
    warnings: builder.warnings,
    warningCount: builder.warningCount,
  };
}

/** Rows of a raw table as strings, for showing them. */
function rowsOf(table: RawTable, limit: number): string[][] {
  const n = Math.min(limit, table.rowCount);
  const out: string[][] = [];
  for (let r = 0; r < n; r++) out.push(table.columns.map((c) => c.values[c.codes[r]]));
  return out;
}

export async function previewFile(
  source: ByteSource,
  options: ParseOptions = {},
  ctx: TaskContext = {},
): Promise<Preview> {
  ctx.onProgress?.({ phase: PARSE_PHASE, done: 0, total: 0 });
  const head = await readHead(source, DETECT_BYTES);
  const limit = INGEST_LIMITS.sampleRows;
  if (isXlsxFile(source, head, options)) {
    const x = await parseXlsx(source, options, limit);
    return {
      fileName: source.name,
      bytes: source.size,
      encoding: XLSX_ENCODING,
      dialect: x.dialect,
      sheets: x.sheets,
      header: x.table.columns.map((c) => c.name),
      rows: rowsOf(x.table, INGEST_LIMITS.previewRows),
      columns: [],
      complete: x.records - (x.dialect.header ? 1 : 0) <= limit,
      sample: x.table,
    };
  }
  const opened = await openText(source, options);
  const { dialect } = opened;
  const whole = opened.head.length >= source.size;
  const text = new StreamDecoder(opened.encoding.encoding).decode(
    opened.head.subarray(opened.start),
    whole,
  );
  const parser = new RecordParser(dialect);
  let records = parser.push(text);
  if (whole) records = records.concat(parser.end());
  const baskets = dialect.format === 'baskets';
  const builder = new RawTableBuilder(baskets ? true : dialect.header, 'warn');
  if (baskets) {
    builder.add([['basket', 'item']]);
    builder.add(basketRows(records.filter((r) => !isBlankRecord(r)).slice(0, limit), 1));
  } else builder.add(records.slice(0, limit + (dialect.header ? 1 : 0)));
  const table = finishOrThrow(builder, source.name);
  return {
    fileName: source.name,
    bytes: source.size,
    encoding: opened.encoding,
    dialect,
    header: table.columns.map((c) => c.name),
    rows: rowsOf(table, INGEST_LIMITS.previewRows),
    columns: [],
    complete: whole && records.length <= limit,
    sample: table,
  };
}
