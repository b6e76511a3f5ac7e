import { defineMessages } from '../define.ts';

/**
 * Agglomerative clustering, DBSCAN and PCA (src/core/cluster/hierarchical.ts, dbscan.ts,
 * pca.ts) and the decision tree (src/core/tree/cart.ts): their progress phases and the
 * errors their parameter checks throw. The shared data errors (no rows, no features,
 * shape, not finite, k) are in cluster-core.ts.
 */
export default defineMessages(
  {
    'progress.cluster.linkage': 'Merging clusters (agglomerative clustering)',
    'progress.cluster.dbscan': 'Finding dense regions (DBSCAN)',

    'error.cluster.linkage':
      'Unknown linkage “{linkage}”. Choose ward, complete, average or single.',
    'error.cluster.tooManyRows':
      'Agglomerative clustering with this linkage takes at most {max} rows ({n} given): its distance matrix would not fit in memory. Use a sample or single linkage.',
    'error.cluster.leaves': 'A dendrogram needs at least one leaf (got {leaves}).',
    'error.cluster.eps': 'DBSCAN’s radius eps must be a positive number (got {eps}).',
    'error.cluster.minSamples':
      'DBSCAN’s minimum number of points must be a whole number of at least 1 (got {minSamples}).',
    'error.cluster.neighbours':
      'The k-distance curve needs k between 1 and {max}, one less than the number of rows (got {k}).',
    'error.cluster.pcaSign': 'Unknown sign convention “{sign}” for the principal components.',

    'error.tree.noFeatures': 'The decision tree needs at least one feature.',
    'error.tree.noRows': 'The decision tree needs at least one row to learn from.',
    'error.tree.shape':
      'The decision tree’s data do not fit together: {length} values for {n} rows × {d} columns.',
    'error.tree.notFinite':
      'Row {row}, feature {column} has no finite number. Drop or fill in missing values first.',
    'error.tree.option': 'The decision-tree setting “{option}” cannot be “{value}”.',
    'error.tree.labels': 'The decision tree got {length} class labels for {n} rows.',
    'error.tree.label':
      'Row {row} has the class {label}, outside 0…{classes} − 1 of the {classes} classes.',
  },
  {
    'progress.cluster.linkage': '正在逐步合并簇（层次聚类）',
    'progress.cluster.dbscan': '正在寻找密集区域（DBSCAN）',

    'error.cluster.linkage':
      '未知的连接方式“{linkage}”。请选择 ward、complete、average 或 single。',
    'error.cluster.tooManyRows':
      '此连接方式的层次聚类最多处理 {max} 行（当前 {n} 行）：距离矩阵将超出内存。请使用抽样或 single 连接。',
    'error.cluster.leaves': '树状图至少需要一个叶节点（当前为 {leaves}）。',
    'error.cluster.eps': 'DBSCAN 的半径 eps 必须是正数（当前为 {eps}）。',
    'error.cluster.minSamples': 'DBSCAN 的最少点数必须是不小于 1 的整数（当前为 {minSamples}）。',
    'error.cluster.neighbours': 'k 距离曲线的 k 必须在 1 到 {max}（行数减一）之间（当前为 {k}）。',
    'error.cluster.pcaSign': '主成分的符号约定“{sign}”无效。',

    'error.tree.noFeatures': '决策树至少需要一个特征。',
    'error.tree.noRows': '决策树至少需要一行数据用于学习。',
    'error.tree.shape': '决策树的数据不匹配：{n} 行 × {d} 列却有 {length} 个数值。',
    'error.tree.notFinite': '第 {row} 行的第 {column} 个特征不是有限数值。请先删除或填补缺失值。',
    'error.tree.option': '决策树设置“{option}”不能为“{value}”。',
    'error.tree.labels': '决策树收到 {length} 个类别标签，但数据有 {n} 行。',
    'error.tree.label':
      '第 {row} 行的类别为 {label}，超出了 {classes} 个类别的范围 0…{classes} − 1。',
  },
);
