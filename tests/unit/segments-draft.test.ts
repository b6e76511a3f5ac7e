/**
 * The segment grid editor's pure logic (src/features/segments/rfmDraft.ts): the live
 * per-segment counts of valid and invalid drafts against a brute-force count over the
 * customers, and the editing operations.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkGrid, defaultGrid, type RfmGrid } from '../../src/core/rfm/grid.ts';
import { summariseGroups, type ProfileMeasures } from '../../src/core/segments/summary.ts';
import {
  addSegment,
  cellOwners,
  cloneGrid,
  removeSegment,
  renameSegment,
  sameGrid,
  summariseDraft,
  toggleCell,
} from '../../src/features/segments/rfmDraft.ts';

function measuresOf(n: number, seed: number): ProfileMeasures {
  const v = (k: number) => Array.from({ length: n }, (_, i) => ((i * 37 + seed * 11 + k) % 97) + 1);
  return {
    recencyDays: v(1),
    frequency: v(2),
    monetary: v(3),
    revenue: v(4).map((x, i) => (i % 5 === 0 ? -x / 10 : x)),
    grossSpend: v(5),
    orders: v(6),
  };
}

/** Per segment: customers whose (r, f) cell the segment lists, and their revenue. */
function bruteCounts(grid: RfmGrid, r: number[], f: number[], revenue: ArrayLike<number>) {
  return grid.segments.map((s, index) => {
    let customers = 0;
    let rev = 0;
    let inDouble = 0;
    for (let i = 0; i < r.length; i++) {
      const cell = `${r[i]}${f[i]}`;
      if (!s.cells.includes(cell)) continue;
      customers++;
      rev += revenue[i];
      const claimants = grid.segments.filter((o) => o.cells.includes(cell)).length;
      if (claimants > 1) inDouble++;
    }
    return { index, customers, revenue: rev, inDouble };
  });
}

const scoresArb = (bins: number) =>
  fc.array(fc.tuple(fc.integer({ min: 1, max: bins }), fc.integer({ min: 1, max: bins })), {
    minLength: 1,
    maxLength: 120,
  });

/** A random grid: each cell given to 0, 1 or 2 of `segments` segments. */
const gridArb = (bins: 4 | 5) =>
  fc
    .tuple(
      fc.integer({ min: 1, max: 6 }),
      fc.array(
        fc.tuple(
          fc.integer({ min: 0, max: 5 }),
          fc.integer({ min: 0, max: 5 }),
          fc.integer({ min: 0, max: 3 }),
        ),
        {
          minLength: bins * bins,
          maxLength: bins * bins,
        },
      ),
    )
    .map(([segments, picks]) => {
      const grid: RfmGrid = {
        bins,
        segments: Array.from({ length: segments }, (_, i) => ({
          key: `s${i}`,
          cells: [] as string[],
        })),
      };
      let k = 0;
      for (let r = 1; r <= bins; r++) {
        for (let f = 1; f <= bins; f++) {
          const [a, b, mode] = picks[k++];
          // mode 0: unassigned; 1, 2: one owner; 3: two owners (a double when a ≠ b)
          if (mode === 0) continue;
          grid.segments[a % segments].cells.push(`${r}${f}`);
          if (mode === 3 && b % segments !== a % segments)
            grid.segments[b % segments].cells.push(`${r}${f}`);
        }
      }
      return grid;
    });

describe('summariseDraft', () => {
  it('counts per segment equal a brute-force count for any draft, valid or not (property)', () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom(4 as const, 5 as const)
          .chain((bins) => fc.tuple(fc.constant(bins), gridArb(bins), scoresArb(bins))),
        ([, grid, pairs]) => {
          const r = pairs.map((p) => p[0]);
          const f = pairs.map((p) => p[1]);
          const measures = measuresOf(r.length, pairs.length);
          const live = summariseDraft(grid, r, f, measures);
          const brute = bruteCounts(grid, r, f, measures.revenue);
          live.segments.forEach((s, i) => {
            expect(s.customers).toBe(brute[i].customers);
            expect(s.revenue).toBeCloseTo(brute[i].revenue, 9);
            expect(s.inDoubleCells).toBe(brute[i].inDouble);
          });
          const check = checkGrid(grid);
          const unassigned = r.filter((_, i) => check.unassigned.includes(`${r[i]}${f[i]}`)).length;
          expect(live.unassignedCustomers).toBe(unassigned);
          const doubles = new Set(check.doubles.map((d) => d.cell));
          expect(live.doubleCustomers).toBe(
            r.filter((_, i) => doubles.has(`${r[i]}${f[i]}`)).length,
          );
          expect(live.check.ok).toBe(check.ok);
          expect(live.summaries !== null).toBe(check.ok);
          // Cell counts: brute force per (r, f).
          for (const c of live.cells) {
            expect(c.customers).toBe(r.filter((_, i) => r[i] === c.r && f[i] === c.f).length);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('gives a valid draft the same full summaries as grouping each customer by its cell’s owner', () => {
    const grid = defaultGrid(5);
    const r: number[] = [];
    const f: number[] = [];
    for (let i = 0; i < 60; i++) {
      r.push((i % 5) + 1);
      f.push(((i * 3) % 5) + 1);
    }
    const measures = measuresOf(r.length, 3);
    const live = summariseDraft(grid, r, f, measures);
    expect(live.check.ok).toBe(true);
    const owner = r.map((_, i) =>
      grid.segments.findIndex((s) => s.cells.includes(`${r[i]}${f[i]}`)),
    );
    expect(live.summaries).toEqual(summariseGroups(owner, grid.segments.length, measures));
    expect(live.segments.map((s) => s.customers)).toEqual(live.summaries!.map((s) => s.customers));
    expect(live.unassignedCustomers).toBe(0);
    expect(live.doubleCustomers).toBe(0);
    expect(live.totalCustomers).toBe(60);
  });
});

describe('grid editing', () => {
  it('moves a cell to another segment, keeping the grid valid', () => {
    const grid = defaultGrid(5);
    const lost = grid.segments.findIndex((s) => s.key === 'lost');
    const next = toggleCell(grid, lost, '55', true);
    expect(checkGrid(next).ok).toBe(true);
    expect(next.segments[lost].cells).toContain('55');
    expect(next.segments.find((s) => s.key === 'champions')!.cells).toEqual(['54']);
    // The original is untouched.
    expect(grid.segments.find((s) => s.key === 'champions')!.cells).toEqual(['54', '55']);
  });

  it('adds a second owner without move (a double), and a second click takes it away again', () => {
    const grid = defaultGrid(5);
    const lost = grid.segments.findIndex((s) => s.key === 'lost');
    const doubled = toggleCell(grid, lost, '55', false);
    expect(checkGrid(doubled).doubles).toEqual([{ cell: '55', segments: ['champions', 'lost'] }]);
    const back = toggleCell(doubled, lost, '55', false);
    expect(checkGrid(back).ok).toBe(true);
    expect(sameGrid(back, grid)).toBe(true);
    // Taking the only owner's cell leaves it unassigned.
    const champions = grid.segments.findIndex((s) => s.key === 'champions');
    expect(checkGrid(toggleCell(grid, champions, '55', true)).unassigned).toEqual(['55']);
  });

  it('adds, renames and removes segments', () => {
    const grid = defaultGrid(4);
    const { grid: added, index } = addSegment(grid, '  VIP  ');
    expect(index).toBe(grid.segments.length);
    expect(added.segments[index]).toEqual({ key: 'custom1', label: 'VIP', cells: [] });
    expect(addSegment(added, 'Other').grid.segments.at(-1)!.key).toBe('custom2');
    const renamed = renameSegment(added, 0, 'Best');
    expect(renamed.segments[0].label).toBe('Best');
    expect(sameGrid(renamed, added)).toBe(false);
    const removed = removeSegment(grid, 0);
    expect(removed.segments.length).toBe(grid.segments.length - 1);
    expect(checkGrid(removed).unassigned).toEqual(
      [...grid.segments[0].cells].sort((a, b) =>
        a[0] === b[0] ? a.localeCompare(b) : b.localeCompare(a),
      ),
    );
  });

  it('lists each cell’s owners and clones deeply', () => {
    const grid = defaultGrid(5);
    const owners = cellOwners(toggleCell(grid, 1, '55', false));
    expect(owners.size).toBe(25);
    expect(owners.get('55')).toEqual([0, 1]);
    expect(owners.get('11')).toEqual([grid.segments.findIndex((s) => s.key === 'lost')]);
    const copy = cloneGrid(grid);
    copy.segments[0].cells.push('11');
    expect(grid.segments[0].cells).toEqual(['54', '55']);
    expect(sameGrid(cloneGrid(grid), grid)).toBe(true);
  });
});
