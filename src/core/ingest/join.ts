/**
 * Joins customer attributes (a customers table) onto transactions: a left join by key,
 * every transaction row kept, every customer column but the key appended.
 *
 * Keys compare as text, whatever the column types, because the same id is often typed
 * differently in two files (ids are stored as text by the import, but a customers file
 * from elsewhere may hold them as numbers): the trimmed string, with a whole number
 * written with a zero fraction ('17850.0', as pandas writes float ids) read as the whole
 * number, and numbers written as JavaScript prints them (17850 → '17850'). Leading zeros
 * are kept: '00123' and '123' are different ids.
 *
 * A key that occurs in several customer rows takes the first row's attributes; the
 * statistics count such keys so the dialog can say so. A customer column whose name is
 * already taken gets the prefix (default 'customer ').
 */
import {
  createNullBitmap,
  isNullAt,
  setNullAt,
  type Column,
  type DictColumn,
  type Table,
} from '../table/index.ts';
import type { JoinStats } from './types.ts';

export const JOIN_EXAMPLES = 5;
export const DEFAULT_JOIN_PREFIX = 'customer ';

const ZERO_FRACTION = /^([+-]?\d+)\.0*$/;

/** The text a key cell compares as (see the header); null for a missing or blank key. */
export function keyText(raw: string | number): string | null {
  if (typeof raw === 'number') {
    if (raw !== raw) return null;
    return String(raw + 0); // −0 prints as '0'
  }
  const t = raw.trim();
  if (t === '') return null;
  const m = ZERO_FRACTION.exec(t);
  return m ? m[1] : t;
}

/** Dense ids of the key texts: `ids[row]` indexes `texts` (−1 where the key is missing). */
interface RowKeys {
  ids: Int32Array;
  texts: string[];
}

/**
 * The key of every row as a dense id, so matching works on typed arrays: each distinct
 * dictionary entry or number is turned into text once, not each row.
 */
function rowKeys(table: Table, name: string, index: Map<string, number>, texts: string[]): RowKeys {
  const column = table.columns.find((c) => c.name === name);
  if (!column) throw new Error(`join: no column '${name}'`);
  const n = table.rowCount;
  const ids = new Int32Array(n);
  const idOf = (text: string | null): number => {
    if (text === null) return -1;
    let id = index.get(text);
    if (id === undefined) {
      id = texts.length;
      texts.push(text);
      index.set(text, id);
    }
    return id;
  };
  const nulls = column.nulls;
  if (column.type === 'dict') {
    const perCode = Int32Array.from(column.dictionary, (s) => idOf(keyText(s)));
    const codes = column.codes;
    for (let i = 0; i < n; i++) ids[i] = perCode[codes[i]];
    if (nulls) for (let i = 0; i < n; i++) if ((nulls[i >>> 3] & (1 << (i & 7))) !== 0) ids[i] = -1;
  } else {
    const cache = new Map<number, number>();
    const values = column.values;
    for (let i = 0; i < n; i++) {
      if (isNullAt(nulls, i)) {
        ids[i] = -1;
        continue;
      }
      const v = values[i];
      let id = cache.get(v);
      if (id === undefined) {
        id = idOf(keyText(v));
        cache.set(v, id);
      }
      ids[i] = id;
    }
  }
  return { ids, texts };
}

interface Matching {
  /** Per transaction row: the customer row it joins, or −1. */
  match: Int32Array;
  stats: JoinStats;
}

function matchRows(
  transactions: Table,
  txKey: string,
  customers: Table,
  customerKey: string,
): Matching {
  // One id space for both tables: equal texts get equal ids.
  const index = new Map<string, number>();
  const texts: string[] = [];
  const cust = rowKeys(customers, customerKey, index, texts).ids;
  const tx = rowKeys(transactions, txKey, index, texts).ids;
  const keys = texts.length;

  const firstRow = new Int32Array(keys).fill(-1);
  const custCount = new Uint32Array(keys);
  const duplicates: string[] = [];
  let duplicateCustomerKeys = 0;
  for (let r = 0; r < cust.length; r++) {
    const k = cust[r];
    if (k < 0) continue;
    if (custCount[k]++ === 0) firstRow[k] = r;
    else if (custCount[k] === 2) {
      duplicateCustomerKeys++;
      if (duplicates.length < JOIN_EXAMPLES) duplicates.push(texts[k]);
    }
  }

  const n = transactions.rowCount;
  const match = new Int32Array(n);
  const txSeen = new Uint8Array(keys);
  let matchedRows = 0;
  let unmatchedKeys = 0;
  const unmatchedExamples: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = tx[i];
    const r = k < 0 ? -1 : firstRow[k];
    match[i] = r;
    if (r >= 0) matchedRows++;
    if (k >= 0 && txSeen[k] === 0) {
      txSeen[k] = 1;
      if (r < 0) {
        unmatchedKeys++;
        if (unmatchedExamples.length < JOIN_EXAMPLES) unmatchedExamples.push(texts[k]);
      }
    }
  }

  let unusedCustomers = 0;
  const unusedExamples: string[] = [];
  for (let r = 0; r < cust.length; r++) {
    const k = cust[r];
    if (k >= 0 && txSeen[k] === 1) continue;
    unusedCustomers++;
    if (k >= 0 && unusedExamples.length < JOIN_EXAMPLES && !unusedExamples.includes(texts[k]))
      unusedExamples.push(texts[k]);
  }

  return {
    match,
    stats: {
      matchedRows,
      unmatchedRows: n - matchedRows,
      unmatchedKeys,
      unusedCustomers,
      duplicateCustomerKeys,
      examples: { unmatched: unmatchedExamples, unused: unusedExamples, duplicates },
    },
  };
}

/**
 * Only the statistics of a join, for the confirmation dialog: one pass over each key
 * column, no columns built.
 */
export function joinStats(
  transactions: Table,
  txKey: string,
  customers: Table,
  customerKey: string,
): JoinStats {
  return matchRows(transactions, txKey, customers, customerKey).stats;
}

/**
 * Transactions with the customers' columns appended (missing where no customer matched).
 * The transactions' own columns are copied; neither input is modified.
 */
export function joinAttributes(
  transactions: Table,
  txKey: string,
  customers: Table,
  customerKey: string,
  options: { prefix?: string } = {},
): { table: Table; stats: JoinStats } {
  const prefix = options.prefix ?? DEFAULT_JOIN_PREFIX;
  const { match, stats } = matchRows(transactions, txKey, customers, customerKey);
  const n = transactions.rowCount;
  const columns: Column[] = transactions.columns.map(copyColumn);
  const taken = new Set(columns.map((c) => c.name));
  for (const c of customers.columns) {
    if (c.name === customerKey) continue;
    let name = c.name;
    if (taken.has(name)) name = prefix + c.name;
    for (let k = 2; taken.has(name); k++) name = `${prefix}${c.name} ${k}`;
    taken.add(name);
    columns.push(pick(c, match, n, name));
  }
  return { table: { rowCount: n, columns }, stats };
}

function copyColumn(column: Column): Column {
  const nulls = column.nulls ? { nulls: column.nulls.slice() } : {};
  if (column.type === 'dict') {
    return {
      ...nulls,
      name: column.name,
      type: 'dict',
      codes: column.codes.slice(),
      dictionary: column.dictionary.slice(),
    };
  }
  if (column.type === 'i32')
    return { ...nulls, name: column.name, type: 'i32', values: column.values.slice() };
  return { ...nulls, name: column.name, type: column.type, values: column.values.slice() };
}

/** Row i of the result takes row match[i] of the column (missing when −1). */
function pick(column: Column, match: Int32Array, n: number, name: string): Column {
  let nulls: Uint8Array | undefined;
  const missing = (i: number): boolean => {
    const r = match[i];
    return r < 0 || isNullAt(column.nulls, r);
  };
  for (let i = 0; i < n; i++) {
    if (missing(i)) {
      nulls ??= createNullBitmap(n);
      setNullAt(nulls, i);
    }
  }
  const base = nulls ? { name, nulls } : { name };
  if (column.type === 'dict') return { ...base, ...pickDict(column, match, n, nulls) };
  const values = column.type === 'i32' ? new Int32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = match[i];
    if (r >= 0) values[i] = column.values[r];
  }
  if (column.type === 'i32') return { ...base, type: 'i32', values: values as Int32Array };
  return { ...base, type: column.type, values: values as Float64Array };
}

/** Codes renumbered in order of first appearance, so the dictionary holds only the values used. */
function pickDict(
  column: DictColumn,
  match: Int32Array,
  n: number,
  nulls: Uint8Array | undefined,
): Pick<DictColumn, 'type' | 'codes' | 'dictionary'> {
  const remap = new Int32Array(column.dictionary.length).fill(-1);
  const dictionary: string[] = [];
  const codes = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    if (isNullAt(nulls, i)) continue;
    const c = column.codes[match[i]];
    let k = remap[c];
    if (k < 0) {
      k = dictionary.length;
      remap[c] = k;
      dictionary.push(column.dictionary[c]);
    }
    codes[i] = k;
  }
  return { type: 'dict', codes, dictionary };
}
