import { LOCALES, type Locale } from './define.ts';
import { mergedMessages, type MessageKey } from './catalogue.ts';

const STORAGE_KEY = 'customer-lens.locale';

function initialLocale(): Locale {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (saved && (LOCALES as readonly string[]).includes(saved)) return saved as Locale;
  } catch {
    // Storage can be blocked (private mode); fall back to the browser language.
  }
  const lang = globalThis.navigator?.language ?? 'en';
  return lang.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

const state = $state({ locale: initialLocale() });
const tables: Record<Locale, Record<string, string>> = {
  en: mergedMessages('en'),
  'zh-CN': mergedMessages('zh-CN'),
};

export function getLocale(): Locale {
  return state.locale;
}

export function setLocale(locale: Locale): void {
  state.locale = locale;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  } catch {
    // Not persisted when storage is blocked; the switch still applies to this tab.
  }
  if (globalThis.document) document.documentElement.lang = locale;
}

/** Translates a key; `{name}` placeholders are replaced by params (numbers formatted for the locale). */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return translate(key, params);
}

/** For keys that arrive at run time (error codes, progress phases); unknown keys are returned as-is. */
export function translate(key: string, params: Record<string, string | number> = {}): string {
  const template = tables[state.locale][key] ?? tables.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    return typeof v === 'number' ? formatNumber(v) : v;
  });
}

export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(state.locale, options).format(value);
}

export function formatDate(epochMs: number, options?: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat(
    state.locale,
    options ?? { dateStyle: 'medium', timeZone: 'UTC' },
  ).format(epochMs);
}

export function formatDateTime(epochMs: number): string {
  return formatDate(epochMs, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Bytes as B / kB / MB / GB with the locale's digits. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${formatNumber(v, { maximumFractionDigits: u === 0 ? 0 : 1 })} ${units[u]}`;
}
