/** PCA to 2-D: against scikit-learn on iris and on a small case where the sign conventions differ. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pca2, symmetricEigen } from '../../src/core/cluster/pca.ts';
import { LensError } from '../../src/core/errors.ts';
import { createRng } from '../../src/core/stats/random.ts';

const IRIS = resolve(process.cwd(), '../shared/data/iris/iris.tsv');

function readIris(): Float64Array {
  const rows = readFileSync(IRIS, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.split('\t').slice(0, 4).map(Number));
  return Float64Array.from(rows.flat());
}

function close(actual: ArrayLike<number>, expected: number[], tol: number): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((v, i) => expect(Math.abs(actual[i] - v), `index ${i}`).toBeLessThan(tol));
}

describe.skipIf(!existsSync(IRIS))('pca2 on iris against scikit-learn', () => {
  // Python (scikit-learn 1.2.1):
  //   X = np.loadtxt('iris.tsv', delimiter='\t')[:, :4]
  //   PCA().fit(X).explained_variance_ratio_, .explained_variance_
  //   p = PCA(2).fit(X); p.components_, p.mean_, p.transform(X)[:5]
  it('explained variance (all 4 components), components, mean and the first 5 projected rows, 1e-9', () => {
    const fit = pca2(readIris(), 150, 4);
    close(
      fit.explainedVarianceRatio,
      [0.9246162071742684, 0.05301556785053502, 0.017185139525006787, 0.005183085450189928],
      1e-9,
    );
    close(
      fit.explainedVariance,
      [4.2248407683201155, 0.24224357162751547, 0.07852390809415459, 0.02368302712600194],
      1e-9,
    );
    close(
      fit.components,
      [
        0.36158967738144954, -0.08226888989221426, 0.856572105290528, 0.35884392624821554,
        0.6565398832858319, 0.7297123713264965, -0.17576740342865438, -0.07470647013503323,
      ],
      1e-9,
    );
    close(
      fit.mean,
      [5.843333333333335, 3.0540000000000007, 3.7586666666666693, 1.1986666666666672],
      1e-12,
    );
    close(
      fit.projected.slice(0, 10),
      [
        -2.684207125103951, 0.3266073147643873, -2.7153906156341336, -0.16955684755602685,
        -2.8898195396179194, -0.13734560960502856, -2.7464371973087376, -0.31112431575199256,
        -2.7285929818313175, 0.333924563568454,
      ],
      1e-9,
    );
    expect(fit.projected.length).toBe(300);
  });
});

describe('pca2 sign conventions', () => {
  // Eight points where scikit-learn 1.2's svd_flip(U, Vt) (largest |score| positive) and
  // svd_flip(U, Vt, u_based_decision=False) (largest |loading| positive, scikit-learn ≥ 1.5)
  // disagree on both components. Python:
  //   X = np.round(np.random.default_rng(2).normal(size=(8, 3)) * [3, 2, 1], 2)
  //   p = PCA(2).fit(X); p.components_, p.transform(X)[:3], p.explained_variance_ratio_
  //   Xc = X - X.mean(0); U, S, Vt = np.linalg.svd(Xc, full_matrices=False)
  //   _, V2 = svd_flip(U, Vt, u_based_decision=False); V2[:2], (Xc @ V2[:2].T)[:3]
  const X = Float64Array.from([
    0.57, -1.05, -0.41, -7.32, 3.6, 1.14, -0.98, 1.55, 0.28, -1.66, 1.96, -0.31, -0.99, -1.58, 0.45,
    -0.3, 1.09, -0.61, 0.38, -1.78, 0.84, 0.56, 0.66, 0.41,
  ]);
  const scores = {
    components: [
      -0.8358199307843318, 0.5421756756902298, 0.08631674225500846, -0.4883986140901638,
      -0.8061132578427037, 0.33413800933900084,
    ],
    rows: [
      -2.4196010407585367, 0.21004693430508325, 6.829926055584673, 0.8329992649833543,
      0.3451351609077314, -0.898274457802282,
    ],
  };

  it("'scores' (default) as scikit-learn 1.2's PCA", () => {
    const fit = pca2(X, 8, 3);
    close(fit.components, scores.components, 1e-9);
    close(fit.projected.slice(0, 6), scores.rows, 1e-9);
    close(fit.explainedVarianceRatio.slice(0, 2), [0.8569522963471187, 0.12554808983445195], 1e-9);
  });

  it("'loadings' as svd_flip(u_based_decision=False)", () => {
    const fit = pca2(X, 8, 3, { sign: 'loadings' });
    close(
      fit.components,
      scores.components.map((v) => -v),
      1e-9,
    );
    close(
      fit.projected.slice(0, 6),
      scores.rows.map((v) => -v),
      1e-9,
    );
  });
});

describe('pca2 against the definition on random data', () => {
  it('components are orthonormal eigenvectors of the covariance; projections have their variance', () => {
    const rng = createRng(3);
    const n = 500;
    const d = 6;
    const points = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const z = [rng.normal(0, 3), rng.normal(0, 1), rng.normal(0, 0.3)];
      for (let j = 0; j < d; j++)
        points[i * d + j] = z[j % 3] * (j + 1) + rng.normal(0, 0.5) + 10 * j;
    }
    const fit = pca2(points, n, d);
    // Plain covariance.
    const mean = new Array<number>(d).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += points[i * d + j] / n;
    const cov = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (let i = 0; i < n; i++)
      for (let j = 0; j < d; j++)
        for (let k = 0; k < d; k++)
          cov[j][k] += ((points[i * d + j] - mean[j]) * (points[i * d + k] - mean[k])) / (n - 1);
    const trace = cov.reduce((s, row, j) => s + row[j], 0);
    for (let c = 0; c < 2; c++) {
      const v = Array.from(fit.components.slice(c * d, c * d + d));
      const lambda = fit.explainedVariance[c];
      expect(v.reduce((s, x) => s + x * x, 0)).toBeCloseTo(1, 12);
      for (let j = 0; j < d; j++) {
        const cv = cov[j].reduce((s, x, k) => s + x * v[k], 0);
        expect(Math.abs(cv - lambda * v[j])).toBeLessThan(1e-9 * lambda);
      }
      let ss = 0;
      for (let i = 0; i < n; i++) ss += fit.projected[i * 2 + c] ** 2;
      expect(ss / (n - 1)).toBeCloseTo(lambda, 9);
      expect(fit.explainedVarianceRatio[c]).toBeCloseTo(lambda / trace, 12);
    }
    const dot = Array.from({ length: d }, (_, j) => fit.components[j] * fit.components[d + j]);
    expect(Math.abs(dot.reduce((s, x) => s + x, 0))).toBeLessThan(1e-12);
    expect(fit.explainedVarianceRatio.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
    for (let c = 1; c < d; c++) {
      expect(fit.explainedVarianceRatio[c]).toBeLessThanOrEqual(fit.explainedVarianceRatio[c - 1]);
    }
  });

  it('symmetricEigen reconstructs a matrix with repeated and negative eigenvalues', () => {
    // A = Q diag(5, 2, 2, −1) Qᵀ for a rotation Q.
    const d = 4;
    const rng = createRng(8);
    const m = Array.from({ length: d * d }, () => rng.normal(0, 1));
    // Gram–Schmidt to an orthonormal Q (columns).
    const q = new Float64Array(d * d);
    for (let c = 0; c < d; c++) {
      const v = Array.from({ length: d }, (_, j) => m[j * d + c]);
      for (let p = 0; p < c; p++) {
        const dot = v.reduce((s, x, j) => s + x * q[j * d + p], 0);
        for (let j = 0; j < d; j++) v[j] -= dot * q[j * d + p];
      }
      const norm = Math.hypot(...v);
      for (let j = 0; j < d; j++) q[j * d + c] = v[j] / norm;
    }
    const lambda = [5, 2, 2, -1];
    const a = new Float64Array(d * d);
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++)
        for (let c = 0; c < d; c++) a[i * d + j] += q[i * d + c] * lambda[c] * q[j * d + c];
    const { values, vectors } = symmetricEigen(a, d);
    close(values, lambda, 1e-12);
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let c = 0; c < d; c++) s += vectors[i * d + c] * values[c] * vectors[j * d + c];
        expect(Math.abs(s - a[i * d + j])).toBeLessThan(1e-12);
      }
  });
});

describe('pca2 edge cases and checks', () => {
  it('one feature: the second component is 0', () => {
    const fit = pca2(Float64Array.from([1, 2, 4]), 3, 1);
    expect(Array.from(fit.components)).toEqual([1, 0]);
    expect(fit.explainedVarianceRatio).toEqual([1]);
    close(fit.projected, [-4 / 3, 0, -1 / 3, 0, 5 / 3, 0], 1e-12);
  });

  it('constant data and a single row: all ratios 0, projections 0', () => {
    const fit = pca2(Float64Array.from([2, 3, 2, 3, 2, 3]), 3, 2);
    expect(fit.explainedVarianceRatio).toEqual([0, 0]);
    expect(Array.from(fit.projected)).toEqual([0, 0, 0, 0, 0, 0]);
    const one = pca2(Float64Array.from([1, 2, 3]), 1, 3);
    expect(one.explainedVarianceRatio).toEqual([0, 0, 0]);
  });

  it('rejects bad input with LensErrors', () => {
    const code = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        return e instanceof LensError ? e.code : 'other';
      }
      return 'none';
    };
    expect(code(() => pca2(new Float64Array(0), 0, 2))).toBe('error.cluster.noPoints');
    expect(code(() => pca2(new Float64Array(2), 2, 0))).toBe('error.cluster.noFeatures');
    expect(code(() => pca2(new Float64Array(5), 2, 2))).toBe('error.cluster.shape');
    expect(code(() => pca2(Float64Array.from([1, NaN]), 1, 2))).toBe('error.cluster.notFinite');
    expect(code(() => pca2(new Float64Array(4), 2, 2, { sign: 'u' as 'scores' }))).toBe(
      'error.cluster.pcaSign',
    );
  });
});
