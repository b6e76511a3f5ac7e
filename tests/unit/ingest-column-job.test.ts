import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  helperColumns,
  runColumnJob,
  typeAndReportWithHelper,
  type ColumnHelper,
} from '../../src/core/ingest/column-job.ts';
import {
  duplicateRowMask,
  duplicateRowMaskOfCodes,
  sharedDuplicateRowMask,
} from '../../src/core/ingest/duplicates.ts';
import { bytesSource, parseFile, previewFile } from '../../src/core/ingest/parse-file.ts';
import { guessSpecs, typeAndReport } from '../../src/core/ingest/pipeline.ts';
import type { ColumnSpec, ParsedFile, TypedImport } from '../../src/core/ingest/types.ts';
import type { StatsCache } from '../../src/core/table/stats.ts';
import { HAS_ONLINE_RETAIL, ONLINE_RETAIL, SKIP_MESSAGE } from '../support/online-retail.ts';

/** The helper as the second worker runs it: the job and the answer go through a structured clone. */
const inProcess: ColumnHelper = async (job) => structuredClone(runColumnJob(structuredClone(job)));
const failing: ColumnHelper = async () => {
  throw new Error('worker gone');
};

async function parseText(text: string): Promise<{ parsed: ParsedFile; specs: ColumnSpec[] }> {
  const source = bytesSource('t.csv', new TextEncoder().encode(text));
  const preview = await previewFile(source);
  const specs = guessSpecs(preview.sample!, preview.dialect.format);
  return { parsed: await parseFile(source), specs };
}

function bytesOf(a: ArrayBufferView): string {
  return `${a.constructor.name}:${Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64')}`;
}

/** Both paths on the same parse: the typed tables, reports and column stats must be equal. */
async function expectSameAsSerial(
  parsed: ParsedFile,
  specs: ColumnSpec[],
  helper: ColumnHelper = inProcess,
): Promise<ReturnType<typeof typeAndReport>> {
  const serialStats: StatsCache = new Map();
  const serial = typeAndReport(parsed, specs, undefined, serialStats);
  const splitStats: StatsCache = new Map();
  const split = await typeAndReportWithHelper(parsed, specs, helper, {}, splitStats);
  // Column data compared as bytes (toEqual walks 541,909-element arrays slowly).
  const shape = (t: TypedImport) => ({
    ...t,
    table: {
      rowCount: t.table.rowCount,
      columns: t.table.columns.map((c) => ({
        ...c,
        ...(c.type === 'dict' ? { codes: bytesOf(c.codes) } : { values: bytesOf(c.values) }),
        ...(c.nulls ? { nulls: bytesOf(c.nulls) } : {}),
      })),
    },
  });
  expect(shape(split.typed)).toEqual(shape(serial.typed));
  expect(split.report).toEqual(serial.report);
  expect(split.typed.table.columns.map((c) => splitStats.get(c))).toEqual(
    serial.typed.table.columns.map((c) => serialStats.get(c)),
  );
  // The duplicate mask the cleaning step reuses is the typed table's.
  expect(bytesOf(sharedDuplicateRowMask(split.typed.table))).toBe(
    bytesOf(duplicateRowMask(serial.typed.table)),
  );
  return split;
}

describe('duplicateRowMaskOfCodes', () => {
  it('marks the rows whose codes all repeat an earlier row (brute-force reference)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((width) =>
          fc.array(
            fc.array(fc.integer({ min: 0, max: 3 }), { minLength: width, maxLength: width }),
            {
              maxLength: 60,
            },
          ),
        ),
        (rows) => {
          const width = rows[0]?.length ?? 1;
          const codes = Array.from({ length: width }, (_, c) =>
            Uint32Array.from(rows, (r) => r[c]),
          );
          const seen = new Set<string>();
          const expected = rows.map((r) => {
            const key = r.join(',');
            const dup = seen.has(key) ? 1 : 0;
            seen.add(key);
            return dup;
          });
          expect(Array.from(duplicateRowMaskOfCodes(codes, rows.length))).toEqual(expected);
        },
      ),
    );
  });
});

describe('helperColumns', () => {
  const spec = (name: string, type: ColumnSpec['type'], role: ColumnSpec['role'] = 'attribute') =>
    ({ name, type, role }) as ColumnSpec;

  it('gives the helper the cheaper share, after its duplicate mask, and never an ignored column', () => {
    // Online Retail's mapping: five text columns, two numbers, one date.
    const specs = [
      spec('InvoiceNo', 'string', 'orderId'),
      spec('StockCode', 'string', 'productId'),
      spec('Description', 'string', 'productName'),
      spec('Quantity', 'integer', 'quantity'),
      spec('InvoiceDate', 'datetime', 'orderDate'),
      spec('UnitPrice', 'decimal', 'unitPrice'),
      spec('CustomerID', 'string', 'customerId'),
      spec('Country', 'category', 'region'),
    ];
    // Costs: numbers and dates 3, text 1 (ids are text whatever their values); the helper
    // starts at 5 (its duplicate mask). Quantity → here 3, InvoiceDate → here 6, UnitPrice →
    // helper 8, InvoiceNo → here 7, StockCode → here 8, Description → here 9, CustomerID →
    // helper 9, Country → here 10.
    expect([...helperColumns(specs)].sort()).toEqual([5, 6]);
    const withIgnored = specs.map((s, i) => (i === 4 ? { ...s, role: 'ignore' as const } : s));
    expect(helperColumns(withIgnored).has(4)).toBe(false);
    expect(helperColumns([spec('a', 'string')]).size).toBe(0);
  });
});

describe('typeAndReportWithHelper', () => {
  it('equals the one-worker typing and report, the raw-code duplicates standing', async () => {
    const text = [
      'id,when,qty,price,city',
      '1,2024-01-02,3,1.5,Paris',
      '2,2024-01-03,,2.25,Lyon',
      '1,2024-01-02,3,1.5,Paris',
      '3,2024-01-04,x,9,',
      '2,2024-01-03,,2.25,Lyon',
    ].join('\n');
    const { parsed, specs } = await parseText(text);
    const split = await expectSameAsSerial(parsed, specs);
    expect(split.report.duplicateLines).toBe(2);
    expect(split.split).toEqual({ helped: true, duplicatesFromCodes: true });
  });

  it('counts rows equal only once typed (1.5 and 1.50, two missing tokens) as duplicates', async () => {
    const text = [
      'id,price,note',
      'a,1.5,NA',
      'a,1.50,',
      'b,2,x',
      'b,2.0,x',
      'c,3,',
      'c,3,n/a',
    ].join('\n');
    const { parsed, specs } = await parseText(text);
    const priceSpec = specs.find((s) => s.name === 'price')!;
    expect(priceSpec.type).toBe('decimal');
    const split = await expectSameAsSerial(parsed, specs);
    // Typed: (a,1.5,null) twice, (b,2,x) twice, (c,3,null) twice.
    expect(split.report.duplicateLines).toBe(3);
    expect(split.split).toEqual({ helped: true, duplicatesFromCodes: false });
  });

  it('does the helper’s columns itself when the helper fails', async () => {
    const { parsed, specs } = await parseText(
      'a,b,c\n1,x,2024-01-01\n2,y,2024-01-02\n1,x,2024-01-01',
    );
    const split = await expectSameAsSerial(parsed, specs, failing);
    expect(split.split).toEqual({ helped: false, duplicatesFromCodes: false });
    expect(split.report.duplicateLines).toBe(1);
  });

  it('equals the one-worker path on random CSV text (property)', async () => {
    const cell = fc.constantFrom(
      '',
      'NA',
      '1',
      '1.0',
      '01',
      '-0',
      '0',
      '2.5',
      '2.50',
      'x',
      'Y',
      '2024-01-02',
      '2024/1/2',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 25 }),
        async (rows) => {
          const text = ['p,q,r', ...rows.map((r) => r.join(','))].join('\n');
          const { parsed, specs } = await parseText(text);
          await expectSameAsSerial(parsed, specs);
        },
      ),
      { numRuns: 60 },
    );
  });

  it.skipIf(!HAS_ONLINE_RETAIL)(
    'equals the one-worker path on Online Retail (5,268 duplicate lines)',
    async () => {
      const bytes = new Uint8Array(readFileSync(ONLINE_RETAIL));
      const source = bytesSource('online_retail.csv', bytes);
      const preview = await previewFile(source);
      const specs = guessSpecs(preview.sample!, preview.dialect.format);
      const parsed = await parseFile(source);
      const split = await expectSameAsSerial(parsed, specs);
      expect(split.report.duplicateLines).toBe(5_268);
      expect(split.report.lines).toBe(541_909);
    },
    120_000,
  );
  if (!HAS_ONLINE_RETAIL) it.skip(SKIP_MESSAGE, () => {});
});
