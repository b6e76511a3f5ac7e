/**
 * Agglomerative (hierarchical) clustering on Euclidean distances, with the merge heights
 * of `scipy.cluster.hierarchy.linkage(points, method)` (and so of scikit-learn's
 * `AgglomerativeClustering(compute_distances=True).distances_`, which agree with it for
 * these four linkages).
 *
 * ## Algorithms (the ones scipy uses)
 * - **ward, complete, average**: the nearest-neighbour chain algorithm (Murtagh 1983;
 *   Müllner 2011, "Modern hierarchical, agglomerative clustering algorithms") on a
 *   condensed distance matrix updated by the Lance–Williams formulas, written as scipy's
 *   `_hierarchy.nn_chain` writes them:
 *   - complete: d(k, i∪j) = max(d(k,i), d(k,j))
 *   - average:  d(k, i∪j) = (|i| d(k,i) + |j| d(k,j)) / (|i| + |j|)
 *   - ward:     d(k, i∪j) = √(((|i|+|k|) d(k,i)² + (|j|+|k|) d(k,j)² − |k| d(i,j)²) / (|i|+|j|+|k|)),
 *     so that the height of merging A and B is √(2|A||B| / (|A|+|B|)) · ‖mean A − mean B‖
 *     (the square root of twice Ward's increase in the within-cluster sum of squares).
 * - **single**: Prim's minimum spanning tree (scipy's `mst_single_linkage`), with the
 *   distances computed on the fly — O(n) memory.
 *
 * All four are "reducible" linkages, so the merges are then sorted by height (stably)
 * and renumbered as scipy numbers them: leaves 0..n−1, merge i creates node n+i, the
 * lower node id first in each merge.
 *
 * ## Limits
 * Time is O(n²) for all four. Memory: the matrix methods hold n(n−1)/2 float64 distances
 * (5,000 rows = 12.5 M doubles = 100 MB; 10,000 rows = 400 MB), so they refuse more than
 * {@link MAX_MATRIX_ROWS} rows — callers sample above 5,000 (ARCHITECTURE.md, issue 5).
 * Single linkage has no such limit.
 *
 * Ties (equal distances) are resolved as scipy resolves them in the chain (the first
 * nearest neighbour by index, the chain's previous element preferred); the heights are
 * the same either way, the merge order within a tie may differ from scipy's.
 */
import { LensError, throwIfCancelled } from '../errors.ts';
import type { TaskContext } from '../task.ts';

export type Linkage = 'ward' | 'complete' | 'average' | 'single';

export const LINKAGES: readonly Linkage[] = ['ward', 'complete', 'average', 'single'];

/** The most rows ward/complete/average accept (a 400 MB distance matrix). */
export const MAX_MATRIX_ROWS = 10_000;

export interface Dendrogram {
  n: number;
  /** (n−1)×2 node ids, scipy numbering: leaves 0..n−1, merge i creates node n+i; lower id first. */
  merges: Int32Array;
  /** n−1 merge heights, ascending (scipy's Z[:, 2]). */
  heights: Float64Array;
  /** n−1 sizes of the merged clusters (scipy's Z[:, 3]). */
  sizes: Int32Array;
}

/** How often (in merges) progress is reported and the cancel signal checked. */
const CHECK_EVERY = 256;

function checkPoints(points: Float64Array, n: number, d: number): void {
  if (!Number.isInteger(d) || d < 1)
    throw new LensError('error.cluster.noFeatures', { d: String(d) });
  if (!Number.isInteger(n) || n < 1)
    throw new LensError('error.cluster.noPoints', { n: String(n) });
  if (!(points instanceof Float64Array) || points.length !== n * d)
    throw new LensError('error.cluster.shape', {
      length: (points as ArrayLike<number> | undefined)?.length ?? 0,
      n,
      d,
    });
  for (let i = 0; i < points.length; i++) {
    if (!Number.isFinite(points[i]))
      throw new LensError('error.cluster.notFinite', {
        row: Math.floor(i / d) + 1,
        column: (i % d) + 1,
      });
  }
}

function euclidean(points: Float64Array, d: number, a: number, b: number): number {
  let s = 0;
  const oa = a * d;
  const ob = b * d;
  for (let j = 0; j < d; j++) {
    const t = points[oa + j] - points[ob + j];
    s += t * t;
  }
  return Math.sqrt(s);
}

/**
 * Builds the full merge tree. `ctx.onProgress` gets phase 'progress.cluster.linkage'
 * (done = merges so far, total = n − 1); the cancel signal is checked every 256 merges.
 */
export function agglomerate(
  points: Float64Array,
  n: number,
  d: number,
  linkage: Linkage,
  ctx?: TaskContext,
): Dendrogram {
  if (!LINKAGES.includes(linkage))
    throw new LensError('error.cluster.linkage', { linkage: String(linkage) });
  checkPoints(points, n, d);
  if (linkage !== 'single' && n > MAX_MATRIX_ROWS)
    throw new LensError('error.cluster.tooManyRows', { n, max: MAX_MATRIX_ROWS });
  const m = n - 1;
  // Raw merges: two representatives (cluster slots) and a height, in discovery order.
  const a = new Int32Array(m);
  const b = new Int32Array(m);
  const h = new Float64Array(m);
  const report = (done: number): void => {
    throwIfCancelled(ctx?.signal);
    ctx?.onProgress?.({ phase: 'progress.cluster.linkage', done, total: m });
  };
  report(0);
  if (linkage === 'single') primSingle(points, n, d, a, b, h, report);
  else nnChain(points, n, d, linkage, a, b, h, report);
  report(m);
  return relabel(n, a, b, h);
}

function primSingle(
  points: Float64Array,
  n: number,
  d: number,
  a: Int32Array,
  b: Int32Array,
  h: Float64Array,
  report: (done: number) => void,
): void {
  const merged = new Uint8Array(n);
  const best = new Float64Array(n).fill(Infinity);
  let x = 0;
  for (let k = 0; k < n - 1; k++) {
    if (k % CHECK_EVERY === 0 && k > 0) report(k);
    let current = Infinity;
    let y = -1;
    merged[x] = 1;
    for (let i = 0; i < n; i++) {
      if (merged[i]) continue;
      const dist = euclidean(points, d, x, i);
      if (best[i] > dist) best[i] = dist;
      if (best[i] < current) {
        current = best[i];
        y = i;
      }
    }
    a[k] = x;
    b[k] = y;
    h[k] = current;
    x = y;
  }
}

function nnChain(
  points: Float64Array,
  n: number,
  d: number,
  linkage: 'ward' | 'complete' | 'average',
  a: Int32Array,
  b: Int32Array,
  h: Float64Array,
  report: (done: number) => void,
): void {
  // Condensed distance matrix, as scipy's pdist.
  const dm = new Float64Array((n * (n - 1)) / 2);
  let p = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) dm[p++] = euclidean(points, d, i, j);
  }
  // The pair i < j sits at rowStart[i] + j (scipy's condensed layout).
  const rowStart = new Int32Array(n);
  for (let i = 0; i < n; i++) rowStart[i] = n * i - (i * (i + 1)) / 2 - i - 1;
  // size[i] = size of the cluster held in slot i, 0 when the slot is gone.
  const size = new Int32Array(n).fill(1);
  // The live slots in ascending order (scans visit them in scipy's order, skip the dead).
  const live = Int32Array.from({ length: n }, (_, i) => i);
  let nLive = n;
  const chain = new Int32Array(n);
  let length = 0;
  for (let k = 0; k < n - 1; k++) {
    if (k % CHECK_EVERY === 0 && k > 0) report(k);
    if (length === 0) {
      chain[0] = live[0];
      length = 1;
    }
    let x = 0;
    let y = 0;
    let current = Infinity;
    // Grow the chain until its last two elements are reciprocal nearest neighbours.
    for (;;) {
      x = chain[length - 1];
      if (length > 1) {
        y = chain[length - 2];
        current = dm[x < y ? rowStart[x] + y : rowStart[y] + x];
      } else current = Infinity;
      // Row x of the matrix: column x of the rows above it, then its own row.
      const rx = rowStart[x];
      for (let q = 0; q < nLive; q++) {
        const i = live[q];
        if (i === x) continue;
        const dist = dm[i < x ? rowStart[i] + x : rx + i];
        if (dist < current) {
          current = dist;
          y = i;
        }
      }
      if (length > 1 && y === chain[length - 2]) break;
      chain[length++] = y;
    }
    length -= 2;
    if (x > y) {
      const t = x;
      x = y;
      y = t;
    }
    const nx = size[x];
    const ny = size[y];
    a[k] = x;
    b[k] = y;
    h[k] = current;
    size[x] = 0;
    size[y] = nx + ny;
    let at = 0;
    while (live[at] !== x) at++;
    live.copyWithin(at, at + 1, nLive);
    nLive--;
    // The merged cluster lives in slot y; update its distances.
    for (let q = 0; q < nLive; q++) {
      const i = live[q];
      if (i === y) continue;
      const ni = size[i];
      const ix = i < x ? rowStart[i] + x : rowStart[x] + i;
      const iy = i < y ? rowStart[i] + y : rowStart[y] + i;
      const dx = dm[ix];
      const dy = dm[iy];
      let value: number;
      if (linkage === 'complete') value = dx > dy ? dx : dy;
      else if (linkage === 'average') value = (nx * dx + ny * dy) / (nx + ny);
      else {
        const t = 1 / (nx + ny + ni);
        // Non-negative in exact arithmetic; rounding must not turn it into NaN.
        const squared =
          (ni + nx) * t * dx * dx + (ni + ny) * t * dy * dy - ni * t * current * current;
        value = squared > 0 ? Math.sqrt(squared) : 0;
      }
      dm[iy] = value;
    }
  }
}

/** Sorts the raw merges by height (stable) and numbers them as scipy's `label` does. */
function relabel(n: number, a: Int32Array, b: Int32Array, h: Float64Array): Dendrogram {
  const m = n - 1;
  const order = Array.from({ length: m }, (_, i) => i);
  order.sort((p, q) => h[p] - h[q] || p - q);
  // Union–find over 2n−1 nodes; a root's id is the node that last absorbed it.
  const parent = new Int32Array(2 * n - 1).fill(-1);
  const count = new Int32Array(2 * n - 1);
  count.fill(1, 0, n);
  const find = (x: number): number => {
    let r = x;
    while (parent[r] >= 0) r = parent[r];
    while (parent[x] >= 0) {
      const next = parent[x];
      parent[x] = r;
      x = next;
    }
    return r;
  };
  const merges = new Int32Array(2 * m);
  const heights = new Float64Array(m);
  const sizes = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    const k = order[i];
    const x = find(a[k]);
    const y = find(b[k]);
    const node = n + i;
    merges[2 * i] = Math.min(x, y);
    merges[2 * i + 1] = Math.max(x, y);
    heights[i] = h[k];
    parent[x] = node;
    parent[y] = node;
    count[node] = count[x] + count[y];
    sizes[i] = count[node];
  }
  return { n, merges, heights, sizes };
}

/**
 * Cuts the tree into k clusters (the first n − k merges). Labels 0..k−1 are numbered by
 * first appearance over the rows: row 0 is in cluster 0, the first row not in cluster 0
 * starts cluster 1, and so on.
 */
export function cutTree(tree: Dendrogram, k: number): Int32Array {
  const { n, merges } = tree;
  if (!Number.isInteger(k) || k < 1) throw new LensError('error.cluster.k', { k: String(k) });
  if (k > n) throw new LensError('error.cluster.kTooLarge', { k, n });
  const parent = new Int32Array(2 * n - 1).fill(-1);
  for (let i = 0; i < n - k; i++) {
    parent[merges[2 * i]] = n + i;
    parent[merges[2 * i + 1]] = n + i;
  }
  const labelOf = new Map<number, number>();
  const labels = new Int32Array(n);
  for (let row = 0; row < n; row++) {
    let r = row;
    while (parent[r] >= 0) r = parent[r];
    let label = labelOf.get(r);
    if (label === undefined) {
      label = labelOf.size;
      labelOf.set(r, label);
    }
    labels[row] = label;
  }
  return labels;
}

export interface DendrogramSegment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface DendrogramLayout {
  /** The node ids standing at the leaf positions 0, 1, …, left to right. */
  leaves: number[];
  /** Rows under each leaf position. */
  leafSizes: number[];
  /** scipy's leaf labels: the row index of a single row, "(size)" for a truncated branch. */
  leafLabels: string[];
  /**
   * Three segments per shown merge, in merge order: the left child's vertical, the
   * horizontal join at the merge height (from the left child's x to the right child's x)
   * and the right child's vertical. x is in leaf positions; a merge stands midway between
   * its children; leaves stand at height 0.
   */
  segments: DendrogramSegment[];
  /** The shown merges (node ids n+i, ascending) with their x position and height. */
  nodes: { node: number; x: number; height: number }[];
}

/**
 * Lays out the top of the tree for drawing, truncated like scipy's
 * `dendrogram(Z, truncate_mode='lastp', p=maxLeaves)`: only the last maxLeaves − 1 merges
 * are drawn and the clusters they join are the leaves. The left child of a merge is its
 * lower node id (scipy's default order, no count or distance sorting).
 */
export function dendrogramLayout(tree: Dendrogram, maxLeaves = 50): DendrogramLayout {
  const { n, merges, heights } = tree;
  if (!Number.isInteger(maxLeaves) || maxLeaves < 1)
    throw new LensError('error.cluster.leaves', { leaves: String(maxLeaves) });
  const p = Math.min(maxLeaves, n);
  const firstShown = n - 1 - (p - 1); // merges with index ≥ firstShown are drawn
  const root = 2 * n - 2;
  const isShown = (node: number): boolean => node >= n + firstShown;
  const sizeOf = (node: number): number => (node < n ? 1 : tree.sizes[node - n]);
  const leaves: number[] = [];
  // Depth-first, left child first, without recursion.
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop() as number;
    if (isShown(node)) {
      const i = node - n;
      stack.push(merges[2 * i + 1], merges[2 * i]);
    } else leaves.push(node);
  }
  const x = new Map<number, number>();
  leaves.forEach((node, i) => x.set(node, i));
  const heightOf = (node: number): number => (isShown(node) ? heights[node - n] : 0);
  const segments: DendrogramSegment[] = [];
  const nodes: { node: number; x: number; height: number }[] = [];
  for (let i = firstShown; i < n - 1; i++) {
    const left = merges[2 * i];
    const right = merges[2 * i + 1];
    const xl = x.get(left) as number;
    const xr = x.get(right) as number;
    const hm = heights[i];
    segments.push(
      { x1: xl, y1: heightOf(left), x2: xl, y2: hm },
      { x1: xl, y1: hm, x2: xr, y2: hm },
      { x1: xr, y1: hm, x2: xr, y2: heightOf(right) },
    );
    const xm = (xl + xr) / 2;
    x.set(n + i, xm);
    nodes.push({ node: n + i, x: xm, height: hm });
  }
  const leafSizes = leaves.map(sizeOf);
  return {
    leaves,
    leafSizes,
    leafLabels: leaves.map((node, i) => (node < n ? String(node) : `(${leafSizes[i]})`)),
    segments,
    nodes,
  };
}
