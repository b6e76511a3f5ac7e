/**
 * Records from decoded text that arrives in pieces. Delimited text goes through
 * PapaParse's low-level parser the way its own streamers use it: parse what has arrived
 * but hold back the last, possibly incomplete record (`ignoreLastRow`), and start the
 * next piece from `meta.cursor`. Quoted fields may span pieces and lines.
 */
import Papa from 'papaparse';
import { LensError } from '../errors.ts';
import { INGEST_LIMITS, type Dialect } from './types.ts';

export type Newline = '\n' | '\r\n' | '\r';

/** The line ending of the first lines: the most frequent of CRLF, LF and CR. */
export function guessNewline(text: string): Newline {
  const sample = text.slice(0, 64 * 1024);
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 13) {
      if (sample.charCodeAt(i + 1) === 10) {
        crlf++;
        i++;
      } else cr++;
    } else if (c === 10) lf++;
  }
  if (crlf >= lf && crlf >= cr && crlf > 0) return '\r\n';
  if (cr > lf) return '\r';
  return '\n';
}

interface PapaLowLevelParser {
  parse(
    input: string,
    baseIndex: number,
    ignoreLastRow: boolean,
  ): {
    data: string[][];
    errors: { code: string; row?: number }[];
    meta: { cursor: number };
  };
}

// The low-level Parser is public API of papaparse (Papa.Parser) but its typings describe the handle.
const PapaParser = (Papa as unknown as { Parser: new (config: object) => PapaLowLevelParser })
  .Parser;

/**
 * Where records go, in file order. `range` receives a plain line (no quote character) as
 * a span of the input, so a stager can encode its fields without creating substrings.
 */
export interface RecordSink {
  record(fields: string[]): void;
  range(src: string, start: number, end: number, delimiter: string): void;
}

export class RecordParser {
  private sink: RecordSink | null = null;
  /** Position of the next quote character in the current input (-1: none). */
  private nextQuote = -1;
  private newline: Newline | null = null;
  private partial = '';
  /** Lines of a quoted field that spans lines, until its quotes balance. */
  private block: string[] | null = null;
  private blockChars = 0;
  /** Record number (1-based) where the open block started. */
  private blockRow = 0;
  private quoteParity = 0;
  /** Records handed out so far (blank ones included). */
  private emitted = 0;
  private papa: PapaLowLevelParser | null = null;

  constructor(private readonly dialect: Dialect) {}

  /** Complete records in `text` (plus what was held back before). */
  push(text: string): string[][] {
    return this.run(text, false);
  }

  /** The held-back rest at the end of the input. */
  end(): string[][] {
    return this.run('', true);
  }

  /** The line ending, when the caller decided it (the UTF-8 byte path does, from the same text). */
  setNewline(newline: Newline): void {
    this.newline = newline;
  }

  /** Inside a quoted field that spans lines: the next lines belong to it whatever they hold. */
  get inBlock(): boolean {
    return this.block !== null;
  }

  /**
   * One complete line (without its line break) through the general path, records to
   * `sink`: what `push` does with a line that holds a quote character or continues a
   * quoted field. For a caller that splits the lines itself (the UTF-8 byte path).
   */
  lineTo(sink: RecordSink, raw: string): void {
    this.sink = sink;
    try {
      this.line(raw, []);
    } finally {
      this.sink = null;
    }
  }

  /** Counts a plain line the caller handed to its sink itself (for the row numbers of errors). */
  countPlainLine(): void {
    this.emitted++;
  }

  /**
   * Refuses a pending (incomplete) line when it and the open quoted field exceed the
   * field limit, as `push` does. `atMost` bounds the line's characters from above (its
   * UTF-8 bytes); `chars` counts them exactly and is only called when the bound is over.
   */
  checkPending(atMost: number, chars: () => number): void {
    const room = INGEST_LIMITS.maxFieldChars - this.blockChars;
    if (atMost > room && chars() > room) this.tooLong();
  }

  /** Like push/end, but records go to `sink` (plain lines as spans); returns nothing. */
  pushTo(sink: RecordSink, text: string, final: boolean): void {
    this.sink = sink;
    try {
      this.run(text, final);
    } finally {
      this.sink = null;
    }
  }

  /**
   * Line by line: a line without a quote character is split on the delimiter at once
   * (most lines of most exports); lines with quotes are collected until their quotes
   * balance and then parsed by PapaParse, which handles escaped quotes, delimiters and
   * line breaks inside quoted fields.
   */
  private run(text: string, final: boolean): string[][] {
    const input = this.partial + text;
    this.partial = '';
    const out: string[][] = [];
    if (input === '' && !final) return out;
    // The line ending is decided once a line break (and the character after a CR) is seen.
    if (this.newline === null && !final && !/\r[^]|\n/.test(input)) {
      this.partial = input;
      return out;
    }
    const newline = (this.newline ??= guessNewline(input));
    const step = newline.length;
    let from = 0;
    this.nextQuote = this.dialect.quoteChar ? input.indexOf(this.dialect.quoteChar) : -1;
    for (;;) {
      const at = input.indexOf(newline, from);
      if (at < 0) break;
      if (!this.plainLine(input, from, at, out)) this.line(input.slice(from, at), out);
      from = at + step;
    }
    const rest = input.slice(from);
    if (!final) {
      this.partial = rest;
      if (rest.length + this.blockChars > INGEST_LIMITS.maxFieldChars) this.tooLong();
      return out;
    }
    if (rest !== '') this.line(rest, out);
    if (this.block) {
      throw new LensError('error.import.unterminatedQuote', { row: this.blockRow });
    }
    return out;
  }

  /**
   * The common case without any allocation per field: a delimited line with no quote
   * character, outside a quoted block, handed to the sink as a span. False when the line
   * needs the general path.
   */
  private plainLine(input: string, from: number, at: number, out: string[][]): boolean {
    const { format, delimiter, quoteChar } = this.dialect;
    if (format !== 'delimited' || this.block || quoteChar === '') return false;
    if (this.nextQuote >= 0 && this.nextQuote < from) {
      this.nextQuote = input.indexOf(quoteChar, from);
    }
    if (this.nextQuote >= 0 && this.nextQuote < at) return false;
    let end = at;
    if (this.newline !== '\r\n' && end > from && input.charCodeAt(end - 1) === 13) end--;
    if (this.sink) this.sink.range(input, from, end, delimiter);
    else out.push(input.slice(from, end).split(delimiter));
    this.emitted++;
    return true;
  }

  private emit(fields: string[], out: string[][]): void {
    if (this.sink) this.sink.record(fields);
    else out.push(fields);
  }

  private line(raw: string, out: string[][]): void {
    const { format, delimiter, quoteChar } = this.dialect;
    const line = this.newline !== '\r\n' && raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (format === 'whitespace') {
      const trimmed = line.trim();
      this.emit(trimmed === '' ? [''] : trimmed.split(/[ \t]+/), out);
      this.emitted++;
      return;
    }
    if (format === 'baskets' || quoteChar === '') {
      this.emit(line.split(delimiter || ','), out);
      this.emitted++;
      return;
    }
    if (this.block) {
      this.block.push(line);
      this.blockChars += line.length;
      if (this.blockChars > INGEST_LIMITS.maxFieldChars) this.tooLong();
      this.quoteParity ^= countChar(line, quoteChar) & 1;
      if (this.quoteParity === 0) this.flushBlock(out);
      return;
    }
    if (line.indexOf(quoteChar) < 0) {
      this.emit(line.split(delimiter), out);
      this.emitted++;
      return;
    }
    this.block = [line];
    this.blockChars = line.length;
    this.blockRow = this.emitted + 1;
    this.quoteParity = countChar(line, quoteChar) & 1;
    if (this.quoteParity === 0) this.flushBlock(out);
  }

  private flushBlock(out: string[][]): void {
    const block = this.block!;
    this.block = null;
    this.blockChars = 0;
    this.papa ??= new PapaParser({
      delimiter: this.dialect.delimiter,
      newline: this.newline,
      quoteChar: this.dialect.quoteChar,
    });
    const result = this.papa.parse(block.join(this.newline!), 0, false);
    for (const record of result.data) {
      this.emit(record, out);
      this.emitted++;
    }
  }

  private tooLong(): never {
    throw new LensError('error.import.fieldTooLong', {
      row: this.block ? this.blockRow : this.emitted + 1,
      max: INGEST_LIMITS.maxFieldChars,
    });
  }
}

function countChar(line: string, ch: string): number {
  let n = 0;
  let at = line.indexOf(ch);
  while (at >= 0) {
    n++;
    at = line.indexOf(ch, at + 1);
  }
  return n;
}

/** True for a record that holds nothing (a blank line). */
export function isBlankRecord(record: readonly string[]): boolean {
  return record.length === 0 || (record.length === 1 && record[0].trim() === '');
}
