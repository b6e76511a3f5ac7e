import { describe, expect, it } from 'vitest';
import { joinAttributes, joinStats, keyText } from '../../src/core/ingest/join.ts';
import type { JoinStats } from '../../src/core/ingest/types.ts';
import { createRng } from '../../src/core/stats/random.ts';
import {
  cellValue,
  dictColumn,
  numericColumn,
  tableRows,
  type CellValue,
  type Table,
} from '../../src/core/table/index.ts';
import { HAS_ONLINE_RETAIL, SKIP_MESSAGE, loadOnlineRetail } from '../support/online-retail.ts';

/** The text a key compares as, written out plainly. */
function refKey(v: CellValue): string | null {
  if (v === null) return null;
  if (typeof v === 'number') return Number.isNaN(v) ? null : String(v === 0 ? 0 : v);
  const t = v.trim();
  if (t === '') return null;
  const m = /^([+-]?\d+)\.0*$/.exec(t);
  return m ? m[1] : t;
}

/** Nested-loop left join and its statistics. */
function referenceJoin(tx: Table, txKey: string, cust: Table, custKey: string) {
  const tk = tx.columns.findIndex((c) => c.name === txKey);
  const ck = cust.columns.findIndex((c) => c.name === custKey);
  const txRows = tableRows(tx);
  const custRows = tableRows(cust);
  const extra = cust.columns.map((_, j) => j).filter((j) => j !== ck);
  const rows: CellValue[][] = [];
  let matchedRows = 0;
  const unmatchedKeys = new Set<string>();
  const usedKeys = new Set<string>();
  for (const r of txRows) {
    const k = refKey(r[tk]);
    let hit: CellValue[] | undefined;
    for (const c of custRows) {
      if (k !== null && refKey(c[ck]) === k) {
        hit = c;
        break;
      }
    }
    if (hit) {
      matchedRows++;
      usedKeys.add(k!);
    } else if (k !== null) unmatchedKeys.add(k);
    rows.push([...r, ...extra.map((j) => (hit ? hit[j] : null))]);
  }
  const counts = new Map<string, number>();
  for (const c of custRows) {
    const k = refKey(c[ck]);
    if (k !== null) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const stats: Omit<JoinStats, 'examples'> = {
    matchedRows,
    unmatchedRows: txRows.length - matchedRows,
    unmatchedKeys: unmatchedKeys.size,
    unusedCustomers: custRows.filter((c) => {
      const k = refKey(c[ck]);
      return k === null || !usedKeys.has(k);
    }).length,
    duplicateCustomerKeys: [...counts.values()].filter((n) => n > 1).length,
  };
  return { rows, stats };
}

describe('keyText', () => {
  it('compares ids as trimmed text, whole numbers without their zero fraction', () => {
    expect(keyText(17850)).toBe('17850');
    expect(keyText(17850.0)).toBe('17850');
    expect(keyText(' 17850 ')).toBe('17850');
    expect(keyText('17850.0')).toBe('17850');
    expect(keyText('17850.')).toBe('17850');
    expect(keyText('17850.5')).toBe('17850.5');
    expect(keyText(17850.5)).toBe('17850.5');
    expect(keyText('00123')).toBe('00123');
    expect(keyText('  ')).toBeNull();
    expect(keyText(NaN)).toBeNull();
    expect(keyText(-0)).toBe('0');
    expect(keyText('C-12')).toBe('C-12');
  });
});

describe('joinAttributes', () => {
  it('matches a nested-loop reference on random tables with mixed key types', () => {
    for (const seed of [1, 2, 3, 4]) {
      const rng = createRng(seed);
      const n = 300;
      const m = 40;
      const txIds = Array.from({ length: n }, () =>
        rng.next() < 0.1 ? null : 100 + rng.int(0, 50),
      );
      // The customers' keys are text, sometimes padded or written as floats; some repeat.
      const custIds = Array.from({ length: m }, () => {
        const id = 100 + rng.int(0, 60);
        const r = rng.next();
        return r < 0.1 ? null : r < 0.3 ? ` ${id} ` : r < 0.45 ? `${id}.0` : String(id);
      });
      const tx: Table = {
        rowCount: n,
        columns: [
          numericColumn('customer', 'i32', txIds),
          numericColumn(
            'amount',
            'f64',
            Array.from({ length: n }, () => rng.int(1, 100) / 4),
          ),
          dictColumn(
            'city',
            Array.from({ length: n }, () => rng.pick(['Paris', 'Lyon'])),
          ),
        ],
      };
      const customers: Table = {
        rowCount: m,
        columns: [
          dictColumn('id', custIds),
          dictColumn(
            'city',
            Array.from({ length: m }, () => rng.pick(['Rome', 'Oslo', null])),
          ),
          numericColumn(
            'age',
            'i32',
            Array.from({ length: m }, () => (rng.next() < 0.2 ? null : rng.int(18, 80))),
          ),
          numericColumn(
            'since',
            'date',
            Array.from({ length: m }, () => rng.int(0, 1000) * 86_400_000),
          ),
        ],
      };
      const before = [structuredClone(tx), structuredClone(customers)];
      const { table, stats } = joinAttributes(tx, 'customer', customers, 'id');
      const ref = referenceJoin(tx, 'customer', customers, 'id');
      expect(table.columns.map((c) => c.name)).toEqual([
        'customer',
        'amount',
        'city',
        'customer city',
        'age',
        'since',
      ]);
      expect(table.columns.map((c) => c.type)).toEqual([
        'i32',
        'f64',
        'dict',
        'dict',
        'i32',
        'date',
      ]);
      expect(tableRows(table)).toEqual(ref.rows);
      const { examples, ...counts } = stats;
      expect(counts).toEqual(ref.stats);
      expect(stats.matchedRows).toBeGreaterThan(0);
      expect(stats.unmatchedKeys).toBeGreaterThan(0);
      expect(stats.duplicateCustomerKeys).toBeGreaterThan(0);
      expect(examples.unmatched.length).toBe(Math.min(5, stats.unmatchedKeys));
      expect(examples.duplicates.length).toBe(Math.min(5, stats.duplicateCustomerKeys));
      expect(joinStats(tx, 'customer', customers, 'id')).toEqual(stats);
      expect([tx, customers]).toEqual(before);
    }
  });

  it('lets the first customer row win, reports examples, and honours the prefix', () => {
    const tx: Table = {
      rowCount: 4,
      columns: [dictColumn('cid', ['1', '2', '9', null]), dictColumn('tier', ['x', 'y', 'z', 'w'])],
    };
    const customers: Table = {
      rowCount: 4,
      columns: [
        numericColumn('cid', 'f64', [1, 2, 2, 7]),
        dictColumn('tier', ['gold', 'silver', 'bronze', 'gold']),
      ],
    };
    const { table, stats } = joinAttributes(tx, 'cid', customers, 'cid', { prefix: 'crm.' });
    expect(table.columns.map((c) => c.name)).toEqual(['cid', 'tier', 'crm.tier']);
    expect(tableRows(table)).toEqual([
      ['1', 'x', 'gold'],
      ['2', 'y', 'silver'],
      ['9', 'z', null],
      [null, 'w', null],
    ]);
    // The picked dictionary holds only the values used.
    const picked = table.columns[2];
    expect(picked.type === 'dict' && picked.dictionary).toEqual(['gold', 'silver']);
    expect(stats).toEqual({
      matchedRows: 2,
      unmatchedRows: 2,
      unmatchedKeys: 1,
      unusedCustomers: 1,
      duplicateCustomerKeys: 1,
      examples: { unmatched: ['9'], unused: ['7'], duplicates: ['2'] },
    });
    expect(cellValue(table.columns[0], 1)).toBe('2');
  });

  it('numbers a clash that the prefix does not solve', () => {
    const tx: Table = {
      rowCount: 1,
      columns: [dictColumn('id', ['a']), dictColumn('x', ['1']), dictColumn('customer x', ['2'])],
    };
    const customers: Table = {
      rowCount: 1,
      columns: [dictColumn('id', ['a']), dictColumn('x', ['3'])],
    };
    const { table } = joinAttributes(tx, 'id', customers, 'id');
    expect(table.columns.map((c) => c.name)).toEqual(['id', 'x', 'customer x', 'customer x 2']);
    expect(tableRows(table)).toEqual([['a', '1', '2', '3']]);
  });

  it('refuses a key column that does not exist', () => {
    const t: Table = { rowCount: 1, columns: [dictColumn('id', ['a'])] };
    expect(() => joinStats(t, 'nope', t, 'id')).toThrow(/nope/);
  });
});

describe.skipIf(!HAS_ONLINE_RETAIL)(
  `Online Retail join${HAS_ONLINE_RETAIL ? '' : ` — ${SKIP_MESSAGE}`}`,
  () => {
    it('joins a float-keyed customers table onto the text ids', () => {
      const typed = loadOnlineRetail();
      const tx = typed.table;
      const idCol = tx.columns.find((c) => c.name === 'CustomerID')!;
      const countryCol = tx.columns.find((c) => c.name === 'Country')!;
      // One row per customer (first occurrence), id as a float as pandas would store it.
      const seen = new Set<string>();
      const ids: number[] = [];
      const countries: string[] = [];
      for (let i = 0; i < tx.rowCount; i++) {
        const id = cellValue(idCol, i);
        if (id === null || seen.has(id as string)) continue;
        seen.add(id as string);
        ids.push(Number(id));
        countries.push(cellValue(countryCol, i) as string);
      }
      const customers: Table = {
        rowCount: ids.length + 1,
        columns: [
          numericColumn('CustomerID', 'f64', [...ids, 99999]),
          dictColumn('Country', [...countries, 'Nowhere']),
        ],
      };
      const t0 = performance.now();
      const { table, stats } = joinAttributes(tx, 'CustomerID', customers, 'CustomerID');
      console.info(`joinAttributes on Online Retail: ${(performance.now() - t0).toFixed(0)} ms`);
      // pandas: df.CustomerID.nunique() = 4372; df.CustomerID.notna().sum() = 406,829.
      expect(ids.length).toBe(4_372);
      expect(stats).toMatchObject({
        matchedRows: 406_829,
        unmatchedRows: 135_080,
        unmatchedKeys: 0,
        unusedCustomers: 1,
        duplicateCustomerKeys: 0,
      });
      expect(stats.examples.unused).toEqual(['99999']);
      expect(table.columns.map((c) => c.name)).toEqual([
        ...tx.columns.map((c) => c.name),
        'customer Country',
      ]);
    });
  },
);
