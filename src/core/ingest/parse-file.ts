/**
 * A file's bytes to a RawTable: detect what it is (Excel, binary, text and its encoding),
 * sniff the layout, then stream it in 4 MB slices through the decoder, the record parser
 * and the staging builder, so that memory holds the staged columns and a slice or two
 * (the next is read while one is parsed), never the whole text. UTF-8 delimited text
 * skips the decoder: lines and fields are found in the bytes (utf8-records.ts), and a
 * large file may be parsed in two parts at once (parse-part.ts). `previewFile` does the
 * same on the head only.
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
import { MIN_SPLIT_BYTES, findCut, type ParsedPart, type PartParser } from './parse-part.ts';
import { RawTableBuilder } from './stage.ts';
import {
  ReplacementCounter,
  Utf8RecordScanner,
  pushWhileReading,
  utf8Newline,
  utf8PathFits,
} from './utf8-records.ts';
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

/** How parseFile may read a text file (tests compare the paths). */
export interface ParsePaths {
  /** Use the UTF-8 byte path when the file fits it (default true); false: always decode first. */
  utf8Bytes?: boolean;
  /**
   * Parses the second half of a large UTF-8 file at the same time (parse-part.ts); without
   * it the file is read in one pass.
   */
  parts?: PartParser;
  /** Smallest file that is split (default MIN_SPLIT_BYTES; tests lower it). */
  minSplitBytes?: number;
}

export async function parseFile(
  source: ByteSource,
  options: ParseOptions = {},
  ctx: TaskContext = {},
  paths: ParsePaths = {},
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
  const encoding = opened.encoding.encoding;
  const baskets = dialect.format === 'baskets';
  const decoder = new StreamDecoder(encoding);
  const parser = new RecordParser(dialect);
  let lines = 0;
  let firstInvalidRow = 0;
  const timings = { read: 0, decode: 0, records: 0, partWait: 0 };

  let offset = opened.start;
  /** Where this pass stops reading: the end of the file, or the cut when the rest is parsed elsewhere. */
  let limit = source.size;
  let partDone = 0;
  const readAt = (at: number): Promise<Uint8Array> | null => {
    if (at >= limit) return null;
    const p = source.read(at, Math.min(SLICE_BYTES, limit - at));
    p.catch(() => undefined); // awaited below; this only keeps an early exit quiet
    return p;
  };
  let readStart = performance.now();
  let pending = readAt(offset);
  let bytes = pending ? await pending : new Uint8Array(0);

  // UTF-8 delimited text: lines and fields straight from the bytes (utf8-records.ts).
  const newline =
    paths.utf8Bytes !== false && !baskets && utf8PathFits(encoding, dialect)
      ? utf8Newline(bytes)
      : null;
  const ragged = options.ragged ?? 'warn';
  const builder = new RawTableBuilder(
    baskets ? true : dialect.header,
    ragged,
    newline ? dialect : undefined,
  );
  const scanner = newline ? new Utf8RecordScanner(dialect, newline, parser, builder) : null;
  scanner?.reserveFor(bytes, source.size);
  const replacements = scanner ? new ReplacementCounter(decoder) : null;

  if (baskets) builder.add([['basket', 'item']]);
  const feed = (records: string[][]): void => {
    if (baskets) {
      const kept = records.filter((r) => !isBlankRecord(r));
      builder.add(basketRows(kept, lines + 1));
      lines += kept.length;
    } else builder.add(records);
  };

  /** Parses slices until `limit`, starting with `bytes` (already read). */
  const pump = async (): Promise<void> => {
    while (pending) {
      throwIfCancelled(ctx.signal);
      if (bytes.length === 0) break;
      // A read asked for before the limit moved may reach past it.
      if (bytes.length > limit - offset) bytes = bytes.subarray(0, limit - offset);
      offset += bytes.length;
      pending = readAt(offset);
      const t1 = performance.now();
      timings.read += t1 - readStart;
      const final = offset >= source.size;
      const invalidBefore = decoder.invalid;
      let text = '';
      if (replacements) replacements.count(bytes, final);
      else text = decoder.decode(bytes, final);
      if (decoder.invalid > invalidBefore && firstInvalidRow === 0)
        firstInvalidRow = builder.records + 1;
      const t2 = performance.now();
      if (scanner) await pushWhileReading(scanner, bytes, source, pending !== null);
      else if (baskets) feed(parser.push(text));
      else parser.pushTo(builder, text, false);
      timings.decode += t2 - t1;
      timings.records += performance.now() - t2;
      ctx.onProgress?.({
        phase: PARSE_PHASE,
        done: offset + partDone,
        total: source.size,
        detail: { rows: builder.rowCount },
      });
      readStart = performance.now();
      if (pending) bytes = await pending;
      // After the first slice the columns are known: the rest may be cut in two.
      if (part === undefined) part = await startPart();
    }
  };

  // The later part stops when this parse is cancelled, fails or no longer needs it.
  let partStopped = false;
  const partSignal = {
    get aborted() {
      return partStopped || ctx.signal?.aborted === true;
    },
  };
  /** The later part being parsed elsewhere (null: none; undefined: not decided yet). */
  let part = (paths.parts ? undefined : null) as { result: Promise<ParsedPart> } | null | undefined;
  const startPart = async (): Promise<{ result: Promise<ParsedPart> } | null> => {
    if (!scanner || !newline || !paths.parts || ragged === 'refuse') return null;
    if (builder.columnNames.length === 0 || !pending) return null;
    if (source.size - offset < (paths.minSplitBytes ?? MIN_SPLIT_BYTES)) return null;
    const cut = await findCut(source, offset, newline);
    if (cut === null) return null;
    limit = cut;
    const request = { start: cut, dialect, newline, names: [...builder.columnNames] };
    const result = paths.parts(request, {
      signal: partSignal,
      onProgress: (p) => (partDone = p.done),
    });
    result.catch(() => undefined); // awaited below; this only keeps an early exit quiet
    return { result };
  };

  ctx.onProgress?.({ phase: PARSE_PHASE, done: 0, total: source.size, detail: { rows: 0 } });
  let joined = false;
  try {
    await pump();
    if (part) {
      const t0 = performance.now();
      // The cut was between records, and the later part holds nothing the one-pass parse
      // would number differently: append it. Otherwise parse the file in one pass.
      const later = scanner!.betweenRecords ? await part.result.catch(() => null) : null;
      timings.partWait = performance.now() - t0;
      throwIfCancelled(ctx.signal);
      if (!later || later.invalid > 0) {
        return await parseFile(source, options, ctx, { ...paths, parts: undefined });
      }
      builder.appendPart(later);
      joined = true;
    }
  } finally {
    partStopped = true;
  }
  if (scanner) scanner.end();
  else if (baskets) feed(parser.end());
  else parser.pushTo(builder, '', true);
  throwIfCancelled(ctx.signal);
  if (decoder.invalid > 0) {
    builder.warn({
      code: 'import.warn.invalidBytes',
      row: firstInvalidRow,
      params: { count: decoder.invalid, encoding },
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
    timings,
    ...(scanner ? { utf8Bytes: true } : {}),
    ...(joined ? { parts: 2 } : {}),
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
