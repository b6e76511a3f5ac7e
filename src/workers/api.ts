/**
 * The typed surface of the analysis worker, shared by the worker (which implements it)
 * and the page (which calls it through Comlink via `workers/client.ts`).
 *
 * Every long method takes a `TaskHandle`: its `onProgress` is a Comlink-proxied callback,
 * and cancellation goes through `cancel(taskId)`, because an AbortSignal cannot cross
 * the worker boundary.
 */
import type { Progress } from '../core/task.ts';

export interface DemoOptions {
  customers: number;
  months: number;
  seed: number;
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
}

export interface TaskOptions {
  taskId: string;
  onProgress?: (progress: Progress) => void;
}

export interface AnalysisApi {
  /** Generates the demo shop and stores it as two datasets (all-or-nothing each). */
  loadDemo(options: DemoOptions, task: TaskOptions): Promise<DemoResult>;
  /** The dataset as CSV text (formula-injection-safe), in a Blob ready to download. */
  exportCsv(datasetId: number, task: TaskOptions): Promise<Blob>;
  /** Initialises TensorFlow.js (once) and reports which backend it chose. */
  engineInfo(): Promise<EngineInfo>;
  /** Asks the task with this id to stop at its next checkpoint. */
  cancel(taskId: string): void;
}
