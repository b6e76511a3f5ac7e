/**
 * The BTYD summary (ARCHITECTURE.md "Buy-till-you-die summary (CLV)") on a hand-made log
 * whose every number is worked out in the comments, on the CDNOW sample against a
 * brute-force recomputation straight from the text file, and on the grocery log (no amounts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTransactionsFile } from '../../src/cli/input.ts';
import { LensError } from '../../src/core/errors.ts';
import { summaryFromArrays, summaryFromTable, UNIT_DAYS } from '../../src/core/clv/summary.ts';
import {
  dictColumn,
  numericColumn,
  type ColumnRole,
  type Table,
} from '../../src/core/table/index.ts';

const DATA = resolve(process.cwd(), '../shared/data');
const CDNOW = resolve(DATA, 'cdnow/CDNOW_sample.txt');
const GROCERY = resolve(DATA, 'grocery_elog/grocery_elog.csv');
const DAY = 86_400_000;
const utc = (y: number, m: number, d: number, h = 0): number => Date.UTC(y, m - 1, d, h);

function errorOf(fn: () => unknown): LensError | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof LensError) return err;
    throw err;
  }
  return undefined;
}

/**
 * Lines (customer, date, invoice, quantity, unit price), time unit day:
 * - A: 1 Jan (two lines, 10 + 5 → one day worth 15), 3 Jan (20, plus a return of −4 the
 *   same day → 16), 6 Jan 15:00 (30), 12 Jan (holdout, 8), 20 Jan (after the holdout end).
 * - B: 2 Jan (7); a cancelled invoice C9 on 4 Jan (a return on a day without purchase).
 * - C: first purchase 9 Jan, after the calibration end 8 Jan: not in the summary.
 * - D: a return only (no purchase).
 * - a line without customer and one without date.
 */
function handTable(): { table: Table; roles: Record<string, ColumnRole> } {
  const rows: [string | null, number | null, string, number, number][] = [
    ['A', utc(2024, 1, 1, 9), 'I1', 2, 5],
    ['A', utc(2024, 1, 1, 17), 'I2', 1, 5],
    ['A', utc(2024, 1, 3), 'I3', 4, 5],
    ['A', utc(2024, 1, 3, 12), 'I4', -1, 4],
    ['A', utc(2024, 1, 6, 15), 'I5', 3, 10],
    ['A', utc(2024, 1, 12), 'I6', 1, 8],
    ['A', utc(2024, 1, 20), 'I7', 1, 8],
    ['B', utc(2024, 1, 2), 'I8', 1, 7],
    ['B', utc(2024, 1, 4), 'C9', 1, 7],
    ['C', utc(2024, 1, 9), 'I10', 1, 3],
    ['D', utc(2024, 1, 5), 'I11', -2, 3],
    [null, utc(2024, 1, 5), 'I12', 1, 1],
    ['B', null, 'I13', 1, 1],
  ];
  const table: Table = {
    rowCount: rows.length,
    columns: [
      dictColumn(
        'customer',
        rows.map((r) => r[0]),
      ),
      numericColumn(
        'when',
        'date',
        rows.map((r) => r[1]),
      ),
      dictColumn(
        'invoice',
        rows.map((r) => r[2]),
      ),
      numericColumn(
        'qty',
        'i32',
        rows.map((r) => r[3]),
      ),
      numericColumn(
        'price',
        'f64',
        rows.map((r) => r[4]),
      ),
    ],
  };
  return {
    table,
    roles: {
      customer: 'customerId',
      when: 'orderDate',
      invoice: 'orderId',
      qty: 'quantity',
      price: 'unitPrice',
    },
  };
}

describe('summaryFromTable on a hand-made log', () => {
  it('merges days, nets returns into their day and splits calibration and holdout', () => {
    const { table, roles } = handTable();
    const s = summaryFromTable(table, roles, {
      unit: 'day',
      calibrationEnd: utc(2024, 1, 8, 13), // any time of the day: the whole day counts
      holdoutEnd: utc(2024, 1, 15),
    });
    expect(s.customerIds).toEqual(['A', 'B']);
    expect(s.calibrationEnd).toBe(utc(2024, 1, 8));
    expect(s.holdoutEnd).toBe(utc(2024, 1, 15));
    expect(s.holdoutLength).toBe(7);
    expect(s.unitDays).toBe(1);
    expect(s.hasAmounts).toBe(true);
    expect(Array.from(s.firstPurchase)).toEqual([utc(2024, 1, 1), utc(2024, 1, 2)]);
    // A: days 1, 3, 6 → x = 2, t_x = 5, T = 7; repeat days worth 16 and 30 → 23.
    // B: day 2 only → x = 0, t_x = 0, T = 6, monetary NaN.
    expect(Array.from(s.x)).toEqual([2, 0]);
    expect(Array.from(s.tx)).toEqual([5, 0]);
    expect(Array.from(s.T)).toEqual([7, 6]);
    expect(s.monetary[0]).toBe(23);
    expect(s.monetary[1]).toBeNaN();
    expect(Array.from(s.holdoutX!)).toEqual([1, 0]);
    expect(Array.from(s.holdoutValue!)).toEqual([8, 0]);
    // Period p = day 1 + p: repeat days of A on 3, 6 (calibration) and 12 (holdout).
    expect(s.origin).toBe(utc(2024, 1, 1));
    expect(s.repeatsByPeriod.length).toBe(15);
    const repeats = Array.from(s.repeatsByPeriod);
    expect(repeats.reduce((a, b) => a + b, 0)).toBe(3);
    expect([repeats[2], repeats[5], repeats[11]]).toEqual([1, 1, 1]);
    // No customer, no date, and A's 20 January after the holdout end.
    expect(s.skippedLines).toBe(3);
  });

  it('uses weeks and months as 7 and 365.25/12 days', () => {
    const { table, roles } = handTable();
    const opts = { calibrationEnd: utc(2024, 1, 8), holdoutEnd: null };
    const w = summaryFromTable(table, roles, { ...opts, unit: 'week' });
    expect(w.tx[0]).toBeCloseTo(5 / 7, 15);
    expect(w.T[1]).toBeCloseTo(6 / 7, 15);
    expect(w.holdoutX).toBeNull();
    expect(w.holdoutValue).toBeNull();
    expect(w.holdoutLength).toBe(0);
    const m = summaryFromTable(table, roles, { ...opts, unit: 'month' });
    expect(m.unitDays).toBe(30.4375);
    expect(m.T[0]).toBeCloseTo(7 / 30.4375, 15);
    expect(UNIT_DAYS).toEqual({ day: 1, week: 7, month: 30.4375 });
  });

  it('defaults the calibration end to the last purchase day, or to the holdout midpoint', () => {
    const { table, roles } = handTable();
    const last = summaryFromTable(table, roles, {
      unit: 'day',
      calibrationEnd: null,
      holdoutEnd: null,
    });
    // The last purchase day is 20 January (D's return on the 5th is no purchase).
    expect(last.calibrationEnd).toBe(utc(2024, 1, 20));
    expect(last.customerIds).toEqual(['A', 'B', 'C']);
    expect(last.x[0]).toBe(4);
    const mid = summaryFromTable(table, roles, {
      unit: 'day',
      calibrationEnd: null,
      holdoutEnd: utc(2024, 1, 13),
    });
    // Midpoint of 1 and 13 January.
    expect(mid.calibrationEnd).toBe(utc(2024, 1, 7));
  });

  it('takes the amount column when there is one, and works without amounts', () => {
    const { table, roles } = handTable();
    const amount = numericColumn('amount', 'f64', [10, 5, 20, -4, 30, 8, 8, 7, 7, 3, -6, 1, 1]);
    const withAmount = summaryFromTable(
      { ...table, columns: [...table.columns, amount] },
      { ...roles, amount: 'amount', price: 'ignore' },
      { unit: 'day', calibrationEnd: utc(2024, 1, 8), holdoutEnd: null },
    );
    expect(withAmount.monetary[0]).toBe(23);
    const bare = summaryFromTable(
      table,
      { customer: 'customerId', when: 'orderDate' },
      { unit: 'day', calibrationEnd: utc(2024, 1, 8), holdoutEnd: utc(2024, 1, 15) },
    );
    expect(bare.hasAmounts).toBe(false);
    expect(bare.monetary[0]).toBeNaN();
    expect(bare.holdoutValue).toBeNull();
    // Without an invoice or quantity column nothing is known to be a return: B buys on the
    // 4th (C9) and D's −2 line on the 5th is a purchase.
    expect(bare.customerIds).toEqual(['A', 'B', 'D']);
    expect(Array.from(bare.x)).toEqual([2, 1, 0]);
  });

  it('lets a day with more returned than bought have a negative value', () => {
    const table: Table = {
      rowCount: 3,
      columns: [
        dictColumn('c', ['A', 'A', 'A']),
        numericColumn('d', 'date', [utc(2024, 1, 1), utc(2024, 1, 2), utc(2024, 1, 2)]),
        numericColumn('v', 'f64', [10, 5, -9]),
      ],
    };
    const s = summaryFromTable(
      table,
      { c: 'customerId', d: 'orderDate', v: 'amount' },
      { unit: 'day', calibrationEnd: null, holdoutEnd: null },
    );
    expect(s.x[0]).toBe(1);
    expect(s.monetary[0]).toBe(-4);
  });

  it('throws LensErrors that name the problem', () => {
    const { table, roles } = handTable();
    const at = (calibrationEnd: number | null, holdoutEnd: number | null) =>
      errorOf(() => summaryFromTable(table, roles, { unit: 'day', calibrationEnd, holdoutEnd }));
    expect(at(utc(2024, 1, 8), utc(2024, 1, 8))?.code).toBe('error.clv.holdoutNotAfter');
    expect(at(utc(2024, 1, 8), utc(2024, 1, 8))?.params).toEqual({
      calibrationEnd: '2024-01-08',
      holdoutEnd: '2024-01-08',
    });
    expect(at(utc(2023, 12, 31), null)?.code).toBe('error.clv.noPurchases');
    expect(at(NaN, null)?.code).toBe('error.clv.badDate');
    const textDate = {
      ...table,
      columns: [
        ...table.columns.slice(0, 1),
        dictColumn('when', table.columns.map(() => 'x').slice(0, 13)),
      ],
    };
    expect(
      errorOf(() =>
        summaryFromTable(textDate, roles, { unit: 'day', calibrationEnd: null, holdoutEnd: null }),
      )?.code,
    ).toBe('error.clv.dateNotDate');
    expect(
      errorOf(() =>
        summaryFromTable(
          table,
          { customer: 'customerId' },
          { unit: 'day', calibrationEnd: null, holdoutEnd: null },
        ),
      )?.code,
    ).toBe('error.profiles.missingRole');
    expect(
      errorOf(() =>
        summaryFromTable(table, roles, {
          unit: 'year' as 'day',
          calibrationEnd: null,
          holdoutEnd: null,
        }),
      )?.code,
    ).toBe('error.clv.unit');
  });
});

describe('summaryFromArrays', () => {
  it('agrees with summaryFromTable and takes day numbers directly', () => {
    // Customer 0: days 100, 100, 103, 110; customer 1: day 101; customer 2: none.
    const s = summaryFromArrays(
      {
        customer: new Int32Array([0, 1, 0, 0, 0]),
        day: new Int32Array([100, 101, 103, 100, 110]),
        value: new Float64Array([1, 2, 3, 4, 5]),
        customers: 3,
      },
      { unit: 'day', calibrationEnd: 108 * DAY, holdoutEnd: 115 * DAY },
    );
    expect(s.customerIds).toEqual(['0', '1']);
    expect(Array.from(s.x)).toEqual([1, 0]);
    expect(Array.from(s.T)).toEqual([8, 7]);
    expect(s.monetary[0]).toBe(3);
    expect(Array.from(s.holdoutX!)).toEqual([1, 0]);
    expect(Array.from(s.holdoutValue!)).toEqual([5, 0]);
  });

  it('rejects arrays of different lengths', () => {
    const e = errorOf(() =>
      summaryFromArrays(
        { customer: new Int32Array(2), day: new Float64Array(3) },
        { unit: 'day', calibrationEnd: null, holdoutEnd: null },
      ),
    );
    expect(e?.code).toBe('error.clv.lengths');
  });
});

describe.skipIf(!existsSync(CDNOW))('CDNOW sample (weeks, calibration to 1997-09-30)', () => {
  it('matches a brute-force summary of the text file, customer by customer', async () => {
    const { table, roles } = await readTransactionsFile(
      CDNOW,
      { format: 'whitespace', header: false },
      {},
      true,
    );
    expect(roles).toMatchObject({
      customer_id: 'customerId',
      date: 'orderDate',
      dollar_value: 'amount',
    });
    const s = summaryFromTable(table, roles, {
      unit: 'week',
      calibrationEnd: utc(1997, 9, 30),
      holdoutEnd: utc(1998, 6, 30),
    });

    // Brute force: parse the lines again, group by customer and date string.
    const byCustomer = new Map<string, Map<number, number>>();
    for (const line of readFileSync(CDNOW, 'utf8').split('\n')) {
      const f = line.trim().split(/\s+/);
      if (f.length < 5) continue;
      const d = f[2];
      const day = Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8)) / DAY;
      const days = byCustomer.get(f[1]) ?? new Map<number, number>();
      days.set(day, (days.get(day) ?? 0) + Number(f[4]));
      byCustomer.set(f[1], days);
    }
    const cal = utc(1997, 9, 30) / DAY;
    const end = utc(1998, 6, 30) / DAY;
    expect(s.customerIds.length).toBe(2357);
    expect(byCustomer.size).toBe(2357);
    let repeaters = 0;
    let totalX = 0;
    let totalHoldout = 0;
    s.customerIds.forEach((id, i) => {
      const days = [...byCustomer.get(id)!.entries()].sort((a, b) => a[0] - b[0]);
      const calDays = days.filter(([d]) => d <= cal);
      const first = calDays[0][0];
      const x = calDays.length - 1;
      expect(s.x[i]).toBe(x);
      expect(s.tx[i]).toBeCloseTo((calDays[x][0] - first) / 7, 12);
      expect(s.T[i]).toBeCloseTo((cal - first) / 7, 12);
      expect(s.holdoutX![i]).toBe(days.filter(([d]) => d > cal && d <= end).length);
      if (x > 0) {
        const mean = calDays.slice(1).reduce((t, [, v]) => t + v, 0) / x;
        expect(s.monetary[i]).toBeCloseTo(mean, 9);
        repeaters++;
      } else expect(s.monetary[i]).toBeNaN();
      totalX += x;
      totalHoldout += s.holdoutX![i];
    });
    // FHL (2005) §4: 2,357 customers, 1,411 of them (60 %) with no repeat purchase in the
    // 39-week calibration period, so 946 repeat buyers.
    expect(repeaters).toBe(946);
    expect(totalX).toBe(2457);
    expect(totalHoldout).toBe(1882);
    // FHL (2005) §5's worked example is customer 0001: x = 2, t_x = 30.43, T = 38.86.
    expect(s.customerIds[0]).toBe('0001');
    expect(s.x[0]).toBe(2);
    expect(s.tx[0].toFixed(2)).toBe('30.43');
    expect(s.T[0].toFixed(2)).toBe('38.86');
    // 78 weekly periods from 1 January 1997 to 30 June 1998; they hold every repeat day.
    expect(s.origin).toBe(utc(1997, 1, 1));
    expect(s.repeatsByPeriod.length).toBe(78);
    expect(s.repeatsByPeriod.reduce((a, b) => a + b, 0)).toBe(totalX + totalHoldout);
    expect(s.skippedLines).toBe(0);
  });
});

describe.skipIf(!existsSync(GROCERY))('grocery log (no amounts)', () => {
  it('summarises 1,525 customers without monetary values', async () => {
    const { table, roles } = await readTransactionsFile(GROCERY, {});
    const s = summaryFromTable(table, roles, {
      unit: 'week',
      calibrationEnd: utc(2006, 12, 31),
      holdoutEnd: utc(2007, 12, 30),
    });
    expect(s.hasAmounts).toBe(false);
    expect(s.monetary.every((v) => Number.isNaN(v))).toBe(true);
    expect(s.holdoutValue).toBeNull();
    // Every customer of this log first bought in 2006 (BTYDplus's groceryElog documentation).
    expect(s.customerIds.length).toBe(1525);
    const all = summaryFromTable(table, roles, {
      unit: 'week',
      calibrationEnd: null,
      holdoutEnd: null,
    });
    // 10,483 lines, no two of one customer on the same day: 10,483 − 1,525 repeat days.
    expect(all.x.reduce((a, b) => a + b, 0)).toBe(10483 - 1525);
  });
});
