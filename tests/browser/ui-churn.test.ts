/**
 * Predict → Churn in chromium. The result panels are mounted on a real outcome computed
 * by runChurn in the test (a small demo shop, behavioural labels, logistic regression and
 * a tree) and checked against its numbers: the comparison table, the threshold slider
 * moving the confusion matrix to confusionAt's counts, the risk list's order, the CSV
 * export's content and the saved segment's ids. Then the whole page: defaults of the
 * form, a real run through the churn worker and IndexedDB equal to the core, and a
 * screenshot for review.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount, type Component } from 'svelte';
import { cdp, page } from 'vitest/browser';
import '../../src/app/global.css';
import { setLocale } from '../../src/i18n/index.ts';
import { generateDemoShop } from '../../src/core/demo/index.ts';
import { DAY_MS } from '../../src/core/customers/profiles.ts';
import {
  behaviouralLabels,
  confusionAt,
  describeReason,
  runChurn,
} from '../../src/core/churn/index.ts';
import { deleteDataset, getDb, listSegments, writeDataset } from '../../src/store/index.ts';
import { deleteSegment } from '../../src/store/segments.ts';
import type { ChurnReceipt, ChurnRunOutcome } from '../../src/workers/api.ts';
import { parseHash, routeHash } from '../../src/app/router.svelte.ts';
import { refreshDatasets } from '../../src/app/datasets.svelte.ts';
import { churnLab } from '../../src/features/churn/churnLab.svelte.ts';
import ChurnResults from '../../src/features/churn/ChurnResults.svelte';
import ChurnExplain from '../../src/features/churn/ChurnExplain.svelte';
import PredictPage from '../../src/features/clv/PredictPage.svelte';

const demo = generateDemoShop({ customers: 300, months: 12, seed: 5 });
const TX = demo.transactions;
const ROLES = demo.roles.transactions;
const LAST = demo.window.endDayMs;
const SETTINGS = { models: ['logistic', 'tree'] as ('logistic' | 'tree')[], folds: 3, seed: 4 };
const LABELS = behaviouralLabels(TX, ROLES, { cutoff: LAST - 90 * DAY_MS, windowDays: 90 });
const CORE = await runChurn(LABELS, SETTINGS);
const RESOLVED = {
  source: 'behaviour' as const,
  cutoff: LABELS.cutoff,
  windowEnd: LABELS.windowEnd,
  windowDays: 90,
  observationEnd: LABELS.observationEnd,
  lastDate: LABELS.lastDate,
  positive: 'churn',
  column: null,
};
const RECEIPT = {
  id: 1,
  kind: 'churn',
  datasetId: 424_242,
  datasetName: 'Test shop',
  datasetHash: '',
  resultsId: 424_243,
  createdAt: 0,
  request: { labels: { source: 'behaviour', cutoff: null, windowDays: 90, target: 'churn' } },
  settings: CORE.settings,
  labels: RESOLVED,
  appVersion: 'test',
  backend: null,
  timings: CORE.timings,
  summary: {},
  models: [],
} as unknown as ChurnReceipt;
/** A lifetime value per customer, so that value at risk shows. */
const CLV = Float64Array.from(CORE.scores.ids, (_, i) => 50 + (i % 7) * 10);
const OUTCOME: ChurnRunOutcome = {
  ...CORE,
  runId: 1,
  resultsId: 424_243,
  receipt: RECEIPT,
  labels: RESOLVED,
  clv: CLV,
};

const f3 = (n: number) =>
  new Intl.NumberFormat('en', { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(n);
const count = (n: number) => new Intl.NumberFormat('en').format(n);

let host: HTMLDivElement;
let mounted: ReturnType<typeof mount> | null = null;

function show<P extends Record<string, unknown>>(component: Component<P>, props: P): void {
  mounted = mount(component, { target: host, props });
  flushSync();
}

function resetLab(): void {
  churnLab.outcome = null;
  churnLab.training.reset();
  churnLab.minProbability = 0.5;
  churnLab.segmentName = '';
  churnLab.models = { logistic: true, tree: true, mlp: false };
}

beforeEach(() => {
  setLocale('en');
  resetLab();
  host = document.createElement('div');
  host.style.width = '1100px';
  document.body.append(host);
});

afterEach(async () => {
  if (mounted) await unmount(mounted);
  mounted = null;
  host.remove();
  vi.restoreAllMocks();
});

const q = <T extends Element = HTMLElement>(selector: string, root: ParentNode = host): T => {
  const el = root.querySelector<T>(selector);
  if (!el) throw new Error(`no ${selector}`);
  return el;
};
const text = (el: Element | null | undefined): string =>
  el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const cellCount = (id: string): number =>
  Number(text(q(`[data-testid="${id}"] .count`)).replace(/,/g, ''));

function setInput(el: HTMLInputElement, value: string): void {
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  flushSync();
}

/** The risk list the core's scores give: probability ≥ min, highest first, ties by id. */
function expectedRisk(kind: 'logistic' | 'tree', min: number): string[] {
  const p = CORE.scores.probability[kind]!;
  return CORE.scores.ids
    .map((id, i) => ({ id, p: p[i] }))
    .filter((r) => r.p >= min)
    .sort((a, b) => b.p - a.p || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((r) => r.id);
}

describe('fixture and route', () => {
  it('is a real run with both classes and two models', () => {
    expect(CORE.rows).toBeGreaterThan(100);
    expect(CORE.positives).toBeGreaterThan(20);
    expect(CORE.models.map((m) => m.kind)).toEqual(['logistic', 'tree']);
    expect(CORE.models[0].test.auc).toBeGreaterThan(0.7);
  });

  it('routes #/predict/churn to the Churn section', () => {
    expect(parseHash('#/predict/churn')).toEqual({ name: 'predict', section: 'churn' });
    expect(routeHash({ name: 'predict', section: 'churn' })).toBe('#/predict/churn');
  });
});

describe('a customer table with a repeated id', () => {
  it('lists both customers in the risk list instead of failing', () => {
    // Two of the riskiest customers share one id, as a messy customer export can.
    const [a, b] = expectedRisk('logistic', 0.5);
    const ids = CORE.scores.ids.map((id) => (id === a || id === b ? 'SAME-ID' : id));
    const outcome: ChurnRunOutcome = { ...OUTCOME, scores: { ...OUTCOME.scores, ids } };
    churnLab.show(outcome);
    show(ChurnResults, { outcome });
    const rows = [...q('[data-testid="churn-risk"]').querySelectorAll('tbody tr')];
    expect(rows.filter((tr) => tr.getAttribute('data-customer') === 'SAME-ID')).toHaveLength(2);
  });
});

describe('churn results', () => {
  beforeEach(() => {
    churnLab.show(OUTCOME);
    show(ChurnResults, { outcome: OUTCOME });
  });

  it('the comparison table shows each model’s test and CV AUC, AP and the threshold metrics', () => {
    const table = q('[data-testid="churn-models"]');
    expect(text(table.querySelector('caption'))).toBe(
      'Models on the test customers (threshold 0.50)',
    );
    for (const m of CORE.models) {
      const row = q(`tr[data-model="${m.kind}"]`, table);
      const at = confusionAt(m.test.y, m.test.scores, 0.5);
      const cell = (metric: string) => text(q(`[data-metric="${metric}"]`, row));
      expect(cell('auc')).toBe(f3(m.test.auc));
      expect(cell('cv')).toBe(`${f3(m.cv!.mean)} ± ${f3(m.cv!.std)}`);
      expect(cell('ap')).toBe(f3(m.test.averagePrecision));
      expect(cell('precision')).toBe(f3(at.precision));
      expect(cell('recall')).toBe(f3(at.recall));
      expect(cell('f1')).toBe(f3(at.f1));
      expect(cell('accuracy')).toBe(f3(at.accuracy));
    }
    expect(text(q('tr[data-model="logistic"] th', table))).toBe('Logistic regression');
    // The charts are there, each with a named canvas.
    for (const id of ['churn-roc', 'churn-pr', 'churn-calibration', 'churn-lift']) {
      expect(q(`[data-testid="${id}"] canvas[role="img"]`).getAttribute('aria-label')).toBeTruthy();
    }
  });

  it('the threshold slider moves the confusion matrix to confusionAt’s counts', () => {
    const report = CORE.models[0];
    const slider = q<HTMLInputElement>('[data-testid="churn-threshold"]');
    expect(slider.labels?.[0]?.textContent?.trim()).toBe('Threshold');
    for (const threshold of [0.5, 0.3, 0.7, 0.12]) {
      setInput(slider, String(threshold));
      const at = confusionAt(report.test.y, report.test.scores, threshold);
      expect(cellCount('churn-tp')).toBe(at.tp);
      expect(cellCount('churn-fp')).toBe(at.fp);
      expect(cellCount('churn-tn')).toBe(at.tn);
      expect(cellCount('churn-fn')).toBe(at.fn);
      expect(at.tp + at.fp + at.tn + at.fn).toBe(report.test.rows);
      const metrics = q('[data-testid="churn-metrics"]');
      expect(text(q('[data-metric="precision"]', metrics))).toBe(f3(at.precision));
      expect(text(q('[data-metric="recall"]', metrics))).toBe(f3(at.recall));
      expect(text(q('[data-metric="f1"]', metrics))).toBe(f3(at.f1));
      expect(text(q('[data-metric="accuracy"]', metrics))).toBe(f3(at.accuracy));
      // The comparison table follows the same threshold.
      expect(
        text(q('[data-testid="churn-models"] tr[data-model="logistic"] [data-metric="f1"]')),
      ).toBe(f3(at.f1));
    }
    // "Use this threshold" of the F1 suggestion puts the slider there.
    q<HTMLButtonElement>('[data-testid="churn-suggest-f1"] button').click();
    flushSync();
    const best = report.test.suggested.f1;
    expect(churnLab.threshold).toBe(best.threshold);
    expect(cellCount('churn-tp')).toBe(best.tp);
    expect(cellCount('churn-fp')).toBe(best.fp);

    // Switching the model shown switches the matrix to the tree's test scores.
    const pick = q<HTMLSelectElement>('[data-testid="churn-model-shown"]');
    pick.value = 'tree';
    pick.dispatchEvent(new Event('change', { bubbles: true }));
    flushSync();
    setInput(slider, '0.4');
    const tree = CORE.models[1];
    const at = confusionAt(tree.test.y, tree.test.scores, 0.4);
    expect(cellCount('churn-tp')).toBe(at.tp);
    expect(cellCount('churn-tn')).toBe(at.tn);
    expect(text(q('[data-testid="churn-rules"]'))).toMatch(/^If /);
    // Unweighted: the leaves' probabilities are plain shares, no note.
    expect(document.querySelector('[data-testid="churn-rules-weighted"]')).toBeNull();
  });

  it('a tree trained with balanced class weights says its probabilities are weighted shares', async () => {
    const weighted = await runChurn(LABELS, {
      models: ['tree'],
      folds: 0,
      seed: 4,
      classWeight: 'balanced',
    });
    const report = weighted.models[0];
    unmount(mounted!);
    show(ChurnExplain, { report, pipeline: report.saved.pipeline, positiveLabel: 'churn' });
    expect(text(q('[data-testid="churn-rules-weighted"]'))).toMatch(/balanced class weights/);
    // The first rule's probability is its leaf's weighted share, not the plain one.
    const rule = report.rules![0];
    expect(text(q('[data-testid="churn-rules"] li'))).toContain(
      `${Math.round(rule.probability * 1000) / 10}`.replace(/\.0$/, ''),
    );
  });

  it('the risk list ranks customers by probability with value at risk and reasons in words', () => {
    const table = q('[data-testid="churn-risk"]');
    const ids = [...table.querySelectorAll('tbody tr')].map((tr) =>
      tr.getAttribute('data-customer'),
    );
    const want = expectedRisk('logistic', 0.5);
    expect(want.length).toBeGreaterThan(10);
    expect(ids).toEqual(want.slice(0, 100));
    const first = CORE.scores.ids.indexOf(want[0]);
    const p = CORE.scores.probability.logistic![first];
    const cells = [...table.querySelectorAll('tbody tr')[0].children].map(text);
    const money = (n: number) =>
      new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n);
    expect(cells[0]).toBe('1');
    expect(cells[1]).toBe(want[0]);
    expect(cells[2]).toBe(
      new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 }).format(p),
    );
    expect(cells[3]).toBe(money(CLV[first]));
    expect(cells[4]).toBe(money(CLV[first] * p));
    const reasons = CORE.scores.reasons.logistic![first];
    expect(reasons.length).toBe(3);
    expect(cells[5].split(', ')).toHaveLength(3);
    expect(cells[5]).toContain(`(${describeReason(reasons[0]).params.sign})`);
    expect(text(q('[data-testid="churn-risk-count"]'))).toContain(
      `${count(want.length)} of ${count(CORE.scores.ids.length)} customers.`,
    );

    // A higher minimum shortens the list.
    setInput(q<HTMLInputElement>('[data-testid="churn-min-probability"]'), '0.8');
    const fewer = [...table.querySelectorAll('tbody tr')].map((tr) =>
      tr.getAttribute('data-customer'),
    );
    expect(fewer).toEqual(expectedRisk('logistic', 0.8).slice(0, 100));
  });

  it('exports the filtered risk list as CSV', async () => {
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blobs.push(b as Blob);
      return 'blob:test';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    setInput(q<HTMLInputElement>('[data-testid="churn-min-probability"]'), '0.6');
    q<HTMLButtonElement>('[data-testid="churn-export"]').click();
    flushSync();
    expect(blobs).toHaveLength(1);
    const csv = (await blobs[0].text()).replace(/^\uFEFF/, '');
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe('Rank,Customer,Probability,RFM segment,CLV,Value at risk,Top reasons');
    const want = expectedRisk('logistic', 0.6);
    expect(lines.length - 1).toBe(want.length);
    const p = CORE.scores.probability.logistic!;
    const i = CORE.scores.ids.indexOf(want[0]);
    const firstCells = lines[1].split(',');
    expect(firstCells.slice(0, 3)).toEqual(['1', want[0], String(Math.round(p[i] * 1e4) / 1e4)]);
    expect(firstCells[4]).toBe(String(Math.round(CLV[i] * 100) / 100));
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(want);
    expect(text(q('[data-testid="churn-risk-message"]'))).toContain(
      `Saved ${count(want.length)} customers to Test shop risk list.csv`,
    );
  });

  it('saves the filtered risk list as a segment with its customer ids', async () => {
    const name = `Churn test ${Math.random().toString(36).slice(2, 7)}`;
    setInput(q<HTMLInputElement>('[data-testid="churn-min-probability"]'), '0.7');
    setInput(q<HTMLInputElement>('[data-testid="churn-segment-name"]'), name);
    q<HTMLButtonElement>('[data-testid="churn-save-segment"]').click();
    await vi.waitFor(() =>
      expect(text(q('[data-testid="churn-risk-message"]'))).toContain(`“${name}”`),
    );
    const saved = (await listSegments(getDb())).find((s) => s.name === name)!;
    expect(saved).toMatchObject({ kind: 'churn', definition: { runId: 1, model: 'logistic' } });
    expect(saved.customerIds).toEqual(expectedRisk('logistic', 0.7));
    expect(saved.customers).toBe(saved.customerIds.length);
    await deleteSegment(getDb(), saved.id!);
  });
});

describe('the Churn page', () => {
  const created: number[] = [];
  afterEach(async () => {
    for (const id of created.splice(0)) await deleteDataset(getDb(), id).catch(() => false);
    resetLab();
    await refreshDatasets();
  });

  it('defaults the form, trains in the worker as the core does and looks right', async () => {
    const source = await writeDataset(
      getDb(),
      {
        name: `Churn test shop ${Math.random().toString(36).slice(2, 7)}`,
        kind: 'transactions',
        roles: ROLES,
      },
      TX,
    );
    created.push(source.id!);
    await refreshDatasets();
    show(PredictPage, { section: 'churn' as const });
    expect(q('a[aria-current="page"]').textContent?.trim()).toBe('Churn');
    const select = q<HTMLSelectElement>('[data-testid="churn-dataset"]');
    select.value = String(source.id);
    select.dispatchEvent(new Event('change', { bubbles: true }));
    flushSync();
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const input = (id: string) => q<HTMLInputElement>(`[data-testid="${id}"]`);
    expect(input('churn-window').value).toBe('90');
    expect(input('churn-cutoff').value).toBe(iso(LAST - 90 * DAY_MS));
    expect(input('churn-model-logistic').checked).toBe(true);
    expect(input('churn-model-tree').checked).toBe(true);
    expect(input('churn-model-mlp').checked).toBe(false);
    // A shorter window moves the default cutoff with it, and back.
    setInput(input('churn-window'), '60');
    expect(input('churn-cutoff').value).toBe(iso(LAST - 60 * DAY_MS));
    setInput(input('churn-window'), '90');
    expect(input('churn-cutoff').value).toBe(iso(LAST - 90 * DAY_MS));
    for (const el of host.querySelectorAll<HTMLInputElement>(
      '[data-testid="churn-settings"] input, [data-testid="churn-settings"] select',
    )) {
      expect(el.labels?.length, el.dataset.testid).toBeGreaterThan(0);
    }
    setInput(input('churn-folds'), '3');
    setInput(input('churn-seed'), '4');

    q<HTMLButtonElement>('[data-testid="churn-train"]').click();
    await vi.waitFor(() => q('[data-testid="churn-models"]'), { timeout: 90_000 });
    const outcome = churnLab.outcome!;
    expect(outcome.models.map((m) => m.test.auc)).toEqual(CORE.models.map((m) => m.test.auc));
    expect(outcome.models.map((m) => m.cv!.mean)).toEqual(CORE.models.map((m) => m.cv!.mean));
    expect(text(q('[data-testid="churn-models"] tr[data-model="tree"] [data-metric="auc"]'))).toBe(
      f3(CORE.models[1].test.auc),
    );
    expect(q('[data-testid="churn-results-link"]').getAttribute('href')).toBe(
      `#/data/${outcome.resultsId}`,
    );
    created.push(outcome.resultsId);
    expect(
      [...q('[data-testid="churn-risk"]').querySelectorAll('tbody tr')]
        .slice(0, 20)
        .map((tr) => tr.getAttribute('data-customer')),
    ).toEqual(expectedRisk('logistic', 0.5).slice(0, 20));
    await getDb().runs.delete(outcome.runId);

    // A screenshot of the whole page for review.
    const height = Math.min(6000, host.scrollHeight + 40);
    await cdp().send('Emulation.setDeviceMetricsOverride', {
      width: 1100,
      height,
      deviceScaleFactor: 1,
      mobile: false,
    });
    await page.viewport(1100, height);
    await new Promise((r) => setTimeout(r, 500));
    try {
      await page.screenshot({ element: host, path: '../.artifacts/screenshots/churn-page.png' });
    } finally {
      await cdp().send('Emulation.clearDeviceMetricsOverride', {});
      await page.viewport(1000, 900);
    }
  });
});
