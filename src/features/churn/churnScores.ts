/**
 * Scores of a saved churn run on a dataset, as the Saved models card shows and exports them:
 * one row per customer with a probability per model (in the run's model order), ranked by
 * the first model's probability (highest first; equal probabilities by customer id), and
 * the same rows as CSV text.
 */
import type { ChurnModelKind } from '../../core/churn/index.ts';
import { dictColumn, numericColumn, type Table } from '../../core/table/index.ts';
import { tableToCsv } from '../../core/table/csv.ts';
import type { ChurnScoring } from '../../workers/api.ts';

export interface ScoredCustomer {
  id: string;
  /** Probability per model, in the order of `models`. */
  p: number[];
}

/** Rows for every scored customer, ranked by the first model's probability. */
export function rankScores(scoring: ChurnScoring, models: ChurnModelKind[]): ScoredCustomer[] {
  const columns = models.map((m) => scoring.probability[m]);
  const rows = scoring.ids.map((id, i) => ({ id, p: columns.map((c) => (c ? c[i] : NaN)) }));
  const key = (r: ScoredCustomer): number => (Number.isFinite(r.p[0]) ? r.p[0] : -Infinity);
  return rows.sort((a, b) => key(b) - key(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The rows as CSV text (no BOM): the customer id, then one probability column per model
 * in full precision. `header` names the columns (customer first). Written by tableToCsv,
 * so text cells and the header are quoted and formula-neutralised as every export is.
 */
export function scoresCsv(rows: ScoredCustomer[], header: string[]): string {
  const table: Table = {
    rowCount: rows.length,
    columns: [
      dictColumn(
        header[0],
        rows.map((r) => r.id),
      ),
      ...header.slice(1).map((name, m) =>
        numericColumn(
          name,
          'f64',
          rows.map((r) => (Number.isFinite(r.p[m]) ? r.p[m] : null)),
        ),
      ),
    ],
  };
  return tableToCsv(table);
}
