/**
 * Per-customer model evaluations, computed once per distinct (x, t_x, T).
 *
 * Customers share their summary far more often than not: every one-time buyer who first
 * bought on the same day has the same (0, 0, T), and t_x and T are whole days in the
 * chosen unit. The models' conditional formulas cost a hypergeometric series each, so one
 * evaluation per distinct triple (grouped by `distinctTriples`, no strings built) keeps a
 * million customers fast.
 */
import type { DistinctTriples } from './summary.ts';

export type PerCustomer = (x: number, tx: number, T: number) => number;

/** fn of every customer's (x, t_x, T), evaluated once per distinct triple. */
export function perCustomer(triples: DistinctTriples, fn: PerCustomer): Float64Array {
  const k = triples.x.length;
  const distinct = new Float64Array(k);
  for (let j = 0; j < k; j++) distinct[j] = fn(triples.x[j], triples.tx[j], triples.T[j]);
  const { index } = triples;
  const out = new Float64Array(index.length);
  for (let i = 0; i < index.length; i++) out[i] = distinct[index[i]];
  return out;
}
