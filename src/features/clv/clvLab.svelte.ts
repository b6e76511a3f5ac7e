/**
 * The Lifetime value page's state: the settings form (dates as the user types them), the
 * fit running in the lifetime-value worker (cancel terminates it), and the outcome shown.
 * After a fit the open customer profiles pick up the new CLV columns.
 */
import { LensError } from '../../core/errors.ts';
import {
  DEFAULT_CLV_SETTINGS,
  type ClvSettings,
  type ModelName,
  type TimeUnit,
} from '../../core/clv/types.ts';
import type { DatasetRecord } from '../../store/types.ts';
import { TaskState } from '../../ui/task.svelte.ts';
import { runClvTask } from '../../workers/client.ts';
import type { ClvRunOutcome } from '../../workers/api.ts';
import { refreshDatasets } from '../../app/datasets.svelte.ts';
import { profiles } from '../customers/profiles.svelte.ts';
import { dateRangeOf, dayInput, defaultDates, inputDay } from './clvDates.ts';

class ClvLab {
  /** The transactions dataset to fit on. */
  transactionsId = $state<number | null>(null);
  /** Its first and last order day (epoch ms, 00:00 UTC), from the stored column statistics. */
  range = $state.raw<{ first: number; last: number } | null>(null);
  unit = $state<TimeUnit>(DEFAULT_CLV_SETTINGS.unit);
  /** Off by default: scores as of the last order day are what the customer table needs. */
  holdout = $state(false);
  /** 'YYYY-MM-DD' as in the date inputs; '' = the default. */
  calibrationEnd = $state('');
  holdoutEnd = $state('');
  model = $state<ModelName>(DEFAULT_CLV_SETTINGS.model);
  penalty = $state(DEFAULT_CLV_SETTINGS.penalty);
  periods = $state(DEFAULT_CLV_SETTINGS.periods);
  horizonMonths = $state(DEFAULT_CLV_SETTINGS.horizonMonths);
  /** Monthly discount rate in percent (1 = 1 % a month). */
  discountPercent = $state(DEFAULT_CLV_SETTINGS.monthlyDiscount * 100);
  outcome = $state.raw<ClvRunOutcome | null>(null);
  /** A problem with the form found before anything was sent to the worker. */
  formError = $state.raw<LensError | null>(null);
  readonly fitting = new TaskState<ClvRunOutcome>();

  /** Chooses the transactions dataset and fills in its default dates. */
  useDataset(record: DatasetRecord | null): void {
    const id = record?.id ?? null;
    if (id === this.transactionsId && (record === null || this.range !== null)) return;
    this.transactionsId = id;
    this.range = record ? dateRangeOf(record) : null;
    this.resetDates();
    this.formError = null;
  }

  /** The default dates for the chosen dataset and holdout choice. */
  resetDates(): void {
    const dates = defaultDates(this.range, this.holdout);
    this.calibrationEnd = dates.calibrationEnd === null ? '' : dayInput(dates.calibrationEnd);
    this.holdoutEnd = dates.holdoutEnd === null ? '' : dayInput(dates.holdoutEnd);
  }

  /** Turns the holdout on or off; the dates go back to their defaults for that choice. */
  setHoldout(on: boolean): void {
    this.holdout = on;
    this.resetDates();
  }

  /** The settings the form describes; throws LensError for a date that cannot be read. */
  settings(): ClvSettings {
    const calibrationEnd = this.calibrationEnd === '' ? null : inputDay(this.calibrationEnd);
    if (Number.isNaN(calibrationEnd)) throw new LensError('error.clvForm.calibrationEnd');
    let holdoutEnd: number | null = null;
    if (this.holdout) {
      holdoutEnd = this.holdoutEnd === '' ? (this.range?.last ?? null) : inputDay(this.holdoutEnd);
      if (holdoutEnd === null || Number.isNaN(holdoutEnd)) {
        throw new LensError('error.clvForm.holdoutEnd');
      }
    }
    return {
      unit: this.unit,
      calibrationEnd,
      holdoutEnd,
      model: this.model,
      penalty: Number(this.penalty),
      periods: Number(this.periods),
      horizonMonths: Number(this.horizonMonths),
      monthlyDiscount: Number(this.discountPercent) / 100,
    };
  }

  async fit(): Promise<void> {
    const id = this.transactionsId;
    if (id === null) return;
    let settings: ClvSettings;
    try {
      settings = this.settings();
      this.formError = null;
    } catch (err) {
      this.formError = err instanceof LensError ? err : new LensError('error.clvForm.invalid');
      return;
    }
    const result = await this.fitting.run(({ signal, onProgress }) =>
      runClvTask((api, task) => api.fit(id, settings, task), { signal, onProgress }),
    );
    if (!result || this.transactionsId !== id) return;
    this.outcome = result;
    await refreshDatasets();
    // The open profiles of this source show the new predictions.
    await profiles.loadClv();
  }
}

export const clvLab = new ClvLab();
