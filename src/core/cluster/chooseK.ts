/**
 * "Choosing k": k-means for every k in kMin..kMax (default 2..10) on the same points,
 * each scored by inertia (the elbow), silhouette, Davies–Bouldin and Calinski–Harabasz
 * (src/core/stats/clusterMetrics.ts).
 *
 * - Suggested k: the highest silhouette (ties → the smaller k). The reason names the
 *   silhouette and the elbow — the k with the largest second difference of inertia,
 *   I(k−1) − 2·I(k) + I(k+1), over the inner ks of the range (ties → the smaller k) — and
 *   says whether the two agree. With fewer than three ks there is no elbow.
 * - Silhouette is exact up to 5,000 rows, else on a seeded sample of 5,000 (seed: the
 *   k-means seed), the same rows for every k.
 * - `seconds` per k times the k-means fit only (not the scores).
 * - Progress: phase 'progress.cluster.chooseK', done = ks finished, total = ks; the cancel
 *   signal is passed on to k-means (checked between its restarts) and checked between ks.
 *
 * k-means runs on the engine: the caller must have initialised it.
 */
import { LensError, throwIfCancelled } from '../errors.ts';
import {
  calinskiHarabasz,
  daviesBouldin,
  silhouetteScore,
  SILHOUETTE_SAMPLE_SIZE,
} from '../stats/clusterMetrics.ts';
import type { TaskContext } from '../task.ts';
import { kmeans, type KMeansOptions } from './kmeans.ts';

export interface KScore {
  k: number;
  inertia: number;
  silhouette: number;
  daviesBouldin: number;
  calinskiHarabasz: number;
  iterations: number;
  /** The k-means fit, in seconds. */
  seconds: number;
}

export interface ChooseKResult {
  scores: KScore[];
  suggested: number;
  /** A message key ('cluster.chooseK.reason.*') and its parameters. */
  reason: { key: string; params: Record<string, string | number> };
  silhouetteSampled: boolean;
  sampleSize: number;
}

export interface ChooseKOptions {
  /** Default 2. */
  kMin?: number;
  /** Default 10. */
  kMax?: number;
  kmeans?: Omit<KMeansOptions, 'k'>;
}

const now = (): number => globalThis.performance?.now() ?? Date.now();

/** The elbow: inner k with the largest second difference of inertia; undefined below 3 ks. */
export function elbowOf(scores: readonly { k: number; inertia: number }[]): number | undefined {
  let best: number | undefined;
  let bestValue = -Infinity;
  for (let i = 1; i + 1 < scores.length; i++) {
    const v = scores[i - 1].inertia - 2 * scores[i].inertia + scores[i + 1].inertia;
    if (v > bestValue) {
      bestValue = v;
      best = scores[i].k;
    }
  }
  return best;
}

export function chooseK(
  points: Float64Array,
  n: number,
  d: number,
  options: ChooseKOptions = {},
  ctx?: TaskContext,
): ChooseKResult {
  const kMin = options.kMin ?? 2;
  const kMax = options.kMax ?? 10;
  if (
    !Number.isInteger(kMin) ||
    !Number.isInteger(kMax) ||
    kMin < 2 ||
    kMax < kMin ||
    kMax > n - 1
  ) {
    throw new LensError('error.cluster.kRange', {
      kMin: String(kMin),
      kMax: String(kMax),
      max: Math.max(0, n - 1),
    });
  }
  const seed = options.kmeans?.seed ?? 0;
  const total = kMax - kMin + 1;
  const scores: KScore[] = [];
  let sampled = false;
  let sampleSize = Math.min(n, SILHOUETTE_SAMPLE_SIZE);
  for (let k = kMin; k <= kMax; k++) {
    throwIfCancelled(ctx?.signal);
    ctx?.onProgress?.({
      phase: 'progress.cluster.chooseK',
      done: k - kMin,
      total,
      detail: { k },
    });
    const started = now();
    const fit = kmeans(points, n, d, { ...options.kmeans, k }, { signal: ctx?.signal });
    const seconds = (now() - started) / 1000;
    const silhouette = silhouetteScore(points, n, d, fit.labels, { seed });
    sampled = silhouette.sampled;
    sampleSize = silhouette.sampleSize;
    scores.push({
      k,
      inertia: fit.inertia,
      silhouette: silhouette.score,
      daviesBouldin: daviesBouldin(points, n, d, fit.labels),
      calinskiHarabasz: calinskiHarabasz(points, n, d, fit.labels),
      iterations: fit.iterations,
      seconds,
    });
  }
  ctx?.onProgress?.({ phase: 'progress.cluster.chooseK', done: total, total });

  let best = scores[0];
  for (const s of scores) if (s.silhouette > best.silhouette) best = s;
  const elbow = elbowOf(scores);
  const silhouette = Math.round(best.silhouette * 1000) / 1000;
  const reason: ChooseKResult['reason'] =
    elbow === undefined
      ? { key: 'cluster.chooseK.reason.noElbow', params: { k: best.k, silhouette } }
      : elbow === best.k
        ? { key: 'cluster.chooseK.reason.agree', params: { k: best.k, silhouette } }
        : { key: 'cluster.chooseK.reason.disagree', params: { k: best.k, silhouette, elbow } };
  return { scores, suggested: best.k, reason, silhouetteSampled: sampled, sampleSize };
}
