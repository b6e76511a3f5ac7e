/**
 * The clustering worker (workers/cluster.ts) over a real Dexie database (fake-indexeddb):
 * a run gives what the core gives for the stored profiles, stores a receipt that re-runs
 * to identical labels, and "choose k" and the k-distance curve answer for the same data.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClusterApi } from '../../src/workers/cluster.ts';
import { initEngine } from '../../src/engine/node.ts';
import { generateDemoShop } from '../../src/core/demo/index.ts';
import { buildProfiles } from '../../src/core/customers/profiles.ts';
import {
  DEFAULT_CLUSTER_SETTINGS,
  NOT_CLUSTERED,
  runClustering,
  type ClusterSettings,
} from '../../src/core/cluster/run.ts';
import { openLensDb, writeDataset, type LensDb } from '../../src/store/index.ts';
import type { ClusterReceipt } from '../../src/workers/api.ts';

let db: LensDb | null = null;
afterEach(async () => {
  await db?.delete();
  db = null;
});
beforeAll(async () => {
  await initEngine({ prefer: ['wasm'] });
});

async function storedProfiles() {
  db = openLensDb(`cluster-${Math.random()}`);
  const demo = generateDemoShop({ customers: 600, months: 12, seed: 8 });
  const { table } = buildProfiles(demo.transactions, demo.roles.transactions);
  const record = await writeDataset(db, { name: 'demo — profiles', kind: 'results' }, table);
  const api = createClusterApi(
    () => db!,
    'test',
    async () => ({ backend: 'wasm' }),
  );
  return { api, table, id: record.id!, hash: record.contentHash };
}

describe('clustering worker', () => {
  it('runs k-means as the core does, stores a receipt, and re-runs it identically', async () => {
    const { api, table, id, hash } = await storedProfiles();
    const settings: ClusterSettings = { ...DEFAULT_CLUSTER_SETTINGS, k: 4, nInit: 3, seed: 11 };
    const phases: string[] = [];
    const got = await api.run(id, settings, {
      taskId: 'a',
      onProgress: (p) => phases.push(p.phase),
    });
    const want = runClustering(table, settings);
    expect([...got.labels]).toEqual([...want.labels]);
    expect(got.inertia).toBeCloseTo(want.inertia, 9);
    expect(got.sizes.reduce((a, b) => a + b, 0)).toBe(got.n);
    expect(got.labels.filter((l) => l === NOT_CLUSTERED).length).toBe(got.dropped);
    expect(phases).toContain('progress.cluster.features');

    const runs = (await db!.runs.toArray()) as ClusterReceipt[];
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      kind: 'cluster',
      datasetId: id,
      datasetHash: hash,
      backend: 'wasm',
      appVersion: 'test',
      settings,
    });
    expect(runs[0].summary.k).toBe(4);
    expect(runs[0].summary.silhouette).toBeCloseTo(got.metrics!.silhouette, 12);

    const again = await api.run(id, runs[0].settings, { taskId: 'b' });
    expect([...again.labels]).toEqual([...got.labels]);
    expect(await db!.runs.count()).toBe(2);
  });

  it('scores a k range and measures the k-distance curve', async () => {
    const { api, id } = await storedProfiles();
    const scored = await api.chooseK(
      id,
      { ...DEFAULT_CLUSTER_SETTINGS, nInit: 2 },
      { kMin: 2, kMax: 5 },
      { taskId: 'c' },
    );
    expect(scored.scores.map((s) => s.k)).toEqual([2, 3, 4, 5]);
    expect(scored.scores.map((s) => s.k)).toContain(scored.suggested);
    // Inertia never rises with k for the best of several restarts on this data.
    for (let i = 1; i < scored.scores.length; i++) {
      expect(scored.scores[i].inertia).toBeLessThan(scored.scores[i - 1].inertia);
    }
    const curve = await api.kDistances(
      id,
      { ...DEFAULT_CLUSTER_SETTINGS, minSamples: 5 },
      {
        taskId: 'd',
      },
    );
    for (let i = 1; i < curve.distances.length; i++) {
      expect(curve.distances[i]).toBeGreaterThanOrEqual(curve.distances[i - 1]);
    }
    expect(curve.knee).toBeGreaterThan(curve.distances[0]);
    expect(curve.knee).toBeLessThan(curve.distances[curve.distances.length - 1]);
    // 600 customers, thinned to every step-th for drawing: ranks name the real positions.
    expect(curve.sampled).toBe(curve.n);
    expect(curve.ranks[0]).toBe(1);
    expect(curve.ranks[curve.ranks.length - 1]).toBe(curve.sampled);
    expect(curve.ranks).toHaveLength(curve.distances.length);
    expect(curve.ranks[1] - curve.ranks[0]).toBe(Math.floor(curve.sampled / 400));
  });

  it('reports a bad setting without storing anything', async () => {
    const { api, id } = await storedProfiles();
    await expect(
      api.run(id, { ...DEFAULT_CLUSTER_SETTINGS, method: 'dbscan', eps: 0 }, { taskId: 'e' }),
    ).rejects.toMatchObject({ code: 'error.clusterRun.eps' });
    expect(await db!.runs.count()).toBe(0);
  });
});
