/**
 * Excel workbooks: a two-sheet .xlsx is built here (SpreadsheetML zipped with fflate; no
 * binary fixture in the repository) and read through readXlsx and parseFile.
 */
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { LensError } from '../../src/core/errors.ts';
import { bytesSource, parseFile, previewFile } from '../../src/core/ingest/parse-file.ts';
import { readXlsx } from '../../src/core/ingest/xlsx.ts';

type Cell = string | number | { date: number };

function cellXml(ref: string, value: Cell): string {
  if (typeof value === 'number') return `<c r="${ref}"><v>${value}</v></c>`;
  if (typeof value === 'object') return `<c r="${ref}" s="1"><v>${value.date}</v></c>`;
  const escaped = value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  return `<c r="${ref}" t="inlineStr"><is><t>${escaped}</t></is></c>`;
}

function sheetXml(rows: Cell[][]): string {
  const body = rows
    .map(
      (row, r) =>
        `<row r="${r + 1}">${row.map((v, c) => cellXml(`${String.fromCharCode(65 + c)}${r + 1}`, v)).join('')}</row>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData></worksheet>`;
}

function workbook(sheets: Record<string, Cell[][]>): Uint8Array {
  const names = Object.keys(sheets);
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>${names.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}</Types>`,
    ),
    '_rels/.rels': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    'xl/workbook.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${names.map((n, i) => `<sheet name="${n}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${names.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
    ),
    'xl/styles.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>`,
    ),
  };
  names.forEach(
    (n, i) => (files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(sheetXml(sheets[n]))),
  );
  return zipSync(files);
}

const BOOK = workbook({
  Orders: [
    ['Customer ID', 'Order Date', 'Amount', 'Note'],
    ['C001', { date: 45356 }, 128.5, '=HYPERLINK("x")'],
    ['C002', { date: 45357 }, 99, 'ok'],
  ],
  Customers: [
    ['Customer ID', 'City'],
    ['C001', '杭州'],
  ],
});

describe('xlsx', () => {
  it('lists the sheets and reads the first by default, dates as ISO text', async () => {
    const book = await readXlsx(BOOK);
    expect(book.sheets).toEqual(['Orders', 'Customers']);
    expect(book.sheet).toBe('Orders');
    expect(book.records).toEqual([
      ['Customer ID', 'Order Date', 'Amount', 'Note'],
      ['C001', '2024-03-05', '128.5', '=HYPERLINK("x")'],
      ['C002', '2024-03-06', '99', 'ok'],
    ]);
  });

  it('reads a chosen sheet and names the sheets when one is missing', async () => {
    expect((await readXlsx(BOOK, 'Customers')).records).toEqual([
      ['Customer ID', 'City'],
      ['C001', '杭州'],
    ]);
    const err = await readXlsx(BOOK, 'Nope').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LensError);
    expect((err as LensError).code).toBe('error.import.noSheet');
    expect((err as LensError).params).toEqual({ sheet: 'Nope', sheets: 'Orders, Customers' });
  });

  it('goes through parseFile and previewFile like a text file', async () => {
    const parsed = await parseFile(bytesSource('orders.xlsx', BOOK));
    expect(parsed.dialect.format).toBe('xlsx');
    expect(parsed.sheets).toEqual(['Orders', 'Customers']);
    expect(parsed.table.rowCount).toBe(2);
    expect(parsed.table.columns.map((c) => c.name)).toEqual([
      'Customer ID',
      'Order Date',
      'Amount',
      'Note',
    ]);
    const preview = await previewFile(bytesSource('orders.xlsx', BOOK), { sheet: 'Customers' });
    expect(preview.header).toEqual(['Customer ID', 'City']);
    expect(preview.rows).toEqual([['C001', '杭州']]);
  });

  it('refuses a damaged workbook with a readable error', async () => {
    const broken = BOOK.slice(0, 200);
    const err = await parseFile(bytesSource('broken.xlsx', broken)).catch((e: unknown) => e);
    expect((err as LensError).code).toBe('error.import.badXlsx');
  });
});
