/**
 * Lifetime value end to end: the demo shop → profiles → Predict → Lifetime value → fit with
 * a holdout → the holdout panel shows actual against predicted repeat purchases, equal to
 * what the core computes on the same transactions → fit again without a holdout → the
 * customer table gains P(alive), expected purchases and CLV columns, and its most valuable
 * customer is the core's, with the core's figures. Screenshots on the way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { generateDemoShop } from '../../src/core/demo/index.ts';
import { tableToCsv } from '../../src/core/table/csv.ts';
import { cellValue, findColumn, type Table } from '../../src/core/table/index.ts';
import { bytesSource, parseFile } from '../../src/core/ingest/parse-file.ts';
import { guessColumns, specsFromGuesses, typeAndReport } from '../../src/core/ingest/pipeline.ts';
import { buildProfiles } from '../../src/core/customers/profiles.ts';
import { runClv } from '../../src/core/clv/run.ts';
import { DEFAULT_CLV_SETTINGS } from '../../src/core/clv/types.ts';
import { dayStart, defaultDates } from '../../src/features/clv/clvDates.ts';
import { launchBrowser, screenshotPath, type TestBrowser } from './support/browser.ts';
import { startPreview, type PreviewServer } from './support/preview-server.ts';

const PORT = 4196;
let server: PreviewServer;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  server = await startPreview(PORT);
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The demo shop's transactions as the app stores them (the same import, no cleaning). */
async function demoTransactions() {
  const demo = generateDemoShop({ customers: 5000, months: 24, seed: 42 });
  const csv = new TextEncoder().encode(tableToCsv(demo.transactions));
  const parsed = await parseFile(bytesSource('demo-transactions.csv', csv), {}, {});
  const specs = specsFromGuesses(guessColumns(parsed.table)).map((s) => ({
    ...s,
    role: demo.roles.transactions[s.name] ?? s.role,
  }));
  return typeAndReport(parsed, specs, {}).typed;
}

/** First and last order day, as the page reads them from the stored column statistics. */
function orderDays(table: Table, dateColumn: string): { first: number; last: number } {
  const column = findColumn(table, dateColumn)!;
  let min = Infinity;
  let max = -Infinity;
  for (let r = 0; r < table.rowCount; r++) {
    const v = cellValue(column, r);
    if (typeof v !== 'number') continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { first: dayStart(min), last: dayStart(max) };
}

const number = (text: string | null): number => Number((text ?? '').replace(/[^\d.-]/g, ''));

describe('lifetime value journey', () => {
  it('fits with a holdout, shows actual against predicted, adds CLV columns to the customers', async () => {
    const { table, roles } = await demoTransactions();
    const dateColumn = Object.keys(roles).find((name) => roles[name] === 'orderDate')!;
    const range = orderDays(table, dateColumn);
    const split = defaultDates(range, true);
    const withHoldout = runClv(table, roles, { ...DEFAULT_CLV_SETTINGS, ...split });
    const current = runClv(table, roles, {
      ...DEFAULT_CLV_SETTINGS,
      ...defaultDates(range, false),
    });
    const profiles = buildProfiles(table, roles).table;

    await page.goto(server.url);
    await page.getByTestId('load-demo').click();
    await page.waitForURL(/#\/data$/, { timeout: 120_000 });
    await page.goto(`${server.url}#/customers`);
    await page.getByTestId('profiles-build').click();
    await expect
      .poll(() => page.getByTestId('profiles-customers').textContent(), { timeout: 60_000 })
      .toBe(profiles.rowCount.toLocaleString('en'));

    await page.getByRole('link', { name: 'Predict', exact: true }).click();
    await page.waitForURL(/#\/predict\/clv$/);
    await page.getByTestId('clv-settings').waitFor();
    const toggle = page.getByTestId('clv-holdout-toggle');
    expect(await toggle.isChecked()).toBe(false);
    await toggle.check();
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    expect(await page.getByTestId('clv-calibration-end').inputValue()).toBe(
      iso(split.calibrationEnd!),
    );
    expect(await page.getByTestId('clv-holdout-end').inputValue()).toBe(iso(split.holdoutEnd!));
    await page.getByTestId('clv-settings').screenshot({ path: screenshotPath('clv-01-settings') });

    await page.getByTestId('clv-fit').click();
    await page.getByTestId('clv-params').waitFor({ timeout: 120_000 });
    const holdout = withHoldout.holdout!;
    expect(number(await page.getByTestId('clv-holdout-actual').textContent())).toBe(holdout.actual);
    expect(number(await page.getByTestId('clv-holdout-predicted').textContent())).toBeCloseTo(
      holdout.predicted,
      1,
    );
    expect(holdout.actual).toBeGreaterThan(0);
    await page.getByTestId('clv-holdout').screenshot({ path: screenshotPath('clv-02-holdout') });
    await page.screenshot({ path: screenshotPath('clv-03-page'), fullPage: true });

    // Without the holdout every customer is scored as of the last order day.
    await toggle.uncheck();
    expect(await page.getByTestId('clv-calibration-end').inputValue()).toBe(iso(range.last));
    await page.getByTestId('clv-fit').click();
    await expect.poll(() => page.getByTestId('clv-holdout').count(), { timeout: 120_000 }).toBe(0);
    await page.getByTestId('clv-params').waitFor({ timeout: 120_000 });

    await page.getByRole('link', { name: 'Customers', exact: true }).click();
    await page.waitForURL(/#\/customers$/);
    const grid = page.getByTestId('virtual-table');
    const headers = grid.getByRole('columnheader');
    await expect
      .poll(async () => (await headers.allTextContents()).map((h) => h.replace(/[▲▼]/g, '').trim()))
      .toEqual(expect.arrayContaining(['P(alive)', 'Expected purchases', 'CLV']));
    const sort = grid.locator('button.vt-sort', { hasText: /^CLV/ });
    await sort.click();
    await sort.click();
    const names = (await headers.allTextContents()).map((h) => h.replace(/[▲▼]/g, '').trim());
    const cell = (label: string) =>
      grid
        .locator(`[data-row-index="0"] [aria-colindex="${names.indexOf(label) + 1}"]`)
        .textContent();
    let best = 0;
    for (let i = 1; i < current.clv.length; i++) {
      if (current.clv[i] > current.clv[best]) best = i;
    }
    await expect.poll(() => cell('Customer')).toBe(String(current.summary.customerIds[best]));
    // Equal to 1e-4 relative, not to the cent: the worker's fit and this one agree to about
    // 1e-5 (the optimiser stops at a tolerance, so the optimum's last digits follow rounding).
    const shown = number(await cell('CLV'));
    expect(Math.abs(shown - current.clv[best]) / current.clv[best]).toBeLessThan(1e-4);
    expect(await cell('CLV')).toMatch(/^\d{1,3}(,\d{3})*\.\d{2}$/);
    expect(number(await cell('P(alive)'))).toBeCloseTo(current.pAlive[best] * 100, 0);
    await page.screenshot({ path: screenshotPath('clv-04-customers') });
  });
});
