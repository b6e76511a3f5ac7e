/** Brute-force references for the engine's distance kernels (tests only). */

/** Seeded LCG, so every run checks the same numbers. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Squared Euclidean distances of n points (row-major, d wide) to k centroids, n×k. */
export function bruteForceSquaredDistances(
  points: ArrayLike<number>,
  n: number,
  d: number,
  centroids: ArrayLike<number>,
  k: number,
): Float64Array {
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const diff = points[i * d + j] - centroids[c * d + j];
        s += diff * diff;
      }
      out[i * k + c] = s;
    }
  }
  return out;
}

/** Largest relative error (absolute where the expected value is 0). */
export function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const err = e === 0 ? Math.abs(actual[i]) : Math.abs(actual[i] - e) / Math.abs(e);
    worst = Math.max(worst, err);
  }
  return worst;
}
