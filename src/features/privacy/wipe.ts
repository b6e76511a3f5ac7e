/**
 * "Delete all data": everything Customer Lens keeps in this browser, in the order that
 * matters most first. The caller reloads the page afterwards.
 */
export async function wipeEverything(deleteDatabase: () => Promise<void>): Promise<void> {
  // 1. The datasets, runs and settings (the IndexedDB database).
  await deleteDatabase();

  // 2. The app's own files in Cache Storage (the service worker's precache).
  if (globalThis.caches) {
    const keys = await caches.keys();
    await Promise.all(keys.map((key) => caches.delete(key)));
  }

  // 3. The service worker itself.
  if (globalThis.navigator?.serviceWorker) {
    const registrations = await navigator.serviceWorker.getRegistrations();
    await Promise.all(registrations.map((r) => r.unregister()));
  }

  // 4. Small preferences (the chosen language).
  try {
    localStorage.clear();
    sessionStorage.clear();
  } catch {
    // Storage blocked: nothing was stored there either.
  }
}
