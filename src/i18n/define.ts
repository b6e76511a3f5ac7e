export type Locale = 'en' | 'zh-CN';
export const LOCALES: readonly Locale[] = ['en', 'zh-CN'];

/**
 * A message catalogue for one area of the app. The Chinese side must have exactly the
 * English keys, which the type checker enforces. Placeholders are written `{name}`.
 */
export function defineMessages<const E extends Record<string, string>>(
  en: E,
  zh: { [K in keyof E]: string },
): { en: E; 'zh-CN': { [K in keyof E]: string } } {
  return { en, 'zh-CN': zh };
}
