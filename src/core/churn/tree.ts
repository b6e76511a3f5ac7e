/**
 * The CART tree of src/core/tree/cart.ts as a churn model: P(positive) is the positive
 * share of the training rows in the row's leaf; the rules are the leaves' paths in the
 * table's own units; the local explanation is the path method of Saabas (2014, the
 * "treeinterpreter"): along the row's path from the root, each split's feature gets the
 * change of the positive share from the parent to the child, so the root's share plus
 * the contributions equals the leaf's probability.
 *
 * Class weights ('balanced') apply as in scikit-learn's
 * `DecisionTreeClassifier(class_weight='balanced')`: the tree is grown on the weighted
 * class totals, and every share above is the weighted one, w₁·positives / (w₁·positives +
 * w₀·negatives) — what scikit-learn's predict_proba gives. Balanced weights thus move the
 * probabilities towards 0.5 as they do for the other models. A tree without weighted totals
 * (grown without class weights, or stored before the tree had them) uses the plain shares.
 */
import { LensError } from '../errors.ts';
import { fitTree, treeRules, type TreeNode, type TreeOptions } from '../tree/cart.ts';
import { unstandardise, type FeaturePipeline } from './pipeline.ts';

/** The churn tree's settings (the class weights come from the model settings). */
export type ChurnTreeOptions = Required<Pick<TreeOptions, 'maxDepth' | 'minSamplesLeaf'>>;

export const DEFAULT_TREE_OPTIONS: ChurnTreeOptions = { maxDepth: 4, minSamplesLeaf: 20 };

/**
 * `rowWeight` are the class weights as one weight per row, as `classWeights` (model.ts)
 * gives them to the other models; they must depend on the class only, and the tree takes
 * each class's weight from them. Without it the tree is unweighted.
 */
export function fitChurnTree(
  x: Float64Array,
  n: number,
  d: number,
  y: ArrayLike<number>,
  options: ChurnTreeOptions,
  rowWeight?: ArrayLike<number>,
): TreeNode {
  const labels = Int32Array.from(y);
  if (!rowWeight) return fitTree(x, n, d, labels, 2, options);
  // A class without rows keeps weight 1; it never enters a sum.
  const classWeight = [1, 1];
  const seen = [false, false];
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    if (c !== 0 && c !== 1) continue; // fitTree reports the bad label
    if (!seen[c]) {
      classWeight[c] = rowWeight[i];
      seen[c] = true;
    } else if (rowWeight[i] !== classWeight[c]) {
      throw new LensError('error.tree.option', {
        option: 'classWeight',
        value: `row ${i + 1}: ${rowWeight[i]} ≠ ${classWeight[c]}`,
      });
    }
  }
  return fitTree(x, n, d, labels, 2, { ...options, classWeight });
}

/**
 * A node's P(positive): the weighted positive share when the tree has class weights (as
 * scikit-learn's predict_proba with class_weight), else the plain share of its rows.
 */
const positiveShare = (node: TreeNode): number => {
  if (node.weighted) {
    const total = node.weighted[0] + node.weighted[1];
    return total > 0 ? node.weighted[1] / total : 0;
  }
  return node.samples > 0 ? node.counts[1] / node.samples : 0;
};

export function predictChurnTree(
  tree: TreeNode,
  x: Float64Array,
  n: number,
  d: number,
): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let node = tree;
    while (node.kind === 'split')
      node = x[i * d + node.feature] <= node.threshold ? node.left : node.right;
    out[i] = positiveShare(node);
  }
  return out;
}

/** Saabas path contributions of one row (length d), in probability units. */
export function treeContributions(tree: TreeNode, row: ArrayLike<number>, d: number): Float64Array {
  const out = new Float64Array(d);
  let node = tree;
  while (node.kind === 'split') {
    const child = row[node.feature] <= node.threshold ? node.left : node.right;
    out[node.feature] += positiveShare(child) - positiveShare(node);
    node = child;
  }
  return out;
}

/** One condition of a rule in words-ready form. */
export interface RuleCondition {
  /** Feature name (pipeline feature), e.g. "tenure" or "Contract = Month-to-month". */
  feature: string;
  column: string;
  /**
   * numeric: `op` value in the column's units (dates as epoch ms);
   * binary/level/other/missing features: `is` true (= 1) or false (= 0).
   */
  kind: 'threshold' | 'is';
  op?: '<=' | '>';
  value?: number;
  is?: boolean;
}

export interface ChurnRule {
  conditions: RuleCondition[];
  /**
   * Positive share of the training rows in the leaf (the leaf's churn probability); with
   * class weights the weighted share, like the tree's predictions.
   */
  probability: number;
  samples: number;
  /** 1 when the leaf predicts the positive class. */
  prediction: number;
  /** Share of all positive training rows that fall into this leaf (rows, unweighted). */
  positiveCoverage: number;
}

/** The tree's leaves as rules, highest probability first. */
export function churnRules(tree: TreeNode, pipeline: FeaturePipeline): ChurnRule[] {
  const positives = tree.counts[1];
  // treeRules gives the leaves left to right; walk the same order for their counts.
  const leaves: TreeNode[] = [];
  const walk = (node: TreeNode): void => {
    if (node.kind === 'split') {
      walk(node.left);
      walk(node.right);
    } else leaves.push(node);
  };
  walk(tree);
  return treeRules(tree)
    .map((rule, k) => {
      const leaf = leaves[k];
      const conditions: RuleCondition[] = rule.conditions.map((c) => {
        const info = pipeline.features[c.feature];
        if (info.kind === 'numeric') {
          return {
            feature: info.name,
            column: info.column,
            kind: 'threshold',
            op: c.op,
            value: unstandardise(pipeline, c.feature, c.threshold),
          };
        }
        // 0/1 features split at 0.5: "≤ 0.5" means the feature is 0.
        return { feature: info.name, column: info.column, kind: 'is', is: c.op === '>' };
      });
      return {
        conditions,
        probability: positiveShare(leaf),
        samples: leaf.samples,
        prediction: rule.prediction,
        positiveCoverage: positives > 0 ? leaf.counts[1] / positives : 0,
      };
    })
    .sort((a, b) => b.probability - a.probability || b.samples - a.samples);
}
