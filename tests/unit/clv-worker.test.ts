/**
 * The lifetime-value worker (workers/clv.ts) over a real Dexie database (fake-indexeddb):
 * a fit on the stored demo shop gives what the core gives, stores the per-customer results
 * as a dataset and the receipt in `runs`; bad settings and a dataset of the wrong kind store
 * nothing; a customer's purchase days agree with the BTYD summary; and the newest results
 * join onto customer profiles built from the same transactions.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { createClvApi, clvResultsName } from '../../src/workers/clv.ts';
import { generateDemoShop } from '../../src/core/demo/index.ts';
import { buildProfiles, DAY_MS } from '../../src/core/customers/profiles.ts';
import { runClv } from '../../src/core/clv/run.ts';
import { CLV_COLUMNS } from '../../src/core/clv/results.ts';
import { DEFAULT_CLV_SETTINGS, type ClvSettings } from '../../src/core/clv/types.ts';
import { cellValue, findColumn, type Table } from '../../src/core/table/index.ts';
import {
  getDataset,
  openLensDb,
  readTable,
  writeDataset,
  type LensDb,
} from '../../src/store/index.ts';
import type { ClvReceipt } from '../../src/workers/api.ts';
import { latestClvJoin } from '../../src/features/clv/clvJoin.ts';

let db: LensDb | null = null;
afterEach(async () => {
  await db?.delete();
  db = null;
});

const demo = generateDemoShop({ customers: 400, months: 12, seed: 21 });
const TX = demo.transactions;
const ROLES = demo.roles.transactions;
const dateColumn = Object.keys(ROLES).find((k) => ROLES[k] === 'orderDate')!;

function lastDay(table: Table): number {
  const c = findColumn(table, dateColumn)!;
  let max = -Infinity;
  for (let r = 0; r < table.rowCount; r++) {
    const v = cellValue(c, r);
    if (typeof v === 'number' && v > max) max = v;
  }
  return Math.floor(max / DAY_MS) * DAY_MS;
}

const LAST = lastDay(TX);
const SETTINGS: ClvSettings = {
  ...DEFAULT_CLV_SETTINGS,
  calibrationEnd: LAST - 120 * DAY_MS,
  holdoutEnd: LAST,
};

async function stored() {
  db = openLensDb(`clv-${Math.random()}`);
  const record = await writeDataset(
    db,
    { name: 'Demo shop', kind: 'transactions', roles: ROLES },
    TX,
  );
  const api = createClvApi(() => db!, 'test');
  return { api, id: record.id!, hash: record.contentHash };
}

/** A column's cells as numbers, missing as NaN. */
function numbers(table: Table, name: string): number[] {
  const c = findColumn(table, name)!;
  return Array.from({ length: table.rowCount }, (_, r) => {
    const v = cellValue(c, r);
    return typeof v === 'number' ? v : NaN;
  });
}

describe('lifetime-value worker', () => {
  it('fits as the core does and stores the results dataset and the receipt', async () => {
    const { api, id, hash } = await stored();
    const phases: string[] = [];
    const got = await api.fit(id, SETTINGS, {
      taskId: 'a',
      onProgress: (p) => phases.push(p.phase),
    });
    const want = runClv(TX, ROLES, SETTINGS);
    expect(phases).toContain('progress.clv.fit');

    // The outcome equals the core's.
    expect(got.model.params).toEqual(want.model.params);
    expect(got.model.logLikelihood).toBe(want.model.logLikelihood);
    expect([...got.pAlive]).toEqual([...want.pAlive]);
    expect([...got.clv]).toEqual([...want.clv]);
    expect(got.holdout).toEqual(want.holdout);
    expect(got.summary.customerIds).toEqual(want.summary.customerIds);

    // The results dataset: one row per customer, the CLV columns, the core's numbers.
    const record = await getDataset(db!, got.resultsId);
    expect(record).toMatchObject({
      kind: 'results',
      name: clvResultsName('Demo shop'),
      rowCount: want.summary.customerIds.length,
      parentId: id,
      mapping: { customer_id: 'customerId' },
    });
    expect(record.name).toBe('Demo shop — lifetime value');
    expect(record.columns.map((c) => c.name)).toEqual([...CLV_COLUMNS]);
    expect(record.report).toMatchObject({ kind: 'clv', sourceId: id, settings: SETTINGS });
    const table = await readTable(db!, got.resultsId);
    const ids = findColumn(table, 'customer_id')!;
    expect(Array.from({ length: table.rowCount }, (_, r) => cellValue(ids, r))).toEqual(
      want.summary.customerIds,
    );
    expect(numbers(table, 'p_alive')).toEqual([...want.pAlive]);
    expect(numbers(table, 'expected_purchases')).toEqual([...want.expectedPurchases]);
    expect(numbers(table, 'expected_spend')).toEqual([...want.expectedSpend]);
    expect(numbers(table, 'clv')).toEqual([...want.clv]);
    expect(numbers(table, 'value_tier')).toEqual([...want.valueTier]);
    // The demo shop has amounts: the spend model ran and every customer has a CLV.
    expect(want.gammaGamma).not.toBeNull();
    expect(numbers(table, 'clv').every(Number.isFinite)).toBe(true);

    // The receipt.
    const runs = (await db!.runs.toArray()) as ClvReceipt[];
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      id: got.runId,
      kind: 'clv',
      datasetId: id,
      datasetName: 'Demo shop',
      datasetHash: hash,
      resultsId: got.resultsId,
      settings: SETTINGS,
      appVersion: 'test',
      resolved: {
        calibrationEnd: SETTINGS.calibrationEnd,
        holdoutEnd: SETTINGS.holdoutEnd,
        unitDays: 7,
      },
    });
    expect(runs[0].summary.model.params).toEqual(want.model.params);
    expect(runs[0].summary.gammaGamma?.params).toEqual(want.gammaGamma!.params);
    expect(runs[0].summary.holdout).toEqual({
      actual: want.holdout!.actual,
      predicted: want.holdout!.predicted,
      relativeError: want.holdout!.relativeError,
      mae: want.holdout!.mae,
    });
    expect(runs[0].summary.customers).toBe(want.summary.customerIds.length);
    expect(runs[0].summary.totalClv).toBeCloseTo(
      want.clv.reduce((a, b) => a + b, 0),
      6,
    );
    expect(runs[0].timings.fit).toBeGreaterThanOrEqual(0);
    expect(runs[0].timings.run).toBeGreaterThanOrEqual(runs[0].timings.fit);
    expect(got.receipt).toEqual(runs[0]);
  });

  it('fits Pareto/NBD too, as the core does', async () => {
    const { api, id } = await stored();
    const settings: ClvSettings = { ...SETTINGS, model: 'pnbd', unit: 'day' };
    const got = await api.fit(id, settings, { taskId: 'p' });
    const want = runClv(TX, ROLES, settings);
    expect(Object.keys(got.model.params)).toEqual(['r', 'alpha', 's', 'beta']);
    expect(got.model.params).toEqual(want.model.params);
    expect([...got.expectedPurchases]).toEqual([...want.expectedPurchases]);
    const receipt = (await db!.runs.get(got.runId)) as ClvReceipt;
    expect(receipt.settings).toEqual(settings);
    expect(receipt.resolved.unitDays).toBe(1);
    expect(receipt.summary.model.name).toBe('pnbd');
  });

  it('stores nothing for bad settings or a dataset that is not transactions', async () => {
    const { api, id } = await stored();
    const before = await db!.datasets.count();
    await expect(api.fit(id, { ...SETTINGS, penalty: -1 }, { taskId: 'b' })).rejects.toMatchObject({
      code: 'error.clv.settings.penalty',
    });
    await expect(
      api.fit(id, { ...SETTINGS, holdoutEnd: SETTINGS.calibrationEnd! - DAY_MS }, { taskId: 'c' }),
    ).rejects.toMatchObject({ code: 'error.clv.settings.holdoutOrder' });
    // A calibration end before the first order: no purchase to fit.
    await expect(
      api.fit(
        id,
        { ...SETTINGS, calibrationEnd: Date.UTC(1990, 0, 1), holdoutEnd: null },
        { taskId: 'd' },
      ),
    ).rejects.toMatchObject({ code: 'error.clv.noPurchases' });
    const profiles = buildProfiles(TX, ROLES).table;
    const other = await writeDataset(db!, { name: 'profiles', kind: 'results' }, profiles);
    await expect(api.fit(other.id!, SETTINGS, { taskId: 'e' })).rejects.toMatchObject({
      code: 'error.clvRun.notTransactions',
      params: { name: 'profiles' },
    });
    expect(await db!.runs.count()).toBe(0);
    expect(await db!.datasets.count()).toBe(before + 1);
  });

  it("reads a customer's purchase days as the summary counts them", async () => {
    const { api, id } = await stored();
    const { summary } = runClv(TX, ROLES, SETTINGS);
    // A few customers with repeat purchases in the calibration period.
    const picks = [...summary.x.keys()].filter((i) => summary.x[i] >= 2).slice(0, 5);
    expect(picks.length).toBe(5);
    for (const i of picks) {
      const days = await api.purchaseDays(id, summary.customerIds[i]);
      expect(days).toEqual([...days].sort((a, b) => a - b));
      expect(new Set(days).size).toBe(days.length);
      expect(days.every((d) => d % DAY_MS === 0)).toBe(true);
      expect(days[0]).toBe(summary.firstPurchase[i]);
      const inCalibration = days.filter((d) => d <= summary.calibrationEnd);
      expect(inCalibration.length - 1).toBe(summary.x[i]);
      const lastIn = inCalibration[inCalibration.length - 1];
      expect((lastIn - days[0]) / (7 * DAY_MS)).toBeCloseTo(summary.tx[i], 9);
      const inHoldout = days.filter((d) => d > summary.calibrationEnd && d <= SETTINGS.holdoutEnd!);
      expect(inHoldout.length).toBe(summary.holdoutX![i]);
    }
    expect(await api.purchaseDays(id, 'no such customer')).toEqual([]);
  });

  it('joins the newest results onto profiles of the same transactions', async () => {
    const { api, id } = await stored();
    const profiles = buildProfiles(TX, ROLES).table;
    expect(await latestClvJoin(db!, id, profiles)).toBeNull();
    await api.fit(id, SETTINGS, { taskId: 'f' });
    const newest = await api.fit(
      id,
      { ...SETTINGS, calibrationEnd: null, holdoutEnd: null },
      {
        taskId: 'g',
      },
    );
    const join = (await latestClvJoin(db!, id, profiles))!;
    expect(join.runId).toBe(newest.runId);
    expect(join.resultsId).toBe(newest.resultsId);
    expect(join.columns.map((c) => c.name)).toEqual([
      'p_alive',
      'expected_purchases',
      'expected_spend',
      'clv',
      'value_tier',
    ]);
    // Without a holdout every profiled customer is in the summary.
    expect(join.matched).toBe(profiles.rowCount);
    const profileIds = findColumn(profiles, 'customer_id')!;
    const pAlive = join.columns[0];
    const clv = join.columns[3];
    for (let r = 0; r < profiles.rowCount; r += 37) {
      const i = newest.summary.customerIds.indexOf(String(cellValue(profileIds, r)));
      expect(i).toBeGreaterThanOrEqual(0);
      expect(cellValue(pAlive, r)).toBe(newest.pAlive[i]);
      expect(cellValue(clv, r)).toBe(newest.clv[i]);
    }
    // Results deleted: the join falls back to the fit before.
    await db!.datasets.delete(newest.resultsId);
    const older = (await latestClvJoin(db!, id, profiles))!;
    expect(older.runId).not.toBe(newest.runId);
    // With a holdout, customers who first bought after the calibration end have no result.
    expect(older.matched).toBeLessThan(profiles.rowCount);
    expect(older.columns[0].nulls).toBeDefined();
  });
});
