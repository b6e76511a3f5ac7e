import common from './messages/common.ts';
import nav from './messages/nav.ts';
import home from './messages/home.ts';
import data from './messages/data.ts';
import privacy from './messages/privacy.ts';
import about from './messages/about.ts';
import ui from './messages/ui.ts';
import errors from './messages/errors.ts';
import progress from './messages/progress.ts';
import importUi from './messages/import-ui.ts';
import ingestTyping from './messages/ingest-typing.ts';
import quality from './messages/quality.ts';
import importParse from './messages/import-parse.ts';
import report from './messages/report.ts';
import customersCore from './messages/customers-core.ts';
import customers from './messages/customers.ts';
import segments from './messages/segments.ts';
import segmentRules from './messages/segment-rules.ts';
import clusters from './messages/clusters.ts';
import clusterCore from './messages/cluster-core.ts';
import charts from './messages/charts.ts';
import clusterAlgorithms from './messages/cluster-algorithms.ts';
import learn from './messages/learn.ts';
import learnClv from './messages/learn-clv.ts';
import clusterMetrics from './messages/cluster-metrics.ts';
import clvRun from './messages/clv-run.ts';
import clvCore from './messages/clv-core.ts';
import clvPnbd from './messages/clv-pnbd.ts';
import clv from './messages/clv.ts';
import churnCore from './messages/churn-core.ts';
import churn from './messages/churn.ts';
import type { Locale } from './define.ts';

/**
 * Every area's catalogue. Add a new file under messages/ (made with defineMessages) and
 * list it here; keys must be unique across files (a unit test checks).
 */
export const catalogues = [
  common,
  nav,
  home,
  data,
  privacy,
  about,
  ui,
  errors,
  progress,
  importUi,
  ingestTyping,
  quality,
  importParse,
  report,
  customersCore,
  customers,
  segments,
  segmentRules,
  clusters,
  clusterCore,
  charts,
  clusterAlgorithms,
  learn,
  learnClv,
  clusterMetrics,
  clvRun,
  clvCore,
  clvPnbd,
  clv,
  churnCore,
  churn,
] as const;

type AnyCatalogue = (typeof catalogues)[number];
export type MessageKey = AnyCatalogue extends infer C
  ? C extends { en: infer E }
    ? keyof E & string
    : never
  : never;

export function mergedMessages(locale: Locale): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of catalogues) Object.assign(out, c[locale]);
  return out;
}
