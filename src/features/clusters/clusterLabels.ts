/**
 * How the Clusters page names things: features (profile columns in the user's language;
 * one-hot features as "column = value"), methods, automatic cluster names from their
 * parts, the user's own names, and tree rules as sentences in original units.
 */
import type { NamePart } from '../../core/cluster/profile.ts';
import type { ClusterMethod } from '../../core/cluster/run.ts';
import type { TreeRule } from '../../core/tree/cart.ts';
import { t, translate } from '../../i18n/index.ts';
import type { DatasetRecord } from '../../store/types.ts';
import { formatPercent } from '../../ui/format.ts';
import { columnFormatter, columnLabel } from '../customers/customerLabels.ts';

/** A feature's label: the profile column's label, or "column = value" for one-hot ones. */
export function featureLabel(name: string, record: DatasetRecord | null): string {
  const eq = name.indexOf('=');
  if (eq > 0) return `${columnLabel(name.slice(0, eq), record)} = ${name.slice(eq + 1)}`;
  return columnLabel(name, record);
}

/** A feature's value in its column's own format (money, days, shares…). */
export function featureValue(name: string, value: number, record: DatasetRecord | null): string {
  if (!Number.isFinite(value)) return '–';
  if (name.includes('=')) return formatPercent(value);
  return columnFormatter(name, 'f64', record)(value);
}

export function methodLabel(method: ClusterMethod): string {
  return translate(`clusters.method.${method}`);
}

/** The automatic name, e.g. "High value · frequent · recent". */
export function autoName(parts: readonly NamePart[], record: DatasetRecord | null): string {
  const words = parts.map((p) => {
    const params = p.params?.feature
      ? { ...p.params, feature: featureLabel(p.params.feature, record) }
      : p.params;
    return translate(p.key, params);
  });
  const text = words.join(t('cluster.name.separator'));
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

/**
 * Display names of all clusters: the user's name when given, else the automatic one;
 * automatic names that repeat get "(2)", "(3)"… so every cluster can be told apart.
 */
export function clusterNames(
  parts: readonly (readonly NamePart[])[],
  custom: readonly string[],
  record: DatasetRecord | null,
): string[] {
  const seen = new Map<string, number>();
  return parts.map((p, i) => {
    const own = custom[i]?.trim();
    if (own) return own;
    const name = autoName(p, record);
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count > 1 ? `${name} (${count})` : name;
  });
}

/** A tree rule as a sentence: "Monetary > 1,200.00 and Recency ≤ 30 → High value …". */
export function ruleText(
  rule: TreeRule,
  features: readonly string[],
  names: readonly string[],
  record: DatasetRecord | null,
): string {
  const conditions = rule.conditions.map((c) => {
    const name = features[c.feature];
    const op = c.op === '<=' ? '≤' : '>';
    return `${featureLabel(name, record)} ${op} ${featureValue(name, c.threshold, record)}`;
  });
  return t('clusters.tree.rule', {
    conditions:
      conditions.length > 0 ? conditions.join(t('clusters.tree.and')) : t('clusters.tree.all'),
    cluster: names[rule.prediction] ?? String(rule.prediction + 1),
    purity: formatPercent(rule.purity),
    coverage: formatPercent(rule.coverage),
  });
}
