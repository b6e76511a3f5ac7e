import common from './messages/common.ts';
import type { Locale } from './define.ts';

/**
 * Every area's catalogue. Add a new file under messages/ (made with defineMessages) and
 * list it here; keys must be unique across files (a unit test checks).
 */
export const catalogues = [common] as const;

type AnyCatalogue = (typeof catalogues)[number];
export type MessageKey = AnyCatalogue extends infer C
  ? C extends { en: infer E }
    ? keyof E & string
    : never
  : never;

export function mergedMessages(locale: Locale): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of catalogues) Object.assign(out, c[locale]);
  return out;
}
