/**
 * Parsing a UTF-8 delimited file in two parts at once. Once the first slice has fixed the
 * columns and the line ending, the rest of the file is cut at the first line break after
 * its middle; the part after the cut is parsed elsewhere (in the browser: a second
 * worker, so both halves run on their own cores) while the importing worker parses the
 * part before it, and the later part's rows are then appended (RawTableBuilder.appendPart).
 *
 * The cut is only right when it falls between records. That is known once the first part
 * reaches it: if a quoted field runs across the cut, or the later part met anything that
 * the whole-file parse would report with a row number (an error, invalid bytes), the
 * caller parses the whole file in one pass instead, so the outcome is always that of the
 * one-pass parse.
 */
import { throwIfCancelled } from '../errors.ts';
import type { TaskContext } from '../task.ts';
import { StreamDecoder } from './encoding.ts';
import { RecordParser } from './records.ts';
import { RawTableBuilder, type RawPart } from './stage.ts';
import type { ByteSource, Dialect } from './types.ts';
import { ReplacementCounter, Utf8RecordScanner, pushWhileReading } from './utf8-records.ts';

/** Files smaller than this are parsed in one pass: a second worker would not pay for itself. */
export const MIN_SPLIT_BYTES = 8 * 1024 * 1024;
/** Bytes searched after the middle for a line break. */
const CUT_WINDOW = 256 * 1024;
const PART_SLICE_BYTES = 4 * 1024 * 1024;

/** What the parser of the later part needs to know from the first. */
export interface PartRequest {
  /** Byte offset of the part's first record (just after a line break). */
  start: number;
  dialect: Dialect;
  newline: '\n' | '\r\n';
  /** The column names the first part's header (or first record) fixed. */
  names: string[];
}

export interface ParsedPart extends RawPart {
  /** U+FFFD characters the part decodes to (invalid bytes, or U+FFFD in the text). */
  invalid: number;
}

/** Parses the later part (in another worker, or in place in tests); progress in bytes of the part. */
export type PartParser = (request: PartRequest, ctx: TaskContext) => Promise<ParsedPart>;

/**
 * Where to cut the bytes [from, source.size): just after the first line break at or after
 * the middle, or null when none is found near it (or the cut would leave nothing after it).
 */
export async function findCut(
  source: ByteSource,
  from: number,
  newline: '\n' | '\r\n',
): Promise<number | null> {
  const mid = from + Math.floor((source.size - from) / 2);
  if (mid <= from) return null;
  // One byte before the middle, so a CRLF that straddles it is seen whole.
  const window = await source.read(mid - 1, Math.min(CUT_WINDOW, source.size - mid + 1));
  for (let i = 1; i < window.length; i++) {
    if (window[i] !== 10) continue;
    if (newline === '\r\n' && window[i - 1] !== 13) continue;
    const cut = mid + i;
    return cut < source.size ? cut : null;
  }
  return null;
}

/** The records of bytes [request.start, source.size), as a part to append to the first part's rows. */
export async function parsePart(
  source: ByteSource,
  request: PartRequest,
  ctx: TaskContext = {},
): Promise<ParsedPart> {
  const { dialect, newline, names, start } = request;
  const builder = new RawTableBuilder(false, 'warn', dialect, names);
  const parser = new RecordParser(dialect);
  const scanner = new Utf8RecordScanner(dialect, newline, parser, builder);
  const decoder = new StreamDecoder('utf-8');
  const replacements = new ReplacementCounter(decoder);
  const total = source.size - start;
  const readAt = (at: number): Promise<Uint8Array> | null => {
    if (at >= source.size) return null;
    const p = source.read(at, Math.min(PART_SLICE_BYTES, source.size - at));
    p.catch(() => undefined); // awaited below; this only keeps an early exit quiet
    return p;
  };
  let offset = start;
  let pending = readAt(offset);
  let first = true;
  while (pending) {
    const bytes = await pending;
    throwIfCancelled(ctx.signal);
    if (bytes.length === 0) break;
    if (first) scanner.reserveFor(bytes, total);
    first = false;
    offset += bytes.length;
    // Read one ahead: the next slice arrives while this one is parsed.
    pending = readAt(offset);
    replacements.count(bytes, offset >= source.size);
    await pushWhileReading(scanner, bytes, source, pending !== null);
    throwIfCancelled(ctx.signal);
    ctx.onProgress?.({ phase: 'progress.import.parse', done: offset - start, total });
  }
  scanner.end();
  return { ...builder.toPart(), invalid: decoder.invalid };
}
