/**
 * Guesses a column's value type from its distinct raw values and how often each occurs.
 *
 * Shares are weighted by cells, not by distinct values: a timestamp column with 20k
 * distinct good values and one bad value that occurs 40k times is mostly bad. Missing
 * tokens (missing.ts) are left out of every share.
 *
 * The order of the tests is the order of precedence:
 *  1. boolean — every value is one of yes/no/true/false/y/n/t/f/是/否/对/错 (any case).
 *     Pure 0/1 columns stay integer (they are counts or flags that analyses may sum), and
 *     a column holding one single-letter value ('F' only) is not boolean: it is more
 *     likely a code such as a gender.
 *  2. date / datetime — at least 95% of cells parse as dates (dates.ts), which includes
 *     8-digit YYYYMMDD codes such as CDNOW's. Excel serial days count only when the header
 *     looks like a date ('date', 'time', '日期', …) and the day falls in 1950–2099, so a
 *     column of plain integers is never taken for dates by accident.
 *  3. integer / decimal — at least 95% of cells parse as numbers (numbers.ts). Integer
 *     when every value is whole and |x| < 2^31 (fits the i32 storage). Codes are not
 *     numbers even when they look like them: a value with a leading zero ('0001', '007'),
 *     a column whose values are mostly 8+ plain digits (order numbers, phone numbers,
 *     card numbers) or any digit string too long to be an exact double (16+ digits) makes
 *     the column text, so an id is never summed or averaged. Such code columns then follow
 *     rule 4 like any other text (few distinct codes → category).
 *  4. category — text with few distinct values: at most 10, or at most 50 and at most 5%
 *     of the non-missing cells; otherwise string.
 */
import { decideDateFormat, parseDate } from './dates.ts';
import { isMissingToken } from './missing.ts';
import { detectNumberFormat, parseNumber } from './numbers.ts';
import type { ColumnGuess, ValueType } from './types.ts';

export type InferredColumn = Omit<ColumnGuess, 'role' | 'roleReason'>;

/** Share of non-missing cells that must parse for a number or date type. */
export const TYPE_THRESHOLD = 0.95;

const TRUE_WORDS = ['yes', 'true', 'y', 't', '是', '对'];
const FALSE_WORDS = ['no', 'false', 'n', 'f', '否', '错'];
const BOOLEAN_WORDS = new Set([...TRUE_WORDS, ...FALSE_WORDS]);

/** True for the texts a boolean column may hold (trimmed, any case). */
export function isBooleanWord(s: string): boolean {
  return BOOLEAN_WORDS.has(s.trim().toLowerCase());
}

/** The boolean a word stands for, or null. */
export function booleanValue(s: string): boolean | null {
  const w = s.trim().toLowerCase();
  if (TRUE_WORDS.includes(w)) return true;
  if (FALSE_WORDS.includes(w)) return false;
  return null;
}

/**
 * Header names under which a column of plain numbers may be Excel serial days. ASCII
 * words are matched inside the lower-cased name ('InvoiceDate', 'created_at').
 */
const DATE_HEADER_WORDS = ['date', 'time', 'day', 'created', 'updated', '日期', '时间', '时刻'];

export function headerLooksLikeDate(name: string): boolean {
  const n = name.toLowerCase();
  return DATE_HEADER_WORDS.some((w) => n.includes(w)) || /(^|[^a-z])(dt|at)$/.test(n);
}

/** Excel serials 18264 (1950-01-01) … 73050 (2099-12-31) as epoch ms. */
const SERIAL_MIN_MS = Date.UTC(1950, 0, 1);
const SERIAL_MAX_MS = Date.UTC(2100, 0, 1);

export const CATEGORY_MAX_DISTINCT = 50;
export const CATEGORY_ALWAYS_DISTINCT = 10;
export const CATEGORY_MAX_SHARE = 0.05;

/** Category vs string for text with `distinct` different values over `cells` non-missing cells. */
export function textType(distinct: number, cells: number): ValueType {
  if (distinct <= CATEGORY_ALWAYS_DISTINCT) return 'category';
  if (distinct <= CATEGORY_MAX_DISTINCT && distinct <= CATEGORY_MAX_SHARE * cells)
    return 'category';
  return 'string';
}

function isPlainDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

export function inferColumn(
  name: string,
  distinct: readonly string[],
  counts: ArrayLike<number>,
): InferredColumn {
  const values: string[] = [];
  const weights: number[] = [];
  let cells = 0;
  for (let i = 0; i < distinct.length; i++) {
    const n = counts[i] ?? 0;
    if (n <= 0 || isMissingToken(distinct[i])) continue;
    values.push(distinct[i]);
    weights.push(n);
    cells += n;
  }
  if (cells === 0) return { name, type: 'string', fit: 1 };

  // 1. boolean
  const words = new Set<string>();
  let allBoolean = true;
  for (const v of values) {
    const w = v.trim().toLowerCase();
    if (!BOOLEAN_WORDS.has(w)) {
      allBoolean = false;
      break;
    }
    words.add(w);
  }
  if (allBoolean && (words.size > 1 || [...words][0].length > 1)) {
    return { name, type: 'boolean', fit: 1 };
  }

  // 2. dates
  const allowSerial = headerLooksLikeDate(name);
  const date = decideDateFormat(values, undefined);
  let dateCells = 0;
  let withTime = false;
  for (let i = 0; i < values.length; i++) {
    let parsed = parseDate(values[i], date, false);
    if (parsed === null && allowSerial) {
      parsed = parseDate(values[i], date, true);
      if (parsed !== null && (parsed.ms < SERIAL_MIN_MS || parsed.ms >= SERIAL_MAX_MS))
        parsed = null;
    }
    if (parsed === null) continue;
    dateCells += weights[i];
    withTime ||= parsed.hasTime;
  }
  if (dateCells >= TYPE_THRESHOLD * cells) {
    return { name, type: withTime ? 'datetime' : 'date', fit: dateCells / cells, date };
  }

  // 3. numbers
  const number = detectNumberFormat(values);
  let numberCells = 0;
  let whole = true;
  let maxAbs = 0;
  let leadingZero = false;
  let longCodeCells = 0;
  let tooLong = false;
  for (let i = 0; i < values.length; i++) {
    const x = parseNumber(values[i], number.decimal);
    if (x === null) continue;
    numberCells += weights[i];
    if (!Number.isInteger(x)) whole = false;
    const abs = Math.abs(x);
    if (abs > maxAbs) maxAbs = abs;
    const raw = values[i].trim();
    if (isPlainDigits(raw)) {
      if (raw.length > 1 && raw.charCodeAt(0) === 48) leadingZero = true;
      if (raw.length >= 8) longCodeCells += weights[i];
      if (raw.length > 15) tooLong = true;
    }
  }
  if (numberCells >= TYPE_THRESHOLD * cells) {
    const isCode = leadingZero || tooLong || longCodeCells >= 0.5 * numberCells;
    if (!isCode) {
      const type: ValueType = whole && maxAbs < 2 ** 31 ? 'integer' : 'decimal';
      return { name, type, fit: numberCells / cells, number };
    }
  }

  // 4. text
  return { name, type: textType(values.length, cells), fit: 1 };
}
