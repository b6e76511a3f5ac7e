import { defineMessages } from '../define.ts';

/**
 * Cluster quality scores, feature set-up and scaling, and "choosing k"
 * (src/core/stats/clusterMetrics.ts, src/core/cluster/features.ts, scale.ts, chooseK.ts):
 * their errors, progress phase and the reason given for the suggested k. The shared data
 * errors (no rows, no features, shape, not finite) are in cluster-core.ts.
 */
export default defineMessages(
  {
    'progress.cluster.chooseK': 'Trying each number of clusters',

    'cluster.chooseK.reason.agree':
      'k = {k} has the highest silhouette ({silhouette}), and the elbow of the inertia curve is at the same k.',
    'cluster.chooseK.reason.disagree':
      'k = {k} has the highest silhouette ({silhouette}); the elbow of the inertia curve is at k = {elbow}, so compare the two.',
    'cluster.chooseK.reason.noElbow':
      'k = {k} has the highest silhouette ({silhouette}); the range is too short to show an elbow.',

    'error.cluster.metricClusters':
      'Cluster quality scores need between 2 and n − 1 clusters: got {k} for {n} rows.',
    'error.cluster.labels': 'Got {length} cluster labels for {n} rows.',
    'error.cluster.sampleSize': 'The silhouette sample must hold at least 2 rows (got {size}).',
    'error.cluster.scaling':
      'Unknown scaling “{scaling}”. Choose none, z, minmax, log1p-z or robust.',
    'error.cluster.scalings': 'Got {count} scalings for {d} features.',
    'error.cluster.column': 'There is no column “{column}” to cluster on.',
    'error.cluster.textColumn':
      'The column “{column}” holds text: choose one-hot encoding for it or leave it out.',
    'error.cluster.oneHotColumn':
      'Only text columns can be one-hot encoded; “{column}” holds numbers or dates.',
    'error.cluster.missing':
      'Missing values can be dropped or filled with the median, not “{missing}”.',
    'error.cluster.allMissing':
      'The column “{column}” has no value at all, so nothing can be filled in. Leave it out.',
    'error.cluster.kRange':
      'The range of k must run from at least 2 to at most {max} (one less than the rows): got {kMin} to {kMax}.',
  },
  {
    'progress.cluster.chooseK': '正在逐一尝试簇数',

    'cluster.chooseK.reason.agree':
      'k = {k} 的轮廓系数最高（{silhouette}），惯性曲线的肘部也在同一个 k。',
    'cluster.chooseK.reason.disagree':
      'k = {k} 的轮廓系数最高（{silhouette}）；惯性曲线的肘部在 k = {elbow}，请对比两者。',
    'cluster.chooseK.reason.noElbow':
      'k = {k} 的轮廓系数最高（{silhouette}）；k 的范围太短，看不出肘部。',

    'error.cluster.metricClusters':
      '聚类质量指标要求簇数在 2 到 n − 1 之间：{n} 行数据却有 {k} 个簇。',
    'error.cluster.labels': '{n} 行数据却收到 {length} 个簇标签。',
    'error.cluster.sampleSize': '轮廓系数的样本至少需要 2 行（当前为 {size}）。',
    'error.cluster.scaling':
      '未知的缩放方式“{scaling}”。请选择 none、z、minmax、log1p-z 或 robust。',
    'error.cluster.scalings': '{d} 个特征却有 {count} 种缩放方式。',
    'error.cluster.column': '没有可用于聚类的列“{column}”。',
    'error.cluster.textColumn': '列“{column}”是文本：请为它选择独热编码，或不使用它。',
    'error.cluster.oneHotColumn': '只有文本列可以独热编码；“{column}”是数值或日期。',
    'error.cluster.missing': '缺失值只能删除或用中位数填补，不能为“{missing}”。',
    'error.cluster.allMissing': '列“{column}”没有任何值，无法填补。请不要使用该列。',
    'error.cluster.kRange':
      'k 的范围必须从至少 2 到至多 {max}（行数减一）：当前为 {kMin} 到 {kMax}。',
  },
);
