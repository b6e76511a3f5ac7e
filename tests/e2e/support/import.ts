/**
 * Drives the import wizard of the built app, as a user would: choose the file, check the
 * mapping, read the whole file, save. Used by the e2e tests and the import benchmark.
 */
import type { Page } from 'playwright-core';

export interface ImportTimings {
  /** Choosing the file until the mapping is shown (ms). */
  previewMs: number;
  /** "Read the whole file" until the quality report is shown (ms). */
  readMs: number;
  /** "Save" until the dataset page is shown (ms). */
  saveMs: number;
}

export interface ImportedDataset {
  timings: ImportTimings;
  /** Column name → role chosen by the guesses (or a remembered preset). */
  roles: Record<string, string>;
  datasetId: number;
}

export interface ImportSteps {
  /** The page is already on the Data page (keeps state set up on it, e.g. by a benchmark). */
  alreadyOnDataPage?: boolean;
  /** Runs after the mapping is shown, before reading (e.g. to change options or roles). */
  beforeRead?: (page: Page) => Promise<void>;
  /** Runs once the report is shown, before saving. */
  beforeSave?: (page: Page) => Promise<void>;
}

export async function importThroughUi(
  page: Page,
  appUrl: string,
  files: string | { name: string; mimeType: string; buffer: Buffer },
  steps: ImportSteps = {},
): Promise<ImportedDataset> {
  if (!steps.alreadyOnDataPage) await page.goto(`${appUrl}#/data`);
  const input = page.getByTestId('import-file-input');
  await input.waitFor({ state: 'attached' });
  const t0 = Date.now();
  await input.setInputFiles(files);
  await page.waitForURL(/#\/data\/import$/);
  await page.getByTestId('import-mapping').waitFor({ timeout: 60_000 });
  const previewMs = Date.now() - t0;
  await steps.beforeRead?.(page);
  const roles = await page
    .getByTestId('import-column')
    .evaluateAll((rows) =>
      Object.fromEntries(
        rows.map((r) => [
          r.getAttribute('data-name') ?? '',
          (r.querySelector('[data-testid="import-role"]') as HTMLSelectElement).value,
        ]),
      ),
    );
  const t1 = Date.now();
  await page.getByTestId('import-read').click();
  await page.getByTestId('import-report').waitFor({ timeout: 600_000 });
  const readMs = Date.now() - t1;
  await steps.beforeSave?.(page);
  const t2 = Date.now();
  await page.getByTestId('import-save').click();
  await page.waitForURL(/#\/data\/\d+$/, { timeout: 600_000 });
  await page.getByTestId('dataset-rows').waitFor();
  const saveMs = Date.now() - t2;
  const datasetId = Number(/#\/data\/(\d+)$/.exec(page.url())![1]);
  return { timings: { previewMs, readMs, saveMs }, roles, datasetId };
}

/** The figure a report shows under one data-testid, as a plain number ("135,080" → 135080). */
export async function reportFigure(page: Page, testId: string): Promise<number> {
  const text = await page.getByTestId(testId).first().innerText();
  return Number(text.replace(/[^\d.-]/g, ''));
}
