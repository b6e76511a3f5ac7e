/**
 * One lifetime-value run, as the Predict → Lifetime value page, its worker and the `clv`
 * command show it: the BTYD summary, the transaction model, Gamma-Gamma when the data have
 * amounts, each customer's P(alive), expected purchases, expected spend, CLV and value
 * tier, the model checks (holdout, tracking, frequency histogram), warnings and timings.
 *
 * Progress phases: progress.clv.summary, .fit, .customers, .checks; the run stops with
 * CancelledError between phases, inside the fitters and every few thousand customers.
 */
import { LensError, throwIfCancelled } from '../errors.ts';
import type { ColumnRole, Table } from '../table/index.ts';
import type { TaskContext } from '../task.ts';
import { expectedAverageSpend, fitGammaGamma } from './gammaGamma.ts';
import { perCustomer } from './memo.ts';
import { fitModel, modelOf } from './model.ts';
import { distinctTriples, summaryFromTable } from './summary.ts';
import {
  MODEL_NAMES,
  TIME_UNITS,
  type ClvOutcome,
  type ClvSettings,
  type FitOptions,
  type GammaGammaFit,
  type ModelName,
  type TimeUnit,
} from './types.ts';
import { holdoutCheck, periodHistogram, trackingSeries } from './validate.ts';
import { customerLifetimeValue, valueTiers } from './value.ts';

/** Longest CLV horizon accepted (100 years): beyond it the discounting dominates anyway. */
export const MAX_HORIZON_MONTHS = 1200;

const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const isDate = (ms: number | null): boolean => ms === null || Number.isFinite(ms);

/** Throws a LensError naming the first setting that cannot be used. */
export function validateClvSettings(settings: ClvSettings): void {
  const s = settings;
  if (!TIME_UNITS.includes(s.unit as TimeUnit)) {
    throw new LensError('error.clv.settings.unit', { unit: String(s.unit) });
  }
  if (!MODEL_NAMES.includes(s.model as ModelName)) {
    throw new LensError('error.clv.settings.model', { model: String(s.model) });
  }
  if (!(Number.isFinite(s.penalty) && s.penalty >= 0)) {
    throw new LensError('error.clv.settings.penalty', { penalty: s.penalty });
  }
  if (!(Number.isFinite(s.periods) && s.periods > 0)) {
    throw new LensError('error.clv.settings.periods', { periods: s.periods });
  }
  if (
    !Number.isInteger(s.horizonMonths) ||
    s.horizonMonths < 1 ||
    s.horizonMonths > MAX_HORIZON_MONTHS
  ) {
    throw new LensError('error.clv.settings.horizon', {
      horizon: s.horizonMonths,
      max: MAX_HORIZON_MONTHS,
    });
  }
  if (!(Number.isFinite(s.monthlyDiscount) && s.monthlyDiscount >= 0 && s.monthlyDiscount <= 1)) {
    throw new LensError('error.clv.settings.discount', { discount: s.monthlyDiscount });
  }
  if (!isDate(s.calibrationEnd)) throw new LensError('error.clv.settings.calibrationEnd');
  if (!isDate(s.holdoutEnd)) throw new LensError('error.clv.settings.holdoutEnd');
  if (s.calibrationEnd !== null && s.holdoutEnd !== null && s.holdoutEnd <= s.calibrationEnd) {
    throw new LensError('error.clv.settings.holdoutOrder', {
      calibrationEnd: iso(s.calibrationEnd),
      holdoutEnd: iso(s.holdoutEnd),
    });
  }
}

type Warning = ClvOutcome['warnings'][number];

/** Gamma-Gamma on the repeat buyers, or null with a warning saying why there is none. */
function spendModel(
  x: Float64Array,
  monetary: Float64Array,
  options: FitOptions,
  warnings: Warning[],
): GammaGammaFit | null {
  try {
    return fitGammaGamma(x, monetary, options);
  } catch (err) {
    // Too few repeat buyers with a positive spend is a property of the data, not a failure:
    // the run goes on without expected spend and CLV, and says so.
    if (!(err instanceof LensError) || err.code !== 'error.clv.spendTooFew') throw err;
    warnings.push({ key: 'clv.run.warning.noGammaGamma', params: err.params });
    return null;
  }
}

/**
 * The parameters whose standard error is at least the estimate itself, or cannot be
 * computed: the data hardly pin them down (BG/NBD's a and b run off together when hardly
 * anyone drops out), so an analyst should not read them, and the predictions deserve a
 * holdout check. Symbols as the papers write them.
 */
export function poorlyDetermined(
  params: Record<string, number>,
  stderr: Record<string, number>,
): string[] {
  const symbol: Record<string, string> = { alpha: 'α', beta: 'β' };
  return Object.keys(params)
    .filter((name) => !(stderr[name] < Math.abs(params[name])))
    .map((name) => symbol[name] ?? name);
}

export function runClv(
  table: Table,
  roles: Record<string, ColumnRole>,
  settings: ClvSettings,
  ctx?: TaskContext,
): ClvOutcome {
  validateClvSettings(settings);
  const signal = ctx?.signal;
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (name: string): void => {
    const t = performance.now();
    timings[name] = t - mark;
    mark = t;
  };
  const phase = (key: string, done = 0, total = 0): void =>
    ctx?.onProgress?.({ phase: key, done, total });
  const warnings: Warning[] = [];

  throwIfCancelled(signal);
  phase('progress.clv.summary');
  const summary = summaryFromTable(table, roles, {
    unit: settings.unit,
    calibrationEnd: settings.calibrationEnd,
    holdoutEnd: settings.holdoutEnd,
  });
  // summaryFromTable refuses data without a customer acquired by the calibration end.
  const n = summary.customerIds.length;
  if (summary.skippedLines > 0) {
    warnings.push({ key: 'clv.run.warning.skippedLines', params: { lines: summary.skippedLines } });
  }
  lap('summary');

  throwIfCancelled(signal);
  phase('progress.clv.fit');
  const { x, tx, T, monetary } = summary;
  const fitOptions: FitOptions = { penalty: settings.penalty, ...(signal ? { signal } : {}) };
  const fit = fitModel(settings.model, { x, tx, T }, fitOptions);
  if (!fit.converged) {
    warnings.push({
      key: 'clv.run.warning.notConverged',
      params: {
        model: settings.model === 'bgnbd' ? 'BG/NBD' : 'Pareto/NBD',
        iterations: fit.iterations,
      },
    });
  }
  const loose = poorlyDetermined(fit.params, fit.stderr);
  if (loose.length > 0) {
    warnings.push({
      key: 'clv.run.warning.poorlyDetermined',
      params: { params: loose.join(', ') },
    });
  }
  const model = modelOf(fit);
  lap('fit');

  throwIfCancelled(signal);
  let gammaGamma: GammaGammaFit | null = null;
  if (summary.hasAmounts) {
    // The penalty is for the transaction model only: Gamma-Gamma's γ is in currency units,
    // so an L2 penalty on it would shrink the spend model differently in yen and in euros
    // (on the demo shop, 0.001 already pushes q below 1, where the mean spend is infinite).
    gammaGamma = spendModel(x, monetary, signal ? { signal } : {}, warnings);
    if (gammaGamma) {
      if (gammaGamma.independenceWarning) {
        warnings.push({
          key: 'clv.run.warning.independence',
          params: { correlation: Math.round(gammaGamma.frequencySpendCorrelation * 100) / 100 },
        });
      }
      if (gammaGamma.excludedNonPositive > 0) {
        warnings.push({
          key: 'clv.run.warning.excludedSpend',
          params: { customers: gammaGamma.excludedNonPositive },
        });
      }
      if (!gammaGamma.converged) {
        warnings.push({
          key: 'clv.run.warning.spendNotConverged',
          params: { iterations: gammaGamma.iterations },
        });
      }
    }
  } else {
    warnings.push({ key: 'clv.run.warning.noAmounts' });
  }
  lap('gammaGamma');

  throwIfCancelled(signal);
  phase('progress.clv.customers', 0, n);
  const triples = distinctTriples(x, tx, T);
  const pAlive = perCustomer(triples, (xi, txi, Ti) => model.pAlive(xi, txi, Ti));
  throwIfCancelled(signal);
  phase('progress.clv.customers', Math.round(n / 3), n);
  const expectedPurchases = perCustomer(triples, (xi, txi, Ti) =>
    model.expectedConditional(settings.periods, xi, txi, Ti),
  );
  throwIfCancelled(signal);
  phase('progress.clv.customers', Math.round((2 * n) / 3), n);
  const expectedSpend = new Float64Array(n).fill(NaN);
  const clv = new Float64Array(n).fill(NaN);
  if (gammaGamma) {
    // CLV is expected average spend × discounted expected purchases, so it is linear in
    // the spend: the per-(x, t_x, T) factor is computed once, with a spend of 1.
    const valueOptions = {
      unitDays: summary.unitDays,
      horizonMonths: settings.horizonMonths,
      monthlyDiscount: settings.monthlyDiscount,
    };
    const valuePerSpend = perCustomer(triples, (xi, txi, Ti) =>
      customerLifetimeValue(model, xi, txi, Ti, 1, valueOptions),
    );
    for (let i = 0; i < n; i++) {
      expectedSpend[i] = expectedAverageSpend(gammaGamma.params, x[i], monetary[i]);
      clv[i] = expectedSpend[i] * valuePerSpend[i];
    }
  }
  // Parameters at the edge of their range (dropout → 0) can defeat the model's formulas;
  // say so rather than show a page of blanks without a reason.
  let notFinite = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(pAlive[i]) || !Number.isFinite(expectedPurchases[i])) notFinite++;
  }
  if (notFinite > 0) {
    warnings.push({ key: 'clv.run.warning.notFinite', params: { customers: notFinite } });
  }
  const valueTier = valueTiers(gammaGamma ? clv : expectedPurchases);
  phase('progress.clv.customers', n, n);
  lap('customers');

  throwIfCancelled(signal);
  phase('progress.clv.checks');
  const holdout =
    summary.holdoutX && summary.holdoutLength > 0 ? holdoutCheck(summary, model) : null;
  const tracking = trackingSeries(summary, model);
  const histogram = periodHistogram(summary, model);
  lap('checks');

  return {
    settings,
    summary,
    model: fit,
    gammaGamma,
    pAlive,
    expectedPurchases,
    expectedSpend,
    clv,
    valueTier,
    holdout,
    tracking,
    periodHistogram: histogram,
    warnings,
    timings,
  };
}
