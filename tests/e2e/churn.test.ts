/**
 * Churn end to end: the demo shop → Predict → Churn → train logistic regression and the tree
 * on behavioural labels → comparison, ROC, confusion and lift appear → the threshold moves
 * with the keyboard and the confusion matrix follows → the risk list is exported as CSV and
 * saved as a segment, which the Segments page lists. Screenshots on the way.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshotPath, type TestBrowser } from './support/browser.ts';
import { startPreview, type PreviewServer } from './support/preview-server.ts';

const PORT = 4197;
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

const number = (text: string | null): number => Number((text ?? '').replace(/[^\d.-]/g, ''));

describe('churn journey', () => {
  it('trains logistic and tree, moves the threshold, exports and saves the risk list', async () => {
    await page.goto(server.url);
    await page.getByTestId('load-demo').click();
    await page.waitForURL(/#\/data$/, { timeout: 120_000 });

    await page.getByRole('link', { name: 'Predict', exact: true }).click();
    await page.getByTestId('predict-churn').click();
    await page.waitForURL(/#\/predict\/churn$/);
    await page.getByTestId('churn-settings').waitFor();
    expect(await page.getByTestId('churn-model-logistic').isChecked()).toBe(true);
    expect(await page.getByTestId('churn-model-tree').isChecked()).toBe(true);
    await page.getByTestId('churn-train').click();

    const models = page.getByTestId('churn-models');
    await models.waitFor({ timeout: 180_000 });
    for (const kind of ['logistic', 'tree']) {
      const auc = number(
        await models.locator(`tr[data-model="${kind}"] [data-metric="auc"]`).textContent(),
      );
      // The planted lapsing and loyal groups make churn on the demo shop clearly learnable.
      expect(auc, kind).toBeGreaterThan(0.75);
      expect(auc, kind).toBeLessThanOrEqual(1);
    }
    await page.getByTestId('churn-roc').locator('canvas').first().waitFor();
    await page.getByTestId('churn-lift').locator('canvas').first().waitFor();
    await models.screenshot({ path: screenshotPath('churn-01-models') });

    const cell = async (name: string) =>
      number(await page.getByTestId(`churn-${name}`).locator('.count').textContent());
    const matrix = async () => ({
      tp: await cell('tp'),
      fp: await cell('fp'),
      tn: await cell('tn'),
      fn: await cell('fn'),
    });
    const before = await matrix();
    const testSize = before.tp + before.fp + before.tn + before.fn;
    expect(testSize).toBeGreaterThan(0);
    // Threshold 0 (Home): everyone is flagged; threshold 1 (End): no one with a score below 1.
    const slider = page.getByTestId('churn-threshold');
    await slider.focus();
    await page.keyboard.press('Home');
    await expect
      .poll(matrix)
      .toEqual({ tp: before.tp + before.fn, fp: before.fp + before.tn, tn: 0, fn: 0 });
    await page.keyboard.press('End');
    await expect.poll(async () => (await matrix()).tn).toBe(before.fp + before.tn);
    for (let i = 0; i < 50; i++) await page.keyboard.press('ArrowLeft');
    expect(await page.getByTestId('churn-threshold-value').textContent()).toMatch(/0\.5/);
    await expect.poll(matrix).toEqual(before);
    await page
      .getByTestId('churn-confusion')
      .screenshot({ path: screenshotPath('churn-02-confusion') });

    const count = number(
      (await page.getByTestId('churn-risk-count').textContent())?.split(/\s/)[0] ?? '',
    );
    expect(count).toBeGreaterThan(0);
    const download = page.waitForEvent('download');
    await page.getByTestId('churn-export').click();
    const file = await (await download).path();
    const lines = (await readFile(file, 'utf8')).trim().split(/\r?\n/);
    expect(lines.length - 1).toBe(count);
    const firstId = await page
      .getByTestId('churn-risk')
      .locator('tr[data-customer]')
      .first()
      .getAttribute('data-customer');
    expect(lines[1]).toContain(firstId!);

    await page.getByTestId('churn-segment-name').fill('High churn risk (e2e)');
    await page.getByTestId('churn-save-segment').click();
    await page.getByTestId('churn-risk-message').waitFor();
    await page.screenshot({ path: screenshotPath('churn-03-page'), fullPage: true });

    await page.getByRole('link', { name: 'Segments', exact: true }).click();
    await expect
      .poll(() => page.getByText('High churn risk (e2e)').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
  });
});
