/** The real command line, spawned as users and CI run it (tsx src/cli/main.ts). */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const TSX = join(process.cwd(), 'node_modules/.bin/tsx');
const MAIN = join(process.cwd(), 'src/cli/main.ts');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(TSX, [MAIN, ...args], { cwd: process.cwd() }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

interface DemoResult {
  customers: number;
  seed: number;
  months: number;
  files: { path: string; rows: number; bytes: number; sha256: string }[];
  seconds: number;
}

const tmp = mkdtempSync(join(tmpdir(), 'lens-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('cli demo', () => {
  it('writes both CSV files with the sizes and hashes it reports', async () => {
    const out = join(tmp, 'a', 'nested');
    const run = await cli(['demo', '--customers', '300', '--seed', '7', '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as DemoResult;
    expect(result).toMatchObject({ customers: 300, seed: 7, months: 24 });
    expect(result.seconds).toBeGreaterThan(0);
    expect(result.files.map((f) => f.path)).toEqual([
      join(out, 'transactions.csv'),
      join(out, 'customers.csv'),
    ]);
    for (const f of result.files) {
      expect(existsSync(f.path)).toBe(true);
      const bytes = readFileSync(f.path);
      expect(bytes.length).toBe(f.bytes);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(f.sha256);
      const lines = bytes.toString('utf8').split('\n');
      expect(lines.at(-1)).toBe(''); // ends with a newline
      expect(lines.length - 2).toBeGreaterThanOrEqual(f.rows); // quoted newlines would add lines
    }
    expect(result.files[1].rows).toBe(300);
    expect(readFileSync(result.files[0].path, 'utf8').split('\n')[0]).toBe(
      'invoice_id,invoice_date,customer_id,product_id,product_name,category,quantity,unit_price,channel',
    );
    // Same options, same bytes; another seed, other bytes.
    const again = JSON.parse(
      (await cli(['demo', '--customers', '300', '--seed', '7', '--out', join(tmp, 'b')])).stdout,
    ) as DemoResult;
    expect(again.files.map((f) => f.sha256)).toEqual(result.files.map((f) => f.sha256));
    const other = JSON.parse(
      (await cli(['demo', '--customers=300', '--seed=8', `--out=${join(tmp, 'c')}`])).stdout,
    ) as DemoResult;
    expect(other.files[0].sha256).not.toBe(result.files[0].sha256);
  });

  it('exits 2 with a message on stderr for a usage error', async () => {
    const run = await cli(['demo', '--customers', 'abc', '--out', join(tmp, 'x')]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain("--customers must be an integer, got 'abc'");
    expect(existsSync(join(tmp, 'x'))).toBe(false);
    const missing = await cli(['demo', '--customers', '10']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing required option --out');
    const badDate = await cli(['demo', '--end-date', '2026-02-30', '--out', join(tmp, 'y')]);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain("--end-date: invalid value '2026-02-30'");
  });

  it('exits 2 for an unknown command and for no command', async () => {
    const run = await cli(['frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain("unknown command 'frobnicate'");
    const none = await cli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage:');
  });

  it('exits 1 when the output directory cannot be created', async () => {
    const file = join(tmp, 'a-file');
    writeFileSync(file, 'x');
    const run = await cli(['demo', '--customers', '5', '--out', join(file, 'sub')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('cannot create directory');
  });

  it('prints help with exit 0', async () => {
    const run = await cli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/demo\s+generate the demo shop/);
    const demo = await cli(['demo', '--help']);
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain('--out DIR');
    expect(demo.stdout).toContain('--customers N');
  });
});
