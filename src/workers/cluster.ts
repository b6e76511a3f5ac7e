/**
 * The clustering worker's implementation of ClusterApi: read the profiles, initialise the
 * engine, call core, store the run's receipt. Kept apart from the worker entry so that it
 * reads as plain code and runs in tests.
 *
 * Cancelling: the core's loops are synchronous, so the page cancels a clustering task by
 * terminating this worker (client.ts); a receipt is written only after a run finished,
 * so a cancelled run leaves nothing behind.
 */
import {
  chooseKFor,
  kDistanceCurve,
  runClustering,
  type ClusterSettings,
} from '../core/cluster/run.ts';
import { getDataset, getDb, readTable, type LensDb } from '../store/index.ts';
import type {
  ChooseKOutcome,
  ClusterApi,
  ClusterRunOutcome,
  ClusterReceipt,
  KDistanceOutcome,
  TaskOptions,
} from './api.ts';
import { TaskRegistry, runWorkerTask } from './tasks.ts';

export function createClusterApi(
  db: () => LensDb = getDb,
  appVersion = 'dev',
  initEngine: () => Promise<{ backend: string }> = async () => {
    const engine = await import('../engine/browser.ts');
    return engine.initEngine();
  },
): ClusterApi {
  const registry = new TaskRegistry();

  async function run(
    profilesId: number,
    settings: ClusterSettings,
    task: TaskOptions,
  ): Promise<ClusterRunOutcome> {
    return runWorkerTask(registry, task, async (ctx) => {
      const database = db();
      ctx.onProgress({ phase: 'progress.store.read', done: 0, total: 0 });
      const record = await getDataset(database, profilesId);
      const table = await readTable(database, profilesId);
      await ctx.checkpoint(true);
      const engine = await initEngine();
      const outcome = runClustering(table, settings, ctx);
      await ctx.checkpoint(true);
      const receipt: ClusterReceipt = {
        kind: 'cluster',
        datasetId: profilesId,
        datasetName: record.name,
        datasetHash: record.contentHash,
        createdAt: Date.now(),
        settings,
        backend: engine.backend,
        appVersion,
        timings: outcome.timings,
        summary: {
          k: outcome.k,
          n: outcome.n,
          sizes: outcome.sizes,
          noise: outcome.noise,
          inertia: outcome.inertia,
          iterations: outcome.iterations,
          silhouette: outcome.metrics?.silhouette ?? null,
          daviesBouldin: outcome.metrics?.daviesBouldin ?? null,
          calinskiHarabasz: outcome.metrics?.calinskiHarabasz ?? null,
        },
      };
      // Dexie types auto-increment keys as optional; the store always assigns one.
      const runId = Number(await database.runs.add(receipt));
      return { ...outcome, runId, receipt: { ...receipt, id: runId } };
    });
  }

  async function chooseK(
    profilesId: number,
    settings: ClusterSettings,
    range: { kMin: number; kMax: number },
    task: TaskOptions,
  ): Promise<ChooseKOutcome> {
    return runWorkerTask(registry, task, async (ctx) => {
      const table = await readTable(db(), profilesId);
      await ctx.checkpoint(true);
      await initEngine();
      return chooseKFor(table, settings, range.kMin, range.kMax, ctx);
    });
  }

  async function kDistances(
    profilesId: number,
    settings: ClusterSettings,
    task: TaskOptions,
  ): Promise<KDistanceOutcome> {
    return runWorkerTask(registry, task, async (ctx) => {
      const table = await readTable(db(), profilesId);
      await ctx.checkpoint(true);
      return kDistanceCurve(table, settings);
    });
  }

  return {
    run,
    chooseK,
    kDistances,
    cancel: (taskId: string) => registry.cancel(taskId),
  };
}
