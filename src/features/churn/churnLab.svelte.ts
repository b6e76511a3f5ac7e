/**
 * The Churn page's state: the settings form (dates as the user types them), the run in the
 * churn worker (cancel terminates it), the outcome shown, and the result view's own
 * controls — the model looked at, the threshold slider, the cost/benefit values, the risk
 * list's filter and the segment name.
 */
import { LensError } from '../../core/errors.ts';
import { DAY_MS } from '../../core/customers/profiles.ts';
import {
  DEFAULT_CHURN_SETTINGS,
  type BehaviourTarget,
  type ChurnModelKind,
  type ChurnSettings,
  type ClassWeight,
} from '../../core/churn/index.ts';
import type { DatasetRecord } from '../../store/types.ts';
import { TaskState } from '../../ui/task.svelte.ts';
import { runChurnTask } from '../../workers/client.ts';
import type { ChurnRequest, ChurnRunOutcome } from '../../workers/api.ts';
import { refreshDatasets } from '../../app/datasets.svelte.ts';
import { dateRangeOf, dayInput, inputDay } from '../clv/clvDates.ts';

export const DEFAULT_WINDOW_DAYS = 90;

class ChurnLab {
  /** The dataset to learn from: transactions (behavioural labels) or a customer table (a target column). */
  datasetId = $state<number | null>(null);
  datasetKind = $state<'transactions' | 'customers' | null>(null);
  /** First and last order day of a transactions dataset (epoch ms, 00:00 UTC). */
  range = $state.raw<{ first: number; last: number } | null>(null);
  /** A customer table's columns that can be the target. */
  targetChoices = $state.raw<{ name: string; top: string[] }[]>([]);
  /** 'YYYY-MM-DD'; '' = the last order day − the window. */
  cutoff = $state('');
  windowDays = $state(DEFAULT_WINDOW_DAYS);
  behaviour = $state<BehaviourTarget>('churn');
  targetColumn = $state('');
  positive = $state('');
  models = $state<Record<ChurnModelKind, boolean>>({ logistic: true, tree: true, mlp: false });
  /** Percent of the labelled customers held out for testing. */
  testPercent = $state(DEFAULT_CHURN_SETTINGS.testSize * 100);
  folds = $state(DEFAULT_CHURN_SETTINGS.folds);
  seed = $state(DEFAULT_CHURN_SETTINGS.seed);
  classWeight = $state<ClassWeight>(DEFAULT_CHURN_SETTINGS.classWeight);
  outcome = $state.raw<ChurnRunOutcome | null>(null);
  formError = $state.raw<LensError | null>(null);
  readonly training = new TaskState<ChurnRunOutcome>();

  /** The model the threshold, confusion matrix, lift and risk list show. */
  model = $state<ChurnModelKind>('logistic');
  threshold = $state(DEFAULT_CHURN_SETTINGS.threshold);
  /** Cost/benefit: what a correctly targeted customer is worth, what a wasted contact costs. */
  truePositiveValue = $state(DEFAULT_CHURN_SETTINGS.outcomeValues.truePositive);
  falsePositiveCost = $state(-DEFAULT_CHURN_SETTINGS.outcomeValues.falsePositive);
  minProbability = $state(0.5);
  segmentName = $state('');

  /** Chooses the dataset and fills in its defaults. */
  useDataset(record: DatasetRecord | null): void {
    const id = record?.id ?? null;
    if (id === this.datasetId && (record === null || this.datasetKind !== null)) return;
    this.datasetId = id;
    this.formError = null;
    if (!record) {
      this.datasetKind = null;
      this.range = null;
      this.targetChoices = [];
      return;
    }
    this.datasetKind = record.kind === 'transactions' ? 'transactions' : 'customers';
    this.range = this.datasetKind === 'transactions' ? dateRangeOf(record) : null;
    this.resetCutoff();
    this.targetChoices = record.columns
      .filter((c) => {
        const role = c.role ?? record.mapping?.[c.name];
        return role !== 'customerId' && role !== 'email' && role !== 'phone' && role !== 'name';
      })
      .filter((c) => (c.stats?.distinct ?? 0) >= 2 && (c.stats?.distinct ?? 0) <= 20)
      .map((c) => ({ name: c.name, top: (c.stats?.top ?? []).map((v) => v.value) }));
    const guess =
      this.targetChoices.find((c) => /churn|attrition|left|cancel/i.test(c.name)) ??
      this.targetChoices[0];
    this.targetColumn = guess?.name ?? '';
    this.positive = guess ? guessPositive(guess.top) : '';
  }

  /** The default cutoff: the last order day − the window. */
  defaultCutoff(): number | null {
    const days = Number(this.windowDays);
    if (!this.range || !Number.isInteger(days) || days < 1) return null;
    return this.range.last - days * DAY_MS;
  }

  resetCutoff(): void {
    const cutoff = this.defaultCutoff();
    this.cutoff = cutoff === null ? '' : dayInput(cutoff);
  }

  /** A new window moves a cutoff that was at its default along with it. */
  setWindow(days: number): void {
    const wasDefault = this.cutoff === '' || inputDay(this.cutoff) === this.defaultCutoff();
    this.windowDays = days;
    if (wasDefault) this.resetCutoff();
  }

  setTarget(column: string): void {
    this.targetColumn = column;
    this.positive = guessPositive(this.targetChoices.find((c) => c.name === column)?.top ?? []);
  }

  /** The request the form describes; throws LensError for a value that cannot be read. */
  request(): ChurnRequest {
    const id = this.datasetId;
    if (id === null) throw new LensError('error.churnForm.dataset');
    const models = (['logistic', 'tree', 'mlp'] as const).filter((m) => this.models[m]);
    if (models.length === 0) throw new LensError('error.churnForm.models');
    const settings: Partial<ChurnSettings> = {
      models,
      testSize: Number(this.testPercent) / 100,
      folds: Number(this.folds),
      seed: Number(this.seed),
      classWeight: this.classWeight,
    };
    if (this.datasetKind === 'transactions') {
      const cutoff = this.cutoff.trim() === '' ? null : inputDay(this.cutoff);
      if (Number.isNaN(cutoff)) throw new LensError('error.churnForm.cutoff');
      return {
        datasetId: id,
        labels: {
          source: 'behaviour',
          cutoff,
          windowDays: Number(this.windowDays),
          target: this.behaviour,
        },
        settings,
      };
    }
    if (this.targetColumn === '') throw new LensError('error.churnForm.target');
    return {
      datasetId: id,
      labels: { source: 'target', column: this.targetColumn, positive: this.positive.trim() },
      settings,
    };
  }

  async train(): Promise<void> {
    let request: ChurnRequest;
    try {
      request = this.request();
      this.formError = null;
    } catch (err) {
      this.formError = err instanceof LensError ? err : new LensError('error.churnForm.invalid');
      return;
    }
    const result = await this.training.run(({ signal, onProgress }) =>
      runChurnTask((api, task) => api.train(request, task), { signal, onProgress }),
    );
    if (!result || this.datasetId !== request.datasetId) return;
    this.show(result);
    await refreshDatasets();
  }

  /** Shows an outcome: its first model, its threshold and a segment name to start from. */
  show(outcome: ChurnRunOutcome): void {
    this.outcome = outcome;
    this.model = outcome.models[0].kind;
    this.threshold = outcome.settings.threshold;
    this.segmentName = '';
  }
}

const YES_LIKE = /^(yes|y|true|t|1|是|churn|churned)$/i;

function guessPositive(values: string[]): string {
  return values.find((v) => YES_LIKE.test(v.trim())) ?? '';
}

export const churnLab = new ChurnLab();
