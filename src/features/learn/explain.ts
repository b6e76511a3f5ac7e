/**
 * What just happened in a step, in words and numbers ("412 points changed cluster;
 * inertia fell from 812.4 to 640.1"), in the current language.
 */
import type { StartMethod } from '../../core/cluster/steps.ts';
import { formatNumber, getLocale, t } from '../../i18n/index.ts';
import type { StepRecord } from './stepper.svelte.ts';

/** Inertia: one decimal from 100 up, else up to three (small scaled data sets). */
export function formatInertia(value: number): string {
  return formatNumber(value, { maximumFractionDigits: Math.abs(value) >= 100 ? 1 : 3 });
}

/** A coordinate or distance: up to three decimals. */
export function formatCoordinate(value: number): string {
  return formatNumber(value, { maximumFractionDigits: 3 });
}

/** Cluster numbers as people count them (1-based), joined for the language. */
export function clusterList(clusters: number[]): string {
  return new Intl.ListFormat(getLocale(), { type: 'conjunction' }).format(
    clusters.map((c) => String(c + 1)),
  );
}

export interface ExplainContext {
  n: number;
  k: number;
  seed: number;
  method: StartMethod;
}

export function explainStep(
  record: StepRecord,
  previous: StepRecord | null,
  ctx: ExplainContext,
): string {
  switch (record.kind) {
    case 'start':
      return t(
        ctx.method === 'random' ? 'learn.explain.start.random' : 'learn.explain.start.kmeanspp',
        { k: ctx.k, seed: String(ctx.seed) },
      );
    case 'assign': {
      const after = formatInertia(record.inertia ?? 0);
      if (!previous || previous.labels === null)
        return t('learn.explain.assignFirst', { n: ctx.n, inertia: after });
      if (record.converged)
        return t('learn.explain.converged', { inertia: after, iterations: record.iteration });
      const before = formatInertia(previous.inertia ?? 0);
      return record.changed === 1
        ? t('learn.explain.assignOne', { before, after })
        : t('learn.explain.assign', { changed: record.changed, before, after });
    }
    case 'update': {
      const after = formatInertia(record.inertia ?? 0);
      const before = formatInertia(previous?.inertia ?? 0);
      const moved =
        record.maxShift === 0
          ? t('learn.explain.updateStill', { after })
          : t('learn.explain.update', {
              shift: formatCoordinate(record.maxShift),
              before,
              after,
            });
      if (record.empty.length === 0) return moved;
      const empty = t(
        record.empty.length === 1 ? 'learn.explain.empty' : 'learn.explain.emptyMany',
        { clusters: clusterList(record.empty) },
      );
      return `${moved}${getLocale() === 'zh-CN' ? '' : ' '}${empty}`;
    }
  }
}
