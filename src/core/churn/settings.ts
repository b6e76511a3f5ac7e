/**
 * Settings of a churn run, their defaults and their checks. Every problem is a LensError
 * whose code is a catalogue key (src/i18n/messages/churn-core.ts).
 */
import { LensError } from '../errors.ts';
import { DEFAULT_OUTCOME_VALUES, type OutcomeValues } from './metrics.ts';
import { checkMlpOptions, DEFAULT_MLP_OPTIONS } from './mlp.ts';
import { MODEL_KINDS, type ChurnModelKind, type ModelSettings } from './model.ts';
import { DEFAULT_TOP_K } from './pipeline.ts';
import { DEFAULT_TREE_OPTIONS } from './tree.ts';

export interface ChurnSettings extends ModelSettings {
  /** Models to train and compare, in this order (the first is the primary one). */
  models: ChurnModelKind[];
  /** Share of the labelled rows held out as the test set (stratified). */
  testSize: number;
  /** Stratified cross-validation folds over all labelled rows; 0 = none. */
  folds: number;
  seed: number;
  /** Most frequent text values one-hot encoded per column (the rest are "other"). */
  topK: number;
  /** Columns the user leaves out of the features. */
  exclude: string[];
  /** Probability at or above which a customer is predicted positive (the page's slider). */
  threshold: number;
  /** What each outcome is worth, for the suggested cost/benefit threshold. */
  outcomeValues: OutcomeValues;
  /** Shuffles per column of the permutation importance. */
  importanceRepeats: number;
  /** Reasons listed per customer. */
  reasons: number;
  calibrationBins: number;
}

export const DEFAULT_CHURN_SETTINGS: ChurnSettings = {
  models: ['logistic'],
  testSize: 0.2,
  folds: 5,
  seed: 42,
  topK: DEFAULT_TOP_K,
  exclude: [],
  classWeight: 'none',
  C: 1,
  mlp: DEFAULT_MLP_OPTIONS,
  tree: DEFAULT_TREE_OPTIONS,
  threshold: 0.5,
  outcomeValues: DEFAULT_OUTCOME_VALUES,
  importanceRepeats: 5,
  reasons: 3,
  calibrationBins: 10,
};

/** Fewest labelled rows a run accepts. */
export const MIN_ROWS = 20;

/** Settings with defaults filled in (nested mlp and tree options merged), checked. */
export function resolveChurnSettings(partial: Partial<ChurnSettings> = {}): ChurnSettings {
  const s: ChurnSettings = {
    ...DEFAULT_CHURN_SETTINGS,
    ...partial,
    mlp: { ...DEFAULT_MLP_OPTIONS, ...partial.mlp },
    tree: { ...DEFAULT_TREE_OPTIONS, ...partial.tree },
    outcomeValues: { ...DEFAULT_OUTCOME_VALUES, ...partial.outcomeValues },
  };
  const bad = (option: string, value: unknown): never => {
    throw new LensError('error.churn.option', { option, value: String(value) });
  };
  if (
    !Array.isArray(s.models) ||
    s.models.length === 0 ||
    new Set(s.models).size !== s.models.length
  )
    bad('models', s.models);
  for (const m of s.models)
    if (!MODEL_KINDS.includes(m)) throw new LensError('error.churn.model', { model: String(m) });
  if (!(s.testSize > 0 && s.testSize < 1)) bad('testSize', s.testSize);
  if (!Number.isInteger(s.folds) || s.folds < 0 || s.folds === 1 || s.folds > 50)
    bad('folds', s.folds);
  if (!Number.isSafeInteger(s.seed)) bad('seed', s.seed);
  if (!Number.isInteger(s.topK) || s.topK < 1 || s.topK > 1000) bad('topK', s.topK);
  if (s.classWeight !== 'none' && s.classWeight !== 'balanced') bad('classWeight', s.classWeight);
  if (!(s.C > 0 && Number.isFinite(s.C))) bad('C', s.C);
  if (!(s.threshold >= 0 && s.threshold <= 1)) bad('threshold', s.threshold);
  if (
    !Number.isInteger(s.importanceRepeats) ||
    s.importanceRepeats < 1 ||
    s.importanceRepeats > 100
  )
    bad('importanceRepeats', s.importanceRepeats);
  if (!Number.isInteger(s.reasons) || s.reasons < 0 || s.reasons > 50) bad('reasons', s.reasons);
  if (!Number.isInteger(s.calibrationBins) || s.calibrationBins < 2 || s.calibrationBins > 100)
    bad('calibrationBins', s.calibrationBins);
  if (!Number.isInteger(s.tree.maxDepth) || s.tree.maxDepth < 1 || s.tree.maxDepth > 20)
    bad('tree.maxDepth', s.tree.maxDepth);
  if (!Number.isInteger(s.tree.minSamplesLeaf) || s.tree.minSamplesLeaf < 1)
    bad('tree.minSamplesLeaf', s.tree.minSamplesLeaf);
  for (const [k, v] of Object.entries(s.outcomeValues))
    if (!Number.isFinite(v)) throw new LensError('error.churn.outcomeValue', { outcome: k });
  if (!Array.isArray(s.exclude)) bad('exclude', s.exclude);
  checkMlpOptions(s.mlp);
  return s;
}
