/**
 * Everything the Customers and Segments pages show about a profile table in one call:
 * RFM scores and named segments, lifecycle stages, and their summaries.
 */
import type { Table } from '../table/index.ts';
import {
  analyseRfm,
  numericProfileColumn,
  profileMeasures,
  type RfmOptions,
  type RfmResult,
} from '../rfm/analyse.ts';
import { summariseGroups, type GroupSummary } from '../segments/summary.ts';
import {
  DEFAULT_LIFECYCLE_RULES,
  LIFECYCLE_STAGES,
  lifecycleStages,
  type LifecycleRules,
} from './lifecycle.ts';

export interface CustomerAnalysisOptions {
  rfm?: Partial<RfmOptions>;
  lifecycle?: LifecycleRules;
}

export interface LifecycleAnalysis {
  rules: LifecycleRules;
  /** Index into LIFECYCLE_STAGES per customer. */
  stage: Uint8Array;
  fallbackIntervalDays: number;
  stages: GroupSummary[];
}

export interface CustomerAnalysis {
  rfm: RfmResult;
  lifecycle: LifecycleAnalysis;
}

/** Mean interval per customer with NaN for one-order customers (their nulls). */
function intervalsWithNaN(profiles: Table): Float64Array {
  const column = profiles.columns.find((c) => c.name === 'mean_interval_days');
  const out = new Float64Array(profiles.rowCount).fill(NaN);
  if (!column || column.type === 'dict') return out;
  for (let i = 0; i < out.length; i++) {
    const missing = column.nulls !== undefined && (column.nulls[i >>> 3] & (1 << (i & 7))) !== 0;
    if (!missing) out[i] = column.values[i];
  }
  return out;
}

export function analyseLifecycle(
  profiles: Table,
  rules: LifecycleRules = DEFAULT_LIFECYCLE_RULES,
): LifecycleAnalysis {
  const { stage, fallbackIntervalDays } = lifecycleStages(
    {
      tenureDays: numericProfileColumn(profiles, 'tenure_days'),
      recencyDays: numericProfileColumn(profiles, 'recency_days'),
      meanIntervalDays: intervalsWithNaN(profiles),
      recentOrders: numericProfileColumn(profiles, 'recent_orders'),
      previousOrders: numericProfileColumn(profiles, 'previous_orders'),
    },
    rules,
  );
  return {
    rules,
    stage,
    fallbackIntervalDays,
    stages: summariseGroups(stage, LIFECYCLE_STAGES.length, profileMeasures(profiles)),
  };
}

export function analyseCustomers(
  profiles: Table,
  options: CustomerAnalysisOptions = {},
): CustomerAnalysis {
  return {
    rfm: analyseRfm(profiles, options.rfm),
    lifecycle: analyseLifecycle(profiles, options.lifecycle),
  };
}
