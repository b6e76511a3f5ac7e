/**
 * `churn FILE`: a churn (or any yes/no target) model of a customer table, with the same
 * core as the Predict → Churn page (src/core/churn/run.ts): feature pipeline fitted on the
 * training rows, the chosen model, test-set evaluation on a stratified split, stratified
 * k-fold cross-validation over all labelled rows, and permutation importance.
 *
 * The target is named with --target (header name, or 1-based number with --no-header);
 * --positive picks the value that counts as positive (default: the yes-like value of a
 * two-valued column). Identifier columns (the guessed customer id, --id, or text whose
 * every value differs) and the target are never features.
 */
import { MODEL_KINDS, type ChurnModelKind } from '../../core/churn/model.ts';
import { targetLabels } from '../../core/churn/labels.ts';
import { runChurn } from '../../core/churn/run.ts';
import { DEFAULT_CHURN_SETTINGS } from '../../core/churn/settings.ts';
import { initEngine } from '../../engine/node.ts';
import { UsageError, type OptionSpec } from '../args.ts';
import type { Command } from '../command.ts';
import { INPUT_OPTIONS, parseOptionsFrom, readTransactionsFile } from '../input.ts';
import { progressPrinter } from '../messages.ts';
import { resolveColumns } from './cluster.ts';

/** Features listed in `topFeatures`. */
const TOP_FEATURES = 10;

const options: readonly OptionSpec[] = [
  ...INPUT_OPTIONS,
  {
    name: 'target',
    type: 'string',
    required: true,
    description: 'the target column: header name, or 1-based number (with --no-header)',
    placeholder: 'COL',
  },
  {
    name: 'positive',
    type: 'string',
    description: 'the target value that counts as positive (default: a yes-like value)',
    placeholder: 'VALUE',
  },
  {
    name: 'id',
    type: 'string',
    description: 'the customer id column (never a feature); default: the guessed id column',
    placeholder: 'COL',
  },
  {
    name: 'model',
    type: 'string',
    description: `model: ${MODEL_KINDS.join(', ')}`,
    default: 'logistic',
    placeholder: 'M',
  },
  {
    name: 'test-size',
    type: 'number',
    description: 'share of the rows held out for the test set (stratified)',
    default: DEFAULT_CHURN_SETTINGS.testSize,
    min: 0.01,
    max: 0.99,
    placeholder: 'S',
  },
  {
    name: 'folds',
    type: 'int',
    description: 'stratified cross-validation folds (0 = none)',
    default: DEFAULT_CHURN_SETTINGS.folds,
    min: 0,
    max: 50,
    placeholder: 'K',
  },
  {
    name: 'seed',
    type: 'int',
    description: 'random seed (split, folds, network)',
    default: DEFAULT_CHURN_SETTINGS.seed,
    placeholder: 'S',
  },
  {
    name: 'threshold',
    type: 'number',
    description: 'probability at or above which a customer is predicted positive',
    default: DEFAULT_CHURN_SETTINGS.threshold,
    min: 0,
    max: 1,
    placeholder: 'P',
  },
  {
    name: 'class-weight',
    type: 'string',
    description: 'none, or balanced (weights n / (2 · class rows))',
    default: DEFAULT_CHURN_SETTINGS.classWeight,
    placeholder: 'W',
  },
  {
    name: 'exclude',
    type: 'string',
    description: 'columns to leave out of the features, comma separated',
    placeholder: 'A,B',
  },
];

const round = (x: number, digits = 6): number => Math.round(x * 10 ** digits) / 10 ** digits;

export const churnCommand: Command = {
  name: 'churn',
  arguments: 'FILE',
  summary: 'train and evaluate a churn model (logistic regression, network or tree)',
  options,
  details:
    'Prints { rows, positiveRate, model, testAuc, cvAuc: { mean, folds }, averagePrecision,\n' +
    'confusion: { threshold, tp, fp, tn, fn }, topFeatures: [{ feature, importance, std }],\n' +
    'seconds }. testAuc, averagePrecision and the confusion are on the stratified test split;\n' +
    'cvAuc is stratified k-fold cross-validation over all labelled rows (null with --folds 0);\n' +
    'topFeatures is the permutation importance (AUC drop, mean and std over 5 shuffles) on the\n' +
    'test split. seconds is the modelling alone, not reading the file.',
  async run(opts, io) {
    const [path, ...extra] = opts.positionals;
    if (!path) throw new UsageError('missing FILE');
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    const model = opts.string('model') as ChurnModelKind;
    if (!MODEL_KINDS.includes(model))
      throw new UsageError(`--model must be one of ${MODEL_KINDS.join(', ')}, got '${model}'`);
    const classWeight = opts.string('class-weight');
    if (classWeight !== 'none' && classWeight !== 'balanced')
      throw new UsageError(`--class-weight must be none or balanced, got '${classWeight}'`);
    const folds = opts.number('folds');
    if (folds === 1) throw new UsageError('--folds must be 0 (none) or at least 2');

    const onProgress = progressPrinter(io);
    const { table, roles } = await readTransactionsFile(path, parseOptionsFrom(opts), {
      onProgress,
    });
    const [target] = resolveColumns(table, [opts.string('target')], 'target');
    const id = opts.has('id') ? resolveColumns(table, [opts.string('id')], 'id')[0] : undefined;
    const exclude = opts.has('exclude')
      ? resolveColumns(
          table,
          opts
            .string('exclude')
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== ''),
          'exclude',
        )
      : [];
    const positive = opts.optionalString('positive');
    const data = targetLabels(table, roles, {
      target,
      ...(positive === undefined ? {} : { positive }),
      ...(id === undefined ? {} : { id }),
    });
    if (model === 'mlp') await initEngine();

    const started = performance.now();
    const outcome = await runChurn(
      data,
      {
        models: [model],
        testSize: opts.number('test-size'),
        folds,
        seed: opts.number('seed'),
        threshold: opts.number('threshold'),
        classWeight,
        exclude,
        reasons: 0,
      },
      onProgress ? { onProgress } : {},
    );
    const seconds = (performance.now() - started) / 1000;
    const report = outcome.models[0];
    const c = report.test.confusion;
    return {
      rows: outcome.rows,
      positiveRate: round(outcome.positiveRate),
      model,
      testAuc: round(report.test.auc),
      cvAuc: report.cv
        ? { mean: round(report.cv.mean), folds: report.cv.folds.map((a) => round(a)) }
        : null,
      averagePrecision: round(report.test.averagePrecision),
      confusion: { threshold: c.threshold, tp: c.tp, fp: c.fp, tn: c.tn, fn: c.fn },
      topFeatures: report.importance.slice(0, TOP_FEATURES).map((f) => ({
        feature: f.column,
        importance: round(f.mean),
        std: round(f.std),
      })),
      seconds: Math.round(seconds * 10_000) / 10_000,
    };
  },
};
