/**
 * `clv FILE`: the buy-till-you-die lifetime-value model of a transactions file, with the
 * same core as the Predict → Lifetime value page (src/core/clv/run.ts): the BG/NBD or
 * Pareto/NBD fit, Gamma-Gamma when the file has amounts, and the holdout comparison.
 *
 * Columns are named with --customer, --date and --amount (header names, or 1-based numbers
 * with --no-header); only those columns are used, so a file's other numbers never become
 * amounts by a guess. `--format cdnow` reads the CDNOW files of Fader, Hardie & Lee (2005)
 * with their own columns: customer_id, date, dollar_value (summed per day, as every
 * purchase day counts once).
 */
import { DEFAULT_CLV_SETTINGS, MODEL_NAMES, TIME_UNITS } from '../../core/clv/types.ts';
import type { ClvSettings, ModelName, TimeUnit } from '../../core/clv/types.ts';
import { runClv, MAX_HORIZON_MONTHS } from '../../core/clv/run.ts';
import type { ColumnRole, Table } from '../../core/table/index.ts';
import { UsageError, type OptionSpec } from '../args.ts';
import { DataError, type Command } from '../command.ts';
import { INPUT_OPTIONS, parseOptionsFrom, readTransactionsFile } from '../input.ts';
import { formatMessage, progressPrinter } from '../messages.ts';
import { resolveColumns } from './cluster.ts';

/** The CDNOW columns (src/core/ingest/pipeline.ts names them) that the model reads. */
const CDNOW_COLUMNS = { customer: 'customer_id', date: 'date', amount: 'dollar_value' };

const options: readonly OptionSpec[] = [
  ...INPUT_OPTIONS,
  {
    name: 'customer',
    type: 'string',
    description: 'the customer id column: header name, or 1-based number (with --no-header)',
    placeholder: 'COL',
  },
  {
    name: 'date',
    type: 'string',
    description: 'the purchase date column',
    placeholder: 'COL',
  },
  {
    name: 'amount',
    type: 'string',
    description: 'the amount column; without it no spend model and no CLV',
    placeholder: 'COL',
  },
  {
    name: 'unit',
    type: 'string',
    description: `time unit: ${TIME_UNITS.join(', ')}`,
    default: DEFAULT_CLV_SETTINGS.unit,
    placeholder: 'U',
  },
  {
    name: 'calibration-end',
    type: 'string',
    required: true,
    description: 'last day of the calibration period YYYY-MM-DD (UTC; purchases on it count)',
    placeholder: 'DATE',
  },
  {
    name: 'holdout-end',
    type: 'string',
    description: 'last day of the holdout period YYYY-MM-DD; compares predicted and actual',
    placeholder: 'DATE',
  },
  {
    name: 'model',
    type: 'string',
    description: `transaction model: ${MODEL_NAMES.join(', ')}`,
    default: DEFAULT_CLV_SETTINGS.model,
    placeholder: 'M',
  },
  {
    name: 'horizon',
    type: 'int',
    description: 'CLV horizon in months',
    default: DEFAULT_CLV_SETTINGS.horizonMonths,
    min: 1,
    max: MAX_HORIZON_MONTHS,
    placeholder: 'N',
  },
  {
    name: 'discount',
    type: 'number',
    description: 'monthly discount rate for CLV',
    default: DEFAULT_CLV_SETTINGS.monthlyDiscount,
    min: 0,
    max: 1,
    placeholder: 'R',
  },
  {
    name: 'penalty',
    type: 'number',
    description:
      'L2 penalty on the BG/NBD or Pareto/NBD parameters, as lifetimes’ penalizer_coef (not on Gamma-Gamma)',
    default: DEFAULT_CLV_SETTINGS.penalty,
    min: 0,
    placeholder: 'P',
  },
];

const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

function parseDay(text: string, option: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!Number.isFinite(ms) || iso(ms) !== text) {
    throw new UsageError(`--${option} must be a date YYYY-MM-DD, got '${text}'`);
  }
  return ms;
}

/**
 * Roles for exactly the named columns (the others are ignored); the date and amount
 * columns must have been read as dates and numbers, or the run would silently lose them.
 */
function rolesFor(
  table: Table,
  names: { customer: string; date: string; amount: string | null },
): Record<string, ColumnRole> {
  const roles: Record<string, ColumnRole> = {};
  for (const c of table.columns) roles[c.name] = 'ignore';
  const { columns } = table;
  const date = columns.find((c) => c.name === names.date)!;
  if (date.type !== 'date') {
    throw new DataError(`column '${names.date}' does not hold dates (it was read as ${date.type})`);
  }
  if (names.amount !== null) {
    const amount = columns.find((c) => c.name === names.amount)!;
    if (amount.type !== 'f64' && amount.type !== 'i32') {
      throw new DataError(`column '${names.amount}' does not hold numbers (it was read as text)`);
    }
    roles[names.amount] = 'amount';
  }
  roles[names.customer] = 'customerId';
  roles[names.date] = 'orderDate';
  return roles;
}

const PARAM_ORDER: Record<ModelName, string[]> = {
  bgnbd: ['r', 'alpha', 'a', 'b'],
  pnbd: ['r', 'alpha', 's', 'beta'],
};

/** A parameter record in the published order (r, alpha, a, b / r, alpha, s, beta). */
const ordered = (model: ModelName, values: Record<string, number>): Record<string, number> =>
  Object.fromEntries(PARAM_ORDER[model].map((k) => [k, values[k]]));

export const clvCommand: Command = {
  name: 'clv',
  arguments: 'FILE',
  summary: 'fit a buy-till-you-die lifetime-value model and check it against a holdout period',
  options,
  details:
    'Prints { customers, unit, model: { name, params, stderr, logLikelihood }, gammaGamma: {\n' +
    'params: { p, q, gamma }, customers, logLikelihood }, holdout: { actual, predicted }, seconds }.\n' +
    'BG/NBD parameters are r, alpha, a, b; Pareto/NBD r, alpha, s, beta. Purchases on the same day\n' +
    'count once; x is the repeat purchase days up to the calibration end. gammaGamma is null\n' +
    'without --amount (or when too few repeat buyers have a positive spend); holdout is null\n' +
    'without --holdout-end, else the total repeat purchase days in the holdout, actual and as\n' +
    'the model expects. seconds is the modelling alone, not reading the file.\n' +
    'Columns: --customer and --date (and --amount), or --format cdnow for the CDNOW files.',
  async run(opts, io) {
    const [path, ...extra] = opts.positionals;
    if (!path) throw new UsageError('missing FILE');
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    const unit = opts.string('unit') as TimeUnit;
    if (!TIME_UNITS.includes(unit)) {
      throw new UsageError(`--unit must be one of ${TIME_UNITS.join(', ')}, got '${unit}'`);
    }
    const model = opts.string('model') as ModelName;
    if (!MODEL_NAMES.includes(model)) {
      throw new UsageError(`--model must be one of ${MODEL_NAMES.join(', ')}, got '${model}'`);
    }
    const calibrationEnd = parseDay(opts.string('calibration-end'), 'calibration-end');
    const holdoutEnd = opts.has('holdout-end')
      ? parseDay(opts.string('holdout-end'), 'holdout-end')
      : null;
    if (holdoutEnd !== null && holdoutEnd <= calibrationEnd) {
      throw new UsageError('--holdout-end must be after --calibration-end');
    }
    const isCdnow = opts.has('format') && opts.string('format') === 'cdnow';
    const named = (name: 'customer' | 'date' | 'amount'): string | null =>
      opts.optionalString(name) ?? (isCdnow ? CDNOW_COLUMNS[name] : null);
    const customerToken = named('customer');
    const dateToken = named('date');
    if (customerToken === null || dateToken === null) {
      throw new UsageError('name the columns with --customer and --date, or use --format cdnow');
    }
    const amountToken = named('amount');

    const onProgress = progressPrinter(io);
    const { table } = await readTransactionsFile(
      path,
      parseOptionsFrom(opts),
      { onProgress },
      isCdnow,
    );
    const column = (token: string, option: string): string =>
      resolveColumns(table, [token], option)[0];
    const roles = rolesFor(table, {
      customer: column(customerToken, 'customer'),
      date: column(dateToken, 'date'),
      amount: amountToken === null ? null : column(amountToken, 'amount'),
    });

    const settings: ClvSettings = {
      ...DEFAULT_CLV_SETTINGS,
      unit,
      model,
      calibrationEnd,
      holdoutEnd,
      horizonMonths: opts.number('horizon'),
      monthlyDiscount: opts.number('discount'),
      penalty: opts.number('penalty'),
    };
    const started = performance.now();
    const outcome = runClv(table, roles, settings, { ...(onProgress ? { onProgress } : {}) });
    const seconds = (performance.now() - started) / 1000;
    for (const w of outcome.warnings) io.warn(`${formatMessage(w.key, w.params)}\n`);

    const gg = outcome.gammaGamma;
    return {
      customers: outcome.summary.customerIds.length,
      unit,
      model: {
        name: outcome.model.name,
        params: ordered(model, outcome.model.params),
        stderr: ordered(model, outcome.model.stderr),
        logLikelihood: outcome.model.logLikelihood,
      },
      gammaGamma: gg
        ? {
            params: { p: gg.params.p, q: gg.params.q, gamma: gg.params.gamma },
            customers: gg.customers,
            logLikelihood: gg.logLikelihood,
          }
        : null,
      holdout: outcome.holdout
        ? { actual: outcome.holdout.actual, predicted: outcome.holdout.predicted }
        : null,
      seconds: Math.round(seconds * 10_000) / 10_000,
    };
  },
};
