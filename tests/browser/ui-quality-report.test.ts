/** The import's quality report and cleaning panel, mounted in chromium. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { cdp, page, userEvent } from 'vitest/browser';
import '../../src/app/global.css';
import type {
  CleaningConfig,
  CleaningStepResult,
  QualityReport,
} from '../../src/core/ingest/types.ts';
import { setLocale } from '../../src/i18n/index.ts';
import QualityReportView from '../../src/features/data/import/QualityReportView.svelte';
import CleaningHost from './fixtures/CleaningHost.svelte';

const SCRIPT = '<script>alert(1)</script>';

const REPORT: QualityReport = {
  lines: 1204,
  rows: 1204,
  duplicateLines: 12,
  missingCustomerId: 30,
  cancellations: 7,
  negativeAmounts: 5,
  dateRange: [Date.UTC(2024, 0, 1), Date.UTC(2024, 11, 31)],
  score: 71,
  reasons: [
    { code: 'quality.reason.duplicates', params: { count: 12, percent: '1.0' }, penalty: 2 },
    // A code no catalogue defines: shown as the code itself (translate's fallback).
    { code: 'quality.reason.testOnly', penalty: 0 },
  ],
  columns: [
    {
      name: 'Note',
      type: 'string',
      role: 'attribute',
      missing: 0,
      missingShare: 0,
      distinct: 3,
      invalid: 3,
      invalidExamples: [{ row: 1204, value: SCRIPT }],
      top: [
        { value: '=HYPERLINK("http://x")', count: 2 },
        { value: 'plain', count: 1 },
      ],
    },
    {
      name: 'Amount',
      type: 'decimal',
      role: 'amount',
      missing: 120,
      missingShare: 0.1,
      distinct: 900,
      min: -5,
      max: 980,
      mean: 40.5,
      median: 31,
      invalid: 0,
      invalidExamples: [],
      outliers: { count: 8, low: -20, high: 120, q1: 10, q3: 60 },
      histogram: { edges: [0, 10, 20], counts: [5, 7] },
    },
    {
      name: 'InvoiceDate',
      type: 'date',
      role: 'orderDate',
      missing: 6,
      missingShare: 0.005,
      distinct: 300,
      min: Date.UTC(2024, 0, 1),
      max: Date.UTC(2024, 11, 31),
      mean: Date.UTC(2024, 6, 1),
      median: Date.UTC(2024, 5, 15),
      invalid: 0,
      invalidExamples: [],
    },
    {
      name: 'Quantity',
      type: 'integer',
      role: 'quantity',
      missing: 0,
      missingShare: 0,
      distinct: 40,
      min: 1,
      max: 1000,
      mean: 12.25,
      median: 6,
      invalid: 0,
      invalidExamples: [],
      outliers: { count: 0, low: -8, high: 30, q1: 2, q3: 10 },
      histogram: { edges: [1, 500.5, 1000], counts: [1190, 14] },
    },
  ],
};

const AFTER: QualityReport = {
  ...REPORT,
  lines: 1204,
  rows: 1162,
  duplicateLines: 0,
  missingCustomerId: 0,
  score: 98,
  reasons: [],
  columns: REPORT.columns.map((c) =>
    c.name === 'Amount' ? { ...c, missing: 0, missingShare: 0 } : c,
  ),
};

let host: HTMLDivElement;
let mounted: ReturnType<typeof mount> | null = null;

beforeEach(async () => {
  setLocale('en');
  await page.viewport(1000, 900);
  host = document.createElement('div');
  host.style.width = '960px';
  host.style.padding = '12px';
  host.style.background = 'var(--bg)';
  document.body.append(host);
});

afterEach(async () => {
  if (mounted) await unmount(mounted);
  mounted = null;
  host.remove();
  setLocale('en');
  vi.restoreAllMocks();
});

/**
 * A screenshot of the whole host at its real size: the test runner scales its iframe down
 * to fit the window, so the window is made tall enough first (CDP, chromium only).
 */
async function shoot(name: string): Promise<string> {
  const height = Math.ceil(host.getBoundingClientRect().height) + 40;
  await cdp().send('Emulation.setDeviceMetricsOverride', {
    width: 1100,
    height: height + 200,
    deviceScaleFactor: 1,
    mobile: false,
  });
  await page.viewport(1000, height);
  await new Promise((r) => setTimeout(r, 300));
  try {
    return await page.screenshot({ element: host, path: `../.artifacts/screenshots/${name}.png` });
  } finally {
    await cdp().send('Emulation.clearDeviceMetricsOverride', {});
    await page.viewport(1000, 900);
  }
}

const byTestId = (id: string, root: ParentNode = host): HTMLElement | null =>
  root.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const text = (id: string): string => byTestId(id)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const squash = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();

const buttonIn = (root: ParentNode, label: string): HTMLButtonElement => {
  const found = [...root.querySelectorAll('button')].find((b) => squash(b.textContent) === label);
  if (!found) throw new Error(`no button "${label}"`);
  return found;
};

const rowsOf = (table: Element): string[][] =>
  [...table.querySelectorAll('tr')].map((tr) => [...tr.children].map((c) => squash(c.textContent)));

/** The report table's row of one column, cell by cell. */
const columnRow = (name: string): string[] => {
  const tr = [...host.querySelectorAll('[data-testid="report-column"]')].find(
    (r) => squash(r.querySelector('th')?.textContent) === name,
  );
  if (!tr) throw new Error(`no row for ${name}`);
  return [...tr.children].map((c) => squash(c.textContent));
};

describe('QualityReportView', () => {
  it('shows the score, its reasons and the figures of a report in English', () => {
    mounted = mount(QualityReportView, {
      target: host,
      props: { report: REPORT, fileName: 'orders.csv' },
    });
    flushSync();
    expect(text('report-score')).toBe('71/100 Fair');
    expect(host.textContent).toContain('Quality score of orders.csv');
    const reasons = [...byTestId('report-reasons')!.querySelectorAll('li')].map((li) =>
      squash(li.textContent),
    );
    expect(reasons).toEqual([
      '12 rows (1.0%) repeat an earlier row exactly. −2 2 points taken off the score',
      'quality.reason.testOnly',
    ]);

    expect(text('report-lines')).toBe('1,204');
    expect(text('report-rows')).toBe('1,204');
    expect(text('report-columns')).toBe('4');
    expect(text('report-duplicates')).toBe('12');
    expect(text('report-missing-customer')).toBe('30');
    expect(text('report-cancellations')).toBe('7');
    expect(text('report-negative-amounts')).toBe('5');
    expect(text('report-date-range')).toBe('Jan 1, 2024 to Dec 31, 2024');
    expect(byTestId('report-lines-before')).toBeNull();
  });

  it('shows every column with its statistics, dates as dates', () => {
    mounted = mount(QualityReportView, { target: host, props: { report: REPORT } });
    flushSync();
    expect(columnRow('Amount')).toEqual([
      'Amount',
      'Decimal number',
      'Amount',
      '10% 120',
      '900',
      '-5.00',
      '980.00',
      '40.5',
      '31',
      '0',
      '8 outside -20.00 … 120.00',
      '▸ Histogram : Amount',
    ]);
    expect(columnRow('InvoiceDate').slice(3, 9)).toEqual([
      '0.5% 6',
      '300',
      'Jan 1, 2024',
      'Dec 31, 2024',
      'Jul 1, 2024',
      'Jun 15, 2024',
    ]);
    expect(columnRow('Quantity').slice(5, 11)).toEqual([
      '1',
      '1,000',
      '12.25',
      '6',
      '0',
      '0 outside -8 … 30',
    ]);
    // Invalid values: the count, then the first examples with their row numbers.
    expect(columnRow('Note')[9]).toBe(`3 row 1,204: “${SCRIPT}” and 2 more`);
  });

  it('shows imported text as text only', () => {
    const hostile: QualityReport = {
      ...REPORT,
      columns: [{ ...REPORT.columns[0], name: '<img src=x onerror="window.__pwned=1">' }],
    };
    mounted = mount(QualityReportView, { target: host, props: { report: hostile } });
    flushSync();
    expect(host.textContent).toContain(`row 1,204: “${SCRIPT}”`);
    expect(host.textContent).toContain('<img src=x onerror="window.__pwned=1">');
    expect(host.querySelector('script')).toBeNull();
    expect(host.querySelector('img')).toBeNull();
    // The top values, opened as a chart and then as its table, are still text.
    const toggle = byTestId('report-distribution-toggle')!;
    toggle.click();
    flushSync();
    buttonIn(host.querySelector('tr.distribution')!, 'Show as table').click();
    flushSync();
    const table = host.querySelector('tr.distribution table')!;
    expect(rowsOf(table)).toEqual([
      ['Category', 'Rows'],
      ['=HYPERLINK("http://x")', '2'],
      ['plain', '1'],
    ]);
    expect(table.querySelector('a')).toBeNull();
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  });

  /** Runs the component's effects, lets the timer they queued run, then applies what it changed. */
  async function nextTask(): Promise<void> {
    flushSync();
    await new Promise((resolve) => setTimeout(resolve, 0));
    flushSync();
  }

  it('has a missing-values chart whose table holds exactly the shares', async () => {
    mounted = mount(QualityReportView, { target: host, props: { report: REPORT } });
    flushSync();
    // Built in the task after the report (the first chart in a tab is slow to create).
    expect(host.querySelector('figure')).toBeNull();
    await nextTask();
    const chart = host.querySelector('figure')!;
    expect(chart.querySelector('canvas')?.getAttribute('aria-label')).toBe(
      'Missing values by column (% of rows)',
    );
    buttonIn(chart, 'Show as table').click();
    flushSync();
    expect(rowsOf(chart.querySelector('table')!)).toEqual([
      ['Category', 'Missing'],
      ['Note', '0%'],
      ['Amount', '10%'],
      ['InvoiceDate', '0.5%'],
      ['Quantity', '0%'],
    ]);
  });

  it('opens a column histogram with a disclosure button', () => {
    mounted = mount(QualityReportView, { target: host, props: { report: REPORT } });
    flushSync();
    const toggle = [...host.querySelectorAll('[data-testid="report-distribution-toggle"]')].find(
      (b) => b.textContent?.includes('Amount'),
    ) as HTMLButtonElement;
    expect(toggle.tagName).toBe('BUTTON');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    const region = document.getElementById(toggle.getAttribute('aria-controls')!)!;
    expect(region.hidden).toBe(true);
    toggle.click();
    flushSync();
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(region.hidden).toBe(false);
    expect(region.querySelector('canvas')?.getAttribute('aria-label')).toBe(
      'Distribution of Amount',
    );
    buttonIn(region, 'Show as table').click();
    flushSync();
    expect(rowsOf(region.querySelector('table')!)).toEqual([
      ['Range', 'Rows'],
      ['0 – 10', '5'],
      ['10 – 20', '7'],
    ]);
    toggle.click();
    flushSync();
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(region.hidden).toBe(true);
  });

  it('hides the customer-id figure when no column is the customer id', () => {
    mounted = mount(QualityReportView, {
      target: host,
      props: { report: { ...REPORT, missingCustomerId: null, dateRange: null } },
    });
    flushSync();
    expect(byTestId('report-missing-customer')).toBeNull();
    expect(text('report-date-range')).toBe('No order dates');
  });

  it('shows the figures before cleaning beside the ones after', async () => {
    mounted = mount(QualityReportView, {
      target: host,
      props: { report: AFTER, compareTo: REPORT },
    });
    await nextTask();
    expect(text('report-duplicates')).toBe('0');
    expect(text('report-duplicates-before')).toBe('Before cleaning: 12');
    expect(text('report-rows')).toBe('1,162');
    expect(text('report-rows-before')).toBe('Before cleaning: 1,204');
    expect(text('report-score')).toBe('Before cleaning: 71 → After cleaning: 98/100 Good');
    expect(host.textContent).toContain('Nothing to fix was found');
    const chart = host.querySelector('figure')!;
    buttonIn(chart, 'Show as table').click();
    flushSync();
    expect(rowsOf(chart.querySelector('table')!).slice(0, 3)).toEqual([
      ['Category', 'Before cleaning', 'After cleaning'],
      ['Note', '0%', '0%'],
      ['Amount', '10%', '0%'],
    ]);
  });

  it('shows the same report in Chinese', () => {
    setLocale('zh-CN');
    mounted = mount(QualityReportView, {
      target: host,
      props: { report: REPORT, fileName: 'orders.csv' },
    });
    flushSync();
    expect(text('report-score')).toBe('71/100 一般');
    expect(host.textContent).toContain('orders.csv 的质量评分');
    expect(host.textContent).toContain('12 行（1.0%）与前面的某一行完全相同。');
    expect(host.textContent).toContain('重复行');
    expect(host.textContent).toContain('缺少客户 ID 的行');
    expect(text('report-lines')).toBe('1,204');
    expect(text('report-date-range')).toBe('2024年1月1日 至 2024年12月31日');
    expect(columnRow('Amount').slice(1, 3)).toEqual(['小数', '金额']);
    expect(columnRow('Note')[9]).toBe(`3 第 1,204 行：“${SCRIPT}” 另有 2 个`);
    expect(host.querySelector('script')).toBeNull();
  });

  it('follows a change of language while mounted', () => {
    mounted = mount(QualityReportView, { target: host, props: { report: REPORT } });
    flushSync();
    expect(text('report-score')).toBe('71/100 Fair');
    setLocale('zh-CN');
    flushSync();
    expect(text('report-score')).toBe('71/100 一般');
    expect(host.textContent).toContain('第 1,204 行');
  });

  it('looks right (screenshots for review)', async () => {
    mounted = mount(QualityReportView, {
      target: host,
      props: { report: REPORT, fileName: 'orders.csv' },
    });
    flushSync();
    const amount = [...host.querySelectorAll('[data-testid="report-distribution-toggle"]')].find(
      (b) => b.textContent?.includes('Amount'),
    ) as HTMLButtonElement;
    amount.click();
    flushSync();
    await new Promise((r) => setTimeout(r, 400)); // charts settle (no animation assertions)
    const path = await shoot('quality-report-en');
    expect(path).toContain('quality-report-en.png');
    await unmount(mounted);

    setLocale('zh-CN');
    mounted = mount(QualityReportView, {
      target: host,
      props: { report: AFTER, compareTo: REPORT, fileName: 'orders.csv' },
    });
    flushSync();
    await new Promise((r) => setTimeout(r, 400));
    await shoot('quality-report-zh-compare');
  });
});

// ───────────────────────────── cleaning panel ─────────────────────────────

const CONFIG: CleaningConfig = {
  dropDuplicates: false,
  dropMissingCustomer: false,
  fillNumeric: { Quantity: { method: 'none' }, Price: { method: 'none' } },
  fillCategory: { Gender: 'none' },
  normalise: { Gender: false },
  synonyms: { Gender: {} },
  outliers: { Quantity: { method: 'none' }, Price: { method: 'none' } },
  returns: 'keep',
};

const COLUMNS = [
  { name: 'CustomerID', type: 'other' as const, role: 'customerId' },
  { name: 'Quantity', type: 'numeric' as const, role: 'quantity' },
  { name: 'Price', type: 'numeric' as const, role: 'unitPrice' },
  {
    name: 'Gender',
    type: 'category' as const,
    role: 'gender',
    distinctValues: [
      { value: 'M', count: 3 },
      { value: '男', count: 2 },
      { value: 'F', count: 4 },
    ],
  },
];

const STEPS: CleaningStepResult[] = [
  { step: 'clean.step.normalise', column: 'Gender', rowsRemoved: 0, cellsChanged: 5 },
  { step: 'clean.step.dropDuplicates', rowsRemoved: 12, cellsChanged: 0 },
  { step: 'clean.step.dropMissingCustomer', rowsRemoved: 1, cellsChanged: 0 },
  { step: 'clean.step.returnsNet', rowsRemoved: 10, cellsChanged: 0, unmatched: 3 },
  {
    step: 'clean.step.fillMedian',
    column: 'Quantity',
    rowsRemoved: 0,
    cellsChanged: 4,
    value: 2.5,
  },
  { step: 'clean.step.fillMean', column: 'Price', rowsRemoved: 0, cellsChanged: 9, value: 3.2 },
  {
    step: 'clean.step.capOutliers',
    column: 'Quantity',
    rowsRemoved: 0,
    cellsChanged: 6,
    bounds: [1, 80],
  },
];

function mountPanel(steps: CleaningStepResult[] = [], config: CleaningConfig = CONFIG) {
  const seen: CleaningConfig[] = [];
  mounted = mount(CleaningHost, {
    target: host,
    props: {
      initial: config,
      steps,
      columns: COLUMNS,
      onChange: (c: CleaningConfig) => seen.push(c),
    },
  });
  flushSync();
  return { seen, last: (): CleaningConfig => seen.at(-1)! };
}

const details = (name: string): HTMLDetailsElement => {
  const d = [...host.querySelectorAll('details')].find(
    (el) => squash(el.querySelector('.col-name')?.textContent) === name,
  );
  if (!d) throw new Error(`no details for ${name}`);
  return d;
};

function choose(select: HTMLSelectElement, value: string): void {
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
  flushSync();
}

function enter(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('change', { bubbles: true }));
  flushSync();
}

/** The count shown for a control: the element its aria-describedby names first. */
const countFor = (el: Element): string =>
  squash(document.getElementById(el.getAttribute('aria-describedby')!.split(' ')[0])?.textContent);

describe('CleaningPanel', () => {
  it('labels every control', () => {
    mountPanel(STEPS, {
      ...CONFIG,
      fillNumeric: { ...CONFIG.fillNumeric, Quantity: { method: 'constant', constant: 1 } },
      outliers: { ...CONFIG.outliers, Quantity: { method: 'cap', low: 1, high: 99 } },
      synonyms: { Gender: { M: 'male' } },
    });
    const controls = [
      ...host.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select'),
    ];
    expect(controls.length).toBeGreaterThan(12);
    const unlabelled = controls.filter(
      (el) => (el.labels?.length ?? 0) === 0 && !el.getAttribute('aria-label'),
    );
    expect(unlabelled.map((el) => el.outerHTML)).toEqual([]);
    // Radios share one group name, distinct from any other panel's.
    const radios = [...host.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
    expect(radios.map((r) => r.value)).toEqual(['keep', 'exclude', 'net']);
    expect(new Set(radios.map((r) => r.name)).size).toBe(1);
    expect(radios[0].closest('fieldset')?.querySelector('legend')?.textContent).toBe(
      'Returns and cancellations',
    );
  });

  it('shows what each step touches, matched by step and column', () => {
    mountPanel(STEPS);
    expect(countFor(byTestId('clean-duplicates')!)).toBe('removes 12 rows');
    expect(countFor(byTestId('clean-missing-customer')!)).toBe('removes 1 row');
    expect(countFor(host.querySelector('fieldset')!)).toBe(
      'removes 10 rows · 3 returns without a matching purchase are kept',
    );
    const quantity = details('Quantity');
    expect(countFor(byTestId('clean-fill-numeric', quantity)!)).toBe(
      'changes 4 cells · value: 2.5',
    );
    expect(countFor(byTestId('clean-outliers', quantity)!)).toBe('changes 6 cells · bounds 1 … 80');
    const price = details('Price');
    expect(countFor(byTestId('clean-fill-numeric', price)!)).toBe('changes 9 cells · value: 3.2');
    expect(countFor(byTestId('clean-outliers', price)!)).toBe('');
    const gender = details('Gender');
    expect(countFor(byTestId('clean-normalise', gender)!)).toBe('changes 5 cells');
    // The collapsed summary totals the column's cells.
    expect(squash(quantity.querySelector('summary')?.textContent)).toContain('changes 10 cells');
  });

  it('updates the bound config from the row options (keyboard too)', async () => {
    const { last } = mountPanel();
    byTestId('clean-duplicates')!.click();
    flushSync();
    expect(last().dropDuplicates).toBe(true);

    const missing = byTestId('clean-missing-customer') as HTMLInputElement;
    missing.focus();
    await userEvent.keyboard(' ');
    flushSync();
    expect(last().dropMissingCustomer).toBe(true);

    byTestId('clean-returns-net')!.click();
    flushSync();
    expect(last().returns).toBe('net');
    byTestId('clean-returns-exclude')!.click();
    flushSync();
    expect(last().returns).toBe('exclude');
    // Nothing else changed.
    expect(last().fillNumeric).toEqual(CONFIG.fillNumeric);
  });

  it('sets fill and extreme-value options of a number column, refusing bad percentiles', () => {
    const { last, seen } = mountPanel();
    const quantity = details('Quantity');
    choose(byTestId('clean-fill-numeric', quantity) as HTMLSelectElement, 'median');
    expect(last().fillNumeric.Quantity).toEqual({ method: 'median' });
    expect(last().fillNumeric.Price).toEqual({ method: 'none' });

    choose(byTestId('clean-fill-numeric', quantity) as HTMLSelectElement, 'constant');
    expect(last().fillNumeric.Quantity).toEqual({ method: 'constant', constant: 0 });
    enter(byTestId('clean-fill-constant', quantity) as HTMLInputElement, '3.5');
    expect(last().fillNumeric.Quantity).toEqual({ method: 'constant', constant: 3.5 });

    choose(byTestId('clean-outliers', quantity) as HTMLSelectElement, 'cap');
    expect(last().outliers.Quantity).toEqual({ method: 'cap', low: 1, high: 99 });
    const low = byTestId('clean-percentile-low', quantity) as HTMLInputElement;
    const high = byTestId('clean-percentile-high', quantity) as HTMLInputElement;
    expect([low.value, high.value]).toEqual(['1', '99']);
    enter(low, '5');
    expect(last().outliers.Quantity).toEqual({ method: 'cap', low: 5, high: 99 });

    const before = seen.length;
    enter(low, '99.5');
    expect(seen.length).toBe(before); // not taken
    expect(low.getAttribute('aria-invalid')).toBe('true');
    expect(
      squash(document.getElementById(low.getAttribute('aria-describedby')!)?.textContent),
    ).toBe('The lower percentile must be below the upper one.');
    enter(high, '120');
    expect(high.getAttribute('aria-invalid')).toBe('true');
    enter(low, '2');
    expect(low.getAttribute('aria-invalid')).toBeNull();
    expect(last().outliers.Quantity).toEqual({ method: 'cap', low: 2, high: 99 });

    choose(byTestId('clean-outliers', quantity) as HTMLSelectElement, 'flag');
    expect(last().outliers.Quantity).toEqual({ method: 'flag', low: 2, high: 99 });
  });

  it('sets fill, normalising and replacements of a text column', async () => {
    const { last } = mountPanel();
    const gender = details('Gender');
    choose(byTestId('clean-fill-category', gender) as HTMLSelectElement, 'unknown');
    expect(last().fillCategory.Gender).toBe('unknown');
    byTestId('clean-normalise', gender)!.click();
    flushSync();
    expect(last().normalise.Gender).toBe(true);

    const suggest = byTestId('clean-synonym-suggest', gender) as HTMLButtonElement;
    expect(squash(suggest.textContent)).toBe('Use 2 suggested replacements');
    suggest.click();
    flushSync();
    expect(last().synonyms.Gender).toEqual({ M: 'male', 男: 'male' });
    expect(suggest.disabled).toBe(true);
    expect(squash(suggest.textContent)).toBe('Suggestions in use');
    // The rows show their counts in the file.
    expect(
      rowsOf(byTestId('clean-synonyms', gender)!)
        .slice(1)
        .map((r) => r[1]),
    ).toEqual(['3', '2']);

    gender.open = true;
    byTestId('clean-synonym-add', gender)!.click();
    flushSync();
    await expect
      .poll(() => (document.activeElement as HTMLInputElement | null)?.id)
      .toMatch(/-from-2$/);
    const from = document.activeElement as HTMLInputElement;
    expect(last().synonyms.Gender).toEqual({ M: 'male', 男: 'male' }); // a blank row is not a mapping
    enter(from, 'F');
    expect(last().synonyms.Gender).toEqual({ M: 'male', 男: 'male', F: '' });
    const to = gender.querySelector<HTMLInputElement>('input[id$="-to-2"]')!;
    enter(to, 'female');
    expect(last().synonyms.Gender).toEqual({ M: 'male', 男: 'male', F: 'female' });

    // The same value twice is marked; the later row wins in the config.
    enter(from, 'M');
    expect(from.getAttribute('aria-invalid')).toBe('true');
    expect(last().synonyms.Gender).toEqual({ M: 'female', 男: 'male' });
    enter(from, 'F');

    const remove = [...gender.querySelectorAll('button')].find(
      (b) => b.getAttribute('aria-label') === 'Remove replacement 1',
    )!;
    remove.click();
    flushSync();
    expect(last().synonyms.Gender).toEqual({ 男: 'male', F: 'female' });
    expect(
      rowsOf(byTestId('clean-synonyms', gender)!)
        .slice(1)
        .map(() => null).length,
    ).toBe(2);
  });

  it('follows a config replaced from outside', () => {
    const { last } = mountPanel();
    (mounted as unknown as { replace(c: CleaningConfig): void }).replace({
      ...CONFIG,
      synonyms: { Gender: { X: 'y' } },
      returns: 'net',
    });
    flushSync();
    expect(last().synonyms.Gender).toEqual({ X: 'y' });
    const inputs = [...details('Gender').querySelectorAll<HTMLInputElement>('tbody input')];
    expect(inputs.map((i) => i.value)).toEqual(['X', 'y']);
    expect((byTestId('clean-returns-net') as HTMLInputElement).checked).toBe(true);
  });

  it('disables removing lines without a customer id when no column is the customer id', () => {
    const seen: CleaningConfig[] = [];
    mounted = mount(CleaningHost, {
      target: host,
      props: {
        initial: CONFIG,
        steps: [],
        columns: COLUMNS.filter((c) => c.role !== 'customerId'),
        onChange: (c: CleaningConfig) => seen.push(c),
      },
    });
    flushSync();
    const box = byTestId('clean-missing-customer') as HTMLInputElement;
    expect(box.disabled).toBe(true);
    expect(countFor(box)).toBe('no column is mapped as the customer ID');
  });

  it('speaks Chinese', () => {
    setLocale('zh-CN');
    mountPanel(STEPS);
    expect(host.textContent).toContain('删除完全重复的行');
    expect(countFor(byTestId('clean-duplicates')!)).toBe('将删除 12 行');
    expect(countFor(byTestId('clean-fill-numeric', details('Quantity'))!)).toBe(
      '将修改 4 个单元格 · 填入：2.5',
    );
    expect(squash(byTestId('clean-synonym-suggest')?.textContent)).toBe('使用 2 条建议的替换');
  });

  it('looks right (screenshot for review)', async () => {
    mountPanel(STEPS, {
      ...CONFIG,
      dropDuplicates: true,
      returns: 'net',
      fillNumeric: { ...CONFIG.fillNumeric, Quantity: { method: 'median' } },
      outliers: { ...CONFIG.outliers, Quantity: { method: 'cap', low: 1, high: 99 } },
      normalise: { Gender: true },
      synonyms: { Gender: { M: 'male' } },
    });
    details('Quantity').open = true;
    details('Gender').open = true;
    flushSync();
    await shoot('cleaning-panel');
  });
});
