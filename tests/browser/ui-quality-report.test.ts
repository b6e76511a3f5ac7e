/** The quality report, the cleaning panel and the chart component, mounted in chromium. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import type { CleaningConfig, QualityReport } from '../../src/core/ingest/types.ts';
import { setLocale } from '../../src/i18n/index.ts';
import QualityReportView from '../../src/features/data/import/QualityReportView.svelte';
import Chart from '../../src/ui/Chart.svelte';
import CleaningHost from './fixtures/CleaningHost.svelte';

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
  ],
  columns: [
    {
      name: 'Note',
      type: 'string',
      role: 'attribute',
      missing: 0,
      missingShare: 0,
      distinct: 3,
      invalid: 1,
      invalidExamples: [{ row: 1204, value: '<script>alert(1)</script>' }],
      top: [{ value: '=HYPERLINK("x")', count: 2 }],
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
  ],
};

let host: HTMLDivElement;
let mounted: ReturnType<typeof mount> | null = null;

beforeEach(() => {
  setLocale('en');
  host = document.createElement('div');
  document.body.append(host);
});

afterEach(() => {
  if (mounted) unmount(mounted);
  mounted = null;
  host.remove();
  setLocale('en');
  vi.restoreAllMocks();
});

const text = (id: string): string =>
  host.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? '';

describe('QualityReportView', () => {
  it('shows the figures, the reasons and imported text as text only, in English and Chinese', () => {
    mounted = mount(QualityReportView, {
      target: host,
      props: { report: REPORT, fileName: 'orders.csv' },
    });
    flushSync();
    expect(text('report-lines')).toBe('1,204');
    expect(text('report-duplicates')).toBe('12');
    expect(text('report-missing-customer')).toBe('30');
    expect(text('report-cancellations')).toBe('7');
    expect(text('report-score')).toContain('71');
    expect(host.textContent).toContain('−2');
    expect(host.textContent).toContain('row 1,204: “<script>alert(1)</script>”');
    expect(host.querySelector('script')).toBeNull();

    setLocale('zh-CN');
    flushSync();
    expect(host.textContent).toContain('重复行');
    expect(host.textContent).toContain('第 1,204 行');
  });

  it('shows the figures before cleaning beside the current ones', () => {
    const after = { ...REPORT, rows: 1192, lines: 1192, duplicateLines: 0 };
    mounted = mount(QualityReportView, {
      target: host,
      props: { report: after, compareTo: REPORT },
    });
    flushSync();
    expect(text('report-duplicates')).toBe('0');
    expect(host.textContent).toContain('before cleaning: 12');
  });

  it('opens a column histogram with a labelled toggle', () => {
    mounted = mount(QualityReportView, { target: host, props: { report: REPORT } });
    flushSync();
    const toggle = host.querySelector<HTMLButtonElement>(
      'button[aria-label="Show the distribution of Amount"]',
    )!;
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    toggle.click();
    flushSync();
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(host.textContent).toContain('Distribution of Amount');
  });
});

describe('Chart', () => {
  it('has a table with exactly its numbers and saves a PNG', async () => {
    mounted = mount(Chart, {
      target: host,
      props: {
        title: 'Orders by channel',
        labels: ['web', 'app', 'store'],
        series: [{ label: 'Orders', values: [12, 7, 3] }],
      },
    });
    flushSync();
    expect(host.querySelector('[role="img"]')?.getAttribute('aria-label')).toBe(
      'Orders by channel',
    );
    const tableButton = [...host.querySelectorAll('button')].find((b) =>
      b.textContent?.includes('Show as table'),
    )!;
    tableButton.click();
    flushSync();
    const rows = [...host.querySelectorAll('tbody tr')].map((tr) =>
      [...tr.children].map((c) => c.textContent?.trim()),
    );
    expect(rows).toEqual([
      ['web', '12'],
      ['app', '7'],
      ['store', '3'],
    ]);
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blobs.push(b as Blob);
      return 'blob:test';
    });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    tableButton.click(); // back to the chart: a canvas that can be saved
    flushSync();
    [...host.querySelectorAll('button')].find((b) => b.textContent?.includes('Save PNG'))!.click();
    await expect.poll(() => blobs.length).toBe(1);
    expect(blobs[0].type).toBe('image/png');
  });
});

describe('CleaningPanel', () => {
  it('updates the bound config and shows the planned counts', () => {
    const initial: CleaningConfig = {
      dropDuplicates: false,
      dropMissingCustomer: false,
      fillNumeric: { Quantity: { method: 'none' } },
      fillCategory: { Gender: 'none' },
      normalise: { Gender: false },
      synonyms: { Gender: {} },
      outliers: { Quantity: { method: 'none' } },
      returns: 'keep',
    };
    const seen: CleaningConfig[] = [];
    mounted = mount(CleaningHost, {
      target: host,
      props: {
        initial,
        steps: [{ step: 'clean.step.dropDuplicates', rowsRemoved: 12, cellsChanged: 0 }],
        onChange: (c: CleaningConfig) => seen.push(c),
      },
    });
    flushSync();
    expect(host.textContent).toContain('12 rows');
    host.querySelector<HTMLInputElement>('[data-testid="clean-duplicates"]')!.click();
    flushSync();
    expect(seen.at(-1)?.dropDuplicates).toBe(true);
    const suggest = [...host.querySelectorAll('button')].find((b) =>
      b.textContent?.includes('suggested'),
    )!;
    suggest.click();
    flushSync();
    expect(seen.at(-1)?.synonyms.Gender).toEqual({ M: 'male', 男: 'male' });
  });
});
