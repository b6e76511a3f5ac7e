/** A File or Blob as the ByteSource the core parser reads, slice by slice. */
import type { ByteSource } from '../core/ingest/types.ts';

export function blobSource(blob: Blob, name: string): ByteSource {
  return {
    name,
    size: blob.size,
    read: async (offset, length) =>
      new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()),
  };
}
