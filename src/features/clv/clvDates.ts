/**
 * The dates of the lifetime-value form: a transactions dataset's first and last order day
 * (from its stored column statistics, without reading the rows), the default calibration
 * and holdout ends, and the conversion between epoch ms (00:00 UTC) and date inputs.
 */
import { DAY_MS } from '../../core/customers/profiles.ts';
import type { DatasetRecord } from '../../store/types.ts';

/** The start (00:00 UTC) of the day holding `ms`. */
export function dayStart(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** First and last order day of a transactions dataset, or null without a dated order column. */
export function dateRangeOf(record: DatasetRecord): { first: number; last: number } | null {
  const column = record.columns.find(
    (c) => c.role === 'orderDate' || record.mapping?.[c.name] === 'orderDate',
  );
  const { min, max } = column?.stats ?? {};
  if (min === undefined || max === undefined || !Number.isFinite(min) || !Number.isFinite(max)) {
    return null;
  }
  return { first: dayStart(min), last: dayStart(max) };
}

/**
 * With a holdout: calibration ends on the day midway between the first and last order day
 * and the holdout on the last; without: calibration ends on the last order day.
 */
export function defaultDates(
  range: { first: number; last: number } | null,
  holdout: boolean,
): { calibrationEnd: number | null; holdoutEnd: number | null } {
  if (!range) return { calibrationEnd: null, holdoutEnd: null };
  if (!holdout) return { calibrationEnd: range.last, holdoutEnd: null };
  const days = Math.round((range.last - range.first) / DAY_MS);
  return {
    calibrationEnd: range.first + Math.floor(days / 2) * DAY_MS,
    holdoutEnd: range.last,
  };
}

/** 'YYYY-MM-DD' of a UTC day, as a date input writes it. */
export function dayInput(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Epoch ms of a date input's day (00:00 UTC); NaN when it is not a real date. */
export function inputDay(value: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!m) return NaN;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return dayInput(ms) === value.trim() ? ms : NaN;
}
