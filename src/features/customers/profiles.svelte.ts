/**
 * The customer profiles the Customers and Segments pages work on: which profiles dataset
 * is open, its table (read into the page for the virtual table, search, sort and live rule
 * counts), and its RFM / lifecycle analysis (computed in the analysis worker).
 *
 * One shared state so both pages show the same customers with the same settings.
 */
import { defaultGrid, type RfmGrid } from '../../core/rfm/grid.ts';
import type { RfmOptions } from '../../core/rfm/analyse.ts';
import { DEFAULT_LIFECYCLE_RULES, type LifecycleRules } from '../../core/customers/lifecycle.ts';
import type { CustomerAnalysis } from '../../core/customers/analyse.ts';
import type { ProfileOptions } from '../../core/customers/profiles.ts';
import type { Table } from '../../core/table/index.ts';
import { getDataset, getDb, readTable } from '../../store/index.ts';
import type { DatasetRecord } from '../../store/types.ts';
import { runTask } from '../../workers/client.ts';
import type { ProfilesBuilt, ProfilesReport } from '../../workers/api.ts';
import { TaskState } from '../../ui/task.svelte.ts';
import { datasets, refreshDatasets } from '../../app/datasets.svelte.ts';
import { latestClvJoin, withClvColumns, type ClvJoin } from '../clv/clvJoin.ts';

const SELECTED_KEY = 'customer-lens.profiles.selected';

export function isProfilesDataset(ds: DatasetRecord): boolean {
  return ds.kind === 'results' && (ds.report as { kind?: string } | undefined)?.kind === 'profiles';
}

export function profilesReport(ds: DatasetRecord): ProfilesReport {
  return ds.report as ProfilesReport;
}

class ProfilesState {
  /** The open profiles dataset, its table and analysis; null until one is opened. */
  record = $state.raw<DatasetRecord | null>(null);
  table = $state.raw<Table | null>(null);
  analysis = $state.raw<CustomerAnalysis | null>(null);
  rfmOptions = $state<{ bins: RfmOptions['bins']; monetary: RfmOptions['monetary'] }>({
    bins: 5,
    monetary: 'total',
  });
  /** The grid in use for named segments (a valid one: the editor only applies valid grids). */
  grid = $state.raw<RfmGrid>(defaultGrid(5));
  lifecycleRules = $state<LifecycleRules>({ ...DEFAULT_LIFECYCLE_RULES });
  readonly building = new TaskState<ProfilesBuilt>();
  readonly analysing = new TaskState<CustomerAnalysis>();
  loadError = $state<unknown>(null);
  loading = $state(false);
  /** Lifetime value of these customers from the newest CLV fit of their source, if any. */
  clv = $state.raw<ClvJoin | null>(null);
  /** The profile table with the CLV columns after its own: what the pages show and filter. */
  view = $derived.by(() => (this.table ? withClvColumns(this.table, this.clv) : null));

  /** Builds and stores profiles from a transactions dataset, then opens them. */
  async build(datasetId: number, options: ProfileOptions): Promise<number | undefined> {
    const built = await this.building.run(({ signal, onProgress }) =>
      runTask((api, task) => api.buildProfiles({ datasetId, options }, task), {
        signal,
        onProgress,
      }),
    );
    if (!built) return undefined;
    await refreshDatasets();
    await this.open(built.profilesId);
    return built.profilesId;
  }

  /** Opens a stored profiles dataset (remembered for the next visit) and analyses it. */
  async open(id: number): Promise<void> {
    this.loading = true;
    this.loadError = null;
    try {
      const db = getDb();
      const [record, table] = await Promise.all([getDataset(db, id), readTable(db, id)]);
      this.record = record;
      this.table = table;
      this.analysis = null;
      this.clv = null;
      try {
        localStorage.setItem(SELECTED_KEY, String(id));
      } catch {
        // private mode: the choice just is not remembered
      }
      await Promise.all([this.analyse(), this.loadClv()]);
    } catch (err) {
      this.loadError = err;
    } finally {
      this.loading = false;
    }
  }

  /**
   * Opens the remembered (else the newest) stored profiles unless some are open or
   * opening. Resolves false when there are no profiles to open.
   */
  async openDefault(): Promise<boolean> {
    await refreshDatasets();
    if (this.record || this.loading) return true;
    const pick = this.defaultStored(datasets().list);
    if (pick?.id === undefined) return false;
    await this.open(pick.id);
    return true;
  }

  /** The stored profiles to open by default: the remembered ones, else the newest. */
  defaultStored(list: readonly DatasetRecord[]): DatasetRecord | undefined {
    const stored = list.filter(isProfilesDataset); // newest first
    const remembered = this.rememberedId();
    return stored.find((d) => d.id === remembered) ?? stored[0];
  }

  /** The dataset the open profiles (else the default stored ones) were built from. */
  sourceId(list: readonly DatasetRecord[]): number | undefined {
    if (this.record?.report) return profilesReport(this.record).sourceId;
    const pick = this.defaultStored(list);
    return pick ? profilesReport(pick).sourceId : undefined;
  }

  /** The profiles dataset opened last time, if it still exists. */
  rememberedId(): number | null {
    try {
      const v = Number(localStorage.getItem(SELECTED_KEY));
      return Number.isInteger(v) && v > 0 ? v : null;
    } catch {
      return null;
    }
  }

  /** Re-runs RFM and lifecycle with the current options, grid and rules. */
  async analyse(): Promise<void> {
    const id = this.record?.id;
    if (id === undefined) return;
    const options = {
      rfm: { ...this.rfmOptions, grid: $state.snapshot(this.grid) as RfmGrid },
      lifecycle: { ...this.lifecycleRules },
    };
    const result = await this.analysing.run(({ signal, onProgress }) =>
      runTask((api, task) => api.analyseCustomers(id, options, task), { signal, onProgress }),
    );
    if (result && this.record?.id === id) this.analysis = result;
  }

  /** Quintiles ↔ quartiles: the grid goes back to that size's default. */
  async setRfmOptions(options: { bins: RfmOptions['bins']; monetary: RfmOptions['monetary'] }) {
    if (options.bins !== this.grid.bins) this.grid = defaultGrid(options.bins);
    this.rfmOptions = { ...options };
    await this.analyse();
  }

  async setGrid(grid: RfmGrid): Promise<void> {
    this.grid = grid;
    await this.analyse();
  }

  async setLifecycleRules(rules: LifecycleRules): Promise<void> {
    this.lifecycleRules = { ...rules };
    await this.analyse();
  }

  /**
   * Joins the newest lifetime-value results of the profiles' source transactions (after a
   * fit, and when profiles open). Without any, or when they cannot be read, the profiles
   * simply have no CLV columns.
   */
  async loadClv(): Promise<void> {
    const record = this.record;
    const table = this.table;
    const sourceId = record?.report ? profilesReport(record).sourceId : undefined;
    if (!record || !table || sourceId === undefined) {
      this.clv = null;
      return;
    }
    let join: ClvJoin | null = null;
    try {
      join = await latestClvJoin(getDb(), sourceId, table);
    } catch {
      join = null;
    }
    if (this.record === record && this.table === table) this.clv = join;
  }

  close(): void {
    this.record = null;
    this.table = null;
    this.analysis = null;
    this.clv = null;
  }
}

export const profiles = new ProfilesState();
