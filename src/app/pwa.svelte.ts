/**
 * Service-worker state for the update prompt. main.ts registers the worker (through
 * vite-plugin-pwa's `registerSW`, a no-op under `vite dev` and in tests) and reports here.
 */
interface PwaState {
  /** A new version is installed and waiting. */
  needRefresh: boolean;
  /** The app's files are cached: it will open without a network. */
  offlineReady: boolean;
  /** Registration failed (e.g. the browser blocks service workers). */
  registerError: boolean;
}

const state = $state<PwaState>({ needRefresh: false, offlineReady: false, registerError: false });

let updater: ((reloadPage?: boolean) => Promise<void>) | null = null;

export function pwa(): PwaState {
  return state;
}

export function setUpdater(update: (reloadPage?: boolean) => Promise<void>): void {
  updater = update;
}

/** Activates the waiting version and reloads the page. */
export async function applyUpdate(): Promise<void> {
  if (updater) await updater(true);
  else location.reload();
}
