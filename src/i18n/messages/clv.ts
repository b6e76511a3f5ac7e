import { defineMessages } from '../define.ts';

/**
 * The Predict page and its Lifetime value section (src/features/clv), the CLV columns
 * the customer profiles gain, and the errors of its form and worker. The core's own
 * messages (settings errors, run warnings, progress) are in clv-core.ts and clv-run.ts.
 */
export default defineMessages(
  {
    'predict.lead':
      'What your customers are likely to do next, from their order history. Models run on this device.',
    'predict.sections': 'Prediction topics',
    'predict.section.clv': 'Lifetime value',
    'predict.clv.lead':
      'A buy-till-you-die model (BG/NBD or Pareto/NBD) learns how often customers buy and how likely they are to have left; Gamma-Gamma learns what they spend. Together they predict each customer’s chance of still being active, purchases, spend and lifetime value (CLV).',

    'clvPage.noData': 'Lifetime value needs a transactions dataset (one line per order line).',
    'clvPage.noDataLink': 'Import orders or load the demo shop',

    'clvPage.settings.title': 'Settings',
    'clvPage.settings.dataset': 'Transactions',
    'clvPage.settings.datasetOption': '{name} ({rows} lines)',
    'clvPage.settings.unit': 'Time unit',
    'clvPage.settings.model': 'Model',
    'clvPage.settings.periodTitle': 'Calibration and holdout',
    'clvPage.settings.range': 'Orders from {first} to {last}.',
    'clvPage.settings.holdout': 'Keep a holdout to check the model',
    'clvPage.settings.calibrationEnd': 'Calibration end',
    'clvPage.settings.holdoutEnd': 'Holdout end',
    'clvPage.settings.holdoutHint':
      'The model learns from the orders up to the calibration end and predicts the holdout after it, which is compared with what really happened. Predictions are made as of the calibration end.',
    'clvPage.settings.noHoldoutHint':
      'The model learns from every order up to the calibration end and predicts from that day on.',
    'clvPage.settings.predictTitle': 'Predictions',
    'clvPage.settings.periods': 'Expected purchases horizon ({unit})',
    'clvPage.settings.horizon': 'CLV horizon (months)',
    'clvPage.settings.discount': 'Monthly discount rate (%)',
    'clvPage.settings.penalty': 'Penalty',
    'clvPage.settings.penaltyHint':
      'An L2 penalty on the model parameters (0 = plain maximum likelihood). A small value such as 0.001 steadies fits on little data.',
    'clvPage.settings.fit': 'Fit',
    'clvPage.settings.fitting': 'Fitting the lifetime-value model',
    'clvPage.settings.cancelled': 'Stopped. Nothing was stored.',
    'clvPage.settings.failed': 'The model could not be fitted',
    'clvPage.settings.invalid': 'Check the settings',

    'clvPage.unit.day': 'day',
    'clvPage.unit.week': 'week',
    'clvPage.unit.month': 'month',
    'clvPage.unit.days': 'days',
    'clvPage.unit.weeks': 'weeks',
    'clvPage.unit.months': 'months',
    'clvPage.model.bgnbd': 'BG/NBD',
    'clvPage.model.pnbd': 'Pareto/NBD',
    'clvPage.yes': 'yes',
    'clvPage.no': 'no',

    'clvPage.result.title': 'Fit',
    'clvPage.result.summary':
      '{model} fitted on {customers} customers of “{name}”, with purchases up to {end}, in {unit} ({seconds} s).',
    'clvPage.result.holdout': 'Holdout until {end}.',
    'clvPage.result.asOf':
      'With a holdout, the predictions are as of the calibration end ({end}), and customers who first bought after it have none. To predict for every customer as of {last}, fit again without the holdout.',
    'clvPage.result.stored':
      'Each customer’s P(alive), expected purchases, expected spend, CLV and value tier are stored and added to customer profiles built from these transactions.',
    'clvPage.result.openResults': 'Open the results dataset',
    'clvPage.result.openCustomers': 'See them on the Customers page',

    'clvPage.params.title': 'Model parameters',
    'clvPage.params.transactions': 'Purchases and dropout: {model}',
    'clvPage.params.caption':
      '{model} estimates with standard errors (from the curvature of the likelihood at its maximum).',
    'clvPage.params.parameter': 'Parameter',
    'clvPage.params.estimate': 'Estimate',
    'clvPage.params.stderr': 'Standard error',
    'clvPage.params.logLikelihood': 'Log-likelihood',
    'clvPage.params.iterations': 'Iterations',
    'clvPage.params.converged': 'Converged',
    'clvPage.params.customers': 'Customers',
    'clvPage.params.penalty': 'Penalty',
    'clvPage.params.notConverged':
      'The optimiser stopped before it converged: treat these numbers with care, or try a small penalty.',
    'clvPage.params.spend': 'Spend per purchase: Gamma-Gamma',
    'clvPage.params.ggCaption': 'Gamma-Gamma estimates with standard errors.',
    'clvPage.params.ggCustomers': 'Repeat customers used',
    'clvPage.params.excluded': 'Left out: mean repeat spend ≤ 0',
    'clvPage.params.correlation': 'Frequency–spend correlation',
    'clvPage.params.independenceNote':
      'Gamma-Gamma assumes that how often a customer buys says nothing about how much they spend; a correlation far from 0 (beyond ±0.3) makes that doubtful.',
    'clvPage.params.noSpend':
      'No spend model: the data have no amounts, or too few repeat buyers with a positive spend. Expected spend and CLV are left empty; value tiers follow expected purchases.',

    'clvPage.holdout.title': 'Holdout check',
    'clvPage.holdout.lead':
      'Repeat purchase days of the {customers} calibration customers after {from} until {to} ({length} {unit}): what happened against what the model expected.',
    'clvPage.holdout.actual': 'Actual repeat purchases',
    'clvPage.holdout.predicted': 'Predicted repeat purchases',
    'clvPage.holdout.error': 'Error of the total',
    'clvPage.holdout.mae': 'Mean absolute error per customer',
    'clvPage.holdout.byFrequency':
      'Mean repeat purchases in the holdout by repeat purchases in the calibration period.',
    'clvPage.holdout.x': 'Repeat purchases in calibration',
    'clvPage.holdout.customers': 'Customers',
    'clvPage.holdout.meanActual': 'Actual (mean)',
    'clvPage.holdout.meanPredicted': 'Predicted (mean)',
    'clvPage.holdout.chart': 'Holdout purchases by calibration frequency',

    'clvPage.checks.title': 'How well the model fits',
    'clvPage.checks.lead':
      'The model’s curves should follow the data: before the calibration end it learnt from them, after it (the holdout) it predicts.',
    'clvPage.tracking.title': 'Cumulative repeat purchases, week by week',
    'clvPage.tracking.week': 'Week ending',
    'clvPage.tracking.axis': 'Repeat purchases',
    'clvPage.tracking.actual': 'Actual',
    'clvPage.tracking.model': 'Model',
    'clvPage.tracking.calibrationEnd': 'calibration end',
    'clvPage.chart.marker': 'Dashed line: {label} ({at})',
    'clvPage.histogram.title': 'Customers by repeat purchases in the calibration period',
    'clvPage.histogram.actual': 'Actual customers',
    'clvPage.histogram.model': 'Model',
    'clvPage.histogram.note':
      'For each number of repeat purchase days: how many customers made it, and how many the model expects given how long each has been a customer.',

    'clvPage.matrix.title': 'Frequency and recency',
    'clvPage.matrix.show': 'Show',
    'clvPage.matrix.expected': 'Expected purchases in the next {periods} {unit}',
    'clvPage.matrix.pAlive': 'P(alive)',
    'clvPage.matrix.age': 'Customer for ({unit})',
    'clvPage.matrix.corner': 'x ↓ · t_x →',
    'clvPage.matrix.row': 'x = {x}',
    'clvPage.matrix.captionExpected':
      'Expected purchases in the next {periods} {unit} of a customer who first bought {age} {unit} ago, by repeat purchases x (rows) and the time of the last purchase t_x in {unit} after the first (columns). Frequent buyers who bought recently (top right) are expected to buy most; “—”: impossible (no repeat purchase, so no later last purchase).',
    'clvPage.matrix.captionAlive':
      'P(alive) of a customer who first bought {age} {unit} ago, by repeat purchases x (rows) and the time of the last purchase t_x in {unit} after the first (columns). A frequent buyer who has been quiet for long (left) has probably left; “—”: impossible.',

    'clvPage.history.title': 'One customer’s P(alive) over time',
    'clvPage.history.lead':
      'The chance that the customer is still active falls while they are quiet and jumps back up at each repeat purchase.',
    'clvPage.history.customer': 'Customer id',
    'clvPage.history.show': 'Show',
    'clvPage.history.loading': 'Reading the customer’s purchases…',
    'clvPage.history.missing':
      'No customer “{id}” in the calibration period (unknown id, or a first purchase after the calibration end).',
    'clvPage.history.failed': 'The purchases could not be read',
    'clvPage.history.summary':
      '{id}: first purchase on {first}, {repeats} repeat purchase days until {end}; P(alive) then {pAlive}.',
    'clvPage.history.chart': 'P(alive) of {id}',
    'clvPage.history.date': 'Date',
    'clvPage.history.pAlive': 'P(alive)',

    'clvPage.value.title': 'Customer value',
    'clvPage.value.lead':
      'CLV: the expected spend over the next {months} months, discounted by {discount} a month.',
    'clvPage.value.leadNoSpend':
      'Without a spend model the tiers follow expected purchases; CLV is left empty.',
    'clvPage.value.tiers': 'Value tiers: the top 20 % of customers, the next 30 % and the rest.',
    'clvPage.value.tier': 'Tier',
    'clvPage.value.customers': 'Customers',
    'clvPage.value.share': 'Share of customers',
    'clvPage.value.meanAlive': 'Mean P(alive)',
    'clvPage.value.expected': 'Mean expected purchases',
    'clvPage.value.totalClv': 'Total CLV',
    'clvPage.value.valueShare': 'Share of CLV',
    'clvPage.value.top': 'The {count} customers with the highest CLV.',
    'clvPage.value.topNoSpend': 'The {count} customers with the most expected purchases.',
    'clvPage.value.rank': 'Rank',
    'clvPage.value.customer': 'Customer',
    'clvPage.value.repeats': 'Repeat purchases',
    'clvPage.tier.1': 'Top 20 %',
    'clvPage.tier.2': 'Next 30 %',
    'clvPage.tier.3': 'Other 50 %',

    'profile.column.p_alive': 'P(alive)',
    'profile.column.expected_purchases': 'Expected purchases',
    'profile.column.expected_spend': 'Expected spend',
    'profile.column.clv': 'CLV',
    'profile.column.value_tier': 'Value tier',
    'customers.detail.clv': 'Lifetime value, predicted as of {date}',

    'error.clvForm.calibrationEnd': 'The calibration end is not a valid date.',
    'error.clvForm.holdoutEnd': 'Choose the holdout end, or turn the holdout off.',
    'error.clvForm.invalid': 'The settings cannot be used.',
    'error.clvRun.notTransactions':
      '“{name}” is not a transactions dataset. Lifetime value is fitted on order lines.',
  },
  {
    'predict.lead': '根据订单历史预测客户接下来可能的行为。模型在本设备上运行。',
    'predict.sections': '预测主题',
    'predict.section.clv': '客户终身价值',
    'predict.clv.lead':
      '“购买直至流失”模型（BG/NBD 或 Pareto/NBD）学习客户的购买频率和流失可能性，Gamma-Gamma 模型学习客户的消费金额。二者结合，预测每位客户仍然活跃的概率、未来购买次数、消费和终身价值（CLV）。',

    'clvPage.noData': '客户终身价值需要一个交易数据集（每行一条订单明细）。',
    'clvPage.noDataLink': '导入订单或加载演示商店',

    'clvPage.settings.title': '设置',
    'clvPage.settings.dataset': '交易数据',
    'clvPage.settings.datasetOption': '{name}（{rows} 行）',
    'clvPage.settings.unit': '时间单位',
    'clvPage.settings.model': '模型',
    'clvPage.settings.periodTitle': '校准期与验证期',
    'clvPage.settings.range': '订单日期从 {first} 到 {last}。',
    'clvPage.settings.holdout': '保留验证期以检验模型',
    'clvPage.settings.calibrationEnd': '校准期结束',
    'clvPage.settings.holdoutEnd': '验证期结束',
    'clvPage.settings.holdoutHint':
      '模型从校准期结束之前的订单中学习，并预测之后的验证期，再与实际发生的情况比较。预测以校准期结束日为准。',
    'clvPage.settings.noHoldoutHint': '模型从校准期结束之前的全部订单中学习，并从该日起进行预测。',
    'clvPage.settings.predictTitle': '预测',
    'clvPage.settings.periods': '预期购买次数的期限（{unit}）',
    'clvPage.settings.horizon': 'CLV 期限（月）',
    'clvPage.settings.discount': '月贴现率（%）',
    'clvPage.settings.penalty': '惩罚系数',
    'clvPage.settings.penaltyHint':
      '对模型参数的 L2 惩罚（0 = 普通最大似然）。数据较少时，0.001 这样的小值能让拟合更稳定。',
    'clvPage.settings.fit': '拟合',
    'clvPage.settings.fitting': '正在拟合终身价值模型',
    'clvPage.settings.cancelled': '已停止，未保存任何内容。',
    'clvPage.settings.failed': '无法拟合模型',
    'clvPage.settings.invalid': '请检查设置',

    'clvPage.unit.day': '天',
    'clvPage.unit.week': '周',
    'clvPage.unit.month': '月',
    'clvPage.unit.days': '天',
    'clvPage.unit.weeks': '周',
    'clvPage.unit.months': '月',
    'clvPage.model.bgnbd': 'BG/NBD',
    'clvPage.model.pnbd': 'Pareto/NBD',
    'clvPage.yes': '是',
    'clvPage.no': '否',

    'clvPage.result.title': '拟合结果',
    'clvPage.result.summary':
      '已用“{name}”中 {customers} 位客户截至 {end}的购买记录拟合 {model}，时间单位：{unit}（用时 {seconds} 秒）。',
    'clvPage.result.holdout': '验证期截至 {end}。',
    'clvPage.result.asOf':
      '保留验证期时，预测以校准期结束日（{end}）为准，在此之后才首次购买的客户没有预测。如需截至 {last} 为所有客户预测，请关闭验证期后重新拟合。',
    'clvPage.result.stored':
      '每位客户的存活概率、预期购买次数、预期消费、CLV 和价值层级已保存，并会加入由这些交易生成的客户画像。',
    'clvPage.result.openResults': '打开结果数据集',
    'clvPage.result.openCustomers': '在“客户”页面查看',

    'clvPage.params.title': '模型参数',
    'clvPage.params.transactions': '购买与流失：{model}',
    'clvPage.params.caption': '{model} 的估计值及标准误（由似然函数在最大值处的曲率求得）。',
    'clvPage.params.parameter': '参数',
    'clvPage.params.estimate': '估计值',
    'clvPage.params.stderr': '标准误',
    'clvPage.params.logLikelihood': '对数似然',
    'clvPage.params.iterations': '迭代次数',
    'clvPage.params.converged': '已收敛',
    'clvPage.params.customers': '客户数',
    'clvPage.params.penalty': '惩罚系数',
    'clvPage.params.notConverged':
      '优化器在收敛之前就停止了：请谨慎看待这些数字，或尝试设置一个小的惩罚系数。',
    'clvPage.params.spend': '每次消费金额：Gamma-Gamma',
    'clvPage.params.ggCaption': 'Gamma-Gamma 的估计值及标准误。',
    'clvPage.params.ggCustomers': '使用的复购客户',
    'clvPage.params.excluded': '已排除：平均复购消费 ≤ 0',
    'clvPage.params.correlation': '频率与消费的相关系数',
    'clvPage.params.independenceNote':
      'Gamma-Gamma 假设客户的购买频率与消费金额无关；相关系数明显偏离 0（超过 ±0.3）时，这一假设值得怀疑。',
    'clvPage.params.noSpend':
      '没有消费模型：数据中没有金额，或消费为正的复购客户太少。预期消费和 CLV 留空，价值层级按预期购买次数划分。',

    'clvPage.holdout.title': '验证期检验',
    'clvPage.holdout.lead':
      '{customers} 位校准期客户在 {from} 之后至 {to}（{length} {unit}）的复购天数：实际发生与模型预期的对比。',
    'clvPage.holdout.actual': '实际复购次数',
    'clvPage.holdout.predicted': '预测复购次数',
    'clvPage.holdout.error': '总数误差',
    'clvPage.holdout.mae': '每位客户的平均绝对误差',
    'clvPage.holdout.byFrequency': '按校准期复购次数分组的验证期平均复购次数。',
    'clvPage.holdout.x': '校准期复购次数',
    'clvPage.holdout.customers': '客户数',
    'clvPage.holdout.meanActual': '实际（均值）',
    'clvPage.holdout.meanPredicted': '预测（均值）',
    'clvPage.holdout.chart': '按校准期频率分组的验证期购买',

    'clvPage.checks.title': '模型拟合效果',
    'clvPage.checks.lead':
      '模型曲线应当贴合数据：校准期结束之前是模型学习的数据，之后（验证期）是模型的预测。',
    'clvPage.tracking.title': '按周累计的复购次数',
    'clvPage.tracking.week': '周末日期',
    'clvPage.tracking.axis': '复购次数',
    'clvPage.tracking.actual': '实际',
    'clvPage.tracking.model': '模型',
    'clvPage.tracking.calibrationEnd': '校准期结束',
    'clvPage.chart.marker': '虚线：{label}（{at}）',
    'clvPage.histogram.title': '按校准期复购次数统计的客户数',
    'clvPage.histogram.actual': '实际客户数',
    'clvPage.histogram.model': '模型',
    'clvPage.histogram.note':
      '对每个复购天数：实际有多少客户，以及考虑每位客户的客龄后模型预期有多少客户。',

    'clvPage.matrix.title': '频率与最近购买',
    'clvPage.matrix.show': '显示',
    'clvPage.matrix.expected': '未来 {periods} {unit}的预期购买次数',
    'clvPage.matrix.pAlive': '存活概率',
    'clvPage.matrix.age': '客龄（{unit}）',
    'clvPage.matrix.corner': 'x ↓ · t_x →',
    'clvPage.matrix.row': 'x = {x}',
    'clvPage.matrix.captionExpected':
      '首次购买于 {age} {unit}前的客户在未来 {periods} {unit}的预期购买次数，行为复购次数 x，列为最近一次购买距首次购买的时间 t_x（{unit}）。购买频繁且最近购买过的客户（右上）预期购买最多；“—”表示不可能（没有复购，就没有更晚的最近购买）。',
    'clvPage.matrix.captionAlive':
      '首次购买于 {age} {unit}前的客户的存活概率，行为复购次数 x，列为最近一次购买距首次购买的时间 t_x（{unit}）。购买频繁却已沉寂很久的客户（左侧）很可能已经流失；“—”表示不可能。',

    'clvPage.history.title': '单个客户的存活概率变化',
    'clvPage.history.lead': '客户沉寂时，仍然活跃的概率逐渐下降；每次复购时又会跳回高位。',
    'clvPage.history.customer': '客户编号',
    'clvPage.history.show': '显示',
    'clvPage.history.loading': '正在读取该客户的购买记录…',
    'clvPage.history.missing': '校准期内没有客户“{id}”（编号不存在，或首次购买在校准期结束之后）。',
    'clvPage.history.failed': '无法读取购买记录',
    'clvPage.history.summary':
      '{id}：首次购买于 {first}，截至 {end} 共有 {repeats} 个复购日；当时的存活概率为 {pAlive}。',
    'clvPage.history.chart': '{id} 的存活概率',
    'clvPage.history.date': '日期',
    'clvPage.history.pAlive': '存活概率',

    'clvPage.value.title': '客户价值',
    'clvPage.value.lead': 'CLV：未来 {months} 个月的预期消费，按每月 {discount} 贴现。',
    'clvPage.value.leadNoSpend': '没有消费模型时，价值层级按预期购买次数划分；CLV 留空。',
    'clvPage.value.tiers': '价值层级：前 20 % 的客户、其后 30 % 和其余客户。',
    'clvPage.value.tier': '层级',
    'clvPage.value.customers': '客户数',
    'clvPage.value.share': '客户占比',
    'clvPage.value.meanAlive': '平均存活概率',
    'clvPage.value.expected': '平均预期购买次数',
    'clvPage.value.totalClv': 'CLV 合计',
    'clvPage.value.valueShare': 'CLV 占比',
    'clvPage.value.top': 'CLV 最高的 {count} 位客户。',
    'clvPage.value.topNoSpend': '预期购买次数最多的 {count} 位客户。',
    'clvPage.value.rank': '排名',
    'clvPage.value.customer': '客户',
    'clvPage.value.repeats': '复购次数',
    'clvPage.tier.1': '前 20 %',
    'clvPage.tier.2': '其后 30 %',
    'clvPage.tier.3': '其余 50 %',

    'profile.column.p_alive': '存活概率',
    'profile.column.expected_purchases': '预期购买次数',
    'profile.column.expected_spend': '预期消费',
    'profile.column.clv': 'CLV',
    'profile.column.value_tier': '价值层级',
    'customers.detail.clv': '客户终身价值（截至 {date} 的预测）',

    'error.clvForm.calibrationEnd': '校准期结束日期无效。',
    'error.clvForm.holdoutEnd': '请选择验证期结束日期，或关闭验证期。',
    'error.clvForm.invalid': '这些设置无法使用。',
    'error.clvRun.notTransactions': '“{name}”不是交易数据集。客户终身价值需要用订单明细拟合。',
  },
);
