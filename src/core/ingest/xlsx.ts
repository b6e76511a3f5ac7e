/**
 * Excel workbooks (.xlsx) to records of strings, with read-excel-file (fflate + a SAX
 * XML parser: no DOM, so it runs in Node, in the page and in workers). Cells become the
 * text a CSV export would hold: numbers as plain JS numbers, dates as ISO strings.
 */
import readXlsxFile from 'read-excel-file/universal';
import { LensError } from '../errors.ts';

export interface Workbook {
  sheets: string[];
  sheet: string;
  records: string[][];
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const day = `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
    const h = value.getUTCHours();
    const m = value.getUTCMinutes();
    const s = value.getUTCSeconds();
    return h === 0 && m === 0 && s === 0 ? day : `${day}T${pad(h)}:${pad(m)}:${pad(s)}`;
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

export async function readXlsx(bytes: Uint8Array, sheet?: string): Promise<Workbook> {
  let sheets: { sheet: string; data: unknown[][] }[];
  try {
    // A copy as a plain ArrayBuffer: the library accepts Blob or ArrayBuffer only.
    const buffer = bytes.slice().buffer as ArrayBuffer;
    sheets = (await readXlsxFile(buffer)) as { sheet: string; data: unknown[][] }[];
  } catch {
    throw new LensError('error.import.badXlsx', {});
  }
  const names = sheets.map((s) => s.sheet);
  const chosen = sheet === undefined ? sheets[0] : sheets.find((s) => s.sheet === sheet);
  if (!chosen) {
    throw new LensError('error.import.noSheet', { sheet: sheet ?? '', sheets: names.join(', ') });
  }
  return {
    sheets: names,
    sheet: chosen.sheet,
    records: chosen.data.map((row) => row.map(cellText)),
  };
}
