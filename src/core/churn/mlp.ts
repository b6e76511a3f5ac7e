/**
 * The churn network: a small multi-layer perceptron trained on TensorFlow.js
 * (src/engine/mlp.ts; the engine must be initialised first) and evaluated here in plain
 * float64 TypeScript from its stored weights, so a saved model scores without the engine.
 *
 * Early stopping: a stratified `validationShare` of the training rows (default 15 %) is held
 * out; training stops after `patience` epochs without a lower validation loss and keeps
 * the best epoch's weights.
 */
import { trainMlp, type MlpLayer } from '../../engine/mlp.ts';
import { LensError } from '../errors.ts';
import type { Rng } from '../stats/random.ts';
import type { TaskContext } from '../task.ts';
import { stratifiedSplit } from './split.ts';

export type { MlpLayer } from '../../engine/mlp.ts';

export interface MlpOptions {
  /** Units per hidden layer: one or two layers (default [32, 16]). */
  hidden: number[];
  dropout: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  patience: number;
  validationShare: number;
}

export const DEFAULT_MLP_OPTIONS: MlpOptions = {
  hidden: [32, 16],
  dropout: 0.2,
  epochs: 100,
  batchSize: 256,
  learningRate: 0.001,
  patience: 8,
  validationShare: 0.15,
};

export interface MlpFit {
  layers: MlpLayer[];
  history: { epoch: number; loss: number; validationLoss: number }[];
  bestEpoch: number;
}

export function checkMlpOptions(o: MlpOptions): void {
  const bad = (option: string, value: unknown): never => {
    throw new LensError('error.churn.option', { option: `mlp.${option}`, value: String(value) });
  };
  if (
    !Array.isArray(o.hidden) ||
    o.hidden.length < 1 ||
    o.hidden.length > 2 ||
    !o.hidden.every((h) => Number.isInteger(h) && h >= 1 && h <= 1024)
  )
    bad('hidden', o.hidden);
  if (!(o.dropout >= 0 && o.dropout < 1)) bad('dropout', o.dropout);
  if (!Number.isInteger(o.epochs) || o.epochs < 1 || o.epochs > 10_000) bad('epochs', o.epochs);
  if (!Number.isInteger(o.batchSize) || o.batchSize < 1) bad('batchSize', o.batchSize);
  if (!(o.learningRate > 0 && o.learningRate < 1)) bad('learningRate', o.learningRate);
  if (!Number.isInteger(o.patience) || o.patience < 1) bad('patience', o.patience);
  if (!(o.validationShare > 0 && o.validationShare < 0.5))
    bad('validationShare', o.validationShare);
}

function subset(
  x: Float64Array,
  d: number,
  y: ArrayLike<number>,
  weight: Float64Array,
  rows: Int32Array,
) {
  const xs = new Float32Array(rows.length * d);
  const ys = new Float32Array(rows.length);
  const ws = new Float32Array(rows.length);
  rows.forEach((r, i) => {
    for (let j = 0; j < d; j++) xs[i * d + j] = x[r * d + j];
    ys[i] = y[r];
    ws[i] = weight[r];
  });
  return { x: xs, n: rows.length, d, y: ys, weight: ws };
}

export async function fitMlp(
  x: Float64Array,
  n: number,
  d: number,
  y: ArrayLike<number>,
  weight: Float64Array,
  options: MlpOptions,
  rng: Rng,
  ctx: TaskContext & { progressPhase?: string } = {},
): Promise<MlpFit> {
  checkMlpOptions(options);
  if (x.length !== n * d || y.length !== n)
    throw new LensError('error.churn.lengths', { labels: y.length, scores: n });
  const { train, test } = stratifiedSplit(y, options.validationShare, rng);
  const result = await trainMlp(
    subset(x, d, y, weight, train),
    subset(x, d, y, weight, test),
    {
      ...options,
      signal: ctx.signal,
      onEpoch: (epoch) => {
        if (ctx.progressPhase)
          ctx.onProgress?.({ phase: ctx.progressPhase, done: epoch, total: options.epochs });
      },
    },
    rng,
  );
  return result;
}

/** Logit of each row through the network (ReLU hidden layers, no dropout). */
export function mlpLogits(layers: readonly MlpLayer[], x: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  const width = Math.max(...layers.map((l) => l.outputs), layers[0].inputs);
  let a = new Float64Array(width);
  let b = new Float64Array(width);
  for (let i = 0; i < n; i++) {
    const d0 = layers[0].inputs;
    for (let j = 0; j < d0; j++) a[j] = x[i * d0 + j];
    for (let l = 0; l < layers.length; l++) {
      const { w, b: bias, inputs, outputs } = layers[l];
      for (let k = 0; k < outputs; k++) b[k] = bias[k];
      for (let j = 0; j < inputs; j++) {
        const v = a[j];
        if (v === 0) continue;
        const at = j * outputs;
        for (let k = 0; k < outputs; k++) b[k] += v * w[at + k];
      }
      if (l < layers.length - 1) for (let k = 0; k < outputs; k++) if (b[k] < 0) b[k] = 0;
      const t = a;
      a = b;
      b = t;
    }
    out[i] = a[0];
  }
  return out;
}

export function predictMlp(layers: readonly MlpLayer[], x: Float64Array, n: number): Float64Array {
  const z = mlpLogits(layers, x, n);
  for (let i = 0; i < n; i++) z[i] = 1 / (1 + Math.exp(-z[i]));
  return z;
}
