/**
 * Server-side commands for the browser benchmarks: run a Python peer of ../shared/peers
 * in the Vitest Node process, so a browser bench can time the peer in the same run.
 * Only the fixed peers below, with fixed arguments, can be run (no input from the page
 * reaches the command line).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserCommand } from 'vitest/node';

const PYTHON = '/usr/bin/python3';
const SHARED = resolve(import.meta.dirname, '../../../shared');

export interface ChurnPeerResult {
  seconds: number;
  test_auc: number;
  cv5_auc_mean: number;
}

/** ../shared/peers/churn_logreg.py on Telco; null when Python, scikit-learn or the data are missing. */
export const churnPeer: BrowserCommand<[]> = (): ChurnPeerResult | null => {
  const peer = resolve(SHARED, 'peers/churn_logreg.py');
  const telco = resolve(SHARED, 'data/telco_churn/telco_churn.csv');
  if (!existsSync(PYTHON) || !existsSync(peer) || !existsSync(telco)) return null;
  try {
    return JSON.parse(
      execFileSync(PYTHON, [peer, telco], { encoding: 'utf8', timeout: 120_000 }).trim(),
    ) as ChurnPeerResult;
  } catch {
    return null; // scikit-learn or pandas not installed
  }
};

declare module 'vitest/browser' {
  interface BrowserCommands {
    churnPeer: () => Promise<ChurnPeerResult | null>;
  }
}
