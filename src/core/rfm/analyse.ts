/**
 * RFM over a profile table: scores, grid cells, named segments and their summaries, and
 * the numbers behind each customer's plain-language explanation.
 */
import { LensError } from '../errors.ts';
import { findColumn, isNullAt, type Column, type Table } from '../table/index.ts';
import { summariseGroups, type GroupSummary, type ProfileMeasures } from '../segments/summary.ts';
import { assignSegments, defaultGrid, type RfmGrid } from './grid.ts';
import { scoreBands, scoreRfm, type RfmBins, type RfmScores, type ScoreBand } from './scores.ts';

export interface RfmOptions {
  /** Quintiles (5, default) or quartiles (4). */
  bins: RfmBins;
  /** Monetary as the profile's monetary (total, default) or as average order value. */
  monetary: 'total' | 'averageOrder';
  /** Named segments over R×F. Defaults to the 11-segment grid for `bins`. */
  grid?: RfmGrid;
}

export const DEFAULT_RFM_OPTIONS: RfmOptions = { bins: 5, monetary: 'total' };

export interface CellStats {
  r: number;
  f: number;
  customers: number;
  revenue: number;
  meanMonetary: number;
}

export interface RfmResult {
  options: RfmOptions & { grid: RfmGrid };
  scores: RfmScores;
  /** Segment index (into grid.segments) per customer. */
  segment: Uint8Array;
  segments: GroupSummary[];
  /** R×F cells, R from bins down to 1, F from 1 up to bins. */
  cells: CellStats[];
  /** Customers per R×F×M cell, keyed `${r}${f}${m}`, for users who want a third dimension. */
  rfmCells: Record<string, number>;
  bands: { r: ScoreBand[]; f: ScoreBand[]; m: ScoreBand[] };
}

/** A numeric profile column as plain numbers; throws when absent or with missing values. */
export function numericProfileColumn(table: Table, name: string): Float64Array {
  const column: Column | undefined = findColumn(table, name);
  if (!column || column.type === 'dict')
    throw new LensError('error.profiles.column', { column: name });
  const out = new Float64Array(table.rowCount);
  for (let i = 0; i < table.rowCount; i++) {
    if (isNullAt(column.nulls, i)) throw new LensError('error.profiles.column', { column: name });
    out[i] = column.values[i];
  }
  return out;
}

export function profileMeasures(table: Table): ProfileMeasures {
  return {
    recencyDays: numericProfileColumn(table, 'recency_days'),
    frequency: numericProfileColumn(table, 'frequency'),
    monetary: numericProfileColumn(table, 'monetary'),
    revenue: numericProfileColumn(table, 'net_spend'),
    grossSpend: numericProfileColumn(table, 'gross_spend'),
    orders: numericProfileColumn(table, 'orders'),
  };
}

export function analyseRfm(profiles: Table, options: Partial<RfmOptions> = {}): RfmResult {
  const bins = options.bins ?? DEFAULT_RFM_OPTIONS.bins;
  const monetaryKind = options.monetary ?? DEFAULT_RFM_OPTIONS.monetary;
  if (monetaryKind !== 'total' && monetaryKind !== 'averageOrder') {
    throw new LensError('error.profiles.option', { option: 'monetary' });
  }
  const grid = options.grid ?? defaultGrid(bins);
  if (grid.bins !== bins) throw new LensError('error.rfm.gridBins', { grid: grid.bins, bins });
  const measures = profileMeasures(profiles);
  const monetary =
    monetaryKind === 'total' ? measures.monetary : numericProfileColumn(profiles, 'aov');
  const scores = scoreRfm(measures.recencyDays, measures.frequency, monetary, bins);
  const segment = assignSegments(grid, scores.r, scores.f);
  const segments = summariseGroups(segment, grid.segments.length, { ...measures, monetary });

  const cellIndex = new Int32Array(profiles.rowCount);
  for (let i = 0; i < cellIndex.length; i++)
    cellIndex[i] = (scores.r[i] - 1) * bins + (scores.f[i] - 1);
  const perCell = summariseGroups(cellIndex, bins * bins, { ...measures, monetary });
  const cells: CellStats[] = [];
  for (let r = bins; r >= 1; r--) {
    for (let f = 1; f <= bins; f++) {
      const s = perCell[(r - 1) * bins + (f - 1)];
      cells.push({
        r,
        f,
        customers: s.customers,
        revenue: s.revenue,
        meanMonetary: s.meanMonetary,
      });
    }
  }
  const rfmCells: Record<string, number> = {};
  for (let i = 0; i < profiles.rowCount; i++) {
    const key = `${scores.r[i]}${scores.f[i]}${scores.m[i]}`;
    rfmCells[key] = (rfmCells[key] ?? 0) + 1;
  }
  return {
    options: { bins, monetary: monetaryKind, grid },
    scores,
    segment,
    segments,
    cells,
    rfmCells,
    bands: {
      r: scoreBands(measures.recencyDays, scores.r, bins),
      f: scoreBands(measures.frequency, scores.f, bins),
      m: scoreBands(monetary, scores.m, bins),
    },
  };
}

/**
 * Share of customers whose score is at most `score` (for recency: "in the least recent
 * 40 %") or at least `score` (frequency, monetary: "in the top 20 %").
 */
export function scoreShare(bands: ScoreBand[], score: number, side: 'atMost' | 'atLeast'): number {
  let inside = 0;
  let total = 0;
  for (const band of bands) {
    total += band.customers;
    if (side === 'atMost' ? band.score <= score : band.score >= score) inside += band.customers;
  }
  return total > 0 ? inside / total : NaN;
}
