/**
 * The state of one import, from the chosen file to the stored dataset:
 *
 *   choose ─file─▶ preview (options, mapping) ─read─▶ review (report, cleaning) ─save─▶ dataset
 *
 * Module state, so that the file survives moving between the Data page (where it is
 * dropped) and the import page. The parsed table itself stays in the import worker;
 * the page holds only what it shows.
 */
import type {
  CleaningConfig,
  CleaningStepResult,
  ColumnSpec,
  ParseOptions,
  QualityReport,
} from '../../../core/ingest/types.ts';
import type { DatasetKind } from '../../../store/types.ts';
import { TaskState } from '../../../ui/task.svelte.ts';
import type { ImportInput, ParsedSession, PreviewResult } from '../../../workers/api.ts';
import { getIngestWorker, runIngestTask } from '../../../workers/client.ts';

export type ImportStep = 'choose' | 'preview' | 'review';

/** Name of a dataset made from pasted text. */
export const PASTED_FILE_NAME = 'pasted.txt';

class ImportFlow {
  step = $state<ImportStep>('choose');
  input = $state.raw<ImportInput | null>(null);
  options = $state<ParseOptions>({});
  preview = $state.raw<PreviewResult | null>(null);
  specs = $state<ColumnSpec[]>([]);
  kind = $state<DatasetKind>('transactions');
  name = $state('');
  session = $state.raw<ParsedSession | null>(null);
  cleaning = $state<CleaningConfig | null>(null);
  plan = $state.raw<CleaningStepResult[]>([]);
  after = $state.raw<QualityReport | null>(null);
  /** Bytes of the file when the whole-file read started, for the ETA. */
  startedAt = $state(0);

  readonly previewTask = new TaskState<PreviewResult>();
  readonly parseTask = new TaskState<ParsedSession>();
  readonly afterTask = new TaskState<QualityReport>();
  readonly saveTask = new TaskState<{ datasetId: number; rows: number }>();

  #planRequest = 0;

  /** Starts over with a new file (from a drop, the picker or a paste). */
  async open(input: ImportInput): Promise<void> {
    await this.discardSession();
    this.input = input;
    this.options = {};
    this.name = baseName(input.fileName);
    this.step = 'preview';
    await this.loadPreview();
  }

  /** Reads the head again with the current options (encoding, delimiter, header, sheet). */
  async loadPreview(): Promise<void> {
    const input = this.input;
    if (!input) return;
    const options = $state.snapshot(this.options) as ParseOptions;
    const result = await this.previewTask.run(({ signal, onProgress }) =>
      runIngestTask((api, task) => api.preview(input, options, task), { signal, onProgress }),
    );
    if (!result) return;
    this.preview = result;
    this.specs = result.specs.map((s) => ({ ...s }));
    this.kind = result.kind;
  }

  /** Parses and types the whole file with the confirmed mapping. */
  async readWhole(): Promise<void> {
    const input = this.input;
    if (!input) return;
    const options = $state.snapshot(this.options) as ParseOptions;
    const specs = $state.snapshot(this.specs) as ColumnSpec[];
    this.startedAt = performance.now();
    performance.mark('lens:import:read');
    const result = await this.parseTask.run(({ signal, onProgress }) =>
      runIngestTask((api, task) => api.parse(input, options, specs, task), {
        signal,
        onProgress,
      }),
    );
    if (!result) return;
    performance.mark('lens:import:parsed');
    this.session = result;
    this.cleaning = structuredClone(result.cleaning);
    this.plan = [];
    this.after = null;
    this.step = 'review';
    await this.refreshPlan();
  }

  /** Live counts for the cleaning panel; a newer request wins over a slower older one. */
  async refreshPlan(): Promise<void> {
    const session = this.session;
    const config = this.cleaning;
    if (!session || !config) return;
    const request = ++this.#planRequest;
    const plan = await getIngestWorker().planCleaning(
      session.sessionId,
      $state.snapshot(config) as CleaningConfig,
    );
    if (request === this.#planRequest) {
      this.plan = plan;
      this.after = null;
    }
  }

  async showAfter(): Promise<void> {
    const session = this.session;
    const config = this.cleaning;
    if (!session || !config) return;
    const snapshot = $state.snapshot(config) as CleaningConfig;
    const result = await this.afterTask.run(({ signal, onProgress }) =>
      runIngestTask((api, task) => api.reportAfterCleaning(session.sessionId, snapshot, task), {
        signal,
        onProgress,
      }),
    );
    if (result) this.after = result;
  }

  /** Cleans and stores; resolves with the new dataset's id, or undefined. */
  async save(): Promise<number | undefined> {
    const session = this.session;
    const config = this.cleaning;
    if (!session || !config) return undefined;
    const request = {
      name: this.name.trim() || baseName(session.fileName),
      kind: this.kind,
      cleaning: $state.snapshot(config) as CleaningConfig,
    };
    // User Timing marks (DevTools' performance panel; the import benchmark reads them).
    performance.mark('lens:import:save');
    const result = await this.saveTask.run(({ signal, onProgress }) =>
      runIngestTask((api, task) => api.save(session.sessionId, request, task), {
        signal,
        onProgress,
      }),
    );
    if (!result) return undefined;
    performance.mark('lens:import:stored');
    this.session = null;
    this.reset();
    return result.datasetId;
  }

  /** Back to the mapping, keeping the file. */
  async backToPreview(): Promise<void> {
    await this.discardSession();
    this.step = 'preview';
  }

  /** Forgets everything (Cancel). */
  async cancel(): Promise<void> {
    this.previewTask.cancel();
    this.parseTask.cancel();
    await this.discardSession();
    this.reset();
  }

  private reset(): void {
    this.step = 'choose';
    this.input = null;
    this.preview = null;
    this.specs = [];
    this.cleaning = null;
    this.plan = [];
    this.after = null;
    this.previewTask.reset();
    this.parseTask.reset();
    this.afterTask.reset();
  }

  private async discardSession(): Promise<void> {
    const session = this.session;
    this.session = null;
    if (session)
      await getIngestWorker()
        .discard(session.sessionId)
        .catch(() => undefined);
  }
}

/** 'orders-2024.csv' → 'orders-2024'. */
export function baseName(fileName: string): string {
  const slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
  const name = fileName.slice(slash + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

export const importFlow = new ImportFlow();
