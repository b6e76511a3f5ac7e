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
  let n = 0;
  for (let i = 0; i < rowCount; i++) if (isNullAt(bitmap, i)) n++;
  return n;
}

/** Copies rows [start, end) of a bitmap into a new bitmap whose row 0 is `start`. */
export function sliceNullBitmap(
  bitmap: NullBitmap | undefined,
  start: number,
  end: number,
): NullBitmap | undefined {
  if (!bitmap) return undefined;
  const out = createNullBitmap(end - start);
  let any = false;
  for (let i = start; i < end; i++) {
    if (isNullAt(bitmap, i)) {
      setNullAt(out, i - start);
      any = true;
    }
  }
  return any ? out : undefined;
}
