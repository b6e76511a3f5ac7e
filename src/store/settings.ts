/**
 * Small app settings (locale, observation end, chosen grids…) as key/value records.
 * Values are stored by structured clone: plain data only, no functions or class instances.
 */
import type { LensDb } from './db.ts';

/** The stored value, or `fallback` when the key was never set. */
export async function getSetting<T>(db: LensDb, key: string, fallback: T): Promise<T> {
  const record = await db.settings.get(key);
  return record === undefined ? fallback : (record.value as T);
}

export async function setSetting<T>(db: LensDb, key: string, value: T): Promise<void> {
  await db.settings.put({ key, value });
}

export async function deleteSetting(db: LensDb, key: string): Promise<void> {
  await db.settings.delete(key);
}
