/**
 * The import worker's implementation of IngestApi: read the file, call the core import
 * pipeline, keep the parsed table until the user saves or discards it, write it to the
 * store. `ingest.worker.ts` only exposes it.
 */
import { LensError } from '../core/errors.ts';
import { generateDemoShop } from '../core/demo/index.ts';
import { tableToCsv } from '../core/table/csv.ts';
import { dictCodeCounts, type StatsCache } from '../core/table/stats.ts';
import type { ColumnRole, Table } from '../core/table/index.ts';
import { defaultCleaningConfig, planCleaning } from '../core/ingest/clean.ts';
import { joinAttributes, joinStats } from '../core/ingest/join.ts';
import { MIN_SPLIT_CELLS, typeAndReportWithHelper } from '../core/ingest/column-job.ts';
import { bytesSource, parseFile, previewFile } from '../core/ingest/parse-file.ts';
import {
  applyPreset,
  buildReceipt,
  cleanAndReport,
  cleaningIsOn,
  guessColumns,
  guessKind,
  guessSpecs,
  specsFromGuesses,
  typeAndReport,
} from '../core/ingest/pipeline.ts';
import { headerSignature } from '../core/ingest/roles.ts';
import { suggestSynonyms } from '../core/ingest/synonyms.ts';
import type {
  CleaningConfig,
  ColumnSpec,
  ParseOptions,
  ParsedFile,
  QualityReport,
  TypedImport,
} from '../core/ingest/types.ts';
import {
  deleteDataset,
  getDataset,
  prepareWrite,
  type PreparedWrite,
  getDb,
  getSetting,
  readTable,
  setSetting,
  writeDataset,
  type LensDb,
} from '../store/index.ts';
import type { DatasetKind } from '../store/types.ts';
import type {
  CleaningColumn,
  DemoOptions,
  DemoResult,
  ImportInput,
  IngestApi,
  JoinRequest,
  ParsedSession,
  PreviewResult,
  SaveRequest,
  SaveResult,
  TaskOptions,
} from './api.ts';
import { blobSource } from './blob-source.ts';
import { columnHelper, partParserFor, warmPartWorker } from './part-client.ts';
import { TaskRegistry, runWorkerTask } from './tasks.ts';

/** Names stored with the demo datasets (the UI labels them in the user's language from `source.generator`). */
export const DEMO_DATASET_NAMES = {
  transactions: 'Demo shop — transactions',
  customers: 'Demo shop — customers',
} as const;

/** Parsed files kept at once; an older one is dropped when a new file is parsed. */
const MAX_SESSIONS = 2;
const PRESET_PREFIX = 'import.preset.';
const TOP_VALUES = 200;
const ID_ROLES: ReadonlySet<string> = new Set(['customerId', 'orderId', 'productId']);

interface Session {
  parsed: ParsedFile;
  specs: ColumnSpec[];
  typed: TypedImport;
  before: QualityReport;
  timings: Record<string, number>;
  /** Stats of the session's columns, from its quality reports (saving stores them). */
  stats: StatsCache;
  /**
   * The typed table's chunks and content hash, prepared right after the report is sent
   * (while the person reads it), for a save without cleaning.
   */
  prepared?: Promise<PreparedWrite | null>;
}

interface Preset {
  specs: ColumnSpec[];
  options: ParseOptions;
}

export { blobSource };

/**
 * `useParts`: parse large UTF-8 files in two workers (the import worker starts the second);
 * off where the api runs outside a worker that may start workers (e.g. tests in a page).
 */
export function createIngestApi(
  db: () => LensDb = getDb,
  appVersion = 'dev',
  useParts = false,
): IngestApi {
  const registry = new TaskRegistry();
  const sessions = new Map<string, Session>();
  let sessionCounter = 0;

  function keep(session: Session): string {
    sessionCounter += 1;
    const id = `s${sessionCounter}`;
    sessions.set(id, session);
    while (sessions.size > MAX_SESSIONS) sessions.delete(sessions.keys().next().value!);
    return id;
  }

  function session(id: string): Session {
    const s = sessions.get(id);
    if (!s) throw new LensError('error.import.sessionGone');
    return s;
  }

  async function preview(
    input: ImportInput,
    options: ParseOptions,
    task: TaskOptions,
  ): Promise<PreviewResult> {
    return runWorkerTask(registry, task, async (ctx) => {
      // The whole-file read that usually follows parses large files in two workers.
      if (useParts) warmPartWorker();
      const p = await previewFile(blobSource(input.file, input.fileName), options, ctx);
      const guesses = p.sample ? guessColumns(p.sample) : p.columns;
      const guessed = p.sample ? guessSpecs(p.sample, p.dialect.format) : specsFromGuesses(guesses);
      const preset = await getSetting<Preset | null>(
        db(),
        PRESET_PREFIX + headerSignature(p.header),
        null,
      );
      const fromPreset = preset ? applyPreset(guessed, preset.specs) : null;
      const specs = fromPreset ?? guessed;
      const { sample: _sample, ...rest } = p;
      return {
        ...rest,
        columns: guesses,
        specs,
        presetApplied: fromPreset !== null,
        kind: guessKind(
          specs.map((s) => s.role),
          p.dialect.format,
        ),
      };
    });
  }

  async function parse(
    input: ImportInput,
    options: ParseOptions,
    specs: ColumnSpec[],
    task: TaskOptions,
  ): Promise<ParsedSession> {
    return runWorkerTask(registry, task, async (ctx) => {
      const t0 = performance.now();
      const parts = useParts ? partParserFor(input.file) : undefined;
      const parsed = await parseFile(
        blobSource(input.file, input.fileName),
        options,
        ctx,
        parts ? { parts } : {},
      );
      await ctx.checkpoint(true);
      const t1 = performance.now();
      const stats: StatsCache = new Map();
      const helper = useParts ? columnHelper() : undefined;
      const cells = parsed.table.rowCount * specs.filter((s) => s.role !== 'ignore').length;
      const {
        typed,
        report,
        timings: steps,
      } = helper && cells >= MIN_SPLIT_CELLS
        ? await typeAndReportWithHelper(parsed, specs, helper, ctx, stats)
        : typeAndReport(parsed, specs, ctx, stats);
      const t2 = performance.now();
      const timings: Record<string, number> = {
        parse: t1 - t0,
        ...prefixed('parse.', parsed.timings),
        typeAndReport: t2 - t1,
        ...prefixed('typeAndReport.', steps),
      };
      const kept: Session = { parsed, specs, typed, before: report, timings, stats };
      const id = keep(kept);
      const described = describeSession(id, parsed, specs, typed, report);
      timings.describe = performance.now() - t2;
      // After the answer has gone: saving without cleaning then only opens the transaction.
      kept.prepared = new Promise((resolve) => setTimeout(resolve, 0)).then(() =>
        sessions.has(id) ? prepareWrite(typed.table, { stats }).catch(() => null) : null,
      );
      return described;
    });
  }

  async function planCleaningFor(
    sessionId: string,
    config: CleaningConfig,
  ): Promise<ReturnType<typeof planCleaning>> {
    return planCleaning(session(sessionId).typed, config);
  }

  async function reportAfterCleaning(
    sessionId: string,
    config: CleaningConfig,
    task: TaskOptions,
  ): Promise<QualityReport> {
    return runWorkerTask(registry, task, async (ctx) => {
      const s = session(sessionId);
      return cleanAndReport(s.typed, config, ctx).after;
    });
  }

  async function save(
    sessionId: string,
    request: SaveRequest,
    task: TaskOptions,
  ): Promise<SaveResult> {
    return runWorkerTask(registry, task, async (ctx) => {
      const s = session(sessionId);
      const t0 = performance.now();
      const cleaned = cleaningIsOn(request.cleaning)
        ? cleanAndReport(s.typed, request.cleaning, ctx, s.stats)
        : null;
      await ctx.checkpoint(true);
      const table = cleaned?.table ?? s.typed.table;
      const timings: Record<string, number> = { ...s.timings, clean: performance.now() - t0 };
      const receipt = buildReceipt({
        parsed: s.parsed,
        specs: s.specs,
        typed: s.typed,
        before: s.before,
        ...(cleaned
          ? {
              cleaning: { config: request.cleaning, steps: cleaned.steps, after: cleaned.after },
            }
          : {}),
        appVersion,
        timings,
      });
      const record = await writeDataset(
        db(),
        {
          name: request.name,
          kind: request.kind,
          roles: rolesOf(table, s.typed.roles),
          source: {
            fileName: s.parsed.fileName,
            bytes: s.parsed.bytes,
            encoding: s.parsed.encoding.encoding,
            delimiter: s.parsed.dialect.delimiter,
            generator: { name: 'import', params: { format: s.parsed.dialect.format } },
          },
          report: receipt,
        },
        table,
        {
          signal: ctx.signal,
          onProgress: ctx.onProgress,
          timings,
          stats: s.stats,
          prepared: cleaned ? undefined : ((await s.prepared) ?? undefined),
        },
      );
      // Remember the mapping for the next export with the same header.
      await setSetting<Preset>(
        db(),
        PRESET_PREFIX + headerSignature(s.parsed.table.columns.map((c) => c.name)),
        { specs: s.specs, options: optionsOf(s.parsed) },
      ).catch(() => undefined);
      sessions.delete(sessionId);
      return { datasetId: requireId(record.id), rows: record.rowCount };
    });
  }

  async function discard(sessionId: string): Promise<void> {
    sessions.delete(sessionId);
  }

  async function readJoinInputs(
    request: JoinRequest,
  ): Promise<{ transactions: Table; customers: Table }> {
    const database = db();
    const [transactions, customers] = await Promise.all([
      readTable(database, request.transactionsId),
      readTable(database, request.customersId),
    ]);
    return { transactions, customers };
  }

  async function joinStatsFor(request: JoinRequest, task: TaskOptions) {
    return runWorkerTask(registry, task, async () => {
      const { transactions, customers } = await readJoinInputs(request);
      return joinStats(transactions, request.transactionsKey, customers, request.customersKey);
    });
  }

  async function join(
    request: JoinRequest & { name: string },
    task: TaskOptions,
  ): Promise<SaveResult> {
    return runWorkerTask(registry, task, async (ctx) => {
      const database = db();
      const [txRecord, custRecord] = await Promise.all([
        getDataset(database, request.transactionsId),
        getDataset(database, request.customersId),
      ]);
      const { transactions, customers } = await readJoinInputs(request);
      await ctx.checkpoint(true);
      const { table, stats } = joinAttributes(
        transactions,
        request.transactionsKey,
        customers,
        request.customersKey,
      );
      const roles: Record<string, ColumnRole> = {};
      const known = new Set(table.columns.map((c) => c.name));
      for (const [name, role] of Object.entries(custRecord.mapping ?? {})) {
        if (name !== request.customersKey && known.has(name)) roles[name] = role;
      }
      Object.assign(roles, txRecord.mapping ?? {});
      const record = await writeDataset(
        database,
        {
          name: request.name,
          kind: 'transactions',
          roles,
          parentId: request.transactionsId,
          ...(txRecord.source ? { source: txRecord.source } : {}),
          report: {
            version: 1,
            join: {
              transactionsId: request.transactionsId,
              transactionsKey: request.transactionsKey,
              customersId: request.customersId,
              customersKey: request.customersKey,
              stats,
            },
          },
        },
        table,
        { signal: ctx.signal, onProgress: ctx.onProgress },
      );
      return { datasetId: requireId(record.id), rows: record.rowCount };
    });
  }

  async function loadDemo(options: DemoOptions, task: TaskOptions): Promise<DemoResult> {
    return runWorkerTask(registry, task, async (ctx) => {
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
      const database = db();
      const written: number[] = [];
      try {
        // Through CSV text and the import pipeline, exactly like a user's file: the
        // demo's dirt (duplicates, missing values, mixed date spellings) shows in the report.
        for (const table of ['transactions', 'customers'] as const) {
          const csv = new TextEncoder().encode(tableToCsv(demo[table]));
          const fileName = `demo-${table}.csv`;
          const parsed = await parseFile(bytesSource(fileName, csv), {}, ctx);
          await ctx.checkpoint(true);
          const specs = specsFromGuesses(guessColumns(parsed.table)).map((s) => ({
            ...s,
            role: demo.roles[table][s.name] ?? s.role,
          }));
          const { typed, report } = typeAndReport(parsed, specs, ctx);
          await ctx.checkpoint(true);
          const record = await writeDataset(
            database,
            {
              name: DEMO_DATASET_NAMES[table],
              kind: table,
              roles: typed.roles,
              source: {
                fileName,
                bytes: csv.byteLength,
                encoding: 'utf-8',
                delimiter: ',',
                generator: { name: 'demo', params: { ...params, table } },
              },
              report: buildReceipt({
                parsed,
                specs,
                typed,
                before: report,
                appVersion,
                timings: {},
              }),
            },
            typed.table,
            { signal: ctx.signal, onProgress: ctx.onProgress },
          );
          written.push(requireId(record.id));
          await ctx.checkpoint(true);
        }
        return {
          transactionsId: written[0],
          customersId: written[1],
          transactionRows: (await getDataset(database, written[0])).rowCount,
          customerRows: (await getDataset(database, written[1])).rowCount,
        };
      } catch (err) {
        // Each write is all-or-nothing; the pair is made so by removing what was written.
        for (const id of written) await deleteDataset(database, id).catch(() => false);
        throw err;
      }
    });
  }

  function cancel(taskId: string): void {
    registry.cancel(taskId);
  }

  return {
    preview,
    parse,
    planCleaning: planCleaningFor,
    reportAfterCleaning,
    save,
    discard,
    joinStats: joinStatsFor,
    join,
    loadDemo,
    cancel,
  };
}

function describeSession(
  sessionId: string,
  parsed: ParsedFile,
  specs: ColumnSpec[],
  typed: TypedImport,
  report: QualityReport,
): ParsedSession {
  const columns = cleaningColumns(typed);
  const synonymSuggestions: ParsedSession['synonymSuggestions'] = {};
  for (const c of columns) {
    if (c.type !== 'category' || !c.distinctValues) continue;
    const suggestion = suggestSynonyms(
      c.distinctValues.map((v) => v.value),
      typed.roles[c.name] ?? 'attribute',
    );
    if (Object.keys(suggestion).length > 0) synonymSuggestions[c.name] = suggestion;
  }
  return {
    sessionId,
    fileName: parsed.fileName,
    bytes: parsed.bytes,
    encoding: parsed.encoding,
    dialect: parsed.dialect,
    ...(parsed.sheet ? { sheet: parsed.sheet } : {}),
    rows: typed.table.rowCount,
    warnings: parsed.warnings,
    warningCount: parsed.warningCount,
    specs,
    typing: typed.typing,
    report,
    kind: guessKind(
      specs.map((s) => s.role),
      parsed.dialect.format,
    ) as DatasetKind,
    columns,
    synonymSuggestions,
    cleaning: defaultCleaningConfig(typed),
  };
}

/** The columns the cleaning panel offers, with the most frequent values of text columns. */
function cleaningColumns(typed: TypedImport): CleaningColumn[] {
  return typed.table.columns.map((column) => {
    const role = typed.roles[column.name] ?? 'attribute';
    if (column.type === 'dict') {
      if (ID_ROLES.has(role)) return { name: column.name, type: 'other', role };
      const counts = dictCodeCounts(column, typed.table.rowCount);
      const order = [...counts.keys()].filter((k) => counts[k] > 0);
      order.sort((a, b) => counts[b] - counts[a]);
      return {
        name: column.name,
        type: 'category',
        role,
        distinctValues: order
          .slice(0, TOP_VALUES)
          .map((k) => ({ value: column.dictionary[k], count: counts[k] })),
      };
    }
    if (column.type === 'date') return { name: column.name, type: 'other', role };
    return { name: column.name, type: 'numeric', role };
  });
}

/** `steps` with every key prefixed (for the receipt's flat timings). */
function prefixed(
  prefix: string,
  steps: Record<string, number> | undefined,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(steps ?? {})) out[prefix + k] = v;
  return out;
}

function rolesOf(table: Table, roles: Record<string, ColumnRole>): Record<string, ColumnRole> {
  const out: Record<string, ColumnRole> = {};
  for (const c of table.columns) out[c.name] = roles[c.name] ?? 'attribute';
  return out;
}

function optionsOf(parsed: ParsedFile): ParseOptions {
  return {
    encoding: parsed.encoding.encoding,
    format: parsed.dialect.format,
    delimiter: parsed.dialect.delimiter,
    header: parsed.dialect.header,
  };
}

function requireId(id: number | undefined): number {
  if (id === undefined) throw new Error('writeDataset returned a record without an id');
  return id;
}
