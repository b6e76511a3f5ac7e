/**
 * Principal component analysis to two dimensions, for the cluster map — the numbers of
 * scikit-learn's `PCA(n_components=2)` (no whitening).
 *
 * Method: centre the columns, form the d×d sample covariance matrix XᵀX / (n − 1) and
 * diagonalise it with the cyclic Jacobi method (d is small: a handful of features). The
 * eigenvalues are scikit-learn's `explained_variance_`; divided by their sum (the total
 * variance, the trace) they give `explained_variance_ratio_` for all d components. The
 * projection is (x − mean) · component for the first two.
 *
 * Signs — an eigenvector's sign is arbitrary; scikit-learn fixes it with `svd_flip`:
 * - `'scores'` (default; scikit-learn 1.2, the version the tests compare with, which calls
 *   `svd_flip(U, Vt)` with `u_based_decision=True`): in each component, the row with the
 *   largest absolute projected value (the first such row on ties) is made positive.
 * - `'loadings'` (scikit-learn ≥ 1.5, `u_based_decision=False`): the largest absolute
 *   loading of each component (the first such feature on ties) is made positive. It does
 *   not depend on which rows are present, so it is steadier across samples.
 *
 * d = 1: the second component and the second projected coordinate are 0. Zero total
 * variance (constant data or one row): every ratio is 0.
 */
import { LensError } from '../errors.ts';

export interface Pca {
  /** 2×d, row-major: component c is components[c*d .. c*d+d). */
  components: Float64Array;
  /** Length d, descending: each component's share of the total variance. */
  explainedVarianceRatio: number[];
  /** Length d: each component's variance (scikit-learn's `explained_variance_`). */
  explainedVariance: number[];
  mean: Float64Array;
  /** n×2, row-major. */
  projected: Float64Array;
}

export interface PcaOptions {
  sign?: 'scores' | 'loadings';
}

function checkPoints(points: Float64Array, n: number, d: number): void {
  if (!Number.isInteger(d) || d < 1)
    throw new LensError('error.cluster.noFeatures', { d: String(d) });
  if (!Number.isInteger(n) || n < 1)
    throw new LensError('error.cluster.noPoints', { n: String(n) });
  if (!(points instanceof Float64Array) || points.length !== n * d)
    throw new LensError('error.cluster.shape', {
      length: (points as ArrayLike<number> | undefined)?.length ?? 0,
      n,
      d,
    });
  for (let i = 0; i < points.length; i++) {
    if (!Number.isFinite(points[i]))
      throw new LensError('error.cluster.notFinite', {
        row: Math.floor(i / d) + 1,
        column: (i % d) + 1,
      });
  }
}

/**
 * Eigen-decomposition of a symmetric d×d matrix (row-major, not modified) by cyclic
 * Jacobi rotations. Returns the eigenvalues descending and the eigenvectors as the
 * columns of a d×d row-major matrix (vectors[j*d + c] = entry j of vector c).
 */
export function symmetricEigen(
  matrix: Float64Array,
  d: number,
): { values: number[]; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < d; i++) {
      diag += a[i * d + i] * a[i * d + i];
      for (let j = i + 1; j < d; j++) off += a[i * d + j] * a[i * d + j];
    }
    if (off === 0 || off <= 1e-32 * diag) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q];
        if (apq === 0) continue;
        const app = a[p * d + p];
        const aqq = a[q * d + q];
        // Rotation that zeroes a[p][q] (Golub & Van Loan, Algorithm 8.4.1 / Numerical Recipes).
        const theta = (aqq - app) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p];
          const akq = a[k * d + q];
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k];
          const aqk = a[q * d + k];
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        a[p * d + q] = 0;
        a[q * d + p] = 0;
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p];
          const vkq = v[k * d + q];
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: d }, (_, i) => i).sort(
    (x, y) => a[y * d + y] - a[x * d + x] || x - y,
  );
  const vectors = new Float64Array(d * d);
  order.forEach((src, c) => {
    for (let j = 0; j < d; j++) vectors[j * d + c] = v[j * d + src];
  });
  return { values: order.map((i) => a[i * d + i]), vectors };
}

/** Projects the rows onto their first two principal components (see the module comment). */
export function pca2(points: Float64Array, n: number, d: number, options: PcaOptions = {}): Pca {
  const sign = options.sign ?? 'scores';
  if (sign !== 'scores' && sign !== 'loadings')
    throw new LensError('error.cluster.pcaSign', { sign: String(sign) });
  checkPoints(points, n, d);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += points[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  const cov = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = points[i * d + j] - mean[j];
    for (let j = 0; j < d; j++) {
      const rj = row[j];
      for (let k = j; k < d; k++) cov[j * d + k] += rj * row[k];
    }
  }
  const dof = n > 1 ? n - 1 : 1;
  for (let j = 0; j < d; j++) {
    for (let k = j; k < d; k++) {
      cov[j * d + k] /= dof;
      cov[k * d + j] = cov[j * d + k];
    }
  }
  const { values, vectors } = symmetricEigen(cov, d);
  // Rounding can leave tiny negative eigenvalues of a singular matrix.
  const variance = values.map((x) => (x > 0 ? x : 0));
  let total = 0;
  for (let j = 0; j < d; j++) total += cov[j * d + j];
  const ratio = variance.map((x) => (total > 0 ? x / total : 0));

  const shown = Math.min(2, d);
  const components = new Float64Array(2 * d);
  for (let c = 0; c < shown; c++)
    for (let j = 0; j < d; j++) components[c * d + j] = vectors[j * d + c];
  const projected = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < shown; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (points[i * d + j] - mean[j]) * components[c * d + j];
      projected[i * 2 + c] = s;
    }
  }
  for (let c = 0; c < shown; c++) {
    let pivot = 0;
    if (sign === 'scores') {
      let best = -1;
      for (let i = 0; i < n; i++) {
        const v = Math.abs(projected[i * 2 + c]);
        if (v > best) {
          best = v;
          pivot = projected[i * 2 + c];
        }
      }
    } else {
      let best = -1;
      for (let j = 0; j < d; j++) {
        const v = Math.abs(components[c * d + j]);
        if (v > best) {
          best = v;
          pivot = components[c * d + j];
        }
      }
    }
    if (pivot < 0) {
      for (let j = 0; j < d; j++) components[c * d + j] = -components[c * d + j];
      for (let i = 0; i < n; i++) projected[i * 2 + c] = -projected[i * 2 + c];
    }
  }
  return {
    components,
    explainedVarianceRatio: ratio,
    explainedVariance: variance,
    mean,
    projected,
  };
}
