import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import VirtualTable from '../../src/ui/VirtualTable.svelte';
import { MAX_SPACER_PX, rowWindow, spacerHeight, type RowSource } from '../../src/ui/virtual.ts';
import type { CellValue } from '../../src/core/table/index.ts';
import { setLocale } from '../../src/i18n/index.ts';

const DAY = 86_400_000;
const START = Date.UTC(2023, 0, 1, 8, 30);

/** Synthetic rows: row i has id i, a date i days after START, amount i/4, a city or a missing value. */
function syntheticSource(rowCount: number): RowSource & { calls: [number, number][] } {
  const cities = ['Leeds', '上海', 'Lyon'];
  const calls: [number, number][] = [];
  return {
    rowCount,
    calls,
    columns: [
      { name: 'id', type: 'i32', role: 'customerId' },
      { name: 'when', type: 'date', role: 'orderDate' },
      { name: 'amount', type: 'f64', role: 'amount' },
      { name: 'city', type: 'dict', role: 'region' },
    ],
    async fetchRows(start, end) {
      calls.push([start, end]);
      const rows: CellValue[][] = [];
      for (let i = start; i < end; i++) {
        rows.push([i, START + (i % 1000) * DAY, i / 4, i % 7 === 3 ? null : cities[i % 3]]);
      }
      return rows;
    },
  };
}

function renderedIndexes(host: HTMLElement): number[] {
  return [...host.querySelectorAll<HTMLElement>('[data-row-index]')].map((r) =>
    Number(r.dataset.rowIndex),
  );
}

function cellTexts(row: Element): string[] {
  return [...row.querySelectorAll('[role="rowheader"], [role="gridcell"]')].map((c) =>
    (c.textContent ?? '').trim(),
  );
}

let host: HTMLDivElement;
let component: ReturnType<typeof mount> | null = null;

beforeEach(() => {
  setLocale('en');
  host = document.createElement('div');
  host.style.width = '900px';
  document.body.append(host);
});

afterEach(() => {
  if (component) unmount(component);
  component = null;
  host.remove();
});

function show(source: RowSource, height = '600px'): HTMLElement {
  component = mount(VirtualTable, { target: host, props: { source, label: 'Test rows', height } });
  flushSync();
  const grid = host.querySelector<HTMLElement>('[data-testid="virtual-table"]');
  if (!grid) throw new Error('no grid');
  return grid;
}

async function scrollTo(grid: HTMLElement, top: number): Promise<void> {
  grid.scrollTop = top;
  grid.dispatchEvent(new Event('scroll'));
  flushSync();
  await new Promise((r) => requestAnimationFrame(() => r(null)));
  flushSync();
}

describe('VirtualTable', () => {
  it('renders only a window of a 500k-row source, with formatted cells', async () => {
    const source = syntheticSource(500_000);
    const grid = show(source);

    expect(grid.getAttribute('role')).toBe('grid');
    expect(grid.getAttribute('aria-rowcount')).toBe('500001');
    expect(grid.tabIndex).toBe(0);
    // Spacer: 500k × 28 px = 14M px, under the cap, so not scaled.
    expect(grid.scrollHeight).toBeGreaterThan(14_000_000);

    await vi.waitFor(() => {
      const first = host.querySelector('[data-row-index="0"]');
      expect(first && cellTexts(first)[1]).toBe('0');
    });
    const indexes = renderedIndexes(host);
    expect(indexes.length).toBeGreaterThan(15);
    expect(indexes.length).toBeLessThan(100);
    expect(indexes[0]).toBe(0);
    expect(host.querySelector('[data-row-index="0"]')?.getAttribute('aria-rowindex')).toBe('2');

    // Row number, id (no grouping), date as UTC 'YYYY-MM-DD HH:mm', money with 2 decimals, text.
    expect(cellTexts(host.querySelector('[data-row-index="1"]')!)).toEqual([
      '2',
      '1',
      '2023-01-02 08:30',
      '0.25',
      '上海',
    ]);
    // Row 3 has a missing city: a muted dash.
    const missing = host.querySelector('[data-row-index="3"] [role="gridcell"]:last-child span');
    expect(missing?.textContent).toBe('—');
    expect(missing?.className).toContain('vt-missing');
    // Only the first page was fetched (plus nothing else yet).
    expect(source.calls).toEqual([[0, 512]]);
  });

  it('renders the last row when scrolled to the bottom, still as a small window', async () => {
    const source = syntheticSource(500_000);
    const grid = show(source);
    await scrollTo(grid, grid.scrollHeight);

    await vi.waitFor(() => {
      const last = host.querySelector('[data-row-index="499999"]');
      expect(last && cellTexts(last)[0]).toBe('500,000');
    });
    const last = host.querySelector('[data-row-index="499999"]')!;
    expect(last.getAttribute('aria-rowindex')).toBe('500001');
    // 499,999 % 7 === 3: the city is missing.
    expect(cellTexts(last)).toEqual(['500,000', '499999', '2025-09-26 08:30', '124,999.75', '—']);
    const indexes = renderedIndexes(host);
    expect(indexes.length).toBeLessThan(100);
    expect(Math.max(...indexes)).toBe(499_999);
    // The last row is inside the visible part of the scroll container.
    const gridBox = grid.getBoundingClientRect();
    const rowBox = last.getBoundingClientRect();
    expect(rowBox.bottom).toBeLessThanOrEqual(gridBox.bottom + 1);
    expect(rowBox.top).toBeGreaterThan(gridBox.top);
    // The pages fetched are the first and the last (499,712 = 976 × 512), not everything in between.
    expect(source.calls.length).toBeLessThanOrEqual(4);
    expect(source.calls).toContainEqual([499_712, 500_000]);
  });

  it('scales the spacer above the browser height limit and still reaches the last of 2M rows', async () => {
    const source = syntheticSource(2_000_000);
    const grid = show(source);
    expect(grid.scrollHeight).toBeLessThan(MAX_SPACER_PX + 1000);
    expect(grid.scrollHeight).toBeGreaterThan(MAX_SPACER_PX - 1000);

    // Halfway down the scroll bar shows rows about halfway through the data.
    await scrollTo(grid, (grid.scrollHeight - grid.clientHeight) / 2);
    await vi.waitFor(() => {
      const idx = renderedIndexes(host);
      expect(idx.some((i) => i > 990_000 && i < 1_010_000)).toBe(true);
      const row = host.querySelector(`[data-row-index="${idx[10]}"]`);
      expect(row && cellTexts(row)[1]).toBe(String(idx[10]));
    });

    await scrollTo(grid, grid.scrollHeight);
    await vi.waitFor(() => {
      const last = host.querySelector('[data-row-index="1999999"]');
      expect(last && cellTexts(last)[1]).toBe('1999999');
    });
    expect(renderedIndexes(host).length).toBeLessThan(100);
  });

  it('scrolls with the keyboard: End, Home, PageDown, ArrowDown', async () => {
    const source = syntheticSource(500_000);
    const grid = show(source);
    grid.focus();
    expect(document.activeElement).toBe(grid);

    grid.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'End', bubbles: true, cancelable: true }),
    );
    flushSync();
    await vi.waitFor(() => {
      expect(host.querySelector('[data-row-index="499999"]')).not.toBeNull();
    });

    grid.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Home', bubbles: true, cancelable: true }),
    );
    flushSync();
    expect(grid.scrollTop).toBe(0);
    await vi.waitFor(() => expect(renderedIndexes(host)[0]).toBe(0));

    const page = new KeyboardEvent('keydown', { key: 'PageDown', bubbles: true, cancelable: true });
    grid.dispatchEvent(page);
    flushSync();
    expect(page.defaultPrevented).toBe(true);
    // One page is the visible rows minus one: about (600 − header 34) / 28 − 1 = 19 rows.
    expect(grid.scrollTop).toBe(19 * 28);

    grid.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true, cancelable: true }),
    );
    flushSync();
    expect(grid.scrollTop).toBe(20 * 28);
  });
});

describe('rowWindow geometry', () => {
  it('maps scroll positions to rows without scaling below the cap', () => {
    expect(spacerHeight(500_000, 28)).toBe(14_000_000);
    expect(rowWindow(0, 560, 500_000, 28, 5)).toEqual({ start: 0, end: 26, offset: 0 });
    // 2,800 px down = row 100; overscan 5 before it.
    expect(rowWindow(2800, 560, 500_000, 28, 5)).toEqual({ start: 95, end: 126, offset: 95 * 28 });
    // Past the end clamps to the last screenful.
    const end = rowWindow(1e9, 560, 500_000, 28, 5);
    expect(end.end).toBe(500_000);
  });

  it('scales above the cap so the bottom of the spacer is the last row', () => {
    const rowCount = 2_000_000;
    const spacer = spacerHeight(rowCount, 28);
    expect(spacer).toBe(MAX_SPACER_PX);
    const w = rowWindow(spacer - 560, 560, rowCount, 28, 0);
    expect(w.end).toBe(rowCount);
    // The last row's bottom edge sits exactly at the bottom of the viewport.
    const lastBottom = w.offset + (rowCount - w.start) * 28;
    expect(lastBottom).toBeCloseTo(spacer, 6);
  });

  it('handles empty sources', () => {
    expect(rowWindow(0, 500, 0, 28, 8)).toEqual({ start: 0, end: 0, offset: 0 });
  });
});
