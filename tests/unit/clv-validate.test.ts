/**
 * The model checks of src/core/clv/validate.ts against brute force: small hand-made
 * customer histories turned into a ClvSummary by the definitions of ARCHITECTURE.md, and a
 * hand-written TransactionModel, so these tests do not depend on the fitters.
 */
import { describe, expect, it } from 'vitest';
import { LensError } from '../../src/core/errors.ts';
import type { ClvSummary, TimeUnit, TransactionModel } from '../../src/core/clv/types.ts';
import {
  frequencyRecencyMatrix,
  holdoutCheck,
  pAliveHistory,
  periodHistogram,
  trackingSeries,
} from '../../src/core/clv/validate.ts';

const DAY = 86_400_000;
const BASE = Date.UTC(2024, 0, 1);
const UNIT_DAYS: Record<TimeUnit, number> = { day: 1, week: 7, month: 365.25 / 12 };

/**
 * A toy model with the interface's shape: P(alive) falls with the time since the last
 * purchase, expectations grow with x, and P(X(t) = n) is Poisson (so it sums to 1).
 */
const toyModel: TransactionModel = {
  name: 'bgnbd',
  pAlive: (x, tx, T) => (x === 0 ? 1 : 1 / (1 + (0.3 * (T - tx)) / (x + 1))),
  expectedConditional: (t, x, tx, T) => toyModel.pAlive(x, tx, T) * ((x + 0.5) / (T + 2)) * t,
  expectedUnconditional: (t) => (0.4 * t) / (1 + 0.02 * t),
  probabilityOfN: (t, n) => {
    const mean = 0.15 * t;
    let p = Math.exp(-mean);
    for (let k = 1; k <= n; k++) p *= mean / k;
    return p;
  },
};

interface History {
  id: string;
  /** Purchase days since BASE (duplicates are the same purchase day). */
  days: number[];
}

/** The BTYD summary by its definitions, written out plainly. */
function makeSummary(
  histories: History[],
  unit: TimeUnit,
  calibrationEndDay: number,
  holdoutEndDay: number | null,
): ClvSummary {
  const unitDays = UNIT_DAYS[unit];
  const kept = histories
    .map((h) => ({ id: h.id, days: [...new Set(h.days)].sort((a, b) => a - b) }))
    .filter((h) => h.days[0] <= calibrationEndDay);
  const originDay = Math.min(...kept.map((h) => h.days[0]));
  const endDay = holdoutEndDay ?? calibrationEndDay;
  const periods = Math.ceil((endDay - originDay + 1) / unitDays);
  const repeatsByPeriod = new Float64Array(periods);
  const n = kept.length;
  const s: ClvSummary = {
    unit,
    unitDays,
    calibrationEnd: BASE + calibrationEndDay * DAY,
    holdoutEnd: holdoutEndDay === null ? null : BASE + holdoutEndDay * DAY,
    holdoutLength: holdoutEndDay === null ? 0 : (holdoutEndDay - calibrationEndDay) / unitDays,
    customerIds: kept.map((h) => h.id),
    firstPurchase: new Float64Array(n),
    x: new Float64Array(n),
    tx: new Float64Array(n),
    T: new Float64Array(n),
    monetary: new Float64Array(n).fill(NaN),
    holdoutX: holdoutEndDay === null ? null : new Float64Array(n),
    holdoutValue: null,
    hasAmounts: false,
    repeatsByPeriod,
    origin: BASE + originDay * DAY,
    skippedLines: 0,
  };
  kept.forEach((h, i) => {
    const first = h.days[0];
    const calibration = h.days.filter((d) => d <= calibrationEndDay);
    s.firstPurchase[i] = BASE + first * DAY;
    s.x[i] = calibration.length - 1;
    s.tx[i] = (calibration[calibration.length - 1] - first) / unitDays;
    s.T[i] = (calibrationEndDay - first) / unitDays;
    if (s.holdoutX) {
      s.holdoutX[i] = h.days.filter((d) => d > calibrationEndDay && d <= holdoutEndDay!).length;
    }
    for (const d of h.days.slice(1)) {
      if (d <= endDay) repeatsByPeriod[Math.floor((d - originDay) / unitDays)]++;
    }
  });
  return s;
}

/** A seeded set of histories: customers joining over the first weeks, buying at random. */
function histories(count: number, seed: number, spanDays: number): History[] {
  let state = seed;
  const random = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  return Array.from({ length: count }, (_, i) => {
    const first = Math.floor(random() * 40);
    const days = [first];
    const rate = random() * 0.08;
    for (let d = first + 1; d < spanDays; d++) if (random() < rate) days.push(d);
    // Some same-day duplicates, which are one purchase day.
    if (days.length > 2 && random() < 0.3) days.push(days[1]);
    return { id: `c${i}`, days };
  });
}

describe('holdoutCheck', () => {
  const summary = makeSummary(histories(60, 7, 120), 'week', 69, 119);

  it('sums actual and expected holdout purchases, with MAE and the relative error', () => {
    const got = holdoutCheck(summary, toyModel);
    let actual = 0;
    let predicted = 0;
    let abs = 0;
    for (let i = 0; i < summary.x.length; i++) {
      const p = toyModel.expectedConditional(50 / 7, summary.x[i], summary.tx[i], summary.T[i]);
      actual += summary.holdoutX![i];
      predicted += p;
      abs += Math.abs(p - summary.holdoutX![i]);
    }
    expect(actual).toBeGreaterThan(0);
    expect(got.actual).toBe(actual);
    expect(got.predicted).toBeCloseTo(predicted, 10);
    expect(got.relativeError).toBeCloseTo((predicted - actual) / actual, 10);
    expect(got.mae).toBeCloseTo(abs / summary.x.length, 10);
  });

  it('groups customers by calibration frequency 0 … 6 and 7+ with mean actual and predicted', () => {
    const got = holdoutCheck(summary, toyModel);
    expect(got.byFrequency.map((g) => g.label)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7+']);
    expect(got.byFrequency.reduce((a, g) => a + g.customers, 0)).toBe(summary.x.length);
    got.byFrequency.forEach((g, k) => {
      const members = [...summary.x.keys()].filter((i) =>
        k === 7 ? summary.x[i] >= 7 : summary.x[i] === k,
      );
      expect(g.customers, g.label).toBe(members.length);
      if (members.length === 0) {
        expect(g.actual).toBeNaN();
        return;
      }
      const meanActual = members.reduce((a, i) => a + summary.holdoutX![i], 0) / members.length;
      const meanPredicted =
        members.reduce(
          (a, i) =>
            a + toyModel.expectedConditional(50 / 7, summary.x[i], summary.tx[i], summary.T[i]),
          0,
        ) / members.length;
      expect(g.actual, g.label).toBeCloseTo(meanActual, 12);
      expect(g.predicted, g.label).toBeCloseTo(meanPredicted, 12);
    });
  });

  it('refuses a summary without a holdout', () => {
    const none = makeSummary(histories(10, 3, 60), 'week', 59, null);
    expect(() => holdoutCheck(none, toyModel)).toThrow(LensError);
  });
});

describe('trackingSeries', () => {
  /** Brute force: every customer's own expectation, every repeat purchase day counted. */
  function bruteTracking(h: History[], unit: TimeUnit, calibrationEndDay: number, endDay: number) {
    const kept = h.filter((c) => Math.min(...c.days) <= calibrationEndDay);
    const originDay = Math.min(...kept.map((c) => Math.min(...c.days)));
    const span = endDay - originDay + 1;
    const out: { week: number; actual: number; model: number }[] = [];
    for (let w = 1; w <= Math.ceil(span / 7); w++) {
      const days = Math.min(7 * w, span);
      let actual = 0;
      let model = 0;
      for (const c of kept) {
        const distinct = [...new Set(c.days)].sort((a, b) => a - b);
        const first = distinct[0] - originDay;
        actual += distinct.slice(1).filter((d) => d - originDay < days && d <= endDay).length;
        if (first < days) model += toyModel.expectedUnconditional((days - first) / UNIT_DAYS[unit]);
      }
      out.push({ week: w, actual, model });
    }
    return out;
  }

  for (const unit of ['day', 'week'] as const) {
    it(`equals the per-customer sums week by week (unit ${unit})`, () => {
      const h = histories(80, 11, 130);
      const got = trackingSeries(makeSummary(h, unit, 69, 125), toyModel);
      const want = bruteTracking(h, unit, 69, 125);
      expect(got.map((p) => p.week)).toEqual(want.map((p) => p.week));
      got.forEach((p, i) => {
        expect(p.actual, `week ${p.week}`).toBe(want[i].actual);
        expect(p.model, `week ${p.week}`).toBeCloseTo(want[i].model, 9);
      });
    });
  }

  it('ends a partial last week at the end date and without a holdout at the calibration end', () => {
    const h = histories(30, 5, 100);
    const summary = makeSummary(h, 'day', 88, null);
    const got = trackingSeries(summary, toyModel);
    const want = bruteTracking(h, 'day', 88, 88);
    const span = 88 - Math.round((summary.origin - BASE) / DAY) + 1;
    expect(got).toHaveLength(Math.ceil(span / 7));
    expect(got.at(-1)!.actual).toBe(want.at(-1)!.actual);
    expect(got.at(-1)!.model).toBeCloseTo(want.at(-1)!.model, 9);
  });

  it('with months: the model line is still exact, actual is cumulative and ends at the total', () => {
    const h = histories(50, 13, 200);
    const summary = makeSummary(h, 'month', 120, 199);
    const got = trackingSeries(summary, toyModel);
    const want = bruteTracking(h, 'month', 120, 199);
    got.forEach((p, i) => expect(p.model).toBeCloseTo(want[i].model, 9));
    for (let i = 1; i < got.length; i++)
      expect(got[i].actual).toBeGreaterThanOrEqual(got[i - 1].actual);
    expect(got.at(-1)!.actual).toBe(summary.repeatsByPeriod.reduce((a, b) => a + b, 0));
    // Month boundaries inside a week spread that month's purchases: within one month's count.
    const maxMonth = Math.max(...summary.repeatsByPeriod);
    got.forEach((p, i) =>
      expect(Math.abs(p.actual - want[i].actual)).toBeLessThanOrEqual(maxMonth),
    );
  });
});

describe('periodHistogram', () => {
  const summary = makeSummary(histories(70, 17, 90), 'week', 89, null);

  it('counts customers by x and sums Σ P(X(T_i) = n), the last group taking the rest', () => {
    const got = periodHistogram(summary, toyModel, 5);
    expect(got.map((g) => g.label)).toEqual(['0', '1', '2', '3', '4', '5+']);
    const n = summary.x.length;
    for (let k = 0; k <= 5; k++) {
      let actual = 0;
      let model = 0;
      for (let i = 0; i < n; i++) {
        if (k === 5 ? summary.x[i] >= 5 : summary.x[i] === k) actual++;
        if (k < 5) model += toyModel.probabilityOfN(summary.T[i], k);
        else {
          let rest = 1;
          for (let j = 0; j < 5; j++) rest -= toyModel.probabilityOfN(summary.T[i], j);
          model += rest;
        }
      }
      expect(got[k].actual, got[k].label).toBe(actual);
      expect(got[k].model, got[k].label).toBeCloseTo(model, 10);
    }
  });

  it('sums to the number of customers, actual and model (default 7 groups)', () => {
    const got = periodHistogram(summary, toyModel);
    expect(got.map((g) => g.label).at(-1)).toBe('7+');
    expect(got.reduce((a, g) => a + g.actual, 0)).toBe(summary.x.length);
    expect(got.reduce((a, g) => a + g.model, 0)).toBeCloseTo(summary.x.length, 9);
  });

  it('refuses a group count below 1', () => {
    expect(() => periodHistogram(summary, toyModel, 0)).toThrow(LensError);
  });
});

describe('frequencyRecencyMatrix', () => {
  it('evaluates every (x, t_x) cell, rows x, columns t_x, with T itself as the last column', () => {
    const m = frequencyRecencyMatrix(toyModel, 4.5, 3, 'expected', 2);
    expect(m.xs).toEqual([0, 1, 2, 3]);
    expect(m.txs).toEqual([0, 1, 2, 3, 4, 4.5]);
    m.xs.forEach((x, i) =>
      m.txs.forEach((tx, j) => {
        if (x === 0 && tx > 0) expect(m.values[i][j]).toBeNaN();
        else expect(m.values[i][j]).toBe(toyModel.expectedConditional(2, x, tx, 4.5));
      }),
    );
  });

  it('P(alive) ignores t; a whole T gives ⌊T⌋ + 1 columns', () => {
    const m = frequencyRecencyMatrix(toyModel, 3, 2, 'pAlive', 99);
    expect(m.txs).toEqual([0, 1, 2, 3]);
    expect(m.values[2][1]).toBe(toyModel.pAlive(2, 1, 3));
    expect(m.values[0][0]).toBe(1);
  });
});

describe('pAliveHistory', () => {
  it('follows the history: grid points given the purchases so far, both sides of each jump', () => {
    const got = pAliveHistory(toyModel, [10, 12, 12, 17], 10, 5);
    // Relative to the first purchase: 0, 2, 7; grid 0, 2, 4, 6, 8, 10.
    const want = [
      { t: 0, pAlive: toyModel.pAlive(0, 0, 0) },
      { t: 2, pAlive: toyModel.pAlive(0, 0, 2) },
      { t: 2, pAlive: toyModel.pAlive(1, 2, 2) },
      { t: 4, pAlive: toyModel.pAlive(1, 2, 4) },
      { t: 6, pAlive: toyModel.pAlive(1, 2, 6) },
      { t: 7, pAlive: toyModel.pAlive(1, 2, 7) },
      { t: 7, pAlive: toyModel.pAlive(2, 7, 7) },
      { t: 8, pAlive: toyModel.pAlive(2, 7, 8) },
      { t: 10, pAlive: toyModel.pAlive(2, 7, 10) },
    ];
    expect(got).toEqual(want);
    // The jump back up at a purchase.
    expect(got[5].pAlive).toBeLessThan(got[6].pAlive);
  });

  it('ignores purchases after T and checks its arguments', () => {
    const got = pAliveHistory(toyModel, [0, 3, 9], 5, 1);
    expect(got.map((p) => p.t)).toEqual([0, 3, 3, 5]);
    expect(() => pAliveHistory(toyModel, [], 5, 1)).toThrow(LensError);
    expect(() => pAliveHistory(toyModel, [0], 5, 0)).toThrow(LensError);
  });
});
