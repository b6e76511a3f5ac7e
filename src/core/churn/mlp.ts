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

/**
 * A trained network evaluated in float64 from its stored weights, row by row, through the
 * first layer's pre-activations (before its ReLU). That layer is linear in the inputs, so
 * changing input j by δ moves the pre-activations by δ·W₁[j, ·]: occlusion (one feature
 * at a time) and permutation importance (one column's features) then cost that row of W₁
 * and the layers after it instead of the whole network — exact up to rounding.
 */
export class MlpEvaluator {
  readonly inputs: number;
  /** Units of the first layer (the length of a pre-activation vector). */
  readonly width: number;
  private readonly w: Float64Array[];
  private readonly b: Float64Array[];
  private readonly sizes: number[];
  private a: Float64Array;
  private c: Float64Array;

  constructor(layers: readonly MlpLayer[]) {
    this.w = layers.map((l) => Float64Array.from(l.w));
    this.b = layers.map((l) => Float64Array.from(l.b));
    this.sizes = [layers[0].inputs, ...layers.map((l) => l.outputs)];
    this.inputs = layers[0].inputs;
    this.width = layers[0].outputs;
    const widest = Math.max(...this.sizes);
    this.a = new Float64Array(widest);
    this.c = new Float64Array(widest);
  }

  /** The first layer's pre-activations of x's row `row` (d = inputs), written to `out`. */
  firstLayer(x: Float64Array, row: number, out: Float64Array): void {
    const { inputs, width } = this;
    const w = this.w[0];
    out.set(this.b[0]);
    const at = row * inputs;
    for (let j = 0; j < inputs; j++) {
      const v = x[at + j];
      if (v === 0) continue; // one-hot and indicator features are mostly 0
      const wj = j * width;
      for (let k = 0; k < width; k++) out[k] += v * w[wj + k];
    }
  }

  /** Moves pre-activations as input j changing by `delta` does. */
  shift(pre: Float64Array, j: number, delta: number): void {
    const { width } = this;
    const w = this.w[0];
    const wj = j * width;
    for (let k = 0; k < width; k++) pre[k] += delta * w[wj + k];
  }

  /** The output logit from the first layer's pre-activations (not modified). */
  logit(pre: Float64Array): number {
    const layers = this.w.length;
    let a = this.a;
    let c = this.c;
    const width = this.width;
    if (layers === 1) return pre[0];
    for (let k = 0; k < width; k++) a[k] = pre[k] > 0 ? pre[k] : 0;
    for (let l = 1; l < layers; l++) {
      const inputs = this.sizes[l];
      const outputs = this.sizes[l + 1];
      const w = this.w[l];
      c.set(this.b[l]);
      for (let j = 0; j < inputs; j++) {
        const v = a[j];
        if (v === 0) continue;
        const at = j * outputs;
        for (let k = 0; k < outputs; k++) c[k] += v * w[at + k];
      }
      if (l < layers - 1) for (let k = 0; k < outputs; k++) if (c[k] < 0) c[k] = 0;
      const t = a;
      a = c;
      c = t;
    }
    return a[0];
  }
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** Logit of each row through the network (ReLU hidden layers, no dropout). */
export function mlpLogits(layers: readonly MlpLayer[], x: Float64Array, n: number): Float64Array {
  const net = new MlpEvaluator(layers);
  const pre = new Float64Array(net.width);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    net.firstLayer(x, i, pre);
    out[i] = net.logit(pre);
  }
  return out;
}

export function predictMlp(layers: readonly MlpLayer[], x: Float64Array, n: number): Float64Array {
  const z = mlpLogits(layers, x, n);
  for (let i = 0; i < n; i++) z[i] = sigmoid(z[i]);
  return z;
}
