/**
 * Per-group summaries of customer profiles, for any grouping (RFM segments, grid cells,
 * lifecycle stages, rule segments, clusters): customers, revenue, their shares, mean
 * recency / frequency / monetary and average order value.
 */

export interface ProfileMeasures {
  recencyDays: ArrayLike<number>;
  frequency: ArrayLike<number>;
  monetary: ArrayLike<number>;
  /** Net spend: what "revenue" means in every summary. */
  revenue: ArrayLike<number>;
  /** Purchase spend, for the average order value (gross spend / orders). */
  grossSpend: ArrayLike<number>;
  orders: ArrayLike<number>;
}

export interface GroupSummary {
  group: number;
  customers: number;
  customerShare: number;
  revenue: number;
  revenueShare: number;
  meanRecency: number;
  meanFrequency: number;
  meanMonetary: number;
  /** Gross spend per order over the group's orders. */
  aov: number;
}

/**
 * Summaries of groups 0..groups-1; `group[i]` < 0 leaves customer i out of every group
 * (shares stay relative to all customers). Revenue share is relative to total revenue;
 * NaN when the total is not positive.
 */
export function summariseGroups(
  group: ArrayLike<number>,
  groups: number,
  measures: ProfileMeasures,
): GroupSummary[] {
  const n = group.length;
  const count = new Float64Array(groups);
  const revenue = new Float64Array(groups);
  const rec = new Float64Array(groups);
  const freq = new Float64Array(groups);
  const mon = new Float64Array(groups);
  const gross = new Float64Array(groups);
  const orders = new Float64Array(groups);
  let totalRevenue = 0;
  for (let i = 0; i < n; i++) {
    totalRevenue += measures.revenue[i];
    const g = group[i];
    if (g < 0 || g >= groups) continue;
    count[g]++;
    revenue[g] += measures.revenue[i];
    rec[g] += measures.recencyDays[i];
    freq[g] += measures.frequency[i];
    mon[g] += measures.monetary[i];
    gross[g] += measures.grossSpend[i];
    orders[g] += measures.orders[i];
  }
  const out: GroupSummary[] = [];
  for (let g = 0; g < groups; g++) {
    const c = count[g];
    out.push({
      group: g,
      customers: c,
      customerShare: n > 0 ? c / n : NaN,
      revenue: revenue[g],
      revenueShare: totalRevenue > 0 ? revenue[g] / totalRevenue : NaN,
      meanRecency: c > 0 ? rec[g] / c : NaN,
      meanFrequency: c > 0 ? freq[g] / c : NaN,
      meanMonetary: c > 0 ? mon[g] / c : NaN,
      aov: orders[g] > 0 ? gross[g] / orders[g] : NaN,
    });
  }
  return out;
}

/**
 * Cumulative revenue share of groups sorted by revenue, largest first (the Pareto curve).
 * Shares are of all customers' revenue, so the curve stops short of 100 % when some
 * customers belong to no group.
 */
export function paretoShares(
  summaries: GroupSummary[],
): { group: number; revenue: number; cumulativeShare: number }[] {
  let running = 0;
  return [...summaries]
    .sort((a, b) => b.revenue - a.revenue)
    .map((g) => {
      running += g.revenueShare;
      return { group: g.group, revenue: g.revenue, cumulativeShare: running };
    });
}
