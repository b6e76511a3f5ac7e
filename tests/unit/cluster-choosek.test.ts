/**
 * "Choosing k" (src/core/cluster/chooseK.ts) on the mall customers (annual income and
 * spending score) against scikit-learn, the suggested k and its reason, the elbow rule,
 * sampling, progress, cancelling and parameter errors.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../../src/engine/node.ts';
import { chooseK, elbowOf } from '../../src/core/cluster/chooseK.ts';
import { kmeans } from '../../src/core/cluster/kmeans.ts';
import {
  calinskiHarabasz,
  daviesBouldin,
  silhouetteScore,
} from '../../src/core/stats/clusterMetrics.ts';
import { createRng } from '../../src/core/stats/random.ts';
import { isCancelled, LensError } from '../../src/core/errors.ts';
import type { Progress } from '../../src/core/task.ts';

const MALL = resolve(process.cwd(), '../shared/data/mall_customers/mall_customers.csv');

function readMall(): { points: Float64Array; n: number } {
  const rows = readFileSync(MALL, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  return {
    points: Float64Array.from(rows.flatMap((r) => [Number(r[3]), Number(r[4])])),
    n: rows.length,
  };
}

beforeAll(async () => {
  await initEngine({ prefer: ['wasm'] });
});

/*
 * scikit-learn 1.2.1 (/usr/bin/python3):
 *   import pandas as pd
 *   from sklearn.cluster import KMeans
 *   from sklearn.metrics import silhouette_score, davies_bouldin_score, calinski_harabasz_score
 *   mall = pd.read_csv('../shared/data/mall_customers/mall_customers.csv')
 *   M = mall[['Annual Income (k$)', 'Spending Score (1-100)']].to_numpy(float)
 *   for k in range(2, 11):
 *       km = KMeans(n_clusters=k, n_init=10, random_state=0).fit(M)
 *       print(k, km.inertia_, silhouette_score(M, km.labels_),
 *             davies_bouldin_score(M, km.labels_), calinski_harabasz_score(M, km.labels_))
 * k = 8, 9, 10 (SPREAD): min and max of km.inertia_ over random_state in range(20).
 */
const SKLEARN: Record<number, [number, number, number, number]> = {
  2: [181363.59595959593, 0.2968969162503008, 1.256774385118528, 96.74654578369159],
  3: [106348.37306211122, 0.46761358158775435, 0.715276820248462, 151.5570090006799],
  4: [73679.78903948836, 0.4931963109249047, 0.7103644068779904, 174.0644335433684],
  5: [44448.4554479337, 0.553931997444648, 0.5725628995597082, 247.35899338037282],
  6: [37265.86520484346, 0.5379675585622219, 0.6588591430377733, 242.29567848269156],
  7: [30259.65720728547, 0.5264283703685728, 0.7203751347918687, 254.8292427882858],
  8: [25095.70320999756, 0.45704384633565154, 0.7615185062854057, 267.64986334934235],
  9: [21830.041978049434, 0.4563032021725485, 0.7534534957493407, 271.3971330761246],
  10: [20736.679938924128, 0.4492169169017592, 0.7179041164888543, 253.74507689907577],
};
const SPREAD: Record<number, [number, number]> = {
  8: [24999.368258611692, 26086.451614668855],
  9: [21794.8856090982, 22835.638801387733],
  10: [19634.554629349976, 20736.679938924128],
};

describe('chooseK on mall customers, income and spending score, k = 2..10', () => {
  it('scores every k like scikit-learn and suggests k = 5', () => {
    const { points, n } = readMall();
    const result = chooseK(points, n, 2, { kMin: 2, kMax: 10, kmeans: { nInit: 10, seed: 0 } });
    expect(result.scores.map((s) => s.k)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const s of result.scores) {
      const [inertia, silhouette, db, ch] = SKLEARN[s.k];
      expect(s.iterations).toBeGreaterThan(0);
      expect(s.seconds).toBeGreaterThanOrEqual(0);
      if (s.k <= 7) {
        // One clear optimum: the same partition as scikit-learn.
        expect(Math.abs(s.inertia / inertia - 1), `inertia k=${s.k}`).toBeLessThan(0.005);
        expect(Math.abs(s.silhouette - silhouette), `silhouette k=${s.k}`).toBeLessThan(0.002);
        expect(Math.abs(s.daviesBouldin - db), `DB k=${s.k}`).toBeLessThan(0.002);
        expect(Math.abs(s.calinskiHarabasz / ch - 1), `CH k=${s.k}`).toBeLessThan(0.002);
      } else {
        // Many local optima within a few per cent: scikit-learn's own inertia over
        // random_state 0..19 spans SPREAD. Ours lies in that spread, and its scores are
        // those of its own labels. (Measured: at k = 9 seed 0 reaches a partition with
        // inertia 22,834 and silhouette 0.436, where scikit-learn's random_state=0 has
        // 21,830 and 0.456; at k = 8 and 10 ours has the lower inertia.)
        expect(s.inertia, `inertia k=${s.k}`).toBeGreaterThan(SPREAD[s.k][0] * 0.995);
        expect(s.inertia, `inertia k=${s.k}`).toBeLessThan(SPREAD[s.k][1] * 1.005);
        const fit = kmeans(points, n, 2, { k: s.k, nInit: 10, seed: 0 });
        expect(s.inertia).toBe(fit.inertia);
        expect(s.silhouette).toBe(silhouetteScore(points, n, 2, fit.labels).score);
        expect(s.daviesBouldin).toBe(daviesBouldin(points, n, 2, fit.labels));
        expect(s.calinskiHarabasz).toBe(calinskiHarabasz(points, n, 2, fit.labels));
      }
    }
    expect(result.suggested).toBe(5);
    // Inertia's largest second difference is at k = 3 (181,364 − 2·106,348 + 73,680).
    expect(result.reason).toEqual({
      key: 'cluster.chooseK.reason.disagree',
      params: { k: 5, silhouette: 0.554, elbow: 3 },
    });
    expect(result.silhouetteSampled).toBe(false);
    expect(result.sampleSize).toBe(200);
  });

  it('k = 8..10, best of 100 restarts: the scores of scikit-learn’s best of 100, within 0.002', () => {
    // best = min((KMeans(n_clusters=k, n_init=10, random_state=s).fit(M) for s in range(10)),
    //            key=lambda km: km.inertia_); scores of best.labels_ as above.
    const BEST: Record<number, [number, number, number, number]> = {
      8: [25005.55037243283, 0.4551677607101082, 0.753425563357179, 268.71371348673875],
      9: [21806.81299869546, 0.45912667975312715, 0.7563895115754633, 271.711661855889],
      10: [19634.554629349976, 0.45056557470336733, 0.7549073238247603, 269.1732832942582],
    };
    const { points, n } = readMall();
    for (const k of [8, 9, 10]) {
      let best = kmeans(points, n, 2, { k, nInit: 10, seed: 0 });
      for (let seed = 1; seed < 10; seed++) {
        const fit = kmeans(points, n, 2, { k, nInit: 10, seed });
        if (fit.inertia < best.inertia) best = fit;
      }
      const [inertia, silhouette, db, ch] = BEST[k];
      expect(Math.abs(best.inertia / inertia - 1), `inertia k=${k}`).toBeLessThan(0.005);
      const s = silhouetteScore(points, n, 2, best.labels).score;
      expect(Math.abs(s - silhouette), `silhouette k=${k}`).toBeLessThan(0.002);
      expect(Math.abs(daviesBouldin(points, n, 2, best.labels) - db), `DB k=${k}`).toBeLessThan(
        0.002,
      );
      const c = calinskiHarabasz(points, n, 2, best.labels);
      expect(Math.abs(c / ch - 1), `CH k=${k}`).toBeLessThan(0.002);
    }
  });

  it('reports progress per k and stops when cancelled', () => {
    const { points, n } = readMall();
    const seen: Progress[] = [];
    chooseK(
      points,
      n,
      2,
      { kMin: 2, kMax: 4, kmeans: { nInit: 2 } },
      { onProgress: (p) => seen.push(p) },
    );
    expect(seen.map((p) => [p.phase, p.done, p.total])).toEqual([
      ['progress.cluster.chooseK', 0, 3],
      ['progress.cluster.chooseK', 1, 3],
      ['progress.cluster.chooseK', 2, 3],
      ['progress.cluster.chooseK', 3, 3],
    ]);
    const signal = { aborted: false };
    let error: unknown;
    try {
      chooseK(
        points,
        n,
        2,
        { kMin: 2, kMax: 6 },
        {
          signal,
          onProgress: (p) => {
            if (p.done === 2) signal.aborted = true;
          },
        },
      );
    } catch (e) {
      error = e;
    }
    expect(isCancelled(error)).toBe(true);
  });
});

describe('chooseK rules', () => {
  it('elbow: the largest second difference of inertia, ties to the smaller k, none below 3 ks', () => {
    const curve = (values: number[]): { k: number; inertia: number }[] =>
      values.map((inertia, i) => ({ k: i + 2, inertia }));
    expect(elbowOf(curve([100, 40, 30, 25, 22]))).toBe(3);
    expect(elbowOf(curve([100, 90, 40, 35, 30]))).toBe(4);
    expect(elbowOf(curve([100, 80, 60, 40]))).toBe(3); // straight line: all 0, the first
    expect(elbowOf(curve([100, 50]))).toBeUndefined();
  });

  it('with two ks there is no elbow; agreeing elbow and silhouette say so', () => {
    // Three tight, well separated blobs: silhouette and elbow both at k = 3.
    const rng = createRng(4);
    const centres = [
      [0, 0],
      [10, 0],
      [0, 10],
    ];
    const n = 300;
    const points = Float64Array.from({ length: n * 2 }, (_, i) =>
      rng.normal(centres[Math.floor(i / 2) % 3][i % 2], 0.5),
    );
    const both = chooseK(points, n, 2, { kMin: 2, kMax: 6, kmeans: { nInit: 3 } });
    expect(both.suggested).toBe(3);
    expect(both.reason.key).toBe('cluster.chooseK.reason.agree');
    const short = chooseK(points, n, 2, { kMin: 2, kMax: 3, kmeans: { nInit: 3 } });
    expect(short.suggested).toBe(3);
    expect(short.reason).toEqual({
      key: 'cluster.chooseK.reason.noElbow',
      params: { k: 3, silhouette: Math.round(short.scores[1].silhouette * 1000) / 1000 },
    });
  });

  it('samples the silhouette above 5,000 rows (same sample for every k) and says so', () => {
    const rng = createRng(8);
    const n = 6_000;
    const points = Float64Array.from({ length: n * 2 }, (_, i) =>
      rng.normal((Math.floor(i / 2) % 2) * 6, 1),
    );
    const result = chooseK(points, n, 2, { kMin: 2, kMax: 3, kmeans: { nInit: 1, seed: 2 } });
    expect(result.silhouetteSampled).toBe(true);
    expect(result.sampleSize).toBe(5_000);
    const fit = kmeans(points, n, 2, { k: 2, nInit: 1, seed: 2 });
    expect(result.scores[0].silhouette).toBe(
      silhouetteScore(points, n, 2, fit.labels, { seed: 2 }).score,
    );
    expect(result.suggested).toBe(2);
  });

  it('refuses a k range outside 2..n − 1', () => {
    const points = Float64Array.from({ length: 20 }, (_, i) => i);
    const code = (kMin: number, kMax: number): string => {
      try {
        chooseK(points, 10, 2, { kMin, kMax });
      } catch (e) {
        return e instanceof LensError ? `${e.code} max=${e.params.max}` : String(e);
      }
      return 'no error';
    };
    expect(code(1, 3)).toBe('error.cluster.kRange max=9');
    expect(code(2, 10)).toBe('error.cluster.kRange max=9');
    expect(code(5, 4)).toBe('error.cluster.kRange max=9');
    expect(code(2.5, 4)).toBe('error.cluster.kRange max=9');
  });
});
