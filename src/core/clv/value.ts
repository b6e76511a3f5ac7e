/**
 * Customer lifetime value from a fitted transaction model and an expected spend per
 * transaction, and the value tiers the Lifetime value page colours customers by.
 */
import { LensError } from '../errors.ts';
import type { TransactionModel } from './types.ts';

export interface ClvValueOptions {
  /** Days in the model's time unit (1, 7 or 365.25 / 12). */
  unitDays: number;
  /** Months to sum over. */
  horizonMonths: number;
  /** Discount rate per month, e.g. 0.01. */
  monthlyDiscount: number;
}

/**
 * Model time units in one month, as lifetimes' `_customer_lifetime_value` (lifetimes/utils.py,
 * v0.11) has them: `factor = {"W": 4.345, "M": 1.0, "D": 30, "H": 30 * 24}[freq]`. For the
 * three units Customer Lens offers that is 30 for days, 4.345 for weeks and 1 for months,
 * kept as lifetimes has them so that CLVs agree with it. Any other unit length (not used by
 * the app) gets the Julian month, 365.25 / 12 days.
 */
export function unitsPerMonth(unitDays: number): number {
  if (unitDays === 1) return 30;
  if (unitDays === 7) return 4.345;
  if (Math.abs(unitDays - 365.25 / 12) < 1e-9) return 1;
  return 365.25 / 12 / unitDays;
}

/**
 * Discounted expected value of a customer's purchases over the next `horizonMonths` months,
 * exactly as lifetimes' `_customer_lifetime_value`:
 *   CLV = Σ_{i=1..H} spend · (E[Y(i·f) | x, t_x, T] − E[Y((i−1)·f) | x, t_x, T]) / (1 + d)^i,
 * f = model units per month (see unitsPerMonth), E[Y(t) | …] the model's conditional
 * expected purchases in the next t units, d the monthly discount rate.
 */
export function customerLifetimeValue(
  model: TransactionModel,
  x: number,
  tx: number,
  T: number,
  spend: number,
  options: ClvValueOptions,
): number {
  const { unitDays, horizonMonths, monthlyDiscount } = options;
  if (!(unitDays > 0) || !Number.isFinite(unitDays))
    throw new LensError('error.clv.valueOption', { option: 'unitDays', value: unitDays });
  if (!Number.isInteger(horizonMonths) || horizonMonths < 0)
    throw new LensError('error.clv.valueOption', { option: 'horizonMonths', value: horizonMonths });
  if (!(monthlyDiscount > -1) || !Number.isFinite(monthlyDiscount))
    throw new LensError('error.clv.valueOption', {
      option: 'monthlyDiscount',
      value: monthlyDiscount,
    });
  const factor = unitsPerMonth(unitDays);
  let clv = 0;
  let previous = 0; // E[Y(0)] = 0
  let discount = 1;
  for (let i = 1; i <= horizonMonths; i++) {
    const cumulative = model.expectedConditional(i * factor, x, tx, T);
    discount *= 1 + monthlyDiscount;
    clv += (spend * (cumulative - previous)) / discount;
    previous = cumulative;
  }
  return clv;
}

/**
 * Value tiers: 1 = the top 20 % of customers, 2 = the next 30 %, 3 = the rest. A customer's
 * tier follows from the share of customers with a strictly higher value, g / n: tier 1 when
 * g/n < 0.2, tier 2 when g/n < 0.5, else 3. Equal values therefore always share a tier (a tie
 * straddling a boundary goes wholly to the better tier, like ranking with method 'min').
 * NaN values rank below every number and are tier 3.
 */
export function valueTiers(values: Float64Array): Int32Array {
  const n = values.length;
  const tiers = new Int32Array(n).fill(3);
  // The numbers sorted ascending (a typed-array sort: numeric and fast); a customer's count of
  // strictly higher values is then `numbers − (index past the last value ≤ hers)`.
  let m = 0;
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) if (!Number.isNaN(values[i])) sorted[m++] = values[i];
  const numbers = sorted.subarray(0, m).sort();
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (numbers[mid] <= v) lo = mid + 1;
      else hi = mid;
    }
    const share = (m - lo) / n; // customers strictly above v
    tiers[i] = share < 0.2 ? 1 : share < 0.5 ? 2 : 3;
  }
  return tiers;
}
