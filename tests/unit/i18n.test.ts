import { describe, expect, it } from 'vitest';
import { catalogues } from '../../src/i18n/catalogue.ts';

const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  it('define every key once across all files', () => {
    const seen = new Map<string, number>();
    catalogues.forEach((c, i) => {
      for (const key of Object.keys(c.en)) {
        expect(seen.has(key), `key ${key} in catalogue ${i} and ${seen.get(key)}`).toBe(false);
        seen.set(key, i);
      }
    });
    expect(seen.size).toBeGreaterThan(0);
  });

  it('have a non-empty Chinese text with the same placeholders for every English key', () => {
    for (const c of catalogues) {
      const en = c.en as Record<string, string>;
      const zh = c['zh-CN'] as Record<string, string>;
      expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
      for (const key of Object.keys(en)) {
        expect(en[key].trim(), key).not.toBe('');
        expect(zh[key].trim(), key).not.toBe('');
        expect(placeholders(zh[key]), key).toEqual(placeholders(en[key]));
      }
    }
  });

  it('translate Chinese strings into Chinese (no English left in the zh-CN catalogue)', () => {
    // A zh-CN message that equals its English text is usually a forgotten translation;
    // short technical tokens (CSV, ID, URLs) are allowed.
    const untranslated: string[] = [];
    for (const c of catalogues) {
      const en = c.en as Record<string, string>;
      const zh = c['zh-CN'] as Record<string, string>;
      for (const key of Object.keys(en)) {
        if (zh[key] === en[key] && /[a-z]{4,}\s+[a-z]{3,}/i.test(en[key])) untranslated.push(key);
      }
    }
    expect(untranslated).toEqual([]);
  });
});
