/**
 * The risk list: every scored customer ranked by the chosen model's probability (highest
 * first; equal probabilities by customer id), with the RFM segment when the open profiles
 * come from the same source, the lifetime value where one was fitted, the value at risk
 * (probability × CLV, churn targets only) and the top reasons; its CSV text.
 */
import type { ChurnModelKind, Reason } from '../../core/churn/index.ts';
import { escapeCsvText } from '../../core/table/csv.ts';
import type { ChurnRunOutcome } from '../../workers/api.ts';

export interface RiskRow {
  id: string;
  /** Index into outcome.scores.ids. */
  index: number;
  probability: number;
  segment: string | null;
  clv: number | null;
  valueAtRisk: number | null;
  reasons: Reason[];
}

/** Whether the probability is of losing the customer (churn, or a target column), not of buying. */
export function isChurnLike(outcome: ChurnRunOutcome): boolean {
  return outcome.labels.positive !== 'purchase';
}

/**
 * Rows with probability ≥ minProbability, ranked. `segmentOf(id)` names a customer's RFM
 * segment (null when unknown).
 */
export function riskRows(
  outcome: ChurnRunOutcome,
  model: ChurnModelKind,
  minProbability: number,
  segmentOf: (id: string) => string | null = () => null,
): RiskRow[] {
  const { ids, probability, reasons } = outcome.scores;
  const p = probability[model];
  if (!p) return [];
  const churnLike = isChurnLike(outcome);
  const rows: RiskRow[] = [];
  for (let i = 0; i < ids.length; i++) {
    if (!(p[i] >= minProbability)) continue;
    const clv = outcome.clv && Number.isFinite(outcome.clv[i]) ? outcome.clv[i] : null;
    rows.push({
      id: ids[i],
      index: i,
      probability: p[i],
      segment: segmentOf(ids[i]),
      clv,
      valueAtRisk: churnLike && clv !== null ? p[i] * clv : null,
      reasons: reasons[model]?.[i] ?? [],
    });
  }
  return rows.sort(
    (a, b) => b.probability - a.probability || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

const num = (v: number | null, digits: number): string =>
  v === null || !Number.isFinite(v) ? '' : String(Math.round(v * 10 ** digits) / 10 ** digits);

/**
 * The rows as CSV text (no BOM): rank, customer id, probability (4 decimals), segment,
 * CLV and value at risk (2 decimals), reasons in words; `header` names the 7 columns.
 * Text cells go through escapeCsvText (quoting, formula injection).
 */
export function riskCsv(
  rows: RiskRow[],
  header: string[],
  reasonText: (reasons: Reason[]) => string,
): string {
  const lines = [header.map((h) => escapeCsvText(h)).join(',')];
  rows.forEach((row, k) => {
    lines.push(
      [
        String(k + 1),
        escapeCsvText(row.id),
        num(row.probability, 4),
        escapeCsvText(row.segment ?? ''),
        num(row.clv, 2),
        num(row.valueAtRisk, 2),
        escapeCsvText(reasonText(row.reasons)),
      ].join(','),
    );
  });
  return lines.join('\n') + '\n';
}
