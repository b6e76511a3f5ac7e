/**
 * How a text file is laid out, from its first lines: the delimiter (the candidate whose
 * field counts are the most consistent over the first 50 records, quotes respected),
 * whitespace-separated columns (fixed-width exports such as CDNOW), basket lists
 * (a variable number of comma-separated items per line), and whether the first record
 * is a header (text above columns whose values are numbers or dates, or names that do not
 * repeat below).
 */
import { parseDate } from './dates.ts';
import { isMissingToken } from './missing.ts';
import { parseNumber } from './numbers.ts';
import { RecordParser, isBlankRecord } from './records.ts';
import type { Dialect, ParseOptions } from './types.ts';

const DELIMITERS = [',', '\t', ';', '|'] as const;
const SAMPLE_RECORDS = 50;

function sampleRecords(text: string, dialect: Dialect): string[][] {
  const parser = new RecordParser(dialect);
  let records: string[][];
  try {
    records = parser.push(text);
    // The sample's last record may be cut; it is left out unless it is all there is.
    if (records.length === 0) records = parser.end();
  } catch {
    return [];
  }
  return records.filter((r) => !isBlankRecord(r)).slice(0, SAMPLE_RECORDS);
}

interface Consistency {
  /** The most frequent field count. */
  fields: number;
  /** Share of records with that count. */
  share: number;
}

function consistency(records: readonly string[][]): Consistency {
  if (records.length === 0) return { fields: 1, share: 0 };
  const counts = new Map<number, number>();
  for (const r of records) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
  let fields = 1;
  let best = 0;
  for (const [f, c] of counts) if (c > best || (c === best && f > fields)) [fields, best] = [f, c];
  return { fields, share: best / records.length };
}

const looksLikeValue = (s: string): boolean =>
  parseNumber(s, '.') !== null || parseDate(s, { order: 'dmy' }, false) !== null;

/** Whether the first record names the columns rather than holding data. */
export function looksLikeHeader(records: readonly string[][]): boolean {
  if (records.length < 2) return records.length === 1 && !records[0].some(looksLikeValue);
  const [first, ...rest] = records;
  if (first.some((f) => f.trim() !== '' && looksLikeValue(f.trim()))) return false;
  if (new Set(first.map((f) => f.trim())).size < first.length) return false;
  // A column whose values below are mostly numbers or dates under a text cell: a header.
  for (let c = 0; c < first.length; c++) {
    const below = rest.map((r) => (r[c] ?? '').trim()).filter((v) => !isMissingToken(v));
    if (below.length > 0 && below.filter(looksLikeValue).length >= below.length * 0.8) return true;
  }
  // All text: a header when its names do not occur among the values below.
  return first.every((f, c) => !rest.some((r) => (r[c] ?? '').trim() === f.trim()));
}

/** Lines holding different numbers of comma-separated items: lists, not a table. */
function varyingCommaLists(text: string, quoteChar: string): boolean {
  const records = sampleRecords(text, {
    format: 'delimited',
    delimiter: ',',
    quoteChar,
    header: false,
  });
  const lengths = new Set(records.map((r) => r.length));
  // Item names, not numbers: a ragged table of values is still a table.
  const allText = records.every((r) =>
    r.every((f) => f.trim() === '' || parseNumber(f.trim(), '.') === null),
  );
  return records.length >= 5 && lengths.size >= 3 && Math.max(...lengths) > 1 && allText;
}

export function sniffDialect(text: string, options: ParseOptions = {}): Dialect {
  const quoteChar = options.quoteChar ?? '"';
  let format = options.format ?? null;
  let delimiter = options.delimiter ?? null;

  if (format === null && delimiter === null) {
    let best: { delimiter: string; c: Consistency } | null = null;
    for (const d of DELIMITERS) {
      const c = consistency(
        sampleRecords(text, { format: 'delimited', delimiter: d, quoteChar, header: false }),
      );
      if (c.fields < 2) continue;
      if (
        !best ||
        c.share > best.c.share + 1e-9 ||
        (Math.abs(c.share - best.c.share) < 1e-9 && c.fields > best.c.fields)
      ) {
        best = { delimiter: d, c };
      }
    }
    const ws = consistency(
      sampleRecords(text, { format: 'whitespace', delimiter: ' ', quoteChar: '', header: false }),
    );
    const firstFields = best
      ? sampleRecords(text, {
          format: 'delimited',
          delimiter: best.delimiter,
          quoteChar,
          header: false,
        })[0]?.length
      : 0;
    // Consistent, or a header whose width most rows share (a table with some ragged rows).
    if (best && (best.c.share >= 0.8 || (best.c.share >= 0.5 && firstFields === best.c.fields))) {
      format = 'delimited';
      delimiter = best.delimiter;
    } else if (ws.fields >= 2 && ws.share >= 0.9) {
      format = 'whitespace';
      delimiter = ' ';
    } else if (varyingCommaLists(text, quoteChar)) {
      // Comma-separated lines of varying length: lists of items (shopping baskets).
      format = 'baskets';
      delimiter = ',';
    } else {
      format = 'delimited';
      delimiter = best?.delimiter ?? ',';
    }
  }
  format ??= 'delimited';
  delimiter ??= format === 'whitespace' ? ' ' : ',';
  if (format === 'delimited' && options.delimiter === undefined && options.format !== undefined) {
    // The format was chosen but not the delimiter: pick the most consistent one.
    let bestShare = -1;
    for (const d of DELIMITERS) {
      const c = consistency(
        sampleRecords(text, { format, delimiter: d, quoteChar, header: false }),
      );
      if (c.fields >= 2 && c.share > bestShare) {
        bestShare = c.share;
        delimiter = d;
      }
    }
  }
  const dialect: Dialect = {
    format,
    delimiter,
    quoteChar: format === 'delimited' ? quoteChar : '',
    header: false,
  };
  dialect.header =
    options.header ??
    (format === 'baskets' ? false : looksLikeHeader(sampleRecords(text, dialect)));
  return dialect;
}
