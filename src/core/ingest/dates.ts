/**
 * Dates and times as files write them, to epoch milliseconds (UTC).
 *
 * Spellings (the names counted in DateFormatInfo.spellings):
 *   iso          2024-03-05, 2024-03-05T10:30, 2024-03-05 10:30:00.123Z, …+08:00 / +0800 / +08
 *   ymd          2024/3/5, 2024.3.5 (optional time)
 *   slash-dmy    5/3/2024, 05-03-2024, 05.03.2024 read day first (optional time, AM/PM)
 *   slash-mdy    the same spellings read month first
 *   compact      20240305 (8 digits, year 1900–2100)
 *   cjk          2024年3月5日, with optional 10:30, 10:30:15, 10时30分(15秒), 10点30分, 上午/下午
 *   monthName    5 Mar 2024, 05-Mar-2024, March 5, 2024, Mar 5 2024, Tue, 05 Mar 2024 10:30:00 GMT
 *   excelSerial  45356 or 45356.5 (days since 1900-01-00 in Excel's 1900 date system); only
 *                read when the caller allows it, i.e. when the column is typed as a date
 *
 * Time zones: a written offset ('Z', '+08:00', 'GMT', 'UTC+8') is applied, so the result
 * is the UTC instant. A time without an offset is taken as UTC wall-clock time: '10:30'
 * stays 10:30 in every view, whatever the machine's zone, so the same file gives the same
 * days and the same numbers on every computer (and in Node tests).
 *
 * `hasTime` is true when a time of day other than midnight is written (or an offset moves
 * the instant off midnight); exports that append '00:00:00' to every date stay dates.
 *
 * Two-digit years are not read ('5/3/24' is not a date): guessing the century is how
 * customer histories end up in 1924.
 *
 * The scanner is a hand-written cursor over the string (no regular expressions, so no
 * backtracking on long junk); every distinct value of a column is scanned once.
 */
import type { DateFormatInfo, DayOrder } from './types.ts';

const DAY_MS = 86_400_000;

/** Internal: how a value was written before the day order is applied. */
type Kind = 'iso' | 'ymd' | 'dm' | 'compact' | 'serial' | 'cjk' | 'monthName';

interface Scanned {
  kind: Kind;
  year: number;
  /** Month for ymd-like kinds; the first number of 'dm'. */
  a: number;
  /** Day for ymd-like kinds; the second number of 'dm'. */
  b: number;
  /** Milliseconds since midnight, offset not yet applied. */
  time: number;
  hasClock: boolean;
  /** Minutes east of UTC written with the value. */
  offset: number;
  serial: number;
}

// The cursor. Module state keeps the scanner allocation-free; it is never re-entered.
let S = '';
let P = 0;

function code(): number {
  return P < S.length ? S.charCodeAt(P) : -1;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 0xa0 || c === 0x3000 || c === 0x202f;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function skipSpaces(): void {
  while (isSpace(code())) P++;
}

/** How many digits the last digits() call read. */
let digitCount = 0;

/** Reads min..max digits; -1 when there are fewer than min (more than max is left for the caller to refuse). */
function digits(min: number, max: number): number {
  let v = 0;
  let n = 0;
  while (n < max && isDigit(code())) {
    v = v * 10 + (code() - 48);
    P++;
    n++;
  }
  digitCount = n;
  return n < min ? -1 : v;
}

function word(): string {
  const start = P;
  while (isLetter(code())) P++;
  return S.slice(start, P).toLowerCase();
}

function eat(ch: string): boolean {
  if (S.charCodeAt(P) === ch.charCodeAt(0) && (ch.length === 1 || S.startsWith(ch, P))) {
    P += ch.length;
    return true;
  }
  return false;
}

const MONTHS = new Map<string, number>([
  ['jan', 1],
  ['january', 1],
  ['feb', 2],
  ['february', 2],
  ['mar', 3],
  ['march', 3],
  ['apr', 4],
  ['april', 4],
  ['may', 5],
  ['jun', 6],
  ['june', 6],
  ['jul', 7],
  ['july', 7],
  ['aug', 8],
  ['august', 8],
  ['sep', 9],
  ['sept', 9],
  ['september', 9],
  ['oct', 10],
  ['october', 10],
  ['nov', 11],
  ['november', 11],
  ['dec', 12],
  ['december', 12],
]);

const WEEKDAYS = new Set([
  'mon',
  'monday',
  'tue',
  'tues',
  'tuesday',
  'wed',
  'wednesday',
  'thu',
  'thur',
  'thurs',
  'thursday',
  'fri',
  'friday',
  'sat',
  'saturday',
  'sun',
  'sunday',
]);

// Results of the time scanner.
let tTime = 0;
let tClock = false;
let tOffset = 0;

/** A zone after a time: Z, ±hh[[:]mm], UTC/GMT optionally followed by an offset. Returns false on junk. */
function zone(): boolean {
  tOffset = 0;
  const c = code();
  if (c === -1) return true;
  if (c === 90 || c === 122) {
    P++;
    return true;
  }
  if (c === 85 || c === 71 || c === 117 || c === 103) {
    const w = word();
    if (w !== 'utc' && w !== 'gmt') return false;
    if (code() === -1) return true;
  }
  const sign = code();
  if (sign !== 43 && sign !== 45 && sign !== 0x2212) return false;
  P++;
  const start = P;
  const hh = digits(1, 2);
  if (hh < 0 || hh > 14) return false;
  let mm = 0;
  if (eat(':')) {
    mm = digits(2, 2);
    if (mm < 0) return false;
  } else if (P - start === 2 && isDigit(code())) {
    mm = digits(2, 2);
    if (mm < 0) return false;
  }
  if (mm > 59) return false;
  tOffset = (sign === 43 ? 1 : -1) * (hh * 60 + mm);
  return true;
}

/** A time of day from the cursor to the end of the string. */
function time(): boolean {
  let half = 0; // 1 am, 2 pm
  if (code() > 0x2e80) {
    if (eat('上午')) half = 1;
    else if (eat('下午') || eat('晚上')) half = 2;
    if (half) skipSpaces();
  }
  const h = digits(1, 2);
  if (h < 0) return false;
  let m = 0;
  let sec = 0;
  let ms = 0;
  if (eat(':')) {
    m = digits(2, 2);
    if (m < 0) return false;
    if (eat(':')) {
      sec = digits(2, 2);
      if (sec < 0) return false;
      const c = code();
      if (c === 46 || c === 44) {
        P++;
        const frac = digits(1, 9);
        if (frac < 0 || isDigit(code())) return false;
        const n = digitCount;
        ms = n <= 3 ? frac * 10 ** (3 - n) : Math.floor(frac / 10 ** (n - 3));
      }
    }
  } else if (eat('时') || eat('点')) {
    if (isDigit(code())) {
      m = digits(1, 2);
      if (!eat('分') && code() !== -1) return false;
      if (isDigit(code())) {
        sec = digits(1, 2);
        if (!eat('秒') && code() !== -1) return false;
      }
    }
  } else {
    return false;
  }
  if (isDigit(code())) return false;
  skipSpaces();
  if (!half) {
    const c = code();
    if (c === 65 || c === 97 || c === 80 || c === 112) {
      const isPm = c === 80 || c === 112;
      P++;
      if (eat('.')) {
        if (!eat('m.') && !eat('M.')) return false;
      } else if (!eat('m') && !eat('M')) return false;
      half = isPm ? 2 : 1;
      skipSpaces();
    } else if (c > 0x2e80) {
      if (eat('上午')) half = 1;
      else if (eat('下午')) half = 2;
    }
  }
  if (half) {
    if (h < 1 || h > 12) return false;
  } else if (h > 23) return false;
  if (m > 59 || sec > 59) return false;
  const hour = half === 0 ? h : (h % 12) + (half === 2 ? 12 : 0);
  skipSpaces();
  if (!zone()) return false;
  if (P !== S.length) return false;
  tTime = ((hour * 60 + m) * 60 + sec) * 1000 + ms;
  tClock = true;
  return true;
}

/** After the date part: nothing, or a separator ('T', spaces, ', ') and a time. */
function rest(cjk: boolean): boolean {
  tTime = 0;
  tClock = false;
  tOffset = 0;
  const c = code();
  if (c === -1) return true;
  if (c === 84 || c === 116) {
    P++;
    if (!isDigit(code())) return false;
  } else if (c === 44 || isSpace(c)) {
    if (c === 44) P++;
    skipSpaces();
  } else if (!cjk) {
    return false;
  }
  return time();
}

/** The one scan result, reused: callers read it before the next scan. */
const R: Scanned = {
  kind: 'iso',
  year: 0,
  a: 0,
  b: 0,
  time: 0,
  hasClock: false,
  offset: 0,
  serial: 0,
};

function result(kind: Kind, year: number, a: number, b: number): Scanned {
  R.kind = kind;
  R.year = year;
  R.a = a;
  R.b = b;
  R.time = tTime;
  R.hasClock = tClock;
  R.offset = tOffset;
  R.serial = 0;
  return R;
}

/** Two ASCII digits at k, or -1. */
function two(s: string, k: number): number {
  const x = s.charCodeAt(k) - 48;
  const y = s.charCodeAt(k + 1) - 48;
  return x >= 0 && x <= 9 && y >= 0 && y <= 9 ? x * 10 + y : -1;
}

/**
 * The common machine spellings at fixed positions — 'YYYY-MM-DD', 'YYYY-MM-DD HH:MM' and
 * 'YYYY-MM-DD HH:MM:SS' (or with 'T') — without the general scanner: they are most of the
 * timestamps of most exports. Anything else returns null and takes the general path.
 */
function fastIso(s: string): Scanned | null {
  const n = s.length;
  if ((n !== 10 && n !== 16 && n !== 19) || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45)
    return null;
  const y1 = two(s, 0);
  const y2 = two(s, 2);
  const m = two(s, 5);
  const d = two(s, 8);
  if (y1 < 0 || y2 < 0 || m < 0 || d < 0) return null;
  tTime = 0;
  tClock = false;
  tOffset = 0;
  if (n > 10) {
    const sep = s.charCodeAt(10);
    if ((sep !== 32 && sep !== 84) || s.charCodeAt(13) !== 58) return null;
    const hh = two(s, 11);
    const mm = two(s, 14);
    let ss = 0;
    if (n === 19) {
      if (s.charCodeAt(16) !== 58) return null;
      ss = two(s, 17);
    }
    if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 59) return null;
    tTime = ((hh * 60 + mm) * 60 + ss) * 1000;
    tClock = true;
  }
  return result('iso', y1 * 100 + y2, m, d);
}

/** 'Mon 5 2024', 'March 5, 2024' after the month word has been read. */
function monthFirst(month: number): Scanned | null {
  eat('.');
  const c = code();
  if (c === 45 || c === 47) P++;
  else if (isSpace(c)) skipSpaces();
  else return null;
  const d = digits(1, 2);
  if (d < 0 || isDigit(code())) return null;
  eat(',');
  const c2 = code();
  if (c2 === 45 || c2 === 47) P++;
  else if (isSpace(c2)) skipSpaces();
  else return null;
  const y = digits(4, 4);
  if (y < 0 || isDigit(code())) return null;
  if (!rest(false)) return null;
  return result('monthName', y, month, d);
}

/** '5 Mar 2024', '05-Mar-2024' after the day and its separator. */
function dayFirstName(day: number): Scanned | null {
  const month = MONTHS.get(word());
  if (month === undefined) return null;
  eat('.');
  eat(',');
  const c = code();
  if (c === 45 || c === 47 || c === 46) P++;
  else if (isSpace(c)) skipSpaces();
  else return null;
  const y = digits(4, 4);
  if (y < 0 || isDigit(code())) return null;
  if (!rest(false)) return null;
  return result('monthName', y, month, day);
}

function scanLetters(): Scanned | null {
  let w = word();
  if (WEEKDAYS.has(w)) {
    eat(',');
    eat('.');
    skipSpaces();
    if (isDigit(code())) {
      const d = digits(1, 2);
      if (d < 0 || isDigit(code())) return null;
      skipSpaces();
      return dayFirstName(d);
    }
    w = word();
  }
  const month = MONTHS.get(w);
  return month === undefined ? null : monthFirst(month);
}

/** The whole string is a plain number (digits with at most one '.'): an Excel serial candidate. */
function plainSerial(): Scanned | null {
  let dots = 0;
  for (let k = 0; k < S.length; k++) {
    const c = S.charCodeAt(k);
    if (c === 46) dots++;
    else if (!isDigit(c)) return null;
  }
  if (dots > 1 || S.charCodeAt(S.length - 1) === 46) return null;
  if (dots === 0 && S.length === 8) return null; // YYYYMMDD, read by scanDigits
  const r = result('serial', 0, 0, 0);
  r.serial = Number(S);
  return r;
}

function scanDigits(): Scanned | null {
  const first = digits(1, 8);
  const len = digitCount;
  if (isDigit(code())) return null;
  const c = code();
  if (len === 4) {
    if (c === 45 || c === 47 || c === 46) {
      P++;
      const m = digits(1, 2);
      if (m < 0 || code() !== c) return null;
      P++;
      const d = digits(1, 2);
      if (d < 0 || isDigit(code())) return null;
      if (!rest(false)) return null;
      return result(c === 45 ? 'iso' : 'ymd', first, m, d);
    }
    if (c === 0x5e74 /* 年 */) {
      P++;
      skipSpaces();
      const m = digits(1, 2);
      skipSpaces();
      if (m < 0 || !eat('月')) return null;
      skipSpaces();
      const d = digits(1, 2);
      skipSpaces();
      if (d < 0 || !(eat('日') || eat('号'))) return null;
      if (!rest(true)) return null;
      return result('cjk', first, m, d);
    }
  }
  if (len === 8 && (c === -1 || isSpace(c) || c === 84)) {
    if (!rest(false)) return null;
    return result('compact', Math.floor(first / 10000), Math.floor(first / 100) % 100, first % 100);
  }
  if (len <= 2) {
    if (c === 47 || c === 45 || c === 46) {
      P++;
      if (isLetter(code())) return dayFirstName(first);
      const second = digits(1, 2);
      if (second < 0 || code() !== c) return null;
      P++;
      const y = digits(4, 4);
      if (y < 0 || isDigit(code())) return null;
      if (!rest(false)) return null;
      return result('dm', y, first, second);
    }
    if (isSpace(c)) {
      skipSpaces();
      if (isLetter(code())) return dayFirstName(first);
      return null;
    }
  }
  return null;
}

function scan(s: string): Scanned | null {
  if (s.length === 0 || s.length > 64) return null;
  const fast = fastIso(s);
  if (fast !== null) return fast;
  // Plain ASCII at both ends needs no trimming (the usual cell); trim() allocates.
  const f = s.charCodeAt(0);
  const l = s.charCodeAt(s.length - 1);
  S = f > 32 && f < 127 && l > 32 && l < 127 ? s : s.trim();
  P = 0;
  const c = code();
  if (isDigit(c)) {
    // Any plain number but 8 digits (YYYYMMDD) can only be an Excel serial day.
    return plainSerial() ?? scanDigits();
  }
  if (isLetter(c)) return scanLetters();
  return null;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDate(y: number, m: number, d: number): boolean {
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  return d <= (m === 2 && isLeap(y) ? 29 : MONTH_DAYS[m - 1]);
}

/** Excel's largest serial day, 9999-12-31. */
const MAX_SERIAL = 2_958_465;
/** Days from Excel's day 0 (1900-01-00) to 1970-01-01, counting Excel's phantom 1900-02-29. */
const SERIAL_EPOCH = 25_569;

/**
 * Excel's 1900 date system: day 1 is 1900-01-01 and day 60 is 1900-02-29, a day that never
 * existed (Lotus 1-2-3's leap-year bug, kept by Excel). Days 1–59 are therefore one day
 * later than a plain count, days from 61 on match the calendar, and day 60 is refused like
 * any other impossible date. Fractions are the time of day, rounded to the millisecond.
 */
export function excelSerialToMs(serial: number): number | null {
  const day = Math.floor(serial);
  if (!(day >= 1 && day <= MAX_SERIAL) || day === 60) return null;
  const epochDays = day < 60 ? day - SERIAL_EPOCH + 1 : day - SERIAL_EPOCH;
  return epochDays * DAY_MS + Math.round((serial - day) * DAY_MS);
}

export interface ParsedDate {
  ms: number;
  hasTime: boolean;
}

function build(y: number, m: number, d: number, sc: Scanned): ParsedDate | null {
  if (!validDate(y, m, d)) return null;
  const ms = Date.UTC(y, m - 1, d) + sc.time - sc.offset * 60_000;
  return { ms, hasTime: sc.hasClock && (sc.time !== 0 || sc.offset !== 0) };
}

/**
 * The instant a cell holds, or null. `info.order` reads 'dm' spellings (5/3/2024): 'dmy'
 * day first, 'mdy' month first; with 'ymd' (a column decided without any such value) a
 * value reads day first unless only month-first fits. Values that do not fit the order
 * (15/3/2024 in an 'mdy' column) are null: that is how a column that changes its format
 * halfway reports its minority. `allowSerial` admits Excel serial days.
 */
export function parseDate(
  s: string,
  info: { order: DayOrder },
  allowSerial: boolean,
): ParsedDate | null {
  const sc = scan(s);
  if (sc === null) return null;
  switch (sc.kind) {
    case 'serial': {
      if (!allowSerial) return null;
      const ms = excelSerialToMs(sc.serial);
      return ms === null ? null : { ms, hasTime: ms % DAY_MS !== 0 };
    }
    case 'dm': {
      const monthFirst = info.order === 'ymd' ? sc.a <= 12 && sc.b > 12 : info.order === 'mdy';
      return monthFirst ? build(sc.year, sc.a, sc.b, sc) : build(sc.year, sc.b, sc.a, sc);
    }
    case 'compact':
      if (sc.year < 1900 || sc.year > 2100) return null;
      return build(sc.year, sc.a, sc.b, sc);
    default:
      return build(sc.year, sc.a, sc.b, sc);
  }
}

/**
 * Decides how D/M/Y-like values of a column are read, from all its distinct values:
 * a value whose first number cannot be a month (13/3/2024) is day-first; one whose second
 * cannot (3/13/2024) is month-first. Only day-first evidence → 'dmy'; only month-first →
 * 'mdy'; both → the majority (ties: `preferred`, else 'dmy') and the minority becomes
 * invalid when typed, with both counts in `spellings` so the report can say the format
 * changed. No evidence either way → `ambiguous`, order `preferred` or 'dmy'. A column
 * without such values at all gets order 'ymd'.
 */
export function decideDateFormat(
  distinct: readonly string[],
  preferred?: DayOrder,
): DateFormatInfo {
  const spellings: Record<string, number> = {};
  let dayFirst = 0;
  let monthFirst = 0;
  let either = 0;
  for (const s of distinct) {
    const sc = scan(s);
    if (sc === null) continue;
    if (sc.kind === 'dm') {
      const dmy = validDate(sc.year, sc.b, sc.a);
      const mdy = validDate(sc.year, sc.a, sc.b);
      if (dmy && mdy) either++;
      else if (dmy) dayFirst++;
      else if (mdy) monthFirst++;
      continue;
    }
    const name = sc.kind === 'serial' ? 'excelSerial' : sc.kind;
    spellings[name] = (spellings[name] ?? 0) + 1;
  }
  const fallback: DayOrder = preferred === 'mdy' ? 'mdy' : 'dmy';
  let order: DayOrder;
  let ambiguous = false;
  if (dayFirst === 0 && monthFirst === 0) {
    if (either === 0) order = preferred ?? 'ymd';
    else {
      order = fallback;
      ambiguous = true;
    }
  } else if (dayFirst > monthFirst) order = 'dmy';
  else if (monthFirst > dayFirst) order = 'mdy';
  else order = fallback;
  const dmyCount = dayFirst + (order === 'dmy' ? either : 0);
  const mdyCount = monthFirst + (order === 'mdy' ? either : 0);
  if (dmyCount > 0) spellings['slash-dmy'] = dmyCount;
  if (mdyCount > 0) spellings['slash-mdy'] = mdyCount;
  return { order, ambiguous, spellings };
}
