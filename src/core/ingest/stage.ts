/**
 * Collects records into a RawTable as they arrive: every column dictionary-encodes its raw
 * cell strings (a Map per column and a growing Uint32Array of codes), so a 541,909-line
 * file costs its distinct values plus 4 bytes a cell, and typing later works per distinct
 * value. Ragged records are padded or cut with a warning each, or refused.
 */
import { LensError } from '../errors.ts';
import { ByteCodeColumn, decodeUtf8 } from './byte-dict.ts';
import { isBlankRecord, type RecordSink } from './records.ts';
import { INGEST_LIMITS, type ParseWarning, type RawTable } from './types.ts';

/** Warnings kept in full; beyond this only counted. */
export const MAX_WARNINGS = 100;

/** The rows a builder collected from a later part of a file (see `toPart`, `appendPart`). */
export interface RawPart {
  rows: number;
  /** Records seen (blank lines included) and the non-blank ones. */
  records: number;
  dataRecords: number;
  columns: { codes: Uint32Array; values: string[] }[];
  /** Record numbers within the part, when a blank line made them differ from row + 1. */
  rowNumbers?: Uint32Array;
  warnings: ParseWarning[];
  warningCount: number;
}

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
  private byteColumns: ByteCodeColumn[] = [];
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

  /**
   * `utf8`: records will arrive as spans of UTF-8 bytes (`bytesLine`), so the column
   * dictionaries are keyed by bytes; text records (`record`, `add`) are still accepted.
   */
  constructor(
    private readonly header: boolean,
    private readonly ragged: 'warn' | 'refuse' = 'warn',
    utf8?: { delimiter: string; quoteChar: string },
    /** The columns, when known already: a later part of a file whose first part had the header. */
    names?: readonly string[],
  ) {
    if (utf8) {
      this.utf8 = true;
      for (const ch of [utf8.delimiter, utf8.quoteChar, '\r', '\n'])
        this.special[ch.charCodeAt(0)] = 1;
    }
    if (names) this.setNames([...names]);
  }

  private setNames(names: string[]): void {
    this.names = names;
    if (this.utf8) {
      this.byteColumns = names.map(() => new ByteCodeColumn(this.capacity, this.special));
      if (this.lineCodes.length < names.length) this.lineCodes = new Uint32Array(names.length);
    } else this.columns = names.map(() => new CodeColumn(1024));
  }

  private readonly utf8: boolean = false;
  private readonly special = new Uint8Array(256);
  /** Per column of the current line: the code `predict` found (for the first `predicted` columns). */
  private lineCodes = new Uint32Array(64);
  /** Rows the byte columns' codes have room for. */
  private capacity = 1024;

  /** Makes room for about `rows` rows at once (the byte path estimates them from the file size). */
  reserve(rows: number): void {
    if (rows <= this.capacity) return;
    this.capacity = rows;
    for (const column of this.byteColumns) column.reserve(rows);
  }

  private grow(): void {
    this.capacity = Math.max(1024, this.capacity * 2);
    for (const column of this.byteColumns) column.reserve(this.capacity);
  }

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
    if (width === 0 || (this.header && this.records === 0) || end === start || this.utf8) {
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
    const columns = this.columns;
    for (let c = 0; c < width; c++) {
      const column = columns[c];
      column.setCode(row, column.codeOfHashed(src, starts[c], ends[c], hashes[c]));
    }
    if (this.rowNumbers) this.noteRowNumber(row, this.records);
    this.rows++;
  }

  /**
   * A plain line of UTF-8 bytes, src[lineStart, lineEnd), whose `count` fields the caller
   * has already delimited (`starts`/`ends`, filled for at least the first `width + 1`
   * fields). Same outcome as `range` on the decoded line: anything unusual takes the
   * general path with a split of the decoded text.
   */
  bytesLine(
    src: Uint8Array,
    view: DataView,
    starts: Int32Array,
    ends: Int32Array,
    count: number,
    lineStart: number,
    lineEnd: number,
    delimiter: string,
    predicted = 0,
  ): void {
    if (lineEnd === lineStart || !this.fitsRow(count)) {
      this.addOne(decodeUtf8(src, lineStart, lineEnd).split(delimiter));
      return;
    }
    this.fieldsRow(src, view, starts, ends, predicted);
  }

  /**
   * Whether a data line of `count` fields can go straight to `fieldsRow`: the columns are
   * known (and this is not the header) and the line has exactly one field per column.
   */
  fitsRow(count: number): boolean {
    return this.utf8 && count === this.names.length && count > 0 && this.records > 0;
  }

  /**
   * One row from fields given as byte spans of src (the first `predicted` already looked
   * up by `predict`); the caller has checked `fitsRow`. Quoted fields come here as the
   * span inside their quotes.
   */
  fieldsRow(
    src: Uint8Array,
    view: DataView,
    starts: Int32Array,
    ends: Int32Array,
    predicted: number,
  ): void {
    this.records++;
    this.dataRecords++;
    const row = this.rows;
    if (row >= this.capacity) this.grow();
    const columns = this.byteColumns;
    const width = columns.length;
    const lineCodes = this.lineCodes;
    for (let c = 0; c < predicted; c++) columns[c].codes[row] = lineCodes[c];
    for (let c = predicted; c < width; c++) {
      const column = columns[c];
      column.codes[row] = column.codeOfBytes(src, view, starts[c], ends[c]);
    }
    if (this.rowNumbers) this.noteRowNumber(row, this.records);
    this.rows++;
  }

  /**
   * Whether column `c` of a data line repeats its last value at src[start…) (see
   * ByteCodeColumn.predict): its length, or -1. Only once the header (or first record)
   * has fixed the columns.
   */
  predict(c: number, src: Uint8Array, view: DataView, start: number, n: number): number {
    const column = this.byteColumns[c];
    const length = column.predict(src, view, start, n);
    if (length >= 0) this.lineCodes[c] = column.predicted;
    return length;
  }

  /** Columns of the table so far (0 before the first record). */
  get width(): number {
    return this.names.length;
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
      this.setNames(this.header ? headerNames(record) : defaultNames(record.length));
      if (this.header) return;
    }
    const width = this.names.length;
    if (record.length !== width) this.ragged_(record.length, width, recordNumber);
    const row = this.rows;
    if (this.utf8) {
      if (row >= this.capacity) this.grow();
      for (let c = 0; c < width; c++) {
        const column = this.byteColumns[c];
        column.codes[row] = column.codeOfText(c < record.length ? record[c] : '');
      }
    } else {
      for (let c = 0; c < width; c++) this.columns[c].set(row, c < record.length ? record[c] : '');
    }
    if (this.rowNumbers) this.noteRowNumber(row, recordNumber);
    this.rows++;
  }

  /** A blank line: not a row, but it shifts the record numbers of the rows after it. */
  private skip(): void {
    this.keepRowNumbers();
  }

  /** From now on every row's record number is kept (the default numbering no longer holds). */
  private keepRowNumbers(): void {
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

  /**
   * What a builder of a later part of a file (created with `names`) collected, to be
   * appended to the builder of the part before it (`appendPart`). Record numbers and
   * warning rows count from the part's first record.
   */
  toPart(): RawPart {
    const n = this.rows;
    const columns: { codes: Uint32Array; values: string[] }[] = this.utf8
      ? this.byteColumns
      : this.columns;
    return {
      rows: n,
      records: this.records,
      dataRecords: this.dataRecords,
      columns: columns.map((c) => ({ codes: c.codes.slice(0, n), values: c.values })),
      ...(this.rowNumbers ? { rowNumbers: this.rowNumbers.slice(0, n) } : {}),
      warnings: this.warnings,
      warningCount: this.warningCount,
    };
  }

  /**
   * Appends the rows of the next part of the same file, parsed on its own, with the same
   * outcome as if its records had come here one by one: its distinct values are looked up
   * in these dictionaries in its order of first appearance (the order they would have been
   * added in), and its record numbers and warning rows are shifted by the records seen here.
   * Only for a UTF-8 byte-path builder whose columns the part shares.
   */
  appendPart(part: RawPart): void {
    const width = this.names.length;
    if (!this.utf8 || part.columns.length !== width) {
      throw new Error('appendPart: the part does not continue this table');
    }
    const first = this.rows;
    const shift = this.records;
    this.reserve(first + part.rows);
    for (let c = 0; c < width; c++) {
      const column = this.byteColumns[c];
      const { codes, values } = part.columns[c];
      const map = column.codesOfLaterValues(values);
      const out = column.codes;
      for (let i = 0; i < part.rows; i++) out[first + i] = map[codes[i]];
    }
    if (part.rowNumbers || this.rowNumbers) {
      this.keepRowNumbers();
      // A part's default numbering is its row index + 1 (it has no header).
      for (let i = 0; i < part.rows; i++)
        this.noteRowNumber(first + i, shift + (part.rowNumbers ? part.rowNumbers[i] : i + 1));
    }
    this.rows += part.rows;
    this.records += part.records;
    this.dataRecords += part.dataRecords;
    for (const w of part.warnings) {
      if (this.warnings.length >= MAX_WARNINGS) break;
      this.warnings.push(w.row === undefined ? w : { ...w, row: w.row + shift });
    }
    this.warningCount += part.warningCount;
  }

  finish(): RawTable {
    if (this.refused.length > 0) this.throwRefused();
    const n = this.rows;
    const columns: { codes: Uint32Array; values: string[] }[] = this.utf8
      ? this.byteColumns
      : this.columns;
    return {
      rowCount: n,
      columns: this.names.map((name, i) => ({
        name,
        codes: columns[i].codes.length === n ? columns[i].codes : columns[i].codes.slice(0, n),
        values: columns[i].values,
      })),
      ...(this.rowNumbers ? { rowNumbers: this.rowNumbers.slice(0, n) } : {}),
    };
  }
}
