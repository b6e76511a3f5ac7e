/**
 * A transactions table read through its column mapping into the flat arrays the profile
 * builder scans: one entry per line, customers and orders as small integer codes.
 *
 * ARCHITECTURE.md, "Orders and returns": a line is a return when its quantity or amount is
 * negative or its invoice is marked as cancelled (a leading `C`). Amount = the mapped
 * amount column, or quantity × unit price.
 */
import { LensError } from '../errors.ts';
import { isNullAt, type Column, type ColumnRole, type Table } from '../table/index.ts';

export interface TransactionLines {
  rows: number;
  /** Customer code per line, -1 when the line has no customer id. */
  customer: Int32Array;
  /** The customer ids, indexed by code. */
  customerIds: string[];
  /** Epoch ms per line; NaN when missing. */
  time: Float64Array;
  /** Order code per line (distinct invoices, or distinct customer+timestamp pairs); -1 when unknown. */
  order: Int32Array;
  orderCount: number;
  /** Line amount; NaN when it cannot be computed. */
  amount: Float64Array;
  /** Quantity per line; NaN when no quantity column is mapped or the value is missing. */
  quantity: Float64Array;
  /** 1 for a return or cancellation line. */
  isReturn: Uint8Array;
  /** Code per line into `categories`, -1 when missing or not mapped. */
  category: Int32Array;
  categories: string[];
  channel: Int32Array;
  channels: string[];
  /** Names of the columns that were used for each role, for the receipt. */
  used: Partial<Record<ColumnRole, string>>;
}

/** The roles a profile needs; the error names the first one that is missing. */
export function requireColumn(
  table: Table,
  roles: Record<string, ColumnRole>,
  role: ColumnRole,
): Column {
  const column = findByRole(table, roles, role);
  if (!column) throw new LensError('error.profiles.missingRole', { role });
  return column;
}

export function findByRole(
  table: Table,
  roles: Record<string, ColumnRole>,
  role: ColumnRole,
): Column | undefined {
  return table.columns.find((c) => roles[c.name] === role);
}

/** Codes for a key column (dict or numeric), -1 for missing; numbers become their decimal text. */
function keyCodes(column: Column, rows: number): { codes: Int32Array; keys: string[] } {
  const codes = new Int32Array(rows).fill(-1);
  if (column.type === 'dict') {
    // Re-number densely by first appearance so unused dictionary entries cost nothing.
    const remap = new Int32Array(column.dictionary.length).fill(-1);
    const keys: string[] = [];
    for (let i = 0; i < rows; i++) {
      if (isNullAt(column.nulls, i)) continue;
      const c = column.codes[i];
      let k = remap[c];
      if (k < 0) {
        k = keys.length;
        remap[c] = k;
        keys.push(column.dictionary[c]);
      }
      codes[i] = k;
    }
    return { codes, keys };
  }
  const index = new Map<number, number>();
  const keys: string[] = [];
  for (let i = 0; i < rows; i++) {
    if (isNullAt(column.nulls, i)) continue;
    const v = column.values[i];
    if (!Number.isFinite(v)) continue;
    let k = index.get(v);
    if (k === undefined) {
      k = keys.length;
      index.set(v, k);
      keys.push(String(v));
    }
    codes[i] = k;
  }
  return { codes, keys };
}

function numbers(column: Column | undefined, rows: number): Float64Array {
  const out = new Float64Array(rows).fill(NaN);
  if (!column || column.type === 'dict') return out;
  for (let i = 0; i < rows; i++) if (!isNullAt(column.nulls, i)) out[i] = column.values[i];
  return out;
}

function optionalCodes(
  column: Column | undefined,
  rows: number,
): { codes: Int32Array; keys: string[] } {
  if (!column) return { codes: new Int32Array(rows).fill(-1), keys: [] };
  return keyCodes(column, rows);
}

/**
 * Reads the mapped columns of a transactions table. Needs a customer id and an order
 * date, and an amount or quantity + unit price; throws LensError('error.profiles.missingRole').
 */
export function readTransactionLines(
  table: Table,
  roles: Record<string, ColumnRole>,
): TransactionLines {
  const rows = table.rowCount;
  const used: Partial<Record<ColumnRole, string>> = {};
  const customerCol = requireColumn(table, roles, 'customerId');
  const dateCol = requireColumn(table, roles, 'orderDate');
  if (dateCol.type !== 'date')
    throw new LensError('error.profiles.dateNotDate', { column: dateCol.name });
  used.customerId = customerCol.name;
  used.orderDate = dateCol.name;

  const amountCol = findByRole(table, roles, 'amount');
  const quantityCol = findByRole(table, roles, 'quantity');
  const priceCol = findByRole(table, roles, 'unitPrice');
  const quantity = numbers(quantityCol, rows);
  if (quantityCol && quantityCol.type !== 'dict') used.quantity = quantityCol.name;
  let amount: Float64Array;
  if (amountCol && amountCol.type !== 'dict') {
    amount = numbers(amountCol, rows);
    used.amount = amountCol.name;
  } else if (quantityCol && priceCol && quantityCol.type !== 'dict' && priceCol.type !== 'dict') {
    const price = numbers(priceCol, rows);
    amount = new Float64Array(rows);
    for (let i = 0; i < rows; i++) amount[i] = quantity[i] * price[i];
    used.unitPrice = priceCol.name;
  } else {
    throw new LensError('error.profiles.missingRole', { role: 'amount' });
  }

  const { codes: customer, keys: customerIds } = keyCodes(customerCol, rows);
  const time = numbers(dateCol, rows);

  const orderCol = findByRole(table, roles, 'orderId');
  const isReturn = new Uint8Array(rows);
  let order: Int32Array;
  let orderCount: number;
  if (orderCol) {
    used.orderId = orderCol.name;
    const k = keyCodes(orderCol, rows);
    order = k.codes;
    orderCount = k.keys.length;
    const cancelled = k.keys.map((key) => /^\s*c/i.test(key));
    for (let i = 0; i < rows; i++) if (order[i] >= 0 && cancelled[order[i]]) isReturn[i] = 1;
  } else {
    // No invoice column: an order is one customer's purchase at one timestamp.
    order = new Int32Array(rows).fill(-1);
    const index = new Map<string, number>();
    for (let i = 0; i < rows; i++) {
      if (customer[i] < 0 || Number.isNaN(time[i])) continue;
      const key = `${customer[i]}|${time[i]}`;
      let k = index.get(key);
      if (k === undefined) {
        k = index.size;
        index.set(key, k);
      }
      order[i] = k;
    }
    orderCount = index.size;
  }
  for (let i = 0; i < rows; i++) if (quantity[i] < 0 || amount[i] < 0) isReturn[i] = 1;

  const category = optionalCodes(findByRole(table, roles, 'category'), rows);
  const channel = optionalCodes(findByRole(table, roles, 'channel'), rows);
  const categoryCol = findByRole(table, roles, 'category');
  const channelCol = findByRole(table, roles, 'channel');
  if (categoryCol) used.category = categoryCol.name;
  if (channelCol) used.channel = channelCol.name;

  return {
    rows,
    customer,
    customerIds,
    time,
    order,
    orderCount,
    amount,
    quantity,
    isReturn,
    category: category.codes,
    categories: category.keys,
    channel: channel.codes,
    channels: channel.keys,
    used,
  };
}
