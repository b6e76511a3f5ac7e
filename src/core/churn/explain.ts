/**
 * Why a model ranks customers as it does.
 *
 * Global: permutation importance (Breiman 2001; scikit-learn's `permutation_importance`)
 * with ROC AUC as the score: for each source column, the rows of all its features are
 * shuffled together (one shuffle per repeat, seeded) and the importance is the baseline
 * AUC minus the shuffled AUC; reported as the mean and the population standard deviation
 * over the repeats.
 *
 * Local: each customer's features with the largest |contribution| (model.ts says how each
 * model's contribution is defined), with the table value behind each feature, ready to be
 * put into words ("tenure 2 (−)", "Contract = Month-to-month (+)").
 */
import { throwIfCancelled } from '../errors.ts';
import type { Rng } from '../stats/random.ts';
import type { Table } from '../table/index.ts';
import type { TaskContext } from '../task.ts';
import { rocAuc } from './metrics.ts';
import { contributions, evaluatorOf, predict, type TrainedModel } from './model.ts';
import { sigmoid } from './mlp.ts';
import {
  featureGroups,
  rawValue,
  type FeatureInfo,
  type FeatureKind,
  type FeaturePipeline,
} from './pipeline.ts';

export interface Importance {
  column: string;
  mean: number;
  std: number;
  /** AUC drop of each repeat. */
  drops: number[];
}

export function permutationImportance(
  model: TrainedModel,
  pipeline: FeaturePipeline,
  x: Float64Array,
  n: number,
  d: number,
  y: ArrayLike<number>,
  repeats: number,
  rng: Rng,
  ctx: TaskContext = {},
): Importance[] {
  const baseline = rocAuc(y, predict(model, x, n, d));
  const { columns, group } = featureGroups(pipeline);
  const order = new Int32Array(n);
  const scoreShuffled = shuffledScorer(model, x, n, d);
  const out: Importance[] = [];
  columns.forEach((column, g) => {
    throwIfCancelled(ctx.signal);
    const features: number[] = [];
    for (let j = 0; j < d; j++) if (group[j] === g) features.push(j);
    const drops: number[] = [];
    for (let r = 0; r < repeats; r++) {
      for (let i = 0; i < n; i++) order[i] = i;
      for (let i = n - 1; i > 0; i--) {
        const k = rng.int(0, i);
        const t = order[i];
        order[i] = order[k];
        order[k] = t;
      }
      drops.push(baseline - rocAuc(y, scoreShuffled(features, order)));
    }
    ctx.onProgress?.({ phase: IMPORTANCE_PHASE, done: g + 1, total: columns.length });
    const mean = drops.reduce((a, b) => a + b, 0) / repeats;
    const std = Math.sqrt(drops.reduce((a, b) => a + (b - mean) ** 2, 0) / repeats);
    out.push({ column, mean, std, drops });
  });
  return out.sort((a, b) => b.mean - a.mean || (a.column < b.column ? -1 : 1));
}

const IMPORTANCE_PHASE = 'progress.churn.importance';
const REASONS_PHASE = 'progress.churn.reasons';

/**
 * Scores of x with the given features' values taken from row order[i] for row i. The
 * network moves its first layer's pre-activations by the shuffled features only (see
 * MlpEvaluator); other models score a shuffled copy.
 */
function shuffledScorer(
  model: TrainedModel,
  x: Float64Array,
  n: number,
  d: number,
): (features: readonly number[], order: Int32Array) => Float64Array {
  if (model.kind === 'mlp') {
    const net = evaluatorOf(model.layers);
    const h = net.width;
    const pre = new Float64Array(n * h);
    for (let i = 0; i < n; i++) net.firstLayer(x, i, pre.subarray(i * h, (i + 1) * h));
    const moved = new Float64Array(h);
    return (features, order) => {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        moved.set(pre.subarray(i * h, (i + 1) * h));
        for (const j of features) {
          const delta = x[order[i] * d + j] - x[i * d + j];
          if (delta !== 0) net.shift(moved, j, delta);
        }
        out[i] = sigmoid(net.logit(moved));
      }
      return out;
    };
  }
  const shuffled = new Float64Array(x);
  return (features, order) => {
    for (let i = 0; i < n; i++) for (const j of features) shuffled[i * d + j] = x[order[i] * d + j];
    const scores = predict(model, shuffled, n, d);
    for (let i = 0; i < n; i++) for (const j of features) shuffled[i * d + j] = x[i * d + j];
    return scores;
  };
}

export interface Reason {
  /** Feature name, e.g. "tenure" or "Contract = Month-to-month". */
  feature: string;
  column: string;
  kind: FeatureKind;
  /** The table's value for the customer (null when missing). */
  value: number | string | null;
  /** Whether the 0/1 feature is set (binary, level, other, missing features). */
  active: boolean;
  /** Signed contribution (log-odds for logistic regression, probability otherwise). */
  contribution: number;
}

/**
 * The `top` reasons of each row of x (x row i = table row rows[i]), by |contribution|;
 * features contributing exactly 0 are left out.
 */
export function topReasons(
  model: TrainedModel,
  pipeline: FeaturePipeline,
  x: Float64Array,
  n: number,
  d: number,
  table: Table,
  rows: ArrayLike<number>,
  top: number,
  ctx: TaskContext = {},
): Reason[][] {
  const out: Reason[][] = [];
  const features = pipeline.features;
  for (let i = 0; i < n; i++) {
    if ((i & 1023) === 0) {
      throwIfCancelled(ctx.signal);
      ctx.onProgress?.({ phase: REASONS_PHASE, done: i, total: n });
    }
    const c = contributions(model, x, i, d);
    const picked = Array.from({ length: d }, (_, j) => j)
      .filter((j) => c[j] !== 0)
      .sort((a, b) => Math.abs(c[b]) - Math.abs(c[a]) || a - b)
      .slice(0, top);
    out.push(
      picked.map((j) => ({
        feature: features[j].name,
        column: features[j].column,
        kind: features[j].kind,
        value: rawValue(table, features[j].column, rows[i]),
        active: features[j].kind === 'numeric' ? true : x[i * d + j] >= 0.5,
        contribution: c[j],
      })),
    );
  }
  return out;
}

/**
 * A reason as a catalogue message: numbers "tenure 2 (−)", set flags and levels
 * "Contract = Month-to-month (+)", unset ones "not Contract = Two year (+)", missing
 * values "TotalCharges missing (+)".
 */
export function describeReason(reason: Reason): {
  key: 'churn.reason.value' | 'churn.reason.is' | 'churn.reason.isNot';
  params: { feature: string; value: string; sign: string };
} {
  const sign = reason.contribution > 0 ? '+' : '−';
  const value =
    reason.value === null
      ? ''
      : typeof reason.value === 'number'
        ? String(Math.round(reason.value * 100) / 100)
        : reason.value;
  if (reason.kind === 'numeric')
    return { key: 'churn.reason.value', params: { feature: reason.feature, value, sign } };
  return {
    key: reason.active ? 'churn.reason.is' : 'churn.reason.isNot',
    params: { feature: reason.feature, value, sign },
  };
}

/**
 * A feature's name as a catalogue message, for a page that words "other" and "missing" in
 * the user's language (FeatureInfo.name is the English form, used in the CLI and exports).
 */
export function featureLabel(info: FeatureInfo): {
  key:
    | 'churn.feature.column'
    | 'churn.feature.level'
    | 'churn.feature.other'
    | 'churn.feature.missing';
  params: { column: string; level: string };
} {
  const params = { column: info.column, level: info.level ?? '' };
  if (info.kind === 'missing') return { key: 'churn.feature.missing', params };
  if (info.kind === 'other') return { key: 'churn.feature.other', params };
  if (info.level !== undefined) return { key: 'churn.feature.level', params };
  return { key: 'churn.feature.column', params };
}
