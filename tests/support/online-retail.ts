/**
 * UCI Online Retail as a typed Table for the quality / cleaning / join tests, read with
 * papaparse and a small converter of its own, so these tests do not depend on the
 * project's parser and typing (tested on their own).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import {
  dictColumn,
  numericColumn,
  type ColumnRole,
  type Table,
} from '../../src/core/table/index.ts';
import type { ColumnTyping, TypedImport } from '../../src/core/ingest/types.ts';

export const ONLINE_RETAIL = fileURLToPath(
  new URL('../../../shared/data/online_retail/online_retail.csv', import.meta.url),
);
export const HAS_ONLINE_RETAIL = existsSync(ONLINE_RETAIL);
export const SKIP_MESSAGE = `Online Retail not found at ${ONLINE_RETAIL}: real-data checks skipped`;

export const ONLINE_RETAIL_ROLES: Record<string, ColumnRole> = {
  InvoiceNo: 'orderId',
  StockCode: 'productId',
  Description: 'productName',
  Quantity: 'quantity',
  InvoiceDate: 'orderDate',
  UnitPrice: 'unitPrice',
  CustomerID: 'customerId',
  Country: 'region',
};

/** 'YYYY-MM-DD HH:MM:SS' (UTC) → epoch ms; '' → null. */
function parseTimestamp(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(s);
  if (!m) return null;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
}

const num = (s: string | undefined): number | null =>
  s === undefined || s.trim() === '' ? null : Number(s);

let cached: TypedImport | null = null;

export function loadOnlineRetail(): TypedImport {
  if (cached) return cached;
  const text = readFileSync(ONLINE_RETAIL, 'utf8');
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  const rows = parsed.data;
  const col = (name: string): string[] => rows.map((r) => r[name] ?? '');
  const table: Table = {
    rowCount: rows.length,
    columns: [
      dictColumn('InvoiceNo', col('InvoiceNo')),
      dictColumn('StockCode', col('StockCode')),
      dictColumn('Description', col('Description')),
      numericColumn(
        'Quantity',
        'i32',
        rows.map((r) => num(r.Quantity)),
      ),
      numericColumn(
        'InvoiceDate',
        'date',
        rows.map((r) => parseTimestamp(r.InvoiceDate ?? '')),
      ),
      numericColumn(
        'UnitPrice',
        'f64',
        rows.map((r) => num(r.UnitPrice)),
      ),
      dictColumn('CustomerID', col('CustomerID')),
      dictColumn('Country', col('Country')),
    ],
  };
  const typing: ColumnTyping[] = table.columns.map((c) => ({
    name: c.name,
    type:
      c.type === 'dict'
        ? 'string'
        : c.type === 'i32'
          ? 'integer'
          : c.type === 'date'
            ? 'datetime'
            : 'decimal',
    storage: c.type,
    invalid: 0,
    invalidExamples: [],
  }));
  cached = { table, roles: { ...ONLINE_RETAIL_ROLES }, typing };
  return cached;
}
