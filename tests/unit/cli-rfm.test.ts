/** `cli rfm`: the Online Retail figures, the per-customer CSV, and usage errors. */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const TSX = join(process.cwd(), 'node_modules/.bin/tsx');
const MAIN = join(process.cwd(), 'src/cli/main.ts');
const ONLINE_RETAIL = resolve(process.cwd(), '../shared/data/online_retail/online_retail.csv');
const CDNOW = resolve(process.cwd(), '../shared/data/cdnow/CDNOW_sample.txt');

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(TSX, [MAIN, ...args], { maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

const tmp = mkdtempSync(join(tmpdir(), 'lens-cli-rfm-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface RfmJson {
  customers: number;
  withoutOrders: number;
  orders: number;
  observationEnd: string;
  segments: { key: string; cells: string[]; customers: number; revenueShare: number }[];
  cells: { r: number; f: number; customers: number }[];
  lifecycle: { stage: string; customers: number }[];
}

describe.skipIf(!existsSync(ONLINE_RETAIL))('cli rfm on Online Retail', () => {
  it('prints 4,339 customers in 11 segments over 25 cells, and writes one row per customer', async () => {
    const out = join(tmp, 'customers.csv');
    const run = await cli(['rfm', ONLINE_RETAIL, '--out', out]);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as RfmJson;
    expect(json).toMatchObject({ customers: 4339, withoutOrders: 33, orders: 18536 });
    expect(json.observationEnd).toBe('2011-12-09');
    expect(json.segments).toHaveLength(11);
    expect(json.segments.reduce((s, g) => s + g.customers, 0)).toBe(4339);
    expect(json.segments.reduce((s, g) => s + g.revenueShare, 0)).toBeCloseTo(1, 3);
    expect(json.cells).toHaveLength(25);
    expect(json.lifecycle.reduce((s, g) => s + g.customers, 0)).toBe(4339);
    // Each segment's count is the sum of its cells' counts.
    const cell = new Map(json.cells.map((c) => [`${c.r}${c.f}`, c.customers]));
    for (const s of json.segments) {
      expect(s.cells.reduce((sum, c) => sum + cell.get(c)!, 0)).toBe(s.customers);
    }
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(4340);
    expect(lines[0]).toMatch(/^customer_id,.*,r_score,f_score,m_score,segment,stage$/);
  }, 60_000);

  it('quartiles give a 4×4 grid; a bad option is a usage error (exit 2)', async () => {
    const run = await cli(['rfm', ONLINE_RETAIL, '--bins', '4', '--observation-end', '2011-06-30']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as RfmJson;
    expect(json.cells).toHaveLength(16);
    expect(json.observationEnd).toBe('2011-06-30');
    expect(json.customers).toBeLessThan(4339);
    const bad = await cli(['rfm', ONLINE_RETAIL, '--monetary', 'median']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--monetary/);
  }, 60_000);
});

describe.skipIf(!existsSync(CDNOW))('cli rfm on the CDNOW sample', () => {
  it('profiles the 2,357 customers of the whitespace file', async () => {
    const run = await cli(['rfm', CDNOW, '--format', 'cdnow']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as RfmJson;
    expect(json.customers).toBe(2357);
    expect(json.observationEnd).toBe('1998-06-30');
  }, 60_000);
});
