/**
 * Tensor kernels used by the core's models. Each takes and returns plain typed arrays
 * so that callers never hold tensors (no leaks across await points, nothing to dispose).
 * Only ops that the wasm backend implements are used (it has no UnsortedSegmentSum and
 * does not fall back to cpu for missing kernels).
 */
import * as tf from '@tensorflow/tfjs-core';
import { assertEngineReady } from './state.ts';

/** Elements of the largest intermediate tensor (rows × k × d) per batch: 4M float32 = 16 MB. */
const MAX_BATCH_ELEMENTS = 1 << 22;

/**
 * Squared Euclidean distances between n points and k centroids, both row-major with d
 * columns. Returns an n×k row-major Float32Array: `out[i * k + c] = ‖points_i − centroid_c‖²`.
 *
 * Computed as a broadcast difference (not ‖x‖² − 2x·c + ‖c‖², which cancels
 * catastrophically in float32 when points are far from the origin), after shifting
 * everything by the centroids' mean in float64, so that inputs with a large common
 * offset (e.g. dates in epoch ms, amounts around 10⁴) keep float32 precision.
 * Distances are translation invariant, so the shift does not change the result.
 */
export function squaredDistances(
  points: Float32Array | Float64Array,
  n: number,
  d: number,
  centroids: Float32Array | Float64Array,
  k: number,
): Float32Array {
  assertEngineReady();
  return squaredDistancesUnchecked(points, n, d, centroids, k);
}

/** `squaredDistances` without the engine-ready check, for the engine's own benchmark. */
export function squaredDistancesUnchecked(
  points: Float32Array | Float64Array,
  n: number,
  d: number,
  centroids: Float32Array | Float64Array,
  k: number,
): Float32Array {
  for (const [name, v] of [
    ['n', n],
    ['d', d],
    ['k', k],
  ] as const) {
    if (!Number.isInteger(v) || v < 0)
      throw new RangeError(`squaredDistances: ${name} must be a non-negative integer`);
  }
  if (points.length !== n * d)
    throw new RangeError(
      `squaredDistances: points has ${points.length} values, expected n×d = ${n * d}`,
    );
  if (centroids.length !== k * d)
    throw new RangeError(
      `squaredDistances: centroids has ${centroids.length} values, expected k×d = ${k * d}`,
    );

  const out = new Float32Array(n * k);
  if (n === 0 || k === 0 || d === 0) return out;

  const shift = new Float64Array(d);
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) shift[j] += centroids[c * d + j];
  for (let j = 0; j < d; j++) shift[j] /= k;

  const shiftedCentroids = new Float32Array(k * d);
  for (let c = 0; c < k; c++)
    for (let j = 0; j < d; j++) shiftedCentroids[c * d + j] = centroids[c * d + j] - shift[j];

  const batchRows = Math.max(1, Math.floor(MAX_BATCH_ELEMENTS / (k * d)));
  const centroidTensor = tf.tensor3d(shiftedCentroids, [1, k, d], 'float32');
  try {
    for (let start = 0; start < n; start += batchRows) {
      const rows = Math.min(batchRows, n - start);
      // A fresh array per batch: some backends keep a reference to a tensor's source array.
      const view = new Float32Array(rows * d);
      const base = start * d;
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < d; j++) view[i * d + j] = points[base + i * d + j] - shift[j];
      }
      const result = tf.tidy(() => {
        const p = tf.tensor3d(view, [rows, 1, d], 'float32');
        return tf.sum(tf.square(tf.sub(p, centroidTensor)), 2);
      });
      try {
        out.set(result.dataSync() as Float32Array, start * k);
      } finally {
        result.dispose();
      }
    }
  } finally {
    centroidTensor.dispose();
  }
  return out;
}
