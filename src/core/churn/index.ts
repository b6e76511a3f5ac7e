/**
 * Churn and purchase-intent prediction: the public surface for the worker, the page and
 * the CLI. See run.ts for the flow and each file for its definitions.
 */
export { runChurn, checkLabelledData } from './run.ts';
export type {
  ChurnOutcome,
  ChurnScores,
  CrossValidation,
  ModelReport,
  TestEvaluation,
} from './run.ts';
export { DEFAULT_CHURN_SETTINGS, MIN_ROWS, resolveChurnSettings } from './settings.ts';
export type { ChurnSettings } from './settings.ts';
export {
  behaviouralLabels,
  targetLabels,
  PROFILE_COLUMNS_NOT_FEATURES,
  type BehaviourOptions,
  type BehaviourTarget,
  type BehaviouralLabels,
  type LabelledData,
  type TargetOptions,
} from './labels.ts';
export {
  fitPipeline,
  transform,
  type ColumnSpec,
  type FeatureInfo,
  type FeaturePipeline,
} from './pipeline.ts';
export {
  MODEL_KINDS,
  classWeights,
  contributions,
  fitModel,
  predict,
  scoreTable,
  type ChurnModelKind,
  type ClassWeight,
  type SavedChurnModel,
  type TrainedModel,
} from './model.ts';
export {
  averagePrecision,
  bestF1Threshold,
  bestValueThreshold,
  confusionAt,
  DEFAULT_OUTCOME_VALUES,
  outcomeValue,
  precisionRecallCurve,
  rocAuc,
  rocCurve,
  type Confusion,
  type OutcomeValues,
  type PrPoint,
  type RocPoint,
  type ValueThreshold,
} from './metrics.ts';
export { calibrationBins, decileLift, type CalibrationBin, type LiftRow } from './lift.ts';
export {
  describeReason,
  featureLabel,
  permutationImportance,
  topReasons,
  type Importance,
  type Reason,
} from './explain.ts';
export { stratifiedFolds, stratifiedSplit, type Split } from './split.ts';
export { DEFAULT_MLP_OPTIONS, type MlpOptions } from './mlp.ts';
export { DEFAULT_TREE_OPTIONS, churnRules, type ChurnRule, type RuleCondition } from './tree.ts';
