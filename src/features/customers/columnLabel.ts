/** A profile column's label in the user's language (attributes keep their imported names). */
import { PROFILE_COLUMNS, TIME_OF_DAY } from '../../core/customers/profiles.ts';
import { t, translate } from '../../i18n/index.ts';
import type { DatasetRecord } from '../../store/types.ts';
import { profilesReport } from './profiles.svelte.ts';

const KNOWN: ReadonlySet<string> = new Set([
  ...PROFILE_COLUMNS,
  ...TIME_OF_DAY.map((p) => `${p}_share`),
  'r_score',
  'f_score',
  'm_score',
  'segment',
  'stage',
]);

export function columnLabel(name: string, record: DatasetRecord | null): string {
  if (KNOWN.has(name)) return translate(`profile.column.${name}`);
  const share = record
    ? profilesReport(record).summary.categoryShares.find((s) => s.column === name)
    : undefined;
  if (share) return t('profile.column.share', { category: share.category });
  return name;
}
