/**
 * The Learn page's BG/NBD topic in chromium: the topic tabs (k-means by default, keyboard
 * operable), the worked example of Fader, Hardie & Lee (2005) — CDNOW parameters, x = 2,
 * t_x = 30.43, T = 38.86, t = 39 gives E[Y(t)] = 1.226 — shown equal to bgNbdModel, the
 * sliders updating the outputs, t_x kept ≤ T, the seeded simulation of 1,000 customers
 * against simulateBgNbd, the presets and the Chinese texts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { cdp, page } from 'vitest/browser';
import '../../src/app/global.css';
import { formatNumber, setLocale } from '../../src/i18n/index.ts';
import { bgNbdModel } from '../../src/core/clv/bgnbd.ts';
import { simulateBgNbd } from '../../src/core/clv/simulate.ts';
import { profiles } from '../../src/features/customers/profiles.svelte.ts';
import LearnPage from '../../src/features/learn/LearnPage.svelte';

const CDNOW = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

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
const fixed3 = (v: number): string =>
  formatNumber(v, { minimumFractionDigits: 3, maximumFractionDigits: 3 });

/** Moves a slider as a pointer or arrow key would: value, then an input event. */
function slide(id: string, v: number): void {
  const input = byId<HTMLInputElement>(id);
  input.value = String(v);
  input.dispatchEvent(new Event('input', { bubbles: true }));
  flushSync();
}

/** Types into a number field and leaves it (input, then change). */
function type(id: string, v: string): void {
  const input = byId<HTMLInputElement>(id);
  input.value = v;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
  flushSync();
}

const press = (id: string): void => {
  byId<HTMLButtonElement>(id).click();
  flushSync();
};

/** "Show as table" on the chart inside the element with this test id. */
function showTable(id: string): HTMLElement {
  const box = byId(id);
  box.querySelector<HTMLButtonElement>('[data-testid="chart-toggle"]')!.click();
  flushSync();
  return box;
}

function openPage(): void {
  mounted = mount(LearnPage, { target: host, props: { playInterval: 15 } });
  flushSync();
}

function openBgNbd(): void {
  openPage();
  press('learn-topic-bgnbd');
}

/** The simulated column of the histogram's table (after "Show as table"). */
function simulatedColumn(): { labels: string[]; simulated: number[]; model: number[] } {
  const rows = [...host.querySelectorAll('[data-testid="bgnbd-sim-chart"] tbody tr')];
  return {
    labels: rows.map((r) => r.querySelector('th')!.textContent!.trim()),
    simulated: rows.map((r) => Number(r.querySelectorAll('td')[0].textContent!.replace(/,/g, ''))),
    model: rows.map((r) => Number(r.querySelectorAll('td')[1].textContent!.replace(/,/g, ''))),
  };
}

describe('topic switch', () => {
  it('opens on k-means; the tabs switch with the mouse and the arrow keys', async () => {
    openPage();
    const kmeansTab = byId('learn-topic-kmeans');
    const bgnbdTab = byId('learn-topic-bgnbd');
    expect(byId('learn-topics').getAttribute('role')).toBe('tablist');
    expect(kmeansTab.getAttribute('role')).toBe('tab');
    expect(kmeansTab.getAttribute('aria-selected')).toBe('true');
    expect(bgnbdTab.getAttribute('aria-selected')).toBe('false');
    expect(kmeansTab.tabIndex).toBe(0);
    expect(bgnbdTab.tabIndex).toBe(-1);
    // The k-means controls are there without a click; the BG/NBD view is not built yet.
    await expect
      .poll(() => host.querySelector('[data-testid="learn-assign"]'), { timeout: 15_000 })
      .not.toBeNull();
    flushSync();
    expect(byId('learn-assign').closest('[role="tabpanel"]')!.hasAttribute('hidden')).toBe(false);
    expect(host.querySelector('[data-testid="bgnbd-teach"]')).toBeNull();
    expect(q('h1').textContent).toBe('Learn k-means, step by step');

    kmeansTab.focus();
    kmeansTab.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    flushSync();
    expect(bgnbdTab.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(bgnbdTab);
    const panel = byId('bgnbd-teach').closest<HTMLElement>('[role="tabpanel"]')!;
    expect(panel.hidden).toBe(false);
    expect(panel.getAttribute('aria-labelledby')).toBe(bgnbdTab.id);
    expect(bgnbdTab.getAttribute('aria-controls')).toBe(panel.id);
    expect(byId('learn-assign').closest('[role="tabpanel"]')!.hasAttribute('hidden')).toBe(true);
    expect(byId('bgnbd-teach').querySelector('h1')!.textContent).toBe(
      'Buy till you die: the BG/NBD model',
    );

    bgnbdTab.dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true }));
    flushSync();
    expect(kmeansTab.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(kmeansTab);
    // Back and forth keeps the BG/NBD state.
    press('learn-topic-bgnbd');
    slide('bgnbd-x', 7);
    press('learn-topic-kmeans');
    press('learn-topic-bgnbd');
    expect(byId<HTMLInputElement>('bgnbd-x').value).toBe('7');
  });
});

describe('one customer', () => {
  it('shows the worked example: E[Y(39) | 2, 30.43, 38.86] = 1.226 with the CDNOW estimates', () => {
    openBgNbd();
    const model = bgNbdModel(CDNOW);
    expect(byId<HTMLInputElement>('bgnbd-r-number').value).toBe('0.243');
    expect(byId<HTMLInputElement>('bgnbd-alpha-number').value).toBe('4.414');
    expect(byId<HTMLInputElement>('bgnbd-a-number').value).toBe('0.793');
    expect(byId<HTMLInputElement>('bgnbd-b-number').value).toBe('2.426');
    expect(byId<HTMLInputElement>('bgnbd-x-number').value).toBe('2');
    expect(byId<HTMLInputElement>('bgnbd-tx-number').value).toBe('30.43');
    expect(byId<HTMLInputElement>('bgnbd-T-number').value).toBe('38.86');
    expect(byId<HTMLInputElement>('bgnbd-t-number').value).toBe('39');
    expect(byId('bgnbd-preset-cdnow').getAttribute('aria-pressed')).toBe('true');

    const expected = model.expectedConditional(39, 2, 30.43, 38.86);
    expect(text('bgnbd-expected')).toBe('1.226');
    expect(text('bgnbd-expected')).toBe(fixed3(expected));
    expect(value('bgnbd-expected')).toBe(expected);
    const pAlive = model.pAlive(2, 30.43, 38.86);
    expect(value('bgnbd-palive')).toBe(pAlive);
    expect(text('bgnbd-palive')).toBe(fixed3(pAlive));
    expect(pAlive).toBeGreaterThan(0);
    expect(pAlive).toBeLessThan(1);
    const fresh = model.expectedUnconditional(39);
    expect(value('bgnbd-new')).toBe(fresh);
    expect(text('bgnbd-new')).toBe(fixed3(fresh));
    expect(text('bgnbd-mean-rate')).toBe(
      `Mean rate r / α = ${formatNumber(0.243 / 4.414, { maximumFractionDigits: 3 })} purchases a week.`,
    );
  });

  it('updates every output when a slider moves', () => {
    openBgNbd();
    slide('bgnbd-x', 5);
    let model = bgNbdModel(CDNOW);
    expect(byId<HTMLInputElement>('bgnbd-x-number').value).toBe('5');
    expect(value('bgnbd-palive')).toBe(model.pAlive(5, 30.43, 38.86));
    expect(value('bgnbd-expected')).toBe(model.expectedConditional(39, 5, 30.43, 38.86));

    slide('bgnbd-t', 52);
    expect(value('bgnbd-expected')).toBe(model.expectedConditional(52, 5, 30.43, 38.86));
    expect(value('bgnbd-new')).toBe(model.expectedUnconditional(52));

    // A quieter customer: T moves on, P(alive) falls.
    const before = value('bgnbd-palive');
    slide('bgnbd-T', 60);
    expect(value('bgnbd-palive')).toBe(model.pAlive(5, 30.43, 60));
    expect(value('bgnbd-palive')).toBeLessThan(before);

    slide('bgnbd-r', 1.5);
    model = bgNbdModel({ ...CDNOW, r: 1.5 });
    expect(value('bgnbd-palive')).toBe(model.pAlive(5, 30.43, 60));
    expect(value('bgnbd-new')).toBe(model.expectedUnconditional(52));
    expect(byId('bgnbd-preset-cdnow').getAttribute('aria-pressed')).toBe('false');

    // A typed parameter applies as it is typed.
    type('bgnbd-b-number', '5');
    model = bgNbdModel({ ...CDNOW, r: 1.5, b: 5 });
    expect(value('bgnbd-expected')).toBe(model.expectedConditional(52, 5, 30.43, 60));

    // The P(alive)-against-T curve as a table: the current T is marked, with the model's value.
    const quiet = showTable('bgnbd-quiet-chart');
    const marked = quiet.querySelector('tbody tr[data-marked="true"]')!;
    expect(marked.querySelector('th')!.textContent).toContain('60');
    expect(marked.querySelector('td')!.textContent).toBe(
      formatNumber(model.pAlive(5, 30.43, 60), { maximumFractionDigits: 3 }),
    );
    const curve = [...quiet.querySelectorAll('tbody tr td')].map((td) =>
      Number(td.textContent!.replace(/,/g, '')),
    );
    // Quiet longer, less likely alive: the curve never rises.
    for (let i = 1; i < curve.length; i++) expect(curve[i]).toBeLessThanOrEqual(curve[i - 1]);

    // Presets put the published values back.
    press('bgnbd-preset-cdnow');
    expect(byId<HTMLInputElement>('bgnbd-r-number').value).toBe('0.243');
    expect(byId<HTMLInputElement>('bgnbd-b-number').value).toBe('2.426');
    expect(value('bgnbd-palive')).toBe(bgNbdModel(CDNOW).pAlive(5, 30.43, 60));
    press('bgnbd-preset-regulars');
    expect(byId('bgnbd-preset-regulars').getAttribute('aria-pressed')).toBe('true');
    expect(byId('bgnbd-preset-cdnow').getAttribute('aria-pressed')).toBe('false');
  });

  it('never lets t_x exceed T', () => {
    openBgNbd();
    const tx = byId<HTMLInputElement>('bgnbd-tx');
    expect(Number(tx.max)).toBe(38.86);
    type('bgnbd-tx-number', '50');
    expect(byId<HTMLInputElement>('bgnbd-tx-number').value).toBe('38.86');
    const model = bgNbdModel(CDNOW);
    expect(value('bgnbd-palive')).toBe(model.pAlive(2, 38.86, 38.86));

    type('bgnbd-tx-number', '30.43');
    slide('bgnbd-T', 20);
    expect(byId<HTMLInputElement>('bgnbd-tx-number').value).toBe('20');
    expect(Number(tx.max)).toBe(20);
    expect(value('bgnbd-expected')).toBe(model.expectedConditional(39, 2, 20, 20));

    // Not a number: said, and the value stays.
    type('bgnbd-T-number', '');
    expect(byId('bgnbd-T-number').getAttribute('aria-invalid')).toBe('true');
    expect(host.textContent).toContain('Enter a number from 0 to 104.');
    expect(value('bgnbd-expected')).toBe(model.expectedConditional(39, 2, 20, 20));

    // No repeat purchase: t_x is 0 by definition and its slider rests.
    slide('bgnbd-x', 0);
    expect(byId<HTMLInputElement>('bgnbd-tx').disabled).toBe(true);
    expect(byId<HTMLInputElement>('bgnbd-tx-number').value).toBe('0');
    expect(value('bgnbd-palive')).toBe(model.pAlive(0, 0, 20));
    expect(value('bgnbd-palive')).toBe(1);
  });

  it('shows P(alive) falling faster for more frequent buyers after the same silence', () => {
    openBgNbd();
    const model = bgNbdModel(CDNOW);
    for (const x of [1, 2, 3, 10]) {
      const cells = [...q(`[data-testid="bgnbd-compare-${x}"]`).querySelectorAll('td')];
      const shown = cells.map((c) => Number(c.getAttribute('data-value')));
      expect(shown).toEqual([0, 4, 13, 26, 52].map((w) => model.pAlive(x, 30.43, 30.43 + w)));
    }
    expect(text('bgnbd-compare-2')).toContain('(this customer)');
    const after26 = (x: number): number =>
      Number(
        q(`[data-testid="bgnbd-compare-${x}"]`)
          .querySelectorAll('td')[3]
          .getAttribute('data-value'),
      );
    expect(after26(10)).toBeLessThan(after26(3));
    expect(after26(3)).toBeLessThan(after26(1));
  });
});

describe('simulation', () => {
  it('simulates 1,000 customers reproducibly for a seed, against P(X(T) = n)', () => {
    openBgNbd();
    expect(host.querySelector('[data-testid="bgnbd-sim-chart"]')).toBeNull();
    type('bgnbd-sim-seed', '7');
    press('bgnbd-sim-run');
    showTable('bgnbd-sim-chart');
    const first = simulatedColumn();
    expect(first.simulated.reduce((s, v) => s + v, 0)).toBe(1000);
    expect(first.labels[0]).toBe('0');
    expect(first.labels.at(-1)).toMatch(/^\d+\+$/);

    // The same counts as simulateBgNbd with that seed, binned; the model column is 1,000 × P(n).
    const sim = simulateBgNbd(CDNOW, { customers: 1000, T: 38.86, seed: 7 });
    const last = first.labels.length - 1;
    const counts = new Array<number>(last + 1).fill(0);
    for (const x of sim.x) counts[Math.min(x, last)]++;
    expect(first.simulated).toEqual(counts);
    const model = bgNbdModel(CDNOW);
    for (let n = 0; n < last; n++) {
      // Shown to one decimal.
      expect(Math.abs(first.model[n] - 1000 * model.probabilityOfN(38.86, n))).toBeLessThan(0.0501);
    }
    const modelTotal = first.model.reduce((s, v) => s + v, 0);
    expect(Math.abs(modelTotal - 1000)).toBeLessThan(0.0501 * first.model.length);
    let sum = 0;
    for (const x of sim.x) sum += x;
    const mean = sum / 1000;
    expect(text('bgnbd-sim-summary')).toBe(
      `1,000 customers simulated (seed 7, first purchase 38.86 weeks ago): on average ${formatNumber(mean, { maximumFractionDigits: 3 })} repeat purchases each; the model expects E[X(T)] = ${formatNumber(model.expectedUnconditional(38.86), { maximumFractionDigits: 3 })}. ${counts[0]} of them made no repeat purchase.`,
    );

    // Another seed: stale until run, then other counts; back to 7: the same counts again.
    type('bgnbd-sim-seed', '8');
    expect(host.querySelector('[data-testid="bgnbd-sim-stale"]')).not.toBeNull();
    press('bgnbd-sim-run');
    expect(host.querySelector('[data-testid="bgnbd-sim-stale"]')).toBeNull();
    const second = simulatedColumn();
    expect(second.simulated.reduce((s, v) => s + v, 0)).toBe(1000);
    expect(second.simulated).not.toEqual(first.simulated);
    type('bgnbd-sim-seed', '7');
    press('bgnbd-sim-run');
    expect(simulatedColumn().simulated).toEqual(first.simulated);

    // A parameter moved: the simulation says it is out of date.
    slide('bgnbd-a', 2);
    expect(text('bgnbd-sim-stale')).toBe(
      'The parameters, T or the seed changed since: simulate again.',
    );
  });
});

describe('languages and looks', () => {
  it('speaks Chinese', () => {
    setLocale('zh-CN');
    openPage();
    expect(text('learn-topic-kmeans')).toBe('k-means');
    expect(byId('learn-topics').getAttribute('aria-label')).toBe('主题');
    press('learn-topic-bgnbd');
    expect(byId('bgnbd-teach').querySelector('h1')!.textContent).toBe('“买到离开”：BG/NBD 模型');
    expect(text('bgnbd-preset-cdnow')).toBe('CDNOW（已发表）');
    expect(text('bgnbd-why')).toContain('为什么客户沉默时 P(alive) 会下降');
    expect(text('bgnbd-why')).toContain('为什么对常买的客户下降得更快');
    expect(host.textContent).toContain('λ ~ Gamma(r, α)');
    expect(host.textContent).toContain('p ~ Beta(a, b)');
    expect(host.textContent).toContain('x：重复购买次数');
    expect(text('bgnbd-expected')).toBe('1.226');
    press('bgnbd-sim-run');
    expect(text('bgnbd-sim-summary')).toMatch(
      /^已模拟 1,000 位客户（种子 1，首次购买在 38.86 周前）/,
    );
    expect(text('bgnbd-sim-run')).toBe('模拟 1,000 位客户');
  });

  it('looks right (screenshots for review)', async () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      setLocale(locale);
      openBgNbd();
      press('bgnbd-sim-run');
      host.style.width = '1100px';
      const height = Math.ceil(host.getBoundingClientRect().height) + 40;
      await cdp().send('Emulation.setDeviceMetricsOverride', {
        width: 1200,
        height: height + 200,
        deviceScaleFactor: 1,
        mobile: false,
      });
      await page.viewport(1150, height);
      await new Promise((r) => setTimeout(r, 800));
      try {
        await page.screenshot({
          element: host,
          path: `../.artifacts/screenshots/learn-bgnbd-${locale}.png`,
        });
      } finally {
        await cdp().send('Emulation.clearDeviceMetricsOverride', {});
        await page.viewport(1000, 900);
      }
      if (mounted) await unmount(mounted);
      mounted = null;
      host.replaceChildren();
    }
  });
});
