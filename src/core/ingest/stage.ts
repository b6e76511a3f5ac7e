/**
 * Collects records into a RawTable as they arrive: every column dictionary-encodes its raw
 * cell strings (a Map per column and a growing Uint32Array of codes), so a 541,909-line
 * file costs its distinct values plus 4 bytes a cell, and typing later works per distinct
 * value. Ragged records are padded or cut with a warning each, or refused.
 */
import { LensError } from '../errors.ts';
import { isBlankRecord } from './records.ts';
import { INGEST_LIMITS, type ParseWarning, type RawTable } from './types.ts';

/** Warnings kept in full; beyond this only counted. */
export const MAX_WARNINGS = 100;

class CodeColumn {
  private readonly index = new Map<string, number>();
  readonly values: string[] = [];
  codes: Uint32Array;

  constructor(capacity: number) {
    this.codes = new Uint32Array(capacity);
  }

  private last: string | null = null;
  private lastCode = 0;

  set(row: number, value: string): void {
    // Exports list an order's lines together: invoice, date, customer repeat row after row.
    let code: number | undefined;
    if (value === this.last) code = this.lastCode;
    else {
      code = this.index.get(value);
      if (code === undefined) {
        code = this.values.length;
        this.index.set(value, code);
        this.values.push(value);
      }
      this.last = value;
      this.lastCode = code;
    }
    if (row >= this.codes.length) {
      const grown = new Uint32Array(Math.max(1024, this.codes.length * 2));
      grown.set(this.codes);
      this.codes = grown;
    }
    this.codes[row] = code;
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

export class RawTableBuilder {
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
    if (this.rowNumbers) {
      if (row >= this.rowNumbers.length) {
        const grown = new Uint32Array(this.rowNumbers.length * 2);
        grown.set(this.rowNumbers);
        this.rowNumbers = grown;
      }
      this.rowNumbers[row] = recordNumber;
    }
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
