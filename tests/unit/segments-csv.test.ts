/** CSV texts of the Segments page (src/features/segments/rfmCsv.ts). */
import { describe, expect, it } from 'vitest';
import type { GroupSummary } from '../../src/core/segments/summary.ts';
import type { RfmScores } from '../../src/core/rfm/scores.ts';
import { createNullBitmap, setNullAt, type Table } from '../../src/core/table/index.ts';
import {
  csvFileName,
  customerIdsOf,
  segmentCustomersCsv,
  segmentRows,
  summaryCsv,
  takeRows,
} from '../../src/features/segments/rfmCsv.ts';

const summary = (over: Partial<GroupSummary>): GroupSummary => ({
  group: 0,
  customers: 0,
  customerShare: 0,
  revenue: 0,
  revenueShare: 0,
  meanRecency: NaN,
  meanFrequency: NaN,
  meanMonetary: NaN,
  aov: NaN,
  ...over,
});

describe('summaryCsv', () => {
  it('writes one row per segment with plain numbers and percentages', () => {
    const text = summaryCsv(
      [
        {
          name: 'Champions',
          description: 'Bought recently, buy often, "best"',
          actions: '=reward them',
          summary: summary({
            customers: 12,
            customerShare: 0.3,
            revenue: 1234.5678,
            revenueShare: 0.61234,
            meanRecency: 3.456,
            meanFrequency: 7,
            meanMonetary: 102.88,
            aov: 20.5,
          }),
        },
        { name: 'Lost', description: '', actions: '', summary: summary({ group: 1 }) },
      ],
      [
        'Segment',
        'Description',
        'Actions',
        'Customers',
        '% customers',
        'Revenue',
        '% revenue',
        'R',
        'F',
        'M',
        'AOV',
      ],
    );
    expect(text.split('\n')).toEqual([
      'Segment,Description,Actions,Customers,% customers,Revenue,% revenue,R,F,M,AOV',
      `Champions,"Bought recently, buy often, ""best""",'=reward them,12,30,1234.57,61.23,3.46,7,102.88,20.5`,
      'Lost,,,0,0,0,0,,,,',
      '',
    ]);
  });
});

describe('segment customers', () => {
  const table: Table = {
    rowCount: 4,
    columns: [
      {
        name: 'customer_id',
        type: 'dict',
        codes: Uint32Array.from([0, 1, 2, 3]),
        dictionary: ['a', 'b', '-c', 'd'],
      },
      { name: 'orders', type: 'i32', values: Int32Array.from([1, 2, 3, 4]) },
      {
        name: 'mean_interval_days',
        type: 'f64',
        values: Float64Array.from([0, 2.5, 0, 7]),
        nulls: (() => {
          const b = createNullBitmap(4);
          setNullAt(b, 0);
          setNullAt(b, 2);
          return b;
        })(),
      },
      {
        name: 'last_order',
        type: 'date',
        values: Float64Array.from([0, 86_400_000, 2 * 86_400_000, 3 * 86_400_000]),
      },
    ],
  };
  const scores: RfmScores = {
    r: Uint8Array.from([5, 4, 3, 2]),
    f: Uint8Array.from([1, 2, 3, 4]),
    m: Uint8Array.from([2, 2, 5, 1]),
    bins: 5,
  };
  const segment = Uint8Array.from([1, 0, 1, 1]);

  it('exports the rows of one segment with all columns, scores and the segment name', () => {
    expect(segmentRows(segment, 1)).toEqual([0, 2, 3]);
    expect(segmentCustomersCsv(table, scores, segment, 1, 'At risk').split('\n')).toEqual([
      'customer_id,orders,mean_interval_days,last_order,r_score,f_score,m_score,segment',
      'a,1,,1970-01-01,5,1,2,At risk',
      "'-c,3,,1970-01-03,3,3,5,At risk",
      'd,4,7,1970-01-04,2,4,1,At risk',
      '',
    ]);
  });

  it('keeps nulls when taking rows, and reads customer ids', () => {
    const col = takeRows(table.columns[2], [1, 2]);
    expect(col.nulls && [...col.nulls]).toEqual([0b10]);
    expect(customerIdsOf(table, [3, 1])).toEqual(['d', 'b']);
  });

  it('makes safe file names', () => {
    expect(csvFileName('At risk / <lost>')).toBe('At risk - -lost.csv');
    expect(csvFileName('...')).toBe('segments.csv');
  });
});
