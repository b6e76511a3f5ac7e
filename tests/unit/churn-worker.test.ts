/**
 * The churn worker (workers/churn.ts) over a real Dexie database (fake-indexeddb): a run on
 * the stored demo shop's transactions (behavioural labels, default cutoff = last day − the
 * window) gives what the core gives, stores every scored customer as a results dataset and
 * the receipt with the trained models in `runs`; with a lifetime-value fit of the same
 * transactions the results gain CLV and value at risk; a stored run re-scores a dataset as
 * the trained models do; a customer table with a target column (and a table lacking one of
 * its feature columns refused by name); wrong kinds, bad settings and a cancelled run store
 * nothing.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  churnResultsName,
  createChurnApi,
  probabilityColumn,
  reasonWords,
} from '../../src/workers/churn.ts';
import { createClvApi } from '../../src/workers/clv.ts';
import { generateDemoShop } from '../../src/core/demo/index.ts';
import { DAY_MS } from '../../src/core/customers/profiles.ts';
import {
  behaviouralLabels,
  runChurn,
  scoreTable,
  targetLabels,
} from '../../src/core/churn/index.ts';
import { DEFAULT_CLV_SETTINGS } from '../../src/core/clv/types.ts';
import { cellValue, dictColumn, findColumn, type Table } from '../../src/core/table/index.ts';
import {
  getDataset,
  openLensDb,
  readTable,
  writeDataset,
  type LensDb,
} from '../../src/store/index.ts';
import type { ChurnReceipt, ChurnRequest } from '../../src/workers/api.ts';

let db: LensDb | null = null;
afterEach(async () => {
  await db?.delete();
  db = null;
});

const demo = generateDemoShop({ customers: 400, months: 12, seed: 21 });
const TX = demo.transactions;
const ROLES = demo.roles.transactions;
const LAST = demo.window.endDayMs;
const SETTINGS = { models: ['logistic', 'tree'] as ('logistic' | 'tree')[], folds: 3, seed: 9 };
const REQUEST = (datasetId: number): ChurnRequest => ({
  datasetId,
  labels: { source: 'behaviour', cutoff: null, windowDays: 90, target: 'churn' },
  settings: SETTINGS,
});

async function stored() {
  db = openLensDb(`churn-${Math.random()}`);
  const record = await writeDataset(
    db,
    { name: 'Demo shop', kind: 'transactions', roles: ROLES },
    TX,
  );
  const api = createChurnApi(
    () => db!,
    'test',
    () => Promise.resolve({ backend: 'none' }),
  );
  return { api, id: record.id!, hash: record.contentHash };
}

function column(table: Table, name: string): (string | number | null)[] {
  const c = findColumn(table, name)!;
  return Array.from({ length: table.rowCount }, (_, r) => cellValue(c, r));
}

describe('churn worker', () => {
  it('trains as the core does and stores the results dataset and the receipt', async () => {
    const { api, id, hash } = await stored();
    const phases = new Set<string>();
    const got = await api.train(REQUEST(id), {
      taskId: 'a',
      onProgress: (p) => phases.add(p.phase),
    });
    const labels = behaviouralLabels(TX, ROLES, { cutoff: LAST - 90 * DAY_MS, windowDays: 90 });
    const want = await runChurn(labels, SETTINGS);
    expect([...phases]).toEqual(
      expect.arrayContaining([
        'progress.churn.prepare',
        'progress.churn.cv',
        'progress.churn.score',
      ]),
    );

    // Default cutoff: the last order day − the window; the scores are as of the last day.
    expect(got.labels).toEqual({
      source: 'behaviour',
      cutoff: LAST - 90 * DAY_MS,
      windowEnd: LAST,
      windowDays: 90,
      observationEnd: LAST,
      lastDate: LAST,
      positive: 'churn',
      column: null,
    });
    expect(got.rows).toBe(want.rows);
    expect(got.positives).toBe(want.positives);
    expect(got.models.map((m) => m.kind)).toEqual(['logistic', 'tree']);
    for (let m = 0; m < 2; m++) {
      expect(got.models[m].test.auc).toBe(want.models[m].test.auc);
      expect(got.models[m].cv).toEqual(want.models[m].cv);
      expect(got.models[m].test.averagePrecision).toBe(want.models[m].test.averagePrecision);
    }
    expect(got.models[0].test.auc).toBeGreaterThan(0.7);
    expect(got.scores.ids).toEqual(want.scores.ids);
    expect([...got.scores.probability.logistic!]).toEqual([...want.scores.probability.logistic!]);
    expect(got.clv).toBeNull();

    // The results dataset.
    const record = await getDataset(db!, got.resultsId);
    expect(record).toMatchObject({
      kind: 'results',
      name: churnResultsName('Demo shop', 'churn'),
      rowCount: want.scores.ids.length,
      parentId: id,
      mapping: { customer_id: 'customerId' },
      report: { kind: 'churn', sourceId: id, models: ['logistic', 'tree'] },
    });
    expect(record.name).toBe('Demo shop — churn risk');
    expect(record.columns.map((c) => c.name)).toEqual([
      'customer_id',
      'p_logistic',
      'p_tree',
      'reasons',
    ]);
    const table = await readTable(db!, got.resultsId);
    expect(column(table, 'customer_id')).toEqual(want.scores.ids);
    expect(column(table, probabilityColumn('logistic'))).toEqual([
      ...want.scores.probability.logistic!,
    ]);
    expect(column(table, 'p_tree')).toEqual([...want.scores.probability.tree!]);
    const reasons = column(table, 'reasons');
    expect(reasons[0]).toBe(want.scores.reasons.logistic![0].map(reasonWords).join('; '));
    expect(String(reasons[0])).toMatch(/\([+−]\)/);

    // The receipt, with the models that re-score.
    const runs = (await db!.runs.toArray()) as ChurnReceipt[];
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      id: got.runId,
      kind: 'churn',
      datasetId: id,
      datasetName: 'Demo shop',
      datasetHash: hash,
      resultsId: got.resultsId,
      appVersion: 'test',
      backend: null,
      request: { labels: REQUEST(id).labels, settings: SETTINGS },
      summary: {
        rows: want.rows,
        positives: want.positives,
        scored: want.scores.ids.length,
        clvRunId: null,
      },
    });
    expect(runs[0].summary.models.map((m) => [m.kind, m.testAuc, m.cvMean])).toEqual(
      want.models.map((m) => [m.kind, m.test.auc, m.cv!.mean]),
    );
    expect(runs[0].models).toHaveLength(2);
    expect([...scoreTable(runs[0].models[1], labels.scoring.table)]).toEqual([
      ...want.scores.probability.tree!,
    ]);
    expect(got.receipt).toEqual(runs[0]);

    // Re-scoring the stored transactions with the stored run.
    const again = await api.score(got.runId, id, { taskId: 's' });
    expect(again.ids).toEqual(want.scores.ids);
    expect([...again.probability.logistic!]).toEqual([...want.scores.probability.logistic!]);
    expect([...again.probability.tree!]).toEqual([...want.scores.probability.tree!]);
  });

  it('adds lifetime value and value at risk when the transactions have a CLV fit', async () => {
    const { api, id } = await stored();
    const clv = await createClvApi(() => db!, 'test').fit(id, DEFAULT_CLV_SETTINGS, {
      taskId: 'c',
    });
    const got = await api.train(REQUEST(id), { taskId: 'a' });
    expect(got.receipt.summary.clvRunId).toBe(clv.runId);
    const clvById = new Map(clv.summary.customerIds.map((cid, i) => [cid, clv.clv[i]]));
    const expected = got.scores.ids.map((cid) => clvById.get(cid) ?? NaN);
    expect([...got.clv!]).toEqual(expected);
    const table = await readTable(db!, got.resultsId);
    expect(table.columns.map((c) => c.name)).toEqual([
      'customer_id',
      'p_logistic',
      'p_tree',
      'reasons',
      'clv',
      'value_at_risk',
    ]);
    const p = got.scores.probability.logistic!;
    const risk = column(table, 'value_at_risk') as number[];
    expected.forEach((v, i) => expect(risk[i]).toBeCloseTo(v * p[i], 9));
    expect(risk.filter((v) => typeof v === 'number' && v > 0).length).toBeGreaterThan(100);

    // Purchase intent: CLV is kept, value at risk is not (buying is no risk).
    const intent = await api.train(
      {
        ...REQUEST(id),
        labels: {
          source: 'behaviour',
          cutoff: LAST - 120 * DAY_MS,
          windowDays: 60,
          target: 'purchase',
        },
      },
      { taskId: 'i' },
    );
    expect(intent.labels.positive).toBe('purchase');
    expect(intent.labels.cutoff).toBe(LAST - 120 * DAY_MS);
    const intentRecord = await getDataset(db!, intent.resultsId);
    expect(intentRecord.name).toBe('Demo shop — purchase intent');
    expect(intentRecord.columns.map((c) => c.name)).toEqual([
      'customer_id',
      'p_logistic',
      'p_tree',
      'reasons',
      'clv',
    ]);
  });

  it('labels a customer table by its target column', async () => {
    db = openLensDb(`churn-${Math.random()}`);
    const churned = new Map(demo.truth.map((t) => [t.customerId, t.churnedAt !== null]));
    const ids = column(demo.customers, 'customer_id').map(String);
    const customers: Table = {
      rowCount: demo.customers.rowCount,
      columns: [
        ...demo.customers.columns,
        dictColumn(
          'Churn',
          ids.map((cid) => (churned.get(cid) ? 'Yes' : 'No')),
        ),
      ],
    };
    const roles = demo.roles.customers;
    const record = await writeDataset(
      db,
      { name: 'Customers', kind: 'customers', roles },
      customers,
    );
    const api = createChurnApi(() => db!, 'test');
    const got = await api.train(
      {
        datasetId: record.id!,
        labels: { source: 'target', column: 'Churn', positive: 'Yes' },
        settings: { models: ['logistic'], folds: 0, seed: 3 },
      },
      { taskId: 't' },
    );
    const want = await runChurn(
      targetLabels(customers, roles, { target: 'Churn', positive: 'Yes' }),
      {
        models: ['logistic'],
        folds: 0,
        seed: 3,
      },
    );
    expect(got.labels).toMatchObject({ source: 'target', column: 'Churn', positive: 'Yes' });
    expect(got.models[0].test.auc).toBe(want.models[0].test.auc);
    expect(got.models[0].cv).toBeNull();
    expect(got.scores.ids).toEqual(ids);
    expect(got.pipeline.features.some((f) => f.column === 'Churn')).toBe(false);
    const again = await api.score(got.runId, record.id!, { taskId: 's' });
    expect(again.ids).toEqual(ids);
    expect([...again.probability.logistic!]).toEqual([...want.scores.probability.logistic!]);

    // A table without a column the pipeline uses is refused, naming the column and both tables.
    const needed = got.pipeline.specs[0].column;
    const lacking = await writeDataset(
      db,
      { name: 'Customers without it', kind: 'customers', roles },
      { ...customers, columns: customers.columns.filter((c) => c.name !== needed) },
    );
    const runs = await db.runs.count();
    await expect(api.score(got.runId, lacking.id!, { taskId: 'm' })).rejects.toMatchObject({
      code: 'error.churnRun.scoreColumnMissing',
      params: { column: needed, name: 'Customers without it', source: 'Customers' },
    });
    expect(await db.runs.count()).toBe(runs);
  });

  it('stores nothing for a wrong kind, bad settings, a window past the data or a cancel', async () => {
    const { api, id } = await stored();
    const before = await db!.datasets.count();
    await expect(
      api.train({ ...REQUEST(id), settings: { folds: 1 } }, { taskId: 'b' }),
    ).rejects.toMatchObject({ code: 'error.churn.option', params: { option: 'folds' } });
    await expect(
      api.train({ ...REQUEST(id), labels: { source: 'target', column: 'x' } }, { taskId: 'c' }),
    ).rejects.toMatchObject({ code: 'error.churnRun.notCustomers' });
    await expect(
      api.train(
        {
          ...REQUEST(id),
          labels: {
            source: 'behaviour',
            cutoff: LAST - 10 * DAY_MS,
            windowDays: 90,
            target: 'churn',
          },
        },
        { taskId: 'd' },
      ),
    ).rejects.toMatchObject({ code: 'error.churn.windowPastData' });
    api.cancel('e');
    await expect(api.train(REQUEST(id), { taskId: 'e' })).rejects.toMatchObject({
      code: 'error.cancelled',
    });
    await expect(api.score(999, id, { taskId: 'f' })).rejects.toMatchObject({
      code: 'error.churnRun.noRun',
    });
    expect(await db!.runs.count()).toBe(0);
    expect(await db!.datasets.count()).toBe(before);
  });
});
