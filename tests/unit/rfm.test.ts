/**
 * RFM scores, the segment grid, summaries, lifecycle stages and rule segments: against
 * brute-force references on generated data, and on the real Online Retail profiles.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { quantileScores, scoreBands } from '../../src/core/rfm/scores.ts';
import {
  assignSegments,
  checkGrid,
  defaultGrid,
  DEFAULT_SEGMENT_KEYS,
  type RfmGrid,
} from '../../src/core/rfm/grid.ts';
import { analyseRfm, scoreShare } from '../../src/core/rfm/analyse.ts';
import { paretoShares, summariseGroups } from '../../src/core/segments/summary.ts';
import { lifecycleStages, LIFECYCLE_STAGES } from '../../src/core/customers/lifecycle.ts';
import { evaluateRule, type RuleGroup } from '../../src/core/segments/rules.ts';
import { buildProfiles } from '../../src/core/customers/profiles.ts';
import { analyseCustomers } from '../../src/core/customers/analyse.ts';
import { dictColumn, numericColumn, type Table } from '../../src/core/table/index.ts';
import { LensError } from '../../src/core/errors.ts';
import { readTransactionsFile } from '../../src/cli/input.ts';

const ONLINE_RETAIL = resolve(process.cwd(), '../shared/data/online_retail/online_retail.csv');

/** Score by the definition: 1 + floor(bins × (#values strictly worse) / n). */
function bruteScores(values: number[], bins: number, reverse: boolean): number[] {
  return values.map((v) => {
    const worse = values.filter((w) => (reverse ? w > v : w < v)).length;
    return 1 + Math.floor((bins * worse) / values.length);
  });
}

describe('quantileScores', () => {
  it('equals the definition on random tied data (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 80 }),
        fc.constantFrom(4 as const, 5 as const),
        fc.boolean(),
        (values, bins, reverse) => {
          expect([...quantileScores(values, bins, reverse)]).toEqual(
            bruteScores(values, bins, reverse),
          );
        },
      ),
    );
  });

  it('splits distinct values into equal quintiles, recency reversed', () => {
    const values = Array.from({ length: 100 }, (_, i) => i);
    const up = quantileScores(values, 5);
    const down = quantileScores(values, 5, true);
    for (let s = 1; s <= 5; s++) {
      expect(up.filter((x) => x === s).length).toBe(20);
    }
    expect(up[0]).toBe(1);
    expect(up[99]).toBe(5);
    expect(down[0]).toBe(5); // the most recent (fewest days) scores 5
    expect(down[99]).toBe(1);
  });

  it('gives equal values equal scores even when a tie spans a boundary', () => {
    const scores = quantileScores([1, 1, 1, 1, 1, 1, 2, 3, 4, 5], 5);
    expect([...scores]).toEqual([1, 1, 1, 1, 1, 1, 4, 4, 5, 5]);
  });

  it('refuses bins other than 4 or 5, and missing values', () => {
    expect(() => quantileScores([1], 3 as 5)).toThrow(LensError);
    expect(() => quantileScores([1, NaN], 5)).toThrow(LensError);
  });

  it('score bands hold each score’s range and count', () => {
    const values = [5, 1, 3, 3, 9, 7, 2, 8, 4, 6];
    const scores = quantileScores(values, 5);
    const bands = scoreBands(values, scores, 5);
    expect(bands.map((b) => b.customers)).toEqual([2, 2, 2, 2, 2]);
    expect(bands[0]).toMatchObject({ min: 1, max: 2 });
    expect(bands[4]).toMatchObject({ min: 8, max: 9 });
    expect(scoreShare(bands, 2, 'atMost')).toBeCloseTo(0.4, 12);
    expect(scoreShare(bands, 5, 'atLeast')).toBeCloseTo(0.2, 12);
  });
});

describe('segment grid', () => {
  it('the default 5×5 grid has the 11 named segments and covers every cell exactly once', () => {
    const grid = defaultGrid(5);
    expect(grid.segments.map((s) => s.key)).toEqual([...DEFAULT_SEGMENT_KEYS]);
    const cells = grid.segments.flatMap((s) => s.cells).sort();
    expect(cells).toHaveLength(25);
    expect(new Set(cells).size).toBe(25);
    expect(checkGrid(grid)).toEqual({ ok: true, unassigned: [], doubles: [], invalid: [] });
  });

  it('the default 4×4 grid covers its 16 cells exactly once', () => {
    const grid = defaultGrid(4);
    const check = checkGrid(grid);
    expect(check.ok).toBe(true);
    expect(grid.segments.flatMap((s) => s.cells)).toHaveLength(16);
    expect(grid.segments.find((s) => s.key === 'champions')!.cells.sort()).toEqual(['43', '44']);
  });

  it('names empty, double and out-of-range cells, and assignSegments refuses such a grid', () => {
    const grid: RfmGrid = structuredClone(defaultGrid(5));
    grid.segments[0].cells.push('11'); // champions also claims a lost cell
    grid.segments[10].cells = ['12']; // lost gives up '11'... still claimed by champions
    grid.segments[1].cells = grid.segments[1].cells.filter((c) => c !== '35');
    grid.segments[2].cells.push('66');
    const check = checkGrid(grid);
    expect(check.ok).toBe(false);
    expect(check.unassigned).toEqual(['35']);
    expect(check.doubles).toEqual([]);
    expect(check.invalid).toEqual(['66']);
    grid.segments[10].cells = ['11', '12'];
    expect(checkGrid(grid).doubles).toEqual([{ cell: '11', segments: ['champions', 'lost'] }]);
    expect(() => assignSegments(grid, new Uint8Array([1]), new Uint8Array([1]))).toThrow(LensError);
  });

  it('assigns each (R, F) to the segment owning the cell', () => {
    const grid = defaultGrid(5);
    const r = new Uint8Array([5, 5, 1, 3, 4]);
    const f = new Uint8Array([5, 1, 1, 3, 1]);
    const keys = [...assignSegments(grid, r, f)].map((i) => grid.segments[i].key);
    expect(keys).toEqual(['champions', 'newCustomers', 'lost', 'needAttention', 'promising']);
  });
});

describe('summaries', () => {
  it('per-group counts, shares, means and AOV equal a direct computation', () => {
    const group = [0, 1, 0, 2, -1, 1];
    const m = {
      recencyDays: [10, 20, 30, 40, 50, 60],
      frequency: [1, 2, 3, 4, 5, 6],
      monetary: [100, 200, 300, 400, 500, 600],
      revenue: [100, 200, 300, 400, 500, 600],
      grossSpend: [110, 220, 330, 440, 550, 660],
      orders: [1, 2, 3, 4, 5, 6],
    };
    const s = summariseGroups(group, 3, m);
    expect(s[0]).toMatchObject({ customers: 2, revenue: 400, meanRecency: 20, meanFrequency: 2 });
    expect(s[0].customerShare).toBeCloseTo(2 / 6, 12);
    expect(s[0].revenueShare).toBeCloseTo(400 / 2100, 12);
    expect(s[0].aov).toBeCloseTo(440 / 4, 12);
    expect(s[1].meanMonetary).toBe(400);
    const pareto = paretoShares(s);
    expect(pareto.map((p) => p.group)).toEqual([1, 0, 2]);
    expect(pareto[2].cumulativeShare).toBeCloseTo(1600 / 2100, 12);
  });
});

describe('lifecycle stages', () => {
  it('applies the rules in order, with the repeat customers’ median interval for one-timers', () => {
    const stages = lifecycleStages({
      tenureDays: [10, 400, 400, 400, 400, 400],
      recencyDays: [5, 500, 100, 100, 20, 20],
      meanIntervalDays: [NaN, 30, 30, NaN, 30, 60],
      recentOrders: [1, 0, 0, 0, 3, 1],
      previousOrders: [0, 0, 0, 0, 1, 1],
    });
    expect(stages.fallbackIntervalDays).toBe(30);
    expect([...stages.stage].map((s) => LIFECYCLE_STAGES[s])).toEqual([
      'new',
      'lost',
      'atRisk',
      'atRisk',
      'growing',
      'active',
    ]);
  });
});

describe('rule segments', () => {
  const table: Table = {
    rowCount: 6,
    columns: [
      numericColumn('age', 'f64', [25, 34, 40, null, 30, 22]),
      dictColumn('city_tier', ['tier 1', 'tier 1', 'tier 2', 'tier 1', null, 'tier 1']),
      numericColumn('monetary', 'f64', [600, 400, 900, 700, 800, 1000]),
    ],
  };

  it('AND / OR groups, between, text and missing values like SQL', () => {
    const rule: RuleGroup = {
      op: 'and',
      items: [
        { column: 'age', op: 'between', value: 25, value2: 34 },
        { column: 'city_tier', op: 'is', value: 'tier 1' },
        { column: 'monetary', op: '>', value: 500 },
      ],
    };
    expect([...evaluateRule(rule, table)]).toEqual([1, 0, 0, 0, 0, 0]);
    const or: RuleGroup = {
      op: 'or',
      items: [
        { column: 'age', op: '<', value: 23 },
        {
          op: 'and',
          items: [
            { column: 'city_tier', op: 'missing' },
            { column: 'monetary', op: '>=', value: 800 },
          ],
        },
      ],
    };
    expect([...evaluateRule(or, table)]).toEqual([0, 0, 0, 0, 1, 1]);
    expect([
      ...evaluateRule({ op: 'and', items: [{ column: 'age', op: '!=', value: 30 }] }, table),
    ]).toEqual([1, 1, 1, 0, 0, 1]);
    expect([
      ...evaluateRule(
        { op: 'and', items: [{ column: 'city_tier', op: 'in', values: ['tier 2'] }] },
        table,
      ),
    ]).toEqual([0, 0, 1, 0, 0, 0]);
  });

  it('names the problem of an incomplete rule', () => {
    const codeOf = (rule: RuleGroup) => {
      try {
        evaluateRule(rule, table);
        return null;
      } catch (err) {
        return (err as LensError).code;
      }
    };
    expect(codeOf({ op: 'and', items: [{ column: 'nope', op: '>', value: 1 }] })).toBe(
      'error.rule.column',
    );
    expect(codeOf({ op: 'and', items: [{ column: 'age', op: 'contains', value: 'x' }] })).toBe(
      'error.rule.operator',
    );
    expect(codeOf({ op: 'and', items: [{ column: 'age', op: '>' }] })).toBe('error.rule.value');
  });
});

describe.skipIf(!existsSync(ONLINE_RETAIL))('RFM on Online Retail (real data)', () => {
  it('scores 4,339 customers by the definition; segments cover everyone', async () => {
    const { table, roles } = await readTransactionsFile(ONLINE_RETAIL, {});
    const { table: profiles } = buildProfiles(table, roles);
    const { rfm, lifecycle } = analyseCustomers(profiles);
    const ints = (name: string): number[] => {
      const column = profiles.columns.find((c) => c.name === name)!;
      if (column.type !== 'i32') throw new Error(`${name} is ${column.type}`);
      return [...column.values];
    };
    const rec = ints('recency_days');
    const freq = ints('frequency');
    // Sorting-based brute force of the definition (the O(n²) one is too slow here).
    const check = (values: number[], scores: Uint8Array, reverse: boolean) => {
      const sorted = [...values].sort((a, b) => a - b);
      const below = (v: number) => {
        let lo = 0;
        let hi = sorted.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (sorted[mid] < v) lo = mid + 1;
          else hi = mid;
        }
        return lo;
      };
      const above = (v: number) => sorted.length - below(v + 1);
      values.forEach((v, i) => {
        const worse = reverse ? above(v) : below(v);
        expect(scores[i]).toBe(1 + Math.floor((5 * worse) / values.length));
      });
    };
    check(rec, rfm.scores.r, true);
    check(freq, rfm.scores.f, false);
    // 1,494 customers ordered once: all share F = 1.
    expect(freq.filter((f) => f === 1)).toHaveLength(1494);
    expect(rfm.bands.f[0]).toMatchObject({ customers: 1494, min: 1, max: 1 });
    expect(rfm.segments.reduce((s, g) => s + g.customers, 0)).toBe(4339);
    expect(rfm.cells.reduce((s, c) => s + c.customers, 0)).toBe(4339);
    expect(lifecycle.stages.reduce((s, g) => s + g.customers, 0)).toBe(4339);
    const revenue = rfm.segments.reduce((s, g) => s + g.revenue, 0);
    expect(revenue).toBeCloseTo(8310477.05, 1);
    expect(rfm.segments.reduce((s, g) => s + g.revenueShare, 0)).toBeCloseTo(1, 12);
  }, 60_000);

  it('refuses a grid of the wrong size', () => {
    const profiles: Table = {
      rowCount: 0,
      columns: [],
    };
    expect(() => analyseRfm(profiles, { bins: 5, grid: defaultGrid(4) })).toThrow(LensError);
  });
});
