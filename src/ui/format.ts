/**
 * Cell and statistic formatting for tables. Number formatters are cached per locale and
 * options: a scrolling table formats thousands of cells a second, and building an
 * Intl.NumberFormat each time would cost more than the rendering.
 */
import type { CellValue, ColumnRole, ColumnType } from '../core/table/index.ts';
import { getLocale } from '../i18n/index.ts';

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const locale = getLocale();
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    numberFormats.set(key, f);
  }
  return f;
}

/** Identifier columns read better without thousands separators (order 536365, not 536,365). */
const ID_ROLES: ReadonlySet<ColumnRole> = new Set(['customerId', 'orderId', 'productId', 'phone']);
const MONEY_ROLES: ReadonlySet<ColumnRole> = new Set(['amount', 'unitPrice', 'income']);

export interface FormatColumn {
  type: ColumnType;
  role?: ColumnRole;
}

/** 'YYYY-MM-DD HH:mm' in UTC; dates are stored as UTC epoch milliseconds. */
export function formatIsoMinute(epochMs: number): string {
  const d = new Date(epochMs);
  if (Number.isNaN(d.getTime())) return String(epochMs);
  const iso = d.toISOString(); // 2011-12-09T12:50:00.000Z (or ±YYYYYY… outside 0000–9999)
  const t = iso.indexOf('T');
  return `${iso.slice(0, t)} ${iso.slice(t + 1, t + 6)}`;
}

export function formatNumberFor(column: FormatColumn, value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (column.role && ID_ROLES.has(column.role)) {
    return numberFormat({ useGrouping: false, maximumFractionDigits: 20 }).format(value);
  }
  if (column.type === 'i32') return numberFormat({ maximumFractionDigits: 0 }).format(value);
  if (column.role && MONEY_ROLES.has(column.role)) {
    return numberFormat({ minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
  }
  return numberFormat({ maximumFractionDigits: Math.abs(value) >= 100 ? 2 : 4 }).format(value);
}

/** The text of one cell; null (missing) is drawn by the caller as a muted dash. */
export function formatCell(column: FormatColumn, value: Exclude<CellValue, null>): string {
  if (typeof value === 'string') return value;
  if (column.type === 'date') return formatIsoMinute(value);
  return formatNumberFor(column, value);
}

/** A plain number in the current locale (counts, means…), at most `digits` decimals. */
export function formatCount(value: number, digits = 0): string {
  return numberFormat({ maximumFractionDigits: digits }).format(value);
}

/** A share 0…1 as a percentage with up to one decimal (0.1234 → 12.3 %). */
export function formatPercent(share: number): string {
  return numberFormat({ style: 'percent', maximumFractionDigits: 1 }).format(share);
}

/** Whether a column's cells are right-aligned numbers. */
export function isNumericType(type: ColumnType): boolean {
  return type === 'f64' || type === 'i32';
}
