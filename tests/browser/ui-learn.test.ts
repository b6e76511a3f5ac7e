/**
 * The Learn page (teaching mode) in chromium on the demo shop: the numbers shown after
 * Assign / Update equal src/core/cluster/steps.ts run in the test on the same points, Step
 * back restores the previous step, Play converges and stops where Lloyd's algorithm ends,
 * the elbow table equals `elbow`, other profiles can be used, and the Chinese labels.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { cdp, page } from 'vitest/browser';
import '../../src/app/global.css';
import { setLocale, formatNumber } from '../../src/i18n/index.ts';
import { generateDemoShop } from '../../src/core/demo/index.ts';
import { buildProfiles } from '../../src/core/customers/profiles.ts';
import { assignStep, elbow, lloyd, randomStart, updateStep } from '../../src/core/cluster/steps.ts';
import type { Table } from '../../src/core/table/index.ts';
import type { DatasetRecord } from '../../src/store/types.ts';
import { profiles } from '../../src/features/customers/profiles.svelte.ts';
import { buildPoints, type LearnPoints } from '../../src/features/learn/learnData.ts';
import LearnPage from '../../src/features/learn/LearnPage.svelte';

let demo: Table;
/** What the page shows by default: 500 of the demo customers, recency × monetary, log1p+z. */
let data: LearnPoints;

beforeAll(() => {
  // The page's demo shop, built here independently of the page's cache.
  const shop = generateDemoShop({ customers: 2000, seed: 42 });
  demo = buildProfiles(shop.transactions, shop.roles.transactions).table;
  data = buildPoints(demo, 'recency_days', 'monetary', 'log1p-z', 500, 1);
});

let host: HTMLDivElement;
let mounted: ReturnType<typeof mount> | null = null;

beforeEach(() => {
  setLocale('en');
  profiles.close();
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

const q = <T extends Element = HTMLElement>(selector: string): T => {
  const el = host.querySelector<T>(selector);
  if (!el) throw new Error(`no ${selector}`);
  return el;
};
const byId = <T extends Element = HTMLElement>(id: string): T => q<T>(`[data-testid="${id}"]`);
const text = (id: string): string => byId(id).textContent?.replace(/\s+/g, ' ').trim() ?? '';
const value = (id: string): number => Number(byId(id).getAttribute('data-value'));
const press = (id: string): void => {
  byId<HTMLButtonElement>(id).click();
  flushSync();
};
const choose = (id: string, v: string): void => {
  const select = byId<HTMLSelectElement>(id);
  select.value = v;
  select.dispatchEvent(new Event('change', { bubbles: true }));
  flushSync();
};

/** The plotted (scaled) centroids as the table lists them. */
function shownCentroids(k: number): number[] {
  const out: number[] = [];
  for (let c = 0; c < k; c++) {
    const row = q(`[data-testid="centroid-row-${c}"]`);
    out.push(Number(row.querySelector('[data-col="scaledX"]')!.getAttribute('data-value')));
    out.push(Number(row.querySelector('[data-col="scaledY"]')!.getAttribute('data-value')));
  }
  return out;
}

function shownSizes(k: number): number[] {
  return Array.from({ length: k }, (_, c) =>
    Number(
      q(`[data-testid="centroid-row-${c}"] [data-col="size"]`).textContent!.replace(/\D/g, ''),
    ),
  );
}

const inertiaText = (v: number): string =>
  formatNumber(v, { maximumFractionDigits: Math.abs(v) >= 100 ? 1 : 3 });

async function open(props: Record<string, unknown> = { playInterval: 15 }): Promise<void> {
  mounted = mount(LearnPage, { target: host, props });
  flushSync();
  await expect
    .poll(() => host.querySelector('[data-testid="learn-facts"]'), { timeout: 15_000 })
    .not.toBeNull();
  flushSync();
}

describe('Learn page data', () => {
  it('uses 500 demo customers on recency × monetary, scaled log1p + z, k-means++ seed 0', async () => {
    await open();
    let usable = 0;
    const rec = demo.columns.find((c) => c.name === 'recency_days')!;
    const mon = demo.columns.find((c) => c.name === 'monetary')!;
    for (let r = 0; r < demo.rowCount; r++) {
      if (
        rec.type !== 'dict' &&
        mon.type !== 'dict' &&
        Number.isFinite(rec.values[r]) &&
        Number.isFinite(mon.values[r])
      )
        usable++;
    }
    expect(data.n).toBe(500);
    expect(text('learn-data-summary')).toBe(
      `500 customers drawn at random (sample seed 1) from ${formatNumber(usable)} with both values.`,
    );
    expect(byId<HTMLSelectElement>('learn-x').value).toBe('recency_days');
    expect(byId<HTMLSelectElement>('learn-y').value).toBe('monetary');
    expect(byId<HTMLSelectElement>('learn-k').value).toBe('3');
    const start = randomStart(data.points, data.n, 2, 3, 0, 'k-means++');
    expect(shownCentroids(3)).toEqual([...start]);
    expect(byId('scatter-svg').querySelectorAll('circle.point').length).toBe(500);
    expect(text('learn-explanation')).toContain('Start: 3 centroids chosen by k-means++ (seed 0)');
    expect(text('learn-next')).toBe('Assign');
  });
});

describe('stepping', () => {
  it('shows the numbers steps.ts computes, and Step back restores the previous step', async () => {
    await open();
    const { points, n } = data;
    const start = randomStart(points, n, 2, 3, 0, 'k-means++');

    // Update is not the next step: it stays focusable and says so.
    expect(byId('learn-update').getAttribute('aria-disabled')).toBe('true');
    press('learn-update');
    expect(text('learn-hint')).toBe('The centroids are up to date; assign the points next.');
    expect(shownCentroids(3)).toEqual([...start]);

    press('learn-assign');
    const a1 = assignStep(points, n, 2, start, 3);
    expect(value('learn-inertia')).toBe(a1.inertia);
    expect(text('learn-inertia')).toBe(inertiaText(a1.inertia));
    expect(value('learn-changed')).toBe(500);
    expect(shownSizes(3)).toEqual(a1.sizes);
    expect(text('learn-explanation')).toBe(
      `Assigned: each of the 500 points joined its nearest centroid. Inertia — the sum of the squared distances of the points to their centroids — is ${inertiaText(a1.inertia)}. Next: move every centroid to the mean of its points.`,
    );
    const colours = [...q('[data-testid="scatter-svg"]').querySelectorAll('circle.point')].map(
      (c) => (c as SVGElement).style.fill,
    );
    expect(new Set(colours).size).toBe(a1.sizes.filter((s) => s > 0).length);

    press('learn-update');
    const u1 = updateStep(points, n, 2, a1.labels, 3, start);
    expect(shownCentroids(3)).toEqual([...u1.centroids]);
    expect(value('learn-inertia')).toBe(u1.inertia);
    expect(value('learn-iterations')).toBe(1);
    expect(u1.inertia).toBeLessThan(a1.inertia);
    const shift = formatNumber(Math.max(...u1.shifts), { maximumFractionDigits: 3 });
    expect(text('learn-explanation')).toBe(
      `Updated: every centroid moved to the mean of its points (the largest move: ${shift}); inertia fell from ${inertiaText(a1.inertia)} to ${inertiaText(u1.inertia)}. Next: assign the points again.`,
    );

    press('learn-assign');
    const a2 = assignStep(points, n, 2, u1.centroids, 3, a1.labels);
    expect(a2.changed).toBeGreaterThan(1);
    expect(value('learn-changed')).toBe(a2.changed);
    expect(value('learn-inertia')).toBe(a2.inertia);
    expect(shownSizes(3)).toEqual(a2.sizes);
    expect(text('learn-explanation')).toBe(
      `Assigned: ${formatNumber(a2.changed)} points changed cluster; inertia fell from ${inertiaText(u1.inertia)} to ${inertiaText(a2.inertia)}. Next: move the centroids again.`,
    );
    // Inertia per step: one table row per step so far.
    press('chart-toggle');
    const rows = [...host.querySelectorAll('[data-testid="inertia-chart"] tbody tr')];
    expect(rows.length).toBe(3);

    // Step back: the update's state again, then the first assignment's.
    press('learn-back');
    expect(value('learn-inertia')).toBe(u1.inertia);
    expect(shownCentroids(3)).toEqual([...u1.centroids]);
    expect(host.querySelector('[data-testid="learn-changed"]')).toBeNull();
    expect(text('learn-next')).toBe('Assign');
    press('learn-back');
    expect(value('learn-inertia')).toBe(a1.inertia);
    expect(shownCentroids(3)).toEqual([...start]);
    expect(shownSizes(3)).toEqual(a1.sizes);
    expect(text('learn-next')).toBe('Update centroids');
    press('learn-back');
    expect(text('learn-inertia')).toBe('— (not assigned yet)');
    expect(byId<HTMLButtonElement>('learn-back').disabled).toBe(true);
  });

  it('Play alternates the steps until convergence, stops and announces it', async () => {
    await open();
    const { points, n } = data;
    const run = lloyd(points, n, 2, 3, 0, { starts: 1 });
    expect(run.iterations).toBeGreaterThan(3);
    press('learn-play');
    expect(text('learn-play')).toBe('Pause');
    expect(byId('learn-play').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => text('learn-next'), { timeout: 20_000 }).toBe('Converged');
    flushSync();
    expect(text('learn-play')).toBe('Play');
    expect(byId('learn-play').getAttribute('aria-pressed')).toBe('false');
    expect(value('learn-inertia')).toBe(run.inertia);
    expect(value('learn-iterations')).toBe(run.iterations);
    expect(value('learn-changed')).toBe(0);
    expect(shownCentroids(3)).toEqual([...run.centroids]);
    const announced = `Converged: no point changed cluster, so the centroids will not move again. Final inertia ${inertiaText(run.inertia)} after ${run.iterations} iterations.`;
    expect(text('learn-explanation')).toBe(announced);
    expect(text('learn-live')).toBe(announced);
    expect(value('learn-step')).toBe(run.inertias.length);
    // Nothing more to do: Assign says so; Step back leaves the converged state.
    press('learn-assign');
    expect(text('learn-hint')).toContain('k-means has converged');
    press('learn-back');
    expect(text('learn-next')).toBe('Assign');
  });

  it('k, the start method and New random start restart from the seeded start', async () => {
    await open();
    const { points, n } = data;
    choose('learn-k', '5');
    expect(shownCentroids(5)).toEqual([...randomStart(points, n, 2, 5, 0, 'k-means++')]);
    choose('learn-method', 'random');
    expect(shownCentroids(5)).toEqual([...randomStart(points, n, 2, 5, 0, 'random')]);
    expect(text('learn-explanation')).toContain('placed on 5 points drawn at random (seed 0)');
    press('learn-assign');
    press('learn-new-start');
    expect(byId<HTMLInputElement>('learn-seed').value).toBe('1');
    expect(shownCentroids(5)).toEqual([...randomStart(points, n, 2, 5, 1, 'random')]);
    expect(byId<HTMLButtonElement>('learn-back').disabled).toBe(true);
    // A typed seed.
    const seed = byId<HTMLInputElement>('learn-seed');
    seed.value = '17';
    seed.dispatchEvent(new Event('input', { bubbles: true }));
    seed.dispatchEvent(new Event('change', { bubbles: true }));
    flushSync();
    expect(shownCentroids(5)).toEqual([...randomStart(points, n, 2, 5, 17, 'random')]);
    seed.value = '-3';
    seed.dispatchEvent(new Event('input', { bubbles: true }));
    seed.dispatchEvent(new Event('change', { bubbles: true }));
    flushSync();
    expect(seed.getAttribute('aria-invalid')).toBe('true');
    expect(host.textContent).toContain('The seed must be a whole number of 0 or more.');
    expect(shownCentroids(5)).toEqual([...randomStart(points, n, 2, 5, 17, 'random')]);
  });

  it('computes the elbow and silhouette for k = 2..8 on the same points', async () => {
    await open();
    press('elbow-run');
    await expect
      .poll(() => host.querySelectorAll('[data-testid="elbow-table"] tbody tr').length, {
        timeout: 20_000,
      })
      .toBe(7);
    const rows = elbow(data.points, data.n, 2, { kMin: 2, kMax: 8, starts: 5, seed: 0 });
    for (const r of rows) {
      const tr = `[data-testid="elbow-row-${r.k}"]`;
      expect(Number(q(`${tr} [data-col="inertia"]`).getAttribute('data-value'))).toBe(r.inertia);
      expect(Number(q(`${tr} [data-col="silhouette"]`).getAttribute('data-value'))).toBe(
        r.silhouette,
      );
    }
    const best = rows.reduce((a, b) => (b.silhouette > a.silhouette ? b : a)).k;
    expect(text('elbow-status')).toBe(`Done: k = 2–8; the highest silhouette is at k = ${best}.`);
    press('elbow-use-6');
    expect(byId<HTMLSelectElement>('learn-k').value).toBe('6');
    expect(shownCentroids(6)).toEqual([...randomStart(data.points, data.n, 2, 6, 0, 'k-means++')]);
  });
});

describe('other data and languages', () => {
  it('steps through the open profiles, unscaled, when chosen', async () => {
    const shop = generateDemoShop({ customers: 120, seed: 7 });
    const table = buildProfiles(shop.transactions, shop.roles.transactions).table;
    profiles.record = {
      id: 77,
      name: 'Class data',
      kind: 'results',
      rowCount: table.rowCount,
      columns: [],
      chunkRows: table.rowCount,
      bytes: 0,
      contentHash: '',
      createdAt: 0,
      report: { kind: 'profiles' },
    } as DatasetRecord;
    profiles.table = table;
    await open();
    choose('learn-source', 'profiles');
    choose('learn-scaling', 'none');
    choose('learn-x', 'frequency');
    const mine = buildPoints(table, 'frequency', 'monetary', 'none', 500, 1);
    expect(mine.n).toBe(table.rowCount);
    expect(text('learn-data-summary')).toBe(`All ${table.rowCount} customers with both values.`);
    const start = randomStart(mine.points, mine.n, 2, 3, 0, 'k-means++');
    // Unscaled: the table shows the plotted values in the columns' own units.
    for (let c = 0; c < 3; c++) {
      const row = `[data-testid="centroid-row-${c}"]`;
      expect(Number(q(`${row} [data-col="x"]`).getAttribute('data-value'))).toBe(start[2 * c]);
      expect(Number(q(`${row} [data-col="y"]`).getAttribute('data-value'))).toBe(start[2 * c + 1]);
    }
    press('learn-assign');
    expect(value('learn-inertia')).toBe(assignStep(mine.points, mine.n, 2, start, 3).inertia);
  });

  it('speaks Chinese', async () => {
    setLocale('zh-CN');
    await open();
    expect(q('h1').textContent).toBe('逐步学习 k-means');
    expect(text('learn-assign')).toBe('分配');
    expect(text('learn-update')).toBe('更新质心');
    expect(text('learn-back')).toBe('后退一步');
    expect(text('learn-play')).toBe('播放');
    expect(text('learn-new-start')).toBe('新的随机起点');
    press('learn-assign');
    press('learn-update');
    press('learn-assign');
    const { points, n } = data;
    const start = randomStart(points, n, 2, 3, 0, 'k-means++');
    const a1 = assignStep(points, n, 2, start, 3);
    const u1 = updateStep(points, n, 2, a1.labels, 3, start);
    const a2 = assignStep(points, n, 2, u1.centroids, 3, a1.labels);
    expect(text('learn-explanation')).toBe(
      `已分配：${formatNumber(a2.changed)} 个点换了簇；惯性从 ${inertiaText(u1.inertia)} 降到 ${inertiaText(a2.inertia)}。下一步：再次移动质心。`,
    );
    expect(text('learn-next')).toBe('更新质心');
  });

  it('looks right (screenshot for review)', async () => {
    await open();
    press('learn-assign');
    press('learn-update');
    host.style.width = '980px';
    byId<HTMLInputElement>('learn-lines').click();
    flushSync();
    const height = Math.ceil(host.getBoundingClientRect().height) + 40;
    await cdp().send('Emulation.setDeviceMetricsOverride', {
      width: 1100,
      height: height + 200,
      deviceScaleFactor: 1,
      mobile: false,
    });
    await page.viewport(1000, height);
    await new Promise((r) => setTimeout(r, 800));
    try {
      await page.screenshot({ element: host, path: '../.artifacts/screenshots/learn-page.png' });
    } finally {
      await cdp().send('Emulation.clearDeviceMetricsOverride', {});
      await page.viewport(1000, 900);
    }
  });
});
