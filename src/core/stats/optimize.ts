/**
 * Unconstrained minimisation for maximum-likelihood fits (the buy-till-you-die models fit
 * their parameters on the log scale, so "unconstrained" is all they need), a numerical
 * Hessian for standard errors, and the inverse of a symmetric positive definite matrix.
 *
 * minimize: BFGS (Nocedal & Wright, "Numerical Optimization", 2nd ed., Algorithm 6.1) with
 * central-difference gradients unless an analytic gradient is given, and a backtracking
 * line search on the Armijo condition. When the line search cannot make progress even
 * along the steepest descent (typically a gradient swamped by rounding, or a likelihood
 * that is +Infinity/NaN next to the current point), it switches to Nelder–Mead
 * (adaptive coefficients of Gao & Han 2012), which needs no gradient, then polishes with
 * BFGS again.
 */
import { throwIfCancelled } from '../errors.ts';
import type { CancelSignal } from '../task.ts';

export interface MinimizeOptions {
  /** BFGS iterations at most (Nelder–Mead steps count too); default 500. */
  maxIter?: number;
  /**
   * Convergence tolerance on the gradient: converged when max|∂f/∂x_i| ≤ tolerance ·
   * max(1, |f|), or, where rounding noise in f and its gradient makes that unreachable, when
   * the gradient is below √tolerance · max(1, |f|) and the quasi-Newton model predicts a
   * decrease below 1e-5 · tolerance · max(1, |f|) (or no step can decrease f any more). Default 1e-8.
   */
  tolerance?: number;
  signal?: CancelSignal;
  /**
   * Optional analytic gradient: writes ∂f/∂x into `out` and returns f(x). Saves the 2d
   * function evaluations per iteration that central differences cost.
   */
  gradient?: (x: Float64Array, out: Float64Array) => number;
}

export interface MinimizeResult {
  x: Float64Array;
  value: number;
  iterations: number;
  converged: boolean;
}

/** Machine epsilon^(1/3): the step that balances truncation and rounding in a central difference. */
const CBRT_EPS = Math.cbrt(Number.EPSILON);
/** Machine epsilon^(1/4): the same balance for second differences. */
const QRT_EPS = Math.pow(Number.EPSILON, 0.25);

/** NaN and −Infinity are treated as +Infinity: a minimiser must never accept them. */
function safe(value: number): number {
  return Number.isNaN(value) || value === -Infinity ? Infinity : value;
}

/** A step h with x + h exactly representable, so that (x + h) − x = h (N&W §8.1). */
function stepFor(xi: number, rel: number): number {
  const h = rel * Math.max(Math.abs(xi), 1);
  return xi + h - xi;
}

/** Central-difference gradient; one-sided where one side is not finite. Returns f(x). */
function numericGradient(
  f: (x: Float64Array) => number,
  x: Float64Array,
  fx: number,
  out: Float64Array,
): void {
  const d = x.length;
  const probe = Float64Array.from(x);
  for (let i = 0; i < d; i++) {
    const h = stepFor(x[i], CBRT_EPS);
    probe[i] = x[i] + h;
    const fp = safe(f(probe));
    probe[i] = x[i] - h;
    const fm = safe(f(probe));
    probe[i] = x[i];
    if (Number.isFinite(fp) && Number.isFinite(fm)) out[i] = (fp - fm) / (2 * h);
    else if (Number.isFinite(fp)) out[i] = (fp - fx) / h;
    else if (Number.isFinite(fm)) out[i] = (fx - fm) / h;
    else out[i] = NaN;
  }
}

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]);
    if (Number.isNaN(a)) return NaN;
    if (a > m) m = a;
  }
  return m;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

interface Evaluator {
  /** f(x) and, into g, its gradient. */
  valueAndGradient(x: Float64Array, g: Float64Array): number;
  value(x: Float64Array): number;
  /**
   * True when the gradient costs little more than the value (an analytic gradient): the
   * line search then takes it at every trial point and saves re-evaluating the accepted one.
   */
  cheapGradient: boolean;
}

function evaluator(
  f: (x: Float64Array) => number,
  gradient: MinimizeOptions['gradient'],
): Evaluator {
  if (gradient) {
    return {
      value: (x) => safe(f(x)),
      valueAndGradient: (x, g) => safe(gradient(x, g)),
      cheapGradient: true,
    };
  }
  return {
    value: (x) => safe(f(x)),
    valueAndGradient: (x, g) => {
      const fx = safe(f(x));
      if (Number.isFinite(fx)) numericGradient(f, x, fx, g);
      else g.fill(NaN);
      return fx;
    },
    cheapGradient: false,
  };
}

interface BfgsState {
  x: Float64Array;
  value: number;
  iterations: number;
  converged: boolean;
  /** True when the line search failed and Nelder–Mead should take over. */
  stuck: boolean;
}

/** Armijo sufficient-decrease constant (N&W §3.1). */
const C1 = 1e-4;
/** At most this many halvings of the step before the line search gives up. */
const MAX_BACKTRACK = 60;
/** Largest move of one coordinate in one step, so a first step on a flat start cannot fly off. */
const MAX_STEP = 10;
/**
 * Relative Newton decrement, per unit of `tolerance`, below which a further step cannot
 * improve f measurably: 1e-13 · max(1, |f|) at the default tolerance 1e-8.
 */
const DECREMENT_PER_TOL = 1e-5;

function bfgs(
  ev: Evaluator,
  x0: Float64Array,
  maxIter: number,
  tol: number,
  signal: CancelSignal | undefined,
  iterationsSoFar: number,
): BfgsState {
  const d = x0.length;
  const x = Float64Array.from(x0);
  const g = new Float64Array(d);
  let fx = ev.valueAndGradient(x, g);
  let iterations = iterationsSoFar;
  if (!Number.isFinite(fx) || !Number.isFinite(maxAbs(g)))
    return { x, value: fx, iterations, converged: false, stuck: true };

  // Inverse Hessian approximation, row-major; identity until the first update rescales it.
  const H = new Float64Array(d * d);
  const resetH = (): void => {
    H.fill(0);
    for (let i = 0; i < d; i++) H[i * d + i] = 1;
  };
  resetH();
  let firstUpdate = true;
  const p = new Float64Array(d);
  const xNew = new Float64Array(d);
  const gNew = new Float64Array(d);
  const s = new Float64Array(d);
  const y = new Float64Array(d);
  const Hy = new Float64Array(d);
  let stalls = 0;

  while (iterations < maxIter) {
    throwIfCancelled(signal);
    const scale = Math.max(1, Math.abs(fx));
    const gNorm = maxAbs(g);
    if (gNorm <= tol * scale) return { x, value: fx, iterations, converged: true, stuck: false };

    // Search direction p = −H g; fall back to steepest descent when it is not downhill.
    let accepted = false;
    for (let attempt = 0; attempt < 2 && !accepted; attempt++) {
      if (attempt === 1) {
        resetH();
        firstUpdate = true;
      }
      for (let i = 0; i < d; i++) {
        let v = 0;
        for (let j = 0; j < d; j++) v -= H[i * d + j] * g[j];
        p[i] = v;
      }
      let slope = dot(p, g);
      if (!(slope < 0)) {
        if (attempt === 0) continue;
        for (let i = 0; i < d; i++) p[i] = -g[i];
        slope = dot(p, g);
      }
      // Newton decrement: −gᵀHg estimates twice the decrease still to be had. Once the
      // quasi-Newton model has been updated and predicts less than rounding can resolve in
      // f, stop: with a million-term likelihood the gradient's own rounding noise (~1e-7)
      // keeps it above `tol` for ever, and further line searches only burn evaluations.
      if (
        attempt === 0 &&
        !firstUpdate &&
        -slope <= DECREMENT_PER_TOL * tol * scale &&
        gNorm <= Math.sqrt(tol) * scale
      )
        return { x, value: fx, iterations, converged: true, stuck: false };
      const pMax = maxAbs(p);
      const xMax = maxAbs(x);
      let step = pMax > MAX_STEP ? MAX_STEP / pMax : 1;
      let fNew = NaN;
      for (let k = 0; k < MAX_BACKTRACK; k++) {
        // A step too small to move x is no step: give up instead of halving on.
        if (step * pMax <= Number.EPSILON * (1 + xMax)) break;
        for (let i = 0; i < d; i++) xNew[i] = x[i] + step * p[i];
        fNew = ev.cheapGradient ? ev.valueAndGradient(xNew, gNew) : ev.value(xNew);
        if (fNew <= fx + C1 * step * slope) {
          accepted = true;
          break;
        }
        step *= 0.5;
      }
      if (accepted) {
        if (!ev.cheapGradient) fNew = ev.valueAndGradient(xNew, gNew);
        if (!Number.isFinite(fNew) || !Number.isFinite(maxAbs(gNew))) {
          accepted = false;
          continue;
        }
        for (let i = 0; i < d; i++) {
          s[i] = xNew[i] - x[i];
          y[i] = gNew[i] - g[i];
        }
        const decrease = fx - fNew;
        x.set(xNew);
        g.set(gNew);
        fx = fNew;
        // BFGS update of the inverse Hessian (N&W eq. 6.17), skipped when the curvature
        // condition s·y > 0 fails (possible with a backtracking rather than Wolfe search).
        const sy = dot(s, y);
        if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
          if (firstUpdate) {
            // N&W eq. 6.20: scale the initial identity before the first update.
            const gamma = sy / dot(y, y);
            for (let i = 0; i < d * d; i++) H[i] *= gamma;
            firstUpdate = false;
          }
          for (let i = 0; i < d; i++) {
            let v = 0;
            for (let j = 0; j < d; j++) v += H[i * d + j] * y[j];
            Hy[i] = v;
          }
          const yHy = dot(y, Hy);
          const rho = 1 / sy;
          const c = (1 + rho * yHy) * rho;
          for (let i = 0; i < d; i++) {
            for (let j = 0; j < d; j++) {
              H[i * d + j] += c * s[i] * s[j] - rho * (Hy[i] * s[j] + s[i] * Hy[j]);
            }
          }
        }
        // A step that changed nothing measurable, three times running, means rounding
        // noise has taken over; accept the point if the gradient is small on a looser scale.
        const tiny = decrease <= 1e-15 * Math.max(1, Math.abs(fx)) && maxAbs(s) <= 1e-12;
        stalls = tiny ? stalls + 1 : 0;
      }
    }
    iterations++;
    if (!accepted) {
      // No decrease along the steepest descent either: at the noise floor when the gradient
      // is small on the looser scale (converged), else hand over to Nelder–Mead.
      const converged = gNorm <= Math.sqrt(tol) * scale;
      return { x, value: fx, iterations, converged, stuck: !converged };
    }
    if (stalls >= 3) {
      const converged = maxAbs(g) <= Math.sqrt(tol) * Math.max(1, Math.abs(fx));
      return { x, value: fx, iterations, converged, stuck: !converged };
    }
  }
  const converged = maxAbs(g) <= tol * Math.max(1, Math.abs(fx));
  return { x, value: fx, iterations, converged, stuck: false };
}

/**
 * Nelder–Mead with the adaptive coefficients of Gao & Han (2012), "Implementing the
 * Nelder-Mead simplex algorithm with adaptive parameters", Comput. Optim. Appl. 51.
 */
function nelderMead(
  ev: Evaluator,
  x0: Float64Array,
  maxIter: number,
  tol: number,
  signal: CancelSignal | undefined,
): { x: Float64Array; value: number; iterations: number; converged: boolean } {
  const d = x0.length;
  const alpha = 1;
  const beta = 1 + 2 / d;
  const gamma = 0.75 - 1 / (2 * d);
  const delta = 1 - 1 / d;
  const pts: Float64Array[] = [];
  const vals: number[] = [];
  pts.push(Float64Array.from(x0));
  vals.push(ev.value(pts[0]));
  for (let i = 0; i < d; i++) {
    const v = Float64Array.from(x0);
    v[i] += x0[i] !== 0 ? 0.1 * Math.max(Math.abs(x0[i]), 1) : 0.1;
    pts.push(v);
    vals.push(ev.value(v));
  }
  const order = (): void => {
    const idx = pts.map((_, i) => i).sort((a, b) => vals[a] - vals[b]);
    const p2 = idx.map((i) => pts[i]);
    const v2 = idx.map((i) => vals[i]);
    for (let i = 0; i <= d; i++) {
      pts[i] = p2[i];
      vals[i] = v2[i];
    }
  };
  const centroid = new Float64Array(d);
  const trial = (coef: number): Float64Array => {
    const out = new Float64Array(d);
    for (let j = 0; j < d; j++) out[j] = centroid[j] + coef * (pts[d][j] - centroid[j]);
    return out;
  };
  let iterations = 0;
  let converged = false;
  while (iterations < maxIter) {
    throwIfCancelled(signal);
    order();
    const fBest = vals[0];
    const fWorst = vals[d];
    let size = 0;
    for (let i = 1; i <= d; i++)
      for (let j = 0; j < d; j++)
        size = Math.max(size, Math.abs(pts[i][j] - pts[0][j]) / Math.max(1, Math.abs(pts[0][j])));
    if (
      Number.isFinite(fWorst) &&
      fWorst - fBest <= tol * Math.max(1, Math.abs(fBest)) &&
      size <= 1e-8
    ) {
      converged = true;
      break;
    }
    iterations++;
    centroid.fill(0);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) centroid[j] += pts[i][j] / d;
    const xr = trial(-alpha);
    const fr = ev.value(xr);
    if (fr < vals[0]) {
      const xe = trial(-alpha * beta);
      const fe = ev.value(xe);
      if (fe < fr) {
        pts[d] = xe;
        vals[d] = fe;
      } else {
        pts[d] = xr;
        vals[d] = fr;
      }
    } else if (fr < vals[d - 1]) {
      pts[d] = xr;
      vals[d] = fr;
    } else {
      const outside = fr < vals[d];
      const xc = trial(outside ? -alpha * gamma : gamma);
      const fc = ev.value(xc);
      if (fc <= (outside ? fr : vals[d])) {
        pts[d] = xc;
        vals[d] = fc;
      } else {
        for (let i = 1; i <= d; i++) {
          for (let j = 0; j < d; j++) pts[i][j] = pts[0][j] + delta * (pts[i][j] - pts[0][j]);
          vals[i] = ev.value(pts[i]);
        }
      }
    }
  }
  order();
  return { x: pts[0], value: vals[0], iterations, converged };
}

/**
 * Minimises f from x0. Returns the best point found, its value, the iterations used and
 * whether the convergence test passed. Checks `signal` between iterations and throws
 * CancelledError when it is set.
 */
export function minimize(
  f: (x: Float64Array) => number,
  x0: ArrayLike<number>,
  options: MinimizeOptions = {},
): MinimizeResult {
  const maxIter = options.maxIter ?? 500;
  const tol = options.tolerance ?? 1e-8;
  const ev = evaluator(f, options.gradient);
  let state = bfgs(ev, Float64Array.from(x0), maxIter, tol, options.signal, 0);
  // Up to two rescue rounds: Nelder–Mead from where BFGS got stuck, then BFGS again to
  // polish (Nelder–Mead alone converges slowly to high accuracy).
  for (let round = 0; round < 2 && state.stuck && state.iterations < maxIter; round++) {
    const nm = nelderMead(ev, state.x, maxIter - state.iterations, tol, options.signal);
    const iterations = state.iterations + nm.iterations;
    if (!(nm.value <= state.value) && Number.isFinite(state.value)) {
      state = { ...state, iterations, stuck: false };
      break;
    }
    const polished = bfgs(ev, nm.x, maxIter, tol, options.signal, iterations);
    state =
      polished.value <= nm.value
        ? polished
        : { x: nm.x, value: nm.value, iterations, converged: nm.converged, stuck: false };
  }
  return {
    x: state.x,
    value: state.value,
    iterations: state.iterations,
    converged: state.converged,
  };
}

/**
 * The Hessian of f at x (d × d, row-major) by central differences with a relative step
 * h_i = ε^{1/4} · max(|x_i|, 1) (the step that balances truncation and rounding error for a
 * second difference): diagonal (f(x+h) − 2f(x) + f(x−h)) / h², off-diagonal the four-point
 * formula (f(++) − f(+−) − f(−+) + f(−−)) / (4 h_i h_j). Symmetric by construction.
 */
export function numericalHessian(f: (x: Float64Array) => number, x: Float64Array): Float64Array {
  const d = x.length;
  const out = new Float64Array(d * d);
  const h = new Float64Array(d);
  for (let i = 0; i < d; i++) h[i] = stepFor(x[i], QRT_EPS);
  const p = Float64Array.from(x);
  const f0 = f(p);
  for (let i = 0; i < d; i++) {
    p[i] = x[i] + h[i];
    const fp = f(p);
    p[i] = x[i] - h[i];
    const fm = f(p);
    p[i] = x[i];
    out[i * d + i] = (fp - 2 * f0 + fm) / (h[i] * h[i]);
    for (let j = 0; j < i; j++) {
      p[i] = x[i] + h[i];
      p[j] = x[j] + h[j];
      const fpp = f(p);
      p[j] = x[j] - h[j];
      const fpm = f(p);
      p[i] = x[i] - h[i];
      const fmm = f(p);
      p[j] = x[j] + h[j];
      const fmp = f(p);
      p[i] = x[i];
      p[j] = x[j];
      const v = (fpp - fpm - fmp + fmm) / (4 * h[i] * h[j]);
      out[i * d + j] = v;
      out[j * d + i] = v;
    }
  }
  return out;
}

/**
 * Inverse of a symmetric positive definite d × d matrix (row-major) through its Cholesky
 * factor; null when the matrix is not positive definite (or has non-finite entries), which
 * for a Hessian of −LL means the optimum is not a proper maximum and SEs do not exist.
 */
export function invertSymmetric(m: Float64Array, d: number): Float64Array | null {
  // Cholesky: m = L Lᵀ, L lower triangular.
  const L = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0.5 * (m[i * d + j] + m[j * d + i]);
      for (let k = 0; k < j; k++) s -= L[i * d + k] * L[j * d + k];
      if (i === j) {
        if (!(s > 0) || !Number.isFinite(s)) return null;
        L[i * d + i] = Math.sqrt(s);
      } else {
        L[i * d + j] = s / L[j * d + j];
      }
    }
  }
  // Inverse of L (lower triangular), then m⁻¹ = L⁻ᵀ L⁻¹.
  const Li = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    Li[i * d + i] = 1 / L[i * d + i];
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= L[i * d + k] * Li[k * d + j];
      Li[i * d + j] = s / L[i * d + i];
    }
  }
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < d; k++) s += Li[k * d + i] * Li[k * d + j];
      out[i * d + j] = s;
      out[j * d + i] = s;
    }
  }
  for (let i = 0; i < d * d; i++) if (!Number.isFinite(out[i])) return null;
  return out;
}

/**
 * The Hessian at x from an analytic gradient, by central differences of the gradient with
 * the relative step ε^{1/3} · max(|x_i|, 1), symmetrised ((H + Hᵀ) / 2). 2d gradient
 * evaluations instead of numericalHessian's 2d² + 1 function evaluations, and more accurate
 * (first differences of an exact gradient rather than second differences of a value).
 */
export function hessianFromGradient(
  gradient: (x: Float64Array, out: Float64Array) => unknown,
  x: Float64Array,
): Float64Array {
  const d = x.length;
  const H = new Float64Array(d * d);
  const p = Float64Array.from(x);
  const gp = new Float64Array(d);
  const gm = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    const h = stepFor(x[i], CBRT_EPS);
    p[i] = x[i] + h;
    gradient(p, gp);
    p[i] = x[i] - h;
    gradient(p, gm);
    p[i] = x[i];
    for (let j = 0; j < d; j++) H[i * d + j] = (gp[j] - gm[j]) / (2 * h);
  }
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) {
      const v = 0.5 * (H[i * d + j] + H[j * d + i]);
      H[i * d + j] = v;
      H[j * d + i] = v;
    }
  }
  return H;
}
