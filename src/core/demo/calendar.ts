/**
 * The demo shop's fixed calendar. Everything is UTC and derived from the `endDate` option,
 * never from the clock, so that the same options always give the same shop.
 */
import { LensError } from '../errors.ts';

export const DAY_MS = 86_400_000;

export interface Calendar {
  /** Midnight UTC of the first day of the observation window. */
  startMs: number;
  /** Midnight UTC of the last day (endDate, inclusive). */
  endDayMs: number;
  /** Days in the window, both ends included; day d starts at startMs + d·DAY_MS. */
  days: number;
}

/** Epoch ms of midnight UTC for 'YYYY-MM-DD', or null when the text is not a real date. */
export function parseIsoDay(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]) - 1;
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo || back.getUTCDate() !== d) {
    return null;
  }
  return ms;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/**
 * The window is the `months` calendar months that end on `endDate`: for 2026-06-30 and
 * 24 months it runs from 2024-07-01 to 2026-06-30. The day of month is clamped so that
 * month-end dates (03-31 minus one month) stay in the intended month.
 */
export function makeCalendar(endDate: string, months: number): Calendar {
  const endDayMs = parseIsoDay(endDate);
  if (endDayMs === null)
    throw new LensError('error.demo.option', { option: 'endDate', value: endDate });
  const end = new Date(endDayMs);
  const y = end.getUTCFullYear();
  const mo = end.getUTCMonth() - months;
  const targetYear = y + Math.floor(mo / 12);
  const targetMonth = ((mo % 12) + 12) % 12;
  const d = Math.min(end.getUTCDate(), daysInMonth(targetYear, targetMonth));
  const startMs = Date.UTC(targetYear, targetMonth, d) + DAY_MS;
  return { startMs, endDayMs, days: Math.round((endDayMs - startMs) / DAY_MS) + 1 };
}

/**
 * Gift-buying seasons of a Chinese online+offline shop: Valentine's Day (Feb 1–14),
 * the 618 mid-year sale (Jun 1–18), and Singles' Day (11-11) through Christmas and the
 * year end (Nov 1 – Dec 31). About 93 days a year.
 */
export function isFestival(ms: number): boolean {
  const date = new Date(ms);
  const month = date.getUTCMonth();
  const day = date.getUTCDate();
  if (month === 10 || month === 11) return true;
  if (month === 1) return day <= 14;
  if (month === 5) return day <= 18;
  return false;
}

export function isWeekend(ms: number): boolean {
  const wd = new Date(ms).getUTCDay();
  return wd === 0 || wd === 6;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export function formatIsoDay(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

/** The date spellings a hand-maintained CRM export mixes; see dirt.ts. */
export type DayFormat = 'iso' | 'dmy-slash' | 'ymd-slash-short' | 'compact';

export function formatDay(ms: number, format: DayFormat): string {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  switch (format) {
    case 'iso':
      return formatIsoDay(ms);
    case 'dmy-slash':
      return `${pad(day, 2)}/${pad(m, 2)}/${pad(y, 4)}`;
    case 'ymd-slash-short':
      return `${y}/${m}/${day}`;
    case 'compact':
      return `${pad(y, 4)}${pad(m, 2)}${pad(day, 2)}`;
  }
}
