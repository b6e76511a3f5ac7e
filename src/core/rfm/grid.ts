/**
 * The R×F segment grid: which named segment each (R score, F score) cell belongs to.
 * A valid grid covers every cell exactly once (ARCHITECTURE.md, "Segmentation RFM");
 * `checkGrid` names the empty and the double-assigned cells so an editor can refuse to save.
 */
import { LensError } from '../errors.ts';
import type { RfmBins } from './scores.ts';

/** The default segments, best first; their names, descriptions and actions live in the i18n catalogue. */
export const DEFAULT_SEGMENT_KEYS = [
  'champions',
  'loyal',
  'potentialLoyalists',
  'newCustomers',
  'promising',
  'needAttention',
  'aboutToSleep',
  'atRisk',
  'cantLose',
  'hibernating',
  'lost',
] as const;
export type DefaultSegmentKey = (typeof DEFAULT_SEGMENT_KEYS)[number];

export interface GridSegment {
  /** Stable key; default segments use DEFAULT_SEGMENT_KEYS, user-made ones any other text. */
  key: string;
  /** A user's own name; the default segments are named by the catalogue when absent. */
  label?: string;
  /** Cells as `${r}${f}`, e.g. '54' = R 5, F 4. */
  cells: string[];
}

export interface RfmGrid {
  bins: RfmBins;
  segments: GridSegment[];
}

export const cellKey = (r: number, f: number): string => `${r}${f}`;

/**
 * The default 5×5 grid (rows R 5..1, columns F 1..5):
 *   R5: new · potential · potential · champions · champions
 *   R4: promising · potential · potential · loyal · loyal
 *   R3: about to sleep · about to sleep · need attention · loyal · loyal
 *   R2: hibernating · hibernating · at risk · at risk · can't lose
 *   R1: lost · lost · at risk · at risk · can't lose
 */
const DEFAULT_5: Record<DefaultSegmentKey, string[]> = {
  champions: ['54', '55'],
  loyal: ['34', '35', '44', '45'],
  potentialLoyalists: ['42', '43', '52', '53'],
  newCustomers: ['51'],
  promising: ['41'],
  needAttention: ['33'],
  aboutToSleep: ['31', '32'],
  atRisk: ['13', '14', '23', '24'],
  cantLose: ['15', '25'],
  hibernating: ['21', '22'],
  lost: ['11', '12'],
};

/** Quartile score → the quintile row/column whose default it takes (the middle score 3 is skipped). */
const QUARTILE_TO_QUINTILE = [0, 1, 2, 4, 5];

export function defaultGrid(bins: RfmBins = 5): RfmGrid {
  if (bins === 5) {
    return {
      bins,
      segments: DEFAULT_SEGMENT_KEYS.map((key) => ({ key, cells: [...DEFAULT_5[key]] })),
    };
  }
  if (bins !== 4) throw new LensError('error.rfm.bins', { bins });
  const owner = new Map<string, string>();
  for (const key of DEFAULT_SEGMENT_KEYS) for (const cell of DEFAULT_5[key]) owner.set(cell, key);
  const segments = DEFAULT_SEGMENT_KEYS.map((key) => ({ key, cells: [] as string[] }));
  for (let r = 1; r <= 4; r++) {
    for (let f = 1; f <= 4; f++) {
      const key = owner.get(cellKey(QUARTILE_TO_QUINTILE[r], QUARTILE_TO_QUINTILE[f]))!;
      segments.find((s) => s.key === key)!.cells.push(cellKey(r, f));
    }
  }
  // Segments that own no cell in a 4×4 grid are left out rather than shown empty.
  return { bins, segments: segments.filter((s) => s.cells.length > 0) };
}

export interface GridCheck {
  ok: boolean;
  /** Cells no segment owns. */
  unassigned: string[];
  /** Cells two or more segments claim, with the claimants' keys. */
  doubles: { cell: string; segments: string[] }[];
  /** Cells outside the grid (e.g. '55' in a 4×4 grid) or malformed. */
  invalid: string[];
}

export function checkGrid(grid: RfmGrid): GridCheck {
  const owners = new Map<string, string[]>();
  const invalid: string[] = [];
  for (const segment of grid.segments) {
    for (const cell of segment.cells) {
      const m = /^([1-5])([1-5])$/.exec(cell);
      if (!m || Number(m[1]) > grid.bins || Number(m[2]) > grid.bins) {
        invalid.push(cell);
        continue;
      }
      owners.set(cell, [...(owners.get(cell) ?? []), segment.key]);
    }
  }
  const unassigned: string[] = [];
  const doubles: { cell: string; segments: string[] }[] = [];
  for (let r = grid.bins; r >= 1; r--) {
    for (let f = 1; f <= grid.bins; f++) {
      const cell = cellKey(r, f);
      const who = owners.get(cell) ?? [];
      if (who.length === 0) unassigned.push(cell);
      else if (who.length > 1) doubles.push({ cell, segments: who });
    }
  }
  return {
    ok: unassigned.length === 0 && doubles.length === 0 && invalid.length === 0,
    unassigned,
    doubles,
    invalid,
  };
}

/**
 * Segment index per customer from its R and F scores. Refuses a grid that does not
 * cover each cell exactly once (LensError 'error.rfm.gridInvalid').
 */
export function assignSegments(grid: RfmGrid, r: Uint8Array, f: Uint8Array): Uint8Array {
  const check = checkGrid(grid);
  if (!check.ok) {
    throw new LensError('error.rfm.gridInvalid', {
      unassigned: check.unassigned.length,
      doubles: check.doubles.length,
    });
  }
  const table = new Uint8Array(36);
  grid.segments.forEach((s, index) => {
    for (const cell of s.cells) table[Number(cell[0]) * 6 + Number(cell[1])] = index;
  });
  const out = new Uint8Array(r.length);
  for (let i = 0; i < r.length; i++) out[i] = table[r[i] * 6 + f[i]];
  return out;
}
