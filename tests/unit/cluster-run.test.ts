/**
 * runClustering (src/core/cluster/run.ts) on generated tables: plain k-means turns
 * mini-batch above AUTO_MINIBATCH_ROWS, as the lab promises, and stays Lloyd below; both
 * recover three planted blobs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../../src/engine/node.ts';
import { AUTO_MINIBATCH_ROWS } from '../../src/core/cluster/kmeans.ts';
import { DEFAULT_CLUSTER_SETTINGS, runClustering } from '../../src/core/cluster/run.ts';
import { numericColumn } from '../../src/core/table/columns.ts';
import { createRng } from '../../src/core/stats/random.ts';
import type { Table } from '../../src/core/table/index.ts';

beforeAll(async () => {
  await initEngine({ prefer: ['wasm'] });
});

/** Row i belongs to blob i % 3, centred at (0, 0), (10, 0) or (0, 10), sd 1. */
function blobTable(n: number): Table {
  const rng = createRng(5);
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    x.push((i % 3 === 1 ? 10 : 0) + rng.normal());
    y.push((i % 3 === 2 ? 10 : 0) + rng.normal());
  }
  return { rowCount: n, columns: [numericColumn('x', 'f64', x), numericColumn('y', 'f64', y)] };
}

const settings = {
  ...DEFAULT_CLUSTER_SETTINGS,
  features: { columns: ['x', 'y'], scaling: 'z' as const, missing: 'drop' as const },
  k: 3,
  nInit: 1,
  treeDepth: 2,
};

/** Each planted blob ends up whole in one cluster, a different one per blob. */
function expectBlobsRecovered(labels: Int32Array): void {
  const clusterOfBlob = [labels[0], labels[1], labels[2]];
  expect(new Set(clusterOfBlob).size).toBe(3);
  let wrong = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] !== clusterOfBlob[i % 3]) wrong++;
  // sd 1 blobs 10 apart: a point lands in another blob's cluster with probability ~1e-6.
  expect(wrong).toBeLessThanOrEqual(2);
}

describe('runClustering, k-means', () => {
  it(`turns mini-batch above ${AUTO_MINIBATCH_ROWS.toLocaleString('en')} rows`, () => {
    const big = runClustering(blobTable(AUTO_MINIBATCH_ROWS + 1), settings);
    expect(big.algorithm).toBe('minibatch');
    expect(big.n).toBe(AUTO_MINIBATCH_ROWS + 1);
    expectBlobsRecovered(big.labels);
    expect(big.metrics?.sampled).toBe(true);
    expect(big.map.rows.length).toBe(20_000);
  }, 120_000);

  it('stays Lloyd below, with the same clusters', () => {
    const small = runClustering(blobTable(3_000), settings);
    expect(small.algorithm).toBe('lloyd');
    expectBlobsRecovered(small.labels);
    expect(small.sizes).toEqual([1000, 1000, 1000]);
  });

  it('leaves the algorithm empty for other methods', () => {
    const ward = runClustering(blobTable(600), { ...settings, method: 'ward' });
    expect(ward.algorithm).toBeNull();
    expectBlobsRecovered(ward.labels);
  });
});
