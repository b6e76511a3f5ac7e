/**
 * The churn worker's implementation of ChurnApi: read a stored dataset and its column
 * roles, label it (behaviour in transactions, or a target column of a customer table),
 * train and evaluate the models in core (src/core/churn), store every scored customer as a
 * results dataset (probability per model, the first model's top reasons in words, and the
 * lifetime value and value at risk when the same transactions have a CLV fit) and the
 * run's receipt — with the trained models and their feature pipeline — in `runs`. Kept
 * apart from the worker entry so that it reads as plain code and runs in tests.
 *
 * Cancelling: the page cancels by terminating this worker (client.ts), as the core's
 * fitters are synchronous loops; `cancel(taskId)` also works, at the core's checkpoints.
 * Nothing is written before a run has finished, and when the receipt cannot be stored the
 * results dataset is removed again.
 */
import { LensError } from '../core/errors.ts';
import { buildProfiles, DAY_MS } from '../core/customers/profiles.ts';
import { readTransactionLines } from '../core/customers/transactions.ts';
import {
  behaviouralLabels,
  describeReason,
  resolveChurnSettings,
  runChurn,
  scoreTable,
  targetLabels,
  type ChurnModelKind,
  type ChurnOutcome,
  type LabelledData,
  type Reason,
} from '../core/churn/index.ts';
import {
  cellValue,
  dictColumn,
  findColumn,
  numericColumn,
  type Column,
  type ColumnRole,
  type Table,
} from '../core/table/index.ts';
import {
  deleteDataset,
  getDataset,
  getDb,
  readTable,
  writeDataset,
  type LensDb,
} from '../store/index.ts';
import type { DatasetRecord } from '../store/types.ts';
import type {
  ChurnApi,
  ChurnReceipt,
  ChurnRequest,
  ChurnResolvedLabels,
  ChurnResultsReport,
  ChurnRunOutcome,
  ChurnScoring,
  ClvReceipt,
  TaskOptions,
} from './api.ts';
import { TaskRegistry, runWorkerTask } from './tasks.ts';

/** The results dataset's name: "<source name> — churn risk" (or "— purchase intent"). */
export function churnResultsName(sourceName: string, positive: string): string {
  return `${sourceName} — ${positive === 'purchase' ? 'purchase intent' : 'churn risk'}`;
}

/** Column of the probability of one model in the results dataset. */
export function probabilityColumn(kind: ChurnModelKind): string {
  return `p_${kind}`;
}

/** English words of a reason, as the catalogue's en templates write them (exports, CLI). */
export function reasonWords(reason: Reason): string {
  const { key, params } = describeReason(reason);
  if (key === 'churn.reason.value') return `${params.feature} ${params.value} (${params.sign})`;
  if (key === 'churn.reason.is') return `${params.feature} (${params.sign})`;
  return `not ${params.feature} (${params.sign})`;
}

/** Last order day (00:00 UTC) of a transactions dataset: its column statistics, else its rows. */
function lastOrderDay(record: DatasetRecord, table: Table, roles: Record<string, ColumnRole>) {
  const column = record.columns.find((c) => roles[c.name] === 'orderDate');
  const max = column?.stats?.max;
  if (max !== undefined && Number.isFinite(max)) return Math.floor(max / DAY_MS) * DAY_MS;
  const lines = readTransactionLines(table, roles);
  let last = -Infinity;
  for (let i = 0; i < lines.rows; i++) if (lines.time[i] > last) last = lines.time[i];
  if (!Number.isFinite(last)) throw new LensError('error.churnRun.noDates', { name: record.name });
  return Math.floor(last / DAY_MS) * DAY_MS;
}

/** The lifetime value of each id from the newest CLV fit of `sourceId` (NaN where missing). */
async function clvOf(
  db: LensDb,
  sourceId: number,
  ids: string[],
): Promise<{ runId: number; values: Float64Array } | null> {
  const receipts = (await db.runs
    .where('datasetId')
    .equals(sourceId)
    .filter((r) => r.kind === 'clv')
    .toArray()) as ClvReceipt[];
  receipts.sort((a, b) => b.createdAt - a.createdAt || (b.id ?? 0) - (a.id ?? 0));
  for (const receipt of receipts) {
    let results: Table;
    try {
      results = await readTable(db, receipt.resultsId);
    } catch {
      continue; // deleted: try the fit before
    }
    const idColumn = findColumn(results, 'customer_id');
    const clvColumn = findColumn(results, 'clv');
    if (!idColumn || !clvColumn) return null;
    const byId = new Map<string, number>();
    for (let r = 0; r < results.rowCount; r++) {
      const id = cellValue(idColumn, r);
      const v = cellValue(clvColumn, r);
      if (id !== null && typeof v === 'number') byId.set(String(id), v);
    }
    if (byId.size === 0) return null;
    return {
      runId: receipt.id ?? 0,
      values: Float64Array.from(ids, (id) => byId.get(id) ?? NaN),
    };
  }
  return null;
}

/** The per-customer results: id, probability per model, reasons, CLV and value at risk. */
export function churnResultsTable(
  outcome: ChurnOutcome,
  clv: Float64Array | null,
  churnLike: boolean,
): Table {
  const { ids, probability, reasons } = outcome.scores;
  const columns: Column[] = [dictColumn('customer_id', ids)];
  for (const m of outcome.models) {
    columns.push(numericColumn(probabilityColumn(m.kind), 'f64', Array.from(probability[m.kind]!)));
  }
  const first = outcome.models[0].kind;
  const firstReasons = reasons[first];
  if (firstReasons) {
    columns.push(
      dictColumn(
        'reasons',
        firstReasons.map((list) => list.map(reasonWords).join('; ')),
      ),
    );
  }
  if (clv) {
    columns.push(numericColumn('clv', 'f64', Array.from(clv)));
    if (churnLike) {
      const p = probability[first]!;
      columns.push(
        numericColumn(
          'value_at_risk',
          'f64',
          Array.from(clv, (v, i) => v * p[i]),
        ),
      );
    }
  }
  return { rowCount: ids.length, columns };
}

/**
 * A saved model's probabilities on a table; a column the pipeline needs and the table lacks
 * is reported with both datasets' names and what to do about it.
 */
function scoreSaved(
  saved: ChurnReceipt['models'][number],
  table: Table,
  name: string,
  source: string,
): Float64Array {
  try {
    return scoreTable(saved, table);
  } catch (err) {
    if (err instanceof LensError && err.code === 'error.churn.columnMissing')
      throw new LensError('error.churnRun.scoreColumnMissing', {
        column: err.params.column,
        name,
        source,
      });
    throw err;
  }
}

export function createChurnApi(
  db: () => LensDb = getDb,
  appVersion = 'dev',
  initEngine: () => Promise<{ backend: string }> = async () => {
    const engine = await import('../engine/browser.ts');
    return engine.initEngine();
  },
): ChurnApi {
  const registry = new TaskRegistry();

  async function train(request: ChurnRequest, task: TaskOptions): Promise<ChurnRunOutcome> {
    return runWorkerTask(registry, task, async (ctx) => {
      // Refuse bad settings before reading anything.
      const settings = resolveChurnSettings(request.settings);
      const database = db();
      const record = await getDataset(database, request.datasetId);
      const roles = record.mapping ?? {};
      const spec = request.labels;
      if (spec.source === 'behaviour' && record.kind !== 'transactions')
        throw new LensError('error.churnRun.notTransactions', { name: record.name });
      if (spec.source === 'target' && record.kind === 'transactions')
        throw new LensError('error.churnRun.notCustomers', { name: record.name });

      ctx.onProgress({ phase: 'progress.store.read', done: 0, total: 0 });
      const t0 = performance.now();
      const table = await readTable(database, request.datasetId);
      await ctx.checkpoint(true);
      const t1 = performance.now();

      let data: LabelledData;
      let resolved: ChurnResolvedLabels;
      if (spec.source === 'behaviour') {
        const cutoff = spec.cutoff ?? lastOrderDay(record, table, roles) - spec.windowDays * DAY_MS;
        const labels = behaviouralLabels(
          table,
          roles,
          { cutoff, windowDays: spec.windowDays, target: spec.target },
          ctx,
        );
        data = labels;
        resolved = {
          source: 'behaviour',
          cutoff: labels.cutoff,
          windowEnd: labels.windowEnd,
          windowDays: labels.windowDays,
          observationEnd: labels.observationEnd,
          lastDate: labels.lastDate,
          positive: labels.behaviour,
          column: null,
        };
      } else {
        data = targetLabels(table, roles, {
          target: spec.column,
          ...(spec.positive === undefined || spec.positive === ''
            ? {}
            : { positive: spec.positive }),
        });
        resolved = {
          source: 'target',
          cutoff: null,
          windowEnd: null,
          windowDays: null,
          observationEnd: null,
          lastDate: null,
          positive: data.positive,
          column: data.target,
        };
      }
      await ctx.checkpoint(true);
      const backend = settings.models.includes('mlp') ? (await initEngine()).backend : null;
      const t2 = performance.now();
      const outcome = await runChurn(data, settings, ctx);
      await ctx.checkpoint(true);
      const t3 = performance.now();

      const clv =
        record.kind === 'transactions'
          ? await clvOf(database, request.datasetId, outcome.scores.ids)
          : null;
      const churnLike = resolved.positive !== 'purchase';
      const results = churnResultsTable(outcome, clv?.values ?? null, churnLike);
      const report: ChurnResultsReport = {
        version: 1,
        kind: 'churn',
        sourceId: request.datasetId,
        sourceName: record.name,
        labels: resolved,
        models: settings.models,
        appVersion,
      };
      const stored = await writeDataset(
        database,
        {
          name: churnResultsName(record.name, resolved.positive),
          kind: 'results',
          roles: { customer_id: 'customerId' },
          parentId: request.datasetId,
          report,
        },
        results,
        ctx,
      );
      const resultsId = stored.id!;
      const t4 = performance.now();
      const timings = {
        ...outcome.timings,
        read: t1 - t0,
        label: t2 - t1,
        train: t3 - t2,
        store: t4 - t3,
      };
      const receipt: ChurnReceipt = {
        kind: 'churn',
        datasetId: request.datasetId,
        datasetName: record.name,
        datasetHash: record.contentHash,
        resultsId,
        createdAt: Date.now(),
        request: { labels: spec, settings: request.settings },
        settings: outcome.settings,
        labels: resolved,
        appVersion,
        backend,
        timings,
        summary: {
          rows: outcome.rows,
          positives: outcome.positives,
          positiveRate: outcome.positiveRate,
          scored: outcome.scores.ids.length,
          split: outcome.split,
          models: outcome.models.map((m) => ({
            kind: m.kind,
            testAuc: m.test.auc,
            averagePrecision: m.test.averagePrecision,
            cvMean: m.cv?.mean ?? null,
            cvStd: m.cv?.std ?? null,
            seconds: m.seconds,
          })),
          clvRunId: clv?.runId ?? null,
        },
        models: outcome.models.map((m) => m.saved),
      };
      let runId: number;
      try {
        runId = Number(await database.runs.add(receipt));
      } catch (err) {
        await deleteDataset(database, resultsId).catch(() => false);
        throw err;
      }
      return {
        ...outcome,
        timings,
        runId,
        resultsId,
        receipt: { ...receipt, id: runId },
        labels: resolved,
        clv: clv?.values ?? null,
      };
    });
  }

  async function score(runId: number, datasetId: number, task: TaskOptions): Promise<ChurnScoring> {
    return runWorkerTask(registry, task, async (ctx) => {
      const database = db();
      const receipt = (await database.runs.get(runId)) as ChurnReceipt | undefined;
      if (!receipt || receipt.kind !== 'churn')
        throw new LensError('error.churnRun.noRun', { id: runId });
      const record = await getDataset(database, datasetId);
      const roles = record.mapping ?? {};
      ctx.onProgress({ phase: 'progress.store.read', done: 0, total: 0 });
      let table = await readTable(database, datasetId);
      await ctx.checkpoint(true);
      let ids: string[];
      if (record.kind === 'transactions') {
        table = buildProfiles(table, roles, {}, ctx).table;
        const c = findColumn(table, 'customer_id');
        ids = Array.from({ length: table.rowCount }, (_, r) => String(c ? cellValue(c, r) : r + 1));
      } else {
        const c = table.columns.find((col) => roles[col.name] === 'customerId');
        ids = Array.from({ length: table.rowCount }, (_, r) => {
          const v = c ? cellValue(c, r) : null;
          return v === null ? String(r + 1) : String(v);
        });
      }
      await ctx.checkpoint(true);
      if (receipt.models.some((m) => m.model.kind === 'mlp')) await initEngine();
      ctx.onProgress({ phase: 'progress.churn.score', done: 0, total: receipt.models.length });
      const probability: ChurnScoring['probability'] = {};
      for (const [k, saved] of receipt.models.entries()) {
        probability[saved.model.kind] = scoreSaved(saved, table, record.name, receipt.datasetName);
        ctx.onProgress({
          phase: 'progress.churn.score',
          done: k + 1,
          total: receipt.models.length,
        });
        await ctx.checkpoint();
      }
      return { ids, probability };
    });
  }

  return { train, score, cancel: (taskId: string) => registry.cancel(taskId) };
}
