/**
 * The analysis worker's implementation of AnalysisApi, kept apart from the worker entry
 * (`analysis.worker.ts`, which only exposes it) so that it reads as plain code: read
 * from the store, call core, write results, report progress.
 */
import { throwIfCancelled } from '../core/errors.ts';
import { tableToCsvChunks } from '../core/table/csv.ts';
import { getDb, readTable, type LensDb } from '../store/index.ts';
import type { AnalysisApi, EngineInfo, TaskOptions } from './api.ts';
import { TaskRegistry, runWorkerTask, type WorkerTaskContext } from './tasks.ts';

/** Rows per CSV piece: one progress step and one cancellation checkpoint each. */
export const CSV_ROWS_PER_CHUNK = 5_000;

/** UTF-8 byte order mark, so that Excel opens Chinese text in the CSV correctly. */
const BOM = '\uFEFF';

export function createAnalysisApi(db: () => LensDb = getDb): AnalysisApi {
  const registry = new TaskRegistry();

  async function exportCsv(datasetId: number, task: TaskOptions): Promise<Blob> {
    return runWorkerTask(registry, task, async (ctx) => {
      ctx.onProgress({ phase: 'progress.store.read', done: 0, total: 0 });
      const table = await readTable(db(), datasetId);
      await ctx.checkpoint(true);
      return csvBlob(table.rowCount, tableToCsvChunks(table, CSV_ROWS_PER_CHUNK), ctx);
    });
  }

  async function engineInfo(): Promise<EngineInfo> {
    // Loaded on first use: tfjs is a large module graph that exportCsv never needs.
    const { initEngine } = await import('../engine/browser.ts');
    return initEngine();
  }

  function cancel(taskId: string): void {
    registry.cancel(taskId);
  }

  return { exportCsv, engineInfo, cancel };
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
