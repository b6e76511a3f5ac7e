import { defineMessages } from '../define.ts';

/**
 * The churn core (src/core/churn: labels, feature pipeline, models, metrics, run): its
 * errors, progress phases, model and target names, and the words of features and reasons.
 * The page keeps its own keys in its own file.
 */
export default defineMessages(
  {
    'error.churn.targetMissing': 'The target column “{column}” is not in this table.',
    'error.churn.idMissing': 'The id column “{column}” is not in this table.',
    'error.churn.positiveNeeded':
      'Choose which value of “{column}” counts as positive (values: {values}).',
    'error.churn.positiveMissing':
      'The value “{value}” does not occur in “{column}” (values: {values}). Choose another positive value.',
    'error.churn.singleClass':
      'All {rows} labelled customers are in one class ({positives} positive). A model needs both classes.',
    'error.churn.metricSingleClass':
      'This measure needs both positive and negative customers in the evaluated rows.',
    'error.churn.tooFewRows':
      'Only {rows} customers carry a label; a churn model needs at least {needed}.',
    'error.churn.tooFewInClass':
      'The smaller class has only {rows} customers; this split and these folds need at least {needed}. Use fewer folds or more data.',
    'error.churn.noFeatures':
      'No column is left to learn from: every column is the target, an identifier, excluded or constant.',
    'error.churn.columnMissing':
      'The column “{column}” that the model was trained on is not in this table.',
    'error.churn.option': 'The churn setting “{option}” cannot be “{value}”.',
    'error.churn.model': 'Unknown churn model “{model}”: use logistic, mlp or tree.',
    'error.churn.outcomeValue': 'The value of the outcome “{outcome}” must be a number.',
    'error.churn.notConverged': 'The {model} model could not be fitted on these data.',
    'error.churn.lengths': 'The labels ({labels}) and the scores ({scores}) differ in length.',
    'error.churn.badLabel': 'Label {row} is neither 0 nor 1.',
    'error.churn.badScore': 'Score {row} is not a valid number.',
    'error.churn.windowPastData':
      'The window after the cutoff {cutoff} ends on {windowEnd}, after the last date in the data ({lastDate}). Choose an earlier cutoff or a shorter window.',
    'error.churn.noCustomersBeforeCutoff':
      'No customer ordered on or before the cutoff {cutoff}. Choose a later cutoff.',
    'progress.churn.prepare': 'Preparing features',
    'progress.churn.train': 'Training the model',
    'progress.churn.evaluate': 'Evaluating on the test set',
    'progress.churn.cv': 'Cross-validating',
    'progress.churn.score': 'Scoring customers',
    'progress.churn.importance': 'Permutation importance (shuffling each column)',
    'progress.churn.reasons': 'Finding each customer’s top reasons',
    'churn.model.logistic': 'Logistic regression',
    'churn.model.mlp': 'Neural network',
    'churn.model.tree': 'Decision tree',
    'churn.target.churn': 'Churn (no order in the window)',
    'churn.target.purchase': 'Buys again in the window',
    'churn.feature.column': '{column}',
    'churn.feature.level': '{column} = {level}',
    'churn.feature.other': '{column} = other',
    'churn.feature.missing': '{column} missing',
    'churn.excluded.target': 'target',
    'churn.excluded.identifier': 'identifier',
    'churn.excluded.ignored': 'ignored',
    'churn.excluded.user': 'left out by you',
    'churn.excluded.empty': 'no values',
    'churn.excluded.constant': 'a single value',
    'churn.reason.value': '{feature} {value} ({sign})',
    'churn.reason.is': '{feature} ({sign})',
    'churn.reason.isNot': 'not {feature} ({sign})',
    'churn.unit.logOdds': 'log-odds',
    'churn.unit.probability': 'probability',
  },
  {
    'error.churn.targetMissing': '此表中没有目标列“{column}”。',
    'error.churn.idMissing': '此表中没有编号列“{column}”。',
    'error.churn.positiveNeeded': '请选择“{column}”中哪个值算作正类（取值：{values}）。',
    'error.churn.positiveMissing':
      '“{column}”中没有值“{value}”（取值：{values}）。请选择其他正类取值。',
    'error.churn.singleClass':
      '全部 {rows} 位有标签的客户属于同一类（正类 {positives} 位）。模型需要两个类别。',
    'error.churn.metricSingleClass': '此指标要求评估的数据中同时有正类和负类客户。',
    'error.churn.tooFewRows': '只有 {rows} 位客户有标签；流失模型至少需要 {needed} 位。',
    'error.churn.tooFewInClass':
      '较小的类别只有 {rows} 位客户；当前的划分和折数至少需要 {needed} 位。请减少折数或增加数据。',
    'error.churn.noFeatures': '没有可用于学习的列：所有列都是目标、编号、已排除或取值恒定。',
    'error.churn.columnMissing': '此表中没有模型训练时使用的列“{column}”。',
    'error.churn.option': '流失设置“{option}”不能为“{value}”。',
    'error.churn.model': '未知的流失模型“{model}”：请使用 logistic、mlp 或 tree。',
    'error.churn.outcomeValue': '结果“{outcome}”的价值必须是数字。',
    'error.churn.notConverged': '无法在这些数据上拟合 {model} 模型。',
    'error.churn.lengths': '标签数（{labels}）与得分数（{scores}）不一致。',
    'error.churn.badLabel': '第 {row} 个标签既不是 0 也不是 1。',
    'error.churn.badScore': '第 {row} 个得分不是有效数字。',
    'error.churn.windowPastData':
      '截止日 {cutoff} 之后的观察窗口结束于 {windowEnd}，晚于数据中的最后日期（{lastDate}）。请选择更早的截止日或更短的窗口。',
    'error.churn.noCustomersBeforeCutoff':
      '截止日 {cutoff} 或之前没有客户下过订单。请选择更晚的截止日。',
    'progress.churn.prepare': '正在准备特征',
    'progress.churn.train': '正在训练模型',
    'progress.churn.evaluate': '正在用测试集评估',
    'progress.churn.cv': '正在交叉验证',
    'progress.churn.score': '正在为客户评分',
    'progress.churn.importance': '正在计算置换重要性（逐列打乱）',
    'progress.churn.reasons': '正在找出每位客户的主要原因',
    'churn.model.logistic': '逻辑回归',
    'churn.model.mlp': '神经网络',
    'churn.model.tree': '决策树',
    'churn.target.churn': '流失（窗口内无订单）',
    'churn.target.purchase': '窗口内再次购买',
    'churn.feature.column': '{column}',
    'churn.feature.level': '{column} = {level}',
    'churn.feature.other': '{column} = 其他',
    'churn.feature.missing': '{column} 缺失',
    'churn.excluded.target': '目标',
    'churn.excluded.identifier': '编号',
    'churn.excluded.ignored': '已忽略',
    'churn.excluded.user': '您已排除',
    'churn.excluded.empty': '没有值',
    'churn.excluded.constant': '只有一个取值',
    'churn.reason.value': '{feature} {value}（{sign}）',
    'churn.reason.is': '{feature}（{sign}）',
    'churn.reason.isNot': '非 {feature}（{sign}）',
    'churn.unit.logOdds': '对数几率',
    'churn.unit.probability': '概率',
  },
);
