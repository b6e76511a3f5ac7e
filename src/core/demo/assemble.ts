/**
 * Turns simulated orders and customer records into the two columnar tables, adding the
 * line-level dirt (duplicates, blank product names) on the way.
 */
import type { Rng } from '../stats/random.ts';
import {
  createNullBitmap,
  dictColumn,
  numericColumn,
  setNullAt,
  type ColumnRole,
  type DictColumn,
  type NullBitmap,
  type Table,
} from '../table/index.ts';
import { formatDay, type DayFormat } from './calendar.ts';
import { CATEGORY_KEYS, CATEGORY_LABELS, PRODUCTS } from './catalogue.ts';
import type { CustomerAttributes } from './attributes.ts';
import { DIRT, maybeMissing } from './dirt.ts';
import { CHANNELS } from './groups.ts';
import type { OrderBook } from './book.ts';

export const TRANSACTION_ROLES: Record<string, ColumnRole> = {
  invoice_id: 'orderId',
  invoice_date: 'orderDate',
  customer_id: 'customerId',
  product_id: 'productId',
  product_name: 'productName',
  category: 'category',
  quantity: 'quantity',
  unit_price: 'unitPrice',
  channel: 'channel',
};

export const CUSTOMER_ROLES: Record<string, ColumnRole> = {
  customer_id: 'customerId',
  gender: 'gender',
  age_band: 'age',
  city_tier: 'attribute',
  region: 'region',
  income_band: 'income',
  signup_date: 'attribute',
  channel_preference: 'attribute',
  email: 'email',
  phone: 'phone',
};

/**
 * Dictionary codes in order of first appearance, from small integer keys (product,
 * customer or channel indices); -1 marks a missing value.
 */
class CodeBook {
  private readonly codeOf: Int32Array;
  readonly dictionary: string[] = [];

  constructor(
    keys: number,
    private readonly label: (key: number) => string,
  ) {
    this.codeOf = new Int32Array(keys).fill(-1);
  }

  code(key: number): number {
    let c = this.codeOf[key];
    if (c < 0) {
      c = this.dictionary.length;
      this.codeOf[key] = c;
      this.dictionary.push(this.label(key));
    }
    return c;
  }
}

function dictFromCodes(
  name: string,
  codes: Uint32Array,
  dictionary: string[],
  nulls: NullBitmap | undefined,
): DictColumn {
  return nulls
    ? { name, type: 'dict', codes, dictionary, nulls }
    : { name, type: 'dict', codes, dictionary };
}

/**
 * Invoices are numbered in time order, as a till or web shop would, so every order is
 * sorted first; a return always sorts after its order and takes 'C' + its number.
 * Columns are filled as typed arrays directly: at ~90k lines, building them from strings
 * costs more than the whole simulation.
 */
/**
 * Order indices sorted by time; ties keep simulation order, so the result never depends
 * on the sort algorithm. Sorting one float key per order (seconds into the window × 2^24
 * + index, exact below 2^53) is ~4x faster than a comparator.
 */
function timeOrder(book: OrderBook): Uint32Array {
  const n = book.orderCount;
  const out = new Uint32Array(n);
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < n; i++) {
    first = Math.min(first, book.ms[i]);
    last = Math.max(last, book.ms[i]);
  }
  const span = Math.ceil((last - first) / 1000) + 1;
  if (n <= 2 ** 24 && span * 2 ** 24 < 2 ** 53) {
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = ((book.ms[i] - first) / 1000) * 2 ** 24 + i;
    keys.sort();
    for (let i = 0; i < n; i++) out[i] = keys[i] % 2 ** 24;
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = i;
  return out.sort((a, b) => book.ms[a] - book.ms[b] || a - b);
}

export function assembleTransactions(
  book: OrderBook,
  customerIds: readonly string[],
  rng: Rng,
): Table {
  const { ms, customer, channel, returnOf, lineStart, lineEnd, product, quantity, unitPrice } =
    book;
  const products = PRODUCTS;
  const order = timeOrder(book);

  // Pass 1: invoice numbers and the line-level dirt, so that pass 2 knows the row count.
  const invoices: string[] = new Array<string>(order.length);
  const invoiceOf: string[] = new Array<string>(order.length);
  const lineDirt = new Uint8Array(book.lineCount); // bit 0: duplicated, bit 1: product name missing
  let rows = 0;
  let serial = 0;
  for (let e = 0; e < order.length; e++) {
    const o = order[e];
    if (returnOf[o] >= 0) {
      const original = invoiceOf[returnOf[o]];
      if (original === undefined) throw new Error('demo: return sorted before its order');
      invoices[e] = `C${original}`;
    } else {
      serial++;
      invoices[e] = invoiceOf[o] = `INV${String(serial).padStart(6, '0')}`;
    }
    for (let j = lineStart[o]; j < lineEnd[o]; j++) {
      const dup = rng.next() < DIRT.duplicateLineRate;
      const noName = rng.next() < DIRT.missingProductNameRate;
      lineDirt[j] = (dup ? 1 : 0) | (noName ? 2 : 0);
      rows += dup ? 2 : 1;
    }
  }

  // Pass 2: fill the columns.
  const invoiceCodes = new Uint32Array(rows);
  const dates = new Float64Array(rows);
  const customerCodes = new Uint32Array(rows);
  const productCodes = new Uint32Array(rows);
  const nameCodes = new Uint32Array(rows);
  const categoryCodes = new Uint32Array(rows);
  const quantities = new Int32Array(rows);
  const prices = new Float64Array(rows);
  const channelCodes = new Uint32Array(rows);
  let customerNulls: NullBitmap | undefined;
  let nameNulls: NullBitmap | undefined;
  const customerBook = new CodeBook(customerIds.length, (i) => customerIds[i]);
  const productBook = new CodeBook(products.length, (i) => products[i].id);
  const nameBook = new CodeBook(products.length, (i) => products[i].name);
  const categoryBook = new CodeBook(CATEGORY_KEYS.length, (i) => CATEGORY_LABELS[CATEGORY_KEYS[i]]);
  const channelBook = new CodeBook(CHANNELS.length, (i) => CHANNELS[i]);
  const categoryIndex = products.map((p) => CATEGORY_KEYS.indexOf(p.category));
  let r = 0;
  for (let e = 0; e < order.length; e++) {
    const o = order[e];
    const cust = customer[o] >= 0 ? customerBook.code(customer[o]) : -1;
    const ch = channelBook.code(channel[o]);
    for (let j = lineStart[o]; j < lineEnd[o]; j++) {
      const flags = lineDirt[j];
      const copies = flags & 1 ? 2 : 1;
      const p = product[j];
      for (let c = 0; c < copies; c++, r++) {
        invoiceCodes[r] = e;
        dates[r] = ms[o];
        if (cust < 0) {
          customerNulls ??= createNullBitmap(rows);
          setNullAt(customerNulls, r);
        } else customerCodes[r] = cust;
        productCodes[r] = productBook.code(p);
        if (flags & 2) {
          nameNulls ??= createNullBitmap(rows);
          setNullAt(nameNulls, r);
        } else nameCodes[r] = nameBook.code(p);
        categoryCodes[r] = categoryBook.code(categoryIndex[p]);
        quantities[r] = quantity[j];
        prices[r] = unitPrice[j];
        channelCodes[r] = ch;
      }
    }
  }
  return {
    rowCount: rows,
    columns: [
      dictFromCodes('invoice_id', invoiceCodes, invoices, undefined),
      { name: 'invoice_date', type: 'date', values: dates },
      dictFromCodes('customer_id', customerCodes, customerBook.dictionary, customerNulls),
      dictFromCodes('product_id', productCodes, productBook.dictionary, undefined),
      dictFromCodes('product_name', nameCodes, nameBook.dictionary, nameNulls),
      dictFromCodes('category', categoryCodes, categoryBook.dictionary, undefined),
      { name: 'quantity', type: 'i32', values: quantities },
      { name: 'unit_price', type: 'f64', values: prices },
      dictFromCodes('channel', channelCodes, channelBook.dictionary, undefined),
    ],
  };
}

export interface CustomerRecord {
  attributes: CustomerAttributes;
  signupMs: number;
  signupFormat: DayFormat;
}

export function assembleCustomers(records: readonly CustomerRecord[], rng: Rng): Table {
  const col = <T>(f: (r: CustomerRecord) => T): T[] => records.map(f);
  const age = col((r) => maybeMissing(rng, r.attributes.ageBand, DIRT.missingAgeBandRate));
  const income = col((r) => maybeMissing(rng, r.attributes.incomeBand, DIRT.missingIncomeBandRate));
  const email = col((r) => maybeMissing(rng, r.attributes.email, DIRT.missingEmailRate));
  const phone = col((r) => maybeMissing(rng, r.attributes.phone, DIRT.missingPhoneRate));
  return {
    rowCount: records.length,
    columns: [
      dictColumn(
        'customer_id',
        col((r) => r.attributes.customerId),
      ),
      dictColumn(
        'gender',
        col((r) => r.attributes.gender),
      ),
      dictColumn('age_band', age),
      numericColumn(
        'city_tier',
        'i32',
        col((r) => r.attributes.cityTier),
      ),
      dictColumn(
        'region',
        col((r) => r.attributes.region),
      ),
      dictColumn('income_band', income),
      dictColumn(
        'signup_date',
        col((r) => formatDay(r.signupMs, r.signupFormat)),
      ),
      dictColumn(
        'channel_preference',
        col((r) => r.attributes.channelPreference),
      ),
      dictColumn('email', email),
      dictColumn('phone', phone),
    ],
  };
}
