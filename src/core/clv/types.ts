/**
 * The shapes shared by the buy-till-you-die (CLV) modules, the worker, the CLI and the
 * Predict → Lifetime value page. Definitions: ARCHITECTURE.md, "Buy-till-you-die summary".
 *
 * Time is measured in the chosen unit (day, week = 7 days, month = 365.25 / 12 days) from
 * whole UTC days: a purchase on day d of a customer whose first purchase was on day d0 is
 * at (d − d0) / unit days.
 */
import type { CancelSignal } from '../task.ts';

export type TimeUnit = 'day' | 'week' | 'month';
export const TIME_UNITS: readonly TimeUnit[] = ['day', 'week', 'month'];

export type ModelName = 'bgnbd' | 'pnbd';
export const MODEL_NAMES: readonly ModelName[] = ['bgnbd', 'pnbd'];

/** The BTYD summary of every customer whose first purchase is on or before the calibration end. */
export interface ClvSummary {
  unit: TimeUnit;
  /** Days in one unit (1, 7 or 30.4375). */
  unitDays: number;
  /** Epoch ms of the calibration end day (00:00 UTC); purchases on that day count. */
  calibrationEnd: number;
  /** Epoch ms of the holdout end day, or null without a holdout. */
  holdoutEnd: number | null;
  /** Holdout length in units (0 without a holdout). */
  holdoutLength: number;
  customerIds: string[];
  /** Epoch ms of each customer's first purchase day. */
  firstPurchase: Float64Array;
  /** Repeat purchase days in the calibration period (distinct purchase days − 1). */
  x: Float64Array;
  /** Time from first to last calibration purchase day. */
  tx: Float64Array;
  /** Time from first purchase day to the calibration end. */
  T: Float64Array;
  /** Mean value of the repeat purchase days (first excluded); NaN when x = 0 or no amounts. */
  monetary: Float64Array;
  /** Distinct purchase days in the holdout, per customer; null without a holdout. */
  holdoutX: Float64Array | null;
  /** Value bought in the holdout, per customer; null without a holdout or amounts. */
  holdoutValue: Float64Array | null;
  /** Whether the data had amounts (Gamma-Gamma and CLV need them). */
  hasAmounts: boolean;
  /**
   * Repeat purchase days of all these customers per period, period p covering
   * [origin + p·unit, origin + (p+1)·unit), up to the holdout end (or calibration end):
   * the "actual" line of the tracking chart.
   */
  repeatsByPeriod: Float64Array;
  /** Epoch ms of period 0: the earliest first purchase day. */
  origin: number;
  /** Lines left out: no customer, no date, or after the last end date. */
  skippedLines: number;
}

/** One fitted transaction model (BG/NBD: r, alpha, a, b; Pareto/NBD: r, alpha, s, beta). */
export interface ModelFit {
  name: ModelName;
  params: Record<string, number>;
  /** Standard errors from the inverse of the numerical Hessian of −LL at the optimum (NaN when singular). */
  stderr: Record<string, number>;
  /** Log-likelihood of the data (without the penalty). */
  logLikelihood: number;
  iterations: number;
  converged: boolean;
  /** The L2 penalty on the parameters that was used (0 = plain maximum likelihood). */
  penalty: number;
  customers: number;
}

/** What a fitted transaction model predicts, per customer (x, t_x, T) or for a new customer. */
export interface TransactionModel {
  name: ModelName;
  /** P(alive at T | x, t_x, T). */
  pAlive(x: number, tx: number, T: number): number;
  /** E[purchases in (T, T + t] | x, t_x, T]. */
  expectedConditional(t: number, x: number, tx: number, T: number): number;
  /** E[X(t)]: repeat purchases of a new customer in (0, t]. */
  expectedUnconditional(t: number): number;
  /** P(X(t) = n) for a new customer. */
  probabilityOfN(t: number, n: number): number;
}

export interface GammaGammaFit {
  params: { p: number; q: number; gamma: number };
  stderr: { p: number; q: number; gamma: number };
  logLikelihood: number;
  iterations: number;
  converged: boolean;
  penalty: number;
  /** Customers used: x > 0 with a positive mean repeat spend. */
  customers: number;
  /** Repeat customers left out because their mean repeat spend is ≤ 0 (returns). */
  excludedNonPositive: number;
  /** Pearson correlation of x and mean spend among the customers used. */
  frequencySpendCorrelation: number;
  /** |correlation| above 0.3: the model's independence assumption is doubtful. */
  independenceWarning: boolean;
}

export interface ClvSettings {
  unit: TimeUnit;
  /** Epoch ms; null: the holdout end's midpoint split when a holdout is asked, else the last purchase day. */
  calibrationEnd: number | null;
  /** Epoch ms or null for no holdout. */
  holdoutEnd: number | null;
  model: ModelName;
  /** L2 penalty coefficient on the parameters (0 = none). */
  penalty: number;
  /** Expected purchases are reported for the next `periods` units. */
  periods: number;
  /** CLV horizon in months. */
  horizonMonths: number;
  /** Monthly discount rate, e.g. 0.01. */
  monthlyDiscount: number;
}

export const DEFAULT_CLV_SETTINGS: ClvSettings = {
  unit: 'week',
  calibrationEnd: null,
  holdoutEnd: null,
  model: 'bgnbd',
  penalty: 0,
  periods: 12,
  horizonMonths: 12,
  monthlyDiscount: 0.01,
};

/** Holdout validation: the model's expected repeat purchases against what happened. */
export interface HoldoutCheck {
  /** Total repeat purchases (purchase days) of the calibration customers in the holdout. */
  actual: number;
  predicted: number;
  /** (predicted − actual) / actual. */
  relativeError: number;
  /** Mean absolute error per customer. */
  mae: number;
  /** By calibration frequency x = 0, 1, …, 6 and "7+": customers, mean actual, mean predicted. */
  byFrequency: { label: string; customers: number; actual: number; predicted: number }[];
}

export interface ClvOutcome {
  settings: ClvSettings;
  summary: ClvSummary;
  model: ModelFit;
  /** Null without amounts or with too few repeat buyers with positive spend (see warnings). */
  gammaGamma: GammaGammaFit | null;
  /** Per customer, in summary order. */
  pAlive: Float64Array;
  expectedPurchases: Float64Array;
  /** Gamma-Gamma's conditional expected average spend; NaN without Gamma-Gamma. */
  expectedSpend: Float64Array;
  clv: Float64Array;
  /** 1 = top 20 % by CLV (or by expected purchases without amounts), 2 = next 30 %, 3 = the rest. */
  valueTier: Int32Array;
  holdout: HoldoutCheck | null;
  /** Weekly cumulative repeat purchases, actual and model, from the origin to the last end date. */
  tracking: { week: number; actual: number; model: number }[];
  /** Customers with x = 0, 1, …, maxN−1 and "maxN+" repeat purchases in calibration: actual and model. */
  periodHistogram: { label: string; actual: number; model: number }[];
  /** i18n keys with params, e.g. Gamma-Gamma's independence or excluded returns. */
  warnings: { key: string; params?: Record<string, string | number> }[];
  /** Milliseconds per phase. */
  timings: Record<string, number>;
}

/** Options every fitter takes. */
export interface FitOptions {
  /**
   * L2 penalty coefficient as lifetimes' `penalizer_coef`: the minimised objective is
   * −LL / customers + penalty · Σ params² (0 = plain maximum likelihood).
   */
  penalty?: number;
  /** Optimiser iterations at most (default 500). */
  maxIter?: number;
  signal?: CancelSignal;
}
