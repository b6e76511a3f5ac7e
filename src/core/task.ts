/**
 * How long-running core functions report progress and learn that they were cancelled.
 * Plain objects only, so the same code runs in Node, in workers and in the page.
 */
export interface Progress {
  /** A message key of the i18n catalogue naming the current phase, e.g. 'progress.demo.orders'. */
  phase: string;
  /** Work done and total in the phase's own unit (rows, customers, bytes…); total 0 = unknown. */
  done: number;
  total: number;
  /** Further counts of the phase, e.g. { rows } while a file is read in bytes. */
  detail?: Record<string, number>;
}

export interface CancelSignal {
  readonly aborted: boolean;
}

export interface TaskContext {
  onProgress?: (progress: Progress) => void;
  signal?: CancelSignal;
}
