/**
 * One churn run, as the Predict → Churn page, its worker and the `churn` command show it:
 * labelled customers (labels.ts) → stratified train/test split → feature pipeline fitted
 * on the training rows → each chosen model fitted on the training rows, evaluated on the
 * test rows (ROC, PR, confusion at the threshold, suggested thresholds, lift and gains,
 * calibration, permutation importance) and cross-validated (stratified k folds over all
 * labelled rows, pipeline and model re-fitted inside every fold) → every customer of the
 * scoring set scored by the model fitted on the training rows, with its top reasons.
 *
 * Seeds: one root Rng from `settings.seed`, forked in a fixed order for the split, the
 * folds, then per model its fits and its importance shuffles; the same settings and data
 * give the same numbers. The network needs the TensorFlow.js engine initialised first
 * (engine/node.ts or engine/browser.ts).
 *
 * Progress phases: progress.churn.prepare, .cv (fold of all models' folds), .train
 * (epochs of the network, else 0/1), .evaluate, .score. Cancellation is checked between
 * phases, every fold, every epoch and inside the fitters.
 */
import { LensError, throwIfCancelled } from '../errors.ts';
import { createRng } from '../stats/random.ts';
import type { TaskContext } from '../task.ts';
import { permutationImportance, topReasons, type Importance, type Reason } from './explain.ts';
import type { LabelledData } from './labels.ts';
import { calibrationBins, decileLift, type CalibrationBin, type LiftRow } from './lift.ts';
import {
  averagePrecision,
  bestF1Threshold,
  bestValueThreshold,
  confusionAt,
  precisionRecallCurve,
  rocAuc,
  rocCurve,
  type Confusion,
  type PrPoint,
  type RocPoint,
  type ValueThreshold,
} from './metrics.ts';
import {
  CONTRIBUTION_UNIT,
  fitModel,
  predict,
  type ChurnModelKind,
  type SavedChurnModel,
} from './model.ts';
import { fitPipeline, transform, type FeaturePipeline } from './pipeline.ts';
import { MIN_ROWS, resolveChurnSettings, type ChurnSettings } from './settings.ts';
import { stratifiedFolds, stratifiedSplit } from './split.ts';
import { churnRules, type ChurnRule } from './tree.ts';

export interface TestEvaluation {
  rows: number;
  positives: number;
  /** Labels and scores of the test rows, so the page can recompute the confusion live (confusionAt). */
  y: Uint8Array;
  scores: Float64Array;
  /** Customer id of each test row. */
  ids: string[];
  auc: number;
  averagePrecision: number;
  roc: RocPoint[];
  pr: PrPoint[];
  /** At settings.threshold. */
  confusion: Confusion;
  suggested: { f1: Confusion; value: ValueThreshold };
  lift: LiftRow[];
  calibration: CalibrationBin[];
}

export interface CrossValidation {
  folds: number[];
  mean: number;
  /** Population standard deviation over the folds. */
  std: number;
}

export interface ModelReport {
  kind: ChurnModelKind;
  /** The model with its pipeline, as stored and re-loaded for scoring. */
  saved: SavedChurnModel;
  test: TestEvaluation;
  cv: CrossValidation | null;
  importance: Importance[];
  /** Logistic regression: coefficients per feature (on standardised numbers), largest |coef| first. */
  coefficients?: { feature: string; coef: number }[];
  intercept?: number;
  /** Tree: its leaves as rules, highest churn probability first. */
  rules?: ChurnRule[];
  /** Network: losses per epoch and the epoch kept. */
  history?: { epoch: number; loss: number; validationLoss: number }[];
  bestEpoch?: number;
  /** Unit of the reasons' contributions. */
  contributionUnit: 'logOdds' | 'probability';
  /** Fit + evaluation + cross-validation + scoring of this model. */
  seconds: number;
}

export interface ChurnScores {
  ids: string[];
  /** P(positive) per scored customer, per model. */
  probability: Partial<Record<ChurnModelKind, Float64Array>>;
  /** Top reasons per scored customer, per model. */
  reasons: Partial<Record<ChurnModelKind, Reason[][]>>;
}

export interface ChurnOutcome {
  settings: ChurnSettings;
  rows: number;
  positives: number;
  positiveRate: number;
  /** Labelled rows left out (missing target). */
  dropped: number;
  target: { column: string | null; positive: string };
  split: { train: number; test: number };
  /** The pipeline fitted on the training rows (shared by all models). */
  pipeline: FeaturePipeline;
  models: ModelReport[];
  scores: ChurnScores;
  /**
   * Milliseconds, as every receipt: prepare; per model `<kind>.fit`, `.evaluate` (test
   * metrics and permutation importance), `.cv`, `.score` (every customer with reasons) and
   * `<kind>` in all; total.
   */
  timings: Record<string, number>;
}

const yield0 = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function pick<T extends ArrayLike<number>>(source: T, rows: Int32Array): number[] {
  return Array.from(rows, (r) => source[r]);
}

/** Checks the labelled data against the settings: enough rows, two classes, enough of each. */
export function checkLabelledData(data: LabelledData, settings: ChurnSettings): void {
  const n = data.rows.length;
  if (n < MIN_ROWS) throw new LensError('error.churn.tooFewRows', { rows: n, needed: MIN_ROWS });
  let positives = 0;
  for (let i = 0; i < n; i++) positives += data.y[i];
  if (positives === 0 || positives === n)
    throw new LensError('error.churn.singleClass', { rows: n, positives });
  const needed = Math.max(2, settings.folds, Math.ceil(2 / settings.testSize));
  const smaller = Math.min(positives, n - positives);
  if (smaller < needed) throw new LensError('error.churn.tooFewInClass', { rows: smaller, needed });
}

export async function runChurn(
  data: LabelledData,
  partial: Partial<ChurnSettings> = {},
  ctx: TaskContext = {},
): Promise<ChurnOutcome> {
  const settings = resolveChurnSettings(partial);
  checkLabelledData(data, settings);
  const timings: Record<string, number> = {};
  const t0 = performance.now();
  const progress = (phase: string, done: number, total: number): void =>
    ctx.onProgress?.({ phase: `progress.churn.${phase}`, done, total });

  const root = createRng(settings.seed);
  const splitRng = root.fork();
  const foldRng = root.fork();
  const modelRngs = settings.models.map(() => root.fork());

  progress('prepare', 0, 1);
  const n = data.rows.length;
  const split = stratifiedSplit(data.y, settings.testSize, splitRng);
  const trainRows = Int32Array.from(split.train, (i) => data.rows[i]);
  const testRows = Int32Array.from(split.test, (i) => data.rows[i]);
  const yTrain = pick(data.y, split.train);
  const yTest = Uint8Array.from(pick(data.y, split.test));
  const pipelineOptions = {
    roles: data.roles,
    target: data.target,
    exclude: settings.exclude,
    topK: settings.topK,
  };
  const pipeline = fitPipeline(data.table, pipelineOptions, trainRows);
  const train = transform(pipeline, data.table, trainRows);
  const test = transform(pipeline, data.table, testRows);
  const scoring = transform(pipeline, data.scoring.table);
  const folds = settings.folds >= 2 ? stratifiedFolds(data.y, settings.folds, foldRng) : [];
  progress('prepare', 1, 1);
  timings.prepare = performance.now() - t0;

  const target = { column: data.target, positive: data.positive };
  const models: ModelReport[] = [];
  const scores: ChurnScores = { ids: data.scoring.ids, probability: {}, reasons: {} };
  const totalFolds = folds.length * settings.models.length;
  let foldsDone = 0;

  for (let m = 0; m < settings.models.length; m++) {
    const kind = settings.models[m];
    const rng = modelRngs[m];
    const fitRng = rng.fork();
    const cvRng = rng.fork();
    const importanceRng = rng.fork();
    const started = performance.now();
    throwIfCancelled(ctx.signal);

    progress('train', 0, kind === 'mlp' ? settings.mlp.epochs : 1);
    const model = await fitModel(kind, train.x, train.n, train.d, yTrain, settings, fitRng, {
      ...ctx,
      progressPhase: 'progress.churn.train',
    });
    progress('train', 1, 1);
    const fitted = performance.now();
    timings[`${kind}.fit`] = fitted - started;
    await yield0();

    throwIfCancelled(ctx.signal);
    progress('evaluate', 0, 1);
    const testScores = predict(model, test.x, test.n, test.d);
    let positives = 0;
    for (const v of yTest) positives += v;
    const evaluation: TestEvaluation = {
      rows: test.n,
      positives,
      y: yTest,
      scores: testScores,
      ids: Array.from(testRows, (r) => data.ids[r]),
      auc: rocAuc(yTest, testScores),
      averagePrecision: averagePrecision(yTest, testScores),
      roc: rocCurve(yTest, testScores),
      pr: precisionRecallCurve(yTest, testScores),
      confusion: confusionAt(yTest, testScores, settings.threshold),
      suggested: {
        f1: bestF1Threshold(yTest, testScores),
        value: bestValueThreshold(yTest, testScores, settings.outcomeValues),
      },
      lift: decileLift(yTest, testScores),
      calibration: calibrationBins(yTest, testScores, settings.calibrationBins),
    };
    const importance = permutationImportance(
      model,
      pipeline,
      test.x,
      test.n,
      test.d,
      yTest,
      settings.importanceRepeats,
      importanceRng,
      ctx,
    );
    progress('evaluate', 1, 1);
    const evaluated = performance.now();
    timings[`${kind}.evaluate`] = evaluated - fitted;
    await yield0();

    let cv: CrossValidation | null = null;
    if (folds.length > 0) {
      const aucs: number[] = [];
      for (const fold of folds) {
        throwIfCancelled(ctx.signal);
        const foldTrain = Int32Array.from(fold.train, (i) => data.rows[i]);
        const foldTest = Int32Array.from(fold.test, (i) => data.rows[i]);
        const p = fitPipeline(data.table, pipelineOptions, foldTrain);
        const a = transform(p, data.table, foldTrain);
        const b = transform(p, data.table, foldTest);
        const foldModel = await fitModel(
          kind,
          a.x,
          a.n,
          a.d,
          pick(data.y, fold.train),
          settings,
          cvRng.fork(),
          { signal: ctx.signal },
        );
        aucs.push(rocAuc(pick(data.y, fold.test), predict(foldModel, b.x, b.n, b.d)));
        progress('cv', ++foldsDone, totalFolds);
        await yield0();
      }
      const mean = aucs.reduce((s, v) => s + v, 0) / aucs.length;
      const std = Math.sqrt(aucs.reduce((s, v) => s + (v - mean) ** 2, 0) / aucs.length);
      cv = { folds: aucs, mean, std };
    }
    const validated = performance.now();
    timings[`${kind}.cv`] = validated - evaluated;

    throwIfCancelled(ctx.signal);
    progress('score', 0, scoring.n);
    scores.probability[kind] = predict(model, scoring.x, scoring.n, scoring.d);
    if (settings.reasons > 0) {
      scores.reasons[kind] = topReasons(
        model,
        pipeline,
        scoring.x,
        scoring.n,
        scoring.d,
        data.scoring.table,
        Int32Array.from({ length: scoring.n }, (_, i) => i),
        settings.reasons,
        ctx,
      );
    }
    progress('score', scoring.n, scoring.n);
    timings[`${kind}.score`] = performance.now() - validated;

    const report: ModelReport = {
      kind,
      saved: { version: 1, pipeline, model, target },
      test: evaluation,
      cv,
      importance,
      contributionUnit: CONTRIBUTION_UNIT[kind],
      seconds: (performance.now() - started) / 1000,
    };
    if (model.kind === 'logistic') {
      report.coefficients = model.coef
        .map((coef, j) => ({ feature: pipeline.features[j].name, coef }))
        .sort((a, b) => Math.abs(b.coef) - Math.abs(a.coef));
      report.intercept = model.intercept;
    } else if (model.kind === 'tree') {
      report.rules = churnRules(model.tree, pipeline);
    } else {
      report.history = model.history;
      report.bestEpoch = model.bestEpoch;
    }
    models.push(report);
    timings[kind] = report.seconds * 1000;
  }
  timings.total = performance.now() - t0;

  let positives = 0;
  for (const v of data.y) positives += v;
  return {
    settings,
    rows: n,
    positives,
    positiveRate: positives / n,
    dropped: data.dropped,
    target,
    split: { train: train.n, test: test.n },
    pipeline,
    models,
    scores,
    timings,
  };
}
