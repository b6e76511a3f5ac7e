/**
 * The second parse worker, started by the import worker (`part-client.ts`): parses the
 * later part of a large UTF-8 file (core/ingest/parse-part.ts) while the import worker
 * parses the first, so the two halves run on two cores. One request at a time.
 */
import { parsePart, type PartRequest } from '../core/ingest/parse-part.ts';
import { blobSource } from './blob-source.ts';

export interface PartMessage {
  id: number;
  file: Blob;
  request: PartRequest;
}

export type PartReply =
  | { id: number; progress: number }
  | { id: number; part: Awaited<ReturnType<typeof parsePart>> }
  | { id: number; error: string };

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<PartMessage>) => void) | null;
  postMessage(message: PartReply, transfer?: Transferable[]): void;
};

scope.onmessage = async (e) => {
  const { id, file, request } = e.data;
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
