/**
 * How well a fitted transaction model describes the data: the holdout comparison, the
 * cumulative tracking chart, the calibration-period frequency histogram, and the two
 * model views of lifetimes' plotting module (frequency/recency matrix, P(alive) history).
 *
 * Everything is evaluated from the ClvSummary and the TransactionModel interface only, so
 * the same checks serve BG/NBD and Pareto/NBD. Customers are grouped wherever the model
 * value depends only on a shared quantity (first-purchase day, T), so that a million
 * customers cost a few thousand model evaluations.
 */
import { LensError } from '../errors.ts';
import { perCustomer } from './memo.ts';
import { distinctTriples } from './summary.ts';
import type { ClvSummary, HoldoutCheck, TransactionModel } from './types.ts';

const DAY_MS = 86_400_000;
/** Holdout groups by calibration frequency: x = 0 … 6 and "7+". */
const FREQUENCY_GROUPS = 8;

/** Whole days from `from` to `to` (both UTC midnights; rounding absorbs float noise). */
const daysBetween = (from: number, to: number): number => Math.round((to - from) / DAY_MS);

/**
 * Expected against actual repeat purchases in the holdout period, in total, per customer
 * (mean absolute error) and by calibration frequency x = 0 … 6, "7+" (the conditional
 * expectation chart of Fader, Hardie & Lee 2005, figure 4).
 */
export function holdoutCheck(summary: ClvSummary, model: TransactionModel): HoldoutCheck {
  const { holdoutX, holdoutLength, x, tx, T } = summary;
  if (!holdoutX || !(holdoutLength > 0)) throw new LensError('error.clv.check.noHoldout');
  const expected = perCustomer(distinctTriples(x, tx, T), (xi, txi, Ti) =>
    model.expectedConditional(holdoutLength, xi, txi, Ti),
  );
  const groups = Array.from({ length: FREQUENCY_GROUPS }, () => ({
    customers: 0,
    actual: 0,
    predicted: 0,
  }));
  const n = x.length;
  let actual = 0;
  let predicted = 0;
  let absolute = 0;
  for (let i = 0; i < n; i++) {
    const a = holdoutX[i];
    const p = expected[i];
    actual += a;
    predicted += p;
    absolute += Math.abs(p - a);
    const g = groups[Math.min(Math.max(Math.floor(x[i]), 0), FREQUENCY_GROUPS - 1)];
    g.customers++;
    g.actual += a;
    g.predicted += p;
  }
  return {
    actual,
    predicted,
    // No holdout purchase at all leaves the relative error undefined, not infinite.
    relativeError: actual > 0 ? (predicted - actual) / actual : NaN,
    mae: n > 0 ? absolute / n : NaN,
    byFrequency: groups.map((g, i) => ({
      label: i === FREQUENCY_GROUPS - 1 ? `${i}+` : String(i),
      customers: g.customers,
      // An empty group has no mean; NaN leaves a gap in a chart rather than a false 0.
      actual: g.customers > 0 ? g.actual / g.customers : NaN,
      predicted: g.customers > 0 ? g.predicted / g.customers : NaN,
    })),
  };
}

/**
 * Cumulative repeat purchases week by week from the origin (the earliest first purchase)
 * to the last end date: actual, and what the model expects for these customers given
 * when each of them joined — Σ_i E[X(t − first_i)] (lifetimes'
 * `expected_cumulative_transactions`, Fader, Hardie & Lee 2005 figure 2). Week w's point
 * counts purchases on days 0 … 7w − 1 after the origin and evaluates the model at 7w days;
 * a last, partial week ends at the last end date. Weeks are 7 days whatever the unit.
 *
 * The actual line comes from summary.repeatsByPeriod; with month units a week boundary
 * falls inside a month, whose purchases are then spread evenly over its days.
 */
export function trackingSeries(
  summary: ClvSummary,
  model: TransactionModel,
): { week: number; actual: number; model: number }[] {
  const { origin, unitDays, firstPurchase, repeatsByPeriod } = summary;
  const end = summary.holdoutEnd ?? summary.calibrationEnd;
  // Days origin … end, both included.
  const spanDays = daysBetween(origin, end) + 1;
  if (firstPurchase.length === 0 || spanDays <= 0) return [];

  // Customers per first-purchase day: the model line needs nothing else about them.
  const joined = new Float64Array(spanDays);
  for (let i = 0; i < firstPurchase.length; i++) {
    const d = daysBetween(origin, firstPurchase[i]);
    if (d >= 0 && d < spanDays) joined[d]++;
  }
  const joinDays: number[] = [];
  for (let d = 0; d < spanDays; d++) if (joined[d] > 0) joinDays.push(d);
  // E[X(k days)] for every age k a customer can have at a week's end.
  const expectedAt = new Float64Array(spanDays + 1);
  for (let k = 1; k <= spanDays; k++) expectedAt[k] = model.expectedUnconditional(k / unitDays);

  // Cumulative actual through period p (exclusive), and the total.
  const periods = repeatsByPeriod.length;
  const cumulative = new Float64Array(periods + 1);
  for (let p = 0; p < periods; p++) cumulative[p + 1] = cumulative[p] + repeatsByPeriod[p];
  const actualBefore = (days: number): number => {
    if (days >= spanDays) return cumulative[periods];
    const t = days / unitDays;
    const whole = Math.min(Math.floor(t + 1e-9), periods);
    const partial = whole < periods ? Math.max(0, t - whole) * repeatsByPeriod[whole] : 0;
    return cumulative[whole] + partial;
  };

  const weeks = Math.ceil(spanDays / 7);
  const out: { week: number; actual: number; model: number }[] = [];
  for (let w = 1; w <= weeks; w++) {
    const days = Math.min(7 * w, spanDays);
    let expected = 0;
    for (const d of joinDays) {
      if (d >= days) break;
      expected += joined[d] * expectedAt[days - d];
    }
    out.push({ week: w, actual: actualBefore(days), model: expected });
  }
  return out;
}

/**
 * Customers by repeat purchases in the calibration period, x = 0 … maxN − 1 and
 * "maxN+": how many there are, and how many the model expects given each customer's
 * T — Σ_i P(X(T_i) = n), the last group taking the rest of each customer's probability
 * (Fader, Hardie & Lee 2005 figure 1; lifetimes' `plot_period_transactions` without its
 * simulation). Both columns sum to the number of customers.
 */
export function periodHistogram(
  summary: ClvSummary,
  model: TransactionModel,
  maxN = 7,
): { label: string; actual: number; model: number }[] {
  if (!Number.isInteger(maxN) || maxN < 1) throw new LensError('error.clv.check.maxN', { maxN });
  const actual = new Float64Array(maxN + 1);
  const byT = new Map<number, number>();
  const { x, T } = summary;
  for (let i = 0; i < x.length; i++) {
    actual[Math.min(Math.max(Math.floor(x[i]), 0), maxN)]++;
    byT.set(T[i], (byT.get(T[i]) ?? 0) + 1);
  }
  const expected = new Float64Array(maxN + 1);
  for (const [Ti, count] of byT) {
    let rest = 1;
    for (let n = 0; n < maxN; n++) {
      const p = model.probabilityOfN(Ti, n);
      expected[n] += count * p;
      rest -= p;
    }
    // Rounding can leave −1e-16 of probability for the open-ended group.
    expected[maxN] += count * Math.max(0, rest);
  }
  return Array.from({ length: maxN + 1 }, (_, n) => ({
    label: n === maxN ? `${maxN}+` : String(n),
    actual: actual[n],
    model: expected[n],
  }));
}

/**
 * The model's view of every (x, t_x) a customer of age T can have: expected purchases in
 * the next t units, or P(alive) (lifetimes' `plot_frequency_recency_matrix` and
 * `plot_probability_alive_matrix`). t_x runs over 0, 1, …, ⌊T⌋ (and T itself when it is
 * not whole); x over 0 … maxX. x = 0 with t_x > 0 cannot happen (t_x is the time of the
 * last repeat purchase), so those cells are NaN rather than a number no customer has.
 */
export function frequencyRecencyMatrix(
  model: TransactionModel,
  T: number,
  maxX: number,
  kind: 'expected' | 'pAlive',
  t: number,
): { xs: number[]; txs: number[]; values: number[][] } {
  if (!(T >= 0) || !Number.isFinite(T)) throw new LensError('error.clv.check.age', { T });
  if (!Number.isInteger(maxX) || maxX < 0) throw new LensError('error.clv.check.maxX', { maxX });
  const xs = Array.from({ length: maxX + 1 }, (_, i) => i);
  const txs = Array.from({ length: Math.floor(T) + 1 }, (_, i) => i);
  if (T > Math.floor(T)) txs.push(T);
  const values = xs.map((x) =>
    txs.map((tx) => {
      if (x === 0 && tx > 0) return NaN;
      return kind === 'pAlive' ? model.pAlive(x, tx, T) : model.expectedConditional(t, x, tx, T);
    }),
  );
  return { xs, txs, values };
}

/**
 * P(alive) along one customer's history (lifetimes' `plot_history_alive`): at `steps` + 1
 * evenly spaced times from 0 to T, each given the purchases made so far, and at every
 * repeat purchase twice — just before it and just after — so a chart draws the jump back
 * up. purchaseTimes are in units since the first purchase; times are taken relative to the
 * earliest, duplicates merge (one purchase day), and purchases after T are ignored.
 */
export function pAliveHistory(
  model: TransactionModel,
  purchaseTimes: number[],
  T: number,
  steps: number,
): { t: number; pAlive: number }[] {
  if (purchaseTimes.length === 0 || purchaseTimes.some((p) => !Number.isFinite(p))) {
    throw new LensError('error.clv.check.history');
  }
  if (!(T >= 0) || !Number.isFinite(T)) throw new LensError('error.clv.check.age', { T });
  if (!Number.isInteger(steps) || steps < 1)
    throw new LensError('error.clv.check.steps', { steps });
  const sorted = [...purchaseTimes].sort((a, b) => a - b);
  const first = sorted[0];
  const times = [...new Set(sorted.map((p) => p - first))].filter((p) => p <= T);

  const points: { t: number; pAlive: number }[] = [];
  // Purchases made by time `at`, the purchase at `at` itself included or not.
  let seen = 0;
  const stateAt = (at: number, inclusive: boolean): { x: number; tx: number } => {
    while (seen < times.length && (inclusive ? times[seen] <= at : times[seen] < at)) seen++;
    return { x: seen - 1, tx: times[seen - 1] };
  };
  const purchaseSet = new Set(times);
  let next = 1;
  for (let k = 0; k <= steps; k++) {
    const g = k === steps ? T : (k * T) / steps;
    // Repeat purchases before this grid time: a point on each side of the jump.
    while (next < times.length && times[next] <= g) {
      const p = times[next];
      const before = stateAt(p, false);
      points.push({ t: p, pAlive: model.pAlive(before.x, before.tx, p) });
      const after = stateAt(p, true);
      points.push({ t: p, pAlive: model.pAlive(after.x, after.tx, p) });
      next++;
    }
    if (purchaseSet.has(g) && g > 0) continue;
    const { x, tx } = stateAt(g, true);
    points.push({ t: g, pAlive: model.pAlive(x, tx, g) });
  }
  return points;
}
