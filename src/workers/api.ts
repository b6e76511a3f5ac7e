/**
 * The typed surface of the analysis worker, shared by the worker (which implements it)
 * and the page (which calls it through Comlink via `workers/client.ts`).
 *
 * Every long method takes `TaskOptions`: its `onProgress` travels as a Comlink proxy,
 * and cancellation goes through `cancel(taskId)`, because an AbortSignal cannot cross
 * the worker boundary.
 */
import type { Progress } from '../core/task.ts';

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

export interface AnalysisApi {
  /**
   * Generates the demo shop and stores it as two datasets, transactions then customers.
   * All-or-nothing as a pair: when cancelled (CancelledError) or failing after the first
   * was written, the first is deleted again.
   */
  loadDemo(options: DemoOptions, task: TaskOptions): Promise<DemoResult>;
  /** The dataset as CSV text (formula-injection-safe, UTF-8 with BOM), in a Blob ready to download. */
  exportCsv(datasetId: number, task: TaskOptions): Promise<Blob>;
  /** Initialises TensorFlow.js (once) and reports which backend it chose. */
  engineInfo(): Promise<EngineInfo>;
  /** Asks the task with this id to stop at its next checkpoint. */
  cancel(taskId: string): void;
}
