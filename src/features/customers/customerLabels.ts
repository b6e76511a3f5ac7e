/**
 * How the Customers page names and writes profile columns: labels in the user's language
 * (attributes keep their imported names), dates as dates, money with 2 decimals, shares
 * as percentages, intervals with one decimal.
 */
import { PROFILE_COLUMNS, TIME_OF_DAY } from '../../core/customers/profiles.ts';
import type { CellValue, ColumnRole, ColumnType } from '../../core/table/index.ts';
import { formatDate, t, translate } from '../../i18n/index.ts';
import { formatCell, formatCount, formatNumberFor, formatPercent } from '../../ui/format.ts';
import type { DatasetRecord } from '../../store/types.ts';
import { profilesReport } from './profiles.svelte.ts';
import { CLV_PROFILE_COLUMNS } from '../clv/clvColumns.ts';
import { tierLabel } from '../clv/clvLabels.ts';

const KNOWN: ReadonlySet<string> = new Set([
  ...PROFILE_COLUMNS,
  ...TIME_OF_DAY.map((p) => `${p}_share`),
  'r_score',
  'f_score',
  'm_score',
  'segment',
  'stage',
  ...CLV_PROFILE_COLUMNS,
]);

const MONEY: ReadonlySet<string> = new Set([
  'gross_spend',
  'returns',
  'net_spend',
  'aov',
  'monetary',
  'expected_spend',
  'clv',
]);
const SHARES: ReadonlySet<string> = new Set([
  'weekend_share',
  'p_alive',
  ...TIME_OF_DAY.map((p) => `${p}_share`),
]);
const DAYS: ReadonlySet<string> = new Set(['mean_interval_days', 'last_interval_days']);

function categoryShares(record: DatasetRecord | null): { column: string; category: string }[] {
  const report = record ? profilesReport(record) : undefined;
  return report?.summary?.categoryShares ?? [];
}

function attributes(record: DatasetRecord | null): { name: string; role: ColumnRole }[] {
  const report = record ? profilesReport(record) : undefined;
  return report?.summary?.attributes ?? [];
}

/** Whether the name is one of the profile builder's own columns (category shares aside). */
export function isProfileColumn(name: string): boolean {
  return KNOWN.has(name);
}

export function columnLabel(name: string, record: DatasetRecord | null): string {
  if (KNOWN.has(name)) return translate(`profile.column.${name}`);
  const share = categoryShares(record).find((s) => s.column === name);
  if (share) return t('profile.column.share', { category: share.category });
  return name;
}

/** A money amount with exactly 2 decimals in the current locale. */
export function formatMoney(value: number): string {
  return formatNumberFor({ type: 'f64', role: 'amount' }, value);
}

/**
 * A function that writes one column's values; built once per column (and locale) so a
 * scrolling table does not look the column up for every cell.
 */
export function columnFormatter(
  name: string,
  type: ColumnType,
  record: DatasetRecord | null,
): (value: Exclude<CellValue, null>) => string {
  if (name === 'value_tier') return tierLabel;
  if (type === 'dict') return (v) => String(v);
  if (type === 'date') return (v) => (typeof v === 'number' ? formatDate(v) : String(v));
  const share = SHARES.has(name) || categoryShares(record).some((s) => s.column === name);
  if (share) return (v) => (typeof v === 'number' ? formatPercent(v) : String(v));
  const role = attributes(record).find((a) => a.name === name)?.role;
  if (MONEY.has(name) || role === 'income')
    return (v) => (typeof v === 'number' ? formatMoney(v) : String(v));
  if (DAYS.has(name)) return (v) => (typeof v === 'number' ? formatCount(v, 1) : String(v));
  if (name === 'expected_purchases')
    return (v) => (typeof v === 'number' ? formatCount(v, 2) : String(v));
  if (name === 'items') return (v) => (typeof v === 'number' ? formatCount(v, 2) : String(v));
  if (KNOWN.has(name)) return (v) => (typeof v === 'number' ? formatCount(v) : String(v));
  return (v) => formatCell(role ? { type, role } : { type }, v);
}
