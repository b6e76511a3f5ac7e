/**
 * Saved segments of every kind (RFM, rule, lifecycle, later clusters): one list the rest of
 * the app uses. A segment keeps its definition and its members' customer ids, so it stays
 * meaningful when the profiles it was made from are rebuilt or deleted.
 */
import type { LensDb } from './db.ts';
import type { SegmentRecord } from './types.ts';

export type SegmentKind = 'rfm' | 'rule' | 'lifecycle' | 'cluster' | 'churn';

export interface NewSegment {
  name: string;
  kind: SegmentKind;
  /** The profiles dataset the members were computed from. */
  profilesId: number;
  /** What made it: the RFM grid cells and options, the rule, the stage, the clustering run. */
  definition: unknown;
  customerIds: string[];
  revenue: number;
}

export interface SavedSegment extends SegmentRecord, NewSegment {
  customers: number;
  createdAt: number;
}

export async function saveSegment(db: LensDb, segment: NewSegment): Promise<SavedSegment> {
  const record: SavedSegment = {
    ...segment,
    name: segment.name.trim(),
    customers: segment.customerIds.length,
    createdAt: Date.now(),
  };
  const id = await db.segments.add(record);
  return { ...record, id };
}

export async function listSegments(db: LensDb): Promise<SavedSegment[]> {
  const all = (await db.segments.toArray()) as SavedSegment[];
  return all.sort((a, b) => b.createdAt - a.createdAt || (b.id ?? 0) - (a.id ?? 0));
}

export async function deleteSegment(db: LensDb, id: number): Promise<void> {
  await db.segments.delete(id);
}
