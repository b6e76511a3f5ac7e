/**
 * `rfm FILE`: customer profiles, RFM scores and named segments, and lifecycle stages of a
 * transactions file, with the same core and definitions as the Customers and Segments pages.
 */
import { analyseCustomers } from '../../core/customers/analyse.ts';
import { LIFECYCLE_STAGES } from '../../core/customers/lifecycle.ts';
import { buildProfiles, type MonetaryBasis } from '../../core/customers/profiles.ts';
import { findColumn, type Table } from '../../core/table/index.ts';
import { UsageError, type OptionSpec } from '../args.ts';
import type { Command } from '../command.ts';
import { writeCsvFile } from '../files.ts';
import { INPUT_OPTIONS, parseOptionsFrom, readTransactionsFile } from '../input.ts';
import { progressPrinter } from '../messages.ts';

const options: readonly OptionSpec[] = [
  ...INPUT_OPTIONS,
  {
    name: 'bins',
    type: 'int',
    description: 'score groups: 5 (quintiles) or 4 (quartiles)',
    default: 5,
    min: 4,
    max: 5,
    placeholder: 'N',
  },
  {
    name: 'monetary',
    type: 'string',
    description: 'M scored on: total (net spend, default), aov (average order value)',
    default: 'total',
    placeholder: 'M',
  },
  {
    name: 'spend',
    type: 'string',
    description: 'monetary in profiles: net (returns subtracted, default) or purchases',
    default: 'net',
    placeholder: 'S',
  },
  {
    name: 'observation-end',
    type: 'string',
    description: 'observation end YYYY-MM-DD (UTC); default: the last date in the data',
    placeholder: 'DATE',
  },
  {
    name: 'out',
    type: 'string',
    description: 'also write one row per customer (profile, R, F, M, segment, stage) to this CSV',
    placeholder: 'FILE',
  },
];

const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const round = (x: number, digits = 4): number => Math.round(x * 10 ** digits) / 10 ** digits;

function parseDay(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!Number.isFinite(ms) || iso(ms) !== text) {
    throw new UsageError(`--observation-end must be a date YYYY-MM-DD, got '${text}'`);
  }
  return ms;
}

export const rfmCommand: Command = {
  name: 'rfm',
  arguments: 'FILE',
  summary: 'customer profiles, RFM segments and lifecycle stages of a transactions file',
  options,
  details:
    'Prints { customers, withoutOrders, orders, observationEnd, bins, monetary, segments: [{ key,\n' +
    'cells, customers, customerShare, revenue, revenueShare, meanRecency, meanFrequency,\n' +
    'meanMonetary, aov }], cells: [{ r, f, customers, revenue }], lifecycle: [{ stage, customers,\n' +
    'revenue }] }. Needs columns with the roles customer id, order date and amount (or quantity\n' +
    'and unit price), guessed from the header as on import.',
  async run(opts, io) {
    const [path, ...extra] = opts.positionals;
    if (!path) throw new UsageError('missing FILE');
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    const bins = opts.number('bins') as 4 | 5;
    const monetary = opts.string('monetary');
    if (monetary !== 'total' && monetary !== 'aov') {
      throw new UsageError(`--monetary must be total or aov, got '${monetary}'`);
    }
    const spend = opts.string('spend');
    if (spend !== 'net' && spend !== 'purchases') {
      throw new UsageError(`--spend must be net or purchases, got '${spend}'`);
    }
    const observationEnd = opts.has('observation-end')
      ? parseDay(opts.string('observation-end'))
      : undefined;
    const onProgress = progressPrinter(io);
    const isCdnow = opts.has('format') && opts.string('format') === 'cdnow';
    const { table, roles } = await readTransactionsFile(
      path,
      parseOptionsFrom(opts),
      { onProgress },
      isCdnow,
    );
    const { table: profiles, summary } = buildProfiles(table, roles, {
      monetary: spend as MonetaryBasis,
      ...(observationEnd !== undefined ? { observationEnd } : {}),
    });
    const { rfm, lifecycle } = analyseCustomers(profiles, {
      rfm: { bins, monetary: monetary === 'aov' ? 'averageOrder' : 'total' },
    });
    const grid = rfm.options.grid;
    if (opts.has('out')) {
      writeCsvFile(opts.string('out'), withScores(profiles, rfm, lifecycle.stage, grid), {
        dateFormat: 'iso-date',
      });
    }
    return {
      customers: summary.customers,
      withoutOrders: summary.withoutOrders,
      orders: summary.orders,
      linesWithoutCustomer: summary.linesWithoutCustomer,
      observationEnd: iso(summary.observationEnd),
      bins,
      monetary,
      spend,
      segments: rfm.segments.map((s, i) => ({
        key: grid.segments[i].key,
        cells: grid.segments[i].cells,
        customers: s.customers,
        customerShare: round(s.customerShare),
        revenue: round(s.revenue, 2),
        revenueShare: round(s.revenueShare),
        meanRecency: round(s.meanRecency, 2),
        meanFrequency: round(s.meanFrequency, 2),
        meanMonetary: round(s.meanMonetary, 2),
        aov: round(s.aov, 2),
      })),
      cells: rfm.cells.map((c) => ({
        r: c.r,
        f: c.f,
        customers: c.customers,
        revenue: round(c.revenue, 2),
      })),
      lifecycle: lifecycle.stages.map((s, i) => ({
        stage: LIFECYCLE_STAGES[i],
        customers: s.customers,
        revenue: round(s.revenue, 2),
      })),
    };
  },
};

function withScores(
  profiles: Table,
  rfm: ReturnType<typeof analyseCustomers>['rfm'],
  stage: Uint8Array,
  grid: ReturnType<typeof analyseCustomers>['rfm']['options']['grid'],
): Table {
  const n = profiles.rowCount;
  const keys = grid.segments.map((s) => s.key);
  return {
    rowCount: n,
    columns: [
      findColumn(profiles, 'customer_id')!,
      ...profiles.columns.filter((c) => c.name !== 'customer_id'),
      { name: 'r_score', type: 'i32', values: Int32Array.from(rfm.scores.r) },
      { name: 'f_score', type: 'i32', values: Int32Array.from(rfm.scores.f) },
      { name: 'm_score', type: 'i32', values: Int32Array.from(rfm.scores.m) },
      { name: 'segment', type: 'dict', codes: Uint32Array.from(rfm.segment), dictionary: keys },
      {
        name: 'stage',
        type: 'dict',
        codes: Uint32Array.from(stage),
        dictionary: [...LIFECYCLE_STAGES],
      },
    ],
  };
}
