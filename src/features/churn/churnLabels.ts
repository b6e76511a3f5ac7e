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
import { formatNumber, t, translate } from '../../i18n/index.ts';
import { columnLabel } from '../customers/customerLabels.ts';

export function modelLabel(kind: ChurnModelKind): string {
  return translate(`churn.model.${kind}`);
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

/** Feature names (as the core writes them) → their info, to word reasons and rules. */
export function featureIndex(pipeline: FeaturePipeline): Map<string, FeatureInfo> {
  return new Map(pipeline.features.map((f) => [f.name, f]));
}

function named(feature: string, index: Map<string, FeatureInfo>): string {
  const info = index.get(feature);
  return info ? featureText(info) : feature;
}

/** One reason in words: "Recency (days) 212 (+)". */
export function reasonText(reason: Reason, index: Map<string, FeatureInfo>): string {
  const { key, params } = describeReason(reason);
  const value =
    typeof reason.value === 'number'
      ? formatNumber(reason.value, { maximumFractionDigits: 2 })
      : params.value;
  return translate(key, { ...params, value, feature: named(reason.feature, index) });
}

export function reasonsText(
  reasons: Reason[] | undefined,
  index: Map<string, FeatureInfo>,
): string {
  return (reasons ?? []).map((r) => reasonText(r, index)).join(t('churnPage.reasonSeparator'));
}

/** A number as the rules and tables write it: up to 2 decimals. */
export function formatValue(value: number): string {
  return formatNumber(value, { maximumFractionDigits: 2 });
}

/** A tree rule's conditions in words: "Recency (days) > 120 and not Channel = web". */
export function ruleText(rule: ChurnRule, index: Map<string, FeatureInfo>): string {
  if (rule.conditions.length === 0) return t('churnPage.rules.everyone');
  return rule.conditions
    .map((c) => {
      const name = named(c.feature, index);
      if (c.kind === 'threshold')
        return t(c.op === '<=' ? 'churnPage.rules.atMost' : 'churnPage.rules.above', {
          feature: name,
          value: formatValue(c.value ?? NaN),
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
