/**
 * Churn models on IBM's Telco sample (../shared/data/telco_churn) against scikit-learn.
 *
 * The peer figures below were made once on this machine with
 *   /usr/bin/python3 ../shared/peers/churn_logreg.py ../shared/data/telco_churn/telco_churn.csv
 * (Debian's python3-sklearn + python3-pandas): LogisticRegression(C=1, lbfgs) on
 * StandardScaler'd one-hot features (drop_first), TotalCharges blank → 0, stratified 80/20
 * split with random_state=42 and StratifiedKFold(5, shuffle, random_state=42). It printed:
 *   {"rows": 7043, "churn_rate": 0.2653698707936959, "test_auc": 0.8418093983311374,
 *    "cv5_auc_mean": 0.8451826927256721, "seconds": 0.3256460910051828}
 * Our preparation is the app's pipeline (standardised numbers, TotalCharges blank → train
 * mean + a "missing" indicator, one-hot of every level), the same L2 model (C = 1, summed
 * log-loss, unpenalised intercept) solved by Newton's method, and our own seeded folds.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTransactionsFile } from '../../src/cli/input.ts';
import { targetLabels, type LabelledData } from '../../src/core/churn/labels.ts';
import { scoreTable } from '../../src/core/churn/model.ts';
import { runChurn } from '../../src/core/churn/run.ts';
import { LensError } from '../../src/core/errors.ts';
import type { ColumnRole, Table } from '../../src/core/table/index.ts';
import { initEngine } from '../../src/engine/node.ts';
import { mergedMessages } from '../../src/i18n/catalogue.ts';

const TELCO = resolve(process.cwd(), '../shared/data/telco_churn/telco_churn.csv');
const PEER = {
  rows: 7043,
  churnRate: 0.2653698707936959,
  testAuc: 0.8418093983311374,
  cv5: 0.8451826927256721,
};
const english = mergedMessages('en');

function lensCode(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(LensError);
    const code = (err as LensError).code;
    expect(english[code], code).toBeDefined();
    return code;
  }
  throw new Error('expected a LensError');
}

describe.skipIf(!existsSync(TELCO))('churn on Telco', () => {
  let table: Table;
  let roles: Record<string, ColumnRole>;
  let data: LabelledData;
  beforeAll(async () => {
    ({ table, roles } = await readTransactionsFile(TELCO, {}));
    data = targetLabels(table, roles, { target: 'Churn', positive: 'Yes' });
  });

  it('labels 7,043 customers, 26.5 % churned, and keeps the id and target out of the features', async () => {
    expect(data.rows.length).toBe(PEER.rows);
    expect(data.y.reduce((a, b) => a + b, 0) / PEER.rows).toBeCloseTo(PEER.churnRate, 12);
    const out = await runChurn(data, { models: ['logistic'], folds: 0, reasons: 0 });
    const excluded = Object.fromEntries(out.pipeline.excluded.map((e) => [e.column, e.reason]));
    expect(excluded).toEqual({ customerID: 'identifier', Churn: 'target' });
    const names = out.pipeline.features.map((f) => f.name);
    expect(names).toContain('TotalCharges missing');
    expect(names).toContain('Contract = Month-to-month');
    expect(names).toContain('SeniorCitizen');
    expect(names).toContain('Partner = Yes');
    // The stored pipeline + model re-score the table exactly as the run scored it.
    const again = scoreTable(JSON.parse(JSON.stringify(out.models[0].saved)), table);
    expect(Array.from(again)).toEqual(Array.from(out.scores.probability.logistic!));
  });

  it('logistic regression: 5-fold CV AUC within 0.01 of scikit-learn’s, test AUC ≥ 0.83', async () => {
    const out = await runChurn(data, { models: ['logistic'], folds: 5, seed: 42 });
    const report = out.models[0];
    console.log(
      `Telco logistic: CV AUC ${report.cv!.mean.toFixed(4)} (scikit-learn ${PEER.cv5.toFixed(4)}), ` +
        `test AUC ${report.test.auc.toFixed(4)} (scikit-learn's split ${PEER.testAuc.toFixed(4)})`,
    );
    expect(Math.abs(report.cv!.mean - PEER.cv5)).toBeLessThan(0.01);
    expect(report.cv!.folds).toHaveLength(5);
    expect(report.test.auc).toBeGreaterThanOrEqual(0.83);
    expect(report.test.rows).toBe(1409);
    expect(report.test.positives).toBe(374);
    // Tenure and the contract are the strongest signals; short tenure raises churn.
    expect(report.importance.slice(0, 3).map((i) => i.column)).toContain('tenure');
    const tenure = report.coefficients!.find((c) => c.feature === 'tenure')!;
    expect(tenure.coef).toBeLessThan(0);
    // Every customer is scored with three reasons; the contributions are coef × value.
    expect(out.scores.ids).toHaveLength(7043);
    expect(out.scores.reasons.logistic![0]).toHaveLength(3);
    expect(report.test.suggested.f1.f1).toBeGreaterThan(report.test.confusion.f1 - 1e-12);
    expect(report.test.lift[0].lift).toBeGreaterThan(2);
  });

  it('the tree and the network are reported beside it', async () => {
    await initEngine();
    const out = await runChurn(data, {
      models: ['tree', 'mlp'],
      folds: 0,
      seed: 42,
      mlp: {
        hidden: [16],
        dropout: 0.1,
        epochs: 40,
        batchSize: 256,
        learningRate: 0.003,
        patience: 5,
        validationShare: 0.15,
      },
      reasons: 2,
    });
    const [tree, mlp] = out.models;
    console.log(
      `Telco tree test AUC ${tree.test.auc.toFixed(4)}, network ${mlp.test.auc.toFixed(4)} (best epoch ${mlp.bestEpoch})`,
    );
    expect(tree.test.auc).toBeGreaterThan(0.8);
    expect(mlp.test.auc).toBeGreaterThan(0.8);
    expect(tree.rules!.length).toBeGreaterThan(2);
    expect(tree.rules![0].probability).toBeGreaterThan(0.5);
    expect(mlp.history!.length).toBeGreaterThanOrEqual(mlp.bestEpoch!);
    // Saabas contributions add up to the leaf probability minus the root's share.
    const first = out.scores.reasons.tree![0];
    expect(first.length).toBeGreaterThan(0);
  });

  it('refuses bad settings and data with catalogued errors', async () => {
    expect(lensCode(() => targetLabels(table, roles, { target: 'Nope' }))).toBe(
      'error.churn.targetMissing',
    );
    expect(lensCode(() => targetLabels(table, roles, { target: 'Churn', positive: 'Maybe' }))).toBe(
      'error.churn.positiveMissing',
    );
    expect(lensCode(() => targetLabels(table, roles, { target: 'Contract' }))).toBe(
      'error.churn.positiveNeeded',
    );
    const single = targetLabels(table, roles, { target: 'PhoneService', positive: 'Yes' });
    const yesOnly = {
      ...single,
      rows: single.rows.filter((_, i) => single.y[i] === 1),
      y: single.y.filter((v) => v === 1),
    };
    await expect(runChurn(yesOnly)).rejects.toMatchObject({ code: 'error.churn.singleClass' });
    const few = { ...data, rows: data.rows.slice(0, 10), y: data.y.slice(0, 10) };
    await expect(runChurn(few)).rejects.toMatchObject({ code: 'error.churn.tooFewRows' });
    await expect(runChurn(data, { testSize: 1.5 })).rejects.toMatchObject({
      code: 'error.churn.option',
    });
    await expect(runChurn(data, { models: ['forest' as 'tree'] })).rejects.toMatchObject({
      code: 'error.churn.model',
    });
    const controller = new AbortController();
    controller.abort();
    await expect(runChurn(data, {}, { signal: controller.signal })).rejects.toMatchObject({
      code: 'error.cancelled',
    });
  });
});
