/**
 * The Foundation journey, end to end in Debian's chromium against `vite preview`:
 * demo shop → Data page with true row counts → scroll to the last row → 中文 and back →
 * reload keeps the data → offline reload still works → no request ever leaves the origin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Request } from 'playwright-core';
import { generateDemoShop } from '../../src/core/demo/index.ts';
import { launchBrowser, screenshotPath, type TestBrowser } from './support/browser.ts';
import { startPreview, type PreviewServer } from './support/preview-server.ts';

const PORT = 4191;

let server: PreviewServer;
let browser: TestBrowser;
let page: Page;
const requests: string[] = [];

beforeAll(async () => {
  server = await startPreview(PORT);
  browser = await launchBrowser();
  browser.context.on('request', (r: Request) => requests.push(r.url()));
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function datasetRows(p: Page): Promise<{ kind: string; rows: number }[]> {
  const rows = p.getByTestId('dataset-row');
  await rows.first().waitFor();
  return rows.evaluateAll((els) =>
    els.map((el) => ({
      kind: el.getAttribute('data-kind') ?? '',
      rows: Number(el.getAttribute('data-rows')),
    })),
  );
}

describe('foundation journey', () => {
  const demo = generateDemoShop({ customers: 5000, months: 24, seed: 42 });
  const expected = [
    { kind: 'customers', rows: demo.customers.rowCount },
    { kind: 'transactions', rows: demo.transactions.rowCount },
  ];

  it('loads the demo shop and lists both datasets with their true row counts', async () => {
    await page.goto(server.url);
    await page.getByTestId('load-demo').waitFor();
    await page.screenshot({ path: screenshotPath('journey-00-home') });
    await page.getByTestId('load-demo').click();
    await page.waitForURL(/#\/data$/, { timeout: 120_000 });
    const listed = await datasetRows(page);
    expect(listed.sort((a, b) => a.kind.localeCompare(b.kind))).toEqual(expected);
    await page.screenshot({ path: screenshotPath('journey-01-data') });
  });

  it('follows a dark system theme', async () => {
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await background();
    await page.emulateMedia({ colorScheme: 'dark' });
    try {
      await expect.poll(background).not.toBe(light);
      await page.screenshot({ path: screenshotPath('journey-01-data-dark') });
    } finally {
      await page.emulateMedia({ colorScheme: 'light' });
    }
  });

  it('opens the transactions and scrolls to the last row', async () => {
    await page.locator('[data-testid="dataset-row"][data-kind="transactions"]').click();
    const grid = page.getByTestId('virtual-table');
    await grid.waitFor();
    await grid.focus();
    await page.keyboard.press('End');
    const last = demo.transactions.rowCount - 1;
    await expect
      .poll(() => page.locator(`[data-row-index="${last}"]`).count(), { timeout: 15_000 })
      .toBe(1);
    await page.screenshot({ path: screenshotPath('journey-02-last-row') });
  });

  it('switches to Chinese and back', async () => {
    const lang = page.getByLabel(/Language|语言/);
    await lang.selectOption('zh-CN');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    const mainNav = page.getByRole('navigation', { name: /Main|主导航/ });
    await expect.poll(() => mainNav.innerText()).toContain('数据');
    await page.screenshot({ path: screenshotPath('journey-03-zh') });
    await page.getByLabel(/Language|语言/).selectOption('en');
    await expect.poll(() => mainNav.innerText()).toContain('Data');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
  });

  it('keeps the data over a reload', async () => {
    // Let the service worker finish precaching so the later offline reload has the app.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.goto(`${server.url}#/data`);
    await page.reload();
    expect((await datasetRows(page)).length).toBe(2);
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  });

  it('works offline: app and data after an offline reload', async () => {
    await browser.context.setOffline(true);
    try {
      await page.reload();
      const listed = await datasetRows(page);
      expect(listed.sort((a, b) => a.kind.localeCompare(b.kind))).toEqual(expected);
      await page.locator('[data-testid="dataset-row"][data-kind="customers"]').click();
      await page.locator('[data-row-index="0"]').waitFor();
      await page.screenshot({ path: screenshotPath('journey-04-offline') });
    } finally {
      await browser.context.setOffline(false);
    }
  });

  it('shows the engine in About and deletes everything from Privacy', async () => {
    await page.goto(`${server.url}#/about`);
    await expect.poll(() => page.locator('main').innerText()).toMatch(/wasm|webgl/i);
    await page.screenshot({ path: screenshotPath('journey-05-about') });
    await page.goto(`${server.url}#/privacy`);
    await page.getByTestId('delete-everything').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete everything' }).click();
    await page.waitForEvent('load');
    await page.goto(`${server.url}#/data`);
    await page.getByText('There are no datasets on this device yet.').waitFor();
    expect(await page.getByTestId('dataset-row').count()).toBe(0);
  });

  it('never requested any origin but its own', () => {
    const origin = new URL(server.url).origin;
    const foreign = requests.filter(
      (u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'),
    );
    expect(requests.length).toBeGreaterThan(5);
    expect(foreign).toEqual([]);
  });
});
