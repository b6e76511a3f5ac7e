/**
 * Predict → Churn's saved models: the churn receipts stored in `runs` (each holds its
 * trained models and their feature pipeline), newest first; the dataset picked to score
 * with each; and one scoring at a time in the churn worker (progress, Cancel terminates
 * it) with its ranked scores. Scoring writes nothing to the store.
 */
import type { ChurnModelKind } from '../../core/churn/index.ts';
import { getDb } from '../../store/index.ts';
import { TaskState } from '../../ui/task.svelte.ts';
import { runChurnTask } from '../../workers/client.ts';
import type { ChurnReceipt, ChurnScoring } from '../../workers/api.ts';
import { rankScores, type ScoredCustomer } from './churnScores.ts';

export interface SavedScores {
  runId: number;
  datasetId: number;
  datasetName: string;
  /** The run's models, in its order; `rows[i].p` follows it. */
  models: ChurnModelKind[];
  rows: ScoredCustomer[];
}

class SavedModels {
  /** The stored churn runs, newest first. */
  runs = $state.raw<ChurnReceipt[]>([]);
  loaded = $state(false);
  loadError = $state.raw<unknown>(null);
  /** Whether the card is open (kept while the user moves around the app). */
  open = $state(false);
  /** The dataset picked to score with each run, by run id (unset: the run's own source). */
  picked = $state<Record<number, number>>({});
  /** The run being scored, or whose scores are shown. */
  runId = $state<number | null>(null);
  /** The dataset being scored, or whose scores are shown. */
  datasetName = $state('');
  result = $state.raw<SavedScores | null>(null);
  readonly scoring = new TaskState<ChurnScoring>();
  #loads = 0;

  /** Re-reads the churn runs from the store. */
  async load(): Promise<void> {
    const load = ++this.#loads;
    try {
      const runs = (await getDb().runs.where('kind').equals('churn').toArray()) as ChurnReceipt[];
      if (load !== this.#loads) return;
      this.runs = runs.sort((a, b) => b.createdAt - a.createdAt || (b.id ?? 0) - (a.id ?? 0));
      this.loadError = null;
    } catch (err) {
      if (load === this.#loads) this.loadError = err;
    } finally {
      if (load === this.#loads) this.loaded = true;
    }
  }

  /** Scores a dataset with a run's models in the worker and shows the ranked scores. */
  async score(run: ChurnReceipt, dataset: { id: number; name: string }): Promise<void> {
    const runId = run.id;
    if (runId === undefined || this.scoring.running) return;
    this.runId = runId;
    this.datasetName = dataset.name;
    this.result = null;
    const scoring = await this.scoring.run(({ signal, onProgress }) =>
      runChurnTask((api, task) => api.score(runId, dataset.id, task), { signal, onProgress }),
    );
    if (!scoring || this.runId !== runId) return;
    const models = run.models.map((m) => m.model.kind);
    this.result = {
      runId,
      datasetId: dataset.id,
      datasetName: dataset.name,
      models,
      rows: rankScores(scoring, models),
    };
  }
}

export const savedModels = new SavedModels();
