/**
 * Collects records into a RawTable as they arrive: every column dictionary-encodes its raw
 * cell strings (a Map per column and a growing Uint32Array of codes), so a 541,909-line
 * file costs its distinct values plus 4 bytes a cell, and typing later works per distinct
 * value. Ragged records are padded or cut with a warning each, or refused.
 */
import { LensError } from '../errors.ts';
import { isBlankRecord, type RecordSink } from './records.ts';
import { INGEST_LIMITS, type ParseWarning, type RawTable } from './types.ts';

/** Warnings kept in full; beyond this only counted. */
export const MAX_WARNINGS = 100;

/**
 * One column's distinct strings and a code per row. The dictionary is an open-addressing
 * hash table over the characters, so a field can be looked up straight from the span of
 * the decoded text it sits in (`codeOfRange`) — no substring is made for a value seen
 * before, which is most of them in an export.
 */
/** `v` equals src[start, start + v.length) — a plain loop, which V8 inlines (startsWith is a call). */
function sameChars(v: string, src: string, start: number): boolean {
  for (let j = 0; j < v.length; j++)
    if (v.charCodeAt(j) !== src.charCodeAt(start + j)) return false;
  return true;
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

class CodeColumn {
  readonly values: string[] = [];
  private hashes = new Int32Array(1024);
  private slots = new Int32Array(2048); // code + 1; 0 = empty
  private mask = 2047;
  codes: Uint32Array;
  private lastCode = -1;

  constructor(capacity: number) {
    this.codes = new Uint32Array(capacity);
  }

  private store(row: number, code: number): void {
    if (row >= this.codes.length) {
      const grown = new Uint32Array(Math.max(1024, this.codes.length * 2));
      grown.set(this.codes);
      this.codes = grown;
    }
    this.codes[row] = code;
  }

  set(row: number, value: string): void {
    this.store(row, this.codeOfRange(value, 0, value.length));
  }

  setCode(row: number, code: number): void {
    this.store(row, code);
  }

  private codeOfRange(src: string, start: number, end: number): number {
    let h = FNV_OFFSET;
    for (let i = start; i < end; i++) h = Math.imul(h ^ src.charCodeAt(i), FNV_PRIME);
    return this.codeOfHashed(src, start, end, h);
  }

  /** `h` is the FNV-1a hash of the span (computed by the caller while it scanned the line). */
  codeOfHashed(src: string, start: number, end: number, h: number): number {
    const length = end - start;
    // Exports list an order's lines together: invoice, date, customer repeat row after row.
    const last = this.lastCode;
    if (last >= 0 && this.hashes[last] === h) {
      const v = this.values[last];
      if (v.length === length && sameChars(v, src, start)) return last;
    }
    let slot = h & this.mask;
    for (;;) {
      const entry = this.slots[slot];
      if (entry === 0) break;
      const code = entry - 1;
      if (this.hashes[code] === h) {
        const v = this.values[code];
        if (v.length === length && sameChars(v, src, start)) {
          this.lastCode = code;
          return code;
        }
      }
      slot = (slot + 1) & this.mask;
    }
    const code = this.values.length;
    this.values.push(start === 0 && end === src.length ? src : src.slice(start, end));
    if (code >= this.hashes.length) {
      const grown = new Int32Array(this.hashes.length * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[code] = h;
    this.slots[slot] = code + 1;
    if ((code + 1) * 2 > this.slots.length) this.rehash();
    this.lastCode = code;
    return code;
  }

  private rehash(): void {
    const size = this.slots.length * 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    for (let code = 0; code < this.values.length; code++) {
      let slot = this.hashes[code] & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = code + 1;
    }
  }
}

/** Column names from a header record: trimmed, blanks named, duplicates numbered. */
export function headerNames(record: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return record.map((raw, i) => {
    const base = raw.trim() || `column ${i + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

export function defaultNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `column${i + 1}`);
}

export class RawTableBuilder implements RecordSink {
  private columns: CodeColumn[] = [];
  private names: string[] = [];
  private rows = 0;
  /** Record number in the file of each row, kept once a record was skipped. */
  private rowNumbers: Uint32Array | null = null;
  /** Records seen (header and blank lines included). */
  records = 0;
  /** Non-blank records (header included): the file's lines in the report's sense. */
  dataRecords = 0;
  readonly warnings: ParseWarning[] = [];
  warningCount = 0;
  private readonly refused: number[] = [];

  constructor(
    private readonly header: boolean,
    private readonly ragged: 'warn' | 'refuse' = 'warn',
  ) {}

  get rowCount(): number {
    return this.rows;
  }

  get columnNames(): readonly string[] {
    return this.names;
  }

  add(records: readonly string[][]): void {
    for (const record of records) this.addOne(record);
  }

  record(fields: string[]): void {
    this.addOne(fields);
  }

  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private hashes = new Int32Array(64);

  /**
   * A plain line as a span of `src`: one pass over its characters finds the delimiters
   * and hashes each field, then every field is looked up in its column's dictionary
   * without making a substring. Anything unusual (the header, a blank or ragged line)
   * takes the general path with a split.
   */
  range(src: string, start: number, end: number, delimiter: string): void {
    const width = this.names.length;
    if (width === 0 || (this.header && this.records === 0) || end === start) {
      this.addOne(src.slice(start, end).split(delimiter));
      return;
    }
    if (this.starts.length < width) {
      this.starts = new Int32Array(width);
      this.ends = new Int32Array(width);
      this.hashes = new Int32Array(width);
    }
    const { starts, ends, hashes } = this;
    const delim = delimiter.charCodeAt(0);
    let fields = 0;
    let fieldStart = start;
    let h = FNV_OFFSET;
    for (let i = start; i <= end; i++) {
      const code = i < end ? src.charCodeAt(i) : delim;
      if (code === delim) {
        if (fields === width) {
          fields++;
          break;
        }
        starts[fields] = fieldStart;
        ends[fields] = i;
        hashes[fields] = h;
        fields++;
        fieldStart = i + 1;
        h = FNV_OFFSET;
      } else h = Math.imul(h ^ code, FNV_PRIME);
    }
    if (fields !== width) {
      this.addOne(src.slice(start, end).split(delimiter));
      return;
    }
    this.records++;
    this.dataRecords++;
    const row = this.rows;
    for (let c = 0; c < width; c++) {
      const column = this.columns[c];
      column.setCode(row, column.codeOfHashed(src, starts[c], ends[c], hashes[c]));
    }
    if (this.rowNumbers) this.noteRowNumber(row, this.records);
    this.rows++;
  }

  private noteRowNumber(row: number, recordNumber: number): void {
    const numbers = this.rowNumbers!;
    if (row >= numbers.length) {
      const grown = new Uint32Array(numbers.length * 2);
      grown.set(numbers);
      this.rowNumbers = grown;
    }
    this.rowNumbers![row] = recordNumber;
  }

  private addOne(record: readonly string[]): void {
    this.records++;
    const recordNumber = this.records;
    if (isBlankRecord(record)) {
      this.skip();
      return;
    }
    this.dataRecords++;
    if (this.names.length === 0) {
      if (record.length > INGEST_LIMITS.maxColumns) {
        throw new LensError('error.import.tooManyColumns', {
          columns: record.length,
          max: INGEST_LIMITS.maxColumns,
        });
      }
      this.names = this.header ? headerNames(record) : defaultNames(record.length);
      this.columns = this.names.map(() => new CodeColumn(1024));
      if (this.header) return;
    }
    const width = this.names.length;
    if (record.length !== width) this.ragged_(record.length, width, recordNumber);
    const row = this.rows;
    for (let c = 0; c < width; c++) this.columns[c].set(row, c < record.length ? record[c] : '');
    if (this.rowNumbers) this.noteRowNumber(row, recordNumber);
    this.rows++;
  }

  /** A blank line: not a row, but it shifts the record numbers of the rows after it. */
  private skip(): void {
    if (this.rowNumbers) return;
    const offset = this.header ? 1 : 0;
    this.rowNumbers = new Uint32Array(Math.max(1024, this.rows * 2));
    // Every earlier row had the default number; from now on they are recorded.
    for (let i = 0; i < this.rows; i++) this.rowNumbers[i] = i + 1 + offset;
  }

  private ragged_(found: number, expected: number, row: number): void {
    if (this.ragged === 'refuse') {
      if (this.refused.length < 5) this.refused.push(row);
      else this.throwRefused();
      return;
    }
    this.warningCount++;
    if (this.warnings.length < MAX_WARNINGS) {
      this.warnings.push({
        code: found > expected ? 'import.warn.tooManyFields' : 'import.warn.tooFewFields',
        row,
        params: { found, expected },
      });
    }
  }

  private throwRefused(): never {
    throw new LensError('error.import.ragged', { rows: this.refused.join(', ') });
  }

  warn(warning: ParseWarning): void {
    this.warningCount++;
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push(warning);
  }

  finish(): RawTable {
    if (this.refused.length > 0) this.throwRefused();
    const n = this.rows;
    return {
      rowCount: n,
      columns: this.names.map((name, i) => ({
        name,
        codes: this.columns[i].codes.slice(0, n),
        values: this.columns[i].values,
      })),
      ...(this.rowNumbers ? { rowNumbers: this.rowNumbers.slice(0, n) } : {}),
    };
  }
}
