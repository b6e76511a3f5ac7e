/**
 * The per-customer results of a lifetime-value run as a table, stored as a `results`
 * dataset next to the run's receipt and exported as CSV. Missing numbers (expected spend
 * and CLV without a spend model) are nulls, not NaN, so CSV shows empty cells.
 */
import { dictColumn, numericColumn, type Table } from '../table/index.ts';
import type { ClvOutcome } from './types.ts';

export const CLV_COLUMNS = [
  'customer_id',
  'p_alive',
  'expected_purchases',
  'expected_spend',
  'clv',
  'value_tier',
] as const;

export function clvResultsTable(outcome: ClvOutcome): Table {
  const f64 = (name: string, values: Float64Array) =>
    numericColumn(name, 'f64', Array.from(values));
  return {
    rowCount: outcome.summary.customerIds.length,
    columns: [
      dictColumn('customer_id', outcome.summary.customerIds),
      f64('p_alive', outcome.pAlive),
      f64('expected_purchases', outcome.expectedPurchases),
      f64('expected_spend', outcome.expectedSpend),
      f64('clv', outcome.clv),
      numericColumn('value_tier', 'i32', Array.from(outcome.valueTier)),
    ],
  };
}
