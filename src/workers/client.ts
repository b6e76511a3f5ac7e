/**
 * The page side of the analysis worker: one lazily created module worker per tab,
 * wrapped with Comlink, and `runTask` to call it with progress and cancellation.
 *
 * ```ts
 * const controller = new AbortController();
 * const result = await runTask((api, task) => api.exportCsv(datasetId, task), {
 *   onProgress: (p) => (progress = p),
 *   signal: controller.signal,
 * });
 * // on failure: const { code, params } = describeError(err); translate(code, params)
 * ```
 */
import { wrap, type Remote } from 'comlink';
import { CancelledError, LensError } from '../core/errors.ts';
import type { Progress } from '../core/task.ts';
import type { AnalysisApi, ChurnApi, ClusterApi, ClvApi, IngestApi, TaskOptions } from './api.ts';
import './errors-transfer.ts';
import './task-transfer.ts';

export { describeError, type ErrorDescription } from './errors-transfer.ts';

export type AnalysisWorker = Remote<AnalysisApi>;
export type IngestWorker = Remote<IngestApi>;
export type ClusterWorker = Remote<ClusterApi>;
export type ClvWorker = Remote<ClvApi>;
export type ChurnWorker = Remote<ChurnApi>;

interface WorkerEntry<Api> {
  worker: Worker;
  api: Remote<Api>;
  /** Rejecters of the tasks running on this worker, called when it dies. */
  pending: Set<(err: Error) => void>;
}

/**
 * One lazily created module worker of one kind, recreated after a crash. The URL must
 * be written inline in `new Worker(new URL(...))` for Vite to bundle it, hence `create`.
 */
class WorkerSlot<Api> {
  private current: WorkerEntry<Api> | null = null;

  constructor(private readonly create: () => Worker) {}

  entry(): WorkerEntry<Api> {
    if (this.current) return this.current;
    const worker = this.create();
    const created: WorkerEntry<Api> = { worker, api: wrap<Api>(worker), pending: new Set() };
    // Comlink catches what the exposed methods throw, so an 'error' event here means the
    // worker itself failed: its script did not load, or an error escaped outside a call.
    // Its pending calls would never settle: fail them and start afresh on the next call.
    worker.addEventListener('error', (event: ErrorEvent) => {
      this.stop(
        created,
        new LensError('error.worker.crashed', { message: event.message || 'unknown' }),
      );
    });
    this.current = created;
    return created;
  }

  stop(target: WorkerEntry<Api>, reason: Error): void {
    if (this.current === target) this.current = null;
    target.worker.terminate();
    for (const reject of [...target.pending]) reject(reason);
    target.pending.clear();
  }

  terminate(): void {
    if (this.current) this.stop(this.current, new CancelledError());
  }
}

const analysis = new WorkerSlot<AnalysisApi>(
  () =>
    new Worker(new URL('./analysis.worker.ts', import.meta.url), {
      type: 'module',
      name: 'customer-lens-analysis',
    }),
);

const ingest = new WorkerSlot<IngestApi>(
  () =>
    new Worker(new URL('./ingest.worker.ts', import.meta.url), {
      type: 'module',
      name: 'customer-lens-ingest',
    }),
);

const cluster = new WorkerSlot<ClusterApi>(
  () =>
    new Worker(new URL('./cluster.worker.ts', import.meta.url), {
      type: 'module',
      name: 'customer-lens-cluster',
    }),
);

const clv = new WorkerSlot<ClvApi>(
  () =>
    new Worker(new URL('./clv.worker.ts', import.meta.url), {
      type: 'module',
      name: 'customer-lens-clv',
    }),
);

const churn = new WorkerSlot<ChurnApi>(
  () =>
    new Worker(new URL('./churn.worker.ts', import.meta.url), {
      type: 'module',
      name: 'customer-lens-churn',
    }),
);

/** The analysis worker of this tab, created on first use (and again after a crash). */
export function getAnalysisWorker(): AnalysisWorker {
  return analysis.entry().api;
}

/**
 * Terminates the worker at once (e.g. on "Delete all data" or page teardown). Running
 * tasks reject with CancelledError; a new worker is created by the next call.
 * Prefer cancelling through `runTask`'s signal: that lets the task clean up.
 */
export function terminateAnalysisWorker(): void {
  analysis.terminate();
}

/** Like terminateAnalysisWorker, for the import worker (it also drops its parsed sessions). */
export function terminateIngestWorker(): void {
  ingest.terminate();
}

export interface RunTaskOptions {
  onProgress?: (progress: Progress) => void;
  signal?: AbortSignal;
}

let taskCounter = 0;

function newTaskId(): string {
  taskCounter += 1;
  const random = globalThis.crypto?.randomUUID?.() ?? Math.random().toString(36).slice(2);
  return `${taskCounter}-${random}`;
}

/**
 * Runs one worker call as a task: a fresh task id, `onProgress` proxied to the worker
 * (through task-transfer.ts; silenced once the task has settled), `cancel(taskId)` sent when `signal` aborts.
 *
 * Rejects with CancelledError when the worker stopped because of the cancel (after its
 * own clean-up, so nothing half-done is left), or at once when `signal` is already
 * aborted; with LensError 'error.worker.crashed' when the worker dies. A task that
 * finished before the cancel reached it resolves normally: its work is done and stored.
 */
export function runTask<T>(
  fn: (api: AnalysisWorker, task: TaskOptions) => Promise<T>,
  opts: RunTaskOptions = {},
): Promise<T> {
  return runOn(analysis, fn, opts);
}

/** runTask on the import worker (parsing, typing, quality report, cleaning, joins). */
export function runIngestTask<T>(
  fn: (api: IngestWorker, task: TaskOptions) => Promise<T>,
  opts: RunTaskOptions = {},
): Promise<T> {
  return runOn(ingest, fn, opts);
}

/**
 * runTask on the clustering worker. Its core loops are synchronous, so a cancel
 * terminates the worker (nothing is stored before a run ends); the next call starts a
 * fresh one.
 */
export function runClusterTask<T>(
  fn: (api: ClusterWorker, task: TaskOptions) => Promise<T>,
  opts: RunTaskOptions = {},
): Promise<T> {
  return runOn(cluster, fn, opts, 'terminate');
}

/**
 * runTask on the lifetime-value worker. Its optimisers are synchronous loops, so a cancel
 * terminates the worker (nothing is stored before a fit ends); the next call starts a
 * fresh one.
 */
export function runClvTask<T>(
  fn: (api: ClvWorker, task: TaskOptions) => Promise<T>,
  opts: RunTaskOptions = {},
): Promise<T> {
  return runOn(clv, fn, opts, 'terminate');
}

/**
 * runTask on the churn worker. Its fitters are synchronous loops, so a cancel terminates
 * the worker (nothing is stored before a run ends); the next call starts a fresh one.
 */
export function runChurnTask<T>(
  fn: (api: ChurnWorker, task: TaskOptions) => Promise<T>,
  opts: RunTaskOptions = {},
): Promise<T> {
  return runOn(churn, fn, opts, 'terminate');
}

/** A plain call (no progress, no cancel) on the lifetime-value worker. */
export function getClvWorker(): ClvWorker {
  return clv.entry().api;
}

/** A plain call (no progress, no cancel) on the import worker. */
export function getIngestWorker(): IngestWorker {
  return ingest.entry().api;
}

async function runOn<Api extends { cancel(taskId: string): unknown }, T>(
  slot: WorkerSlot<Api>,
  fn: (api: Remote<Api>, task: TaskOptions) => Promise<T>,
  opts: RunTaskOptions,
  /** 'message': ask the task to stop at its next checkpoint; 'terminate': end the worker. */
  cancelBy: 'message' | 'terminate' = 'message',
): Promise<T> {
  const { onProgress, signal } = opts;
  if (signal?.aborted) throw new CancelledError();
  const target = slot.entry();
  const taskId = newTaskId();
  let settled = false;
  const task: TaskOptions = { taskId };
  if (onProgress) {
    // Sent to the worker as a Comlink-exposed port by task-transfer.ts.
    task.onProgress = (progress: Progress) => {
      if (!settled) onProgress(progress);
    };
  }
  const onAbort = (): void => {
    if (cancelBy === 'terminate') {
      slot.stop(target, new CancelledError());
      return;
    }
    // Remote<Api>['cancel'] returns a promise; the generic bound cannot express that.
    Promise.resolve(
      (target.api as unknown as { cancel(id: string): unknown }).cancel(taskId),
    ).catch(() => undefined);
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  let rejectOnCrash: (err: Error) => void = () => undefined;
  const crashed = new Promise<never>((_, reject) => {
    rejectOnCrash = reject;
  });
  target.pending.add(rejectOnCrash);
  try {
    const work = fn(target.api, task);
    work.catch(() => undefined); // observed by the race; silences a rejection after a crash won
    return await Promise.race([work, crashed]);
  } finally {
    settled = true;
    signal?.removeEventListener('abort', onAbort);
    target.pending.delete(rejectOnCrash);
  }
}
