/** The Chart component in chromium: its table alternative, its PNG, updates, colours, motion. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { cdp } from 'vitest/browser';
import { Chart as ChartJs } from 'chart.js';
import { setLocale } from '../../src/i18n/index.ts';
import Chart from '../../src/ui/Chart.svelte';
import ChartFixture from './fixtures/ChartFixture.svelte';

let host: HTMLDivElement;
let mounted: ReturnType<typeof mount> | null = null;
let style: HTMLStyleElement | null = null;

beforeEach(() => {
  setLocale('en');
  host = document.createElement('div');
  host.style.width = '600px';
  document.body.append(host);
});

afterEach(async () => {
  if (mounted) await unmount(mounted);
  mounted = null;
  host.remove();
  style?.remove();
  style = null;
  setLocale('en');
  vi.restoreAllMocks();
  await cdp().send('Emulation.setEmulatedMedia', { features: [] });
});

const button = (text: string): HTMLButtonElement => {
  const found = [...host.querySelectorAll('button')].find((b) => b.textContent?.trim() === text);
  if (!found) throw new Error(`no button "${text}"`);
  return found;
};

const canvas = (): HTMLCanvasElement => host.querySelector('canvas')!;
const chartOf = (): ChartJs => ChartJs.getChart(canvas())!;

const tableRows = (): string[][] =>
  [...host.querySelectorAll('table tr')].map((tr) =>
    [...tr.children].map((c) => c.textContent?.trim() ?? ''),
  );

describe('Chart', () => {
  it('names its canvas and has a table alternative with exactly its numbers', () => {
    mounted = mount(Chart, {
      target: host,
      props: {
        kind: 'bar',
        title: 'Orders by channel',
        labels: ['web', 'app', 'store'],
        series: [
          { label: 'Orders', values: [1234, 7, 3] },
          { label: 'Returns', values: [12.5, 0, NaN] },
        ],
      },
    });
    flushSync();
    const c = canvas();
    expect(c.getAttribute('role')).toBe('img');
    expect(c.getAttribute('aria-label')).toBe('Orders by channel');
    expect(host.querySelector('table')).toBeNull();

    const toggle = button('Show as table');
    toggle.focus();
    expect(document.activeElement).toBe(toggle); // a real button: keyboard reachable
    toggle.click();
    flushSync();
    const table = host.querySelector('table')!;
    expect(table.querySelector('caption')?.textContent).toBe('Orders by channel');
    expect(toggle.getAttribute('aria-controls')).toBe(table.parentElement!.id);
    expect(tableRows()).toEqual([
      ['Category', 'Orders', 'Returns'],
      ['web', '1,234', '12.5'],
      ['app', '7', '0'],
      ['store', '3', '—'],
    ]);
    expect(table.querySelectorAll('th[scope="row"]').length).toBe(3);
    expect(toggle.textContent?.trim()).toBe('Show as chart');
    expect((host.querySelector('.chart-canvas') as HTMLElement).hidden).toBe(true);

    toggle.click();
    flushSync();
    expect(host.querySelector('table')).toBeNull();
    expect((host.querySelector('.chart-canvas') as HTMLElement).hidden).toBe(false);
  });

  it('writes values with valueFormat in the table and in Chinese headers', () => {
    setLocale('zh-CN');
    mounted = mount(Chart, {
      target: host,
      props: {
        kind: 'histogram',
        title: '金额分布',
        labels: ['0 – 10', '10 – 20'],
        series: [{ label: '行数', values: [5, 7] }],
        valueFormat: (n: number) => `${n} 行`,
      },
    });
    flushSync();
    button('以表格显示').click();
    flushSync();
    expect(tableRows()).toEqual([
      ['区间', '行数'],
      ['0 – 10', '5 行'],
      ['10 – 20', '7 行'],
    ]);
  });

  it('saves a PNG with a file name made from the title', async () => {
    mounted = mount(Chart, {
      target: host,
      props: {
        title: 'Orders by channel: 2024/Q1',
        labels: ['web', 'app', 'store'],
        series: [{ label: 'Orders', values: [12, 7, 3] }],
      },
    });
    flushSync();
    const blobs: Blob[] = [];
    const downloads: string[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blobs.push(b as Blob);
      return 'blob:test';
    });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      downloads.push(this.download);
    });
    button('Save PNG').click();
    await expect.poll(() => blobs.length, { timeout: 10_000 }).toBe(1);
    expect(blobs[0].type).toBe('image/png');
    const bytes = new Uint8Array(await blobs[0].arrayBuffer());
    expect([...bytes.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(bytes.length).toBeGreaterThan(1000);
    expect(downloads).toEqual(['Orders by channel- 2024-Q1.png']);
    // The anchor is removed again.
    expect(document.querySelectorAll('a[download]').length).toBe(0);
  });

  it('also saves the PNG while the table is shown', async () => {
    mounted = mount(Chart, {
      target: host,
      props: { title: 'Shares', labels: ['a'], series: [{ label: 'x', values: [1] }] },
    });
    flushSync();
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blobs.push(b as Blob);
      return 'blob:test';
    });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    button('Show as table').click();
    flushSync();
    button('Save PNG').click();
    await expect.poll(() => blobs.length, { timeout: 10_000 }).toBe(1);
    expect(blobs[0].type).toBe('image/png');
  });

  it('updates the same Chart.js instance when its data change, with plain arrays', async () => {
    mounted = mount(ChartFixture, {
      target: host,
      props: { title: 'Orders', labels: ['a', 'b'], values: [1, 2] },
    });
    flushSync();
    const first = chartOf();
    expect(first.data.labels).toEqual(['a', 'b']);
    expect(first.data.datasets[0].data).toEqual([1, 2]);

    (mounted as unknown as { set(l: string[], v: number[]): void }).set(['a', 'b', 'c'], [4, 5, 6]);
    flushSync();
    const second = chartOf();
    expect(second).toBe(first);
    expect(second.data.labels).toEqual(['a', 'b', 'c']);
    expect(second.data.datasets[0].data).toEqual([4, 5, 6]);
    // Plain arrays: structuredClone throws on a Proxy, not on a plain array.
    expect(() => structuredClone(second.data.labels)).not.toThrow();
    expect(() => structuredClone(second.data.datasets[0].data)).not.toThrow();

    button('Show as table').click();
    flushSync();
    expect(tableRows().slice(1)).toEqual([
      ['a', '4'],
      ['b', '5'],
      ['c', '6'],
    ]);
  });

  it('builds a new Chart.js instance when the kind changes, and keeps only that one', () => {
    mounted = mount(ChartFixture, {
      target: host,
      props: { title: 'Orders', labels: ['a', 'b'], values: [1, 2] },
    });
    flushSync();
    const first = chartOf();
    const ds = (c: ChartJs) => c.data.datasets[0] as { barPercentage?: number };
    expect(ds(first).barPercentage).not.toBe(1);

    (mounted as unknown as { setKind(k: 'bar' | 'histogram'): void }).setKind('histogram');
    flushSync();
    const second = chartOf();
    expect(second).not.toBe(first);
    expect(ds(second).barPercentage).toBe(1); // histogram bars touch
    // The old instance was destroyed: Chart.js holds only the new one for this canvas.
    expect(Object.values(ChartJs.instances).filter((c) => c.canvas === canvas())).toEqual([second]);
    expect(Object.values(ChartJs.instances)).not.toContain(first);
  });

  it('draws histogram bars without gaps and destroys the chart on unmount', async () => {
    mounted = mount(Chart, {
      target: host,
      props: {
        kind: 'histogram',
        title: 'Amounts',
        labels: ['0 – 10', '10 – 20', '20 – 30'],
        series: [{ label: 'Rows', values: [3, 9, 4] }],
      },
    });
    flushSync();
    const chart = chartOf();
    const ds = chart.data.datasets[0] as { barPercentage?: number; categoryPercentage?: number };
    expect(ds.barPercentage).toBe(1);
    expect(ds.categoryPercentage).toBe(1);
    // Adjacent bars touch: the right edge of one is the left edge of the next.
    const bars = chart.getDatasetMeta(0).data as unknown as { x: number; width: number }[];
    expect(bars[0].x + bars[0].width / 2).toBeCloseTo(bars[1].x - bars[1].width / 2, 3);

    // Whole-number counts get whole-number ticks only.
    const ticks = chart.scales.y.ticks.map((t) => t.value);
    expect(ticks.length).toBeGreaterThan(2);
    expect(ticks.every((v) => Number.isInteger(v))).toBe(true);

    const c = canvas();
    await unmount(mounted);
    mounted = null;
    expect(ChartJs.getChart(c)).toBeUndefined();
  });

  it('takes its colours from the CSS variables and follows a switch to dark mode', async () => {
    style = document.createElement('style');
    style.textContent = `:root { --accent: #123456; }
      @media (prefers-color-scheme: dark) { :root { --accent: #abcdef; } }`;
    document.head.append(style);
    await cdp().send('Emulation.setEmulatedMedia', {
      features: [{ name: 'prefers-color-scheme', value: 'light' }],
    });
    mounted = mount(Chart, {
      target: host,
      props: { title: 'x', labels: ['a'], series: [{ label: 's', values: [1] }] },
    });
    flushSync();
    expect(chartOf().data.datasets[0].backgroundColor).toBe('#123456');
    await cdp().send('Emulation.setEmulatedMedia', {
      features: [{ name: 'prefers-color-scheme', value: 'dark' }],
    });
    await expect.poll(() => chartOf().data.datasets[0].backgroundColor).toBe('#abcdef');
  });

  it('draws a muted series (e.g. "before cleaning") in the faint colour', () => {
    style = document.createElement('style');
    style.textContent = `:root { --accent: #123456; --text-faint: #999999; --success: #00aa00; }`;
    document.head.append(style);
    mounted = mount(Chart, {
      target: host,
      props: {
        title: 'Missing',
        labels: ['a', 'b'],
        series: [
          { label: 'Before', values: [10, 5], muted: true },
          { label: 'After', values: [0, 5] },
          { label: 'Other', values: [1, 1] },
        ],
      },
    });
    flushSync();
    expect(chartOf().data.datasets.map((d) => d.backgroundColor)).toEqual([
      '#999999',
      '#123456',
      '#00aa00',
    ]);
    expect(chartOf().options.plugins?.legend?.display).toBe(true);
  });

  it('does not animate when the user prefers reduced motion', async () => {
    await cdp().send('Emulation.setEmulatedMedia', {
      features: [{ name: 'prefers-reduced-motion', value: 'reduce' }],
    });
    mounted = mount(Chart, {
      target: host,
      props: { title: 'x', labels: ['a'], series: [{ label: 's', values: [1] }] },
    });
    flushSync();
    expect(chartOf().options.animation).toBe(false);
    await cdp().send('Emulation.setEmulatedMedia', {
      features: [{ name: 'prefers-reduced-motion', value: 'no-preference' }],
    });
    await expect.poll(() => chartOf().options.animation !== false).toBe(true);
  });

  it('draws an optional share line on a second percentage axis, also in the table', () => {
    mounted = mount(Chart, {
      target: host,
      props: {
        title: 'Pareto',
        labels: ['A', 'B', 'C'],
        series: [{ label: 'Revenue', values: [600, 300, 100] }],
        line: { label: 'Cumulative share', values: [0.6, 0.9, 1] },
      },
    });
    flushSync();
    const chart = chartOf();
    expect(chart.data.datasets.length).toBe(2);
    const line = chart.data.datasets.find((d) => (d as { type?: string }).type === 'line')!;
    expect(line.label).toBe('Cumulative share');
    expect(line.data).toEqual([0.6, 0.9, 1]);
    expect((line as { yAxisID?: string }).yAxisID).toBe('share');
    const bars = chart.data.datasets.find((d) => (d as { type?: string }).type !== 'line')!;
    expect(bars.data).toEqual([600, 300, 100]);
    // The share axis runs 0–100 % on the right; the bars keep their own axis.
    const share = chart.scales.share;
    expect(share.position).toBe('right');
    expect(share.min).toBe(0);
    expect(share.max).toBe(1);
    expect(share.ticks.map((t) => t.label)).toContain('100%');
    expect(chart.scales.y.max).toBeGreaterThanOrEqual(600);
    expect(chart.options.plugins?.legend?.display).toBe(true);
    // The line's points sit at their share of the axis height (final, not animated, position).
    const points = chart.getDatasetMeta(chart.data.datasets.indexOf(line)).data;
    expect(points[2].getProps(['y'], true).y).toBeCloseTo(share.getPixelForValue(1), 3);
    expect(points[0].getProps(['y'], true).y).toBeCloseTo(share.getPixelForValue(0.6), 3);

    button('Show as table').click();
    flushSync();
    expect(tableRows()).toEqual([
      ['Category', 'Revenue', 'Cumulative share'],
      ['A', '600', '60%'],
      ['B', '300', '90%'],
      ['C', '100', '100%'],
    ]);
  });
});
