/**
 * How the churn page words things: model names, features (profile columns by their
 * catalogue names, "other" and "missing" in the user's language), reasons, tree rules,
 * thresholds and errors.
 */
import {
  describeReason,
  featureLabel,
  type ChurnModelKind,
  type ChurnRule,
  type FeatureInfo,
  type FeaturePipeline,
  type Reason,
} from '../../core/churn/index.ts';
import { formatDate, formatNumber, t, translate } from '../../i18n/index.ts';
import type { DatasetRecord } from '../../store/types.ts';
import { formatCount, formatPercent } from '../../ui/format.ts';
import { columnFormatter, columnLabel, isProfileColumn } from '../customers/customerLabels.ts';

export function modelLabel(kind: ChurnModelKind): string {
  return translate(`churn.model.${kind}`);
}

/** A dataset to learn from or to score: "Shop (transactions, 1,234 rows)". */
export function datasetChoiceLabel(d: DatasetRecord): string {
  return t(
    d.kind === 'transactions'
      ? 'churnPage.settings.datasetTransactions'
      : 'churnPage.settings.datasetCustomers',
    { name: d.name, rows: formatCount(d.rowCount) },
  );
}

/** A source column's name: profile columns by their catalogue names, others as they are. */
export function columnName(column: string): string {
  // Category shares of the profiles (share_<category>) are not known without their record.
  const share = /^share_(.+)$/.exec(column);
  if (share) return t('profile.column.share', { category: share[1] });
  return columnLabel(column, null);
}

/** A feature in words, e.g. "Recency (days)", "Contract = Month-to-month", "TotalCharges missing". */
export function featureText(info: FeatureInfo): string {
  const { key, params } = featureLabel(info);
  return translate(key, { ...params, column: columnName(params.column) });
}

/** A feature with what its values need to be written: whether its column holds dates. */
export interface FeatureWords extends FeatureInfo {
  date: boolean;
}

/** Feature names (as the core writes them) → their info, to word reasons and rules. */
export function featureIndex(pipeline: FeaturePipeline): Map<string, FeatureWords> {
  const dates = new Set(
    pipeline.specs.filter((s) => s.kind === 'numeric' && s.date).map((s) => s.column),
  );
  return new Map(pipeline.features.map((f) => [f.name, { ...f, date: dates.has(f.column) }]));
}

function named(feature: string, index: Map<string, FeatureWords>): string {
  const info = index.get(feature);
  return info ? featureText(info) : feature;
}

/**
 * A value of a feature's column as people read it: dates as dates; profile columns as the
 * Customers page writes them (shares as percentages, money with 2 decimals); anything
 * else with up to 2 decimals.
 */
export function columnValue(info: FeatureWords | undefined, value: number): string {
  if (!info || !Number.isFinite(value)) return formatValue(value);
  if (info.date) return formatDate(value);
  // Category shares of the profiles (share_<category>) are fractions of spend.
  if (/^share_/.test(info.column)) return formatPercent(value);
  if (isProfileColumn(info.column)) return columnFormatter(info.column, 'f64', null)(value);
  return formatValue(value);
}

/** One reason in words: "Recency (days) 212 (+)", "Weekend share 40% (−)". */
export function reasonText(reason: Reason, index: Map<string, FeatureWords>): string {
  const { key, params } = describeReason(reason);
  const value =
    typeof reason.value === 'number'
      ? columnValue(index.get(reason.feature), reason.value)
      : params.value;
  return translate(key, { ...params, value, feature: named(reason.feature, index) });
}

export function reasonsText(
  reasons: Reason[] | undefined,
  index: Map<string, FeatureWords>,
): string {
  return (reasons ?? []).map((r) => reasonText(r, index)).join(t('churnPage.reasonSeparator'));
}

/** A number as the rules and tables write it: up to 2 decimals. */
export function formatValue(value: number): string {
  return formatNumber(value, { maximumFractionDigits: 2 });
}

/** A tree rule's conditions in words: "Recency (days) > 120 and not Channel = web". */
export function ruleText(rule: ChurnRule, index: Map<string, FeatureWords>): string {
  if (rule.conditions.length === 0) return t('churnPage.rules.everyone');
  return rule.conditions
    .map((c) => {
      const name = named(c.feature, index);
      if (c.kind === 'threshold')
        return t(c.op === '<=' ? 'churnPage.rules.atMost' : 'churnPage.rules.above', {
          feature: name,
          value: columnValue(index.get(c.feature), c.value ?? NaN),
        });
      return c.is
        ? t('churnPage.rules.is', { feature: name })
        : t('churnPage.rules.isNot', { feature: name });
    })
    .join(t('churnPage.rules.and'));
}

/** A probability threshold: "0.42", or "nobody" for +∞ (act on no customer). */
export function thresholdText(threshold: number): string {
  return Number.isFinite(threshold)
    ? formatNumber(threshold, { minimumFractionDigits: 2, maximumFractionDigits: 3 })
    : t('churnPage.threshold.nobody');
}

/** A metric with 3 decimals; '—' when missing. */
export function formatMetric(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return formatNumber(value, { minimumFractionDigits: 3, maximumFractionDigits: 3 });
}
