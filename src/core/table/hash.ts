/**
 * The content hash that identifies a table in analysis receipts.
 *
 * SHA-256 (hex) over a canonical form: a JSON header (format tag, row count, each
 * column's name, type and dictionary) followed by two SHA-256 digests per column, one of
 * its value bytes and one of its null bitmap. Hashing per column lets crypto.subtle work
 * on the typed arrays in place (no 30 MB concatenation) and run the digests concurrently.
 *
 * Canonical means that representation details which carry no content do not change the
 * hash: value slots under a null count as 0, bitmap bits past the last row are ignored,
 * and an all-clear bitmap equals no bitmap. The chunk size used by the store plays no
 * part. Dict columns are hashed as encoded (dictionary plus codes), so the same strings
 * in a different dictionary order hash differently; dictColumn's first-appearance order
 * makes that deterministic for the same input.
 */
import { isNullAt, nullBitmapBytes, sliceNullBitmap } from './nulls.ts';
import type { Column, Table } from './types.ts';

export const TABLE_HASH_FORMAT = 'customer-lens/table/1';

export async function hashTable(table: Table): Promise<string> {
  const header = JSON.stringify({
    format: TABLE_HASH_FORMAT,
    rowCount: table.rowCount,
    columns: table.columns.map((c) =>
      c.type === 'dict'
        ? { name: c.name, type: c.type, dictionary: c.dictionary }
        : { name: c.name, type: c.type },
    ),
  });
  const digests = await Promise.all(
    table.columns.flatMap((column) => {
      const { values, nulls } = canonicalColumn(column, table.rowCount);
      return [sha256(values), sha256(nulls)];
    }),
  );
  const headerBytes = new TextEncoder().encode(header);
  const all = new Uint8Array(headerBytes.length + digests.length * 32);
  all.set(headerBytes, 0);
  digests.forEach((d, i) => all.set(new Uint8Array(d), headerBytes.length + i * 32));
  return toHex(await sha256(all));
}

/**
 * The bytes that stand for a column's content: its values with the slots under nulls set
 * to 0 (a copy only when there are nulls) and its null bitmap trimmed to `rowCount` rows
 * (empty when no row is null).
 */
export function canonicalColumn(
  column: Column,
  rowCount: number,
): { values: Uint8Array; nulls: Uint8Array } {
  const array = column.type === 'dict' ? column.codes : column.values;
  const nulls = sliceNullBitmap(column.nulls, 0, rowCount);
  if (!nulls) return { values: bytesOf(array.subarray(0, rowCount)), nulls: new Uint8Array(0) };
  const copy = array.slice(0, rowCount);
  zeroNullSlots(copy, nulls);
  return { values: bytesOf(copy), nulls: nulls.subarray(0, nullBitmapBytes(rowCount)) };
}

/** Sets every slot whose null bit is set to 0, skipping bitmap bytes with no bit set. */
export function zeroNullSlots(
  array: Float64Array | Int32Array | Uint32Array,
  nulls: Uint8Array,
): void {
  const n = array.length;
  const bytes = Math.min(nulls.length, nullBitmapBytes(n));
  for (let b = 0; b < bytes; b++) {
    if (nulls[b] === 0) continue;
    const end = Math.min(n, b * 8 + 8);
    for (let i = b * 8; i < end; i++) if (isNullAt(nulls, i)) array[i] = 0;
  }
}

function bytesOf(array: Float64Array | Int32Array | Uint32Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

function sha256(bytes: Uint8Array): Promise<ArrayBuffer> {
  // Cast: TS 6 types digest() input as BufferSource over a plain ArrayBuffer; ours always is one.
  return crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
}

function toHex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}
