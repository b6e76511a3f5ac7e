/**
 * The Segments page (RFM part) in chromium, on profiles built by the core from ~40
 * generated customers: summary numbers, heatmap counts, the grid editor's flags and live
 * counts, the CSV exports and the Chinese labels, each against a brute-force count.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import '../../src/app/global.css';
import { setLocale } from '../../src/i18n/index.ts';
import { buildProfiles, DAY_MS } from '../../src/core/customers/profiles.ts';
import { analyseCustomers, type CustomerAnalysis } from '../../src/core/customers/analyse.ts';
import { createRng } from '../../src/core/stats/random.ts';
import {
  dictColumn,
  findColumn,
  numericColumn,
  type ColumnRole,
  type Table,
} from '../../src/core/table/index.ts';
import { defaultGrid, type RfmGrid } from '../../src/core/rfm/grid.ts';
import type { DatasetRecord } from '../../src/store/types.ts';
import { getDb, listSegments, deleteSegment } from '../../src/store/index.ts';
import { profiles } from '../../src/features/customers/profiles.svelte.ts';
import SegmentsPage from '../../src/features/segments/SegmentsPage.svelte';
import RfmSummary from '../../src/features/segments/RfmSummary.svelte';
import RfmHeatmap from '../../src/features/segments/RfmHeatmap.svelte';
import SegmentGridEditor from '../../src/features/segments/SegmentGridEditor.svelte';

const ROLES: Record<string, ColumnRole> = {
  customer: 'customerId',
  invoice: 'orderId',
  time: 'orderDate',
  qty: 'quantity',
  price: 'unitPrice',
};

/** ~40 customers with 1–8 orders each over a year, some returns. */
function transactions(): Table {
  const rng = createRng(7);
  const start = Date.UTC(2024, 0, 1);
  const customer: string[] = [];
  const invoice: string[] = [];
  const time: number[] = [];
  const qty: number[] = [];
  const price: number[] = [];
  let inv = 1;
  for (let c = 1; c <= 40; c++) {
    const orders = rng.int(1, 8);
    for (let o = 0; o < orders; o++) {
      const day = rng.int(0, 365);
      const id = String(inv++);
      const lines = rng.int(1, 3);
      for (let l = 0; l < lines; l++) {
        customer.push(`c${c}`);
        invoice.push(id);
        time.push(start + day * DAY_MS + rng.int(8, 20) * 3_600_000);
        qty.push(rng.int(1, 4));
        price.push(rng.int(100, 9000) / 100);
      }
    }
    if (c % 9 === 0) {
      customer.push(`c${c}`);
      invoice.push(`C${inv++}`);
      time.push(start + 200 * DAY_MS);
      qty.push(-1);
      price.push(5);
    }
  }
  return {
    rowCount: customer.length,
    columns: [
      dictColumn('customer', customer),
      dictColumn('invoice', invoice),
      numericColumn('time', 'date', time),
      numericColumn('qty', 'f64', qty),
      numericColumn('price', 'f64', price),
    ],
  };
}

const table = buildProfiles(transactions(), ROLES).table;

function numbers(name: string): number[] {
  const c = findColumn(table, name)!;
  if (c.type === 'dict') throw new Error('not numeric');
  return Array.from(c.values);
}

/** Score by the definition: 1 + floor(bins × (#customers with a worse value) / n). */
function bruteScores(values: number[], bins: number, reverse: boolean): number[] {
  return values.map((v) => {
    const worse = values.filter((w) => (reverse ? w > v : w < v)).length;
    return 1 + Math.floor((bins * worse) / values.length);
  });
}

const R = bruteScores(numbers('recency_days'), 5, true);
const F = bruteScores(numbers('frequency'), 5, false);
const REVENUE = numbers('net_spend');
const TOTAL_REVENUE = REVENUE.reduce((a, b) => a + b, 0);
const N = table.rowCount;

/** Customers and revenue of the customers whose (r, f) cell is in `cells`. */
function brute(cells: string[]): { customers: number; revenue: number } {
  let customers = 0;
  let revenue = 0;
  for (let i = 0; i < N; i++) {
    if (!cells.includes(`${R[i]}${F[i]}`)) continue;
    customers++;
    revenue += REVENUE[i];
  }
  return { customers, revenue };
}

const en = {
  count: (n: number) => new Intl.NumberFormat('en', { maximumFractionDigits: 0 }).format(n),
  money: (n: number) => new Intl.NumberFormat('en', { maximumFractionDigits: 2 }).format(n),
  percent: (n: number) =>
    new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 }).format(n),
};

let host: HTMLDivElement;
let mounted: ReturnType<typeof mount> | null = null;
let analysis: CustomerAnalysis;

function open(grid: RfmGrid = defaultGrid(5)): void {
  analysis = analyseCustomers(table, { rfm: { bins: 5, monetary: 'total', grid } });
  profiles.record = {
    id: 4242,
    name: 'Test profiles',
    kind: 'results',
    rowCount: N,
    columns: [],
    chunkRows: N,
    bytes: 0,
    contentHash: '',
    createdAt: 0,
    report: { kind: 'profiles' },
  } as DatasetRecord;
  profiles.table = table;
  profiles.analysis = analysis;
  profiles.grid = grid;
  profiles.rfmOptions = { bins: 5, monetary: 'total' };
}

beforeEach(() => {
  setLocale('en');
  open();
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
  vi.restoreAllMocks();
});

const q = <T extends Element = HTMLElement>(selector: string): T => {
  const el = host.querySelector<T>(selector);
  if (!el) throw new Error(`no ${selector}`);
  return el;
};
const text = (selector: string): string =>
  q(selector).textContent?.replace(/\s+/g, ' ').trim() ?? '';
const cellOf = (rowTestId: string, col: string): string =>
  text(`[data-testid="${rowTestId}"] [data-col="${col}"]`);

function selectSegment(key: string): void {
  q<HTMLInputElement>(`[data-testid="draft-row-${key}"] input[type="radio"]`).click();
  flushSync();
}

function captureBlobs(): Blob[] {
  const blobs: Blob[] = [];
  vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
    blobs.push(b as Blob);
    return 'blob:test';
  });
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
  return blobs;
}

describe('profiles fixture', () => {
  it('has ~40 customers and the core scores equal the definition', () => {
    expect(N).toBe(40);
    expect([...analysis.rfm.scores.r]).toEqual(R);
    expect([...analysis.rfm.scores.f]).toEqual(F);
  });
});

describe('RFM summary', () => {
  it('shows customers, shares and revenue per segment equal to a brute-force count', () => {
    mounted = mount(RfmSummary, { target: host });
    flushSync();
    const grid = defaultGrid(5);
    let total = 0;
    for (const segment of grid.segments) {
      const b = brute(segment.cells);
      total += b.customers;
      const row = `summary-row-${segment.key}`;
      expect(cellOf(row, 'customers')).toBe(en.count(b.customers));
      expect(cellOf(row, 'customerShare')).toBe(en.percent(b.customers / N));
      expect(cellOf(row, 'revenue')).toBe(en.money(b.revenue));
      expect(cellOf(row, 'revenueShare')).toBe(en.percent(b.revenue / TOTAL_REVENUE));
    }
    expect(total).toBe(N);
    expect(text('[data-testid="summary-row-champions"] th')).toBe('Champions');
    expect(text('[data-testid="summary-row-champions"]')).toContain(
      'Bought recently, buy often and spend the most.',
    );
  });

  it('exports the summary CSV with the right numbers, and one segment’s customers', async () => {
    mounted = mount(RfmSummary, { target: host });
    flushSync();
    const blobs = captureBlobs();
    q<HTMLButtonElement>('[data-testid="export-summary"]').click();
    flushSync();
    expect(blobs.length).toBe(1);
    // A UTF-8 byte order mark first (Blob.text() decodes it away).
    const bytes = new Uint8Array(await blobs[0].arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = await blobs[0].text();
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'Segment,Description,Suggested actions,Customers,% of customers,Revenue,% of revenue,Mean recency (days),Mean frequency (orders),Mean monetary,Average order value',
    );
    expect(lines.length).toBe(1 + 11);
    const grid = defaultGrid(5);
    grid.segments.forEach((segment, i) => {
      const b = brute(segment.cells);
      const cells = lines[1 + i].split(',');
      expect(cells.at(-8)).toBe(String(b.customers));
      expect(Number(cells.at(-7))).toBeCloseTo((100 * b.customers) / N, 2);
      expect(Number(cells.at(-6))).toBeCloseTo(b.revenue, 2);
      expect(Number(cells.at(-5))).toBeCloseTo((100 * b.revenue) / TOTAL_REVENUE, 2);
    });
    expect(text('[role="status"]')).toContain('RFM segments.csv');

    // One segment's customers: every member, all profile columns plus scores and name.
    const loyal = grid.segments.find((s) => s.key === 'loyal')!;
    const members = brute(loyal.cells).customers;
    expect(members).toBeGreaterThan(0);
    const button = [...host.querySelectorAll<HTMLButtonElement>('button')].find(
      (b) => b.getAttribute('aria-label') === 'Export the customers of “Loyal customers” as CSV',
    )!;
    button.click();
    expect(blobs.length).toBe(2);
    const rows = (await blobs[1].text()).trimEnd().split('\n');
    expect(rows.length).toBe(1 + members);
    const header = rows[0].split(',');
    expect(header.slice(0, 3)).toEqual(['customer_id', 'first_order', 'last_order']);
    expect(header.slice(-4)).toEqual(['r_score', 'f_score', 'm_score', 'segment']);
    for (const row of rows.slice(1)) {
      const cells = row.split(',');
      expect(cells.at(-1)).toBe('Loyal customers');
      expect(loyal.cells).toContain(`${cells.at(-4)}${cells.at(-3)}`);
    }
  });

  it('saves a segment to the saved-segments list', async () => {
    mounted = mount(RfmSummary, { target: host });
    flushSync();
    const champions = defaultGrid(5).segments[0];
    const b = brute(champions.cells);
    const button = [...host.querySelectorAll<HTMLButtonElement>('button')].find(
      (x) => x.getAttribute('aria-label') === 'Save “Champions” to the saved segments',
    )!;
    button.click();
    await expect
      .poll(() => host.querySelector('[role="status"]')?.textContent ?? '')
      .toContain(`Saved “Champions” (${b.customers} customers)`);
    const saved = (await listSegments(getDb())).find((s) => s.profilesId === 4242)!;
    expect(saved.kind).toBe('rfm');
    expect(saved.customerIds.length).toBe(b.customers);
    expect(saved.revenue).toBeCloseTo(b.revenue, 6);
    expect(saved.definition).toMatchObject({ cells: ['54', '55'], bins: 5, monetary: 'total' });
    await deleteSegment(getDb(), saved.id!);
  });
});

describe('R×F heatmap', () => {
  it('shows each cell’s customers equal to a brute-force count of (r, f), and its segment', () => {
    mounted = mount(RfmHeatmap, { target: host });
    flushSync();
    const rows = [...host.querySelectorAll('[data-testid="heatmap-table"] tbody tr')];
    expect(rows.map((r) => r.querySelector('th')?.textContent)).toEqual([
      'R 5',
      'R 4',
      'R 3',
      'R 2',
      'R 1',
    ]);
    for (let r = 1; r <= 5; r++) {
      for (let f = 1; f <= 5; f++) {
        const count = R.filter((_, i) => R[i] === r && F[i] === f).length;
        expect(text(`[data-testid="heat-${r}${f}"] .value`)).toBe(en.count(count));
      }
    }
    expect(text('[data-testid="heat-55"] .owner')).toBe('Champions');
    expect(text('[data-testid="heat-11"] .owner')).toBe('Lost');

    // Revenue per cell.
    const select = q<HTMLSelectElement>('[data-testid="heatmap-metric"]');
    select.value = 'revenue';
    select.dispatchEvent(new Event('change'));
    flushSync();
    expect(text('[data-testid="heat-11"] .value')).toBe(en.money(brute(['11']).revenue));
  });
});

describe('segment grid editor', () => {
  it('flags a cell given to a second segment as double and refuses to apply, with the reason', () => {
    mounted = mount(SegmentGridEditor, { target: host });
    flushSync();
    const apply = q<HTMLButtonElement>('[data-testid="apply-grid"]');
    expect(apply.disabled).toBe(true);
    expect(text('[data-testid="apply-reason"]')).toBe(
      'Nothing to apply: the draft is the grid in use.',
    );
    q<HTMLInputElement>('[data-testid="move-cells"]').click(); // keep other owners
    flushSync();
    selectSegment('lost');
    q<HTMLButtonElement>('[data-testid="cell-55"]').click();
    flushSync();
    const cell = q<HTMLButtonElement>('[data-testid="cell-55"]');
    expect(cell.parentElement!.getAttribute('aria-invalid')).toBe('true');
    expect(cell.classList.contains('double')).toBe(true);
    expect(cell.getAttribute('aria-label')).toContain('Double: Champions, Lost');
    expect(text('[data-testid="problem-doubles"]')).toBe(
      'Cells in more than one segment (1): R5 F5 (Champions, Lost).',
    );
    expect(apply.disabled).toBe(true);
    expect(text('[data-testid="apply-reason"]')).toBe(
      'Cannot apply yet: give every cell exactly one segment (0 unassigned, 1 double).',
    );
    expect(apply.getAttribute('aria-describedby')).toBe(q('[data-testid="apply-reason"]').id);
    // The customers of the double cell count in both segments, flagged.
    const in55 = brute(['55']).customers;
    expect(in55).toBeGreaterThan(0);
    expect(cellOf('draft-row-lost', 'customers')).toBe(
      `${en.count(brute(['11', '12', '55']).customers)} ${in55} in double cells`,
    );
    expect(cellOf('draft-row-champions', 'customers')).toContain(
      en.count(brute(['54', '55']).customers),
    );

    // A second click takes the cell back from "Lost": valid again but unchanged.
    q<HTMLButtonElement>('[data-testid="cell-55"]').click();
    flushSync();
    expect(q('[data-testid="cell-55"]').parentElement!.getAttribute('aria-invalid')).toBeNull();
    expect(text('[data-testid="grid-problems"]')).toBe(
      'Every cell belongs to exactly one segment.',
    );
  });

  it('flags a cell left unassigned', () => {
    mounted = mount(SegmentGridEditor, { target: host });
    flushSync();
    selectSegment('newCustomers');
    const cell = q<HTMLButtonElement>('[data-testid="cell-51"]');
    expect(cell.getAttribute('aria-pressed')).toBe('true');
    cell.click(); // the segment's own cell: taken away
    flushSync();
    expect(cell.parentElement!.getAttribute('aria-invalid')).toBe('true');
    expect(cell.textContent).toContain('Unassigned');
    expect(text('[data-testid="problem-unassigned"]')).toContain('Unassigned cells (1): R5 F1.');
    expect(q<HTMLButtonElement>('[data-testid="apply-grid"]').disabled).toBe(true);
    expect(text('[data-testid="apply-reason"]')).toContain('(1 unassigned, 0 double)');
    expect(cellOf('draft-row-newCustomers', 'customers')).toBe('0');
  });

  it('updates the live summary after moving a cell, and applies the valid draft', async () => {
    mounted = mount(SegmentGridEditor, { target: host });
    flushSync();
    const lostBefore = brute(['11', '12']);
    const champions = brute(['54', '55']);
    expect(cellOf('draft-row-lost', 'customers')).toBe(en.count(lostBefore.customers));

    selectSegment('lost');
    q<HTMLButtonElement>('[data-testid="cell-55"]').click();
    flushSync();
    const lostAfter = brute(['11', '12', '55']);
    expect(cellOf('draft-row-lost', 'customers')).toBe(en.count(lostAfter.customers));
    expect(cellOf('draft-row-lost', 'revenue')).toBe(en.money(lostAfter.revenue));
    expect(cellOf('draft-row-champions', 'customers')).toBe(
      en.count(champions.customers - brute(['55']).customers),
    );
    expect(text('[data-testid="grid-problems"]')).toBe(
      'Every cell belongs to exactly one segment.',
    );

    // Keyboard: arrow keys move between the cells (Enter / Space press the native buttons).
    const cell54 = q<HTMLButtonElement>('[data-testid="cell-54"]');
    cell54.focus();
    cell54.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    expect(document.activeElement).toBe(q('[data-testid="cell-53"]'));

    const apply = q<HTMLButtonElement>('[data-testid="apply-grid"]');
    expect(apply.disabled).toBe(false);
    const setGrid = vi.spyOn(profiles, 'setGrid').mockResolvedValue(undefined);
    apply.click();
    expect(setGrid).toHaveBeenCalledTimes(1);
    const sent = setGrid.mock.calls[0][0];
    expect(sent.segments.find((s) => s.key === 'lost')!.cells.sort()).toEqual(['11', '12', '55']);
    expect(sent.segments.find((s) => s.key === 'champions')!.cells).toEqual(['54']);
  });

  it('adds, renames and removes segments', () => {
    mounted = mount(SegmentGridEditor, { target: host });
    flushSync();
    const newName = host.querySelectorAll<HTMLInputElement>('input.input')[1];
    newName.value = 'VIP';
    newName.dispatchEvent(new Event('input'));
    flushSync();
    [...host.querySelectorAll<HTMLButtonElement>('button')]
      .find((b) => b.textContent?.trim() === 'New segment')!
      .click();
    flushSync();
    expect(text('[data-testid="draft-row-custom1"] th')).toBe('VIP');
    expect(q<HTMLInputElement>('[data-testid="draft-row-custom1"] input').checked).toBe(true);
    q<HTMLButtonElement>('[data-testid="cell-55"]').click();
    flushSync();
    expect(cellOf('draft-row-custom1', 'customers')).toBe(en.count(brute(['55']).customers));
    [...host.querySelectorAll<HTMLButtonElement>('button')]
      .find((b) => b.textContent?.trim() === 'Remove “VIP”')!
      .click();
    flushSync();
    expect(host.querySelector('[data-testid="draft-row-custom1"]')).toBeNull();
    expect(text('[data-testid="problem-unassigned"]')).toContain('R5 F5');
    [...host.querySelectorAll<HTMLButtonElement>('button')]
      .find((b) => b.textContent?.trim() === 'Reset to default')!
      .click();
    flushSync();
    expect(text('[data-testid="grid-problems"]')).toBe(
      'Every cell belongs to exactly one segment.',
    );
  });
});

describe('Segments page', () => {
  it('shows the whole page for open profiles, in Chinese', () => {
    setLocale('zh-CN');
    mounted = mount(SegmentsPage, { target: host });
    flushSync();
    expect(text('h1')).toBe('客户分群');
    expect(text('[data-testid="summary-row-champions"] th')).toBe('冠军客户');
    expect(text('[data-testid="summary-table"] thead')).toContain('客户数');
    expect(text('[data-testid="summary-table"] thead')).toContain('收入占比');
    expect(text('[data-testid="apply-grid"]')).toBe('应用网格');
    expect(text('[data-testid="heat-11"] .owner')).toBe('已流失');
    expect(text('[data-testid="segments-source"]')).toContain('40 位客户');
    // Three charts: customers, revenue, Pareto.
    expect(host.querySelectorAll('[data-testid="rfm-charts"] canvas').length).toBe(3);
  });

  it('shows the R×F×M cells when switched on', () => {
    mounted = mount(SegmentsPage, { target: host });
    flushSync();
    q<HTMLInputElement>('[data-testid="rfm-cells-switch"]').click();
    flushSync();
    const rows = [...host.querySelectorAll('[data-testid="rfm-cells-table"] tbody tr')];
    const codes = rows.map((r) => r.querySelector('th')!.textContent!.trim());
    expect(codes).toEqual([...codes].sort().reverse());
    const total = rows.reduce((sum, r) => sum + Number(r.querySelector('td')!.textContent), 0);
    expect(total).toBe(N);
    expect(codes.length).toBe(Object.keys(analysis.rfm.rfmCells).length);
  });
});
