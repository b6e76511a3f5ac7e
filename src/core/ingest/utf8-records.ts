/**
 * The parser's fast path for UTF-8 delimited files (nearly every export): lines and
 * fields are found in the file's bytes and every field is looked up in its column's
 * byte-keyed dictionary (stage.ts), so the text is never decoded as a whole and no string
 * is made for a value seen before. A value is decoded once, the first time it occurs.
 *
 * The outcome is exactly that of the text path (decode → RecordParser → RawTableBuilder):
 * UTF-8 cut at ASCII bytes (delimiters, quotes, line breaks) decodes piece by piece to
 * the same characters as a whole, lines break at the same places, and any line that
 * holds a quote character or continues a quoted field is decoded and handed to the same
 * RecordParser (and PapaParse) as before. Lines that cross a slice boundary are carried
 * as bytes until their line break arrives.
 *
 * Used for line endings LF and CRLF (a line ending in a lone CR stays on the text path),
 * a single-character ASCII delimiter and a single-character ASCII quote.
 */
import type { StreamDecoder } from './encoding.ts';
import { guessNewline, type RecordParser } from './records.ts';
import { decodeUtf8 } from './byte-dict.ts';
import type { RawTableBuilder } from './stage.ts';
import type { ByteSource, Dialect, EncodingName } from './types.ts';

const DELIMITER = 1;
const LINE_FEED = 2;
const QUOTE = 3;

/** Bytes of the first slice decoded to decide the line ending (≥ the 64k characters guessNewline reads). */
const NEWLINE_SAMPLE_BYTES = 256 * 1024;

function asciiChar(s: string): boolean {
  return s.length === 1 && s.charCodeAt(0) < 128 && s !== '\n' && s !== '\r';
}

/** Whether the byte path can read a file of this encoding and dialect. */
export function utf8PathFits(encoding: EncodingName, dialect: Dialect): boolean {
  return (
    encoding === 'utf-8' &&
    dialect.format === 'delimited' &&
    asciiChar(dialect.delimiter) &&
    asciiChar(dialect.quoteChar) &&
    dialect.quoteChar !== dialect.delimiter
  );
}

/**
 * The line ending the text path would choose from the same first slice, or null when the
 * byte path cannot take the file (a lone CR ends lines, or no line break in the sample).
 */
export function utf8Newline(first: Uint8Array): '\n' | '\r\n' | null {
  const sample = new TextDecoder('utf-8', { ignoreBOM: true }).decode(
    first.subarray(0, NEWLINE_SAMPLE_BYTES),
    { stream: true },
  );
  if (!/\r[^]|\n/.test(sample)) return null;
  const newline = guessNewline(sample);
  return newline === '\r' ? null : newline;
}

/** Index of the first byte ≥ 0x80 at or after `from`, or -1; four bytes at a time where aligned. */
export function nextNonAscii(bytes: Uint8Array, from: number): number {
  const n = bytes.length;
  let i = from;
  while (i < n && ((bytes.byteOffset + i) & 3) !== 0) {
    if (bytes[i] >= 0x80) return i;
    i++;
  }
  const wordCount = (n - i) >>> 2;
  if (wordCount > 0) {
    const words = new Int32Array(bytes.buffer, bytes.byteOffset + i, wordCount);
    let w = 0;
    while (w < wordCount && (words[w] & 0x80808080) === 0) w++;
    i += w * 4;
  }
  for (; i < n; i++) if (bytes[i] >= 0x80) return i;
  return -1;
}

/** Whether any byte is 0x80 or above. */
export function hasNonAscii(bytes: Uint8Array): boolean {
  return nextNonAscii(bytes, 0) >= 0;
}

function countReplacements(text: string): number {
  let k = 0;
  for (let at = text.indexOf('\uFFFD'); at >= 0; at = text.indexOf('\uFFFD', at + 1)) k++;
  return k;
}

/**
 * Counts the U+FFFD that decoding the file produces — invalid bytes and literal U+FFFD
 * alike — into `decoder.invalid`, slice by slice exactly as `decoder.decode(slice, final)`
 * would, without decoding the ASCII text in between: the decoder's state only matters
 * inside a run of bytes ≥ 0x80, and an ASCII byte always ends one. Runs inside a slice are
 * decoded on their own; a run at a slice's end goes through `decoder` with what follows.
 */
export class ReplacementCounter {
  private open = false;
  private readonly fresh = new TextDecoder('utf-8', { ignoreBOM: true });

  constructor(private readonly decoder: StreamDecoder) {}

  count(bytes: Uint8Array, final: boolean): void {
    const n = bytes.length;
    let i = 0;
    if (this.open) {
      while (i < n && bytes[i] >= 0x80) i++;
      if (i === n) {
        this.decoder.decode(bytes, final);
        this.open = !final;
        return;
      }
      // Up to and with the first ASCII byte, which closes what the last slice left open.
      this.decoder.decode(bytes.subarray(0, i + 1), false);
      this.open = false;
      i++;
    }
    for (i = nextNonAscii(bytes, i); i >= 0 && i < n; i = nextNonAscii(bytes, i)) {
      let end = i + 1;
      while (end < n && bytes[end] >= 0x80) end++;
      if (end === n) {
        this.decoder.decode(bytes.subarray(i), final);
        this.open = !final;
        return;
      }
      this.decoder.invalid += countReplacements(this.fresh.decode(bytes.subarray(i, end)));
      i = end + 1;
    }
  }
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

export class Utf8RecordScanner {
  private readonly classes = new Uint8Array(256);
  private readonly crlf: boolean;
  private readonly delimiter: string;
  private readonly delimiterCode: number;
  private readonly quoteCode: number;
  /** The incomplete last line of the bytes so far. */
  private carry: Uint8Array | null = null;
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);

  constructor(
    dialect: Dialect,
    newline: '\n' | '\r\n',
    private readonly parser: RecordParser,
    private readonly builder: RawTableBuilder,
  ) {
    this.crlf = newline === '\r\n';
    this.delimiter = dialect.delimiter;
    this.delimiterCode = dialect.delimiter.charCodeAt(0);
    this.quoteCode = dialect.quoteChar.charCodeAt(0);
    parser.setNewline(newline);
    this.classes[dialect.delimiter.charCodeAt(0)] = DELIMITER;
    this.classes[10] = LINE_FEED;
    this.classes[dialect.quoteChar.charCodeAt(0)] = QUOTE;
  }

  /**
   * Reserves room for the rows of a file of `size` bytes, estimated from the line breaks
   * in the first bytes (`first`), so the code arrays rarely grow.
   */
  reserveFor(first: Uint8Array, size: number): void {
    const sample = Math.min(first.length, 256 * 1024);
    let breaks = 0;
    for (let i = 0; i < sample; i++) if (first[i] === 10) breaks++;
    if (breaks === 0) return;
    this.builder.reserve(Math.ceil((breaks / sample) * size * 1.05) + 1024);
  }

  /** The next bytes of the file: every complete line goes to the builder. */
  push(bytes: Uint8Array): void {
    let from = 0;
    if (this.carry) {
      const end = this.lineEnd(bytes, this.carry[this.carry.length - 1]);
      if (end < 0) {
        this.carry = concatBytes(this.carry, bytes);
        this.checkPending();
        return;
      }
      // The line that started in an earlier slice, now complete.
      const line = concatBytes(this.carry, bytes.subarray(0, end));
      this.carry = null;
      this.scan(line, 0);
      from = end;
    }
    const rest = this.scan(bytes, from);
    if (rest < bytes.length) {
      this.carry = bytes.slice(rest);
      this.checkPending();
    }
  }

  /** True between records: no line or quoted field is open (a part of the file may end here). */
  get betweenRecords(): boolean {
    return this.carry === null && !this.parser.inBlock;
  }

  /** The end of the input: the last line without a line break, and the check for an open quote. */
  end(): void {
    const rest = this.carry ? decodeUtf8(this.carry, 0, this.carry.length) : '';
    this.carry = null;
    this.parser.pushTo(this.builder, rest, true);
  }

  /** Index just past the first line break in `bytes` (`before` is the byte preceding them), or -1. */
  private lineEnd(bytes: Uint8Array, before: number): number {
    let at = bytes.indexOf(10);
    while (at >= 0) {
      if (!this.crlf || (at > 0 ? bytes[at - 1] : before) === 13) return at + 1;
      at = bytes.indexOf(10, at + 1);
    }
    return -1;
  }

  /** The text path refuses a pending line longer than the field limit: so does this one. */
  private checkPending(): void {
    const carry = this.carry!;
    // A line's characters never outnumber its UTF-8 bytes: decode only when it might be too long.
    this.parser.checkPending(carry.length, () => decodeUtf8(carry, 0, carry.length).length);
  }

  /**
   * The fields of a line with quote characters when every quoted field is simple: it
   * starts the field, closes on this line right before a delimiter or the line end, and
   * holds no escaped quote. Spans go to starts/ends (inside the quotes); returns the
   * number of fields, or -1 when the line needs the general parser. For such lines
   * PapaParse yields exactly these fields.
   */
  private quotedFields(src: Uint8Array, lineStart: number, lineEnd: number): number {
    const { starts, ends, quoteCode, delimiterCode } = this;
    const cap = starts.length;
    let fields = 0;
    let i = lineStart;
    for (;;) {
      let start = i;
      let end: number;
      let next: number;
      if (i < lineEnd && src[i] === quoteCode) {
        start = i + 1;
        end = src.indexOf(quoteCode, start);
        if (end < 0 || end >= lineEnd) return -1;
        next = end + 1;
        if (next < lineEnd && src[next] !== delimiterCode) return -1;
      } else {
        end = i;
        while (end < lineEnd && src[end] !== delimiterCode) {
          if (src[end] === quoteCode) return -1;
          end++;
        }
        next = end;
      }
      if (fields < cap) {
        starts[fields] = start;
        ends[fields] = end;
      }
      fields++;
      if (next >= lineEnd) return fields;
      i = next + 1;
    }
  }

  /**
   * Every complete line of src from `from` on; returns where the incomplete last line
   * starts (src.length when there is none).
   */
  private scan(src: Uint8Array, from: number): number {
    const view = new DataView(src.buffer, src.byteOffset, src.byteLength);
    const { classes, parser, builder, crlf, delimiter, delimiterCode } = this;
    const n = src.length;
    let starts = this.starts;
    let ends = this.ends;
    let lineStart = from;
    while (lineStart < n) {
      if (builder.width >= starts.length) {
        starts = this.starts = new Int32Array(builder.width + 1);
        ends = this.ends = new Int32Array(builder.width + 1);
      }
      const cap = starts.length;
      let i = lineStart;
      let fields = 0;
      let fieldStart = lineStart;
      let quoted = false;
      let breakAt = -1;
      let lineEnd = 0;
      // Data lines: fields that repeat their column's last value (an order's invoice, date,
      // customer…) are matched ahead in whole words instead of byte by byte.
      const width = builder.width;
      let predicted = 0;
      if (width > 0 && !parser.inBlock) {
        let p = lineStart;
        for (let c = 0; c < width; c++) {
          const length = builder.predict(c, src, view, p, n);
          if (length < 0) break;
          const q = p + length;
          const next = src[q];
          if (c < width - 1) {
            if (next !== delimiterCode) break;
          } else if (next === 10 && !crlf) {
            breakAt = q;
            lineEnd = q;
            i = q;
          } else if (next === 13 && q + 1 < n && src[q + 1] === 10) {
            breakAt = crlf ? q : q + 1;
            lineEnd = q;
            i = q + 1;
          } else break;
          starts[c] = p;
          ends[c] = q;
          predicted++;
          p = q + 1;
        }
        if (breakAt < 0) {
          fields = predicted;
          fieldStart = i = p;
        }
      }
      if (breakAt >= 0) {
        parser.countPlainLine();
        builder.bytesLine(src, view, starts, ends, width, lineStart, lineEnd, delimiter, width);
        lineStart = i + 1;
        continue;
      }
      while (i < n) {
        const kind = classes[src[i]];
        if (kind === 0) {
          i++;
        } else if (kind === DELIMITER) {
          if (fields < cap) {
            starts[fields] = fieldStart;
            ends[fields] = i;
          }
          fields++;
          fieldStart = ++i;
        } else if (kind === QUOTE) {
          quoted = true;
          i++;
        } else if (crlf) {
          // CRLF: a lone LF is part of the line.
          if (i > lineStart && src[i - 1] === 13) {
            breakAt = i - 1;
            lineEnd = breakAt;
            break;
          }
          i++;
        } else {
          breakAt = i;
          // LF: a CR before it is not part of the line.
          lineEnd = i > lineStart && src[i - 1] === 13 ? i - 1 : i;
          break;
        }
      }
      if (breakAt < 0) return lineStart;
      if (quoted || parser.inBlock) {
        // Simple quoted fields ("a, b") straight from the bytes; anything else through
        // the RecordParser (and PapaParse), as on the text path.
        const count = parser.inBlock || width < 2 ? -1 : this.quotedFields(src, lineStart, lineEnd);
        if (count > 1 && builder.fitsRow(count)) {
          parser.countPlainLine();
          builder.fieldsRow(src, view, this.starts, this.ends, 0);
        } else parser.lineTo(builder, decodeUtf8(src, lineStart, breakAt));
      } else {
        if (fields < cap) {
          starts[fields] = fieldStart;
          ends[fields] = lineEnd;
        }
        parser.countPlainLine();
        builder.bytesLine(
          src,
          view,
          starts,
          ends,
          fields + 1,
          lineStart,
          lineEnd,
          delimiter,
          predicted,
        );
      }
      lineStart = i + 1;
    }
    return lineStart;
  }
}

/** Bytes parsed between two yields while a read is pending (about 10 ms of parsing). */
export const PIECE_BYTES = 1024 * 1024;

/**
 * scanner.push(bytes); while the next slice is being read, in pieces with a
 * `source.yieldToReads()` between them, so that read arrives during the parse instead of
 * after it. The records are the same: a scanner takes its input in any pieces.
 */
export async function pushWhileReading(
  scanner: Utf8RecordScanner,
  bytes: Uint8Array,
  source: ByteSource,
  reading: boolean,
): Promise<void> {
  if (!reading || !source.yieldToReads || bytes.length <= PIECE_BYTES) {
    scanner.push(bytes);
    return;
  }
  for (let at = 0; at < bytes.length; at += PIECE_BYTES) {
    if (at > 0) await source.yieldToReads();
    scanner.push(bytes.subarray(at, Math.min(bytes.length, at + PIECE_BYTES)));
  }
}
