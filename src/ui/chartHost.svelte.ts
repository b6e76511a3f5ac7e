/**
 * The lifecycle every Chart.js component here shares, in one place: the component's colours
 * (read on mount and again on a light/dark switch), the reduced-motion preference (followed
 * live), and its chart(s) — updated in place when only the data or options change, built anew
 * the first time, on a new canvas or when the component's layout key changes, and destroyed
 * on unmount. Every chart gets the opaque background (chartTheme.ts) first in its plugins.
 *
 * Use, in a component:
 *
 *   const host = new ChartHost<Palette, 'line', number[], string>(FALLBACK, readPalette);
 *   onMount(() => host.start());
 *   $effect(() => {
 *     host.draw(canvas, () => ({ type: 'line', data: buildData(), options: buildOptions() }));
 *   });
 *
 * and read `host.palette` / `host.reducedMotion` in the builders. A component with several
 * charts (one per panel) draws each in its own `slot` and calls `keep(count)` first.
 */
import { untrack } from 'svelte';
import {
  Chart,
  type ChartConfiguration,
  type ChartOptions,
  type ChartType,
  type DefaultDataPoint,
  type Plugin,
  type UpdateMode,
} from 'chart.js';
import { getLocale } from '../i18n/index.ts';
import { followChartSettings, opaqueBackground } from './chartTheme.ts';

export interface DrawOptions {
  /** Which of the component's charts this is (e.g. the panel's index); default 0. */
  slot?: number;
  /** When this differs from the last draw's, the chart is built anew (e.g. another axis layout). */
  layout?: string;
  /** Chart.js's update mode for an in-place update, e.g. 'none' (no animation at all). */
  mode?: UpdateMode;
}

/** What a component draws: Chart.js's configuration, its options always given (an update replaces them). */
export type HostedConfig<TType extends ChartType, TData, TLabel> = ChartConfiguration<
  TType,
  TData,
  TLabel
> & { options: ChartOptions<TType> };

interface Held<TType extends ChartType, TData, TLabel> {
  chart: Chart<TType, TData, TLabel>;
  layout: string;
}

export class ChartHost<
  P extends { surface: string },
  TType extends ChartType,
  TData = DefaultDataPoint<TType>,
  TLabel = unknown,
> {
  /** The component's colours: the fallback until mounted, then read from the CSS variables. */
  palette: P;
  /** The user prefers reduced motion (followed live once started). */
  reducedMotion = $state(false);

  readonly #readPalette: () => P;
  readonly #background: Plugin<TType>;
  #held: (Held<TType, TData, TLabel> | undefined)[] = [];

  constructor(fallback: P, readPalette: () => P) {
    // Raw: the palette is only ever replaced whole, and its strings go to Chart.js.
    this.palette = $state.raw(fallback);
    this.#readPalette = readPalette;
    this.#background = opaqueBackground<TType>(() => this.palette.surface);
  }

  /**
   * For onMount: reads the palette and follows light/dark and reduced motion. Returns the
   * cleanup, which stops following and destroys the charts.
   */
  start(): () => void {
    this.palette = this.#readPalette();
    const stop = followChartSettings(
      () => (this.palette = this.#readPalette()),
      (reduced) => (this.reducedMotion = reduced),
    );
    return () => {
      stop();
      this.keep(0);
    };
  }

  /**
   * For an $effect: builds the config (tracking what `build` reads, and the locale) and
   * updates the chart in `slot` in place, or builds it anew (first draw, another canvas,
   * another `layout`). Without a canvas, the slot's chart (if any) is destroyed.
   */
  draw(
    canvas: HTMLCanvasElement | null | undefined,
    build: () => HostedConfig<TType, TData, TLabel>,
    { slot = 0, layout = '', mode }: DrawOptions = {},
  ): void {
    if (!canvas) {
      untrack(() => this.#drop(slot));
      return;
    }
    // Labels and number formats follow the locale: a switch redraws.
    getLocale();
    const config = build();
    untrack(() => {
      const held = this.#held[slot];
      if (held && held.chart.canvas === canvas && held.layout === layout) {
        held.chart.data = config.data;
        held.chart.options = config.options;
        held.chart.update(mode);
        return;
      }
      held?.chart.destroy();
      const plugins = [this.#background, ...(config.plugins ?? [])];
      this.#held[slot] = { chart: new Chart(canvas, { ...config, plugins }), layout };
    });
  }

  /** Destroys the charts in slots `count` and above (e.g. panels that were removed). */
  keep(count: number): void {
    for (let slot = count; slot < this.#held.length; slot++) this.#drop(slot);
    this.#held.length = Math.min(this.#held.length, count);
  }

  /** The charts drawn now, in slot order. */
  get charts(): Chart<TType, TData, TLabel>[] {
    return this.#held.flatMap((held) => (held ? [held.chart] : []));
  }

  #drop(slot: number): void {
    const held = this.#held[slot];
    if (!held) return;
    held.chart.destroy();
    this.#held[slot] = undefined;
  }
}
