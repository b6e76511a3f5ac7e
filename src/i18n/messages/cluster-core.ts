import { defineMessages } from '../define.ts';

/**
 * The clustering core (src/core/cluster/kmeans.ts): its progress phases and the errors
 * its parameter checks throw. Other clustering modules keep their keys in their own
 * `cluster-<area>.ts` files.
 */
export default defineMessages(
  {
    'progress.cluster.restart': 'Running k-means restarts',
    'progress.cluster.minibatch': 'Running mini-batch k-means',

    'error.cluster.k': 'The number of clusters must be a whole number of at least 1 (got {k}).',
    'error.cluster.kTooLarge':
      'Cannot make {k} clusters from {n} rows: choose at most as many clusters as there are rows.',
    'error.cluster.noPoints': 'There are no rows to cluster.',
    'error.cluster.noFeatures': 'Choose at least one feature to cluster on.',
    'error.cluster.shape':
      'The clustering data do not fit together: {length} values for {n} rows × {d} columns.',
    'error.cluster.notFinite':
      'Row {row}, feature {column} has no finite number. Drop or fill in missing values before clustering.',
    'error.cluster.option': 'The k-means setting “{option}” cannot be “{value}”.',
  },
  {
    'progress.cluster.restart': '正在运行 k-means（多次重启）',
    'progress.cluster.minibatch': '正在运行小批量 k-means',

    'error.cluster.k': '簇数必须是不小于 1 的整数（当前为 {k}）。',
    'error.cluster.kTooLarge': '无法用 {n} 行数据分出 {k} 个簇：簇数不能超过行数。',
    'error.cluster.noPoints': '没有可聚类的数据行。',
    'error.cluster.noFeatures': '请至少选择一个用于聚类的特征。',
    'error.cluster.shape': '聚类数据不匹配：{n} 行 × {d} 列却有 {length} 个数值。',
    'error.cluster.notFinite':
      '第 {row} 行的第 {column} 个特征不是有限数值。请在聚类前删除或填补缺失值。',
    'error.cluster.option': 'k-means 设置“{option}”不能为“{value}”。',
  },
);
