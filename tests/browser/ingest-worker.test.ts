/**
 * The import worker for real (module worker, Comlink, Chromium's IndexedDB): preview with
 * guesses, whole-file parse with its report, cleaning counts, save with its receipt, the
 * remembered mapping, cancellation that leaves nothing, and the customer join.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { CancelledError, LensError } from '../../src/core/errors.ts';
import type { ImportReceipt } from '../../src/core/ingest/types.ts';
import {
  deleteDataset,
  getDataset,
  getDb,
  listDatasets,
  readTable,
} from '../../src/store/index.ts';
import { runIngestTask, terminateIngestWorker } from '../../src/workers/client.ts';

const db = getDb();
const created: number[] = [];
const tag = `t${Date.now()}${Math.floor(Math.random() * 1e6)}`;

const ORDERS = [
  'Order No,Order Date,Customer ID,Product,Qty,Unit Price,Channel,Gender',
  'A1,2024-03-01 10:00,C1,Mug,2,3.50,web,Male',
  'A1,2024-03-01 10:00,C1,Mug,2,3.50,web,Male',
  'A2,2024-03-02 11:00,C2,Tea,1,"1,250.00",app,F',
  'C3,2024-03-03 12:00,C1,Mug,-1,3.50,web,male',
  'A4,2024-03-04 13:00,,Tea,1,4.00,store,',
  `A5,2024-03-05 14:00,C3,Cup ${tag},3,2.00,store,女`,
].join('\n');

function fileOf(text: string, name = `orders-${tag}.csv`): { file: Blob; fileName: string } {
  return { file: new Blob([text], { type: 'text/csv' }), fileName: name };
}

afterAll(async () => {
  for (const id of created) await deleteDataset(db, id).catch(() => false);
  terminateIngestWorker();
});

describe('import worker', () => {
  it('previews, parses with a report, plans cleaning and saves with a receipt', async () => {
    const input = fileOf(ORDERS);
    const preview = await runIngestTask((api, task) => api.preview(input, {}, task));
    expect(preview.dialect).toMatchObject({ format: 'delimited', delimiter: ',', header: true });
    expect(preview.encoding.encoding).toBe('utf-8');
    expect(preview.rows).toHaveLength(6);
    expect(preview.kind).toBe('transactions');
    expect(Object.fromEntries(preview.specs.map((s) => [s.name, s.role]))).toEqual({
      'Order No': 'orderId',
      'Order Date': 'orderDate',
      'Customer ID': 'customerId',
      Product: 'productName',
      Qty: 'quantity',
      'Unit Price': 'unitPrice',
      Channel: 'channel',
      Gender: 'gender',
    });

    const session = await runIngestTask((api, task) => api.parse(input, {}, preview.specs, task));
    expect(session.rows).toBe(6);
    expect(session.report).toMatchObject({
      lines: 6,
      rows: 6,
      duplicateLines: 1,
      missingCustomerId: 1,
      cancellations: 1,
    });
    const price = session.report.columns.find((c) => c.name === 'Unit Price')!;
    expect(price.max).toBe(1250);

    const config = {
      ...session.cleaning,
      dropDuplicates: true,
      dropMissingCustomer: true,
      synonyms: { Gender: { Male: 'male', male: 'male', F: 'female', 女: 'female' } },
    };
    const plan = await runIngestTask((api) => api.planCleaning(session.sessionId, config));
    const removed = Object.fromEntries(plan.map((p) => [p.step, p.rowsRemoved]));
    expect(removed['clean.step.dropDuplicates']).toBe(1);
    expect(removed['clean.step.dropMissingCustomer']).toBe(1);

    const saved = await runIngestTask((api, task) =>
      api.save(
        session.sessionId,
        { name: `Orders ${tag}`, kind: 'transactions', cleaning: config },
        task,
      ),
    );
    created.push(saved.datasetId);
    expect(saved.rows).toBe(4);
    const record = await getDataset(db, saved.datasetId);
    expect(record.mapping?.['Customer ID']).toBe('customerId');
    const receipt = record.report as ImportReceipt;
    expect(receipt.before.rows).toBe(6);
    expect(receipt.after?.rows).toBe(4);
    expect(receipt.cleaning?.steps.map((s) => s.step)).toContain('clean.step.dropDuplicates');
    const table = await readTable(db, saved.datasetId);
    const gender = table.columns.find((c) => c.name === 'Gender');
    expect(gender?.type).toBe('dict');
    if (gender?.type === 'dict') {
      expect(new Set([...gender.codes].map((c) => gender.dictionary[c]))).toEqual(
        new Set(['male', 'female']),
      );
    }

    // The same header next month: the remembered mapping comes back.
    const again = await runIngestTask((api, task) => api.preview(fileOf(ORDERS), {}, task));
    expect(again.presetApplied).toBe(true);
  });

  it('refuses a binary file with a typed error naming the file', async () => {
    const png = new Blob([
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
    ]);
    const err = await runIngestTask((api, task) =>
      api.preview({ file: png, fileName: 'photo.csv' }, {}, task),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LensError);
    expect((err as LensError).code).toBe('error.import.binary');
  });

  it('cancelling a parse stores nothing', async () => {
    const before = (await listDatasets(db)).length;
    const rows = ['id,amount,date'];
    for (let i = 0; i < 400_000; i++) rows.push(`${i},${i % 97}.5,2024-01-0${(i % 9) + 1}`);
    const input = fileOf(rows.join('\n'), `big-${tag}.csv`);
    const controller = new AbortController();
    const preview = await runIngestTask((api, task) => api.preview(input, {}, task));
    const running = runIngestTask((api, task) => api.parse(input, {}, preview.specs, task), {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done > 0) controller.abort();
      },
    });
    await expect(running).rejects.toBeInstanceOf(CancelledError);
    expect((await listDatasets(db)).length).toBe(before);
  });

  it('joins customer attributes with match statistics', async () => {
    const orders = fileOf(
      [
        'invoice,date,customer,amount',
        'I1,2024-01-01,K1,10',
        'I2,2024-01-02,K2,20',
        'I3,2024-01-03,K9,30',
      ].join('\n'),
      `join-orders-${tag}.csv`,
    );
    const customers = fileOf(
      ['customer,age,region', 'K1,34,North', 'K2,51,South', 'K2,52,East', 'K5,20,West'].join('\n'),
      `join-customers-${tag}.csv`,
    );
    const ids: number[] = [];
    for (const [input, kind] of [
      [orders, 'transactions'],
      [customers, 'customers'],
    ] as const) {
      const p = await runIngestTask((api, task) => api.preview(input, {}, task));
      const s = await runIngestTask((api, task) => api.parse(input, {}, p.specs, task));
      const saved = await runIngestTask((api, task) =>
        api.save(s.sessionId, { name: input.fileName, kind, cleaning: s.cleaning }, task),
      );
      ids.push(saved.datasetId);
      created.push(saved.datasetId);
    }
    const request = {
      transactionsId: ids[0],
      transactionsKey: 'customer',
      customersId: ids[1],
      customersKey: 'customer',
    };
    const stats = await runIngestTask((api, task) => api.joinStats(request, task));
    expect(stats).toMatchObject({
      matchedRows: 2,
      unmatchedRows: 1,
      unmatchedKeys: 1,
      unusedCustomers: 1,
      duplicateCustomerKeys: 1,
    });
    const joined = await runIngestTask((api, task) =>
      api.join({ ...request, name: `joined ${tag}` }, task),
    );
    created.push(joined.datasetId);
    const table = await readTable(db, joined.datasetId);
    expect(table.rowCount).toBe(3);
    expect(table.columns.map((c) => c.name)).toEqual([
      'invoice',
      'date',
      'customer',
      'amount',
      'age',
      'region',
    ]);
    const record = await getDataset(db, joined.datasetId);
    expect(record.parentId).toBe(ids[0]);
  });
});
