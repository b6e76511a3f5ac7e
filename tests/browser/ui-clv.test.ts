/**
 * Predict → Lifetime value in chromium. The result panels are mounted on a real outcome
 * computed by runClv in the test (a small demo shop with a holdout) and every table is
 * checked against the outcome's numbers; the settings form's defaults and a real fit
 * through the worker and IndexedDB (with profiles of the same source gaining the CLV
 * columns); a bad setting shown in words with nothing stored; and the Customers table,
 * detail panel and rule builder with the joined CLV columns.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount, type Component } from 'svelte';
import '../../src/app/global.css';
import { setLocale, translate } from '../../src/i18n/index.ts';
import { generateDemoShop } from '../../src/core/demo/index.ts';
import { buildProfiles, DAY_MS } from '../../src/core/customers/profiles.ts';
import { readTransactionLines } from '../../src/core/customers/transactions.ts';
import { analyseCustomers } from '../../src/core/customers/analyse.ts';
import { defaultGrid } from '../../src/core/rfm/grid.ts';
import { runClv } from '../../src/core/clv/run.ts';
import { clvResultsTable } from '../../src/core/clv/results.ts';
import { frequencyRecencyMatrix } from '../../src/core/clv/validate.ts';
import { modelOf } from '../../src/core/clv/model.ts';
import { DEFAULT_CLV_SETTINGS, type ClvSettings } from '../../src/core/clv/types.ts';
import { cellValue, findColumn, type Table } from '../../src/core/table/index.ts';
import type { DatasetRecord } from '../../src/store/types.ts';
import { deleteDataset, getDb, writeDataset } from '../../src/store/index.ts';
import type { ClvReceipt, ClvRunOutcome, ProfilesReport } from '../../src/workers/api.ts';
import { parseHash, routeHash } from '../../src/app/router.svelte.ts';
import { refreshDatasets } from '../../src/app/datasets.svelte.ts';
import { profiles } from '../../src/features/customers/profiles.svelte.ts';
import { clvLab } from '../../src/features/clv/clvLab.svelte.ts';
import { joinClvColumns, type ClvJoin } from '../../src/features/clv/clvJoin.ts';
import { historyExample } from '../../src/features/clv/clvTables.ts';
import { columnLabel, ruleColumns } from '../../src/features/segments/ruleModel.ts';
import ClvModelParams from '../../src/features/clv/ClvModelParams.svelte';
import ClvHoldout from '../../src/features/clv/ClvHoldout.svelte';
import ClvFitCharts from '../../src/features/clv/ClvFitCharts.svelte';
import ClvMatrix from '../../src/features/clv/ClvMatrix.svelte';
import ClvAliveHistory from '../../src/features/clv/ClvAliveHistory.svelte';
import ClvTopCustomers from '../../src/features/clv/ClvTopCustomers.svelte';
import PredictPage from '../../src/features/clv/PredictPage.svelte';
import CustomersPage from '../../src/features/customers/CustomersPage.svelte';

const demo = generateDemoShop({ customers: 160, months: 12, seed: 5 });
const TX = demo.transactions;
const ROLES = demo.roles.transactions;
const LINES = readTransactionLines(TX, ROLES);

function dayRange(table: Table): { first: number; last: number } {
  const name = Object.keys(ROLES).find((k) => ROLES[k] === 'orderDate')!;
  const c = findColumn(table, name)!;
  let min = Infinity;
  let max = -Infinity;
  for (let r = 0; r < table.rowCount; r++) {
    const v = cellValue(c, r);
    if (typeof v !== 'number') continue;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return { first: Math.floor(min / DAY_MS) * DAY_MS, last: Math.floor(max / DAY_MS) * DAY_MS };
}

const RANGE = dayRange(TX);
const MID = RANGE.first + Math.floor(Math.round((RANGE.last - RANGE.first) / DAY_MS) / 2) * DAY_MS;
const SETTINGS: ClvSettings = {
  ...DEFAULT_CLV_SETTINGS,
  calibrationEnd: MID,
  holdoutEnd: RANGE.last,
};
const CORE = runClv(TX, ROLES, SETTINGS);
const RECEIPT: ClvReceipt = {
  id: 1,
  kind: 'clv',
  datasetId: 424_242,
  datasetName: 'Test shop',
  datasetHash: '',
  resultsId: 424_243,
  createdAt: 0,
  settings: SETTINGS,
  resolved: { calibrationEnd: MID, holdoutEnd: RANGE.last, unitDays: 7 },
  appVersion: 'test',
  timings: CORE.timings,
  summary: {
    customers: CORE.summary.customerIds.length,
    model: CORE.model,
    gammaGamma: CORE.gammaGamma,
    holdout: null,
    totalClv: null,
  },
};
const OUTCOME: ClvRunOutcome = { ...CORE, runId: 1, resultsId: 424_243, receipt: RECEIPT };

/** The purchase days of a customer from the test's transactions (what the worker reads). */
function purchaseDays(customerId: string): number[] {
  const code = LINES.customerIds.indexOf(customerId);
  const days = new Set<number>();
  for (let i = 0; i < LINES.rows; i++) {
    if (LINES.customer[i] !== code || LINES.isReturn[i] || Number.isNaN(LINES.time[i])) continue;
    days.add(Math.floor(LINES.time[i] / DAY_MS) * DAY_MS);
  }
  return [...days].sort((a, b) => a - b);
}

const en = {
  count: (n: number, digits = 0) =>
    new Intl.NumberFormat('en', { maximumFractionDigits: digits }).format(n),
  param: (n: number) => new Intl.NumberFormat('en', { maximumSignificantDigits: 4 }).format(n),
  money: (n: number) =>
    new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n),
  percent: (n: number) =>
    new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 }).format(n),
  purchases: (n: number) =>
    Number.isFinite(n) ? new Intl.NumberFormat('en', { maximumFractionDigits: 2 }).format(n) : '—',
};

let host: HTMLDivElement;
let mounted: ReturnType<typeof mount> | null = null;

function show<P extends Record<string, unknown>>(component: Component<P>, props: P): void {
  mounted = mount(component, { target: host, props });
  flushSync();
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
  profiles.close();
  setLocale('en');
});

const q = <T extends Element = HTMLElement>(selector: string, root: ParentNode = host): T => {
  const el = root.querySelector<T>(selector);
  if (!el) throw new Error(`no ${selector}`);
  return el;
};
const text = (el: Element | null | undefined): string =>
  el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
/** The body cells of a table, row by row. */
const rows = (table: Element): string[][] =>
  [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map(text));

describe('fixture', () => {
  it('is a real fit with a holdout, a spend model and every check', () => {
    expect(CORE.summary.customerIds.length).toBeGreaterThan(50);
    expect(CORE.holdout).not.toBeNull();
    expect(CORE.gammaGamma).not.toBeNull();
    expect(CORE.tracking.length).toBeGreaterThan(40);
    expect(CORE.summary.holdoutEnd).toBe(RANGE.last);
  });

  it('routes #/predict and #/predict/clv to the Lifetime value section', () => {
    expect(parseHash('#/predict')).toEqual({ name: 'predict', section: 'clv' });
    expect(parseHash('#/predict/clv')).toEqual({ name: 'predict', section: 'clv' });
    expect(parseHash('#/predict/nope')).toEqual({ name: 'notFound', path: '/predict/nope' });
    expect(routeHash({ name: 'predict' })).toBe('#/predict/clv');
  });
});

describe('result panels', () => {
  it('the parameters table shows each estimate ± standard error and the fit facts', () => {
    show(ClvModelParams, { outcome: OUTCOME });
    const model = CORE.model;
    expect(Object.keys(model.params)).toEqual(['r', 'alpha', 'a', 'b']);
    expect(rows(q('[data-testid="clv-params"]'))).toEqual(
      Object.keys(model.params).map((name) => [
        name === 'alpha' ? 'α' : name,
        en.param(model.params[name]),
        `± ${en.param(model.stderr[name])}`,
      ]),
    );
    const facts = [...q('[data-testid="clv-fit-facts"]').children].map(text);
    expect(facts).toEqual([
      'Log-likelihood',
      en.count(model.logLikelihood, 2),
      'Iterations',
      en.count(model.iterations),
      'Converged',
      model.converged ? 'yes' : 'no',
      'Customers',
      en.count(model.customers),
      'Penalty',
      '0',
    ]);
    const gg = CORE.gammaGamma!;
    expect(rows(q('[data-testid="clv-gg-params"]'))).toEqual(
      (['p', 'q', 'gamma'] as const).map((name) => [
        name === 'gamma' ? 'γ' : name,
        en.param(gg.params[name]),
        `± ${en.param(gg.stderr[name])}`,
      ]),
    );
    expect(text(q('[data-testid="clv-gg-excluded"]'))).toBe(en.count(gg.excludedNonPositive));
    expect(text(q('[data-testid="clv-gg-customers"]'))).toBe(en.count(gg.customers));
    expect(text(q('[data-testid="clv-gg-correlation"]'))).toBe(
      en.count(gg.frequencySpendCorrelation, 3),
    );
    // Each warning of the run in words (none is an untranslated key).
    const warnings = [...host.querySelectorAll('[data-testid="clv-warnings"] li')].map(text);
    expect(warnings).toEqual(CORE.warnings.map((w) => translate(w.key, w.params)));
    for (const w of warnings) expect(w).not.toMatch(/^clv\./);
  });

  it('the holdout panel shows actual against predicted, in total and by frequency', () => {
    const holdout = CORE.holdout!;
    show(ClvHoldout, { outcome: OUTCOME, holdout });
    expect(text(q('[data-testid="clv-holdout-actual"]'))).toBe(en.count(holdout.actual));
    expect(text(q('[data-testid="clv-holdout-predicted"]'))).toBe(en.count(holdout.predicted, 1));
    const sign = holdout.relativeError > 0 ? '+' : '';
    expect(text(q('[data-testid="clv-holdout-error"]'))).toBe(
      `${sign}${en.percent(holdout.relativeError)}`,
    );
    expect(text(q('[data-testid="clv-holdout-mae"]'))).toBe(en.count(holdout.mae, 3));
    expect(rows(q('[data-testid="clv-holdout-table"]'))).toEqual(
      holdout.byFrequency.map((g) => [
        g.label,
        en.count(g.customers),
        en.purchases(g.actual),
        en.purchases(g.predicted),
      ]),
    );
    // The totals add up from the groups.
    const total = holdout.byFrequency.reduce((s, g) => s + g.customers * (g.actual || 0), 0);
    expect(total).toBeCloseTo(holdout.actual, 9);
    // The chart's table alternative has the same means.
    q<HTMLButtonElement>('[data-testid="chart-toggle"]').click();
    flushSync();
    const chartTable = q('figure table');
    expect(rows(chartTable).map((r) => r.slice(1))).toEqual(
      holdout.byFrequency.map((g) => [en.purchases(g.actual), en.purchases(g.predicted)]),
    );
  });

  it('the tracking and frequency charts have tables with the outcome numbers', () => {
    show(ClvFitCharts, { outcome: OUTCOME });
    const tracking = q('[data-testid="clv-tracking"]');
    expect(q('canvas', tracking).getAttribute('aria-label')).toBe(
      'Cumulative repeat purchases, week by week',
    );
    q<HTMLButtonElement>('[data-testid="chart-toggle"]', tracking).click();
    flushSync();
    const trackRows = rows(q('table', tracking));
    expect(trackRows).toHaveLength(CORE.tracking.length);
    expect(trackRows.map((r) => r.slice(1))).toEqual(
      CORE.tracking.map((p) => [en.count(p.actual), en.count(p.model)]),
    );
    // The calibration end is marked in the week that holds it.
    const markedRows = [...tracking.querySelectorAll('tbody tr.marked')];
    expect(markedRows).toHaveLength(1);
    const week = [...tracking.querySelectorAll('tbody tr')].indexOf(markedRows[0]) + 1;
    const weekEnd = CORE.summary.origin + (7 * week - 1) * DAY_MS;
    expect(weekEnd).toBeGreaterThanOrEqual(MID);
    expect(weekEnd - 7 * DAY_MS).toBeLessThan(MID);
    expect(text(markedRows[0])).toContain('calibration end');

    const histogram = q('[data-testid="clv-histogram"]');
    q<HTMLButtonElement>('[data-testid="chart-toggle"]', histogram).click();
    flushSync();
    expect(rows(q('table', histogram))).toEqual(
      CORE.periodHistogram.map((h) => [h.label, en.purchases(h.actual), en.purchases(h.model)]),
    );
  });

  it('the frequency × recency heatmap shows the model matrix; P(alive) on request', () => {
    show(ClvMatrix, { outcome: OUTCOME });
    const table = q('[data-testid="clv-matrix-table"]');
    let maxT = 0;
    let maxX = 0;
    for (const v of CORE.summary.T) maxT = Math.max(maxT, v);
    for (const v of CORE.summary.x) maxX = Math.max(maxX, v);
    const T = Math.ceil(maxT);
    const X = Math.min(20, maxX);
    const check = (kind: 'expected' | 'pAlive', format: (n: number) => string): void => {
      const m = frequencyRecencyMatrix(modelOf(CORE.model), T, X, kind, SETTINGS.periods);
      const cells = [...table.querySelectorAll<HTMLElement>('td[data-x]')];
      expect(cells.length).toBeGreaterThan(0);
      for (const cell of cells) {
        const x = Number(cell.dataset.x);
        const j = m.txs.indexOf(Number(cell.dataset.tx));
        const v = m.values[x][j];
        expect(text(cell)).toBe(Number.isFinite(v) ? format(v) : '—');
      }
      // Rows x = X … 0, top down.
      expect([...table.querySelectorAll('tbody th')].map(text).slice(0, 2)).toEqual([
        `x = ${X}`,
        `x = ${X - 1}`,
      ]);
    };
    check('expected', en.purchases);
    const kind = q<HTMLSelectElement>('[data-testid="clv-matrix-kind"]');
    kind.value = 'pAlive';
    kind.dispatchEvent(new Event('change', { bubbles: true }));
    flushSync();
    check('pAlive', en.percent);
    expect(text(q('caption', table))).toContain('P(alive) of a customer who first bought');
  });

  it("one customer's P(alive) history ends at the customer's P(alive)", async () => {
    const i = CORE.summary.customerIds.findIndex((_, k) => CORE.summary.x[k] >= 3);
    const id = CORE.summary.customerIds[i];
    const asked: string[] = [];
    show(ClvAliveHistory, {
      outcome: OUTCOME,
      transactionsId: 7,
      suggestions: [id],
      loadDays: (source: number, customer: string) => {
        asked.push(`${source}:${customer}`);
        return Promise.resolve(purchaseDays(customer));
      },
    });
    await vi.waitFor(() => q('[data-testid="clv-history-summary"]'));
    expect(asked).toEqual([`7:${id}`]);
    expect(text(q('[data-testid="clv-history-summary"]'))).toContain(
      `${en.count(CORE.summary.x[i])} repeat purchase days`,
    );
    q<HTMLButtonElement>('[data-testid="chart-toggle"]').click();
    flushSync();
    const cells = rows(q('figure table'));
    expect(cells[cells.length - 1][1]).toBe(en.percent(CORE.pAlive[i]));
    // Each repeat purchase shows as a jump: P(alive) never falls at a purchase.
    expect(cells.length).toBeGreaterThan(100);

    const input = q<HTMLInputElement>('[data-testid="clv-history-customer"]');
    input.value = 'nobody';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    q<HTMLButtonElement>('[data-testid="clv-history-show"]').click();
    flushSync();
    await vi.waitFor(() => q('[data-testid="clv-history-missing"]'));
    expect(text(q('[data-testid="clv-history-missing"]'))).toContain('No customer “nobody”');
  });

  it('the value tiers and the top customers follow the outcome', () => {
    show(ClvTopCustomers, { outcome: OUTCOME, limit: 10 });
    const n = CORE.valueTier.length;
    const tiers = rows(q('[data-testid="clv-tiers"]'));
    expect(tiers.map((r) => r[0])).toEqual(['Top 20 %', 'Next 30 %', 'Other 50 %']);
    const total = CORE.clv.reduce((a, b) => a + b, 0);
    [1, 2, 3].forEach((tier, k) => {
      const members = [...CORE.valueTier.keys()].filter((i) => CORE.valueTier[i] === tier);
      const clv = members.reduce((s, i) => s + CORE.clv[i], 0);
      expect(tiers[k][1]).toBe(en.count(members.length));
      expect(tiers[k][2]).toBe(en.percent(members.length / n));
      expect(tiers[k][5]).toBe(en.money(clv));
      expect(tiers[k][6]).toBe(en.percent(clv / total));
    });
    const byClv = [...CORE.clv.keys()].sort((a, b) => CORE.clv[b] - CORE.clv[a] || a - b);
    const top = rows(q('[data-testid="clv-top"]'));
    expect(top.map((r) => r[1])).toEqual(
      byClv.slice(0, 10).map((i) => CORE.summary.customerIds[i]),
    );
    const best = byClv[0];
    expect(top[0]).toEqual([
      '1',
      CORE.summary.customerIds[best],
      en.count(CORE.summary.x[best]),
      en.percent(CORE.pAlive[best]),
      en.purchases(CORE.expectedPurchases[best]),
      en.money(CORE.expectedSpend[best]),
      en.money(CORE.clv[best]),
      'Top 20 %',
    ]);
  });
});

describe('settings and a real fit', () => {
  const created: number[] = [];
  afterEach(async () => {
    const db = getDb();
    for (const id of created) {
      await deleteDataset(db, id).catch(() => false);
      await db.runs.where('datasetId').equals(id).delete();
    }
    created.length = 0;
    clvLab.outcome = null;
    clvLab.fitting.reset();
    await refreshDatasets();
  });

  async function storeShop(): Promise<{ source: DatasetRecord; profilesId: number }> {
    const db = getDb();
    const source = await writeDataset(
      db,
      {
        name: `CLV test shop ${Math.random().toString(36).slice(2, 7)}`,
        kind: 'transactions',
        roles: ROLES,
      },
      TX,
    );
    created.push(source.id!);
    const built = buildProfiles(TX, ROLES);
    const report: ProfilesReport = {
      version: 1,
      kind: 'profiles',
      sourceId: source.id!,
      sourceName: source.name,
      options: {},
      summary: built.summary,
      appVersion: 'test',
      timings: {},
    };
    const stored = await writeDataset(
      db,
      {
        name: `${source.name} — profiles`,
        kind: 'results',
        roles: { customer_id: 'customerId' },
        report,
      },
      built.table,
    );
    created.push(stored.id!);
    await refreshDatasets();
    return { source, profilesId: stored.id! };
  }

  const input = (id: string) => q<HTMLInputElement>(`[data-testid="${id}"]`);
  function setValue(id: string, value: string): void {
    const el = input(id);
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
  }

  it('defaults to the open profiles’ source without a holdout; with one, the midpoint split; fits in the worker', async () => {
    const { source, profilesId } = await storeShop();
    await profiles.open(profilesId);
    expect(profiles.clv).toBeNull();
    show(PredictPage, { section: 'clv' as const });
    expect(text(q('h1'))).toBe('Predict');
    expect(q('a[aria-current="page"]').textContent?.trim()).toBe('Lifetime value');
    await vi.waitFor(() =>
      expect(q<HTMLSelectElement>('[data-testid="clv-dataset"]').value).toBe(String(source.id)),
    );
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    // Without a holdout (the default) every customer is scored as of the last order day.
    expect(input('clv-holdout-toggle').checked).toBe(false);
    expect(host.querySelector('[data-testid="clv-holdout-end"]')).toBeNull();
    expect(input('clv-calibration-end').value).toBe(iso(RANGE.last));
    expect(q<HTMLSelectElement>('[data-testid="clv-unit"]').value).toBe('week');
    expect(q<HTMLSelectElement>('[data-testid="clv-model"]').value).toBe('bgnbd');
    expect(input('clv-periods').value).toBe('12');
    expect(input('clv-horizon').value).toBe('12');
    expect(input('clv-discount').value).toBe('1');
    // Every control has a label.
    for (const el of host.querySelectorAll<HTMLInputElement>(
      '[data-testid="clv-settings"] input, [data-testid="clv-settings"] select',
    )) {
      expect(el.labels?.length, el.dataset.testid).toBeGreaterThan(0);
    }

    // With a holdout the calibration ends midway and the holdout on the last order day.
    input('clv-holdout-toggle').click();
    flushSync();
    expect(input('clv-calibration-end').value).toBe(iso(MID));
    expect(input('clv-holdout-end').value).toBe(iso(RANGE.last));

    q<HTMLButtonElement>('[data-testid="clv-fit"]').click();
    await vi.waitFor(() => q('[data-testid="clv-params"]'), { timeout: 60_000 });
    const outcome = clvLab.outcome!;
    expect(outcome.model.params).toEqual(CORE.model.params);
    expect(text(q('[data-testid="clv-holdout-actual"]'))).toBe(en.count(CORE.holdout!.actual));
    expect(text(q('[data-testid="clv-holdout-predicted"]'))).toBe(
      en.count(CORE.holdout!.predicted, 1),
    );
    expect(q('[data-testid="clv-results-link"]').getAttribute('href')).toBe(
      `#/data/${outcome.resultsId}`,
    );
    created.push(outcome.resultsId);
    // With a holdout the predictions are as of the calibration end, and the page says so.
    const dateText = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });
    expect(text(q('[data-testid="clv-as-of"]'))).toContain(
      `as of the calibration end (${dateText.format(MID)})`,
    );
    // The P(alive) history starts with a regular who went quiet.
    await vi.waitFor(() => q('[data-testid="clv-history-summary"]'));
    expect(q<HTMLInputElement>('[data-testid="clv-history-customer"]').value).toBe(
      historyExample(CORE),
    );
    const runs = (await getDb()
      .runs.where('datasetId')
      .equals(source.id!)
      .toArray()) as ClvReceipt[];
    expect(runs.map((r) => r.id)).toEqual([outcome.runId]);

    // The open profiles of this source gained the CLV columns.
    await vi.waitFor(() => expect(profiles.clv?.runId).toBe(outcome.runId));
    expect(profiles.clv!.matched).toBeGreaterThan(0);
    expect(profiles.view!.columns.map((c) => c.name)).toContain('p_alive');
    // …and find them again when the profiles are opened anew.
    profiles.close();
    await profiles.open(profilesId);
    expect(profiles.clv?.runId).toBe(outcome.runId);
  });

  it('a refused setting is shown in words and stores nothing', async () => {
    const { source } = await storeShop();
    show(PredictPage, { section: 'clv' as const });
    await vi.waitFor(() => q('[data-testid="clv-fit"]'));
    const select = q<HTMLSelectElement>('[data-testid="clv-dataset"]');
    select.value = String(source.id);
    select.dispatchEvent(new Event('change', { bubbles: true }));
    flushSync();
    setValue('clv-penalty', '-1');
    q<HTMLButtonElement>('[data-testid="clv-fit"]').click();
    await vi.waitFor(() => q('[role="alert"]'), { timeout: 30_000 });
    expect(text(q('[role="alert"]'))).toContain(
      'The penalty must be a number of at least 0 (got -1).',
    );
    expect(await getDb().runs.where('datasetId').equals(source.id!).count()).toBe(0);
    expect(clvLab.outcome).toBeNull();
    clvLab.penalty = 0;
  });
});

describe('CLV on the customers', () => {
  const built = buildProfiles(TX, ROLES);
  const report: ProfilesReport = {
    version: 1,
    kind: 'profiles',
    sourceId: 424_242,
    sourceName: 'Test shop',
    options: {},
    summary: built.summary,
    appVersion: 'test',
    timings: {},
  };

  function open(): ClvJoin {
    const { columns, matched } = joinClvColumns(built.table, clvResultsTable(CORE));
    profiles.record = {
      id: 424_244,
      name: 'Test profiles',
      kind: 'results',
      rowCount: built.table.rowCount,
      columns: [],
      chunkRows: built.table.rowCount,
      bytes: 0,
      contentHash: '',
      createdAt: 0,
      report,
    } as DatasetRecord;
    profiles.table = built.table;
    profiles.analysis = analyseCustomers(built.table, {
      rfm: { bins: 5, monetary: 'total', grid: defaultGrid(5) },
    });
    const join: ClvJoin = {
      runId: 1,
      resultsId: 424_243,
      sourceId: 424_242,
      createdAt: 0,
      asOf: MID,
      columns,
      matched,
    };
    profiles.clv = join;
    return join;
  }

  const headers = (): string[] =>
    [...host.querySelectorAll('[role="columnheader"]')].map((h) =>
      text(h).replace(/[▲▼]/g, '').trim(),
    );
  const sortButton = (label: string): HTMLButtonElement =>
    [...host.querySelectorAll<HTMLButtonElement>('button.vt-sort')].find(
      (b) => text(b).replace(/[▲▼]/g, '').trim() === label,
    )!;
  const ids = findColumn(built.table, 'customer_id')!;
  const idOf = (r: number) => String(cellValue(ids, r));

  it('the table has sortable P(alive), expected purchases and CLV columns; the detail names them', async () => {
    const join = open();
    // Customers whose first purchase came after the calibration end have no prediction.
    expect(join.matched).toBe(CORE.summary.customerIds.length);
    expect(join.matched).toBeLessThan(built.table.rowCount);
    show(CustomersPage, { loadOrders: () => Promise.resolve([]) });
    await vi.waitFor(() => expect(headers()).toContain('CLV'));
    const h = headers();
    for (const label of ['P(alive)', 'Expected purchases', 'Expected spend', 'CLV', 'Value tier']) {
      expect(h).toContain(label);
    }
    const clvOf = (r: number) => {
      const i = CORE.summary.customerIds.indexOf(idOf(r));
      return i < 0 ? null : CORE.clv[i];
    };
    const order = [...Array(built.table.rowCount).keys()]
      .filter((r) => clvOf(r) !== null)
      .sort((a, b) => clvOf(b)! - clvOf(a)! || a - b);
    sortButton('CLV').click();
    flushSync();
    sortButton('CLV').click();
    flushSync();
    expect(sortButton('CLV').parentElement!.getAttribute('aria-sort')).toBe('descending');
    const first = () => host.querySelector('[data-row-index="0"]');
    const col = (label: string) =>
      text(first()?.querySelector(`[aria-colindex="${headers().indexOf(label) + 1}"]`));
    const best = order[0];
    await vi.waitFor(() => expect(col('Customer')).toBe(idOf(best)));
    const i = CORE.summary.customerIds.indexOf(idOf(best));
    expect(col('CLV')).toBe(en.money(CORE.clv[i]));
    expect(col('P(alive)')).toBe(en.percent(CORE.pAlive[i]));
    expect(col('Expected purchases')).toBe(en.purchases(CORE.expectedPurchases[i]));
    expect(col('Value tier')).toBe('Top 20 %');

    q<HTMLButtonElement>(`button[aria-label="Open customer ${idOf(best)}"]`).click();
    flushSync();
    const dateText = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });
    expect(text(q('[data-testid="customer-clv"]').previousElementSibling)).toBe(
      `Lifetime value, predicted as of ${dateText.format(MID)}`,
    );
    const clv = [...q('[data-testid="customer-clv"]').children].map(text);
    expect(clv).toEqual([
      'P(alive)',
      en.percent(CORE.pAlive[i]),
      'Expected purchases',
      en.purchases(CORE.expectedPurchases[i]),
      'Expected spend',
      en.money(CORE.expectedSpend[i]),
      'CLV',
      en.money(CORE.clv[i]),
      'Value tier',
      'Top 20 %',
    ]);
  });

  it('the rule builder offers the CLV columns, P(alive) as a percentage', () => {
    open();
    const columns = ruleColumns(profiles.view!, built.summary);
    const clv = columns.filter((c) =>
      ['p_alive', 'expected_purchases', 'expected_spend', 'clv', 'value_tier'].includes(c.name),
    );
    expect(clv.map((c) => [columnLabel(c, translate), c.kind])).toEqual([
      ['P(alive)', 'percent'],
      ['Expected purchases', 'number'],
      ['Expected spend', 'number'],
      ['CLV', 'number'],
      ['Value tier', 'number'],
    ]);
    setLocale('zh-CN');
    expect(columnLabel(clv[0], translate)).toBe('存活概率');
  });
});
