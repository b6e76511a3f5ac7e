/**
 * The second parse worker, started by the import worker (`part-client.ts`): parses the
 * later part of a large UTF-8 file (core/ingest/parse-part.ts) while the import worker
 * parses the first, so the two halves run on two cores; then types and describes some of
 * the columns and finds the duplicate rows (core/ingest/column-job.ts) while the import
 * worker does the other columns. One request at a time.
 */
import { runColumnJob, type ColumnJob, type ColumnJobResult } from '../core/ingest/column-job.ts';
import { parsePart, type PartRequest } from '../core/ingest/parse-part.ts';
import type { Column } from '../core/table/index.ts';
import { blobSource } from './blob-source.ts';

export type PartMessage =
  { id: number; file: Blob; request: PartRequest } | { id: number; job: ColumnJob };

export type PartReply =
  | { id: number; progress: number }
  | { id: number; part: Awaited<ReturnType<typeof parsePart>> }
  | { id: number; columns: ColumnJobResult }
  | { id: number; error: string };

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<PartMessage>) => void) | null;
  postMessage(message: PartReply, transfer?: Transferable[]): void;
};

/** The buffers of a typed column, to move them without a copy. */
function buffersOf(column: Column): ArrayBuffer[] {
  const data = column.type === 'dict' ? column.codes : column.values;
  const out = [data.buffer as ArrayBuffer];
  if (column.nulls) out.push(column.nulls.buffer as ArrayBuffer);
  return out;
}

scope.onmessage = async (e) => {
  const message = e.data;
  const { id } = message;
  if ('job' in message) {
    try {
      const columns = runColumnJob(message.job);
      const transfer = new Set([
        columns.duplicates.buffer as ArrayBuffer,
        ...columns.columns.flatMap((c) => buffersOf(c.column)),
      ]);
      scope.postMessage({ id, columns }, [...transfer]);
    } catch (err) {
      // The import worker then does this work itself.
      scope.postMessage({ id, error: String(err) });
    }
    return;
  }
  const { file, request } = message;
  try {
    const part = await parsePart(blobSource(file, ''), request, {
      onProgress: (p) => scope.postMessage({ id, progress: p.done }),
    });
    // The code arrays move to the import worker without a copy.
    const transfer: Transferable[] = part.columns.map((c) => c.codes.buffer as ArrayBuffer);
    if (part.rowNumbers) transfer.push(part.rowNumbers.buffer as ArrayBuffer);
    scope.postMessage({ id, part }, transfer);
  } catch (err) {
    // The import worker then parses the whole file itself, which reports any error properly.
    scope.postMessage({ id, error: String(err) });
  }
};
