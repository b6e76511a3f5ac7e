/**
 * Cell texts that mean "no value". Typing turns them into nulls (never into invalid
 * values), and every guess ignores them.
 *
 * The list, compared after trimming white space (including no-break and ideographic
 * spaces) and, for the Latin ones, ignoring case:
 *   ''                       empty or only white space
 *   NA  N/A  #N/A            R, spreadsheets (Excel's "not available" error)
 *   null  None  NaN          databases, Python/pandas, JavaScript
 *   -  --  ---  –  —  ——     dashes people type into an empty cell (hyphen, en, em; '——' is
 *                            the Chinese double dash)
 *   无  空  缺失               Chinese "none", "empty", "missing"
 *
 * Case is ignored because exports write 'NULL', 'null' and 'Null' alike, and none of these
 * words is a plausible real value of a customer column. 'N/A' style slashes stay exact.
 */

export const MISSING_TOKENS: readonly string[] = [
  'na',
  'n/a',
  '#n/a',
  'null',
  'none',
  'nan',
  '-',
  '--',
  '---',
  '–',
  '—',
  '——',
  '无',
  '空',
  '缺失',
];

const TOKENS = new Set(MISSING_TOKENS);
const LONGEST = Math.max(...MISSING_TOKENS.map((t) => t.length));

export function isMissingToken(s: string): boolean {
  if (s.length === 0) return true;
  // Fast path for the usual cell: printable ASCII at both ends needs no trimming.
  const first = s.charCodeAt(0);
  const last = s.charCodeAt(s.length - 1);
  if (first > 32 && first < 127 && last > 32 && last < 127) {
    return s.length <= LONGEST && TOKENS.has(s.toLowerCase());
  }
  const trimmed = s.trim();
  return trimmed.length === 0 || (trimmed.length <= LONGEST && TOKENS.has(trimmed.toLowerCase()));
}
