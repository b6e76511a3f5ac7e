/**
 * Worker-side plumbing for long tasks: cancellation by task id, throttled progress
 * through a Comlink-proxied callback, and yielding to the event loop so that a
 * `cancel(taskId)` message can be handled while a task runs.
 */
import { releaseProxy } from 'comlink';
import { throwIfCancelled } from '../core/errors.ts';
import type { Progress, TaskContext } from '../core/task.ts';
import type { TaskOptions } from './api.ts';

/** At most one progress message per this many ms (≈20 per second). */
export const PROGRESS_INTERVAL_MS = 50;
/** A running task yields to the event loop at least this often (ms) at its checkpoints. */
export const YIELD_INTERVAL_MS = 25;

/** Lets queued messages (a cancel) run. setTimeout, not a microtask: only a new task sees new messages. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export class TaskRegistry {
  private readonly running = new Map<string, AbortController>();
  /** Ids cancelled before their task started (a cancel can overtake a slow start). */
  private readonly cancelledEarly = new Set<string>();

  begin(taskId: string): AbortSignal {
    const controller = new AbortController();
    if (this.cancelledEarly.delete(taskId)) controller.abort();
    this.running.set(taskId, controller);
    return controller.signal;
  }

  end(taskId: string): void {
    this.running.delete(taskId);
  }

  cancel(taskId: string): void {
    const controller = this.running.get(taskId);
    if (controller) {
      controller.abort();
      return;
    }
    this.cancelledEarly.add(taskId);
    // Bounded: ids of tasks that never start are forgotten.
    if (this.cancelledEarly.size > 256) {
      const oldest = this.cancelledEarly.values().next().value;
      if (oldest !== undefined) this.cancelledEarly.delete(oldest);
    }
  }

  get size(): number {
    return this.running.size;
  }
}

export interface ThrottledProgress {
  report(progress: Progress): void;
  /** Stops the trailing timer and drops anything not yet sent. */
  close(): void;
}

/**
 * Forwards progress at most every `intervalMs`, always sending the first report of a
 * phase and a phase's completion (done ≥ total > 0) at once; a report that was held back
 * is sent by a trailing timer unless a newer one replaced it. Order is preserved, so a
 * phase's `done` never goes backwards when the source's doesn't.
 */
export function throttleProgress(
  send: ((progress: Progress) => void) | undefined,
  intervalMs = PROGRESS_INTERVAL_MS,
  now: () => number = () => performance.now(),
): ThrottledProgress {
  if (!send) return { report: () => {}, close: () => {} };
  let lastAt = -Infinity;
  let lastPhase: string | null = null;
  let held: Progress | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  const emit = (p: Progress): void => {
    lastAt = now();
    lastPhase = p.phase;
    held = null;
    try {
      // Through Comlink this returns a promise; a failing page callback must not fail the task.
      const r: unknown = send({
        phase: p.phase,
        done: p.done,
        total: p.total,
        ...(p.detail ? { detail: { ...p.detail } } : {}),
      });
      if (r instanceof Promise) r.catch(() => {});
    } catch {
      // ignored for the same reason
    }
  };

  return {
    report(p) {
      if (closed) return;
      const t = now();
      const completes = p.total > 0 && p.done >= p.total;
      if (p.phase !== lastPhase || completes || t - lastAt >= intervalMs) {
        if (timer !== null) {
          clearTimeout(timer);
          timer = null;
        }
        emit(p);
        return;
      }
      held = p;
      timer ??= setTimeout(
        () => {
          timer = null;
          if (held && !closed) emit(held);
        },
        Math.max(0, intervalMs - (t - lastAt)),
      );
    },
    close() {
      closed = true;
      held = null;
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}

/** What a task body gets: the core's TaskContext plus a checkpoint for its own loops. */
export interface WorkerTaskContext extends TaskContext {
  signal: AbortSignal;
  onProgress: (progress: Progress) => void;
  /** Yields to the event loop when YIELD_INTERVAL_MS passed since the last yield, then throws if cancelled. */
  checkpoint(force?: boolean): Promise<void>;
}

/** A proxied callback holds a MessagePort open until released. */
function releaseRemote(fn: unknown): void {
  if (typeof fn !== 'function') return;
  const release = (fn as { [releaseProxy]?: unknown })[releaseProxy];
  if (typeof release === 'function') {
    try {
      const r: unknown = release.call(fn);
      if (r instanceof Promise) r.catch(() => {});
    } catch {
      // already released or the page is gone
    }
  }
}

export async function runWorkerTask<T>(
  registry: TaskRegistry,
  task: TaskOptions,
  body: (ctx: WorkerTaskContext) => Promise<T>,
): Promise<T> {
  const signal = registry.begin(task.taskId);
  const progress = throttleProgress(task.onProgress);
  let lastYield = performance.now();
  const ctx: WorkerTaskContext = {
    signal,
    onProgress: progress.report,
    async checkpoint(force = false) {
      if (force || performance.now() - lastYield >= YIELD_INTERVAL_MS) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
      throwIfCancelled(signal);
    },
  };
  try {
    await ctx.checkpoint(true);
    return await body(ctx);
  } finally {
    progress.close();
    registry.end(task.taskId);
    releaseRemote(task.onProgress);
  }
}
