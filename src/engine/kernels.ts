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

/** Rows per float32 chunk of `PointTensors`: 65,536 (fewer for very wide points, ≤ 4M floats a chunk). */
const POINT_CHUNK_ROWS = 1 << 16;

/**
 * Points held on the backend as float32 tensors for the many passes of one clustering
 * (k-means++, every Lloyd iteration, the final labelling), so that they cross into the
 * backend once, not once per pass. Row-major, in chunks of up to 65,536 rows.
 *
 * Before the float32 conversion every point is shifted by `offset` in float64 (k-means
 * passes the column means), so data with a large common offset keeps its precision;
 * distances do not depend on the shift.
 *
 * Each stored row is augmented to [x, ‖x‖², 1] (x shifted), so that one plain matMul
 * gives either the scores x·c − ½‖c‖² (argmax = nearest centroid) or the squared
 * distances ‖x‖² − 2 x·c + ‖c‖² directly; on the wasm backend the matMul (XNNPACK) is
 * 5–10× faster than the broadcast difference of `squaredDistances`. In float32 the
 * expansion leaves an absolute error of about 1e-7 × (‖x‖² + ‖c‖²) around the offset —
 * immaterial for choosing the nearest centroid or for k-means++ sampling weights; exact
 * float64 distances are the caller's job where they are reported (k-means computes its
 * inertia in float64 from the labels).
 *
 * Holds tensors: call `dispose()` (in a `finally`) when done.
 */
export interface PointTensors {
  readonly n: number;
  readonly d: number;
  /** The float64 shift subtracted from every point before the float32 conversion. */
  readonly offset: Float64Array;
  /**
   * Index of the nearest of k centroids (k×d row-major, original units) for every point;
   * ties go to the lowest index. Written into `labels` (length n) when given. When
   * `distances` (length n) is given it receives the squared distance to that centroid.
   */
  nearest(
    centroids: ArrayLike<number>,
    k: number,
    labels?: Int32Array,
    distances?: Float32Array,
  ): Int32Array;
  /**
   * Squared distances of every point to m reference points (m×d, original units): n×m
   * row-major. A point on a reference may come out a hair below 0 (float32 rounding).
   */
  distancesTo(refs: ArrayLike<number>, m: number, out?: Float32Array): Float32Array;
  dispose(): void;
}

/** Uploads n×d points (row-major) as float32 tensors shifted by `offset` (default: column means). */
export function uploadPoints(
  points: Float32Array | Float64Array,
  n: number,
  d: number,
  offset?: Float64Array,
): PointTensors {
  assertEngineReady();
  checkShape('uploadPoints', points, n, d);
  const shift = offset ? Float64Array.from(offset) : columnMeans(points, n, d);
  if (shift.length !== d)
    throw new RangeError(`uploadPoints: offset has ${shift.length} values, expected d = ${d}`);
  const width = d + 2;
  const chunkRows = Math.max(1, Math.min(POINT_CHUNK_ROWS, Math.floor(MAX_BATCH_ELEMENTS / width)));
  const chunks: { start: number; rows: number; tensor: tf.Tensor2D }[] = [];
  /** ‖x‖² as stored (float32), for the distances of `nearest`. */
  const norms = new Float32Array(n);
  try {
    for (let start = 0; start < n; start += chunkRows) {
      const rows = Math.min(chunkRows, n - start);
      // A fresh array per chunk: some backends keep a reference to a tensor's source array.
      const values = new Float32Array(rows * width);
      for (let i = 0, src = start * d, dst = 0; i < rows; i++, dst += width) {
        let s = 0;
        for (let j = 0; j < d; j++, src++) {
          const v = Math.fround(points[src] - shift[j]);
          values[dst + j] = v;
          s += v * v;
        }
        values[dst + d] = s;
        values[dst + d + 1] = 1;
        norms[start + i] = s;
      }
      chunks.push({ start, rows, tensor: tf.tensor2d(values, [rows, width], 'float32') });
    }
  } catch (err) {
    for (const c of chunks) c.tensor.dispose();
    throw err;
  }
  let disposed = false;

  /**
   * The (d+2)×m right-hand side for m reference rows: scores [c; 0; −½‖c‖²] or
   * distances [−2c; 1; ‖c‖²] (c shifted).
   */
  function weights(refs: ArrayLike<number>, m: number, kind: 'scores' | 'distances'): tf.Tensor2D {
    if (disposed) throw new Error('PointTensors used after dispose()');
    if (!Number.isInteger(m) || m < 1)
      throw new RangeError('PointTensors: need at least one centroid');
    if (refs.length !== m * d)
      throw new RangeError(`PointTensors: got ${refs.length} centroid values, expected ${m}×${d}`);
    const w = new Float32Array(width * m);
    for (let c = 0; c < m; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const v = Math.fround(refs[c * d + j] - shift[j]);
        w[j * m + c] = kind === 'scores' ? v : -2 * v;
        s += v * v;
      }
      w[d * m + c] = kind === 'scores' ? 0 : 1;
      w[(d + 1) * m + c] = kind === 'scores' ? -0.5 * s : s;
    }
    return tf.tensor2d(w, [width, m], 'float32');
  }

  /**
   * Runs `fn` over the stored rows in parts whose rows × `columns` result stays within
   * MAX_BATCH_ELEMENTS (a whole chunk unless k is in the hundreds; else row slices of it).
   */
  function forEachPart(
    columns: number,
    fn: (part: tf.Tensor2D, start: number, rows: number) => void,
  ): void {
    const partRows = Math.max(1, Math.floor(MAX_BATCH_ELEMENTS / columns));
    for (const chunk of chunks) {
      if (chunk.rows <= partRows) {
        fn(chunk.tensor, chunk.start, chunk.rows);
        continue;
      }
      for (let from = 0; from < chunk.rows; from += partRows) {
        const rows = Math.min(partRows, chunk.rows - from);
        const part = tf.slice(chunk.tensor, [from, 0], [rows, width]);
        try {
          fn(part, chunk.start + from, rows);
        } finally {
          part.dispose();
        }
      }
    }
  }

  return {
    n,
    d,
    offset: shift,
    nearest(centroids, k, labels = new Int32Array(n), distances) {
      if (labels.length !== n)
        throw new RangeError('PointTensors.nearest: labels must have n entries');
      if (distances && distances.length !== n)
        throw new RangeError('PointTensors.nearest: distances must have n entries');
      const w = weights(centroids, k, 'scores');
      try {
        forEachPart(k, (part, start, rows) => {
          const outs = tf.tidy(() => {
            const scores = tf.matMul(part, w);
            return distances ? [tf.argMax(scores, 1), tf.max(scores, 1)] : [tf.argMax(scores, 1)];
          });
          try {
            labels.set(outs[0].dataSync() as Int32Array, start);
            if (distances) {
              // ‖x − c‖² = ‖x‖² − 2 (x·c − ½‖c‖²); ‖x‖² is the stored column d.
              const best = outs[1].dataSync() as Float32Array;
              for (let i = 0; i < rows; i++) {
                const dist = norms[start + i] - 2 * best[i];
                distances[start + i] = dist > 0 ? dist : 0;
              }
            }
          } finally {
            for (const t of outs) t.dispose();
          }
        });
      } finally {
        w.dispose();
      }
      return labels;
    },
    distancesTo(refs, m, out = new Float32Array(n * m)) {
      if (out.length !== n * m)
        throw new RangeError('PointTensors.distancesTo: out must have n×m entries');
      const w = weights(refs, m, 'distances');
      try {
        forEachPart(m, (part, start) => {
          const dist = tf.matMul(part, w);
          try {
            out.set(dist.dataSync() as Float32Array, start * m);
          } finally {
            dist.dispose();
          }
        });
      } finally {
        w.dispose();
      }
      return out;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const c of chunks) c.tensor.dispose();
    },
  };
}

/**
 * The fused assignment kernel for a one-off set of points (e.g. a mini-batch): for each of
 * n points the index of the nearest of k centroids (ties → lowest index) and its squared
 * distance (float32 precision, see `PointTensors`). `offset` as in `uploadPoints`
 * (default: the centroids' mean).
 */
export function nearestCentroids(
  points: Float32Array | Float64Array,
  n: number,
  d: number,
  centroids: Float32Array | Float64Array,
  k: number,
  offset?: Float64Array,
): { labels: Int32Array; distances: Float32Array } {
  assertEngineReady();
  checkShape('nearestCentroids', points, n, d);
  const labels = new Int32Array(n);
  const distances = new Float32Array(n);
  if (n === 0) return { labels, distances };
  const resident = uploadPoints(points, n, d, offset ?? columnMeans(centroids, k, d));
  try {
    resident.nearest(centroids, k, labels, distances);
  } finally {
    resident.dispose();
  }
  return { labels, distances };
}

function checkShape(name: string, points: ArrayLike<number>, n: number, d: number): void {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`${name}: n must be a non-negative integer`);
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`${name}: d must be a positive integer`);
  if (points.length !== n * d)
    throw new RangeError(`${name}: points has ${points.length} values, expected n×d = ${n * d}`);
}

function columnMeans(points: ArrayLike<number>, n: number, d: number): Float64Array {
  const mean = new Float64Array(d);
  if (n === 0) return mean;
  for (let j = 0; j < d; j++) {
    let s = 0;
    for (let a = j; a < n * d; a += d) s += points[a];
    mean[j] = s / n;
  }
  return mean;
}
