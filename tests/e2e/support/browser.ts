import { chromium, type BrowserContext } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../support/chromium.ts';

/** Screenshots land here so a person can open them after a run. */
export const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../.artifacts/screenshots');

export interface TestBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A persistent profile (IndexedDB and the service worker survive reloads), removed on close. */
export async function launchBrowser(): Promise<TestBrowser> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'lens-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export function screenshotPath(name: string): string {
  return join(SCREENSHOT_DIR, `${name}.png`);
}
