import { defineMessages } from '../define.ts';

/** The Learn page: step-through k-means for teaching, with the elbow and silhouette. */
export default defineMessages(
  {
    'learn.title': 'Learn k-means, step by step',
    'learn.lead':
      'Watch k-means work on two columns of a small customer set: assign every point to its nearest centroid, move each centroid to the mean of its points, and repeat until nothing changes.',

    'learn.data.title': 'Data',
    'learn.data.source': 'Customers',
    'learn.data.demo': 'Demo shop ({count} generated customers)',
    'learn.data.profiles': 'Open profiles: {name} ({count} customers)',
    'learn.data.preparing': 'Preparing the customers…',
    'learn.data.failed': 'The customers could not be prepared',
    'learn.data.x': 'Horizontal axis',
    'learn.data.y': 'Vertical axis',
    'learn.data.scaling': 'Scaling',
    'learn.data.scaling.log1p-z': 'log(1 + x), then z-score',
    'learn.data.scaling.z': 'z-score',
    'learn.data.scaling.none': 'None (original units)',
    'learn.data.size': 'Points',
    'learn.data.summary':
      '{n} customers drawn at random (sample seed {seed}) from {total} with both values.',
    'learn.data.summaryAll': 'All {n} customers with both values.',
    'learn.data.dropped': '{dropped} customers without a value in one of the columns left out.',
    'learn.data.tooFew': 'Only {n} customers have both values: too few for {k} clusters.',
    'learn.data.sameColumn': 'Choose two different columns.',
    'learn.data.noColumns': 'These customers have fewer than two numeric columns.',

    'learn.settings.title': 'k-means settings',
    'learn.settings.k': 'Clusters (k)',
    'learn.settings.method': 'Starting centroids',
    'learn.settings.method.k-means++': 'k-means++',
    'learn.settings.method.random': 'Random points',
    'learn.settings.seed': 'Seed',
    'learn.settings.seedInvalid': 'The seed must be a whole number of 0 or more.',

    'learn.controls.title': 'Steps',
    'learn.controls.assign': 'Assign',
    'learn.controls.update': 'Update centroids',
    'learn.controls.back': 'Step back',
    'learn.controls.play': 'Play',
    'learn.controls.pause': 'Pause',
    'learn.controls.newStart': 'New random start',
    'learn.controls.lines': 'Show lines to the centroids',
    'learn.controls.notNow.assign':
      'The points are assigned; update the centroids next (or step back).',
    'learn.controls.notNow.update': 'The centroids are up to date; assign the points next.',
    'learn.controls.notNow.converged':
      'k-means has converged: nothing changes any more. Step back or start again.',

    'learn.status.stepLabel': 'Step',
    'learn.status.stepValue': '{step} ({kind})',
    'learn.status.kind.start': 'start',
    'learn.status.kind.assign': 'assign',
    'learn.status.kind.update': 'update',
    'learn.status.iterations': 'Iterations',
    'learn.status.inertia': 'Inertia',
    'learn.status.inertiaNone': '— (not assigned yet)',
    'learn.status.changed': 'Points that changed cluster',
    'learn.status.next': 'Next',
    'learn.status.next.assign': 'Assign',
    'learn.status.next.update': 'Update centroids',
    'learn.status.next.done': 'Converged',
    'learn.status.playing': 'Playing…',
    'learn.status.paused': 'Paused.',

    'learn.explain.start.kmeanspp':
      'Start: {k} centroids chosen by k-means++ (seed {seed}): the first on a random point, each next one preferably on a point far from those already chosen. Next: assign every point to its nearest centroid.',
    'learn.explain.start.random':
      'Start: {k} centroids placed on {k} points drawn at random (seed {seed}). Next: assign every point to its nearest centroid.',
    'learn.explain.assignFirst':
      'Assigned: each of the {n} points joined its nearest centroid. Inertia — the sum of the squared distances of the points to their centroids — is {inertia}. Next: move every centroid to the mean of its points.',
    'learn.explain.assign':
      'Assigned: {changed} points changed cluster; inertia fell from {before} to {after}. Next: move the centroids again.',
    'learn.explain.assignOne':
      'Assigned: 1 point changed cluster; inertia fell from {before} to {after}. Next: move the centroids again.',
    'learn.explain.converged':
      'Converged: no point changed cluster, so the centroids will not move again. Final inertia {inertia} after {iterations} iterations.',
    'learn.explain.update':
      'Updated: every centroid moved to the mean of its points (the largest move: {shift}); inertia fell from {before} to {after}. Next: assign the points again.',
    'learn.explain.updateStill':
      'Updated: no centroid moved; inertia stays at {after}. Next: assign the points again.',
    'learn.explain.empty': 'Cluster {clusters} has no points, so its centroid stays where it was.',
    'learn.explain.emptyMany':
      'Clusters {clusters} have no points, so their centroids stay where they were.',

    'learn.plot.title': 'Points and centroids',
    'learn.plot.label':
      '{n} points coloured by cluster on {x} (across) and {y} (up); crosses mark the {k} centroids.',
    'learn.plot.unassigned': 'Not assigned yet',
    'learn.plot.cluster': 'Cluster {cluster}',
    'learn.plot.showTable': 'Show as table',
    'learn.plot.hideTable': 'Hide table',
    'learn.plot.table.caption': 'Centroids and cluster sizes',
    'learn.plot.table.cluster': 'Cluster',
    'learn.plot.table.size': 'Points',
    'learn.plot.table.x': '{column} (centroid)',
    'learn.plot.table.y': '{column} (centroid)',
    'learn.plot.table.scaled': '{column} (centroid, scaled)',
    'learn.plot.axisScaled': '{column}, {scaling}',

    'learn.inertia.title': 'Inertia after each step',
    'learn.inertia.axis': 'Step',
    'learn.inertia.step.assign': '{step} assign',
    'learn.inertia.step.update': '{step} update',
    'learn.inertia.none': 'The inertia appears after the first assignment.',

    'learn.elbow.title': 'Elbow and silhouette',
    'learn.elbow.lead':
      'For the same points: k-means for k = {kMin} to {kMax} (best of {starts} k-means++ starts each). Inertia always falls as k grows; look for the bend (the elbow). A higher silhouette means tighter, better separated clusters.',
    'learn.elbow.run': 'Compute for k = {kMin}–{kMax}',
    'learn.elbow.running': 'Computing…',
    'learn.elbow.failed': 'The elbow could not be computed',
    'learn.elbow.done': 'Done: k = {kMin}–{kMax}; the highest silhouette is at k = {best}.',
    'learn.elbow.stale': 'The data changed since: compute again.',
    'learn.elbow.caption': 'Inertia and silhouette by k',
    'learn.elbow.k': 'k',
    'learn.elbow.inertia': 'Inertia',
    'learn.elbow.silhouette': 'Silhouette',
    'learn.elbow.iterations': 'Iterations',
    'learn.elbow.sizes': 'Cluster sizes',
    'learn.elbow.best': 'highest silhouette',
    'learn.elbow.use': 'Step through k = {k}',
    'learn.elbow.chart': 'Elbow and silhouette',

    'progress.learn.elbow': 'Computing the elbow',
  },
  {
    'learn.title': '逐步学习 k-means',
    'learn.lead':
      '在一小组客户的两列数据上观察 k-means 的工作过程：把每个点分配给最近的质心，把每个质心移到其所属点的均值处，重复直到不再变化。',

    'learn.data.title': '数据',
    'learn.data.source': '客户',
    'learn.data.demo': '演示商店（{count} 位生成的客户）',
    'learn.data.profiles': '已打开的画像：{name}（{count} 位客户）',
    'learn.data.preparing': '正在准备客户数据…',
    'learn.data.failed': '无法准备客户数据',
    'learn.data.x': '横轴',
    'learn.data.y': '纵轴',
    'learn.data.scaling': '缩放',
    'learn.data.scaling.log1p-z': '先取 log(1 + x)，再做 z 分数标准化',
    'learn.data.scaling.z': 'z 分数标准化',
    'learn.data.scaling.none': '不缩放（原始单位）',
    'learn.data.size': '点数',
    'learn.data.summary': '从 {total} 位两列都有值的客户中随机抽取 {n} 位（抽样种子 {seed}）。',
    'learn.data.summaryAll': '全部 {n} 位两列都有值的客户。',
    'learn.data.dropped': '有 {dropped} 位客户在其中一列缺少数值，已排除。',
    'learn.data.tooFew': '只有 {n} 位客户两列都有值：不足以分成 {k} 个簇。',
    'learn.data.sameColumn': '请选择两个不同的列。',
    'learn.data.noColumns': '这些客户的数值列少于两列。',

    'learn.settings.title': 'k-means 设置',
    'learn.settings.k': '簇数（k）',
    'learn.settings.method': '初始质心',
    'learn.settings.method.k-means++': 'k-means++',
    'learn.settings.method.random': '随机选点',
    'learn.settings.seed': '随机种子',
    'learn.settings.seedInvalid': '随机种子必须是不小于 0 的整数。',

    'learn.controls.title': '步骤',
    'learn.controls.assign': '分配',
    'learn.controls.update': '更新质心',
    'learn.controls.back': '后退一步',
    'learn.controls.play': '播放',
    'learn.controls.pause': '暂停',
    'learn.controls.newStart': '新的随机起点',
    'learn.controls.lines': '显示到质心的连线',
    'learn.controls.notNow.assign': '点已分配完毕；下一步请更新质心（或后退一步）。',
    'learn.controls.notNow.update': '质心已是最新；下一步请分配点。',
    'learn.controls.notNow.converged': 'k-means 已收敛：不会再有变化。可以后退一步或重新开始。',

    'learn.status.stepLabel': '步骤',
    'learn.status.stepValue': '{step}（{kind}）',
    'learn.status.kind.start': '起点',
    'learn.status.kind.assign': '分配',
    'learn.status.kind.update': '更新质心',
    'learn.status.iterations': '迭代次数',
    'learn.status.inertia': '惯性（簇内平方和）',
    'learn.status.inertiaNone': '—（尚未分配）',
    'learn.status.changed': '换簇的点数',
    'learn.status.next': '下一步',
    'learn.status.next.assign': '分配',
    'learn.status.next.update': '更新质心',
    'learn.status.next.done': '已收敛',
    'learn.status.playing': '正在播放…',
    'learn.status.paused': '已暂停。',

    'learn.explain.start.kmeanspp':
      '起点：用 k-means++ 选出 {k} 个质心（种子 {seed}）：第一个落在随机的一个点上，之后每个都倾向于落在离已选质心较远的点上。下一步：把每个点分配给最近的质心。',
    'learn.explain.start.random':
      '起点：{k} 个质心放在随机抽取的 {k} 个点上（种子 {seed}）。下一步：把每个点分配给最近的质心。',
    'learn.explain.assignFirst':
      '已分配：{n} 个点各自归入最近的质心。惯性（各点到其质心距离的平方和）为 {inertia}。下一步：把每个质心移到其所属点的均值处。',
    'learn.explain.assign':
      '已分配：{changed} 个点换了簇；惯性从 {before} 降到 {after}。下一步：再次移动质心。',
    'learn.explain.assignOne':
      '已分配：1 个点换了簇；惯性从 {before} 降到 {after}。下一步：再次移动质心。',
    'learn.explain.converged':
      '已收敛：没有点换簇，质心不会再移动。经过 {iterations} 次迭代，最终惯性为 {inertia}。',
    'learn.explain.update':
      '已更新：每个质心移到了其所属点的均值处（最大移动距离 {shift}）；惯性从 {before} 降到 {after}。下一步：再次分配点。',
    'learn.explain.updateStill': '已更新：没有质心移动；惯性保持为 {after}。下一步：再次分配点。',
    'learn.explain.empty': '簇 {clusters} 没有点，其质心保持原位。',
    'learn.explain.emptyMany': '簇 {clusters} 没有点，它们的质心保持原位。',

    'learn.plot.title': '点与质心',
    'learn.plot.label': '{n} 个点按簇着色，横轴为 {x}，纵轴为 {y}；十字标记 {k} 个质心。',
    'learn.plot.unassigned': '尚未分配',
    'learn.plot.cluster': '簇 {cluster}',
    'learn.plot.showTable': '以表格显示',
    'learn.plot.hideTable': '隐藏表格',
    'learn.plot.table.caption': '质心与簇大小',
    'learn.plot.table.cluster': '簇',
    'learn.plot.table.size': '点数',
    'learn.plot.table.x': '{column}（质心）',
    'learn.plot.table.y': '{column}（质心）',
    'learn.plot.table.scaled': '{column}（质心，缩放后）',
    'learn.plot.axisScaled': '{column}，{scaling}',

    'learn.inertia.title': '每一步之后的惯性',
    'learn.inertia.axis': '步骤',
    'learn.inertia.step.assign': '{step} 分配',
    'learn.inertia.step.update': '{step} 更新',
    'learn.inertia.none': '第一次分配之后才会显示惯性。',

    'learn.elbow.title': '肘部法则与轮廓系数',
    'learn.elbow.lead':
      '对同一组点，分别以 k = {kMin} 到 {kMax} 运行 k-means（每个 k 取 {starts} 次 k-means++ 起点中最好的一次）。k 越大惯性总会越小；请寻找曲线的拐点（肘部）。轮廓系数越高，说明簇越紧密、彼此分得越开。',
    'learn.elbow.run': '计算 k = {kMin}–{kMax}',
    'learn.elbow.running': '正在计算…',
    'learn.elbow.failed': '无法计算肘部曲线',
    'learn.elbow.done': '完成：k = {kMin}–{kMax}；轮廓系数最高的是 k = {best}。',
    'learn.elbow.stale': '数据已更改：请重新计算。',
    'learn.elbow.caption': '各 k 值的惯性与轮廓系数',
    'learn.elbow.k': 'k',
    'learn.elbow.inertia': '惯性',
    'learn.elbow.silhouette': '轮廓系数',
    'learn.elbow.iterations': '迭代次数',
    'learn.elbow.sizes': '各簇大小',
    'learn.elbow.best': '轮廓系数最高',
    'learn.elbow.use': '逐步演示 k = {k}',
    'learn.elbow.chart': '肘部曲线与轮廓系数',

    'progress.learn.elbow': '正在计算肘部曲线',
  },
);
