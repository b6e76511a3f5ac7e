/**
 * English wording of catalogue keys for the terminal (error codes, progress phases).
 * The CLI speaks English: its output goes to logs and scripts, not to a localised page.
 */
import { mergedMessages } from '../i18n/catalogue.ts';
import type { Progress } from '../core/task.ts';
import type { CliIo } from './command.ts';

let english: Record<string, string> | undefined;

export function formatMessage(key: string, params: Record<string, string | number> = {}): string {
  english ??= mergedMessages('en');
  const template = english[key];
  if (template === undefined) {
    const shown = Object.entries(params).map(([k, v]) => `${k}=${String(v)}`);
    return shown.length > 0 ? `${key} (${shown.join(', ')})` : key;
  }
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    params[name] === undefined ? whole : String(params[name]),
  );
}

/** A TaskContext.onProgress that redraws one status line on an interactive stderr. */
export function progressPrinter(io: CliIo): ((p: Progress) => void) | undefined {
  if (!io.interactive) return undefined;
  let lastPhase = '';
  return (p) => {
    const label = formatMessage(p.phase);
    const count = p.total > 0 ? ` ${p.done}/${p.total}` : '';
    if (lastPhase && p.phase !== lastPhase) io.warn('\n');
    lastPhase = p.phase;
    io.warn(`\r${label}${count}`);
    if (p.total > 0 && p.done >= p.total) {
      io.warn('\n');
      lastPhase = '';
    }
  };
}
