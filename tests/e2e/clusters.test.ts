/**
 * Clustering lab end to end: the demo shop → profiles → Clusters → score k = 2..8 → use the
 * suggested k → PCA map and profiles, whose sizes are what the core computes for the same
 * profiles → save as segments → they join the saved list → the Learn page steps and plays.
 * Screenshots on the way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { generateDemoShop } from '../../src/core/demo/index.ts';
import { tableToCsv } from '../../src/core/table/csv.ts';
import { bytesSource, parseFile } from '../../src/core/ingest/parse-file.ts';
import { guessColumns, specsFromGuesses, typeAndReport } from '../../src/core/ingest/pipeline.ts';
import { buildProfiles } from '../../src/core/customers/profiles.ts';
import { chooseKFor, DEFAULT_CLUSTER_SETTINGS, runClustering } from '../../src/core/cluster/run.ts';
import { initEngine } from '../../src/engine/node.ts';
import { launchBrowser, screenshotPath, type TestBrowser } from './support/browser.ts';
import { startPreview, type PreviewServer } from './support/preview-server.ts';

const PORT = 4195;
let server: PreviewServer;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  server = await startPreview(PORT);
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  await initEngine({ prefer: ['wasm'] });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The profiles the app builds from the demo shop, built here the same way. */
async function demoProfiles() {
  const demo = generateDemoShop({ customers: 5000, months: 24, seed: 42 });
  const csv = new TextEncoder().encode(tableToCsv(demo.transactions));
  const parsed = await parseFile(bytesSource('demo-transactions.csv', csv), {}, {});
  const specs = specsFromGuesses(guessColumns(parsed.table)).map((s) => ({
    ...s,
    role: demo.roles.transactions[s.name] ?? s.role,
  }));
  const { typed } = typeAndReport(parsed, specs, {});
  return buildProfiles(typed.table, typed.roles).table;
}

const number = (text: string | null): number => Number((text ?? '').replace(/[^\d.]/g, ''));

describe('clustering lab journey', () => {
  it('scores k, clusters with the suggested k, saves the clusters as segments', async () => {
    const table = await demoProfiles();
    const scores = chooseKFor(table, DEFAULT_CLUSTER_SETTINGS, 2, 8);
    const want = runClustering(table, { ...DEFAULT_CLUSTER_SETTINGS, k: scores.suggested });

    await page.goto(server.url);
    await page.getByTestId('load-demo').click();
    await page.waitForURL(/#\/data$/, { timeout: 120_000 });
    await page.goto(`${server.url}#/customers`);
    await page.getByTestId('profiles-build').click();
    await expect
      .poll(() => page.getByTestId('profiles-customers').textContent(), { timeout: 60_000 })
      .toBe(table.rowCount.toLocaleString('en'));

    await page.goto(`${server.url}#/clusters`);
    await page.getByTestId('cluster-features').waitFor({ timeout: 30_000 });
    await page.getByTestId('k-min').fill('2');
    await page.getByTestId('k-max').fill('8');
    await page.getByTestId('k-score').click();
    const suggested = page.getByTestId('k-suggested');
    await suggested.waitFor({ timeout: 120_000 });
    expect(await suggested.textContent()).toContain(`k = ${scores.suggested}`);
    await page
      .getByTestId('cluster-choose-k')
      .screenshot({ path: screenshotPath('clusters-01-k') });

    await page.getByTestId('k-use').click();
    await page.getByTestId('cluster-result').waitFor({ timeout: 120_000 });
    await expect
      .poll(() => page.getByTestId('map-explained').textContent())
      .toMatch(/\d+(\.\d+)?\s?%/);
    await page.getByTestId('cluster-result').locator('canvas').first().waitFor();
    const sizes: number[] = [];
    for (let c = 0; c < want.k; c++) {
      const cell = page.getByTestId(`cluster-row-${c}`).locator('td').first();
      sizes.push(number(await cell.textContent()));
    }
    expect(sizes).toEqual(want.sizes);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(table.rowCount);
    await page.screenshot({ path: screenshotPath('clusters-02-result'), fullPage: true });
    await page
      .getByTestId('silhouette-plot')
      .screenshot({ path: screenshotPath('clusters-02b-sil') });
    await page
      .getByTestId('cluster-profiles')
      .screenshot({ path: screenshotPath('clusters-02c-prof') });

    await page.getByTestId('cluster-name-0').fill('First cluster e2e');
    await page.getByTestId('clusters-save').click();
    await page.goto(`${server.url}#/segments`);
    const saved = page.getByTestId('saved-segments');
    await expect
      .poll(() => saved.textContent(), { timeout: 30_000 })
      .toContain('First cluster e2e');
    await expect.poll(() => saved.textContent()).toContain(want.sizes[0].toLocaleString('en'));
    await saved.screenshot({ path: screenshotPath('clusters-03-saved') });
  }, 360_000);

  it('Ward draws a dendrogram cut at k; DBSCAN takes eps from the k-distance knee; 中文', async () => {
    await page.goto(`${server.url}#/clusters`);
    await page.getByTestId('cluster-method-select').selectOption('ward');
    await page.getByTestId('cluster-k').fill('4');
    await page.getByTestId('cluster-run').click();
    await page.getByTestId('dendrogram-cut').waitFor({ timeout: 120_000 });
    await expect
      .poll(() => page.getByTestId('cluster-summary').textContent())
      .toMatch(/4 clusters over 5,000 customers/);
    await page.getByTestId('dendrogram').screenshot({ path: screenshotPath('clusters-04-ward') });

    await page.getByTestId('cluster-method-select').selectOption('dbscan');
    await page.getByTestId('cluster-eps-measure').click();
    const use = page.getByRole('button', { name: /^Use eps = / });
    await use.waitFor({ timeout: 60_000 });
    const eps = Number((await use.textContent())!.replace(/^Use eps = /, ''));
    expect(eps).toBeGreaterThan(0);
    await use.click();
    expect(Number(await page.getByTestId('cluster-eps').inputValue())).toBe(eps);
    await page.getByTestId('cluster-run').click();
    await expect
      .poll(() => page.getByTestId('cluster-summary').textContent(), { timeout: 120_000 })
      .toMatch(/DBSCAN/);
    await page
      .getByTestId('cluster-method')
      .screenshot({ path: screenshotPath('clusters-05-dbscan') });
    await page
      .getByTestId('cluster-result')
      .screenshot({ path: screenshotPath('clusters-05b-dbscan-result') });

    await page.getByLabel('Language').selectOption('zh-CN');
    await expect.poll(() => page.locator('h1').textContent()).toBe('聚类');
    await page.screenshot({ path: screenshotPath('clusters-06-zh'), fullPage: true });
    await page.getByLabel('语言').selectOption('en');
  }, 300_000);

  it('the Learn page steps through k-means and plays to convergence', async () => {
    await page.goto(`${server.url}#/learn`);
    await page.getByTestId('learn-assign').click();
    await page.getByTestId('learn-update').click();
    await expect.poll(() => page.getByTestId('learn-inertia').textContent()).toMatch(/\d/);
    await page.getByTestId('learn-back').click();
    await page.getByTestId('learn-play').click();
    await expect
      .poll(() => page.getByTestId('learn-next').textContent(), { timeout: 60_000 })
      .toContain('Converged');
    await page.screenshot({ path: screenshotPath('learn-01-converged'), fullPage: true });
    await page.getByTestId('elbow-run').click();
    await page.screenshot({ path: screenshotPath('learn-02-elbow'), fullPage: true });
  }, 120_000);
});
