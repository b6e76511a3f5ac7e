/**
 * The analysis worker's profile methods (workers/analysis.ts) over a real Dexie database
 * (fake-indexeddb): build and store profiles from the demo shop's transactions, analyse
 * them, list one customer's orders, and refuse a dataset that is not transactions.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { createAnalysisApi } from '../../src/workers/analysis.ts';
import { generateDemoShop } from '../../src/core/demo/index.ts';
import { buildProfiles } from '../../src/core/customers/profiles.ts';
import { cellValue, findColumn } from '../../src/core/table/index.ts';
import { LensError } from '../../src/core/errors.ts';
import {
  getDataset,
  listSegments,
  openLensDb,
  readTable,
  saveSegment,
  writeDataset,
  type LensDb,
} from '../../src/store/index.ts';

let db: LensDb | null = null;
afterEach(async () => {
  await db?.delete();
  db = null;
});

describe('analysis worker: profiles', () => {
  it('stores the same profiles the core computes, linked to their source, and analyses them', async () => {
    db = openLensDb(`profiles-${Math.random()}`);
    const demo = generateDemoShop({ customers: 300, months: 12, seed: 5 });
    const source = await writeDataset(
      db,
      { name: 'demo tx', kind: 'transactions', roles: demo.roles.transactions },
      demo.transactions,
    );
    const api = createAnalysisApi(() => db!, 'test');
    const phases: string[] = [];
    const built = await api.buildProfiles(
      { datasetId: source.id!, options: { windowDays: 60 } },
      { taskId: 't1', onProgress: (p) => phases.push(p.phase) },
    );
    const expected = buildProfiles(demo.transactions, demo.roles.transactions, { windowDays: 60 });
    expect(built.summary.customers).toBe(expected.summary.customers);
    const record = await getDataset(db, built.profilesId);
    expect(record).toMatchObject({
      kind: 'results',
      parentId: source.id,
      rowCount: expected.table.rowCount,
    });
    expect(record.name).toBe('demo tx — profiles');
    expect(record.report).toMatchObject({
      kind: 'profiles',
      sourceId: source.id,
      appVersion: 'test',
    });
    expect(record.mapping?.customer_id).toBe('customerId');
    expect(phases).toContain('progress.profiles.build');
    const stored = await readTable(db, built.profilesId);
    for (const name of ['customer_id', 'orders', 'recency_days', 'net_spend']) {
      const a = findColumn(stored, name)!;
      const b = findColumn(expected.table, name)!;
      for (let r = 0; r < stored.rowCount; r += 17) expect(cellValue(a, r)).toBe(cellValue(b, r));
    }

    const analysis = await api.analyseCustomers(
      built.profilesId,
      { rfm: { bins: 4 } },
      { taskId: 't2' },
    );
    expect(analysis.rfm.options.bins).toBe(4);
    expect(analysis.rfm.segment).toHaveLength(stored.rowCount);
    expect(analysis.rfm.segments.reduce((s, g) => s + g.customers, 0)).toBe(stored.rowCount);
    expect(analysis.lifecycle.stage).toHaveLength(stored.rowCount);

    const id = cellValue(findColumn(stored, 'customer_id')!, 0) as string;
    const orders = await api.customerOrders(source.id!, id);
    expect(orders).toHaveLength(cellValue(findColumn(stored, 'orders')!, 0) as number);
    expect(orders[orders.length - 1].time).toBe(cellValue(findColumn(stored, 'last_order')!, 0));

    await saveSegment(db, {
      name: ' Big spenders ',
      kind: 'rule',
      profilesId: built.profilesId,
      definition: { op: 'and', items: [] },
      customerIds: [id],
      revenue: 10,
    });
    const segments = await listSegments(db);
    expect(segments).toHaveLength(1);
    expect(segments[0]).toMatchObject({ name: 'Big spenders', customers: 1, kind: 'rule' });
  }, 30_000);

  it('refuses to profile a customers dataset, with a readable error', async () => {
    db = openLensDb(`profiles-${Math.random()}`);
    const demo = generateDemoShop({ customers: 50, months: 6, seed: 2 });
    const customers = await writeDataset(
      db,
      { name: 'people', kind: 'customers', roles: demo.roles.customers },
      demo.customers,
    );
    const api = createAnalysisApi(() => db!, 'test');
    const err = await api
      .buildProfiles({ datasetId: customers.id!, options: {} }, { taskId: 't3' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LensError);
    expect((err as LensError).code).toBe('error.profiles.notTransactions');
  });
});
