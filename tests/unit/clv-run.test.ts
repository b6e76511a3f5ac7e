/**
 * runClv on the demo shop: every per-customer array and check equals what the core
 * functions give for the same summary and fit, the results table carries them, settings
 * are checked, and a run stops when cancelled.
 */
import { describe, expect, it } from 'vitest';
import { generateDemoShop } from '../../src/core/demo/index.ts';
import { CancelledError, LensError } from '../../src/core/errors.ts';
import { expectedAverageSpend, fitGammaGamma } from '../../src/core/clv/gammaGamma.ts';
import { fitModel, modelOf } from '../../src/core/clv/model.ts';
import { CLV_COLUMNS, clvResultsTable } from '../../src/core/clv/results.ts';
import { poorlyDetermined, runClv, validateClvSettings } from '../../src/core/clv/run.ts';
import { summaryFromTable } from '../../src/core/clv/summary.ts';
import { DEFAULT_CLV_SETTINGS, type ClvSettings } from '../../src/core/clv/types.ts';
import { holdoutCheck, periodHistogram, trackingSeries } from '../../src/core/clv/validate.ts';
import { customerLifetimeValue, valueTiers } from '../../src/core/clv/value.ts';
import {
  cellValue,
  dictColumn,
  numericColumn,
  type ColumnRole,
} from '../../src/core/table/index.ts';
import { mergedMessages } from '../../src/i18n/catalogue.ts';

const demo = generateDemoShop({ customers: 800, months: 18, seed: 3 });
const table = demo.transactions;
const roles = demo.roles.transactions;
// The demo shop's customers hardly ever drop out: unpenalised, BG/NBD's a and b (and
// Pareto/NBD's s and β) run off to infinity. A small penalty, lifetimes' advice for that
// case, keeps them finite; Gamma-Gamma is fitted without it (run.ts says why).
const settings: ClvSettings = {
  ...DEFAULT_CLV_SETTINGS,
  penalty: 0.001,
  calibrationEnd: Date.UTC(2026, 2, 31),
  holdoutEnd: Date.UTC(2026, 5, 30),
};
const english = mergedMessages('en');

/** Relative closeness for values that are sums of many terms. */
function expectClose(got: number, want: number, label: string, rel = 1e-9): void {
  if (Number.isNaN(want)) expect(got, label).toBeNaN();
  else expect(Math.abs(got - want), label).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(want)));
}

describe('runClv on the demo shop', () => {
  const phases: string[] = [];
  const outcome = runClv(table, roles, settings, {
    onProgress: (p) => {
      if (phases.at(-1) !== p.phase) phases.push(p.phase);
    },
  });
  const { summary } = outcome;
  const model = modelOf(outcome.model);

  it('summarises and fits as the core functions do', () => {
    const want = summaryFromTable(table, roles, {
      unit: 'week',
      calibrationEnd: settings.calibrationEnd,
      holdoutEnd: settings.holdoutEnd,
    });
    expect(summary.customerIds).toEqual(want.customerIds);
    expect([...summary.x]).toEqual([...want.x]);
    expect([...summary.T]).toEqual([...want.T]);
    const fit = fitModel('bgnbd', { x: want.x, tx: want.tx, T: want.T }, { penalty: 0.001 });
    expect(fit.converged).toBe(true);
    expect(outcome.model.params).toEqual(fit.params);
    expect(outcome.model.logLikelihood).toBe(fit.logLikelihood);
    const gg = fitGammaGamma(want.x, want.monetary, { penalty: 0 });
    expect(outcome.gammaGamma).not.toBeNull();
    expect(outcome.gammaGamma!.params).toEqual(gg.params);
    expect(summary.customerIds.length).toBeGreaterThan(300);
  });

  it('predicts each customer with the model, Gamma-Gamma and the CLV formula', () => {
    const n = summary.customerIds.length;
    for (const a of [
      outcome.pAlive,
      outcome.expectedPurchases,
      outcome.expectedSpend,
      outcome.clv,
    ]) {
      expect(a).toHaveLength(n);
    }
    const gg = outcome.gammaGamma!.params;
    const valueOptions = {
      unitDays: 7,
      horizonMonths: settings.horizonMonths,
      monthlyDiscount: settings.monthlyDiscount,
    };
    for (let i = 0; i < n; i++) {
      const [x, tx, T] = [summary.x[i], summary.tx[i], summary.T[i]];
      expect(outcome.pAlive[i]).toBe(model.pAlive(x, tx, T));
      expect(outcome.expectedPurchases[i]).toBe(model.expectedConditional(12, x, tx, T));
      const spend = expectedAverageSpend(gg, x, summary.monetary[i]);
      expect(outcome.expectedSpend[i]).toBe(spend);
      expectClose(
        outcome.clv[i],
        customerLifetimeValue(model, x, tx, T, spend, valueOptions),
        `clv ${i}`,
      );
    }
    expect([...outcome.valueTier]).toEqual([...valueTiers(outcome.clv)]);
    expect(new Set(outcome.valueTier)).toEqual(new Set([1, 2, 3]));
  });

  it('checks the model: holdout, tracking and histogram as validate.ts computes them', () => {
    expect(outcome.holdout).toEqual(holdoutCheck(summary, model));
    expect(outcome.holdout!.actual).toBeGreaterThan(0);
    expect(outcome.tracking).toEqual(trackingSeries(summary, model));
    expect(outcome.periodHistogram).toEqual(periodHistogram(summary, model));
    expect(outcome.periodHistogram.reduce((a, g) => a + g.actual, 0)).toBe(
      summary.customerIds.length,
    );
  });

  it('reports its phases in order, timings, and warnings that are catalogue keys', () => {
    expect(phases).toEqual([
      'progress.clv.summary',
      'progress.clv.fit',
      'progress.clv.customers',
      'progress.clv.checks',
    ]);
    for (const p of phases) expect(english[p], p).toBeDefined();
    expect(Object.keys(outcome.timings)).toEqual([
      'summary',
      'fit',
      'gammaGamma',
      'customers',
      'checks',
    ]);
    for (const w of outcome.warnings) expect(english[w.key], w.key).toBeDefined();
    expect(outcome.settings).toBe(settings);
  });

  it('makes the per-customer results table', () => {
    const results = clvResultsTable(outcome);
    expect(results.columns.map((c) => c.name)).toEqual([...CLV_COLUMNS]);
    expect(results.rowCount).toBe(summary.customerIds.length);
    const col = (name: string) => results.columns.find((c) => c.name === name)!;
    for (const i of [0, 7, results.rowCount - 1]) {
      expect(cellValue(col('customer_id'), i)).toBe(summary.customerIds[i]);
      expect(cellValue(col('p_alive'), i)).toBe(outcome.pAlive[i]);
      expect(cellValue(col('expected_purchases'), i)).toBe(outcome.expectedPurchases[i]);
      expect(cellValue(col('clv'), i)).toBe(outcome.clv[i]);
      expect(cellValue(col('value_tier'), i)).toBe(outcome.valueTier[i]);
    }
    expect(col('value_tier').type).toBe('i32');
  });
});

describe('runClv variants', () => {
  it('without amounts: no Gamma-Gamma, NaN spend and CLV, tiers by expected purchases', () => {
    const noAmounts: Record<string, ColumnRole> = {
      ...roles,
      quantity: 'ignore',
      unit_price: 'ignore',
    };
    const outcome = runClv(table, noAmounts, settings);
    expect(outcome.summary.hasAmounts).toBe(false);
    expect(outcome.gammaGamma).toBeNull();
    expect(outcome.expectedSpend.every(Number.isNaN)).toBe(true);
    expect(outcome.clv.every(Number.isNaN)).toBe(true);
    expect([...outcome.valueTier]).toEqual([...valueTiers(outcome.expectedPurchases)]);
    expect(outcome.warnings.map((w) => w.key)).toContain('clv.run.warning.noAmounts');
    // The results table shows the missing values as nulls.
    const results = clvResultsTable(outcome);
    expect(cellValue(results.columns[4], 0)).toBeNull();
  });

  it('too few repeat buyers with a known spend: a warning instead of Gamma-Gamma, NaN CLV', () => {
    // 40 customers, 16 of them repeat buyers; only 4 of those have amounts on their repeat days.
    const ids: string[] = [];
    const dates: number[] = [];
    const amounts: (number | null)[] = [];
    const day = (d: number) => Date.UTC(2025, 0, 1) + d * 86_400_000;
    for (let c = 0; c < 40; c++) {
      ids.push(`k${c}`);
      dates.push(day(c));
      amounts.push(20 + c);
      for (let r = 1; c < 16 && r <= 1 + (c % 4); r++) {
        ids.push(`k${c}`);
        dates.push(day(c + 9 * r + (c % 5)));
        amounts.push(c < 4 ? 10 + r : null);
      }
    }
    const small = {
      rowCount: ids.length,
      columns: [
        dictColumn('customer', ids),
        { name: 'day', type: 'date' as const, values: Float64Array.from(dates) },
        numericColumn('amount', 'f64', amounts),
      ],
    };
    const smallRoles: Record<string, ColumnRole> = {
      customer: 'customerId',
      day: 'orderDate',
      amount: 'amount',
    };
    const outcome = runClv(small, smallRoles, {
      ...settings,
      calibrationEnd: day(120),
      holdoutEnd: null,
    });
    expect(outcome.summary.hasAmounts).toBe(true);
    expect(outcome.gammaGamma).toBeNull();
    const warning = outcome.warnings.find((w) => w.key === 'clv.run.warning.noGammaGamma');
    expect(warning?.params).toMatchObject({ customers: 4 });
    expect(outcome.clv.every(Number.isNaN)).toBe(true);
    expect([...outcome.valueTier]).toEqual([...valueTiers(outcome.expectedPurchases)]);
  });

  it('counts the customers the model gives no finite prediction for in a warning', () => {
    // Unpenalised on the demo shop BG/NBD's dropout parameters are ~1e5 and ~3e6; at the time
    // of writing its conditional formulas return NaN there. Whatever they return, the
    // warning must count exactly the customers without a finite P(alive) or expectation.
    const outcome = runClv(table, roles, { ...settings, penalty: 0, holdoutEnd: null });
    let notFinite = 0;
    for (let i = 0; i < outcome.pAlive.length; i++) {
      const ok =
        Number.isFinite(outcome.pAlive[i]) && Number.isFinite(outcome.expectedPurchases[i]);
      if (!ok) notFinite++;
    }
    const warning = outcome.warnings.find((w) => w.key === 'clv.run.warning.notFinite');
    if (notFinite === 0) expect(warning).toBeUndefined();
    else expect(warning?.params).toEqual({ customers: notFinite });
  });

  it('without a holdout: no holdout check, tracking to the calibration end', () => {
    const outcome = runClv(table, roles, { ...settings, holdoutEnd: null });
    expect(outcome.holdout).toBeNull();
    const weeks = Math.ceil(
      ((outcome.summary.calibrationEnd - outcome.summary.origin) / 86_400_000 + 1) / 7,
    );
    expect(outcome.tracking).toHaveLength(weeks);
  });

  it('fits Pareto/NBD when asked, with its parameter names', () => {
    const outcome = runClv(table, roles, { ...settings, model: 'pnbd' });
    expect(outcome.model.name).toBe('pnbd');
    expect(Object.keys(outcome.model.params).sort()).toEqual(['alpha', 'beta', 'r', 's']);
    expect(outcome.holdout!.predicted).toBeGreaterThan(0);
  });
});

describe('poorly determined parameters', () => {
  it('names those whose standard error is at least the estimate or not a number', () => {
    expect(
      poorlyDetermined(
        { r: 0.24, alpha: 4.4, a: 1e4, b: 1e6 },
        { r: 0.01, alpha: 4.4, a: NaN, b: 2e6 },
      ),
    ).toEqual(['α', 'a', 'b']);
    expect(poorlyDetermined({ r: 0.24, beta: 11.7 }, { r: 0.23, beta: 7 })).toEqual([]);
  });

  it('warns on the unpenalised demo shop, where BG/NBD’s a and b run off, not with the penalty', () => {
    const free = runClv(table, roles, { ...settings, penalty: 0 });
    const warning = free.warnings.find((w) => w.key === 'clv.run.warning.poorlyDetermined');
    expect(warning?.params?.params).toContain('a');
    expect(warning?.params?.params).toContain('b');
    expect(free.model.stderr.b >= free.model.params.b || Number.isNaN(free.model.stderr.b)).toBe(
      true,
    );
    expect(outcomeWarnings(settings)).not.toContain('clv.run.warning.poorlyDetermined');
  });
});

function outcomeWarnings(s: ClvSettings): string[] {
  return runClv(table, roles, s).warnings.map((w) => w.key);
}

describe('validateClvSettings', () => {
  const bad: [Partial<ClvSettings>, string][] = [
    [{ unit: 'year' as never }, 'error.clv.settings.unit'],
    [{ model: 'nbd' as never }, 'error.clv.settings.model'],
    [{ penalty: -0.1 }, 'error.clv.settings.penalty'],
    [{ penalty: NaN }, 'error.clv.settings.penalty'],
    [{ periods: 0 }, 'error.clv.settings.periods'],
    [{ horizonMonths: 0 }, 'error.clv.settings.horizon'],
    [{ horizonMonths: 6.5 }, 'error.clv.settings.horizon'],
    [{ monthlyDiscount: -0.01 }, 'error.clv.settings.discount'],
    [{ monthlyDiscount: 1.5 }, 'error.clv.settings.discount'],
    [{ calibrationEnd: NaN }, 'error.clv.settings.calibrationEnd'],
    [{ holdoutEnd: Infinity }, 'error.clv.settings.holdoutEnd'],
    [
      { calibrationEnd: Date.UTC(2026, 5, 30), holdoutEnd: Date.UTC(2026, 2, 31) },
      'error.clv.settings.holdoutOrder',
    ],
  ];

  it.each(bad)('refuses %o with %s', (change, code) => {
    let caught: unknown;
    try {
      validateClvSettings({ ...settings, ...change });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(LensError);
    expect((caught as LensError).code).toBe(code);
    expect(english[code], code).toBeDefined();
  });

  it('accepts the defaults, and runClv checks before it reads anything', () => {
    expect(() => validateClvSettings(DEFAULT_CLV_SETTINGS)).not.toThrow();
    expect(() => runClv(table, roles, { ...settings, periods: -1 })).toThrow(LensError);
  });
});

describe('cancellation', () => {
  it('stops at the first phase boundary after the signal is set', () => {
    const signal = { aborted: false };
    const seen: string[] = [];
    expect(() =>
      runClv(table, roles, settings, {
        signal,
        onProgress: (p) => {
          seen.push(p.phase);
          if (p.phase === 'progress.clv.fit') signal.aborted = true;
        },
      }),
    ).toThrow(CancelledError);
    expect(seen).not.toContain('progress.clv.customers');
  });

  it('does not start when already cancelled', () => {
    expect(() => runClv(table, roles, settings, { signal: { aborted: true } })).toThrow(
      CancelledError,
    );
  });
});
