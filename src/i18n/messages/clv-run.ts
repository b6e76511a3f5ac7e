import { defineMessages } from '../define.ts';

/**
 * A lifetime-value run (src/core/clv/run.ts) and its model checks (src/core/clv/validate.ts):
 * progress phases, settings errors, and the warnings a run attaches to its outcome.
 * The summary, the fitters and the value formulas keep their keys in their own files.
 */
export default defineMessages(
  {
    'progress.clv.summary': 'Summarising each customer’s purchases',
    'progress.clv.fit': 'Fitting the purchase model',
    'progress.clv.customers': 'Predicting each customer’s purchases and value',
    'progress.clv.checks': 'Checking the model against the data',

    'error.clv.settings.unit': 'The time unit must be day, week or month (got “{unit}”).',
    'error.clv.settings.model': 'The model must be BG/NBD or Pareto/NBD (got “{model}”).',
    'error.clv.settings.penalty': 'The penalty must be a number of at least 0 (got {penalty}).',
    'error.clv.settings.periods':
      'The prediction period must be a positive number of time units (got {periods}).',
    'error.clv.settings.horizon':
      'The lifetime-value horizon must be a whole number of months from 1 to {max} (got {horizon}).',
    'error.clv.settings.discount':
      'The monthly discount rate must be from 0 to 1, e.g. 0.01 for 1 % a month (got {discount}).',
    'error.clv.settings.calibrationEnd': 'The calibration end is not a valid date.',
    'error.clv.settings.holdoutEnd': 'The holdout end is not a valid date.',
    'error.clv.settings.holdoutOrder':
      'The holdout end ({holdoutEnd}) must come after the calibration end ({calibrationEnd}).',

    'error.clv.check.noHoldout': 'There is no holdout period to check the model against.',
    'error.clv.check.maxN':
      'The purchase histogram needs a whole number of groups of at least 1 (got {maxN}).',
    'error.clv.check.maxX':
      'The frequency/recency matrix needs a whole number of purchases of at least 0 (got {maxX}).',
    'error.clv.check.age': 'The customer age must be a number of at least 0 (got {T}).',
    'error.clv.check.steps':
      'The history needs a whole number of steps of at least 1 (got {steps}).',
    'error.clv.check.history': 'The purchase history needs at least one purchase time.',

    'clv.run.warning.independence':
      'Purchase frequency and average spend are correlated (r = {correlation}). The spend model assumes they are independent, so expected spend and lifetime value may be biased.',
    'clv.run.warning.excludedSpend':
      '{customers} repeat customers whose average repeat spend is zero or less (returns) were left out of the spend model.',
    'clv.run.warning.noGammaGamma':
      'The spend model needs at least {needed} repeat customers with a positive average spend, and there are {customers}. Expected spend and lifetime value are not available; value tiers use expected purchases.',
    'clv.run.warning.noAmounts':
      'The data have no amounts: expected spend and lifetime value are not available; value tiers use expected purchases.',
    'clv.run.warning.notConverged':
      'The {model} fit stopped after {iterations} iterations without converging. Treat its numbers with care, or add a small penalty.',
    'clv.run.warning.spendNotConverged':
      'The spend model stopped after {iterations} iterations without converging. Treat expected spend with care, or add a small penalty.',
    'clv.run.warning.skippedLines':
      '{lines} lines were left out: no customer, no date, or after the last end date.',
    'clv.run.warning.poorlyDetermined':
      'The data pin down {params} poorly: the standard error is as large as the estimate or cannot be computed. Do not read those parameters; check the predictions with a holdout, and try Pareto/NBD or a small penalty (e.g. 0.001).',
    'clv.run.warning.notFinite':
      'The fitted model gives no number for {customers} customers (its parameters are at the edge of their range). Add a small penalty, e.g. 0.001.',
  },
  {
    'progress.clv.summary': '正在汇总每位客户的购买记录',
    'progress.clv.fit': '正在拟合购买模型',
    'progress.clv.customers': '正在预测每位客户的购买次数和价值',
    'progress.clv.checks': '正在用数据检验模型',

    'error.clv.settings.unit': '时间单位必须是天、周或月（当前为“{unit}”）。',
    'error.clv.settings.model': '模型必须是 BG/NBD 或 Pareto/NBD（当前为“{model}”）。',
    'error.clv.settings.penalty': '惩罚系数必须是不小于 0 的数（当前为 {penalty}）。',
    'error.clv.settings.periods': '预测期必须是正的时间单位数（当前为 {periods}）。',
    'error.clv.settings.horizon':
      '生命周期价值的期限必须是 1 到 {max} 之间的整月数（当前为 {horizon}）。',
    'error.clv.settings.discount':
      '月折现率必须在 0 到 1 之间，例如每月 1 % 填 0.01（当前为 {discount}）。',
    'error.clv.settings.calibrationEnd': '校准期结束日期不是有效日期。',
    'error.clv.settings.holdoutEnd': '验证期结束日期不是有效日期。',
    'error.clv.settings.holdoutOrder':
      '验证期结束日期（{holdoutEnd}）必须晚于校准期结束日期（{calibrationEnd}）。',

    'error.clv.check.noHoldout': '没有可用于检验模型的验证期。',
    'error.clv.check.maxN': '购买次数分布图的分组数必须是不小于 1 的整数（当前为 {maxN}）。',
    'error.clv.check.maxX': '频次/最近购买矩阵的购买次数必须是不小于 0 的整数（当前为 {maxX}）。',
    'error.clv.check.age': '客户的时长必须是不小于 0 的数（当前为 {T}）。',
    'error.clv.check.steps': '历史曲线的步数必须是不小于 1 的整数（当前为 {steps}）。',
    'error.clv.check.history': '购买历史至少需要一个购买时间。',

    'clv.run.warning.independence':
      '购买频次与平均消费金额存在相关（r = {correlation}）。消费模型假设两者独立，因此预期消费和生命周期价值可能有偏差。',
    'clv.run.warning.excludedSpend':
      '有 {customers} 位复购客户的平均复购金额不大于 0（退货），已从消费模型中排除。',
    'clv.run.warning.noGammaGamma':
      '消费模型至少需要 {needed} 位平均消费金额为正的复购客户，当前只有 {customers} 位。预期消费和生命周期价值不可用，价值分层改用预期购买次数。',
    'clv.run.warning.noAmounts':
      '数据中没有金额：预期消费和生命周期价值不可用，价值分层改用预期购买次数。',
    'clv.run.warning.notConverged':
      '{model} 模型拟合在 {iterations} 次迭代后仍未收敛。请谨慎看待其结果，或加入较小的惩罚系数。',
    'clv.run.warning.spendNotConverged':
      '消费模型在 {iterations} 次迭代后仍未收敛。请谨慎看待预期消费，或加入较小的惩罚系数。',
    'clv.run.warning.skippedLines': '有 {lines} 行被排除：缺少客户或日期，或晚于最后的结束日期。',
    'clv.run.warning.poorlyDetermined':
      '数据对参数 {params} 的约束很弱：标准误不小于估计值本身，或无法计算。请不要解读这些参数；用验证期检验预测，并尝试 Pareto/NBD 或较小的惩罚系数（例如 0.001）。',
    'clv.run.warning.notFinite':
      '拟合后的模型无法为 {customers} 位客户给出数值（其参数已到取值范围的边缘）。请加入较小的惩罚系数，例如 0.001。',
  },
);
