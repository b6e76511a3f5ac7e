/**
 * The analysis worker's implementation of AnalysisApi, kept apart from the worker entry
 * (`analysis.worker.ts`, which only exposes it) so that it reads as plain code: read
 * from the store, call core, write results, report progress.
 */
import { throwIfCancelled } from '../core/errors.ts';
import { tableToCsvChunks } from '../core/table/csv.ts';
import { LensError } from '../core/errors.ts';
import { analyseCustomers, type CustomerAnalysisOptions } from '../core/customers/analyse.ts';
import { buildProfiles, ordersOfCustomer } from '../core/customers/profiles.ts';
import { readTransactionLines, type TransactionLines } from '../core/customers/transactions.ts';
import { getDb, getDataset, readTable, writeDataset, type LensDb } from '../store/index.ts';
import type { ColumnRole } from '../core/table/index.ts';
import type {
  AnalysisApi,
  CustomerAnalysis,
  EngineInfo,
  ProfilesBuilt,
  ProfilesReport,
  ProfilesRequest,
  TaskOptions,
} from './api.ts';
import { TaskRegistry, runWorkerTask, type WorkerTaskContext } from './tasks.ts';

/** Rows per CSV piece: one progress step and one cancellation checkpoint each. */
export const CSV_ROWS_PER_CHUNK = 5_000;

/** UTF-8 byte order mark, so that Excel opens Chinese text in the CSV correctly. */
const BOM = '\uFEFF';

/** Roles of the profile columns, so later analyses find the customer id and the attributes. */
function profileRoles(
  attributes: { name: string; role: ColumnRole }[],
): Record<string, ColumnRole> {
  const roles: Record<string, ColumnRole> = { customer_id: 'customerId' };
  for (const a of attributes) roles[a.name] = a.role;
  return roles;
}

export function createAnalysisApi(db: () => LensDb = getDb, appVersion = 'dev'): AnalysisApi {
  const registry = new TaskRegistry();
  // The last transactions read for a timeline: opening customer after customer reads once.
  let linesCache: { datasetId: number; lines: TransactionLines } | null = null;

  async function buildProfilesTask(
    request: ProfilesRequest,
    task: TaskOptions,
  ): Promise<ProfilesBuilt> {
    return runWorkerTask(registry, task, async (ctx) => {
      const database = db();
      const source = await getDataset(database, request.datasetId);
      if (source.kind !== 'transactions') {
        throw new LensError('error.profiles.notTransactions', { name: source.name });
      }
      ctx.onProgress({ phase: 'progress.store.read', done: 0, total: 0 });
      const t0 = performance.now();
      const table = await readTable(database, request.datasetId);
      await ctx.checkpoint(true);
      const t1 = performance.now();
      ctx.onProgress({ phase: 'progress.profiles.build', done: 0, total: 0 });
      const { table: profiles, summary } = buildProfiles(
        table,
        source.mapping ?? {},
        request.options,
        ctx,
      );
      await ctx.checkpoint(true);
      const t2 = performance.now();
      const report: ProfilesReport = {
        version: 1,
        kind: 'profiles',
        sourceId: request.datasetId,
        sourceName: source.name,
        options: request.options,
        summary,
        appVersion,
        timings: { read: t1 - t0, build: t2 - t1 },
      };
      const record = await writeDataset(
        database,
        {
          name: request.name?.trim() || `${source.name} — profiles`,
          kind: 'results',
          roles: profileRoles(summary.attributes),
          parentId: request.datasetId,
          report,
        },
        profiles,
        { signal: ctx.signal, onProgress: ctx.onProgress },
      );
      return { profilesId: record.id!, summary };
    });
  }

  async function analyseCustomersTask(
    profilesId: number,
    options: CustomerAnalysisOptions,
    task: TaskOptions,
  ): Promise<CustomerAnalysis> {
    return runWorkerTask(registry, task, async (ctx) => {
      const profiles = await readTable(db(), profilesId);
      await ctx.checkpoint(true);
      return analyseCustomers(profiles, options);
    });
  }

  async function customerOrders(datasetId: number, customerId: string) {
    if (linesCache?.datasetId !== datasetId) {
      const database = db();
      const record = await getDataset(database, datasetId);
      const table = await readTable(database, datasetId);
      linesCache = { datasetId, lines: readTransactionLines(table, record.mapping ?? {}) };
    }
    return ordersOfCustomer(linesCache.lines, customerId);
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
    // Loaded on first use: tfjs is a large module graph that exportCsv never needs.
    const { initEngine } = await import('../engine/browser.ts');
    return initEngine();
  }

  function cancel(taskId: string): void {
    registry.cancel(taskId);
  }

  return {
    buildProfiles: buildProfilesTask,
    analyseCustomers: analyseCustomersTask,
    customerOrders,
    exportCsv,
    engineInfo,
    cancel,
  };
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
