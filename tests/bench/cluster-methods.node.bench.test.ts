/**
 * The other clustering methods and the explanation tree in Node, each beside scikit-learn /
 * SciPy on the very same numbers (written to /tmp as float64, read with numpy.fromfile),
 * in the same run. Prints one table of medians over 3 runs and the ratio ours / peer;
 * never fails on time.
 *
 * - agglomerative, 5,000 × 3 (the lab's cap), ward / complete / average / single:
 *   `scipy.cluster.hierarchy.linkage` (what sklearn's AgglomerativeClustering builds on)
 * - DBSCAN, 50,000 × 3 blobs, eps 0.3, min_samples 10: `sklearn.cluster.DBSCAN`
 * - silhouette, exact, 5,000 × 3, k = 4: `sklearn.metrics.silhouette_score`
 * - CART, 100,000 × 8, depth 4: `sklearn.tree.DecisionTreeClassifier(max_depth=4)`
 *
 * Run: npx vitest run --project bench-node --reporter=verbose
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { agglomerate, type Linkage } from '../../src/core/cluster/hierarchical.ts';
import { dbscan } from '../../src/core/cluster/dbscan.ts';
import { silhouetteScore } from '../../src/core/stats/clusterMetrics.ts';
import { fitTree } from '../../src/core/tree/cart.ts';
import { createRng } from '../../src/core/stats/random.ts';
import { medianOf } from '../support/wide-table.ts';

const RUNS = 3;
const PYTHON = '/usr/bin/python3';

function hasPeer(): boolean {
  if (!existsSync(PYTHON)) return false;
  try {
    execFileSync(PYTHON, ['-c', 'import sklearn, scipy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Gaussian blobs: `centres` centres uniform in [−5, 5]^d, unit-less spread 0.5. */
function blobs(n: number, d: number, centres: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const c = Float64Array.from({ length: centres * d }, () => -5 + 10 * rng.next());
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const g = i % centres;
    for (let j = 0; j < d; j++) out[i * d + j] = c[g * d + j] + rng.normal(0, 0.5);
  }
  return out;
}

function median(fn: () => void): number {
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    fn();
    times.push((performance.now() - t0) / 1000);
  }
  return medianOf(times);
}

function writeF64(path: string, values: Float64Array): void {
  writeFileSync(path, Buffer.from(values.buffer, values.byteOffset, values.byteLength));
}

/** The peer's median seconds for `statement` (Python, X and y loaded beforehand). */
function peerSeconds(setup: string, statement: string): number {
  const script = `
import time, statistics, numpy as np
${setup}
times = []
for _ in range(${RUNS}):
    t0 = time.perf_counter()
    ${statement}
    times.append(time.perf_counter() - t0)
print(statistics.median(times))
`;
  return Number(execFileSync(PYTHON, ['-c', script], { encoding: 'utf8' }).trim());
}

it('agglomerative, DBSCAN, silhouette and CART beside scikit-learn / SciPy', () => {
  const peer = hasPeer();
  const rows: string[][] = [];
  const add = (what: string, ours: number, theirs: number): void => {
    rows.push([
      what,
      ours.toFixed(3),
      Number.isFinite(theirs) ? theirs.toFixed(3) : '—',
      Number.isFinite(theirs) ? (ours / theirs).toFixed(2) : '—',
    ]);
  };

  const small = blobs(5000, 3, 4, 1);
  writeF64('/tmp/bench-h.f64', small);
  for (const linkage of ['ward', 'complete', 'average', 'single'] as Linkage[]) {
    const ours = median(() => agglomerate(small, 5000, 3, linkage));
    const theirs = peer
      ? peerSeconds(
          "from scipy.cluster.hierarchy import linkage\nX = np.fromfile('/tmp/bench-h.f64').reshape(-1, 3)",
          `linkage(X, method='${linkage}')`,
        )
      : NaN;
    add(`agglomerative ${linkage}, 5,000 × 3`, ours, theirs);
  }

  const labels = Int32Array.from({ length: 5000 }, (_, i) => i % 4);
  const sil = median(() => silhouetteScore(small, 5000, 3, labels));
  add(
    'silhouette exact, 5,000 × 3, k = 4',
    sil,
    peer
      ? peerSeconds(
          "from sklearn.metrics import silhouette_score\nX = np.fromfile('/tmp/bench-h.f64').reshape(-1, 3)\ny = np.arange(5000) % 4",
          'silhouette_score(X, y)',
        )
      : NaN,
  );

  const big = blobs(50_000, 3, 8, 2);
  writeF64('/tmp/bench-d.f64', big);
  let clusters = 0;
  const db = median(() => {
    clusters = dbscan(big, 50_000, 3, 0.3, 10).clusters;
  });
  expect(clusters).toBeGreaterThan(0);
  add(
    'DBSCAN, 50,000 × 3, eps 0.3, min 10',
    db,
    peer
      ? peerSeconds(
          "from sklearn.cluster import DBSCAN\nX = np.fromfile('/tmp/bench-d.f64').reshape(-1, 3)",
          'DBSCAN(eps=0.3, min_samples=10).fit(X)',
        )
      : NaN,
  );

  const rng = createRng(12);
  const n = 100_000;
  const d = 8;
  const x = Float64Array.from({ length: n * d }, () => rng.normal(0, 1));
  const y = Int32Array.from(
    { length: n },
    (_, i) => (x[i * d] > 0.3 ? 1 : 0) + (x[i * d + 3] > -0.5 ? 2 : 0),
  );
  writeF64('/tmp/bench-t.f64', x);
  writeF64('/tmp/bench-ty.f64', Float64Array.from(y));
  add(
    'CART, 100,000 × 8, depth 4',
    median(() => fitTree(x, n, d, y, 4, { maxDepth: 4 })),
    peer
      ? peerSeconds(
          "from sklearn.tree import DecisionTreeClassifier\nX = np.fromfile('/tmp/bench-t.f64').reshape(-1, 8)\ny = np.fromfile('/tmp/bench-ty.f64').astype(int)",
          'DecisionTreeClassifier(max_depth=4, random_state=0).fit(X, y)',
        )
      : NaN,
  );

  const header = ['task', 'ours s (median)', 'peer s (median)', 'ours / peer'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (r: string[]): string => r.map((v, c) => v.padEnd(widths[c])).join('  ');
  console.log(
    [
      `cluster methods, Node ${process.version}, medians of ${RUNS}${peer ? '' : ' (no scikit-learn: peer column empty)'}`,
      line(header),
      ...rows.map(line),
    ].join('\n'),
  );
});
