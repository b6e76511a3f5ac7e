/**
 * Training kernel of a small feed-forward network for binary classification on
 * TensorFlow.js (tfjs-core ops only, all implemented by the wasm backend): ReLU hidden
 * layers with dropout, one sigmoid output, class-weighted binary cross-entropy, Adam,
 * mini-batches, early stopping on a validation set (the weights of the best epoch are
 * kept). Takes and returns plain arrays; nothing tensor-shaped escapes.
 *
 * Gradients are written out (backpropagation through the dense layers by hand) and given to
 * the optimiser with `applyGradients`, instead of taping with `optimizer.minimize`: tfjs-core
 * registers its gradient functions only through `dist/register_all_gradients`, an ES module
 * that Node cannot load from the package (directory imports), so the tape would fail in the
 * CLI and the tests. The hand-written gradients are also fewer kernels per step.
 *
 * Determinism: the initial weights (Glorot uniform), the batch order of every epoch and
 * the dropout seeds all come from the caller's seeded Rng; tf.dropout draws from its own
 * seeded generator, so the same seed gives the same network on the same backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { CancelledError } from '../core/errors.ts';
import type { Rng } from '../core/stats/random.ts';
import { assertEngineReady } from './state.ts';

export interface MlpLayer {
  /** Row-major (inputs × outputs). */
  w: number[];
  b: number[];
  inputs: number;
  outputs: number;
}

export interface MlpTrainData {
  x: Float32Array;
  n: number;
  d: number;
  /** 0/1 per row. */
  y: Float32Array;
  /** Loss weight per row (class weights). */
  weight: Float32Array;
}

export interface MlpTrainOptions {
  hidden: number[];
  dropout: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Epochs without a better validation loss before stopping. */
  patience: number;
  /** Called after every epoch; may return a promise (the worker yields to its message loop). */
  onEpoch?: (epoch: number, loss: number, validationLoss: number) => void | Promise<void>;
  signal?: { readonly aborted: boolean };
}

export interface MlpTrainResult {
  layers: MlpLayer[];
  /** Per epoch: mean weighted training loss and validation loss. */
  history: { epoch: number; loss: number; validationLoss: number }[];
  bestEpoch: number;
}

function glorot(rng: Rng, inputs: number, outputs: number): Float32Array {
  const limit = Math.sqrt(6 / (inputs + outputs));
  const w = new Float32Array(inputs * outputs);
  for (let i = 0; i < w.length; i++) w[i] = (2 * rng.next() - 1) * limit;
  return w;
}

/** Weighted mean of the binary cross-entropy from logits: softplus(z) − y·z, stably. */
function weightedLoss(logits: tf.Tensor, y: tf.Tensor, weight: tf.Tensor): tf.Scalar {
  const z = tf.reshape(logits, [-1]);
  const softplus = tf.add(tf.relu(z), tf.log(tf.add(1, tf.exp(tf.neg(tf.abs(z))))));
  const perRow = tf.sub(softplus, tf.mul(y, z));
  return tf.div(tf.sum(tf.mul(perRow, weight)), tf.sum(weight)) as tf.Scalar;
}

export async function trainMlp(
  train: MlpTrainData,
  validation: MlpTrainData,
  options: MlpTrainOptions,
  rng: Rng,
): Promise<MlpTrainResult> {
  assertEngineReady();
  const sizes = [train.d, ...options.hidden, 1];
  const variables: { w: tf.Variable; b: tf.Variable }[] = [];
  for (let l = 0; l < sizes.length - 1; l++) {
    variables.push({
      w: tf.variable(tf.tensor2d(glorot(rng, sizes[l], sizes[l + 1]), [sizes[l], sizes[l + 1]])),
      b: tf.variable(tf.zeros([sizes[l + 1]])),
    });
  }
  const optimizer = tf.train.adam(options.learningRate);
  const xs = tf.tensor2d(train.x, [train.n, train.d]);
  const ys = tf.tensor1d(train.y);
  const ws = tf.tensor1d(train.weight);
  const xv = tf.tensor2d(validation.x, [validation.n, validation.d]);
  const yv = tf.tensor1d(validation.y);
  const wv = tf.tensor1d(validation.weight);

  const layerCount = variables.length;
  const keep = 1 - options.dropout;
  /** Logits of x without dropout (validation). */
  const logitsOf = (x: tf.Tensor): tf.Tensor => {
    let h = x;
    variables.forEach(({ w, b }, l) => {
      h = tf.add(tf.matMul(h, w), b);
      if (l < layerCount - 1) h = tf.relu(h);
    });
    return h;
  };
  /** Loss and gradients of one batch, with inverted dropout after each hidden layer. */
  const batchGradients = (
    xb: tf.Tensor,
    yb: tf.Tensor,
    wb: tf.Tensor,
    seed: number,
  ): { loss: tf.Scalar; weight: tf.Scalar; grads: Record<string, tf.Tensor> } => {
    const inputs: tf.Tensor[] = [];
    const gates: tf.Tensor[] = []; // per hidden layer: relu'(pre) × dropout mask / keep
    let h = xb;
    for (let l = 0; l < layerCount; l++) {
      inputs.push(h);
      const pre = tf.add(tf.matMul(h, variables[l].w), variables[l].b);
      if (l === layerCount - 1) {
        h = pre;
        break;
      }
      let gate = tf.step(pre);
      if (options.dropout > 0) {
        const mask = tf.cast(
          tf.greaterEqual(tf.randomUniform(pre.shape, 0, 1, 'float32', seed + l), options.dropout),
          'float32',
        );
        gate = tf.mul(gate, tf.div(mask, keep));
      }
      gates.push(gate);
      h = tf.mul(pre, gate);
    }
    const weight = tf.sum(wb);
    const loss = weightedLoss(h, yb, wb);
    // d loss / d logits = w (σ(z) − y) / Σw
    let delta = tf.reshape(
      tf.div(tf.mul(tf.sub(tf.sigmoid(tf.reshape(h, [-1])), yb), wb), weight),
      [-1, 1],
    );
    const grads: Record<string, tf.Tensor> = {};
    for (let l = layerCount - 1; l >= 0; l--) {
      grads[variables[l].w.name] = tf.matMul(tf.transpose(inputs[l]), delta);
      grads[variables[l].b.name] = tf.sum(delta, 0);
      if (l > 0) delta = tf.mul(tf.matMul(delta, tf.transpose(variables[l].w)), gates[l - 1]);
    }
    return { loss, weight: weight as tf.Scalar, grads };
  };
  const snapshot = (): MlpLayer[] =>
    variables.map(({ w, b }, l) => ({
      w: Array.from(w.dataSync()),
      b: Array.from(b.dataSync()),
      inputs: sizes[l],
      outputs: sizes[l + 1],
    }));

  const history: MlpTrainResult['history'] = [];
  let best = snapshot();
  let bestLoss = Infinity;
  let bestEpoch = 0;
  let sinceBest = 0;
  const order = new Int32Array(train.n);
  try {
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      if (options.signal?.aborted) throw new CancelledError();
      for (let i = 0; i < train.n; i++) order[i] = i;
      for (let i = train.n - 1; i > 0; i--) {
        const j = rng.int(0, i);
        const t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      let lossSum = 0;
      let weightSum = 0;
      for (let start = 0; start < train.n; start += options.batchSize) {
        const rows = order.slice(start, Math.min(train.n, start + options.batchSize));
        const seed = rng.int(0, 2 ** 31 - 1);
        const step = tf.tidy(() => {
          const idx = tf.tensor1d(rows, 'int32');
          const r = batchGradients(
            tf.gather(xs, idx),
            tf.gather(ys, idx),
            tf.gather(ws, idx),
            seed,
          );
          return { stats: tf.stack([r.loss, r.weight]), ...r.grads };
        });
        const { stats, ...grads } = step;
        optimizer.applyGradients(
          Object.entries(grads).map(([name, tensor]) => ({ name, tensor: tensor as tf.Tensor })),
        );
        const [l, bw] = (stats as tf.Tensor).dataSync();
        tf.dispose(step);
        lossSum += l * bw;
        weightSum += bw;
      }
      const validationLoss = tf.tidy(() => weightedLoss(logitsOf(xv), yv, wv).dataSync()[0]);
      const loss = lossSum / weightSum;
      history.push({ epoch, loss, validationLoss });
      if (validationLoss < bestLoss - 1e-6) {
        bestLoss = validationLoss;
        bestEpoch = epoch;
        best = snapshot();
        sinceBest = 0;
      } else if (++sinceBest >= options.patience) {
        await options.onEpoch?.(epoch, loss, validationLoss);
        break;
      }
      await options.onEpoch?.(epoch, loss, validationLoss);
    }
  } finally {
    for (const { w, b } of variables) {
      w.dispose();
      b.dispose();
    }
    optimizer.dispose();
    for (const t of [xs, ys, ws, xv, yv, wv]) t.dispose();
  }
  return { layers: best, history, bestEpoch };
}
