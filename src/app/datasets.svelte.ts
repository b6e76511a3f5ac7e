/**
 * The list of stored datasets, shared by Home and Data. Pages call `refreshDatasets()` when
 * they open and after every change (load demo, rename, delete), so all views agree.
 */
import { getDb, listDatasets } from '../store/index.ts';
import type { DatasetRecord } from '../store/types.ts';

interface DatasetsState {
  list: DatasetRecord[];
  /** False until the first read finished (success or failure). */
  loaded: boolean;
  loading: boolean;
  error: unknown;
}

const state = $state<DatasetsState>({ list: [], loaded: false, loading: false, error: null });

let chain: Promise<void> = Promise.resolve();

export function datasets(): DatasetsState {
  return state;
}

async function read(): Promise<void> {
  state.loading = true;
  try {
    const list = await listDatasets(getDb());
    state.list = [...list].sort((a, b) => b.createdAt - a.createdAt || (b.id ?? 0) - (a.id ?? 0));
    state.error = null;
  } catch (err) {
    state.error = err;
  } finally {
    state.loaded = true;
    state.loading = false;
  }
}

/**
 * Re-reads the dataset records from IndexedDB. Calls are queued, so a refresh asked for
 * after a change always reads the state after that change.
 */
export function refreshDatasets(): Promise<void> {
  chain = chain.then(read);
  return chain;
}

export function isDemo(ds: DatasetRecord): boolean {
  return ds.source?.generator?.name === 'demo';
}
