/**
 * The column dictionary of the UTF-8 byte path (utf8-records.ts): values keyed by their
 * bytes, so a field is looked up straight from the file's bytes and decoded only the
 * first time it is seen. Used by RawTableBuilder (stage.ts).
 */
/**
 * Decodes UTF-8 the way the streaming decoder of the string path does (invalid bytes to
 * U+FFFD, a BOM-like sequence kept as text): a field or line cut at ASCII bytes decodes
 * to exactly the characters it spans in the decoded file.
 */
const UTF8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
const UTF8_ENCODER = new TextEncoder();

/** Plain arrays of each short length, reused to turn ASCII bytes into a string without a view. */
const ASCII_ARRAYS: number[][] = Array.from({ length: 33 }, (_, n) => new Array<number>(n).fill(0));

/** UTF-8 text of src[start, end). */
export function decodeUtf8(src: Uint8Array, start: number, end: number): string {
  const n = end - start;
  if (n < ASCII_ARRAYS.length) {
    // Short ASCII (most values): TextDecoder's per-call cost dwarfs the work.
    const chars = ASCII_ARRAYS[n];
    let k = 0;
    for (; k < n; k++) {
      const b = src[start + k];
      if (b >= 0x80) break;
      chars[k] = b;
    }
    if (k === n) return String.fromCharCode.apply(null, chars);
  }
  return UTF8.decode(src.subarray(start, end));
}

/** MurmurHash3 (x86, 32-bit) of src[start, end), four bytes at a time through `view`. */
function hashBytes(src: Uint8Array, view: DataView, start: number, end: number): number {
  let h = 0x9747b28c ^ (end - start);
  let i = start;
  for (; i + 4 <= end; i += 4) {
    let k = view.getInt32(i, true);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  let k = 0;
  for (let shift = 0; i < end; i++, shift += 8) k |= src[i] << shift;
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, 0x1b873593);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * A column of the UTF-8 byte path: the dictionary is keyed by the bytes of each value, so
 * a field is looked up straight from the file's bytes and decoded only the first time it
 * is seen. Codes are exactly those of the string dictionary (one per distinct *string*,
 * in order of first appearance): byte sequences that decode to the same text — invalid
 * bytes all become U+FFFD — share a code through a map of the values holding U+FFFD.
 *
 * `codes` is written by the builder, which keeps its capacity (`reserve`).
 */
export class ByteCodeColumn {
  readonly values: string[] = [];
  codes: Uint32Array;
  /** Byte sequences seen (entries); several may stand for one code. */
  private entryCode = new Int32Array(256);
  private entryHash = new Int32Array(256);
  private entryStart = new Int32Array(256);
  private entryLength = new Int32Array(256);
  /** 1 when the entry's bytes hold no delimiter, quote, CR or LF (it can be matched ahead: `predict`). */
  private entryPlain = new Uint8Array(256);
  private entries = 0;
  private pool = new Uint8Array(4096);
  private poolView = new DataView(this.pool.buffer);
  private poolUsed = 0;
  private slots = new Int32Array(1024); // entry + 1; 0 = empty
  private mask = 1023;
  private lastEntry = -1;
  /** Values that contain U+FFFD, to their codes. */
  private replaced: Map<string, number> | null = null;
  private scratch = new Uint8Array(256);
  private scratchView = new DataView(this.scratch.buffer);
  /** Code of the last `predict` that matched. */
  predicted = 0;
  /** Set by codesOfLaterValues: the byte index no longer covers every value. */
  private sealed = false;

  /** `special`: nonzero for the bytes that end or quote a field (delimiter, quote, CR, LF). */
  constructor(
    capacity: number,
    private readonly special: Uint8Array,
  ) {
    this.codes = new Uint32Array(capacity);
  }

  /** Room for `rows` codes. */
  reserve(rows: number): void {
    if (rows <= this.codes.length) return;
    const grown = new Uint32Array(rows);
    grown.set(this.codes);
    this.codes = grown;
  }

  /**
   * Whether the value last looked up (a plain one) occurs again at src[start…): returns
   * its length and sets `predicted`, or -1. The byte after it is inside src but unchecked:
   * the caller decides whether the field ends there.
   */
  predict(src: Uint8Array, view: DataView, start: number, n: number): number {
    const e = this.lastEntry;
    if (e < 0 || this.entryPlain[e] === 0) return -1;
    const length = this.entryLength[e];
    if (start + length >= n || !this.same(e, src, view, start, length)) return -1;
    this.predicted = this.entryCode[e];
    return length;
  }

  /** The code of a value that arrived as text (quoted fields, the general path), by its UTF-8 bytes. */
  codeOfText(value: string): number {
    if (this.scratch.length < value.length * 3) {
      this.scratch = new Uint8Array(value.length * 3 + 64);
      this.scratchView = new DataView(this.scratch.buffer);
    }
    const { written } = UTF8_ENCODER.encodeInto(value, this.scratch);
    return this.lookup(this.scratch, this.scratchView, 0, written, value);
  }

  /**
   * Codes for the distinct values of a later part of the same file, in their order of
   * first appearance there: a value met before keeps its code, a new one gets the next.
   * Only for the end of the file: the byte index does not learn the new values, so the
   * column takes no more lookups afterwards (they throw).
   */
  codesOfLaterValues(values: readonly string[]): Uint32Array {
    const index = new Map<string, number>();
    this.values.forEach((v, code) => index.set(v, code));
    const out = new Uint32Array(values.length);
    for (let k = 0; k < values.length; k++) {
      let code = index.get(values[k]);
      if (code === undefined) {
        code = this.values.length;
        this.values.push(values[k]);
        index.set(values[k], code);
      }
      out[k] = code;
    }
    this.sealed = true;
    return out;
  }

  /** The code of the value whose UTF-8 bytes are src[start, end). */
  codeOfBytes(src: Uint8Array, view: DataView, start: number, end: number): number {
    const length = end - start;
    // Exports list an order's lines together: invoice, date, customer repeat row after row.
    const last = this.lastEntry;
    if (last >= 0 && this.entryLength[last] === length && this.same(last, src, view, start, length))
      return this.entryCode[last];
    return this.lookup(src, view, start, end, null);
  }

  private same(
    entry: number,
    src: Uint8Array,
    view: DataView,
    start: number,
    length: number,
  ): boolean {
    const pool = this.pool;
    const poolView = this.poolView;
    const at = this.entryStart[entry];
    let j = 0;
    for (; j + 4 <= length; j += 4)
      if (poolView.getInt32(at + j) !== view.getInt32(start + j)) return false;
    for (; j < length; j++) if (pool[at + j] !== src[start + j]) return false;
    return true;
  }

  /** `text` is the value when the caller has it already (else it is decoded from the bytes). */
  private lookup(
    src: Uint8Array,
    view: DataView,
    start: number,
    end: number,
    text: string | null,
  ): number {
    if (this.sealed) throw new Error('ByteCodeColumn: no lookups after a later part was appended');
    const length = end - start;
    const h = hashBytes(src, view, start, end);
    const { slots, mask, entryHash, entryLength } = this;
    let slot = h & mask;
    for (;;) {
      const entry = slots[slot];
      if (entry === 0) break;
      const e = entry - 1;
      if (
        entryHash[e] === h &&
        entryLength[e] === length &&
        this.same(e, src, view, start, length)
      ) {
        this.lastEntry = e;
        return this.entryCode[e];
      }
      slot = (slot + 1) & mask;
    }
    const value = text ?? decodeUtf8(src, start, end);
    let code: number;
    if (value.includes('\uFFFD')) {
      this.replaced ??= new Map();
      code = this.replaced.get(value) ?? -1;
      if (code < 0) {
        code = this.values.length;
        this.values.push(value);
        this.replaced.set(value, code);
      }
    } else {
      code = this.values.length;
      this.values.push(value);
    }
    this.addEntry(slot, h, src, start, length, code);
    return code;
  }

  private addEntry(
    slot: number,
    h: number,
    src: Uint8Array,
    start: number,
    length: number,
    code: number,
  ): void {
    const e = this.entries++;
    if (e >= this.entryCode.length) {
      this.entryCode = grownInt32(this.entryCode);
      this.entryHash = grownInt32(this.entryHash);
      this.entryStart = grownInt32(this.entryStart);
      this.entryLength = grownInt32(this.entryLength);
      const plain = new Uint8Array(this.entryPlain.length * 2);
      plain.set(this.entryPlain);
      this.entryPlain = plain;
    }
    if (this.poolUsed + length > this.pool.length) {
      const grown = new Uint8Array(Math.max(this.pool.length * 2, this.poolUsed + length));
      grown.set(this.pool.subarray(0, this.poolUsed));
      this.pool = grown;
      this.poolView = new DataView(grown.buffer);
    }
    const pool = this.pool;
    const at = this.poolUsed;
    let plain = 1;
    for (let j = 0; j < length; j++) {
      const b = src[start + j];
      pool[at + j] = b;
      if (this.special[b] !== 0) plain = 0;
    }
    this.entryCode[e] = code;
    this.entryHash[e] = h;
    this.entryStart[e] = at;
    this.entryLength[e] = length;
    this.entryPlain[e] = plain;
    this.poolUsed += length;
    this.slots[slot] = e + 1;
    this.lastEntry = e;
    if (this.entries * 2 > this.slots.length) this.rehash();
  }

  private rehash(): void {
    const size = this.slots.length * 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    for (let e = 0; e < this.entries; e++) {
      let slot = this.entryHash[e] & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = e + 1;
    }
  }
}

function grownInt32(a: Int32Array): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(a.length * 2);
  grown.set(a);
  return grown;
}
