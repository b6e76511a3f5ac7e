/**
 * The teaching mode's state: the points, the settings (k, start method, seed) and the
 * history of steps — a start, then assign and update steps in turn — so that "Step back"
 * restores exactly the previous centroids, labels and inertia. "Play" takes a step now and
 * then one every `interval` ms until an assignment changes nothing (convergence), then
 * stops.
 *
 * All arithmetic is in src/core/cluster/steps.ts; this class only keeps the records.
 */
import { assignStep, randomStart, updateStep, type StartMethod } from '../../core/cluster/steps.ts';

export type StepKind = 'start' | 'assign' | 'update';

export interface StepRecord {
  kind: StepKind;
  /** k×d after this step. */
  centroids: Float64Array;
  /** null until the first assignment. */
  labels: Int32Array | null;
  inertia: number | null;
  sizes: number[] | null;
  /** Assign: points whose cluster changed (all n on the first assignment). */
  changed: number;
  /** Update: clusters without points, whose centroid stayed. */
  empty: number[];
  /** Update: the largest distance a centroid moved. */
  maxShift: number;
  /** Assign: nothing changed, k-means has converged. */
  converged: boolean;
  /** Completed assign + update rounds up to this step (each update completes one). */
  iteration: number;
}

export const PLAY_INTERVAL_MS = 700;
export const K_MIN = 2;
export const K_MAX = 8;

export class Stepper {
  /** n×d, scaled. */
  points = $state.raw<Float64Array | null>(null);
  n = $state(0);
  d = $state(2);
  k = $state(3);
  seed = $state(0);
  method = $state<StartMethod>('k-means++');
  history = $state.raw<StepRecord[]>([]);
  playing = $state(false);
  /** Milliseconds between two steps while playing. */
  interval: number;
  error = $state<unknown>(null);

  readonly current = $derived<StepRecord | null>(this.history.at(-1) ?? null);
  readonly previous = $derived<StepRecord | null>(this.history.at(-2) ?? null);
  /** What the next step is. */
  readonly phase = $derived<'assign' | 'update'>(
    this.current?.kind === 'assign' ? 'update' : 'assign',
  );
  readonly converged = $derived(this.current?.converged ?? false);
  readonly canStep = $derived(this.current !== null && !this.converged);

  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(interval = PLAY_INTERVAL_MS) {
    this.interval = interval;
  }

  /** New points (or none): back to a fresh start. */
  setData(points: Float64Array | null, n: number, d = 2): void {
    this.points = points;
    this.n = n;
    this.d = d;
    this.restart();
  }

  configure(settings: { k?: number; seed?: number; method?: StartMethod }): void {
    if (settings.k !== undefined) this.k = settings.k;
    if (settings.seed !== undefined) this.seed = settings.seed;
    if (settings.method !== undefined) this.method = settings.method;
    this.restart();
  }

  /** The starting centroids for the current settings, as the only history entry. */
  restart(): void {
    this.pause();
    this.error = null;
    const points = this.points;
    if (!points || this.n < this.k) {
      this.history = [];
      return;
    }
    try {
      const centroids = randomStart(points, this.n, this.d, this.k, this.seed, this.method);
      this.history = [
        {
          kind: 'start',
          centroids,
          labels: null,
          inertia: null,
          sizes: null,
          changed: 0,
          empty: [],
          maxShift: 0,
          converged: false,
          iteration: 0,
        },
      ];
    } catch (err) {
      this.error = err;
      this.history = [];
    }
  }

  /** The next seed's start. */
  newStart(): void {
    this.seed = this.seed + 1;
    this.restart();
  }

  assign(): boolean {
    const cur = this.current;
    const points = this.points;
    if (!cur || !points || this.phase !== 'assign' || cur.converged) return false;
    const result = assignStep(points, this.n, this.d, cur.centroids, this.k, cur.labels);
    this.history = [
      ...this.history,
      {
        kind: 'assign',
        centroids: cur.centroids,
        labels: result.labels,
        inertia: result.inertia,
        sizes: result.sizes,
        changed: result.changed,
        empty: [],
        maxShift: 0,
        converged: cur.labels !== null && result.changed === 0,
        iteration: cur.iteration,
      },
    ];
    return true;
  }

  update(): boolean {
    const cur = this.current;
    const points = this.points;
    if (!cur || !points || !cur.labels || this.phase !== 'update' || cur.converged) return false;
    const result = updateStep(points, this.n, this.d, cur.labels, this.k, cur.centroids);
    this.history = [
      ...this.history,
      {
        kind: 'update',
        centroids: result.centroids,
        labels: cur.labels,
        inertia: result.inertia,
        sizes: result.sizes,
        changed: 0,
        empty: result.empty,
        maxShift: Math.max(...result.shifts),
        converged: false,
        iteration: cur.iteration + 1,
      },
    ];
    return true;
  }

  /** Whichever step comes next. */
  step(): boolean {
    return this.phase === 'assign' ? this.assign() : this.update();
  }

  back(): boolean {
    this.pause();
    if (this.history.length < 2) return false;
    this.history = this.history.slice(0, -1);
    return true;
  }

  /** Takes a step now, then one every `interval` ms until convergence or pause. */
  play(): void {
    if (this.playing || !this.canStep) return;
    this.playing = true;
    this.#tick();
  }

  pause(): void {
    this.playing = false;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  #tick(): void {
    this.#timer = null;
    if (!this.playing) return;
    if (!this.step() || this.converged) {
      this.pause();
      return;
    }
    this.#timer = setTimeout(() => this.#tick(), this.interval);
  }
}
