import type { NullBitmap } from './types.ts';

export function nullBitmapBytes(rowCount: number): number {
  return Math.ceil(rowCount / 8);
}

export function createNullBitmap(rowCount: number): NullBitmap {
  return new Uint8Array(nullBitmapBytes(rowCount));
}

export function isNullAt(bitmap: NullBitmap | undefined, row: number): boolean {
  return bitmap !== undefined && (bitmap[row >>> 3] & (1 << (row & 7))) !== 0;
}

export function setNullAt(bitmap: NullBitmap, row: number): void {
  bitmap[row >>> 3] |= 1 << (row & 7);
}

export function countNulls(bitmap: NullBitmap | undefined, rowCount: number): number {
  if (!bitmap) return 0;
  // Whole bytes by their population count; the last partial byte bit by bit.
  const whole = Math.min(bitmap.length, rowCount >>> 3);
  let n = 0;
  for (let b = 0; b < whole; b++) n += POPCOUNT[bitmap[b]];
  for (let i = whole * 8; i < rowCount; i++) if (isNullAt(bitmap, i)) n++;
  return n;
}

/** Set bits of each byte value. */
const POPCOUNT = Uint8Array.from({ length: 256 }, (_, v) => {
  let c = 0;
  for (let x = v; x !== 0; x &= x - 1) c++;
  return c;
});

/** Copies rows [start, end) of a bitmap into a new bitmap whose row 0 is `start`. */
export function sliceNullBitmap(
  bitmap: NullBitmap | undefined,
  start: number,
  end: number,
): NullBitmap | undefined {
  if (!bitmap) return undefined;
  const out = createNullBitmap(end - start);
  let any = false;
  if ((start & 7) === 0) {
    // Byte-aligned (chunks and whole columns are): copy bytes, then clear the bits past `end`.
    const from = start >>> 3;
    const count = Math.min(out.length, Math.max(0, bitmap.length - from));
    out.set(bitmap.subarray(from, from + count));
    const tail = (end - start) & 7;
    if (tail !== 0 && out.length > 0) out[out.length - 1] &= (1 << tail) - 1;
    for (let b = 0; b < out.length; b++) {
      if (out[b] !== 0) {
        any = true;
        break;
      }
    }
    return any ? out : undefined;
  }
  for (let i = start; i < end; i++) {
    if (isNullAt(bitmap, i)) {
      setNullAt(out, i - start);
      any = true;
    }
  }
  return any ? out : undefined;
}
