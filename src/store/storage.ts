/**
 * How much the browser lets Customer Lens keep, and whether it may evict it. Works in the
 * page and in workers (WorkerNavigator has `storage` too); where the StorageManager API is
 * missing (old browsers, Node) every figure is null rather than an error.
 */
import type { StorageInfo } from './types.ts';

function storageManager(): StorageManager | undefined {
  return (globalThis as { navigator?: { storage?: StorageManager } }).navigator?.storage;
}

export async function storageInfo(): Promise<StorageInfo> {
  const storage = storageManager();
  if (!storage) return { usage: null, quota: null, persisted: null };
  const [estimate, persisted] = await Promise.all([
    typeof storage.estimate === 'function' ? storage.estimate().catch(() => undefined) : undefined,
    typeof storage.persisted === 'function' ? storage.persisted().catch(() => null) : null,
  ]);
  return {
    usage: estimate?.usage ?? null,
    quota: estimate?.quota ?? null,
    persisted,
  };
}

/**
 * Asks the browser not to evict our data under storage pressure. Resolves false when it
 * declines or cannot be asked (no API, or a worker, where `persist` does not exist).
 */
export async function requestPersistence(): Promise<boolean> {
  const storage = storageManager();
  if (!storage || typeof storage.persist !== 'function') return false;
  try {
    return await storage.persist();
  } catch {
    return false;
  }
}
