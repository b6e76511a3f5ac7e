/**
 * The state of one cancellable long task as the page sees it: idle → running → done,
 * cancelled or failed, with the latest progress report. Components render it with
 * ProgressBar and ErrorMessage; the work itself is any function that takes an
 * AbortSignal and a progress callback (in practice `runTask` of workers/client.ts).
 */
import type { Progress } from '../core/task.ts';
import { isCancelled } from '../core/errors.ts';

export type TaskStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

export interface TaskControls {
  signal: AbortSignal;
  onProgress: (p: Progress) => void;
}

export class TaskState<T> {
  status = $state<TaskStatus>('idle');
  progress = $state<Progress | null>(null);
  error = $state<unknown>(null);
  #controller: AbortController | null = null;

  get running(): boolean {
    return this.status === 'running';
  }

  /**
   * Runs the work unless a run is already going. Resolves with its result, or with
   * undefined when it was cancelled or failed (the state says which).
   */
  async run(work: (controls: TaskControls) => Promise<T>): Promise<T | undefined> {
    if (this.status === 'running') return undefined;
    const controller = new AbortController();
    this.#controller = controller;
    this.status = 'running';
    this.progress = null;
    this.error = null;
    try {
      const result = await work({
        signal: controller.signal,
        onProgress: (p) => {
          if (this.#controller === controller) this.progress = { ...p };
        },
      });
      // Work that finished although Cancel was pressed did complete: report it as done.
      this.status = 'done';
      return result;
    } catch (err) {
      if (controller.signal.aborted || isCancelled(err)) {
        this.status = 'cancelled';
      } else {
        this.error = err;
        this.status = 'failed';
      }
      return undefined;
    } finally {
      if (this.#controller === controller) this.#controller = null;
    }
  }

  /** Asks the running work to stop; the status becomes 'cancelled' once it has. */
  cancel(): void {
    this.#controller?.abort();
  }

  /** Back to idle (hides the last outcome). Does nothing while running. */
  reset(): void {
    if (this.status === 'running') return;
    this.status = 'idle';
    this.progress = null;
    this.error = null;
  }
}
