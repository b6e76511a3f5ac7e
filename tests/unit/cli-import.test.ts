/** `cli import`: the same pipeline as the app, its JSON report, and its exit codes. */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeLegacy } from '../support/legacy-encode.ts';

const TSX = join(process.cwd(), 'node_modules/.bin/tsx');
const MAIN = join(process.cwd(), 'src/cli/main.ts');
const DATA = resolve(process.cwd(), '../shared/data');

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(TSX, [MAIN, ...args], { maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

interface Report {
  lines: number;
  rows: number;
  encoding: string;
  delimiter: string | null;
  columns: {
    name: string;
    type: string;
    role: string;
    missing: number;
    distinct: number;
    invalid: number;
  }[];
  duplicateLines: number;
  missingCustomerId: number | null;
  cancellations: number;
  dateRange: [string, string] | null;
}

const tmp = mkdtempSync(join(tmpdir(), 'lens-cli-import-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('cli import', () => {
  it('reports a GBK file with Chinese headers: encoding, roles, figures', async () => {
    const path = join(tmp, 'orders-gbk.csv');
    writeFileSync(
      path,
      encodeLegacy(
        '客户ID;订单号;下单日期;实付金额\nC1;A1;2024/3/5;￥1.299,00\nC1;A1;2024/3/5;￥1.299,00\n;A2;2024/3/6;12,50\n',
        'gbk',
      ),
    );
    const run = await cli(['import', path]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.encoding).toBe('gb18030');
    expect(report.delimiter).toBe(';');
    expect(report.columns.map((c) => [c.name, c.role])).toEqual([
      ['客户ID', 'customerId'],
      ['订单号', 'orderId'],
      ['下单日期', 'orderDate'],
      ['实付金额', 'amount'],
    ]);
    expect(report).toMatchObject({ lines: 3, rows: 3, duplicateLines: 1, missingCustomerId: 1 });
    expect(report.dateRange).toEqual(['2024-03-05T00:00:00.000Z', '2024-03-06T00:00:00.000Z']);
  });

  it('exits 1 with a readable message for bad data and 2 for a usage error', async () => {
    const empty = join(tmp, 'empty.csv');
    writeFileSync(empty, '');
    const bad = await cli(['import', empty]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('empty.csv');
    const usage = await cli(['import']);
    expect(usage.code).toBe(2);
    expect((await cli(['import', empty, '--encoding', 'klingon'])).code).toBe(2);
  });

  it.skipIf(!existsSync(DATA))('prints the Online Retail figures pandas gives', async () => {
    const run = await cli(['import', join(DATA, 'online_retail/online_retail.csv')]);
    expect(run.code).toBe(0);
    const r = JSON.parse(run.stdout) as Report;
    expect(r).toMatchObject({
      lines: 541_909,
      duplicateLines: 5_268,
      missingCustomerId: 135_080,
      cancellations: 10_624,
      dateRange: ['2010-12-01T08:26:00.000Z', '2011-12-09T12:50:00.000Z'],
      encoding: 'utf-8',
      delimiter: ',',
    });
    expect(r.columns.find((c) => c.name === 'CustomerID')).toMatchObject({
      role: 'customerId',
      type: 'string',
      missing: 135_080,
      distinct: 4_372,
    });
  });

  it.skipIf(!existsSync(DATA))('reads the CDNOW sample with --format cdnow', async () => {
    const run = await cli(['import', join(DATA, 'cdnow/CDNOW_sample.txt'), '--format', 'cdnow']);
    const r = JSON.parse(run.stdout) as Report;
    expect(r.rows).toBe(6919);
    expect(r.columns.map((c) => c.role)).toEqual([
      'attribute',
      'customerId',
      'orderDate',
      'quantity',
      'amount',
    ]);
  });
});
