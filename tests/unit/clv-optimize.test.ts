/**
 * The optimiser on problems with known answers: Rosenbrock (the classic curved valley),
 * a quadratic with a known Hessian, a function that is NaN on part of its domain and a
 * non-smooth one (where BFGS's line search fails and Nelder–Mead must take over).
 */
import { describe, expect, it } from 'vitest';
import { isCancelled } from '../../src/core/errors.ts';
import { invertSymmetric, minimize, numericalHessian } from '../../src/core/stats/optimize.ts';

const rosenbrock = (x: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < x.length - 1; i++) s += 100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2;
  return s;
};

// f(x) = ½ (x − c)ᵀ A (x − c) + 7: minimum 7 at c, Hessian A.
const A = new Float64Array([4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 2]);
const C = [1, -2, 3];
const quadratic = (x: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) s += 0.5 * (x[i] - C[i]) * A[i * 3 + j] * (x[j] - C[j]);
  return s + 7;
};

describe('minimize', () => {
  it('finds the minimum of the 2-d Rosenbrock function from (−1.2, 1)', () => {
    const r = minimize(rosenbrock, [-1.2, 1]);
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.x[1]).toBeCloseTo(1, 6);
    expect(r.value).toBeLessThan(1e-12);
    expect(r.iterations).toBeGreaterThan(5);
  });

  it('finds the minimum of the 4-d Rosenbrock function', () => {
    const r = minimize(rosenbrock, [-1.2, 1, -1.2, 1]);
    expect(r.converged).toBe(true);
    for (const v of r.x) expect(v).toBeCloseTo(1, 5);
  });

  it('solves a quadratic exactly, with central differences or an analytic gradient', () => {
    const numeric = minimize(quadratic, [10, 10, 10], { tolerance: 1e-10 });
    const gradient = (x: Float64Array, out: Float64Array): number => {
      for (let i = 0; i < 3; i++) {
        let g = 0;
        for (let j = 0; j < 3; j++) g += A[i * 3 + j] * (x[j] - C[j]);
        out[i] = g;
      }
      return quadratic(x);
    };
    const analytic = minimize(quadratic, [10, 10, 10], { gradient, tolerance: 1e-10 });
    for (const r of [numeric, analytic]) {
      expect(r.converged).toBe(true);
      expect(r.value).toBeCloseTo(7, 12);
      r.x.forEach((v, i) => expect(v).toBeCloseTo(C[i], 7));
    }
  });

  it('never steps into a region where f is NaN', () => {
    // f = x − ln x + (y − 3)², NaN for x ≤ 0; minimum 1 at (1, 3).
    const f = (v: Float64Array): number =>
      v[0] <= 0 ? NaN : v[0] - Math.log(v[0]) + (v[1] - 3) ** 2;
    const r = minimize(f, [5, 0]);
    expect(r.converged).toBe(true);
    expect(r.value).toBeCloseTo(1, 12);
    expect(r.x[0]).toBeCloseTo(1, 5);
    expect(r.x[1]).toBeCloseTo(3, 6);
  });

  it('falls back to Nelder–Mead on a non-smooth function', () => {
    const f = (v: Float64Array): number => Math.abs(v[0] - 1) + 2 * Math.abs(v[1] + 2);
    const r = minimize(f, [5, 0]);
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.x[1]).toBeCloseTo(-2, 6);
    expect(r.value).toBeLessThan(1e-6);
  });

  it('stops at maxIter and says it did not converge', () => {
    const r = minimize(rosenbrock, [-1.2, 1], { maxIter: 3 });
    expect(r.iterations).toBe(3);
    expect(r.converged).toBe(false);
  });

  it('checks the cancel signal between iterations', () => {
    const signal = { aborted: false };
    let calls = 0;
    const f = (x: Float64Array): number => {
      if (++calls > 40) signal.aborted = true;
      return rosenbrock(x);
    };
    let error: unknown;
    try {
      minimize(f, [-1.2, 1], { signal });
    } catch (err) {
      error = err;
    }
    expect(isCancelled(error)).toBe(true);
  });
});

describe('numericalHessian and invertSymmetric', () => {
  it('recovers the Hessian of a quadratic', () => {
    const H = numericalHessian(quadratic, new Float64Array([0.3, 2, -1]));
    // Rounding error ~ ε·|f| / h² ≈ 1e-6 with h = ε^¼: five decimals is what the method gives.
    for (let i = 0; i < 9; i++) expect(H[i]).toBeCloseTo(A[i], 5);
    expect(H[1]).toBe(H[3]);
  });

  it('recovers the Hessian of Rosenbrock at (1, 1) and with large coordinates', () => {
    // ∇²f(1, 1) = [[802, −400], [−400, 200]].
    const H = numericalHessian(rosenbrock, new Float64Array([1, 1]));
    expect(H[0]).toBeCloseTo(802, 3);
    expect(H[1]).toBeCloseTo(-400, 3);
    expect(H[3]).toBeCloseTo(200, 3);
    // f = (x / 1000)² + x·y/10⁶: ∂² = 2e-6, 1e-6; relative steps keep this accurate.
    const g = (v: Float64Array): number => (v[0] / 1000) ** 2 + (v[0] * v[1]) / 1e6;
    const G = numericalHessian(g, new Float64Array([5000, 3000]));
    expect(G[0] / 2e-6).toBeCloseTo(1, 6);
    expect(G[1] / 1e-6).toBeCloseTo(1, 6);
  });

  it('inverts a symmetric positive definite matrix', () => {
    const inv = invertSymmetric(A, 3)!;
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += A[i * 3 + k] * inv[k * 3 + j];
        expect(s).toBeCloseTo(i === j ? 1 : 0, 13);
      }
    }
  });

  it('returns null for an indefinite or singular matrix', () => {
    expect(invertSymmetric(new Float64Array([1, 2, 2, 1]), 2)).toBeNull();
    expect(invertSymmetric(new Float64Array([1, 1, 1, 1]), 2)).toBeNull();
    expect(invertSymmetric(new Float64Array([NaN, 0, 0, 1]), 2)).toBeNull();
  });
});
