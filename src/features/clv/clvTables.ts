/**
 * Small summaries of a lifetime-value outcome for the page's tables: the value tiers and
 * the top customers.
 */
import type { ClvOutcome } from '../../core/clv/types.ts';

export interface TierRow {
  tier: number;
  customers: number;
  /** Share of all customers. */
  share: number;
  meanAlive: number;
  /** Mean expected purchases in the next periods. */
  expected: number;
  /** Total CLV of the tier (NaN without a spend model). */
  clv: number;
  /** Share of the total CLV (NaN without a spend model). */
  clvShare: number;
}

/** Tiers 1, 2, 3 with their customers and value. */
export function tierSummary(outcome: ClvOutcome): TierRow[] {
  const n = outcome.valueTier.length;
  const rows = [1, 2, 3].map((tier) => ({
    tier,
    customers: 0,
    alive: 0,
    expected: 0,
    clv: 0,
  }));
  let totalClv = 0;
  for (let i = 0; i < n; i++) {
    const row = rows[outcome.valueTier[i] - 1];
    if (!row) continue;
    row.customers++;
    row.alive += outcome.pAlive[i];
    row.expected += outcome.expectedPurchases[i];
    const v = outcome.clv[i];
    if (Number.isFinite(v)) {
      row.clv += v;
      totalClv += v;
    }
  }
  const hasValue = outcome.gammaGamma !== null;
  return rows.map((r) => ({
    tier: r.tier,
    customers: r.customers,
    share: n > 0 ? r.customers / n : NaN,
    meanAlive: r.customers > 0 ? r.alive / r.customers : NaN,
    expected: r.customers > 0 ? r.expected / r.customers : NaN,
    clv: hasValue ? r.clv : NaN,
    clvShare: hasValue && totalClv !== 0 ? r.clv / totalClv : NaN,
  }));
}

export interface TopRow {
  id: string;
  x: number;
  pAlive: number;
  expected: number;
  spend: number;
  clv: number;
  tier: number;
}

/**
 * The `limit` customers with the highest CLV (the most expected purchases without a spend
 * model); ties keep the summary order.
 */
export function topCustomers(outcome: ClvOutcome, limit: number): TopRow[] {
  const key = outcome.gammaGamma ? outcome.clv : outcome.expectedPurchases;
  const n = key.length;
  const order = Array.from({ length: n }, (_, i) => i).filter((i) => Number.isFinite(key[i]));
  order.sort((a, b) => key[b] - key[a] || a - b);
  return order.slice(0, Math.max(0, limit)).map((i) => ({
    id: outcome.summary.customerIds[i],
    x: outcome.summary.x[i],
    pAlive: outcome.pAlive[i],
    expected: outcome.expectedPurchases[i],
    spend: outcome.expectedSpend[i],
    clv: outcome.clv[i],
    tier: outcome.valueTier[i],
  }));
}

/**
 * A customer whose P(alive) history tells the model's story: of those with at least three
 * repeat purchases, the one least likely to be still active (a regular who went quiet);
 * null when nobody bought that often.
 */
export function historyExample(outcome: ClvOutcome): string | null {
  const { x, customerIds } = outcome.summary;
  let best = -1;
  for (let i = 0; i < x.length; i++) {
    if (x[i] < 3 || !Number.isFinite(outcome.pAlive[i])) continue;
    if (best < 0 || outcome.pAlive[i] < outcome.pAlive[best]) best = i;
  }
  return best < 0 ? null : customerIds[best];
}
