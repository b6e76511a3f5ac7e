/**
 * Lifecycle stage per customer from its profile, by transparent rules checked in order
 * (the first that matches decides):
 *   1. new      — first order at most `newWithinDays` days before the observation end;
 *   2. lost     — no order for more than `lostAfterDays` days;
 *   3. at risk  — days since the last order exceed `atRiskMultiple` × the customer's usual
 *                 interval (its mean inter-purchase interval; for one-order customers the
 *                 median interval of the repeat customers);
 *   4. growing  — at least `growingMinOrders` orders in the last window and more than in the
 *                 window before it;
 *   5. active   — everyone else.
 */
import { LensError } from '../errors.ts';

export const LIFECYCLE_STAGES = ['new', 'active', 'growing', 'atRisk', 'lost'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export interface LifecycleRules {
  newWithinDays: number;
  lostAfterDays: number;
  atRiskMultiple: number;
  growingMinOrders: number;
}

export const DEFAULT_LIFECYCLE_RULES: LifecycleRules = {
  newWithinDays: 30,
  lostAfterDays: 365,
  atRiskMultiple: 2,
  growingMinOrders: 2,
};

export interface LifecycleInput {
  tenureDays: ArrayLike<number>;
  recencyDays: ArrayLike<number>;
  /** Mean inter-purchase interval in days; NaN for one-order customers. */
  meanIntervalDays: ArrayLike<number>;
  recentOrders: ArrayLike<number>;
  previousOrders: ArrayLike<number>;
}

export interface LifecycleResult {
  /** Index into LIFECYCLE_STAGES per customer. */
  stage: Uint8Array;
  /** The interval used for one-order customers (median of the repeat customers' intervals). */
  fallbackIntervalDays: number;
}

export function validateLifecycleRules(rules: LifecycleRules): void {
  for (const [key, value] of Object.entries(rules)) {
    if (!Number.isFinite(value) || value < 0)
      throw new LensError('error.lifecycle.rule', { rule: key });
  }
  if (rules.atRiskMultiple <= 0)
    throw new LensError('error.lifecycle.rule', { rule: 'atRiskMultiple' });
}

function medianOfFinite(values: ArrayLike<number>): number {
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) finite.push(values[i]);
  if (finite.length === 0) return NaN;
  finite.sort((a, b) => a - b);
  const mid = finite.length >> 1;
  return finite.length % 2 ? finite[mid] : (finite[mid - 1] + finite[mid]) / 2;
}

export function lifecycleStages(
  input: LifecycleInput,
  rules: LifecycleRules = DEFAULT_LIFECYCLE_RULES,
): LifecycleResult {
  validateLifecycleRules(rules);
  const n = input.recencyDays.length;
  const fallback = medianOfFinite(input.meanIntervalDays);
  const stage = new Uint8Array(n);
  const NEW = LIFECYCLE_STAGES.indexOf('new');
  const LOST = LIFECYCLE_STAGES.indexOf('lost');
  const AT_RISK = LIFECYCLE_STAGES.indexOf('atRisk');
  const GROWING = LIFECYCLE_STAGES.indexOf('growing');
  const ACTIVE = LIFECYCLE_STAGES.indexOf('active');
  for (let i = 0; i < n; i++) {
    const recency = input.recencyDays[i];
    const own = input.meanIntervalDays[i];
    const usual = Number.isFinite(own) ? own : fallback;
    if (input.tenureDays[i] <= rules.newWithinDays) stage[i] = NEW;
    else if (recency > rules.lostAfterDays) stage[i] = LOST;
    else if (Number.isFinite(usual) && recency > rules.atRiskMultiple * usual) stage[i] = AT_RISK;
    else if (
      input.recentOrders[i] >= rules.growingMinOrders &&
      input.recentOrders[i] > input.previousOrders[i]
    )
      stage[i] = GROWING;
    else stage[i] = ACTIVE;
  }
  return { stage, fallbackIntervalDays: fallback };
}
