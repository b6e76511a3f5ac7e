import { defineMessages } from '../define.ts';

/**
 * The buy-till-you-die core (src/core/clv: summary, BG/NBD, Gamma-Gamma, CLV, simulation,
 * model dispatch): the errors its input checks and fitters throw. The run, the checks and
 * the page keep their keys in their own files (clv-run.ts …).
 */
export default defineMessages(
  {
    'error.clv.dateNotDate':
      'The order-date column “{column}” does not hold dates. Re-import it with the type “date”.',
    'error.clv.unit': 'The time unit must be day, week or month (got “{unit}”).',
    'error.clv.badDate': 'The calibration or holdout end is not a valid date.',
    'error.clv.holdoutNotAfter':
      'The holdout end ({holdoutEnd}) must be after the calibration end ({calibrationEnd}).',
    'error.clv.noPurchases':
      'No customer made a purchase on or before the calibration end {date}. Choose a later calibration end.',
    'error.clv.lengths':
      'The lifetime-value data do not fit together: their columns differ in length.',
    'error.clv.badSummary':
      'Customer {row} has an impossible summary (repeat purchases, recency and age must satisfy 0 ≤ t_x ≤ T).',
    'error.clv.param': 'The model parameter “{name}” must be a positive number (got {value}).',
    'error.clv.penalty': 'The penalty must be zero or a positive number (got {penalty}).',
    'error.clv.tooFewRepeat':
      'Only {repeaters} of {customers} customers bought again in the calibration period; the model needs at least {needed}. Lengthen the calibration period or add a penalty.',
    'error.clv.spendTooFew':
      'Only {customers} repeat customers have a positive average spend; the spend model needs at least {needed}. Lengthen the calibration period.',
    'error.clv.valueOption': 'The lifetime-value setting “{option}” cannot be {value}.',
    'error.clv.simulate': 'The simulation setting “{option}” cannot be {value}.',
    'error.clv.model': 'Unknown transaction model “{model}”: use BG/NBD or Pareto/NBD.',
  },
  {
    'error.clv.dateNotDate': '订单日期列“{column}”不是日期。请以“日期”类型重新导入该列。',
    'error.clv.unit': '时间单位必须是日、周或月（当前为“{unit}”）。',
    'error.clv.badDate': '校准期或验证期的结束日期无效。',
    'error.clv.holdoutNotAfter':
      '验证期结束日（{holdoutEnd}）必须晚于校准期结束日（{calibrationEnd}）。',
    'error.clv.noPurchases':
      '在校准期结束日 {date} 或之前没有任何客户购买。请选择更晚的校准期结束日。',
    'error.clv.lengths': '生命周期价值数据不匹配：各列长度不同。',
    'error.clv.badSummary':
      '第 {row} 位客户的汇总数据不合理（重复购买次数、最近购买时间和客户年龄须满足 0 ≤ t_x ≤ T）。',
    'error.clv.param': '模型参数“{name}”必须是正数（当前为 {value}）。',
    'error.clv.penalty': '惩罚系数必须为零或正数（当前为 {penalty}）。',
    'error.clv.tooFewRepeat':
      '{customers} 位客户中只有 {repeaters} 位在校准期内再次购买；模型至少需要 {needed} 位。请延长校准期或添加惩罚项。',
    'error.clv.spendTooFew':
      '只有 {customers} 位重复购买的客户平均消费为正；消费模型至少需要 {needed} 位。请延长校准期。',
    'error.clv.valueOption': '生命周期价值设置“{option}”不能为 {value}。',
    'error.clv.simulate': '模拟设置“{option}”不能为 {value}。',
    'error.clv.model': '未知的交易模型“{model}”：请使用 BG/NBD 或 Pareto/NBD。',
  },
);
