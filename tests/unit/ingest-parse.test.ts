/**
 * Bytes → records → RawTable: encodings, dialects, streaming across slice boundaries,
 * the real files in ../shared/data, and every kind of bad input the issue lists — each
 * either parses or fails with a LensError whose code is in the message catalogue.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LensError } from '../../src/core/errors.ts';
import { detectEncoding } from '../../src/core/ingest/encoding.ts';
import { bytesSource, parseFile, previewFile } from '../../src/core/ingest/parse-file.ts';
import { RecordParser } from '../../src/core/ingest/records.ts';
import { sniffDialect } from '../../src/core/ingest/sniff.ts';
import type { ByteSource, ParseOptions, RawTable } from '../../src/core/ingest/types.ts';
import { mergedMessages } from '../../src/i18n/catalogue.ts';
import { encodeLegacy } from '../support/legacy-encode.ts';

const DATA = resolve(import.meta.dirname, '../../../shared/data');
const hasData = existsSync(DATA);
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const messages = mergedMessages('en');

function cells(table: RawTable): string[][] {
  const out: string[][] = [];
  for (let r = 0; r < table.rowCount; r++) out.push(table.columns.map((c) => c.values[c.codes[r]]));
  return out;
}

async function parse(text: string | Uint8Array, options: ParseOptions = {}, name = 'test.csv') {
  const bytes = typeof text === 'string' ? utf8(text) : text;
  return parseFile(bytesSource(name, bytes), options);
}

async function lensError(p: Promise<unknown>): Promise<LensError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(LensError);
    return err as LensError;
  }
  throw new Error('expected a LensError');
}

/** A source that hands out at most `slice` bytes per read, to cut records anywhere. */
function slicedSource(bytes: Uint8Array, slice: number): ByteSource {
  return {
    name: 'sliced.csv',
    size: bytes.length,
    read: async (offset, length) => bytes.slice(offset, offset + Math.min(length, slice)),
  };
}

describe('encodings', () => {
  const text =
    '客户ID,订单号,下单日期,实付金额\nC001,A1,2024年3月5日,128.50\nC002,A2,2024年3月6日,99\n';

  it.each([
    ['gb18030', 'gbk'],
    ['big5', 'big5'],
  ] as const)('detects %s without a BOM and reads the characters back', async (expected, enc) => {
    const source =
      enc === 'big5'
        ? text
            .replace('客户', '客戶')
            .replace('订单号', '訂單號')
            .replace('下单日期', '下單日期')
            .replace('实付金额', '實付金額')
        : text;
    const bytes = encodeLegacy(source, enc);
    expect(detectEncoding(bytes).encoding).toBe(expected);
    const parsed = await parse(bytes);
    expect(parsed.encoding.encoding).toBe(expected);
    expect(parsed.table.columns.map((c) => c.name)).toEqual(source.split('\n')[0].split(','));
    expect(cells(parsed.table)[0][2]).toBe('2024年3月5日');
  });

  it('reads UTF-8 with and without a BOM, UTF-16 LE and BE with a BOM, and Windows-1252', async () => {
    const plain = await parse(utf8(text));
    const bom = await parse(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]));
    expect(plain.encoding).toMatchObject({ encoding: 'utf-8', bom: false });
    expect(bom.encoding).toMatchObject({ encoding: 'utf-8', bom: true, basis: 'bom' });
    expect(cells(bom.table)).toEqual(cells(plain.table));
    expect(bom.table.columns[0].name).toBe('客户ID');
    for (const [enc, mark] of [
      ['utf-16le', [0xff, 0xfe]],
      ['utf-16be', [0xfe, 0xff]],
    ] as const) {
      const parsed = await parse(new Uint8Array([...mark, ...encodeLegacy(text, enc)]));
      expect(parsed.encoding.encoding).toBe(enc);
      expect(cells(parsed.table)).toEqual(cells(plain.table));
    }
    const latin = await parse(
      encodeLegacy('name,city\nRené,Zürich\nAnaïs,Besançon\n', 'windows-1252'),
    );
    expect(latin.encoding.encoding).toBe('windows-1252');
    expect(cells(latin.table)).toEqual([
      ['René', 'Zürich'],
      ['Anaïs', 'Besançon'],
    ]);
  });

  it('warns about invalid bytes for a forced encoding and keeps the rest', async () => {
    const bytes = new Uint8Array([...utf8('a,b\n1,x'), 0xff, 0xfe, ...utf8('y\n2,z\n')]);
    const parsed = await parse(bytes, { encoding: 'utf-8' });
    expect(parsed.table.rowCount).toBe(2);
    expect(cells(parsed.table)[1]).toEqual(['2', 'z']);
    expect(parsed.warnings.map((w) => w.code)).toContain('import.warn.invalidBytes');
  });
});

describe('dialects', () => {
  it.each([
    [',', 'id,name,amount\n1,"Smith, J",3.5\n2,Lee,4\n'],
    ['\t', 'id\tname\tamount\n1\tSmith, J\t3.5\n2\tLee\t4\n'],
    [';', 'id;name;amount\n1;Smith, J;3,5\n2;Lee;4\n'],
    ['|', 'id|name|amount\n1|Smith, J|3.5\n2|Lee|4\n'],
  ])('sniffs %j with a header', (delimiter, text) => {
    expect(sniffDialect(text)).toEqual({
      format: 'delimited',
      delimiter,
      quoteChar: '"',
      header: true,
    });
  });

  it('tells a header from data, and whitespace columns from delimiters', () => {
    expect(sniffDialect('1,2,3\n4,5,6\n').header).toBe(false);
    expect(
      sniffDialect(' 00004 0001 19970101  2   29.33\r\n 00004 0001 19970118  2   29.73\r\n').format,
    ).toBe('whitespace');
  });

  it('keeps quoted newlines, delimiters and quotes inside fields', async () => {
    const parsed = await parse('a,b\n"line1\nline2","x,""y"""\n3,4\n');
    expect(cells(parsed.table)).toEqual([
      ['line1\nline2', 'x,"y"'],
      ['3', '4'],
    ]);
    expect(parsed.table.rowNumbers?.[1] ?? 3).toBe(3);
  });

  it('gives the same records whatever the slice size (brute force over every cut)', async () => {
    const text =
      'id,name,note\r\n1,"Zhang, 张三","say ""hi""\r\nthere"\r\n2,李四,é\r\n\r\n3,,x\r\n';
    const bytes = utf8(text);
    const whole = cells((await parse(bytes)).table);
    expect(whole).toEqual([
      ['1', 'Zhang, 张三', 'say "hi"\r\nthere'],
      ['2', '李四', 'é'],
      ['3', '', 'x'],
    ]);
    for (let slice = 1; slice <= bytes.length; slice++) {
      const parsed = await parseFile(slicedSource(bytes, slice), {});
      expect(cells(parsed.table), `slice ${slice}`).toEqual(whole);
    }
  });

  it('streams records through RecordParser pushed one character at a time', () => {
    const text = 'a,b\n"1\n2",3\n4,5';
    const parser = new RecordParser({
      format: 'delimited',
      delimiter: ',',
      quoteChar: '"',
      header: true,
    });
    const records: string[][] = [];
    for (const ch of text) records.push(...parser.push(ch));
    records.push(...parser.end());
    expect(records).toEqual([
      ['a', 'b'],
      ['1\n2', '3'],
      ['4', '5'],
    ]);
  });
});

describe('bad input', () => {
  it('refuses an empty file and a header without rows', async () => {
    expect((await lensError(parse(''))).code).toBe('error.import.empty');
    expect((await lensError(parse('   \n\n'))).code).toBe('error.import.empty');
    const header = await lensError(parse('id,name,amount\n', {}, 'orders.csv'));
    expect(header.code).toBe('error.import.headerOnly');
    expect(header.params).toEqual({ file: 'orders.csv' });
  });

  it('refuses a PNG renamed .csv, naming what it is', async () => {
    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82,
    ]);
    const err = await lensError(parse(png, {}, 'photo.csv'));
    expect(err.code).toBe('error.import.binary');
    expect(err.params).toEqual({ file: 'photo.csv', kind: 'PNG image' });
    await expect(previewFile(bytesSource('photo.csv', png))).rejects.toMatchObject({
      code: 'error.import.binary',
    });
  });

  it('imports ragged rows with a warning each, or refuses them naming the rows', async () => {
    const text = 'a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n';
    const parsed = await parse(text);
    expect(cells(parsed.table)).toEqual([
      ['1', '2', '3'],
      ['4', '5', ''],
      ['6', '7', '8'],
      ['10', '11', '12'],
    ]);
    expect(parsed.warnings).toEqual([
      { code: 'import.warn.tooFewFields', row: 3, params: { found: 2, expected: 3 } },
      { code: 'import.warn.tooManyFields', row: 4, params: { found: 4, expected: 3 } },
    ]);
    const refused = await lensError(parse(text, { ragged: 'refuse' }));
    expect(refused.code).toBe('error.import.ragged');
    expect(refused.params).toEqual({ rows: '3, 4' });
  });

  it('names the row of an unterminated quote', async () => {
    const err = await lensError(parse('a,b\n1,2\n3,"never closed\n4,5\n'));
    expect(err.code).toBe('error.import.unterminatedQuote');
    expect(err.params.row).toBe(3);
  });

  it('refuses 5,000 columns with the limit named', async () => {
    const header = Array.from({ length: 5000 }, (_, i) => `c${i}`).join(',');
    const row = Array.from({ length: 5000 }, (_, i) => String(i)).join(',');
    const err = await lensError(parse(`${header}\n${row}\n`));
    expect(err.code).toBe('error.import.tooManyColumns');
    expect(err.params).toEqual({ columns: 5000, max: 1000 });
  });

  it('keeps one 5 MB field intact', async () => {
    const big = 'x'.repeat(5 * 1024 * 1024);
    const parsed = await parse(`id,blob\n1,"${big}"\n2,small\n`);
    expect(parsed.table.rowCount).toBe(2);
    expect(cells(parsed.table)[0][1].length).toBe(big.length);
    expect(cells(parsed.table)[1]).toEqual(['2', 'small']);
  });

  it('passes <script> and =HYPERLINK(...) through as plain text', async () => {
    const parsed = await parse(
      'name,link\n<script>alert(1)</script>,"=HYPERLINK(""http://x"",""y"")"\n',
    );
    expect(cells(parsed.table)).toEqual([
      ['<script>alert(1)</script>', '=HYPERLINK("http://x","y")'],
    ]);
  });

  it('fuzz: random bytes and random CSV-like text give a result or a catalogued LensError', async () => {
    const check = async (bytes: Uint8Array): Promise<void> => {
      try {
        const parsed = await parse(bytes);
        expect(parsed.table.rowCount).toBeGreaterThan(0);
      } catch (err) {
        expect(err).toBeInstanceOf(LensError);
        expect(messages[(err as LensError).code], (err as LensError).code).toBeDefined();
      }
    };
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), check), { numRuns: 300 });
    const csvish = fc
      .array(
        fc.constantFrom('a', '1', ',', ';', '\t', '"', '\n', '\r\n', ' ', '客', 'é', '-', '.', ''),
        {
          maxLength: 120,
        },
      )
      .map((parts) => utf8(parts.join('')));
    await fc.assert(fc.asyncProperty(csvish, check), { numRuns: 500 });
  });
});

describe.skipIf(!hasData)('real files in ../shared/data', () => {
  const file = (path: string): Uint8Array => new Uint8Array(readFileSync(resolve(DATA, path)));

  it('Online Retail: 541,909 data rows of 8 columns, streamed', async () => {
    const t0 = performance.now();
    const parsed = await parseFile(
      bytesSource('online_retail.csv', file('online_retail/online_retail.csv')),
    );
    console.info(`parseFile(Online Retail): ${(performance.now() - t0).toFixed(0)} ms`);
    expect(parsed.dialect).toEqual({
      format: 'delimited',
      delimiter: ',',
      quoteChar: '"',
      header: true,
    });
    expect(parsed.table.rowCount).toBe(541_909);
    expect(parsed.records - 1).toBe(541_909);
    expect(parsed.table.columns.map((c) => c.name)).toEqual([
      'InvoiceNo',
      'StockCode',
      'Description',
      'Quantity',
      'InvoiceDate',
      'UnitPrice',
      'CustomerID',
      'Country',
    ]);
    expect(parsed.warningCount).toBe(0);
  });

  it('CDNOW sample: whitespace-separated, no header, 6,919 rows of 5', async () => {
    const parsed = await parseFile(bytesSource('CDNOW_sample.txt', file('cdnow/CDNOW_sample.txt')));
    expect(parsed.dialect).toMatchObject({ format: 'whitespace', header: false });
    expect(parsed.table.rowCount).toBe(6919);
    expect(parsed.table.columns).toHaveLength(5);
    expect(cells(parsed.table)[0]).toEqual(['00004', '0001', '19970101', '2', '29.33']);
  });

  it('CDNOW master: whitespace with a header line', async () => {
    const parsed = await parseFile(bytesSource('CDNOW_master.txt', file('cdnow/CDNOW_master.txt')));
    expect(parsed.dialect).toMatchObject({ format: 'whitespace', header: true });
    expect(parsed.table.rowCount).toBe(69_659);
    expect(parsed.table.columns.map((c) => c.name)).toEqual([
      'customer_id',
      'date',
      'number_of_cds',
      'dollar_value',
    ]);
  });

  it('Iris: tab-separated without a header, 150 rows of 5', async () => {
    const parsed = await parseFile(bytesSource('iris.tsv', file('iris/iris.tsv')));
    expect(parsed.dialect).toMatchObject({ format: 'delimited', delimiter: '\t', header: false });
    expect(parsed.table.rowCount).toBe(150);
    expect(parsed.table.columns).toHaveLength(5);
  });

  it('Groceries: one basket per line → 9,835 baskets as (basket, item) rows', async () => {
    const parsed = await parseFile(bytesSource('groceries.csv', file('groceries/groceries.csv')));
    expect(parsed.dialect.format).toBe('baskets');
    expect(parsed.records).toBe(9835);
    expect(parsed.table.columns.map((c) => c.name)).toEqual(['basket', 'item']);
    expect(parsed.table.columns[0].values).toHaveLength(9835);
    expect(parsed.table.columns[1].values).toHaveLength(169);
  });

  it.each([
    ['telco_churn/telco_churn.csv', 7043, 21],
    ['mall_customers/mall_customers.csv', 200, 5],
    ['grocery_elog/grocery_elog.csv', 10_483, 2],
  ])('%s: header and %i rows of %i columns', async (path, rows, columns) => {
    const parsed = await parseFile(bytesSource(path, file(path)));
    expect(parsed.dialect).toMatchObject({ format: 'delimited', delimiter: ',', header: true });
    expect(parsed.table.rowCount).toBe(rows);
    expect(parsed.table.columns).toHaveLength(columns);
  });
});
