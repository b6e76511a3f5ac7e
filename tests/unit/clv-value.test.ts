/**
 * CLV as lifetimes' `_customer_lifetime_value` (lifetimes/utils.py): discounted monthly
 * increments of the conditional expected purchases times the expected spend, with months
 * converted by lifetimes' factors (30 days, 4.345 weeks, 1 month); and the value tiers.
 */
import { describe, expect, it } from 'vitest';
import { LensError } from '../../src/core/errors.ts';
import { bgNbdModel } from '../../src/core/clv/bgnbd.ts';
import type { TransactionModel } from '../../src/core/clv/types.ts';
import { customerLifetimeValue, unitsPerMonth, valueTiers } from '../../src/core/clv/value.ts';

/** A model that buys at a constant `rate` per unit time: E[Y(t)] = rate · t. */
function constantRate(rate: number, calls: number[] = []): TransactionModel {
  return {
    name: 'bgnbd',
    pAlive: () => 1,
    expectedConditional: (t) => {
      calls.push(t);
      return rate * t;
    },
    expectedUnconditional: (t) => rate * t,
    probabilityOfN: () => NaN,
  };
}

describe('customerLifetimeValue', () => {
  it('uses lifetimes’ month factors: 30 days, 4.345 weeks, 1 month', () => {
    expect(unitsPerMonth(1)).toBe(30);
    expect(unitsPerMonth(7)).toBe(4.345);
    expect(unitsPerMonth(365.25 / 12)).toBe(1);
    // Any other unit: the Julian month.
    expect(unitsPerMonth(2)).toBeCloseTo(30.4375 / 2, 14);
  });

  it('evaluates E[Y] at i·factor for i = 1..horizon and discounts month i by (1 + d)^i', () => {
    for (const [unitDays, factor] of [
      [1, 30],
      [7, 4.345],
      [30.4375, 1],
    ]) {
      const calls: number[] = [];
      const rate = 0.2;
      const clv = customerLifetimeValue(constantRate(rate, calls), 2, 5, 10, 50, {
        unitDays,
        horizonMonths: 12,
        monthlyDiscount: 0.01,
      });
      expect(calls).toEqual(Array.from({ length: 12 }, (_, i) => (i + 1) * factor));
      let expected = 0;
      for (let i = 1; i <= 12; i++) expected += (50 * rate * factor) / 1.01 ** i;
      expect(clv).toBeCloseTo(expected, 10);
    }
  });

  it('matches a direct transcription of lifetimes’ loop on a BG/NBD model', () => {
    const model = bgNbdModel({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 });
    const [x, tx, T, spend] = [2, 30.43, 38.86, 24.66];
    // lifetimes: for i in steps * factor: clv += m · (predict(i) − predict(i − factor)) / (1 + d)^(i / factor)
    const factor = 4.345;
    let expected = 0;
    for (let step = 1; step <= 24; step++) {
      const i = step * factor;
      const n =
        model.expectedConditional(i, x, tx, T) - model.expectedConditional(i - factor, x, tx, T);
      expected += (spend * n) / 1.02 ** (i / factor);
    }
    const clv = customerLifetimeValue(model, x, tx, T, spend, {
      unitDays: 7,
      horizonMonths: 24,
      monthlyDiscount: 0.02,
    });
    expect(clv).toBeCloseTo(expected, 10);
    // Undiscounted and over the horizon, CLV = spend · E[Y(24 months)].
    const flat = customerLifetimeValue(model, x, tx, T, spend, {
      unitDays: 7,
      horizonMonths: 24,
      monthlyDiscount: 0,
    });
    expect(flat).toBeCloseTo(spend * model.expectedConditional(24 * factor, x, tx, T), 10);
    expect(clv).toBeLessThan(flat);
  });

  it('is 0 over a zero horizon and rejects bad options', () => {
    const model = constantRate(1);
    expect(
      customerLifetimeValue(model, 1, 1, 2, 10, {
        unitDays: 7,
        horizonMonths: 0,
        monthlyDiscount: 0.01,
      }),
    ).toBe(0);
    const bad = [
      { unitDays: 0, horizonMonths: 12, monthlyDiscount: 0.01 },
      { unitDays: 7, horizonMonths: 1.5, monthlyDiscount: 0.01 },
      { unitDays: 7, horizonMonths: 12, monthlyDiscount: -1 },
      { unitDays: 7, horizonMonths: 12, monthlyDiscount: NaN },
    ];
    for (const options of bad) {
      expect(() => customerLifetimeValue(model, 1, 1, 2, 10, options)).toThrow(LensError);
    }
  });
});

describe('valueTiers', () => {
  it('puts the top 20 % in tier 1, the next 30 % in tier 2 and the rest in tier 3', () => {
    const values = new Float64Array([5, 9, 1, 7, 3, 10, 2, 8, 4, 6]);
    // Ranks from the top: 10, 9 → tier 1; 8, 7, 6 → tier 2; 5 … 1 → tier 3.
    expect(Array.from(valueTiers(values))).toEqual([3, 1, 3, 2, 3, 1, 3, 2, 3, 2]);
  });

  it('keeps equal values in one tier and puts NaN last', () => {
    // 10 customers, from the top: ∞, 9, then three 8s. Two customers (20 %) are above the
    // 8s, so all three are tier 2 although the third sits at rank 5 (the 50 % boundary).
    const values = new Float64Array([9, 8, 8, 8, 1, 1, NaN, 0.5, Infinity, -Infinity]);
    expect(Array.from(valueTiers(values))).toEqual([1, 2, 2, 2, 3, 3, 3, 3, 1, 3]);
    // Move 9 down to 8: now a tie of four starts at share 0.1 < 0.2 and is tier 1 whole.
    const moved = new Float64Array([8, 8, 8, 8, 1, 1, NaN, 0.5, Infinity, -Infinity]);
    expect(Array.from(valueTiers(moved))).toEqual([1, 1, 1, 1, 3, 3, 3, 3, 1, 3]);
    const ties = valueTiers(new Float64Array(7).fill(3));
    expect(Array.from(ties)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(valueTiers(new Float64Array(0)).length).toBe(0);
  });

  it('has about 20 % and 30 % in tiers 1 and 2 on distinct values', () => {
    const n = 1000;
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = Math.sin(i) * 1000;
    const tiers = valueTiers(values);
    const count = (t: number) => tiers.filter((v) => v === t).length;
    expect([count(1), count(2), count(3)]).toEqual([200, 300, 500]);
  });
});
