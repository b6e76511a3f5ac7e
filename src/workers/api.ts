/**
 * The typed surface of the analysis worker, shared by the worker (which implements it)
 * and the page (which calls it through Comlink via `workers/client.ts`).
 *
 * Every long method takes `TaskOptions`: its `onProgress` travels as a Comlink proxy,
 * and cancellation goes through `cancel(taskId)`, because an AbortSignal cannot cross
 * the worker boundary.
 */
import type { Progress } from '../core/task.ts';
import type {
  CleaningConfig,
  CleaningStepResult,
  ColumnSpec,
  ColumnTyping,
  Dialect,
  EncodingGuess,
  JoinStats,
  ParseOptions,
  ParseWarning,
  Preview,
  QualityReport,
} from '../core/ingest/types.ts';
import type { DatasetKind } from '../store/types.ts';
import type { CustomerAnalysis, CustomerAnalysisOptions } from '../core/customers/analyse.ts';
import type { CustomerOrder, ProfileOptions, ProfileSummary } from '../core/customers/profiles.ts';
import type { ClusterOutcome, ClusterSettings } from '../core/cluster/run.ts';
import type { ChooseKResult } from '../core/cluster/chooseK.ts';
import type { ClvOutcome, ClvSettings, GammaGammaFit, ModelFit } from '../core/clv/types.ts';
import type {
  BehaviourTarget,
  ChurnModelKind,
  ChurnOutcome,
  ChurnSettings,
  SavedChurnModel,
} from '../core/churn/index.ts';

export type {
  CustomerAnalysis,
  CustomerAnalysisOptions,
  CustomerOrder,
  ProfileOptions,
  ProfileSummary,
};

export interface DemoOptions {
  customers: number;
  months: number;
  seed: number;
  /** Last day of the data, 'YYYY-MM-DD' (UTC); the generator's default when omitted. */
  endDate?: string;
}

export interface DemoResult {
  transactionsId: number;
  customersId: number;
  transactionRows: number;
  customerRows: number;
}

export interface EngineInfo {
  /** The TensorFlow.js backend in use: 'wasm', 'webgl', 'cpu'… */
  backend: string;
  /** Backends that registered and initialised on this device. */
  available: string[];
  wasmSimd: boolean;
  wasmThreads: boolean;
  tfjsVersion: string;
  /** Milliseconds to initialise the engine. */
  initMs: number;
  /** Why this backend was chosen: developer English for a diagnostics panel, not a UI message. */
  decision: string;
  /** The wasm binary that was loaded: a same-origin URL in a browser, a file path in Node. */
  wasmUrl?: string;
  /** The WebGL renderer, when a WebGL context could be created (e.g. 'SwiftShader'). */
  webglRenderer?: string;
  /** Milliseconds per micro-benchmark run by backend, when a benchmark decided. */
  benchmarkMs?: Record<string, number>;
}

export interface TaskOptions {
  /** Unique per call; `cancel(taskId)` stops this task. `runTask` (client.ts) makes one. */
  taskId: string;
  /**
   * Called with the task's progress. A plain function: `task-transfer.ts` sends it as a
   * Comlink-exposed port (Comlink itself only proxies top-level arguments). The worker
   * throttles it to about 20 calls a second.
   */
  onProgress?: (progress: Progress) => void;
}

export interface ProfilesRequest {
  /** The transactions dataset to profile. */
  datasetId: number;
  options: ProfileOptions;
  /** Name of the stored profiles dataset; a default naming the source when omitted. */
  name?: string;
}

export interface ProfilesBuilt {
  profilesId: number;
  summary: ProfileSummary;
}

/** What a profiles dataset's `report` holds (kind 'results'). */
export interface ProfilesReport {
  version: 1;
  kind: 'profiles';
  sourceId: number;
  sourceName: string;
  options: ProfileOptions;
  summary: ProfileSummary;
  appVersion: string;
  timings: Record<string, number>;
}

export interface AnalysisApi {
  /** Builds customer profiles from a transactions dataset and stores them as a results dataset. */
  buildProfiles(request: ProfilesRequest, task: TaskOptions): Promise<ProfilesBuilt>;
  /** RFM scores and segments and lifecycle stages of a stored profiles dataset. */
  analyseCustomers(
    profilesId: number,
    options: CustomerAnalysisOptions,
    task: TaskOptions,
  ): Promise<CustomerAnalysis>;
  /** One customer's orders from the transactions dataset, for the timeline. */
  customerOrders(datasetId: number, customerId: string): Promise<CustomerOrder[]>;
  /** The dataset as CSV text (formula-injection-safe, UTF-8 with BOM), in a Blob ready to download. */
  exportCsv(datasetId: number, task: TaskOptions): Promise<Blob>;
  /** Initialises TensorFlow.js (once) and reports which backend it chose. */
  engineInfo(): Promise<EngineInfo>;
  /** Asks the task with this id to stop at its next checkpoint. */
  cancel(taskId: string): void;
}

/** What a clustering run stores in `runs`: enough to show it in the history and re-run it. */
export interface ClusterReceipt {
  id?: number;
  kind: 'cluster';
  /** The profiles dataset clustered, its name and content hash at the time. */
  datasetId: number;
  datasetName: string;
  datasetHash: string;
  createdAt: number;
  settings: ClusterSettings;
  /** TensorFlow.js backend used for k-means. */
  backend: string;
  appVersion: string;
  timings: Record<string, number>;
  summary: {
    k: number;
    n: number;
    sizes: number[];
    noise: number;
    inertia: number;
    iterations: number;
    silhouette: number | null;
    daviesBouldin: number | null;
    calinskiHarabasz: number | null;
  };
  [field: string]: unknown;
}

export interface ClusterRunOutcome extends ClusterOutcome {
  runId: number;
  receipt: ClusterReceipt;
}

export type ChooseKOutcome = ChooseKResult & { n: number };

export interface KDistanceOutcome {
  /** Sorted distances to the (minSamples − 1)-th neighbour, thinned for drawing. */
  distances: number[];
  /** Each drawn distance's 1-based rank among the `sampled` sorted distances. */
  ranks: number[];
  /** Customers the curve was computed on (a seeded sample when there are more). */
  sampled: number;
  /** The curve's knee: a suggested eps. */
  knee: number;
  n: number;
}

export interface ClusterApi {
  /** Clusters a stored profiles dataset and stores the run's receipt. */
  run(profilesId: number, settings: ClusterSettings, task: TaskOptions): Promise<ClusterRunOutcome>;
  /** k-means scores for k = kMin..kMax (elbow, silhouette, Davies–Bouldin, Calinski–Harabasz). */
  chooseK(
    profilesId: number,
    settings: ClusterSettings,
    range: { kMin: number; kMax: number },
    task: TaskOptions,
  ): Promise<ChooseKOutcome>;
  /** The sorted k-distance curve for DBSCAN's eps. */
  kDistances(
    profilesId: number,
    settings: ClusterSettings,
    task: TaskOptions,
  ): Promise<KDistanceOutcome>;
  cancel(taskId: string): void;
}

/**
 * What a lifetime-value fit stores in `runs` (kind 'clv'): the settings as given and as
 * resolved, the transactions dataset and its content hash, the per-customer results
 * dataset, the fitted parameters and the holdout check. `datasetId` is the transactions
 * dataset, so the runs of one source are found by the `datasetId` index.
 */
export interface ClvReceipt {
  id?: number;
  kind: 'clv';
  datasetId: number;
  datasetName: string;
  datasetHash: string;
  /** The stored per-customer results (kind 'results', report kind 'clv'). */
  resultsId: number;
  createdAt: number;
  settings: ClvSettings;
  /** The calibration and holdout ends the fit used (epoch ms), after defaults were applied. */
  resolved: { calibrationEnd: number; holdoutEnd: number | null; unitDays: number };
  appVersion: string;
  timings: Record<string, number>;
  summary: {
    customers: number;
    model: ModelFit;
    gammaGamma: GammaGammaFit | null;
    holdout: { actual: number; predicted: number; relativeError: number; mae: number } | null;
    totalClv: number | null;
  };
  [field: string]: unknown;
}

/** What a lifetime-value results dataset's `report` holds. */
export interface ClvResultsReport {
  version: 1;
  kind: 'clv';
  sourceId: number;
  sourceName: string;
  settings: ClvSettings;
  appVersion: string;
}

export interface ClvRunOutcome extends ClvOutcome {
  runId: number;
  resultsId: number;
  receipt: ClvReceipt;
}

export interface ClvApi {
  /**
   * Fits the transaction and spend models on a stored transactions dataset, stores the
   * per-customer results as a dataset and the receipt in `runs`; nothing is stored when
   * the settings or the data are refused.
   */
  fit(transactionsId: number, settings: ClvSettings, task: TaskOptions): Promise<ClvRunOutcome>;
  /** A customer's purchase days (epoch ms of 00:00 UTC, ascending), for the P(alive) history. */
  purchaseDays(transactionsId: number, customerId: string): Promise<number[]>;
  cancel(taskId: string): void;
}

/**
 * Where a churn run's labels come from: behaviour in a transactions dataset (a cutoff day
 * and a window after it; churn = no order in the window, purchase = an order in it), or a
 * target column of a customer table with the value that counts as positive.
 */
export type ChurnLabelSource =
  | {
      source: 'behaviour';
      /** Epoch ms of the cutoff day; null = the last order day − the window. */
      cutoff: number | null;
      windowDays: number;
      target: BehaviourTarget;
    }
  | {
      source: 'target';
      column: string;
      /** The positive value; omitted = a yes-like value when the column has exactly two. */
      positive?: string;
    };

export interface ChurnRequest {
  datasetId: number;
  labels: ChurnLabelSource;
  settings: Partial<ChurnSettings>;
}

/** The labels as the run resolved them (dates as epoch ms of 00:00 UTC). */
export interface ChurnResolvedLabels {
  source: 'behaviour' | 'target';
  /** Behaviour: the cutoff day, the window's last day, the scoring day and the data's last day. */
  cutoff: number | null;
  windowEnd: number | null;
  windowDays: number | null;
  observationEnd: number | null;
  lastDate: number | null;
  /** churn, purchase, or the target column's positive value. */
  positive: string;
  /** The target column (target labels) or null (behaviour). */
  column: string | null;
}

/** One model's figures in a churn receipt and in the runs list. */
export interface ChurnModelSummary {
  kind: ChurnModelKind;
  testAuc: number;
  averagePrecision: number;
  cvMean: number | null;
  cvStd: number | null;
  seconds: number;
}

/**
 * What a churn run stores in `runs` (kind 'churn'): the request (labels and settings), the
 * settings as resolved, the dataset and its content hash, the per-customer results dataset,
 * the models' figures and the trained models with their feature pipeline, so that a stored
 * run re-scores new data (`scoreTable`) without training again.
 */
export interface ChurnReceipt {
  id?: number;
  kind: 'churn';
  datasetId: number;
  datasetName: string;
  datasetHash: string;
  resultsId: number;
  createdAt: number;
  request: { labels: ChurnLabelSource; settings: Partial<ChurnSettings> };
  settings: ChurnSettings;
  labels: ChurnResolvedLabels;
  appVersion: string;
  backend: string | null;
  timings: Record<string, number>;
  summary: {
    rows: number;
    positives: number;
    positiveRate: number;
    scored: number;
    split: { train: number; test: number };
    models: ChurnModelSummary[];
    /** The CLV run whose values the value at risk uses, when one exists. */
    clvRunId: number | null;
  };
  models: SavedChurnModel[];
  [field: string]: unknown;
}

/** What a churn results dataset's `report` holds. */
export interface ChurnResultsReport {
  version: 1;
  kind: 'churn';
  sourceId: number;
  sourceName: string;
  labels: ChurnResolvedLabels;
  models: ChurnModelKind[];
  appVersion: string;
}

export interface ChurnRunOutcome extends ChurnOutcome {
  runId: number;
  resultsId: number;
  receipt: ChurnReceipt;
  labels: ChurnResolvedLabels;
  /**
   * Lifetime value per scored customer (aligned with scores.ids; NaN when the customer has
   * none), from the newest CLV fit of the same transactions; null when there is none.
   */
  clv: Float64Array | null;
}

/** Scores of a stored churn run's models on a dataset. */
export interface ChurnScoring {
  ids: string[];
  probability: Partial<Record<ChurnModelKind, Float64Array>>;
}

export interface ChurnApi {
  /**
   * Labels a stored dataset, trains and evaluates the chosen models, scores every customer,
   * stores the per-customer results as a dataset and the receipt (with the models) in `runs`.
   */
  train(request: ChurnRequest, task: TaskOptions): Promise<ChurnRunOutcome>;
  /**
   * Re-scores a dataset with the models stored in a churn receipt: a customer table as it
   * is, a transactions dataset through its customer profiles as of its last day. Writes
   * nothing; a dataset without a column the models use is refused with
   * error.churnRun.scoreColumnMissing, which names the column.
   */
  score(runId: number, datasetId: number, task: TaskOptions): Promise<ChurnScoring>;
  cancel(taskId: string): void;
}

/** A file to import: a File from a drop or the picker, or a Blob made from pasted text. */
export interface ImportInput {
  file: Blob;
  fileName: string;
}

export interface PreviewResult extends Omit<Preview, 'sample'> {
  /** What to start the mapping from: the remembered preset for this header, else the guesses. */
  specs: ColumnSpec[];
  /** A preset saved for the same header signature was applied. */
  presetApplied: boolean;
  kind: DatasetKind;
}

/** One column as the cleaning panel needs it. */
export interface CleaningColumn {
  name: string;
  type: 'numeric' | 'category' | 'other';
  role: string;
  /** Dict columns: the most frequent values (at most 200). */
  distinctValues?: { value: string; count: number }[];
}

/** A parsed, typed file held by the import worker until it is saved or discarded. */
export interface ParsedSession {
  sessionId: string;
  fileName: string;
  bytes: number;
  encoding: EncodingGuess;
  dialect: Dialect;
  sheet?: string;
  rows: number;
  warnings: ParseWarning[];
  warningCount: number;
  specs: ColumnSpec[];
  typing: ColumnTyping[];
  report: QualityReport;
  kind: DatasetKind;
  columns: CleaningColumn[];
  synonymSuggestions: Record<string, Record<string, string>>;
  cleaning: CleaningConfig;
}

export interface SaveRequest {
  name: string;
  kind: DatasetKind;
  cleaning: CleaningConfig;
}

export interface SaveResult {
  datasetId: number;
  rows: number;
}

export interface JoinRequest {
  transactionsId: number;
  transactionsKey: string;
  customersId: number;
  customersKey: string;
}

export interface IngestApi {
  /** Sniffs the file and reads its head: encoding, dialect, the first rows, column guesses. */
  preview(input: ImportInput, options: ParseOptions, task: TaskOptions): Promise<PreviewResult>;
  /** Parses and types the whole file and reports its quality; nothing is stored yet. */
  parse(
    input: ImportInput,
    options: ParseOptions,
    specs: ColumnSpec[],
    task: TaskOptions,
  ): Promise<ParsedSession>;
  /** How many rows / cells each cleaning step would touch (cheap; called while editing). */
  planCleaning(sessionId: string, config: CleaningConfig): Promise<CleaningStepResult[]>;
  /** The quality report of the cleaned table, without storing it. */
  reportAfterCleaning(
    sessionId: string,
    config: CleaningConfig,
    task: TaskOptions,
  ): Promise<QualityReport>;
  /** Cleans and stores the session's table in one transaction, with its import receipt. */
  save(sessionId: string, request: SaveRequest, task: TaskOptions): Promise<SaveResult>;
  /** Forgets a session (Cancel, or a new file). */
  discard(sessionId: string): Promise<void>;
  /** Match statistics of joining a customers dataset onto a transactions dataset. */
  joinStats(request: JoinRequest, task: TaskOptions): Promise<JoinStats>;
  /** Stores the joined table as a new transactions dataset. */
  join(request: JoinRequest & { name: string }, task: TaskOptions): Promise<SaveResult>;
  /** Generates the demo shop and imports it through the same pipeline as a file. */
  loadDemo(options: DemoOptions, task: TaskOptions): Promise<DemoResult>;
  cancel(taskId: string): void;
}
