/**
 * Maximum likelihood on log-parameters, as BG/NBD, Pareto/NBD and Gamma-Gamma are fitted:
 * lifetimes' objective −LL / customers + penalty · Σ θ² minimised over ln θ by BFGS with the
 * analytic gradient (optimize.ts `minimize`).
 *
 * Standard errors: the Hessian of customers × objective (−LL plus the penalty scaled alike)
 * at the optimum, on the log-parameters, by central differences of the analytic gradient;
 * inverted; then the delta method, SE(θ) = θ · SE(ln θ). NaN when the Hessian is not
 * positive definite (e.g. a parameter running off to 0 or ∞). At the optimum the gradient
 * vanishes, so this equals inverting the Hessian on the natural parameters.
 */
import { LensError } from '../errors.ts';
import { hessianFromGradient, invertSymmetric, minimize } from '../stats/optimize.ts';
import type { CancelSignal } from '../task.ts';

/** Throws LensError('error.clv.penalty') unless the penalty is a number ≥ 0. */
export function checkPenalty(penalty: number): void {
  if (!(Number.isFinite(penalty) && penalty >= 0)) {
    throw new LensError('error.clv.penalty', { penalty });
  }
}

/**
 * The log-likelihood at natural parameters θ; when `grad` is given, also writes
 * ∂LL/∂ln θ into it, in the order of the parameter names.
 */
export type LogLikelihood<N extends string> = (
  params: Record<N, number>,
  grad: Float64Array | null,
) => number;

export interface LogScaleFit<N extends string> {
  params: Record<N, number>;
  stderr: Record<N, number>;
  iterations: number;
  converged: boolean;
}

export interface LogScaleOptions {
  /** Customers the log-likelihood sums over (the objective is per customer). */
  customers: number;
  penalty: number;
  /** Starting ln θ. */
  start: number[];
  maxIter?: number;
  tolerance?: number;
  signal?: CancelSignal;
}

export function fitOnLogScale<N extends string>(
  names: readonly N[],
  logLikelihood: LogLikelihood<N>,
  options: LogScaleOptions,
): LogScaleFit<N> {
  const { customers: n, penalty } = options;
  const d = names.length;
  const fromLog = (v: ArrayLike<number>): Record<N, number> => {
    const params = {} as Record<N, number>;
    names.forEach((name, k) => (params[name] = Math.exp(v[k])));
    return params;
  };
  const squares = (p: Record<N, number>): number => {
    let sum = 0;
    for (const name of names) sum += p[name] * p[name];
    return sum;
  };
  const objective = (v: Float64Array): number => {
    const p = fromLog(v);
    return -logLikelihood(p, null) / n + penalty * squares(p);
  };
  const gradient = (v: Float64Array, out: Float64Array): number => {
    const p = fromLog(v);
    const ll = logLikelihood(p, out);
    names.forEach((name, k) => {
      // d(penalty·θ²)/d ln θ = 2·penalty·θ².
      out[k] = -out[k] / n + 2 * penalty * p[name] * p[name];
    });
    return -ll / n + penalty * squares(p);
  };
  const result = minimize(objective, options.start, {
    maxIter: options.maxIter ?? 500,
    gradient,
    ...(options.tolerance !== undefined ? { tolerance: options.tolerance } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const params = fromLog(result.x);
  const hessian = hessianFromGradient((v, out) => {
    gradient(v, out);
    for (let k = 0; k < d; k++) out[k] *= n;
  }, result.x);
  const cov = invertSymmetric(hessian, d);
  const stderr = {} as Record<N, number>;
  names.forEach((name, k) => {
    stderr[name] = cov ? params[name] * Math.sqrt(cov[k * d + k]) : NaN;
  });
  return { params, stderr, iterations: result.iterations, converged: result.converged };
}
