/**
 * Numbers as people and spreadsheets write them: '1,234.56', '1.234,56', '1 234,56',
 * "1'234.56", '¥1,234', '12.50 €', '99元', '12.5%', '(12.50)', '+3', '1.5e-3'.
 *
 * A hand-written scanner rather than regular expressions: it runs once per distinct
 * value of every column of a file, must not backtrack on long junk, and has to apply
 * rules a regex states badly (thousands groups of exactly three digits, one kind of
 * group separator per value, an exponent only without groups).
 *
 * Rules that keep look-alikes out:
 * - Thousands groups: the first group has 1–3 digits and every later one exactly 3, all
 *   separated by the same character; '1,2' and '12,34' are not numbers with decimal '.'.
 *   Indian lakh grouping ('1,23,456') is refused for that reason.
 * - With decimal '.', group separators are ',', space, no-break / narrow no-break / thin
 *   space and the apostrophe; with decimal ',', '.' takes the comma's place.
 * - At most one sign (or parentheses), one currency and one percent sign.
 * - Full-width digits and signs ('１２３．５') are read as their ASCII forms.
 * Leading zeros ('007') are still numbers here; deciding that such a column holds ids is
 * the type inference's job (infer.ts).
 */
import type { NumberFormatInfo } from './types.ts';

export type DecimalSeparator = '.' | ',';

/** What one value used besides digits (for NumberFormatInfo). */
interface NumberFlags {
  currency: string;
  percent: boolean;
  parentheses: boolean;
}

const CURRENCY_SYMBOLS = new Set(['¥', '￥', '$', '€', '£']);
/** Three-letter codes accepted before or after the number (upper case in the text or not). */
const CURRENCY_CODES = new Set(['USD', 'RMB', 'CNY', 'EUR', 'GBP', 'HKD', 'JPY']);
/** Written after the amount only. */
const CURRENCY_SUFFIXES = new Set(['元']);

const SPACE_GROUPS = new Set([0x20, 0xa0, 0x2009, 0x202f, 0x2007]);

function isSpace(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x3000 ||
    c === 0xfeff ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x202f ||
    c === 0x205f
  );
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Full-width ASCII variants (U+FF01–U+FF5E) to ASCII; '￥' (U+FFE5) is left alone on purpose. */
function halfWidth(s: string): string {
  let out = '';
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    out += c >= 0xff01 && c <= 0xff5e ? String.fromCharCode(c - 0xfee0) : s[k];
  }
  return out;
}

function hasFullWidth(s: string): boolean {
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c >= 0xff01 && c <= 0xff5e) return true;
  }
  return false;
}

/** A currency code of three letters at [at, at + 3) that is not part of a longer word. */
function codeAt(s: string, at: number, lo: number, hi: number): string {
  if (at < lo || at + 3 > hi) return '';
  if (at > lo && isLetter(s.charCodeAt(at - 1))) return '';
  if (at + 3 < hi && isLetter(s.charCodeAt(at + 3))) return '';
  const code = s.slice(at, at + 3).toUpperCase();
  return CURRENCY_CODES.has(code) ? code : '';
}

function scan(input: string, decimal: DecimalSeparator, flags: NumberFlags | null): number | null {
  const s = hasFullWidth(input) ? halfWidth(input) : input;
  let i = 0;
  let j = s.length;
  while (i < j && isSpace(s.charCodeAt(i))) i++;
  while (j > i && isSpace(s.charCodeAt(j - 1))) j--;
  if (i === j) return null;

  let negative = false;
  let signed = false;
  let paren = false;
  let percent = false;
  let currency = '';

  // Prefixes in any order: sign, currency (symbol or code), opening parenthesis.
  for (;;) {
    if (i >= j) return null;
    const c = s.charCodeAt(i);
    if ((c === 43 || c === 45 || c === 0x2212) && !signed && !paren) {
      signed = true;
      negative = c !== 43;
      i++;
      continue;
    }
    if (!currency && CURRENCY_SYMBOLS.has(s[i])) {
      currency = s[i];
      i++;
      while (i < j && isSpace(s.charCodeAt(i))) i++;
      continue;
    }
    if (!currency && isLetter(c)) {
      const code = codeAt(s, i, i, j);
      if (!code) return null;
      currency = code;
      i += 3;
      while (i < j && isSpace(s.charCodeAt(i))) i++;
      continue;
    }
    if (c === 40 && !paren && !signed && s.charCodeAt(j - 1) === 41) {
      paren = true;
      i++;
      j--;
      while (i < j && isSpace(s.charCodeAt(i))) i++;
      while (j > i && isSpace(s.charCodeAt(j - 1))) j--;
      continue;
    }
    break;
  }
  // Suffixes: percent sign, currency.
  for (;;) {
    if (j <= i) return null;
    const c = s.charCodeAt(j - 1);
    if (c === 37 && !percent) {
      percent = true;
      j--;
      while (j > i && isSpace(s.charCodeAt(j - 1))) j--;
      continue;
    }
    if (!currency && (CURRENCY_SYMBOLS.has(s[j - 1]) || CURRENCY_SUFFIXES.has(s[j - 1]))) {
      currency = s[j - 1];
      j--;
      while (j > i && isSpace(s.charCodeAt(j - 1))) j--;
      continue;
    }
    if (!currency && isLetter(c)) {
      const code = codeAt(s, j - 3, i, j);
      if (!code) return null;
      currency = code;
      j -= 3;
      while (j > i && isSpace(s.charCodeAt(j - 1))) j--;
      continue;
    }
    break;
  }

  // The body: digits with optional thousands groups, decimal part and exponent.
  const decimalCode = decimal === '.' ? 46 : 44;
  const groupPunct = decimal === '.' ? 44 : 46;
  const bodyStart = i;
  let k = i;
  let intDigits = 0;
  let run = 0; // digits since the last group separator
  let groupKind = 0; // 0 none yet, 1 punctuation, 2 space, 3 apostrophe
  while (k < j) {
    const c = s.charCodeAt(k);
    if (c >= 48 && c <= 57) {
      intDigits++;
      run++;
      k++;
      continue;
    }
    const kind = c === groupPunct ? 1 : SPACE_GROUPS.has(c) ? 2 : c === 39 || c === 0x2019 ? 3 : 0;
    if (kind === 0) break;
    if (groupKind === 0) {
      if (run < 1 || run > 3) return null;
      groupKind = kind;
    } else if (kind !== groupKind || run !== 3) {
      return null;
    }
    run = 0;
    k++;
  }
  if (groupKind !== 0 && run !== 3) return null;
  const intEnd = k;
  let fracStart = -1;
  if (k < j && s.charCodeAt(k) === decimalCode) {
    k++;
    fracStart = k;
    while (k < j) {
      const c = s.charCodeAt(k);
      if (c < 48 || c > 57) break;
      k++;
    }
  }
  const fracEnd = k;
  if (intDigits === 0 && (fracStart < 0 || fracEnd === fracStart)) return null;
  let exponent = 0;
  let hasExponent = false;
  if (k < j && (s.charCodeAt(k) === 101 || s.charCodeAt(k) === 69)) {
    if (groupKind !== 0) return null;
    k++;
    let expNegative = false;
    if (k < j && (s.charCodeAt(k) === 43 || s.charCodeAt(k) === 45)) {
      expNegative = s.charCodeAt(k) === 45;
      k++;
    }
    const start = k;
    while (k < j && s.charCodeAt(k) >= 48 && s.charCodeAt(k) <= 57) k++;
    if (k === start || k - start > 4) return null;
    exponent = Number(s.slice(start, k)) * (expNegative ? -1 : 1);
    hasExponent = true;
  }
  if (k !== j) return null;

  let text: string;
  if (groupKind === 0 && decimal === '.') {
    text = s.slice(bodyStart, fracEnd);
  } else {
    let int = '';
    if (groupKind === 0) int = s.slice(bodyStart, intEnd);
    else {
      for (let q = bodyStart; q < intEnd; q++) {
        const c = s.charCodeAt(q);
        if (c >= 48 && c <= 57) int += s[q];
      }
    }
    text = fracStart < 0 ? int : `${int}.${s.slice(fracStart, fracEnd)}`;
  }
  if (negative) text = `-${text}`;

  // Percent via the exponent keeps decimal rounding exact: '12.3%' is 0.123, not 0.12300000000000001.
  if (percent) exponent -= 2;
  let value = Number(hasExponent || percent ? `${text}e${exponent}` : text);
  if (!Number.isFinite(value)) return null;
  if (paren) value = -value;
  if (value === 0) value = 0; // no -0
  if (flags) {
    flags.currency = currency;
    flags.percent = percent;
    flags.parentheses = paren;
  }
  return value;
}

/**
 * The number a cell holds, or null when it is not one. Missing-value tokens are the
 * caller's business (isMissingToken first): here they are simply not numbers.
 */
export function parseNumber(s: string, decimal: DecimalSeparator): number | null {
  return scan(s, decimal, null);
}

/**
 * Decides the decimal separator from the whole set of values: a value that parses only
 * with ',' ('12,5', '1.234,56') votes for ',', one that parses only with '.' ('1.5',
 * '1,234.56') votes for '.'; values that parse either way ('1,234', '12') do not vote.
 * ',' needs a strict majority, so an undecided column reads '.' (the spreadsheet default
 * of both English and Chinese locales). `decimal` forces the separator and only collects
 * the currency / percent / parentheses flags.
 */
export function detectNumberFormat(
  samples: readonly string[],
  decimal?: DecimalSeparator,
): NumberFormatInfo {
  let chosen = decimal;
  if (chosen === undefined) {
    let dotOnly = 0;
    let commaOnly = 0;
    for (const s of samples) {
      const dot = scan(s, '.', null) !== null;
      const comma = scan(s, ',', null) !== null;
      if (dot && !comma) dotOnly++;
      else if (comma && !dot) commaOnly++;
    }
    chosen = commaOnly > dotOnly ? ',' : '.';
  }
  const currency = new Set<string>();
  let percent = false;
  let parenthesesNegative = false;
  const flags: NumberFlags = { currency: '', percent: false, parentheses: false };
  for (const s of samples) {
    if (scan(s, chosen, flags) === null) continue;
    if (flags.currency) currency.add(flags.currency);
    percent ||= flags.percent;
    parenthesesNegative ||= flags.parentheses;
  }
  return { decimal: chosen, currency: [...currency].sort(), percent, parenthesesNegative };
}
