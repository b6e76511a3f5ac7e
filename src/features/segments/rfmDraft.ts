/**
 * The segment grid editor's pure logic: editing a draft copy of the R×F grid, and the
 * live per-segment counts while the user edits it.
 *
 * - A valid draft (every cell owned exactly once) is summarised exactly like the applied
 *   analysis: assignSegments + summariseGroups over the profile measures.
 * - An invalid draft still shows, per segment, the customers in the cells it claims: a
 *   customer in a double-assigned cell counts in every claimant (and is flagged), a
 *   customer in an unassigned cell counts in none.
 */
import {
  assignSegments,
  cellKey,
  checkGrid,
  type GridCheck,
  type RfmGrid,
} from '../../core/rfm/grid.ts';
import {
  summariseGroups,
  type GroupSummary,
  type ProfileMeasures,
} from '../../core/segments/summary.ts';

/** A deep, plain copy (never shares arrays with the grid it came from). */
export function cloneGrid(grid: RfmGrid): RfmGrid {
  return {
    bins: grid.bins,
    segments: grid.segments.map((s) => ({
      key: s.key,
      ...(s.label !== undefined ? { label: s.label } : {}),
      cells: [...s.cells],
    })),
  };
}

/** Same bins, same segments (key, label) in the same order, same cell sets. */
export function sameGrid(a: RfmGrid, b: RfmGrid): boolean {
  if (a.bins !== b.bins || a.segments.length !== b.segments.length) return false;
  return a.segments.every((s, i) => {
    const o = b.segments[i];
    if (s.key !== o.key || (s.label ?? '') !== (o.label ?? '')) return false;
    const x = [...new Set(s.cells)].sort();
    const y = [...new Set(o.cells)].sort();
    return x.length === y.length && x.every((c, j) => c === y[j]);
  });
}

/**
 * Gives `cell` to segment `index`. With `move` the cell is taken from every other
 * segment (the grid stays valid); without it other owners keep it, which makes it a
 * double. Clicking a cell the segment already owns takes it away again (unassigned when
 * it had no other owner).
 */
export function toggleCell(grid: RfmGrid, index: number, cell: string, move: boolean): RfmGrid {
  const next = cloneGrid(grid);
  const target = next.segments[index];
  if (!target) return next;
  if (target.cells.includes(cell)) {
    target.cells = target.cells.filter((c) => c !== cell);
    return next;
  }
  if (move) {
    for (const s of next.segments) s.cells = s.cells.filter((c) => c !== cell);
  }
  target.cells.push(cell);
  return next;
}

/** A key no segment of the grid uses yet. */
export function newSegmentKey(grid: RfmGrid): string {
  const used = new Set(grid.segments.map((s) => s.key));
  let n = 1;
  while (used.has(`custom${n}`)) n++;
  return `custom${n}`;
}

/** Appends an empty user segment named `label`; returns the grid and its index. */
export function addSegment(grid: RfmGrid, label: string): { grid: RfmGrid; index: number } {
  const next = cloneGrid(grid);
  next.segments.push({ key: newSegmentKey(grid), label: label.trim(), cells: [] });
  return { grid: next, index: next.segments.length - 1 };
}

export function renameSegment(grid: RfmGrid, index: number, label: string): RfmGrid {
  const next = cloneGrid(grid);
  if (next.segments[index]) next.segments[index].label = label.trim();
  return next;
}

/** Removes a segment; its cells become unassigned (unless another segment also claims them). */
export function removeSegment(grid: RfmGrid, index: number): RfmGrid {
  const next = cloneGrid(grid);
  next.segments.splice(index, 1);
  return next;
}

/** Segment indexes claiming each cell, keyed `${r}${f}` (cells outside the grid are ignored). */
export function cellOwners(grid: RfmGrid): Map<string, number[]> {
  const owners = new Map<string, number[]>();
  for (let r = 1; r <= grid.bins; r++)
    for (let f = 1; f <= grid.bins; f++) owners.set(cellKey(r, f), []);
  grid.segments.forEach((s, index) => {
    for (const cell of new Set(s.cells)) owners.get(cell)?.push(index);
  });
  return owners;
}

export interface DraftSegmentStats {
  customers: number;
  revenue: number;
  /** Of `customers`, those in a cell another segment also claims. */
  inDoubleCells: number;
  /** The cells this segment claims, in grid order (R bins..1, F 1..bins). */
  cells: string[];
}

export interface CellCount {
  r: number;
  f: number;
  customers: number;
  revenue: number;
}

export interface DraftSummary {
  check: GridCheck;
  owners: Map<string, number[]>;
  /** Per draft segment, from the cells it claims (defined for valid and invalid drafts). */
  segments: DraftSegmentStats[];
  /** Full summaries like the applied analysis's; only for a valid draft. */
  summaries: GroupSummary[] | null;
  /** Customers in cells no segment owns. */
  unassignedCustomers: number;
  /** Customers in double-assigned cells (each counted once). */
  doubleCustomers: number;
  /** Per cell, R bins..1 then F 1..bins. */
  cells: CellCount[];
  totalCustomers: number;
  totalRevenue: number;
}

/**
 * The live summary of a draft grid over the customers' R and F scores. `measures.monetary`
 * must be the monetary the scores were made from (total or average order value).
 */
export function summariseDraft(
  grid: RfmGrid,
  r: ArrayLike<number>,
  f: ArrayLike<number>,
  measures: ProfileMeasures,
): DraftSummary {
  const bins = grid.bins;
  const check = checkGrid(grid);
  const owners = cellOwners(grid);
  const n = r.length;
  // Customers and revenue per cell, index (r-1)*bins + (f-1).
  const cellCustomers = new Float64Array(bins * bins);
  const cellRevenue = new Float64Array(bins * bins);
  let totalRevenue = 0;
  for (let i = 0; i < n; i++) {
    const ri = r[i];
    const fi = f[i];
    totalRevenue += measures.revenue[i];
    if (ri < 1 || ri > bins || fi < 1 || fi > bins) continue;
    const c = (ri - 1) * bins + (fi - 1);
    cellCustomers[c]++;
    cellRevenue[c] += measures.revenue[i];
  }
  const cells: CellCount[] = [];
  for (let ri = bins; ri >= 1; ri--) {
    for (let fi = 1; fi <= bins; fi++) {
      const c = (ri - 1) * bins + (fi - 1);
      cells.push({ r: ri, f: fi, customers: cellCustomers[c], revenue: cellRevenue[c] });
    }
  }
  const segments: DraftSegmentStats[] = grid.segments.map(() => ({
    customers: 0,
    revenue: 0,
    inDoubleCells: 0,
    cells: [],
  }));
  let unassignedCustomers = 0;
  let doubleCustomers = 0;
  for (const cell of cells) {
    const who = owners.get(cellKey(cell.r, cell.f)) ?? [];
    if (who.length === 0) unassignedCustomers += cell.customers;
    if (who.length > 1) doubleCustomers += cell.customers;
    for (const index of who) {
      const s = segments[index];
      s.customers += cell.customers;
      s.revenue += cell.revenue;
      if (who.length > 1) s.inDoubleCells += cell.customers;
      s.cells.push(cellKey(cell.r, cell.f));
    }
  }
  let summaries: GroupSummary[] | null = null;
  if (check.ok) {
    const rs = Uint8Array.from(r);
    const fs = Uint8Array.from(f);
    summaries = summariseGroups(assignSegments(grid, rs, fs), grid.segments.length, measures);
  }
  return {
    check,
    owners,
    segments,
    summaries,
    unassignedCustomers,
    doubleCustomers,
    cells,
    totalCustomers: n,
    totalRevenue,
  };
}
