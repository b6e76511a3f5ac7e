/**
 * The network's float64 evaluation and its explanations against brute force: logits of a
 * plain forward pass, occlusion contributions from re-scoring occluded copies, and
 * permutation importance from re-scoring shuffled copies (the same seeded shuffles).
 * The fast paths move only the first layer's pre-activations (MlpEvaluator).
 */
import { describe, expect, it } from 'vitest';
import { permutationImportance } from '../../src/core/churn/explain.ts';
import { contributions, type TrainedModel } from '../../src/core/churn/model.ts';
import { mlpLogits, type MlpLayer } from '../../src/core/churn/mlp.ts';
import { rocAuc } from '../../src/core/churn/metrics.ts';
import type { FeaturePipeline } from '../../src/core/churn/pipeline.ts';
import { createRng, type Rng } from '../../src/core/stats/random.ts';

function randomLayers(rng: Rng, sizes: number[]): MlpLayer[] {
  return sizes.slice(0, -1).map((inputs, l) => {
    const outputs = sizes[l + 1];
    return {
      inputs,
      outputs,
      w: Array.from({ length: inputs * outputs }, () => 2 * rng.next() - 1),
      b: Array.from({ length: outputs }, () => rng.next() - 0.5),
    };
  });
}

/** The textbook forward pass: matrix products with ReLU between layers. */
function naiveLogit(layers: MlpLayer[], row: ArrayLike<number>): number {
  let a = Array.from(row);
  layers.forEach((layer, l) => {
    const next: number[] = [];
    for (let k = 0; k < layer.outputs; k++) {
      let z = layer.b[k];
      for (let j = 0; j < layer.inputs; j++) z += a[j] * layer.w[j * layer.outputs + k];
      next.push(l < layers.length - 1 ? Math.max(0, z) : z);
    }
    a = next;
  });
  return a[0];
}
const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** Rows with some exact zeros (as one-hot features have) and some repeated values. */
function randomX(rng: Rng, n: number, d: number): Float64Array {
  return Float64Array.from({ length: n * d }, (_, k) =>
    k % d === d - 1 ? (rng.next() < 0.3 ? 1 : 0) : Math.round((rng.next() * 4 - 2) * 8) / 8,
  );
}

const D = 5;
// Five features from four columns: column "c3" has a value and a missing indicator.
const PIPELINE = {
  version: 1,
  topK: 10,
  specs: ['c0', 'c1', 'c2', 'c3'].map((column) => ({
    kind: 'numeric',
    column,
    mean: 0,
    std: 1,
    indicator: column === 'c3',
    date: false,
  })),
  features: [
    { name: 'c0', column: 'c0', kind: 'numeric' },
    { name: 'c1', column: 'c1', kind: 'numeric' },
    { name: 'c2', column: 'c2', kind: 'numeric' },
    { name: 'c3', column: 'c3', kind: 'numeric' },
    { name: 'c3 missing', column: 'c3', kind: 'missing' },
  ],
  excluded: [],
} as FeaturePipeline;

describe('the network evaluated in float64', () => {
  for (const hidden of [[6], [7, 4]]) {
    it(`logits equal a plain forward pass (hidden ${hidden.join('×')})`, () => {
      const rng = createRng(11 + hidden.length);
      const layers = randomLayers(rng, [D, ...hidden, 1]);
      const n = 60;
      const x = randomX(rng, n, D);
      const z = mlpLogits(layers, x, n);
      for (let i = 0; i < n; i++) {
        const want = naiveLogit(layers, x.subarray(i * D, (i + 1) * D));
        expect(Math.abs(z[i] - want)).toBeLessThan(1e-12 * (1 + Math.abs(want)));
      }
    });

    it(`occlusion contributions equal re-scoring occluded copies (hidden ${hidden.join('×')})`, () => {
      const rng = createRng(21 + hidden.length);
      const layers = randomLayers(rng, [D, ...hidden, 1]);
      const featureMeans = [0.25, -0.5, 0, 0.125, 0.3];
      const model: TrainedModel = {
        kind: 'mlp',
        layers,
        featureMeans,
        bestEpoch: 1,
        history: [],
      };
      const n = 40;
      const x = randomX(rng, n, D);
      let nonzero = 0;
      for (let i = 0; i < n; i++) {
        const row = Array.from(x.subarray(i * D, (i + 1) * D));
        const p = sigmoid(naiveLogit(layers, row));
        const c = contributions(model, x, i, D);
        for (let j = 0; j < D; j++) {
          const occluded = row.slice();
          occluded[j] = featureMeans[j];
          const want = p - sigmoid(naiveLogit(layers, occluded));
          expect(Math.abs(c[j] - want)).toBeLessThan(1e-12);
          if (want !== 0) nonzero++;
        }
      }
      expect(nonzero).toBeGreaterThan(n * 2);
    });

    it(`permutation importance equals re-scoring shuffled copies (hidden ${hidden.join('×')})`, () => {
      const rng = createRng(31 + hidden.length);
      const layers = randomLayers(rng, [D, ...hidden, 1]);
      const model: TrainedModel = {
        kind: 'mlp',
        layers,
        featureMeans: new Array<number>(D).fill(0),
        bestEpoch: 1,
        history: [],
      };
      const n = 120;
      const x = randomX(rng, n, D);
      const y = Array.from({ length: n }, (_, i) =>
        rng.next() < sigmoid(naiveLogit(layers, x.subarray(i * D, (i + 1) * D))) ? 1 : 0,
      );
      const repeats = 3;
      const got = permutationImportance(model, PIPELINE, x, n, D, y, repeats, createRng(5));

      // Reference: the same seeded shuffles (Fisher–Yates, one per column and repeat, in
      // column order), each scored by a plain forward pass of a shuffled copy.
      const scoreAll = (m: Float64Array) =>
        Array.from({ length: n }, (_, i) =>
          sigmoid(naiveLogit(layers, m.subarray(i * D, (i + 1) * D))),
        );
      const baseline = rocAuc(y, scoreAll(x));
      const shuffleRng = createRng(5);
      const groups: Record<string, number[]> = { c0: [0], c1: [1], c2: [2], c3: [3, 4] };
      const want = Object.entries(groups).map(([column, features]) => {
        const drops: number[] = [];
        for (let r = 0; r < repeats; r++) {
          const order = Array.from({ length: n }, (_, i) => i);
          for (let i = n - 1; i > 0; i--) {
            const k = shuffleRng.int(0, i);
            [order[i], order[k]] = [order[k], order[i]];
          }
          const copy = new Float64Array(x);
          for (let i = 0; i < n; i++)
            for (const j of features) copy[i * D + j] = x[order[i] * D + j];
          drops.push(baseline - rocAuc(y, scoreAll(copy)));
        }
        return { column, drops };
      });
      for (const w of want) {
        const g = got.find((v) => v.column === w.column)!;
        expect(g.drops).toHaveLength(repeats);
        g.drops.forEach((drop, r) => expect(drop).toBeCloseTo(w.drops[r], 12));
      }
      // The shuffles do move the AUC: the check is not vacuous.
      expect(want.some((w) => w.drops.some((v) => Math.abs(v) > 0.01))).toBe(true);
    });
  }
});
