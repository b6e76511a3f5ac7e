/**
 * The UTF-8 byte path of parseFile (utf8-records.ts) against the text path it replaces:
 * for any bytes, cut into slices anywhere, both give the same ParsedFile — the same
 * dictionaries in the same order, the same codes, records, warnings (invalid bytes with
 * their count and row) and errors. So does the byte path with the file cut in two parts
 * parsed apart and joined (parse-part.ts), cut after any slice.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LensError } from '../../src/core/errors.ts';
import { bytesSource, parseFile, type ParsePaths } from '../../src/core/ingest/parse-file.ts';
import { ByteCodeColumn } from '../../src/core/ingest/byte-dict.ts';
import { parsePart } from '../../src/core/ingest/parse-part.ts';
import type { ByteSource, ParseOptions, ParsedFile } from '../../src/core/ingest/types.ts';
import { PIECE_BYTES, hasNonAscii, nextNonAscii } from '../../src/core/ingest/utf8-records.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A source that hands out at most `slice` bytes per read (the parser asks for 4 MB). */
function slicedSource(bytes: Uint8Array, slice: number): ByteSource {
  return {
    name: 'sliced.csv',
    size: bytes.length,
    read: async (offset, length) => bytes.slice(offset, offset + Math.min(length, slice)),
  };
}

type Outcome = { ok: ParsedFile } | { error: { code: string; params: unknown } | string };

/** The later part parsed in place, as the second worker would (any file size is split). */
function inPlaceParts(source: ByteSource): ParsePaths {
  return { parts: (request, ctx) => parsePart(source, request, ctx), minSplitBytes: 1 };
}

async function outcome(
  source: ByteSource,
  utf8Bytes: boolean,
  options: ParseOptions = {},
  paths: ParsePaths = {},
): Promise<Outcome> {
  try {
    const parsed = await parseFile(source, options, {}, { utf8Bytes, ...paths });
    const { timings: _timings, utf8Bytes: _utf8Bytes, parts: _parts, ...rest } = parsed;
    // Codes as one hex string per column: a deep compare of 500k-element arrays is slow.
    const hex = (a: Uint32Array | undefined): string | undefined =>
      a && Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');
    return {
      ok: {
        ...rest,
        table: {
          ...rest.table,
          columns: rest.table.columns.map((c) => ({ ...c, codes: hex(c.codes) })),
          rowNumbers: hex(rest.table.rowNumbers),
        },
      } as unknown as ParsedFile,
    };
  } catch (err) {
    if (err instanceof LensError) return { error: { code: err.code, params: err.params } };
    return { error: String(err) };
  }
}

async function expectSamePaths(
  bytes: Uint8Array,
  slice = 4 * 1024 * 1024,
  options: ParseOptions = {},
): Promise<Outcome> {
  const text = await outcome(slicedSource(bytes, slice), false, options);
  const fast = await outcome(slicedSource(bytes, slice), true, options);
  expect(fast).toEqual(text);
  const source = slicedSource(bytes, slice);
  const split = await outcome(source, true, options, inPlaceParts(source));
  expect(split).toEqual(text);
  return fast;
}

async function usedBytePath(bytes: Uint8Array, options: ParseOptions = {}): Promise<boolean> {
  const parsed = await parseFile(bytesSource('t.csv', bytes), options);
  return parsed.utf8Bytes === true;
}

describe('UTF-8 byte path = text path', () => {
  it('takes the byte path for UTF-8 with LF or CRLF, not for CR, whitespace or other encodings', async () => {
    expect(await usedBytePath(utf8('a,b\n1,2\n3,4\n'))).toBe(true);
    expect(await usedBytePath(utf8('a,b\r\n1,2\r\n'))).toBe(true);
    expect(await usedBytePath(utf8('a,b\r1,2\r3,4\r'))).toBe(false);
    expect(await usedBytePath(utf8('a b\n1 2\n3 4\n'), { format: 'whitespace' })).toBe(false);
    expect(await usedBytePath(utf8('a,b\n1,2\n'), { encoding: 'windows-1252' })).toBe(false);
  });

  it.each([
    ['plain LF', 'id,name,amount\n1,Ann,3.5\n1,Ann,3.5\n2,Bob,4\n'],
    ['CRLF with lone LF and CR inside', 'id,name\r\n1,a\nb\r\n2,c\rd\r\n3,x\r\n'],
    ['LF with CR before it', 'id,name\r\n1,a\r\n2,b\r\n'],
    ['quoted fields over lines', 'id,note\n1,"a\nb"\n2,"x,""y"""\n3,z\n'],
    ['ragged and blank lines', 'a,b,c\n1,2\n\n3,4,5,6\n7,8,9\n,,\n'],
    ['no final line break', 'a,b\n1,2\n3,4'],
    ['header only', 'a,b\n'],
    ['multi-byte text', 'name,city\n张三,北京\nJosé,Zürich\n张三,北京\n😀,x\n'],
    ['BOM', '\uFEFFa,b\n1,2\n'],
    ['U+FEFF and U+FFFD inside', 'a,b\n\uFEFF1,\uFFFD\n2,\uFFFD\n'],
    ['semicolons', 'a;b;c\n1;2,5;x\n3;4,5;y\n'],
    ['tabs', 'a\tb\n1\t2\n'],
    ['unterminated quote', 'a,b\n1,"open\n2,3\n'],
  ])('%s', async (_name, text) => {
    for (const slice of [1, 2, 3, 5, 7, 64, 4 * 1024 * 1024])
      await expectSamePaths(utf8(text), slice);
  });

  it('invalid bytes: same replacement count, row and values, whatever the slices', async () => {
    const parts = [
      utf8('a,b\n1,x'),
      new Uint8Array([0xff]),
      utf8('\n2,'),
      new Uint8Array([0xe4, 0xbd]), // a character cut short
      utf8('\n3,'),
      new Uint8Array([0xfe]),
      utf8('\n4,\uFFFD\n5,'),
      new Uint8Array([0xc3]),
    ];
    const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      bytes.set(p, at);
      at += p.length;
    }
    expect(await usedBytePath(bytes, { encoding: 'utf-8' })).toBe(true);
    for (let slice = 1; slice <= bytes.length; slice++) {
      const out = await expectSamePaths(bytes, slice, { encoding: 'utf-8' });
      expect('ok' in out && out.ok.warnings.map((w) => w.code)).toEqual([
        'import.warn.invalidBytes',
      ]);
    }
  });

  it('fuzz: random CSV-like bytes cut into random slices', async () => {
    const piece = fc.oneof(
      fc.constantFrom('a', '1', ',', ';', '\t', '"', '\n', '\r\n', '\r', ' ', '客', 'é', '😀', ''),
      fc.constantFrom('\uFFFD', '\uFEFF', 'C536379', '2010-12-01 08:26', '12.50'),
      fc.constantFrom('\u0000bad'), // marks a place for an invalid byte
    );
    const input = fc.record({
      parts: fc.array(piece, { maxLength: 160 }),
      slice: fc.integer({ min: 1, max: 80 }),
      forceUtf8: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(input, async ({ parts, slice, forceUtf8 }) => {
        const chunks = parts.map((p) => (p === '\u0000bad' ? new Uint8Array([0xc3]) : utf8(p)));
        const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
        let at = 0;
        for (const c of chunks) {
          bytes.set(c, at);
          at += c.length;
        }
        await expectSamePaths(bytes, slice, forceUtf8 ? { encoding: 'utf-8' } : {});
      }),
      { numRuns: 600 },
    );
  });

  it('fuzz: regular exports (repeated values, quoted text) in any slice size', async () => {
    const value = fc.constantFrom('C1', 'C2', '17850', '', '2.55', '"x, y"', 'é', 'WHITE HEART');
    const input = fc.record({
      rows: fc.array(fc.array(value, { minLength: 3, maxLength: 3 }), { maxLength: 40 }),
      crlf: fc.boolean(),
      slice: fc.integer({ min: 1, max: 200 }),
    });
    await fc.assert(
      fc.asyncProperty(input, async ({ rows, crlf, slice }) => {
        const nl = crlf ? '\r\n' : '\n';
        const text = ['a,b,c', ...rows.map((r) => r.join(','))].join(nl) + nl;
        await expectSamePaths(utf8(text), slice);
      }),
      { numRuns: 300 },
    );
  });

  it('fuzz: quoted fields, clean and odd (escaped quotes, text after the quote, one column)', async () => {
    const field = fc.constantFrom(
      'x',
      '',
      '"a"',
      '""',
      '"a,b"',
      '"a""b"',
      '"a" ',
      '"a"b',
      'a"b',
      '"',
      '"multi\nline"',
      ' "a"',
      '"é,客"',
      '"\r"',
    );
    const input = fc.record({
      width: fc.integer({ min: 1, max: 4 }),
      rows: fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { maxLength: 30 }),
      crlf: fc.boolean(),
      slice: fc.integer({ min: 1, max: 300 }),
    });
    await fc.assert(
      fc.asyncProperty(input, async ({ width, rows, crlf, slice }) => {
        const nl = crlf ? '\r\n' : '\n';
        const header = Array.from({ length: width }, (_, i) => `c${i}`).join(',');
        const text = [header, ...rows.map((r) => r.join(','))].join(nl) + nl;
        await expectSamePaths(utf8(text), slice, { encoding: 'utf-8', quoteChar: '"' });
      }),
      { numRuns: 500 },
    );
  });

  it('joins the two parts when the cut falls between records, else parses in one pass', async () => {
    const rows = Array.from({ length: 400 }, (_, i) =>
      i % 97 === 5 ? '' : i % 61 === 7 ? `${i},x` : `${i},"v ${i % 13}",${i % 7}`,
    );
    const plain = utf8(['id,name,n', ...rows].join('\n') + '\n');
    const source = slicedSource(plain, 512);
    const joined = await parseFile(source, {}, {}, inPlaceParts(source));
    expect(joined.parts).toBe(2);
    expect(joined.warningCount).toBeGreaterThan(0);
    expect(joined.table.rowNumbers).toBeDefined();
    await expectSamePaths(plain, 512);

    // One quoted field spans the middle of the file: the cut lands inside it.
    const long = `"${'a\n'.repeat(2000)}"`;
    const quoted = utf8(`id,note\n1,x\n2,${long}\n3,y\n`);
    const inside = slicedSource(quoted, 256);
    const whole = await parseFile(inside, {}, {}, inPlaceParts(inside));
    expect(whole.parts).toBeUndefined();
    expect(whole.table.rowCount).toBe(3);
    await expectSamePaths(quoted, 256);
  });

  it('finds non-ASCII bytes at any alignment', () => {
    const bytes = new Uint8Array(40);
    expect(hasNonAscii(bytes)).toBe(false);
    for (let k = 0; k < 40; k++) {
      bytes.fill(0x41);
      bytes[k] = 0x80;
      for (let from = 0; from < 40; from++) {
        expect(nextNonAscii(bytes.subarray(from % 4), Math.max(0, k - from))).toBe(
          k - (from % 4) >= Math.max(0, k - from) ? k - (from % 4) : -1,
        );
      }
    }
  });

  it('parses a slice in pieces, yielding to pending reads between them, with the same outcome', async () => {
    // 3 MB of rows whose lines and quoted fields straddle the 1 MB piece boundaries.
    const rows = ['id,name,amount'];
    for (let i = 0; rows.length < 70_000; i++)
      rows.push(`${i},"Name, ${'x'.repeat(i % 37)} ""q""",${(i * 1.25).toFixed(2)}`);
    const bytes = utf8(rows.join('\r\n'));
    expect(bytes.length).toBeGreaterThan(3 * PIECE_BYTES);
    let yields = 0;
    const slice = 2 * PIECE_BYTES + 12_345;
    const yielding: ByteSource = {
      ...slicedSource(bytes, slice),
      yieldToReads: async () => {
        yields++;
      },
    };
    const plain = slicedSource(bytes, slice);
    expect(await outcome(yielding, true)).toEqual(await outcome(plain, true));
    expect(yields).toBeGreaterThan(0);
    expect(await outcome(yielding, true, {}, inPlaceParts(yielding))).toEqual(
      await outcome(plain, true),
    );
  });

  const RETAIL = resolve(
    import.meta.dirname,
    '../../../shared/data/online_retail/online_retail.csv',
  );
  it.skipIf(!existsSync(RETAIL))('Online Retail: identical tables from all paths', async () => {
    const bytes = new Uint8Array(readFileSync(RETAIL));
    await expectSamePaths(bytes);
    const source = bytesSource('online_retail.csv', bytes);
    const split = await parseFile(source, {}, {}, { parts: (r, c) => parsePart(source, r, c) });
    expect(split.parts).toBe(2);
    expect(split.records - 1).toBe(541_909);
  });
});

describe('ByteCodeColumn.codesOfLaterValues', () => {
  it('keeps the codes of values met before, numbers new ones on, then takes no more lookups', () => {
    const column = new ByteCodeColumn(4, new Uint8Array(256));
    expect([column.codeOfText('a'), column.codeOfText('bé'), column.codeOfText('a')]).toEqual([
      0, 1, 0,
    ]);
    expect(Array.from(column.codesOfLaterValues(['c', 'bé', 'd', 'a']))).toEqual([2, 1, 3, 0]);
    expect(column.values).toEqual(['a', 'bé', 'c', 'd']);
    // The byte index does not know 'c' and 'd': a lookup now could give them a second code.
    expect(() => column.codeOfText('c')).toThrow(/no lookups/);
  });
});
