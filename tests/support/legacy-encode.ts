/**
 * Encoders for the legacy encodings the importer detects (tests only: browsers and Node
 * decode them but only encode UTF-8). Each table is built once by decoding every byte
 * sequence of the encoding and inverting the result.
 */
export type LegacyEncoding = 'gbk' | 'gb18030' | 'big5' | 'windows-1252' | 'utf-16le' | 'utf-16be';

const tables = new Map<string, Map<string, number[]>>();

function table(encoding: 'gbk' | 'gb18030' | 'big5' | 'windows-1252'): Map<string, number[]> {
  const cached = tables.get(encoding);
  if (cached) return cached;
  const map = new Map<string, number[]>();
  const decoder = new TextDecoder(encoding, { fatal: true });
  const add = (bytes: number[]): void => {
    try {
      const ch = decoder.decode(new Uint8Array(bytes));
      if ([...ch].length === 1 && !map.has(ch)) map.set(ch, bytes);
    } catch {
      // not a character in this encoding
    }
  };
  for (let b = 0; b < 0x80; b++) map.set(String.fromCharCode(b), [b]);
  if (encoding === 'windows-1252') {
    for (let b = 0x80; b <= 0xff; b++) add([b]);
  } else {
    for (let lead = 0x81; lead <= 0xfe; lead++)
      for (let trail = 0x40; trail <= 0xfe; trail++) add([lead, trail]);
  }
  tables.set(encoding, map);
  return map;
}

export function encodeLegacy(text: string, encoding: LegacyEncoding): Uint8Array {
  if (encoding === 'utf-16le' || encoding === 'utf-16be') {
    const out = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      const [a, b] = [unit & 0xff, unit >> 8];
      out[2 * i] = encoding === 'utf-16le' ? a : b;
      out[2 * i + 1] = encoding === 'utf-16le' ? b : a;
    }
    return out;
  }
  const map = table(encoding);
  const out: number[] = [];
  for (const ch of text) {
    const bytes = map.get(ch);
    if (!bytes) throw new Error(`'${ch}' has no ${encoding} encoding`);
    out.push(...bytes);
  }
  return new Uint8Array(out);
}
