/**
 * The clustering lab's shared charts in chromium: ScatterChart (groups, noise, markers,
 * 20,000 points), LineChart (small multiples with a highlighted x) and Dendrogram (SVG,
 * cut line) — their table alternatives, Chart.js datasets, PNGs and Chinese labels.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { cdp, page } from 'vitest/browser';
import { Chart as ChartJs } from 'chart.js';
import '../../src/app/global.css';
import { setLocale } from '../../src/i18n/index.ts';
import ScatterChart from '../../src/ui/ScatterChart.svelte';
import LineChart from '../../src/ui/LineChart.svelte';
import Dendrogram from '../../src/ui/Dendrogram.svelte';

let host: HTMLDivElement;
let mounted: ReturnType<typeof mount>[] = [];

beforeEach(() => {
  setLocale('en');
  host = document.createElement('div');
  host.style.width = '720px';
  host.style.padding = '16px';
  host.style.background = 'var(--surface)';
  document.body.append(host);
});

afterEach(async () => {
  for (const m of mounted) await unmount(m);
  mounted = [];
  host.remove();
  setLocale('en');
  vi.restoreAllMocks();
});

function show<P extends Record<string, unknown>>(
  component: Parameters<typeof mount<P, Record<string, never>>>[0],
  props: P,
  target: HTMLElement = host,
): void {
  mounted.push(mount(component, { target, props }));
  flushSync();
}

const button = (text: string, root: ParentNode = host): HTMLButtonElement => {
  const found = [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === text);
  if (!found) throw new Error(`no button "${text}"`);
  return found;
};

const rowsOf = (table: Element): string[][] =>
  [...table.querySelectorAll('tr')].map((tr) =>
    [...tr.children].map((c) => c.textContent?.replace(/\s+/g, ' ').trim() ?? ''),
  );

const chartOf = (canvas: HTMLCanvasElement): ChartJs => {
  const chart = ChartJs.getChart(canvas);
  if (!chart) throw new Error('no chart on this canvas');
  return chart;
};

/** Catches the PNG downloads: their blobs and file names. */
function catchDownloads(): { blobs: Blob[]; names: string[] } {
  const blobs: Blob[] = [];
  const names: string[] = [];
  vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
    blobs.push(b as Blob);
    return 'blob:test';
  });
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    names.push(this.download);
  });
  return { blobs, names };
}

async function expectPng(blob: Blob): Promise<void> {
  expect(blob.type).toBe('image/png');
  const bytes = new Uint8Array(await blob.arrayBuffer());
  expect([...bytes.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.length).toBeGreaterThan(1000);
}

/** A seeded generator (mulberry32) for reproducible clouds. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` points around three centres plus noise (group −1) every 10th point. */
function clouds(n: number, seed = 7) {
  const random = rng(seed);
  const centres = [
    [1, 1],
    [6, 2],
    [3, 7],
  ];
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const group = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const noise = i % 10 === 9;
    const g = noise ? -1 : i % 3;
    const [cx, cy] = noise ? [5, 5] : centres[g];
    const spread = noise ? 5 : 1;
    x[i] = cx + (random() - 0.5) * 2 * spread;
    y[i] = cy + (random() - 0.5) * 2 * spread;
    group[i] = g;
  }
  return { x, y, group };
}

/** Count and means per group (−1 last), computed independently of the component. */
function groupStats(p: { x: Float64Array; y: Float64Array; group: Int32Array }) {
  const stats = new Map<number, { count: number; sx: number; sy: number }>();
  p.group.forEach((g, i) => {
    const s = stats.get(g) ?? { count: 0, sx: 0, sy: 0 };
    s.count++;
    s.sx += p.x[i];
    s.sy += p.y[i];
    stats.set(g, s);
  });
  return stats;
}

const en2 = (n: number): string =>
  new Intl.NumberFormat('en', { maximumFractionDigits: 2 }).format(n);

describe('ScatterChart', () => {
  const markers = [
    { x: 1, y: 1, group: 0 },
    { x: 6, y: 2, group: 1 },
    { x: 3, y: 7, group: 2 },
  ];

  it('draws one dataset per group, noise in grey under them and markers on top', () => {
    const points = clouds(300);
    show(ScatterChart, {
      title: 'Customers on the PCA map',
      points,
      groupLabels: ['Loyal', 'New', 'Lapsed'],
      noiseLabel: 'Outliers',
      xLabel: 'PC 1',
      yLabel: 'PC 2',
      markers,
      note: 'Sampled: 300 of 1,000 points',
    });
    const canvas = host.querySelector('canvas')!;
    expect(canvas.getAttribute('role')).toBe('img');
    expect(canvas.getAttribute('aria-label')).toBe('Customers on the PCA map');
    const described = (canvas.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent?.trim());
    expect(described).toEqual([
      'Customers on the PCA map: 300 points in 4 groups',
      'Sampled: 300 of 1,000 points',
    ]);

    const chart = chartOf(canvas);
    expect(chart.options.animation).toBe(false);
    expect(chart.options.parsing).toBe(false);
    const stats = groupStats(points);
    const labels = chart.data.datasets.map((d) => d.label);
    // Markers, their halo, the clusters, the noise (Chart.js draws the first on top).
    expect(labels).toEqual(['Centres', '', 'Loyal', 'New', 'Lapsed', 'Outliers']);
    const sizes = chart.data.datasets.map((d) => d.data.length);
    expect(sizes).toEqual([
      3,
      3,
      stats.get(0)!.count,
      stats.get(1)!.count,
      stats.get(2)!.count,
      30,
    ]);
    // Each point is a plain {x, y, i} with the index of the input row.
    const loyal = chart.data.datasets[2].data as { x: number; y: number; i: number }[];
    expect(loyal[1]).toEqual({ x: points.x[3], y: points.y[3], i: 3 });
    expect(() => structuredClone(chart.data.datasets[2].data)).not.toThrow();
    const noise = chart.data.datasets[5] as { pointBackgroundColor?: unknown };
    expect(noise.pointBackgroundColor).toBe('rgba(138, 148, 161, 0.45)'); // --text-faint
    const crosses = chart.data.datasets[0] as { pointStyle?: unknown; pointRadius?: unknown };
    expect(crosses.pointStyle).toBe('crossRot');
    expect(crosses.pointRadius).toBe(8);
    // The legend lists the groups, then noise, then the markers; never the halo.
    const legend = chart.legend!.legendItems!.map((item) => item.text);
    expect(legend).toEqual(['Loyal', 'New', 'Lapsed', 'Outliers', 'Centres']);
    expect(host.querySelector('[data-testid="chart-note"]')?.textContent).toBe(
      'Sampled: 300 of 1,000 points',
    );
  });

  it('has a table alternative with each group’s count and means, and the markers', () => {
    const points = clouds(300);
    show(ScatterChart, {
      title: 'Map',
      points,
      groupLabels: ['Loyal', 'New', 'Lapsed'],
      xLabel: 'Recency',
      yLabel: 'Spend',
      markers,
    });
    expect(host.querySelector('table')).toBeNull();
    button('Show as table').click();
    flushSync();
    const stats = groupStats(points);
    const row = (name: string, g: number): string[] => {
      const s = stats.get(g)!;
      return [name, String(s.count), en2(s.sx / s.count), en2(s.sy / s.count)];
    };
    expect(rowsOf(host.querySelector('[data-testid="scatter-groups"]')!)).toEqual([
      ['Group', 'Points', 'Mean Recency', 'Mean Spend'],
      row('Loyal', 0),
      row('New', 1),
      row('Lapsed', 2),
      row('Noise', -1),
    ]);
    expect(rowsOf(host.querySelector('[data-testid="scatter-markers"]')!)).toEqual([
      ['Group', 'Recency', 'Spend'],
      ['Loyal', '1', '1'],
      ['New', '6', '2'],
      ['Lapsed', '3', '7'],
    ]);
    expect(button('Show as chart')).toBeTruthy();
    expect((host.querySelector('.chart-canvas') as HTMLElement).hidden).toBe(true);
  });

  it('names a hovered point with pointLabel (e.g. the customer id)', () => {
    const points = clouds(30);
    show(ScatterChart, {
      title: 'Map',
      points,
      groupLabels: ['A', 'B', 'C'],
      pointLabel: (i: number) => `Customer ${1000 + i}`,
      xLabel: 'PC 1',
      yLabel: 'PC 2',
    });
    const chart = chartOf(host.querySelector('canvas')!);
    const b = chart.data.datasets.findIndex((d) => d.label === 'B');
    const element = chart.getDatasetMeta(b).data[0];
    chart.tooltip!.setActiveElements([{ datasetIndex: b, index: 0 }], {
      x: element.x,
      y: element.y,
    });
    chart.update();
    expect(chart.tooltip!.title).toEqual(['Customer 1001']); // group[1] = 1: the first B
    expect(chart.tooltip!.body[0].lines).toEqual([
      'B',
      `PC 1: ${en2(points.x[1])}`,
      `PC 2: ${en2(points.y[1])}`,
    ]);
  });

  it('draws 20,000 points in one pass', () => {
    const points = clouds(20_000, 11);
    const started = performance.now();
    show(ScatterChart, {
      title: 'Big map',
      points,
      groupLabels: ['A', 'B', 'C'],
      xLabel: 'x',
      yLabel: 'y',
    });
    const elapsed = performance.now() - started;
    const chart = chartOf(host.querySelector('canvas')!);
    const total = chart.data.datasets.reduce((s, d) => s + d.data.length, 0);
    expect(total).toBe(20_000);
    expect(
      chart.data.datasets.every((d) => (d as { pointRadius?: number }).pointRadius! <= 2),
    ).toBe(true);
    // Not a benchmark: a generous bound that only a pathological slowdown would break.
    expect(elapsed).toBeLessThan(5_000);
  });

  it('takes the group colours it is given, noise staying grey', () => {
    show(ScatterChart, {
      title: 'Map',
      points: clouds(100),
      groupLabels: ['A', 'B', 'C'],
      colours: ['#0072b2', '#e69f00'],
      xLabel: 'x',
      yLabel: 'y',
    });
    const chart = chartOf(host.querySelector('canvas')!);
    const borders = chart.data.datasets.map(
      (d) => (d as { pointBorderColor?: unknown }).pointBorderColor,
    );
    // Colours cycle: group 2 takes the first again.
    expect(borders).toEqual(['#0072b2', '#e69f00', '#0072b2', '#8a94a1']);
    const swatches = chart.legend!.legendItems!.map((item) => item.fillStyle);
    expect(swatches).toEqual(['#0072b2', '#e69f00', '#0072b2', '#8a94a1']);
  });

  it('saves a PNG named after the title', async () => {
    show(ScatterChart, {
      title: 'Clusters: PCA',
      points: clouds(100),
      groupLabels: ['A', 'B', 'C'],
      xLabel: 'x',
      yLabel: 'y',
    });
    const { blobs, names } = catchDownloads();
    button('Save PNG').click();
    await expect.poll(() => blobs.length, { timeout: 10_000 }).toBe(1);
    await expectPng(blobs[0]);
    expect(names).toEqual(['Clusters- PCA.png']);
  });

  it('speaks Chinese', () => {
    setLocale('zh-CN');
    const points = clouds(50);
    show(ScatterChart, {
      title: '聚类图',
      points,
      groupLabels: [],
      xLabel: '主成分 1',
      yLabel: '主成分 2',
      markers: [{ x: 1, y: 1, group: 0 }],
    });
    const chart = chartOf(host.querySelector('canvas')!);
    expect(chart.data.datasets.map((d) => d.label)).toEqual([
      '中心',
      '',
      '第 1 组',
      '第 2 组',
      '第 3 组',
      '噪声',
    ]);
    button('以表格显示').click();
    flushSync();
    const rows = rowsOf(host.querySelector('[data-testid="scatter-groups"]')!);
    expect(rows[0]).toEqual(['组', '点数', '主成分 1 均值', '主成分 2 均值']);
    expect(rows.map((r) => r[0]).slice(1)).toEqual(['第 1 组', '第 2 组', '第 3 组', '噪声']);
    expect(host.querySelector('[data-testid="scatter-markers"] caption')?.textContent).toBe('中心');
    expect(button('以图表显示')).toBeTruthy();
    expect(button('保存为 PNG')).toBeTruthy();
  });
});

describe('LineChart', () => {
  const labels = ['2', '3', '4', '5', '6'];
  const fixed = (d: number) => (n: number) =>
    new Intl.NumberFormat('en', { minimumFractionDigits: d, maximumFractionDigits: d }).format(n);
  const panels = [
    { title: 'Inertia', values: [900, 420, 210, 190, 175], format: fixed(0), better: 'lower' },
    {
      title: 'Silhouette',
      values: [0.41, 0.48, 0.55, 0.47, 0.44],
      format: fixed(3),
      better: 'higher',
    },
    {
      title: 'Davies–Bouldin',
      values: [0.9, 0.8, 0.62, 0.75, 0.81],
      format: fixed(3),
      better: 'lower',
    },
    {
      title: 'Calinski–Harabasz',
      values: [310, 402, 515, 488, NaN],
      format: fixed(1),
      better: 'higher',
    },
  ] as const;

  function showScores(extra: Record<string, unknown> = {}): void {
    show(LineChart, {
      labels,
      xTitle: 'k',
      panels: panels.map((p) => ({ ...p, values: [...p.values] })),
      highlight: 2,
      ...extra,
    });
  }

  it('draws one small chart per panel, each marking the highlighted x', () => {
    showScores();
    const canvases = [...host.querySelectorAll('canvas')];
    expect(canvases.length).toBe(4);
    expect(canvases.map((c) => c.getAttribute('role'))).toEqual(['img', 'img', 'img', 'img']);
    expect(canvases[1].getAttribute('aria-label')).toBe(
      'Silhouette. Higher is better. k = 4: 0.550',
    );
    expect(canvases[0].getAttribute('aria-label')).toBe('Inertia. Lower is better. k = 4: 210');
    expect(host.querySelector('[data-testid="line-highlight"]')?.textContent?.trim()).toBe(
      'Marked: k = 4',
    );
    const heads = [...host.querySelectorAll('.panel-head')].map((h) =>
      h.textContent?.replace(/\s+/g, ' ').trim(),
    );
    expect(heads).toEqual([
      'Inertia Lower is better',
      'Silhouette Higher is better',
      'Davies–Bouldin Lower is better',
      'Calinski–Harabasz Higher is better',
    ]);
    canvases.forEach((canvas, i) => {
      const chart = chartOf(canvas);
      expect(chart.data.labels).toEqual(labels);
      expect(chart.data.datasets.length).toBe(1);
      const ds = chart.data.datasets[0] as { data: number[]; pointRadius?: number[] };
      expect(ds.data).toEqual(panels[i].values.map((v) => (Number.isFinite(v) ? v : NaN)));
      expect(ds.pointRadius).toEqual([3, 3, 5, 3, 3]);
      expect(() => structuredClone(ds.data)).not.toThrow();
    });
    // Each panel has its own y axis, written with its own format.
    const silhouette = chartOf(canvases[1]);
    expect(silhouette.scales.y.min).toBeGreaterThan(0.3);
    expect(silhouette.scales.y.ticks.every((t) => /^\d\.\d{3}$/.test(String(t.label)))).toBe(true);
  });

  it('has a table with one row per x and one column per panel, the highlighted row marked', () => {
    showScores();
    button('Show as table').click();
    flushSync();
    const table = host.querySelector('table')!;
    expect(rowsOf(table)).toEqual([
      ['k', 'Inertia', 'Silhouette', 'Davies–Bouldin', 'Calinski–Harabasz'],
      ['2', '900', '0.410', '0.900', '310.0'],
      ['3', '420', '0.480', '0.800', '402.0'],
      ['4 (marked)', '210', '0.550', '0.620', '515.0'],
      ['5', '190', '0.470', '0.750', '488.0'],
      ['6', '175', '0.440', '0.810', '—'],
    ]);
    const marked = [...table.querySelectorAll('tbody tr')].map((tr) =>
      tr.hasAttribute('data-marked'),
    );
    expect(marked).toEqual([false, false, true, false, false]);
    expect((host.querySelector('.panels') as HTMLElement).hidden).toBe(true);
  });

  it('draws no highlight when none is given or it is out of range', () => {
    showScores({ highlight: 9 });
    expect(host.querySelector('[data-testid="line-highlight"]')).toBeNull();
    const ds = chartOf(host.querySelector('canvas')!).data.datasets[0] as {
      pointRadius?: number[];
    };
    expect(ds.pointRadius).toEqual([3, 3, 3, 3, 3]);
  });

  it('saves the whole figure as one PNG', async () => {
    showScores({ title: 'Choose k' });
    const { blobs, names } = catchDownloads();
    button('Save PNG').click();
    await expect.poll(() => blobs.length, { timeout: 10_000 }).toBe(1);
    await expectPng(blobs[0]);
    expect(names).toEqual(['Choose k.png']);
    // Four panels in a 2×2 grid: wider than one panel and taller than two.
    const bitmap = await createImageBitmap(blobs[0]);
    const panel = host.querySelector('canvas')!;
    expect(bitmap.width).toBeGreaterThan(panel.width * 2);
    expect(bitmap.height).toBeGreaterThan(panel.height * 2);
  });

  it('speaks Chinese', () => {
    setLocale('zh-CN');
    showScores({
      panels: [{ title: '轮廓系数', values: [0.41, 0.48, 0.55, 0.47, 0.44], better: 'higher' }],
    });
    expect(host.querySelector('[data-testid="line-highlight"]')?.textContent?.trim()).toBe(
      '已标记：k = 4',
    );
    expect(host.querySelector('.panel-better')?.textContent).toBe('越高越好');
    button('以表格显示').click();
    flushSync();
    expect(rowsOf(host.querySelector('table')!)[3]).toEqual(['4 (已标记)', '0.55']);
  });
});

describe('Dendrogram', () => {
  // Four leaves: A+B at 1, C+D at 1.5, then (A B)+(C D) at 4; each merge is a Π shape.
  const segments = [
    { x1: 0, y1: 0, x2: 0, y2: 1 },
    { x1: 1, y1: 0, x2: 1, y2: 1 },
    { x1: 0, y1: 1, x2: 1, y2: 1 },
    { x1: 2, y1: 0, x2: 2, y2: 1.5 },
    { x1: 3, y1: 0, x2: 3, y2: 1.5 },
    { x1: 2, y1: 1.5, x2: 3, y2: 1.5 },
    { x1: 0.5, y1: 1, x2: 0.5, y2: 4 },
    { x1: 2.5, y1: 1.5, x2: 2.5, y2: 4 },
    { x1: 0.5, y1: 4, x2: 2.5, y2: 4 },
  ];
  const leafLabels = ['A', 'B', '(12)', '(30)'];

  it('draws one path per segment, the y axis and the cut line at its height', () => {
    show(Dendrogram, {
      title: 'Dendrogram',
      yLabel: 'Merge height',
      segments,
      leafLabels,
      cutHeight: 2,
      cutLabel: 'Cut for k = 2',
    });
    const svg = host.querySelector('svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe('Dendrogram: 4 leaves. Cut for k = 2');
    const paths = [...svg.querySelectorAll('path')];
    expect(paths.length).toBe(segments.length);

    // The y axis: ticks 0…4; the cut at 2 sits on the tick line of 2, halfway up.
    const tickY = (v: number): number =>
      Number(svg.querySelector(`line[data-tick="${v}"]`)!.getAttribute('y1'));
    expect(
      [...svg.querySelectorAll('line[data-tick]')].map((l) => l.getAttribute('data-tick')),
    ).toEqual(['0', '1', '2', '3', '4']);
    const cut = svg.querySelector('[data-testid="dendrogram-cut"] line')!;
    const cutY = Number(cut.getAttribute('y1'));
    expect(cut.getAttribute('y2')).toBe(cut.getAttribute('y1'));
    expect(cut.getAttribute('stroke-dasharray')).toBe('6 4');
    expect(cutY).toBeCloseTo(tickY(2), 6);
    expect(cutY).toBeCloseTo((tickY(0) + tickY(4)) / 2, 6);
    expect(svg.querySelector('[data-testid="dendrogram-cut"] text')?.textContent).toBe(
      'Cut for k = 2',
    );

    // The root's bar is drawn at height 4 (the top tick), the A+B bar at height 1.
    const pathY = (i: number): number => Number(/ ([\d.]+)L/.exec(paths[i].getAttribute('d')!)![1]);
    expect(pathY(8)).toBeCloseTo(tickY(4), 6);
    expect(pathY(2)).toBeCloseTo(tickY(1), 6);
    // Branches below the cut in the accent colour, the rest muted.
    const strokes = paths.map((p) => p.getAttribute('stroke'));
    expect(new Set(strokes.slice(0, 6)).size).toBe(1);
    expect(strokes[6]).not.toBe(strokes[0]);
    expect([...svg.querySelectorAll('.leaves text')].map((t) => t.textContent)).toEqual(leafLabels);
  });

  it('lists the merges read off the segments, or the merges it is given', async () => {
    show(Dendrogram, { title: 'Tree', yLabel: 'Height', segments, leafLabels, cutHeight: 2 });
    button('Show as table').click();
    flushSync();
    expect(rowsOf(host.querySelector('table')!)).toEqual([
      ['Merge', 'Height', 'Left', 'Right'],
      ['1', '1', 'A', 'B'],
      ['2', '1.5', '(12)', '(30)'],
      ['3', '4', 'merge 1', 'merge 2'],
    ]);
    expect(host.querySelector('svg')!.getAttribute('aria-label')).toBe('Tree: 4 leaves. Cut at 2');

    for (const m of mounted) await unmount(m);
    mounted = [];
    show(Dendrogram, {
      title: 'Tree',
      yLabel: 'Height',
      segments,
      leafLabels,
      merges: [{ height: 0.25, left: 'x', right: 'y' }],
    });
    button('Show as table').click();
    flushSync();
    expect(rowsOf(host.querySelector('table')!).slice(1)).toEqual([['1', '0.25', 'x', 'y']]);
  });

  it('saves a PNG of the picture', async () => {
    show(Dendrogram, { title: 'Ward tree', yLabel: 'Height', segments, leafLabels, cutHeight: 2 });
    const { blobs, names } = catchDownloads();
    button('Save PNG').click();
    await expect.poll(() => blobs.length, { timeout: 10_000 }).toBe(1);
    await expectPng(blobs[0]);
    expect(names).toEqual(['Ward tree.png']);
  });

  it('speaks Chinese', () => {
    setLocale('zh-CN');
    show(Dendrogram, { title: '树状图', yLabel: '合并高度', segments, leafLabels, cutHeight: 2 });
    expect(host.querySelector('svg')!.getAttribute('aria-label')).toBe(
      '树状图：4 个叶节点。在 2 处切分',
    );
    button('以表格显示').click();
    flushSync();
    const rows = rowsOf(host.querySelector('table')!);
    expect(rows[0]).toEqual(['合并', '高度', '左', '右']);
    expect(rows[3]).toEqual(['3', '4', '合并 1', '合并 2']);
  });
});

/**
 * Screenshots for review (tests/.artifacts is ignored by git): the window is made tall
 * enough first, as the test runner scales its iframe down to fit (CDP, chromium only).
 */
async function shoot(name: string): Promise<void> {
  const height = Math.ceil(host.getBoundingClientRect().height) + 40;
  await cdp().send('Emulation.setDeviceMetricsOverride', {
    width: 1100,
    height: height + 200,
    deviceScaleFactor: 1,
    mobile: false,
  });
  await page.viewport(1000, height);
  await new Promise((r) => setTimeout(r, 400));
  try {
    await page.screenshot({ element: host, path: `../.artifacts/screenshots/${name}.png` });
  } finally {
    await cdp().send('Emulation.clearDeviceMetricsOverride', {});
    await page.viewport(1000, 900);
  }
}

describe('shared clustering charts', () => {
  it('look right (screenshots for review)', async () => {
    const points = clouds(20_000, 3);
    show(ScatterChart, {
      title: 'Customers on the first two principal components',
      points,
      groupLabels: ['High value · frequent · recent', 'Occasional', 'Lapsed'],
      xLabel: 'PC 1 (61.2%)',
      yLabel: 'PC 2 (24.8%)',
      markers: [
        { x: 1, y: 1, group: 0 },
        { x: 6, y: 2, group: 1 },
        { x: 3, y: 7, group: 2 },
      ],
      note: 'Sampled: 20,000 of 412,000 points',
      height: 380,
    });
    await shoot('charts-scatter');
    for (const m of mounted) await unmount(m);
    mounted = [];

    show(LineChart, {
      labels: ['2', '3', '4', '5', '6', '7', '8', '9', '10'],
      xTitle: 'k',
      title: 'Choose k',
      highlight: 2,
      panels: [
        {
          title: 'Inertia (elbow)',
          values: [900, 420, 210, 190, 175, 160, 150, 142, 137],
          better: 'lower' as const,
        },
        {
          title: 'Silhouette',
          values: [0.41, 0.48, 0.55, 0.47, 0.44, 0.4, 0.38, 0.37, 0.35],
          better: 'higher' as const,
        },
        {
          title: 'Davies–Bouldin',
          values: [0.9, 0.8, 0.62, 0.75, 0.81, 0.86, 0.9, 0.92, 0.95],
          better: 'lower' as const,
        },
        {
          title: 'Calinski–Harabasz',
          values: [310, 402, 515, 488, 470, 455, 430, 420, 401],
          better: 'higher' as const,
        },
      ],
    });
    await shoot('charts-line');
    button('Show as table').click();
    flushSync();
    await shoot('charts-line-table');
    for (const m of mounted) await unmount(m);
    mounted = [];

    setLocale('zh-CN');
    const leaves = 24;
    const segs: { x1: number; y1: number; x2: number; y2: number }[] = [];
    // A balanced tree over 24 leaves, heights growing with each level.
    let level = Array.from({ length: leaves }, (_, i) => ({ x: i, h: 0 }));
    let h = 0.4;
    while (level.length > 1) {
      const next: { x: number; h: number }[] = [];
      for (let i = 0; i + 1 < level.length; i += 2) {
        const [a, b] = [level[i], level[i + 1]];
        const top = h + (i % 3) * 0.15;
        segs.push({ x1: a.x, y1: a.h, x2: a.x, y2: top });
        segs.push({ x1: b.x, y1: b.h, x2: b.x, y2: top });
        segs.push({ x1: a.x, y1: top, x2: b.x, y2: top });
        next.push({ x: (a.x + b.x) / 2, h: top });
      }
      if (level.length % 2 === 1) next.push(level[level.length - 1]);
      level = next;
      h *= 2.1;
    }
    show(Dendrogram, {
      title: '树状图（最上层 24 个分支）',
      yLabel: '合并高度',
      segments: segs,
      leafLabels: Array.from({ length: leaves }, (_, i) => `(${((i * 37) % 90) + 3})`),
      cutHeight: 5,
      cutLabel: 'k = 4 的切分',
      height: 320,
    });
    await shoot('charts-dendrogram-zh');
    expect(host.querySelectorAll('svg path').length).toBe(segs.length);
  });
});
