/**
 * Predict → Churn → Saved models in chromium, with the real churn worker and IndexedDB.
 * A logistic model is trained on a small stored customer table (target column Churn) from
 * the page; the Saved models card lists the run (source, labels, test AUC) and scores the
 * same table again: the ranked table follows the training outcome's per-customer
 * probabilities, and its CSV export holds every customer's probability equal to the
 * outcome's to 1e-9 (an id that looks like a formula comes out neutralised). Scoring a
 * table that lacks a column the model uses shows the localised error naming that column,
 * in English and Chinese, and stores and loses nothing; a scoring shows its progress with
 * Cancel (Train waits meanwhile) and stops when cancelled.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { cdp, page } from 'vitest/browser';
import '../../src/app/global.css';
import { setLocale } from '../../src/i18n/index.ts';
import { createRng } from '../../src/core/stats/random.ts';
import { DEFAULT_MLP_OPTIONS } from '../../src/core/churn/mlp.ts';
import {
  dictColumn,
  numericColumn,
  type ColumnRole,
  type Table,
} from '../../src/core/table/index.ts';
import { deleteDataset, getDataset, getDb, writeDataset } from '../../src/store/index.ts';
import { refreshDatasets } from '../../src/app/datasets.svelte.ts';
import { runChurnTask } from '../../src/workers/client.ts';
import { churnLab } from '../../src/features/churn/churnLab.svelte.ts';
import { savedModels } from '../../src/features/churn/savedModels.svelte.ts';
import PredictPage from '../../src/features/clv/PredictPage.svelte';

/** 240 customers whose churn depends on tenure, monthly charges and the contract. */
function customerTable(): Table {
  const rng = createRng(11);
  const n = 240;
  const ids: string[] = [];
  const tenure: number[] = [];
  const monthly: number[] = [];
  const contract: string[] = [];
  const churn: string[] = [];
  const kinds = ['Monthly', 'Yearly', 'Two-year'];
  for (let i = 0; i < n; i++) {
    // One id a spreadsheet would run as a formula: the export must neutralise it.
    ids.push(i === 3 ? '=1+1' : `K${String(i + 1).padStart(4, '0')}`);
    const t = 1 + Math.floor(rng.next() * 72);
    const m = Math.round((20 + rng.next() * 100) * 100) / 100;
    const c = kinds[Math.floor(rng.next() * 3)];
    const z = 1.2 - 0.06 * t + 0.015 * m + (c === 'Monthly' ? 0.9 : -0.9);
    tenure.push(t);
    monthly.push(m);
    contract.push(c);
    churn.push(rng.next() < 1 / (1 + Math.exp(-z)) ? 'Yes' : 'No');
  }
  return {
    rowCount: n,
    columns: [
      dictColumn('customer_id', ids),
      numericColumn('tenure', 'i32', tenure),
      numericColumn('monthly_charges', 'f64', monthly),
      dictColumn('contract', contract),
      dictColumn('Churn', churn),
    ],
  };
}

const TABLE = customerTable();
const ROLES: Record<string, ColumnRole> = {
  customer_id: 'customerId',
  tenure: 'attribute',
  monthly_charges: 'attribute',
  contract: 'attribute',
  Churn: 'attribute',
};
const suffix = () => Math.random().toString(36).slice(2, 7);
const f3 = (n: number) =>
  new Intl.NumberFormat('en', { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(n);
const percent = (n: number) =>
  new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 }).format(n);

let host: HTMLDivElement;
let mounted: ReturnType<typeof mount> | null = null;
const datasetsMade: number[] = [];
const runsMade: number[] = [];

const q = <T extends Element = HTMLElement>(selector: string, root: ParentNode = host): T => {
  const el = root.querySelector<T>(selector);
  if (!el) throw new Error(`no ${selector}`);
  return el;
};
const text = (el: Element | null | undefined): string =>
  el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

function choose(select: HTMLSelectElement, value: string): void {
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
  flushSync();
}

async function store(name: string, table: Table): Promise<number> {
  const record = await writeDataset(getDb(), { name, kind: 'customers', roles: ROLES }, table);
  datasetsMade.push(record.id!);
  return record.id!;
}

/** Mounts Predict → Churn and opens the Saved models card at the row of `runId`. */
async function openSavedRow(runId: number): Promise<HTMLTableRowElement> {
  if (!mounted) {
    mounted = mount(PredictPage, { target: host, props: { section: 'churn' as const } });
    flushSync();
  }
  const summary = q('[data-testid="churn-saved"] summary');
  summary.focus();
  expect(document.activeElement).toBe(summary); // reachable by keyboard
  if (!q<HTMLDetailsElement>('[data-testid="churn-saved"]').open) summary.click();
  flushSync();
  return vi.waitFor(() => q<HTMLTableRowElement>(`tr[data-run="${runId}"]`), { timeout: 10_000 });
}

beforeEach(() => {
  setLocale('en');
  host = document.createElement('div');
  host.style.width = '1100px';
  document.body.append(host);
});

afterEach(async () => {
  if (mounted) await unmount(mounted);
  mounted = null;
  host.remove();
  vi.restoreAllMocks();
  for (const id of runsMade.splice(0)) await getDb().runs.delete(id);
  for (const id of datasetsMade.splice(0)) await deleteDataset(getDb(), id).catch(() => false);
  churnLab.outcome = null;
  churnLab.training.reset();
  churnLab.models = { logistic: true, tree: true, mlp: false };
  savedModels.result = null;
  savedModels.runId = null;
  savedModels.picked = {};
  savedModels.open = false;
  savedModels.scoring.reset();
  await refreshDatasets();
});

describe('Saved models', () => {
  it('scores the training table again with the probabilities of the training run', async () => {
    const name = `Saved-model customers ${suffix()}`;
    const sourceId = await store(name, TABLE);
    await refreshDatasets();
    mounted = mount(PredictPage, { target: host, props: { section: 'churn' as const } });
    flushSync();

    // Train a logistic model on the table from the form (target Churn = Yes is guessed).
    choose(q<HTMLSelectElement>('[data-testid="churn-dataset"]'), String(sourceId));
    expect(q<HTMLSelectElement>('[data-testid="churn-target-column"]').value).toBe('Churn');
    expect(q<HTMLInputElement>('[data-testid="churn-positive"]').value).toBe('Yes');
    q<HTMLInputElement>('[data-testid="churn-model-tree"]').click();
    flushSync();
    expect(churnLab.models).toEqual({ logistic: true, tree: false, mlp: false });
    q<HTMLButtonElement>('[data-testid="churn-train"]').click();
    await vi.waitFor(() => q('[data-testid="churn-models"]'), { timeout: 90_000 });
    const outcome = churnLab.outcome!;
    runsMade.push(outcome.runId);
    datasetsMade.push(outcome.resultsId);
    const trained = outcome.scores.probability.logistic!;
    expect(outcome.scores.ids).toHaveLength(240);
    expect(outcome.models[0].test.auc).toBeGreaterThan(0.6);

    // The card lists the run: its source, labels and the model's test AUC.
    const row = await openSavedRow(outcome.runId);
    expect(text(q('[data-col="source"]', row))).toBe(name);
    expect(text(q('[data-col="labels"]', row))).toBe('Churn = Yes');
    expect(text(q('[data-col="models"]', row))).toBe(
      `Logistic regression: ${f3(outcome.models[0].test.auc)}`,
    );
    const select = q<HTMLSelectElement>('[data-testid="churn-saved-dataset"]', row);
    expect(select.value).toBe(String(sourceId)); // default: the run's own source
    expect(select.labels?.[0]?.textContent?.trim()).toMatch(/^Dataset to score with the models/);
    const button = q<HTMLButtonElement>('[data-testid="churn-saved-score"]', row);
    expect(button.getAttribute('aria-label')).toMatch(/^Score the chosen dataset/);

    // Score it: the ranked table follows the training outcome.
    button.click();
    await vi.waitFor(() => q('[data-testid="churn-saved-table"]'), { timeout: 30_000 });
    const table = q('[data-testid="churn-saved-table"]');
    expect(text(q('caption', table))).toBe('The first 100 of 240 customers');
    expect([...table.querySelectorAll('thead th')].map(text)).toEqual([
      'Rank',
      'Customer',
      'Probability: Logistic regression',
    ]);
    const ranked = outcome.scores.ids
      .map((id, i) => ({ id, p: trained[i] }))
      .sort((a, b) => b.p - a.p || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const rows = [...table.querySelectorAll('tbody tr')];
    expect(rows).toHaveLength(100);
    expect(rows.map((tr) => tr.getAttribute('data-customer'))).toEqual(
      ranked.slice(0, 100).map((r) => r.id),
    );
    for (const k of [0, 1, 17, 99]) {
      expect(text(q('[data-model="logistic"]', rows[k]))).toBe(percent(ranked[k].p));
    }

    // The CSV export: every customer's probability equals the training run's to 1e-9.
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blobs.push(b as Blob);
      return 'blob:test';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    q<HTMLButtonElement>('[data-testid="churn-saved-export"]').click();
    flushSync();
    expect(blobs).toHaveLength(1);
    const lines = (await blobs[0].text())
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\n');
    expect(lines[0]).toBe('Customer,Probability: Logistic regression');
    expect(lines).toHaveLength(241);
    const exported = new Map(
      lines.slice(1).map((line) => {
        const [id, p] = line.split(',');
        return [id, Number(p)] as const;
      }),
    );
    expect(exported.has('=1+1')).toBe(false);
    expect(exported.has("'=1+1")).toBe(true); // formula-neutralised
    outcome.scores.ids.forEach((id, i) => {
      const key = id.startsWith('=') ? `'${id}` : id;
      expect(Math.abs(exported.get(key)! - trained[i])).toBeLessThan(1e-9);
    });
    for (const id of ['K0001', 'K0002', 'K0120', 'K0240']) {
      const i = outcome.scores.ids.indexOf(id);
      expect(exported.get(id)).toBeCloseTo(trained[i], 9);
    }
    expect(text(q('[data-testid="churn-saved-message"]'))).toBe(
      `Saved 240 customers to ${name} scores.csv.`,
    );

    // A screenshot of the card for review.
    const card = q('[data-testid="churn-saved"]');
    card.scrollIntoView();
    const height = Math.min(4000, card.scrollHeight + 40);
    await cdp().send('Emulation.setDeviceMetricsOverride', {
      width: 1100,
      height,
      deviceScaleFactor: 1,
      mobile: false,
    });
    await page.viewport(1100, height);
    await new Promise((r) => setTimeout(r, 300));
    try {
      await page.screenshot({ element: card, path: '../.artifacts/screenshots/churn-saved.png' });
    } finally {
      await cdp().send('Emulation.clearDeviceMetricsOverride', {});
      await page.viewport(1000, 900);
    }
  });

  it('scoring a table without a column the model uses shows the localised error', async () => {
    const source = `Saved-model source ${suffix()}`;
    const lacking = `Without tenure ${suffix()}`;
    const sourceId = await store(source, TABLE);
    const lackingId = await store(lacking, {
      ...TABLE,
      columns: TABLE.columns.filter((c) => c.name !== 'tenure'),
    });
    const trained = await runChurnTask((api, task) =>
      api.train(
        {
          datasetId: sourceId,
          labels: { source: 'target', column: 'Churn', positive: 'Yes' },
          settings: { models: ['logistic'], folds: 0, seed: 2 },
        },
        task,
      ),
    );
    runsMade.push(trained.runId);
    datasetsMade.push(trained.resultsId);
    expect(trained.pipeline.specs.map((s) => s.column)).toContain('tenure');
    const runsBefore = await getDb().runs.count();
    await refreshDatasets();

    const row = await openSavedRow(trained.runId);
    choose(q<HTMLSelectElement>('[data-testid="churn-saved-dataset"]', row), String(lackingId));
    q<HTMLButtonElement>('[data-testid="churn-saved-score"]', row).click();
    const alert = await vi.waitFor(() => q('[data-testid="churn-saved"] [role="alert"]'), {
      timeout: 30_000,
    });
    expect(text(alert)).toContain('The dataset could not be scored');
    expect(text(alert)).toContain(
      `“${lacking}” has no column “tenure”, which the saved models use. Score a dataset with the same columns as “${source}”`,
    );
    expect(host.querySelector('[data-testid="churn-saved-table"]')).toBeNull();

    setLocale('zh-CN');
    flushSync();
    expect(text(alert)).toContain('无法为该数据集评分');
    expect(text(alert)).toContain(`“${lacking}”中没有已保存模型所用的列“tenure”。`);

    // Nothing stored was lost or added; the row is still there and can score the source.
    expect(await getDb().runs.count()).toBe(runsBefore);
    expect((await getDataset(getDb(), lackingId)).rowCount).toBe(240);
    setLocale('en');
    flushSync();
    choose(q<HTMLSelectElement>('[data-testid="churn-saved-dataset"]', row), String(sourceId));
    q<HTMLButtonElement>('[data-testid="churn-saved-score"]', row).click();
    await vi.waitFor(() => q('[data-testid="churn-saved-table"]'), { timeout: 30_000 });
    expect(host.querySelector('[data-testid="churn-saved"] [role="alert"]')).toBeNull();
    expect(savedModels.result!.rows).toHaveLength(240);

    // While a scoring runs: a named progress bar with Cancel, and Train waits (one worker).
    q<HTMLButtonElement>('[data-testid="churn-saved-score"]', row).click();
    flushSync();
    const bar = q('[data-testid="churn-saved"] [role="progressbar"]');
    expect(bar.getAttribute('aria-label')).toMatch(
      new RegExp(`^Scoring “${source}” with the models`),
    );
    expect(q<HTMLButtonElement>('[data-testid="churn-train"]').disabled).toBe(true);
    expect(q<HTMLButtonElement>('[data-testid="churn-saved-score"]', row).disabled).toBe(true);
    const cancel = [
      ...host.querySelectorAll<HTMLButtonElement>('[data-testid="churn-saved"] button'),
    ].find((b) => text(b) === 'Cancel')!;
    cancel.click();
    await vi.waitFor(() => q('[data-testid="churn-saved-cancelled"]'));
    expect(text(q('[data-testid="churn-saved-cancelled"]'))).toBe('Scoring cancelled.');
    expect(host.querySelector('[data-testid="churn-saved-table"]')).toBeNull();
    expect(q<HTMLButtonElement>('[data-testid="churn-train"]').disabled).toBe(false);
  });

  it('a network trains in the worker with a progress report per epoch and re-scores identically', async () => {
    const sourceId = await store(`Network source ${suffix()}`, TABLE);
    const epochs: number[] = [];
    const trained = await runChurnTask(
      (api, task) =>
        api.train(
          {
            datasetId: sourceId,
            labels: { source: 'target', column: 'Churn', positive: 'Yes' },
            settings: {
              models: ['mlp'],
              folds: 0,
              seed: 3,
              mlp: {
                ...DEFAULT_MLP_OPTIONS,
                epochs: 12,
                patience: 1000,
                batchSize: 32,
                hidden: [8],
                dropout: 0,
              },
            },
          },
          task,
        ),
      {
        onProgress: (p) => {
          if (p.phase === 'progress.churn.train' && p.total === 12) epochs.push(p.done);
        },
      },
    );
    runsMade.push(trained.runId);
    datasetsMade.push(trained.resultsId);
    const report = trained.models[0];
    expect(report.kind).toBe('mlp');
    expect(trained.receipt.backend).toMatch(/^(wasm|webgl|cpu)$/);
    // Progress is throttled, but the start (0 of 12) and the last epoch always arrive, in order.
    expect(epochs[0]).toBe(0);
    expect(epochs.at(-1)).toBe(12);
    expect(epochs).toEqual([...epochs].sort((a, b) => a - b));
    // The planted signal is learnt (logistic regression reaches about 0.85 here).
    expect(report.test.auc).toBeGreaterThan(0.75);

    // The stored network scores the same table to the training run's probabilities.
    const scored = await runChurnTask((api, task) => api.score(trained.runId, sourceId, task));
    const p = trained.scores.probability.mlp!;
    expect(scored.ids).toEqual(trained.scores.ids);
    for (let i = 0; i < p.length; i++) expect(scored.probability.mlp![i]).toBeCloseTo(p[i], 12);
  });
});
