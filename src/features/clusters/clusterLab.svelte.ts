/**
 * The Clusters page's state: the settings being edited, the "choose k" scores, the current
 * run's outcome with the user's cluster names, DBSCAN's k-distance curve, and the run
 * history. Work runs in the clustering worker (cancel terminates it).
 */
import { DEFAULT_CLUSTER_SETTINGS, type ClusterSettings } from '../../core/cluster/run.ts';
import { getDb } from '../../store/index.ts';
import { TaskState } from '../../ui/task.svelte.ts';
import { runClusterTask } from '../../workers/client.ts';
import type {
  ChooseKOutcome,
  ClusterReceipt,
  ClusterRunOutcome,
  KDistanceOutcome,
} from '../../workers/api.ts';

/** How many runs the history lists. */
const HISTORY_LIMIT = 20;

function copySettings(s: ClusterSettings): ClusterSettings {
  return JSON.parse(JSON.stringify(s)) as ClusterSettings;
}

class ClusterLab {
  settings = $state<ClusterSettings>(copySettings(DEFAULT_CLUSTER_SETTINGS));
  kMin = $state(2);
  kMax = $state(10);
  /** The profiles the results below belong to. */
  profilesId = $state<number | null>(null);
  chooseK = $state.raw<ChooseKOutcome | null>(null);
  outcome = $state.raw<ClusterRunOutcome | null>(null);
  kDistances = $state.raw<KDistanceOutcome | null>(null);
  /** User-given names by cluster index; empty = the automatic name. */
  names = $state<string[]>([]);
  history = $state.raw<ClusterReceipt[]>([]);
  readonly choosing = new TaskState<ChooseKOutcome>();
  readonly running = new TaskState<ClusterRunOutcome>();
  readonly measuring = new TaskState<KDistanceOutcome>();

  /** Forgets results of other profiles. */
  useProfiles(id: number | null): void {
    if (id === this.profilesId) return;
    this.profilesId = id;
    this.chooseK = null;
    this.outcome = null;
    this.kDistances = null;
    this.names = [];
    void this.loadHistory();
  }

  private snapshot(): ClusterSettings {
    return copySettings($state.snapshot(this.settings) as ClusterSettings);
  }

  async scoreK(): Promise<void> {
    const id = this.profilesId;
    if (id === null) return;
    const settings = this.snapshot();
    const range = { kMin: this.kMin, kMax: this.kMax };
    const result = await this.choosing.run(({ signal, onProgress }) =>
      runClusterTask((api, task) => api.chooseK(id, settings, range, task), {
        signal,
        onProgress,
      }),
    );
    if (result && this.profilesId === id) this.chooseK = result;
  }

  async run(settings: ClusterSettings = this.snapshot()): Promise<void> {
    const id = this.profilesId;
    if (id === null) return;
    const result = await this.running.run(({ signal, onProgress }) =>
      runClusterTask((api, task) => api.run(id, settings, task), { signal, onProgress }),
    );
    if (result && this.profilesId === id) {
      this.outcome = result;
      this.names = new Array<string>(result.k).fill('');
      await this.loadHistory();
    }
  }

  async measureEps(): Promise<void> {
    const id = this.profilesId;
    if (id === null) return;
    const settings = this.snapshot();
    const result = await this.measuring.run(({ signal, onProgress }) =>
      runClusterTask((api, task) => api.kDistances(id, settings, task), { signal, onProgress }),
    );
    if (result && this.profilesId === id) this.kDistances = result;
  }

  /** Re-runs a stored receipt's settings (same seed: the same clusters). */
  async rerun(receipt: ClusterReceipt): Promise<void> {
    this.settings = copySettings(receipt.settings);
    await this.run(copySettings(receipt.settings));
  }

  async loadHistory(): Promise<void> {
    const id = this.profilesId;
    if (id === null) {
      this.history = [];
      return;
    }
    const runs = (await getDb()
      .runs.where('datasetId')
      .equals(id)
      .filter((r) => r.kind === 'cluster')
      .toArray()) as ClusterReceipt[];
    if (this.profilesId !== id) return;
    this.history = runs.sort((a, b) => b.createdAt - a.createdAt).slice(0, HISTORY_LIMIT);
  }
}

export const lab = new ClusterLab();
