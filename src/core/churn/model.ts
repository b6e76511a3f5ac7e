/**
 * The three churn models behind one interface: fit on a feature matrix, predict P(positive),
 * and explain one row. A trained model is plain JSON; with its pipeline it forms a
 * `SavedChurnModel` that re-scores new data (`scoreTable`).
 *
 * Local explanations (one number per feature, positive = towards the positive class):
 * - logistic: coefficient × feature value (the standardised value for numbers, 0/1 for
 *   flags and levels), in log-odds;
 * - tree: Saabas path contributions (tree.ts), in probability;
 * - network: occlusion to the training mean — P(row) minus P(row with that feature set to
 *   its training-set mean), in probability.
 */
import type { MlpLayer } from '../../engine/mlp.ts';
import { LensError } from '../errors.ts';
import type { Rng } from '../stats/random.ts';
import type { Table } from '../table/index.ts';
import type { TaskContext } from '../task.ts';
import type { TreeNode } from '../tree/cart.ts';
import { fitLogistic, predictLogistic } from './logistic.ts';
import { fitMlp, MlpEvaluator, predictMlp, sigmoid, type MlpOptions } from './mlp.ts';
import { transform, type FeaturePipeline } from './pipeline.ts';
import {
  fitChurnTree,
  predictChurnTree,
  treeContributions,
  type ChurnTreeOptions,
} from './tree.ts';

export const MODEL_KINDS = ['logistic', 'mlp', 'tree'] as const;
export type ChurnModelKind = (typeof MODEL_KINDS)[number];

export type ClassWeight = 'none' | 'balanced';

export interface ModelSettings {
  classWeight: ClassWeight;
  /** Logistic regression: inverse L2 strength (scikit-learn's C). */
  C: number;
  mlp: MlpOptions;
  tree: ChurnTreeOptions;
}

export type TrainedModel =
  | { kind: 'logistic'; coef: number[]; intercept: number; iterations: number; converged: boolean }
  | {
      kind: 'mlp';
      layers: MlpLayer[];
      /** Training-set mean of each feature, the reference of the occlusion explanation. */
      featureMeans: number[];
      bestEpoch: number;
      history: { epoch: number; loss: number; validationLoss: number }[];
    }
  | { kind: 'tree'; tree: TreeNode };

/** What is stored and re-loaded: the model with the pipeline that prepares its input. */
export interface SavedChurnModel {
  version: 1;
  pipeline: FeaturePipeline;
  model: TrainedModel;
  /** What the probability is of, e.g. { column: 'Churn', value: 'Yes' } or behavioural churn. */
  target: { column: string | null; positive: string };
}

/** Row weights: 1, or n / (2 · class rows) for 'balanced' (scikit-learn's class_weight). */
export function classWeights(y: ArrayLike<number>, mode: ClassWeight): Float64Array {
  const n = y.length;
  const w = new Float64Array(n).fill(1);
  if (mode === 'none') return w;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += y[i];
  const wPos = n / (2 * Math.max(1, positives));
  const wNeg = n / (2 * Math.max(1, n - positives));
  for (let i = 0; i < n; i++) w[i] = y[i] === 1 ? wPos : wNeg;
  return w;
}

export async function fitModel(
  kind: ChurnModelKind,
  x: Float64Array,
  n: number,
  d: number,
  y: ArrayLike<number>,
  settings: ModelSettings,
  rng: Rng,
  ctx: TaskContext & { progressPhase?: string } = {},
): Promise<TrainedModel> {
  const weight = classWeights(y, settings.classWeight);
  switch (kind) {
    case 'logistic': {
      const fit = fitLogistic(
        x,
        n,
        d,
        y,
        { C: settings.C, ...(settings.classWeight === 'none' ? {} : { sampleWeight: weight }) },
        ctx,
      );
      return {
        kind,
        coef: fit.coef,
        intercept: fit.intercept,
        iterations: fit.iterations,
        converged: fit.converged,
      };
    }
    case 'mlp': {
      const fit = await fitMlp(x, n, d, y, weight, settings.mlp, rng, ctx);
      const featureMeans = new Array<number>(d).fill(0);
      for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) featureMeans[j] += x[i * d + j];
      for (let j = 0; j < d; j++) featureMeans[j] /= n;
      return {
        kind,
        layers: fit.layers,
        featureMeans,
        bestEpoch: fit.bestEpoch,
        history: fit.history,
      };
    }
    case 'tree': {
      // The same class weights as the other models, as scikit-learn's class_weight.
      const rowWeight = settings.classWeight === 'none' ? undefined : weight;
      return { kind, tree: fitChurnTree(x, n, d, y, settings.tree, rowWeight) };
    }
    default:
      throw new LensError('error.churn.model', { model: String(kind) });
  }
}

/** P(positive) for each of the n × d rows. */
export function predict(model: TrainedModel, x: Float64Array, n: number, d: number): Float64Array {
  switch (model.kind) {
    case 'logistic':
      return predictLogistic(model, x, n, d);
    case 'mlp':
      return predictMlp(model.layers, x, n);
    case 'tree':
      return predictChurnTree(model.tree, x, n, d);
  }
}

/** The unit of `contributions`: log-odds for logistic regression, probability otherwise. */
export const CONTRIBUTION_UNIT: Record<ChurnModelKind, 'logOdds' | 'probability'> = {
  logistic: 'logOdds',
  mlp: 'probability',
  tree: 'probability',
};

const evaluators = new WeakMap<readonly MlpLayer[], MlpEvaluator>();

/** One evaluator per trained network (its weights as Float64Arrays, made once). */
export function evaluatorOf(layers: readonly MlpLayer[]): MlpEvaluator {
  let net = evaluators.get(layers);
  if (!net) {
    net = new MlpEvaluator(layers);
    evaluators.set(layers, net);
  }
  return net;
}

/** Each feature's contribution to row i of x (see the file comment for the method per model). */
export function contributions(
  model: TrainedModel,
  x: Float64Array,
  i: number,
  d: number,
): Float64Array {
  const row = x.subarray(i * d, (i + 1) * d);
  const out = new Float64Array(d);
  switch (model.kind) {
    case 'logistic':
      for (let j = 0; j < d; j++) out[j] = model.coef[j] * row[j];
      return out;
    case 'tree':
      return treeContributions(model.tree, row, d);
    case 'mlp': {
      // Occlusion: feature j set to its training mean, everything else as it is.
      const net = evaluatorOf(model.layers);
      const pre = new Float64Array(net.width);
      const moved = new Float64Array(net.width);
      net.firstLayer(x, i, pre);
      const p = sigmoid(net.logit(pre));
      for (let j = 0; j < d; j++) {
        const delta = model.featureMeans[j] - row[j];
        if (delta === 0) continue;
        moved.set(pre);
        net.shift(moved, j, delta);
        out[j] = p - sigmoid(net.logit(moved));
      }
      return out;
    }
  }
}

/** Scores every row of a table with a saved model (its own pipeline prepares the columns). */
export function scoreTable(saved: SavedChurnModel, table: Table): Float64Array {
  const m = transform(saved.pipeline, table);
  return predict(saved.model, m.x, m.n, m.d);
}
