/**
 * Behavioural churn labels on the demo shop: the planted lapsing customers (who stop
 * buying 180–270 days before the end) get clearly higher churn scores than the loyal ones,
 * purchase intent is the complement, and nothing after the cutoff reaches the features.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { behaviouralLabels, type BehaviouralLabels } from '../../src/core/churn/labels.ts';
import { runChurn, type ChurnOutcome } from '../../src/core/churn/run.ts';
import { generateDemoShop, type DemoShop } from '../../src/core/demo/index.ts';
import { LensError } from '../../src/core/errors.ts';
import type { Column, Table } from '../../src/core/table/index.ts';

const DAY = 86_400_000;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('behavioural churn on the demo shop', () => {
  let shop: DemoShop;
  let cutoff: number;
  let labels: BehaviouralLabels;
  let outcome: ChurnOutcome;
  beforeAll(async () => {
    shop = generateDemoShop({ customers: 3000, seed: 7 });
    cutoff = shop.window.endDayMs - 120 * DAY;
    labels = behaviouralLabels(shop.transactions, shop.roles.transactions, {
      cutoff,
      windowDays: 90,
    });
    outcome = await runChurn(labels, { models: ['logistic', 'tree'], folds: 3, seed: 1 });
  });

  it('labels the customers active before the cutoff and scores everyone as of the last day', () => {
    expect(labels.rows.length).toBe(labels.table.rowCount);
    expect(labels.scoring.table.rowCount).toBeGreaterThan(labels.table.rowCount);
    expect(labels.observationEnd).toBe(shop.window.endDayMs);
    const rate = outcome.positiveRate;
    expect(rate).toBeGreaterThan(0.3);
    expect(rate).toBeLessThan(0.95);
    // No absolute dates or duplicate columns among the features, and no identifiers.
    const columns = new Set(outcome.pipeline.features.map((f) => f.column));
    for (const c of ['first_order', 'last_order', 'frequency', 'monetary', 'customer_id'])
      expect(columns.has(c)).toBe(false);
    expect(columns.has('recency_days')).toBe(true);
    console.log(
      `demo shop: ${outcome.rows} labelled, churn rate ${rate.toFixed(3)}, ` +
        outcome.models
          .map((m) => `${m.kind} test AUC ${m.test.auc.toFixed(3)} cv ${m.cv!.mean.toFixed(3)}`)
          .join(', '),
    );
    for (const m of outcome.models) expect(m.test.auc).toBeGreaterThan(0.75);
  });

  it('scores lapsing customers clearly above loyal ones', () => {
    const group = new Map(shop.truth.map((t) => [t.customerId, t.group]));
    for (const kind of ['logistic', 'tree'] as const) {
      const p = outcome.scores.probability[kind]!;
      const byGroup = (g: string) =>
        outcome.scores.ids.flatMap((id, i) => (group.get(id) === g ? [p[i]] : []));
      const lapsing = mean(byGroup('lapsing'));
      const loyal = mean(byGroup('loyal'));
      console.log(
        `${kind}: mean churn score lapsing ${lapsing.toFixed(3)}, loyal ${loyal.toFixed(3)}`,
      );
      expect(byGroup('lapsing').length).toBeGreaterThan(100);
      expect(lapsing).toBeGreaterThan(loyal + 0.4);
    }
  });

  it('purchase intent is the complement label on the same customers and features', () => {
    const intent = behaviouralLabels(shop.transactions, shop.roles.transactions, {
      cutoff,
      windowDays: 90,
      target: 'purchase',
    });
    expect(intent.ids).toEqual(labels.ids);
    expect(Array.from(intent.y)).toEqual(Array.from(labels.y, (v) => 1 - v));
  });

  it('features do not change when the lines after the cutoff change (no leakage)', () => {
    const t = shop.transactions;
    const roles = shop.roles.transactions;
    const dateName = Object.keys(roles).find((k) => roles[k] === 'orderDate')!;
    const amountName = Object.keys(roles).find(
      (k) => roles[k] === 'amount' || roles[k] === 'unitPrice',
    )!;
    const date = t.columns.find((c) => c.name === dateName) as Column & { values: Float64Array };
    const after = (i: number) => date.values[i] >= cutoff + DAY;
    // Shifted: every post-cutoff amount ×3 and every post-cutoff date one week later.
    const shifted: Table = {
      rowCount: t.rowCount,
      columns: t.columns.map((c) => {
        if (c.name === dateName && c.type === 'date')
          return { ...c, values: c.values.map((v, i) => (after(i) ? v + 7 * DAY : v)) };
        if (c.name === amountName && (c.type === 'f64' || c.type === 'i32'))
          return {
            ...c,
            type: 'f64',
            values: Float64Array.from(c.values, (v, i) => (after(i) ? v * 3 : v)),
          } as Column;
        return c;
      }),
    };
    const again = behaviouralLabels(shifted, roles, { cutoff, windowDays: 90 });
    // The change is real: the profiles as of the last day differ.
    expect(again.scoring.table.columns).not.toEqual(labels.scoring.table.columns);
    expect(again.ids).toEqual(labels.ids);
    expect(again.table.columns.map((c) => c.name)).toEqual(labels.table.columns.map((c) => c.name));
    for (let k = 0; k < labels.table.columns.length; k++) {
      const a = labels.table.columns[k];
      const b = again.table.columns[k];
      expect(b, a.name).toEqual(a);
    }
  });

  it('refuses a window that runs past the data', () => {
    try {
      behaviouralLabels(shop.transactions, shop.roles.transactions, {
        cutoff: shop.window.endDayMs - 30 * DAY,
        windowDays: 90,
      });
      throw new Error('expected an error');
    } catch (err) {
      expect(err).toBeInstanceOf(LensError);
      expect((err as LensError).code).toBe('error.churn.windowPastData');
    }
  });
});
