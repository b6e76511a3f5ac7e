/**
 * The lifetime-value worker's implementation of ClvApi: read a transactions dataset and
 * its column roles, fit the buy-till-you-die models in core, store the per-customer
 * results as a dataset and the fit's receipt in `runs`. Kept apart from the worker entry
 * so that it reads as plain code and runs in tests.
 *
 * Cancelling: the optimisers are synchronous loops, so the page cancels a fit by
 * terminating this worker (client.ts). Nothing is written before a fit has finished, the
 * results dataset is written in one transaction, and when the receipt cannot be stored
 * the results dataset is removed again: a failed or cancelled fit leaves nothing behind.
 */
import { LensError } from '../core/errors.ts';
import { readTransactionLines } from '../core/customers/transactions.ts';
import { DAY_MS } from '../core/customers/profiles.ts';
import { runClv, validateClvSettings } from '../core/clv/run.ts';
import { clvResultsTable } from '../core/clv/results.ts';
import type { ClvSettings } from '../core/clv/types.ts';
import {
  deleteDataset,
  getDataset,
  getDb,
  readTable,
  writeDataset,
  type LensDb,
} from '../store/index.ts';
import type { ClvApi, ClvReceipt, ClvResultsReport, ClvRunOutcome, TaskOptions } from './api.ts';
import { TaskRegistry, runWorkerTask } from './tasks.ts';

/** The results dataset's name: "<transactions name> — lifetime value". */
export function clvResultsName(sourceName: string): string {
  return `${sourceName} — lifetime value`;
}

function finiteSum(values: Float64Array): number | null {
  let sum = 0;
  let any = false;
  for (const v of values) {
    if (Number.isFinite(v)) {
      sum += v;
      any = true;
    }
  }
  return any ? sum : null;
}

export function createClvApi(db: () => LensDb = getDb, appVersion = 'dev'): ClvApi {
  const registry = new TaskRegistry();

  async function fit(
    transactionsId: number,
    settings: ClvSettings,
    task: TaskOptions,
  ): Promise<ClvRunOutcome> {
    return runWorkerTask(registry, task, async (ctx) => {
      // Refuse bad settings before reading anything.
      validateClvSettings(settings);
      const database = db();
      const record = await getDataset(database, transactionsId);
      if (record.kind !== 'transactions') {
        throw new LensError('error.clvRun.notTransactions', { name: record.name });
      }
      ctx.onProgress({ phase: 'progress.store.read', done: 0, total: 0 });
      const t0 = performance.now();
      const table = await readTable(database, transactionsId);
      await ctx.checkpoint(true);
      const t1 = performance.now();
      const outcome = runClv(table, record.mapping ?? {}, settings, ctx);
      await ctx.checkpoint(true);
      const t2 = performance.now();

      const results = clvResultsTable(outcome);
      const report: ClvResultsReport = {
        version: 1,
        kind: 'clv',
        sourceId: transactionsId,
        sourceName: record.name,
        settings,
        appVersion,
      };
      const stored = await writeDataset(
        database,
        {
          name: clvResultsName(record.name),
          kind: 'results',
          roles: { customer_id: 'customerId' },
          parentId: transactionsId,
          report,
        },
        results,
        ctx,
      );
      const resultsId = stored.id!;
      const t3 = performance.now();
      // runClv's own laps (summary, fit = the model fit, …) plus the worker's: read, run (all of
      // runClv), store.
      const timings = { ...outcome.timings, read: t1 - t0, run: t2 - t1, store: t3 - t2 };
      const { summary, holdout } = outcome;
      const receipt: ClvReceipt = {
        kind: 'clv',
        datasetId: transactionsId,
        datasetName: record.name,
        datasetHash: record.contentHash,
        resultsId,
        createdAt: Date.now(),
        settings,
        resolved: {
          calibrationEnd: summary.calibrationEnd,
          holdoutEnd: summary.holdoutEnd,
          unitDays: summary.unitDays,
        },
        appVersion,
        timings,
        summary: {
          customers: summary.customerIds.length,
          model: outcome.model,
          gammaGamma: outcome.gammaGamma,
          holdout: holdout
            ? {
                actual: holdout.actual,
                predicted: holdout.predicted,
                relativeError: holdout.relativeError,
                mae: holdout.mae,
              }
            : null,
          totalClv: outcome.gammaGamma ? finiteSum(outcome.clv) : null,
        },
      };
      let runId: number;
      try {
        // Dexie types auto-increment keys as optional; the store always assigns one.
        runId = Number(await database.runs.add(receipt));
      } catch (err) {
        await deleteDataset(database, resultsId).catch(() => false);
        throw err;
      }
      return { ...outcome, timings, runId, resultsId, receipt: { ...receipt, id: runId } };
    });
  }

  async function purchaseDays(transactionsId: number, customerId: string): Promise<number[]> {
    const database = db();
    const record = await getDataset(database, transactionsId);
    const lines = readTransactionLines(
      await readTable(database, transactionsId),
      record.mapping ?? {},
    );
    const code = lines.customerIds.indexOf(customerId);
    if (code < 0) return [];
    const days = new Set<number>();
    for (let i = 0; i < lines.rows; i++) {
      if (lines.customer[i] !== code || lines.isReturn[i]) continue;
      const time = lines.time[i];
      if (Number.isNaN(time)) continue;
      days.add(Math.floor(time / DAY_MS) * DAY_MS);
    }
    return [...days].sort((a, b) => a - b);
  }

  return {
    fit,
    purchaseDays,
    cancel: (taskId: string) => registry.cancel(taskId),
  };
}
