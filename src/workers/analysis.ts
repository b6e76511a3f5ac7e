/**
 * The analysis worker's implementation of AnalysisApi, kept apart from the worker entry
 * (`analysis.worker.ts`, which only exposes it) so that it reads as plain code: read
 * from the store, call core, write results, report progress.
 */
import { throwIfCancelled } from '../core/errors.ts';
import { generateDemoShop } from '../core/demo/index.ts';
import { tableToCsvChunks } from '../core/table/csv.ts';
import { deleteDataset, getDb, readTable, writeDataset, type LensDb } from '../store/index.ts';
import type { DatasetSource } from '../store/types.ts';
import type { AnalysisApi, DemoOptions, DemoResult, EngineInfo, TaskOptions } from './api.ts';
import { TaskRegistry, runWorkerTask, type WorkerTaskContext } from './tasks.ts';

/**
 * Names stored with the demo datasets. They are neutral English fallbacks (CLI, exports,
 * backups); the UI labels demo datasets in the user's language from
 * `source.generator` (`name: 'demo'`, `params.table: 'transactions' | 'customers'`).
 */
export const DEMO_DATASET_NAMES = {
  transactions: 'Demo shop — transactions',
  customers: 'Demo shop — customers',
} as const;

/** Rows per CSV piece: one progress step and one cancellation checkpoint each. */
export const CSV_ROWS_PER_CHUNK = 5_000;

/** UTF-8 byte order mark, so that Excel opens Chinese text in the CSV correctly. */
const BOM = '\uFEFF';

export function createAnalysisApi(db: () => LensDb = getDb): AnalysisApi {
  const registry = new TaskRegistry();

  async function loadDemo(options: DemoOptions, task: TaskOptions): Promise<DemoResult> {
    return runWorkerTask(registry, task, async (ctx) => {
      // Synchronous: a cancel message is only seen after it returns (the signal is still
      // checked at its own checkpoints, e.g. when it was cancelled before it started).
      const demo = generateDemoShop(
        {
          customers: options.customers,
          months: options.months,
          seed: options.seed,
          ...(options.endDate !== undefined ? { endDate: options.endDate } : {}),
        },
        ctx,
      );
      await ctx.checkpoint(true);

      const params = {
        customers: demo.options.customers,
        months: demo.options.months,
        seed: demo.options.seed,
        endDate: demo.options.endDate,
      };
      const source = (table: 'transactions' | 'customers'): DatasetSource => ({
        generator: { name: 'demo', params: { ...params, table } },
      });

      const database = db();
      let transactionsId: number | undefined;
      try {
        const transactions = await writeDataset(
          database,
          {
            name: DEMO_DATASET_NAMES.transactions,
            kind: 'transactions',
            roles: demo.roles.transactions,
            source: source('transactions'),
          },
          demo.transactions,
          { signal: ctx.signal, onProgress: ctx.onProgress },
        );
        transactionsId = transactions.id;
        await ctx.checkpoint(true);
        const customers = await writeDataset(
          database,
          {
            name: DEMO_DATASET_NAMES.customers,
            kind: 'customers',
            roles: demo.roles.customers,
            source: source('customers'),
          },
          demo.customers,
          { signal: ctx.signal, onProgress: ctx.onProgress },
        );
        // Both are stored: from here on the task has succeeded, even if a cancel arrives now.
        return {
          transactionsId: requireId(transactions.id),
          customersId: requireId(customers.id),
          transactionRows: transactions.rowCount,
          customerRows: customers.rowCount,
        };
      } catch (err) {
        // Each write is all-or-nothing; the pair is made so by removing the first one.
        if (transactionsId !== undefined)
          await deleteDataset(database, transactionsId).catch(() => false);
        throw err;
      }
    });
  }

  async function exportCsv(datasetId: number, task: TaskOptions): Promise<Blob> {
    return runWorkerTask(registry, task, async (ctx) => {
      ctx.onProgress({ phase: 'progress.store.read', done: 0, total: 0 });
      const table = await readTable(db(), datasetId);
      await ctx.checkpoint(true);
      return csvBlob(table.rowCount, tableToCsvChunks(table, CSV_ROWS_PER_CHUNK), ctx);
    });
  }

  async function engineInfo(): Promise<EngineInfo> {
    // Loaded on first use: tfjs is a large module graph that loadDemo/exportCsv never need.
    const { initEngine } = await import('../engine/browser.ts');
    return initEngine();
  }

  function cancel(taskId: string): void {
    registry.cancel(taskId);
  }

  return { loadDemo, exportCsv, engineInfo, cancel };
}

async function csvBlob(
  rowCount: number,
  chunks: Iterable<string>,
  ctx: WorkerTaskContext,
): Promise<Blob> {
  const phase = 'progress.export.csv';
  const parts: string[] = [BOM];
  let done = 0;
  ctx.onProgress({ phase, done, total: rowCount });
  for (const piece of chunks) {
    throwIfCancelled(ctx.signal);
    parts.push(piece);
    // Pieces hold CSV_ROWS_PER_CHUNK rows (the header rides on the first); count rows, not pieces.
    done = Math.min(rowCount, done + CSV_ROWS_PER_CHUNK);
    ctx.onProgress({ phase, done, total: rowCount });
    await ctx.checkpoint();
  }
  throwIfCancelled(ctx.signal);
  return new Blob(parts, { type: 'text/csv;charset=utf-8' });
}

function requireId(id: number | undefined): number {
  if (id === undefined) throw new Error('writeDataset returned a record without an id');
  return id;
}
