/**
 * A CART classification tree (Breiman, Friedman, Olshen & Stone 1984) as scikit-learn's
 * `DecisionTreeClassifier(criterion='gini', splitter='best')` grows it, made deterministic.
 * Used to explain clusters in words and for churn prediction.
 *
 * ## Growing
 * - A node becomes a leaf when it is pure (Gini 0), at `maxDepth`, when it has fewer than
 *   2 × `minSamplesLeaf` rows, or when no split leaves at least `minSamplesLeaf` rows on
 *   each side (every feature constant in the node, for example).
 * - Otherwise every feature is scanned over its sorted values; the candidate thresholds
 *   lie midway between consecutive distinct values (a + b) / 2 (b's lower neighbour `a`
 *   itself when rounding makes the midpoint equal b, as scikit-learn does), rows with
 *   x ≤ threshold go left. The split with the lowest weighted Gini impurity of the two
 *   children wins — even when it gains nothing, as in scikit-learn with the default
 *   `min_impurity_decrease = 0`.
 * - Ties (equal impurity, up to a relative 1e-12 for rounding) go to the lowest feature
 *   index, then the lowest threshold.
 *   scikit-learn breaks them by a random feature order (its `random_state`), so on ties
 *   the two can pick different but equally good splits.
 * - Features are used as float64 (scikit-learn casts them to float32, so its thresholds
 *   differ from these in about the 7th significant digit).
 *
 * A leaf predicts its most frequent class (the lowest class on ties, as numpy's argmax).
 *
 * ## Class weights
 * `classWeight` is scikit-learn's `class_weight` (e.g. 'balanced' for churn): a row of
 * class c counts w_c times wherever the tree weighs classes — the Gini impurity and the
 * split score use the weighted class totals Σ w_c·n_c, and a leaf predicts the class with
 * the largest weighted total. Integer weights therefore grow the tree of the data with each
 * row of class c repeated w_c times. As in scikit-learn, `minSamplesLeaf` still counts rows
 * (its `min_samples_leaf`, not `min_weight_fraction_leaf`). The nodes keep their raw row
 * `counts` and `samples` and add the weighted totals as `weighted`; without `classWeight`
 * there is no `weighted` and the tree is exactly the unweighted one.
 *
 * Cost: the rows are sorted once per feature; each level partitions those orders stably,
 * so fitting is O(d · n log n + depth · d · n).
 */
import { LensError } from '../errors.ts';

export interface TreeOptions {
  /** Deepest level of a split (the root is depth 0); default 4. */
  maxDepth?: number;
  /** Fewest rows in a leaf; default 1 % of the rows, at least 5. */
  minSamplesLeaf?: number;
  /** One positive finite weight per class (scikit-learn's `class_weight`); default all 1. */
  classWeight?: ArrayLike<number>;
}

/**
 * `counts` are the node's training rows per class and `samples` their number, with or
 * without class weights; `weighted` (only when the tree was grown with `classWeight`) are
 * the class totals w_c·counts[c] from which `prediction` and `impurity` were computed.
 * Trees stored before class weights existed simply have no `weighted`.
 */
export type TreeNode =
  | { kind: 'leaf'; counts: number[]; prediction: number; samples: number; weighted?: number[] }
  | {
      kind: 'split';
      feature: number;
      threshold: number;
      left: TreeNode;
      right: TreeNode;
      counts: number[];
      samples: number;
      impurity: number;
      weighted?: number[];
    };

export interface TreeCondition {
  feature: number;
  op: '<=' | '>';
  threshold: number;
}

/**
 * `purity` and `coverage` are shares of rows (the raw `counts`), also for a tree grown with
 * class weights: they describe the data, and coverage would be the same weighted (the
 * weight of one class cancels). With weights the predicted class is the weighted majority,
 * so purity can then fall below one half.
 */
export interface TreeRule {
  conditions: TreeCondition[];
  prediction: number;
  samples: number;
  /** Share of the leaf's rows that are of its predicted class. */
  purity: number;
  /** Share of all rows of the predicted class that fall into this leaf. */
  coverage: number;
}

export const DEFAULT_MAX_DEPTH = 4;

/** Relative difference under which two split scores count as equal. */
const TIE = 1e-12;

function gini(counts: ArrayLike<number>, samples: number): number {
  if (samples === 0) return 0;
  let sq = 0;
  for (let c = 0; c < counts.length; c++) sq += counts[c] * counts[c];
  return 1 - sq / (samples * samples);
}

function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let c = 0; c < values.length; c++) s += values[c];
  return s;
}

/**
 * The split score with class weights w: Σ L_c²/W_L + Σ R_c²/W_R for the weighted class
 * totals L_c = w_c·left[c], R_c = w_c·(total[c] − left[c]) and the weighted sizes W_L, W_R.
 * Recomputed from the integer counts at each candidate (O(classes)) rather than updated row
 * by row, so no rounding accumulates and equal counts always give bit-equal scores (ties).
 */
function weightedScore(
  w: readonly number[],
  left: ArrayLike<number>,
  total: ArrayLike<number>,
): number {
  let sqLeft = 0;
  let sqRight = 0;
  let wLeft = 0;
  let wRight = 0;
  for (let c = 0; c < w.length; c++) {
    const l = left[c] * w[c];
    const r = (total[c] - left[c]) * w[c];
    sqLeft += l * l;
    sqRight += r * r;
    wLeft += l;
    wRight += r;
  }
  return sqLeft / wLeft + sqRight / wRight;
}

function argmax(counts: ArrayLike<number>): number {
  let best = 0;
  for (let c = 1; c < counts.length; c++) if (counts[c] > counts[best]) best = c;
  return best;
}

function checkShape(x: Float64Array, n: number, d: number): void {
  if (!Number.isInteger(d) || d < 1) throw new LensError('error.tree.noFeatures', { d: String(d) });
  if (!Number.isInteger(n) || n < 1) throw new LensError('error.tree.noRows', { n: String(n) });
  if (!(x instanceof Float64Array) || x.length !== n * d)
    throw new LensError('error.tree.shape', {
      length: (x as ArrayLike<number> | undefined)?.length ?? 0,
      n,
      d,
    });
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]))
      throw new LensError('error.tree.notFinite', {
        row: Math.floor(i / d) + 1,
        column: (i % d) + 1,
      });
  }
}

function optionError(option: string, value: unknown): LensError {
  return new LensError('error.tree.option', { option, value: String(value) });
}

/** Grows a classification tree predicting y (0..classes−1) from the n×d rows of x. */
export function fitTree(
  x: Float64Array,
  n: number,
  d: number,
  y: Int32Array,
  classes: number,
  options: TreeOptions = {},
): TreeNode {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (!Number.isInteger(maxDepth) || maxDepth < 0) throw optionError('maxDepth', maxDepth);
  if (!Number.isInteger(classes) || classes < 1) throw optionError('classes', classes);
  const weights = options.classWeight === undefined ? null : Array.from(options.classWeight);
  if (weights && (weights.length !== classes || !weights.every((w) => Number.isFinite(w) && w > 0)))
    throw optionError('classWeight', weights.join(', '));
  checkShape(x, n, d);
  const minLeaf = options.minSamplesLeaf ?? Math.max(5, Math.floor(n / 100));
  if (!Number.isInteger(minLeaf) || minLeaf < 1) throw optionError('minSamplesLeaf', minLeaf);
  if (!(y instanceof Int32Array) || y.length !== n)
    throw new LensError('error.tree.labels', { length: y?.length ?? 0, n });
  for (let i = 0; i < n; i++) {
    if (y[i] < 0 || y[i] >= classes)
      throw new LensError('error.tree.label', { row: i + 1, label: y[i], classes });
  }

  // Per feature, the rows in ascending order of that feature; each node owns the same
  // range [start, end) of every feature's order.
  const order: Int32Array[] = [];
  const column = new Float64Array(n);
  for (let f = 0; f < d; f++) {
    for (let i = 0; i < n; i++) column[i] = x[i * d + f];
    const o = Int32Array.from({ length: n }, (_, i) => i);
    o.sort((a, b) => column[a] - column[b] || a - b);
    order.push(o);
  }
  const goesLeft = new Uint8Array(n);
  const buffer = new Int32Array(n);
  const leftCounts = new Float64Array(classes);

  const grow = (start: number, end: number, depth: number): TreeNode => {
    const samples = end - start;
    const counts = new Array<number>(classes).fill(0);
    const rows = order[0];
    for (let p = start; p < end; p++) counts[y[rows[p]]]++;
    const weighted = weights ? counts.map((v, c) => v * weights[c]) : null;
    const impurity = weighted ? gini(weighted, sum(weighted)) : gini(counts, samples);
    const leaf = (): TreeNode =>
      weighted
        ? { kind: 'leaf', counts, prediction: argmax(weighted), samples, weighted }
        : { kind: 'leaf', counts, prediction: argmax(counts), samples };
    if (depth >= maxDepth || samples < 2 * minLeaf || samples < 2 || impurity <= 0) return leaf();

    let sqTotal = 0;
    for (let c = 0; c < classes; c++) sqTotal += counts[c] * counts[c];
    let bestScore = -Infinity;
    let bestFeature = -1;
    let bestPos = -1;
    let bestThreshold = 0;
    for (let f = 0; f < d; f++) {
      const o = order[f];
      if (x[o[start] * d + f] >= x[o[end - 1] * d + f]) continue; // constant here
      leftCounts.fill(0);
      // Σ counts² on each side, kept exact (integers) as rows move left.
      let sqLeft = 0;
      let sqRight = sqTotal;
      for (let p = start; p < end - 1; p++) {
        const c = y[o[p]];
        const l = leftCounts[c];
        const r = counts[c] - l;
        sqLeft += 2 * l + 1;
        sqRight -= 2 * r - 1;
        leftCounts[c] = l + 1;
        const nLeft = p - start + 1;
        const nRight = samples - nLeft;
        if (nLeft < minLeaf) continue;
        if (nRight < minLeaf) break;
        const a = x[o[p] * d + f];
        const b = x[o[p + 1] * d + f];
        if (!(b > a)) continue;
        // Maximising Σl²/nL + Σr²/nR minimises nL·gini(L) + nR·gini(R); with class weights
        // the same holds for the weighted totals (l, r → w·l, w·r; nL, nR → Σw·l, Σw·r).
        const score = weights
          ? weightedScore(weights, leftCounts, counts)
          : sqLeft / nLeft + sqRight / nRight;
        // Equal up to rounding counts as a tie (the earlier split stays).
        if (score > bestScore + TIE * bestScore) {
          bestScore = score;
          bestFeature = f;
          bestPos = p;
          let t = a / 2 + b / 2;
          if (t === b) t = a;
          bestThreshold = t;
        }
      }
    }
    if (bestFeature < 0) return leaf();

    // Partition every feature's order stably: the rows of the chosen side keep their order.
    const chosen = order[bestFeature];
    for (let p = start; p < end; p++) goesLeft[chosen[p]] = p <= bestPos ? 1 : 0;
    const nLeft = bestPos - start + 1;
    for (let f = 0; f < d; f++) {
      if (f === bestFeature) continue;
      const o = order[f];
      let l = start;
      let r = 0;
      for (let p = start; p < end; p++) {
        const i = o[p];
        if (goesLeft[i]) o[l++] = i;
        else buffer[r++] = i;
      }
      o.set(buffer.subarray(0, r), start + nLeft);
    }
    const node: TreeNode = {
      kind: 'split',
      feature: bestFeature,
      threshold: bestThreshold,
      left: grow(start, start + nLeft, depth + 1),
      right: grow(start + nLeft, end, depth + 1),
      counts,
      samples,
      impurity,
    };
    if (weighted) node.weighted = weighted;
    return node;
  };
  return grow(0, n, 0);
}

/** The class the tree predicts for each of the n×d rows of x (x ≤ threshold goes left). */
export function predictTree(tree: TreeNode, x: Float64Array, n: number, d: number): Int32Array {
  checkShape(x, n, d);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let node = tree;
    while (node.kind === 'split') {
      node = x[i * d + node.feature] <= node.threshold ? node.left : node.right;
    }
    out[i] = node.prediction;
  }
  return out;
}

/** Share of the rows whose class the tree predicts correctly. */
export function treeAccuracy(
  tree: TreeNode,
  x: Float64Array,
  n: number,
  d: number,
  y: Int32Array,
): number {
  if (!(y instanceof Int32Array) || y.length !== n)
    throw new LensError('error.tree.labels', { length: y?.length ?? 0, n });
  const predicted = predictTree(tree, x, n, d);
  let right = 0;
  for (let i = 0; i < n; i++) if (predicted[i] === y[i]) right++;
  return right / n;
}

/**
 * One rule per leaf, left to right. The path's conditions are merged per feature and
 * direction (x ≤ a and x ≤ b → x ≤ min(a, b); x > a and x > b → x > max(a, b)), listed in
 * the order in which each first appears on the path.
 */
export function treeRules(tree: TreeNode): TreeRule[] {
  const classTotals = tree.counts;
  const rules: TreeRule[] = [];
  const walk = (node: TreeNode, path: TreeCondition[]): void => {
    if (node.kind === 'split') {
      walk(node.left, [...path, { feature: node.feature, op: '<=', threshold: node.threshold }]);
      walk(node.right, [...path, { feature: node.feature, op: '>', threshold: node.threshold }]);
      return;
    }
    const merged: TreeCondition[] = [];
    for (const c of path) {
      const same = merged.find((m) => m.feature === c.feature && m.op === c.op);
      if (!same) merged.push({ ...c });
      else if (c.op === '<=') same.threshold = Math.min(same.threshold, c.threshold);
      else same.threshold = Math.max(same.threshold, c.threshold);
    }
    const hits = node.counts[node.prediction];
    const total = classTotals[node.prediction];
    rules.push({
      conditions: merged,
      prediction: node.prediction,
      samples: node.samples,
      purity: node.samples > 0 ? hits / node.samples : 0,
      coverage: total > 0 ? hits / total : 0,
    });
  };
  walk(tree, []);
  return rules;
}
