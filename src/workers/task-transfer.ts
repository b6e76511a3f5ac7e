/**
 * Moves TaskOptions across the worker boundary. Comlink proxies only top-level
 * arguments marked with `Comlink.proxy`, and structured clone cannot copy the function
 * inside `{ taskId, onProgress }`. This handler (imported by both sides) sends the
 * callback as a Comlink-exposed MessagePort and rebuilds `{ taskId, onProgress }` in the
 * worker, where `onProgress` is a Comlink remote: calling it posts a message to the page
 * and returns a promise. The worker releases it when the task ends (tasks.ts).
 */
import { expose, transferHandlers, wrap, type TransferHandler } from 'comlink';
import type { Progress } from '../core/task.ts';
import type { TaskOptions } from './api.ts';

interface WireTask {
  taskId: string;
  port?: MessagePort;
}

type TaskWithCallback = TaskOptions & { onProgress: (progress: Progress) => void };

export function isTaskWithCallback(value: unknown): value is TaskWithCallback {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { taskId?: unknown }).taskId === 'string' &&
    typeof (value as { onProgress?: unknown }).onProgress === 'function'
  );
}

const taskHandler: TransferHandler<TaskWithCallback, WireTask> = {
  canHandle: isTaskWithCallback,
  serialize(task) {
    const { port1, port2 } = new MessageChannel();
    expose(task.onProgress, port1);
    return [{ taskId: task.taskId, port: port2 }, [port2]];
  },
  deserialize(wire) {
    if (!wire.port) return { taskId: wire.taskId } as TaskWithCallback;
    wire.port.start();
    const remote = wrap<(progress: Progress) => void>(wire.port);
    return { taskId: wire.taskId, onProgress: remote as unknown as (progress: Progress) => void };
  },
};

if (!transferHandlers.has('lens-task')) {
  transferHandlers.set('lens-task', taskHandler as TransferHandler<unknown, unknown>);
}
