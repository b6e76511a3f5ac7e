/** `cli churn`: Telco with logistic regression and the tree, and exit codes for usage and data errors. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const TSX = join(process.cwd(), 'node_modules/.bin/tsx');
const MAIN = join(process.cwd(), 'src/cli/main.ts');
const TELCO = resolve(process.cwd(), '../shared/data/telco_churn/telco_churn.csv');

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(TSX, [MAIN, ...args], { maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

interface ChurnJson {
  rows: number;
  positiveRate: number;
  model: string;
  testAuc: number;
  cvAuc: { mean: number; folds: number[] } | null;
  averagePrecision: number;
  confusion: { threshold: number; tp: number; fp: number; tn: number; fn: number };
  topFeatures: { feature: string; importance: number; std: number }[];
  seconds: number;
}

describe.skipIf(!existsSync(TELCO))('cli churn on Telco', () => {
  it('logistic: 7,043 rows, CV AUC near scikit-learn’s 0.845, a full confusion matrix', async () => {
    const run = await cli(['churn', TELCO, '--target', 'Churn', '--positive', 'Yes']);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as ChurnJson;
    expect(Object.keys(json)).toEqual([
      'rows',
      'positiveRate',
      'model',
      'testAuc',
      'cvAuc',
      'averagePrecision',
      'confusion',
      'topFeatures',
      'seconds',
    ]);
    expect(json.rows).toBe(7043);
    expect(json.positiveRate).toBeCloseTo(1869 / 7043, 5);
    expect(json.model).toBe('logistic');
    expect(json.testAuc).toBeGreaterThanOrEqual(0.83);
    expect(Math.abs(json.cvAuc!.mean - 0.8451826927256721)).toBeLessThan(0.01);
    expect(json.cvAuc!.folds).toHaveLength(5);
    const c = json.confusion;
    expect(c.threshold).toBe(0.5);
    expect(c.tp + c.fn).toBe(374);
    expect(c.tp + c.fp + c.tn + c.fn).toBe(1409);
    expect(json.topFeatures[0].feature).toBe('tenure');
    expect(json.topFeatures[0].importance).toBeGreaterThan(0.05);
  });

  it('tree with three folds and a custom test size; the same seed gives the same numbers', async () => {
    const args = [
      'churn',
      TELCO,
      '--target',
      'Churn',
      '--model',
      'tree',
      '--folds',
      '3',
      '--test-size',
      '0.25',
      '--seed',
      '3',
    ];
    const [a, b] = await Promise.all([cli(args), cli(args)]);
    expect(a.code, a.stderr).toBe(0);
    const ja = JSON.parse(a.stdout) as ChurnJson;
    const jb = JSON.parse(b.stdout) as ChurnJson;
    expect(ja.model).toBe('tree');
    expect(ja.cvAuc!.folds).toHaveLength(3);
    expect(ja.testAuc).toBeGreaterThan(0.78);
    expect({ ...ja, seconds: 0 }).toEqual({ ...jb, seconds: 0 });
  });

  it('exits 2 on usage errors and 1 on bad data, with a message', async () => {
    const [badModel, noColumn, badPositive] = await Promise.all([
      cli(['churn', TELCO, '--target', 'Churn', '--model', 'forest']),
      cli(['churn', TELCO, '--target', 'Nope']),
      cli(['churn', TELCO, '--target', 'Churn', '--positive', 'Maybe']),
    ]);
    expect(badModel.code).toBe(2);
    expect(badModel.stderr).toMatch(/--model/);
    expect(noColumn.code).toBe(2);
    expect(badPositive.code).toBe(1);
    expect(badPositive.stderr).toMatch(/Maybe/);
  });
});
