/**
 * The import worker's side of the second parse worker (parse-part.worker.ts): a PartParser
 * for parseFile and a ColumnHelper for the typing and report that run in that worker. The worker is started ahead (`warmPartWorker`,
 * when a file is previewed), so its code is loaded before the whole-file read needs it,
 * and it is ended when a parse no longer needs its answer.
 */
import { CancelledError } from '../core/errors.ts';
import type { ColumnHelper } from '../core/ingest/column-job.ts';
import type { PartParser } from '../core/ingest/parse-part.ts';
import type { TaskContext } from '../core/task.ts';
import type { PartMessage, PartReply } from './parse-part.worker.ts';

/** How often a running part checks that its import still wants it. */
const POLL_MS = 50;

let worker: Worker | null = null;
let nextId = 0;

function available(): boolean {
  return typeof Worker !== 'undefined';
}

function start(): Worker {
  worker ??= new Worker(new URL('./parse-part.worker.ts', import.meta.url), {
    type: 'module',
    name: 'parse-part',
  });
  return worker;
}

/** Starts the second worker now, so it is ready for the next whole-file read. */
export function warmPartWorker(): void {
  if (available()) start();
}

/**
 * Sends one request to the second worker and resolves with the answer `pick` finds in its
 * reply. Cancelling (ctx.signal) or a failure ends the worker; the next request starts another.
 */
function ask<T>(
  message: DistributiveOmit<PartMessage, 'id'>,
  ctx: TaskContext,
  pick: (reply: PartReply) => T | undefined,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const w = start();
    const id = ++nextId;
    const finish = (): void => {
      clearInterval(poll);
      w.removeEventListener('message', onMessage);
      w.removeEventListener('error', onError);
    };
    const abandon = (err: Error): void => {
      finish();
      // Its work is no longer wanted (or it failed): end it; the next request starts another.
      w.terminate();
      if (worker === w) worker = null;
      reject(err);
    };
    const onMessage = (e: MessageEvent<PartReply>): void => {
      const reply = e.data;
      if (reply.id !== id) return;
      if ('progress' in reply) {
        ctx.onProgress?.({ phase: 'progress.import.parse', done: reply.progress, total: 0 });
        return;
      }
      if ('error' in reply) return abandon(new Error(reply.error));
      const answer = pick(reply);
      finish();
      if (answer === undefined) reject(new Error('unexpected reply from the parse worker'));
      else resolve(answer);
    };
    const onError = (e: ErrorEvent): void => abandon(new Error(e.message || 'parse worker failed'));
    const poll = setInterval(() => {
      if (ctx.signal?.aborted) abandon(new CancelledError());
    }, POLL_MS);
    w.addEventListener('message', onMessage);
    w.addEventListener('error', onError);
    w.postMessage({ ...message, id } as PartMessage);
  });
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A PartParser reading `file` in the second worker; undefined where workers cannot start workers. */
export function partParserFor(file: Blob): PartParser | undefined {
  if (!available()) return undefined;
  return (request, ctx) =>
    ask({ file, request }, ctx, (reply) => ('part' in reply ? reply.part : undefined));
}

/**
 * A ColumnHelper running in the second worker (the raw codes are copied there: the session
 * keeps its raw table); undefined where workers cannot start workers.
 */
export function columnHelper(): ColumnHelper | undefined {
  if (!available()) return undefined;
  return (job, ctx) =>
    ask({ job }, ctx, (reply) => ('columns' in reply ? reply.columns : undefined));
}
