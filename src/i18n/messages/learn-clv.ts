import { defineMessages } from '../define.ts';

/**
 * The Learn page's second topic: the BG/NBD ("buy till you die") model of Fader, Hardie &
 * Lee (2005) with sliders, live predictions, curves and a simulation; and the topic switch.
 */
export default defineMessages(
  {
    'learn.topic.label': 'Topic',
    'learn.topic.kmeans': 'k-means',
    'learn.topic.bgnbd': 'BG/NBD',

    'learn.bgnbd.title': 'Buy till you die: the BG/NBD model',
    'learn.bgnbd.lead':
      'How many more times will a customer buy, and are they still a customer at all? Move the sliders and watch the model of Fader, Hardie & Lee (2005) answer for one customer, then let it generate 1,000 customers.',
    'learn.bgnbd.source':
      'Source: P. S. Fader, B. G. S. Hardie and K. L. Lee (2005), “Counting your customers the easy way: an alternative to the Pareto/NBD model”, Marketing Science 24(2). Time is in weeks.',

    'learn.bgnbd.model.title': 'The model: four parameters for all customers',
    'learn.bgnbd.presets': 'Parameter sets',
    'learn.bgnbd.preset.cdnow': 'CDNOW (published)',
    'learn.bgnbd.preset.cdnow.note':
      'The estimates for 2,357 CDNOW music buyers over 39 weeks: slow, very uneven buyers, about one in four dropping out after a purchase.',
    'learn.bgnbd.preset.regulars': 'Loyal regulars',
    'learn.bgnbd.preset.regulars.note':
      'Frequent buyers (about one purchase every two weeks) who seldom drop out: a quiet spell soon looks alarming.',
    'learn.bgnbd.preset.fickle': 'Fickle shoppers',
    'learn.bgnbd.preset.fickle.note':
      'Occasional buyers, about half of whom never return after any purchase: most predictions are small.',
    'learn.bgnbd.preset.current': '(in use)',

    'learn.bgnbd.rate.title': 'How fast a living customer buys',
    'learn.bgnbd.rate.text':
      'While a customer is active they buy at random moments at their own steady rate λ per week (a Poisson process). The rates differ between customers: λ ~ Gamma(r, α). r is the shape (small r: very uneven customers, many slow and a few fast), α the scale in weeks (larger α: slower buyers).',
    'learn.bgnbd.rate.mean': 'Mean rate r / α = {mean} purchases a week.',
    'learn.bgnbd.dropout.title': 'How likely a customer is to leave',
    'learn.bgnbd.dropout.text':
      'After every repeat purchase a customer may become inactive for good, with their own probability p; they never leave without buying first. The probabilities differ between customers: p ~ Beta(a, b).',
    'learn.bgnbd.dropout.mean':
      'Mean dropout probability a / (a + b) = {mean} after each purchase.',

    'learn.bgnbd.param.r': 'r (shape of the purchase rates)',
    'learn.bgnbd.param.alpha': 'α (scale of the purchase rates)',
    'learn.bgnbd.param.a': 'a (dropout, first Beta parameter)',
    'learn.bgnbd.param.b': 'b (dropout, second Beta parameter)',

    'learn.bgnbd.customer.title': 'One customer',
    'learn.bgnbd.customer.lead':
      'Their history in three numbers, as in the paper’s worked example: x repeat purchases, the last one at week tₓ, first purchase T weeks ago.',
    'learn.bgnbd.field.x': 'x: repeat purchases',
    'learn.bgnbd.field.tx': 'tₓ: week of the last purchase',
    'learn.bgnbd.field.T': 'T: weeks since the first purchase',
    'learn.bgnbd.field.t': 't: weeks ahead',
    'learn.bgnbd.field.tx.hint':
      'Counted from the first purchase; at most T (the last purchase cannot lie in the future).',
    'learn.bgnbd.field.tx.zero': 'With no repeat purchase tₓ is 0 by definition.',
    'learn.bgnbd.field.invalid': 'Enter a number from {min} to {max}.',

    'learn.bgnbd.out.title': 'What the model says',
    'learn.bgnbd.out.pAlive': 'P(alive)',
    'learn.bgnbd.out.pAlive.note': 'Probability that this customer is still active now (week T).',
    'learn.bgnbd.out.expected': 'E[Y(t) | x, tₓ, T]',
    'learn.bgnbd.out.expected.note':
      'Purchases this customer is expected to make in the next {t} weeks.',
    'learn.bgnbd.out.new': 'E[X(t)]',
    'learn.bgnbd.out.new.note':
      'Repeat purchases a brand-new customer is expected to make in their first {t} weeks.',
    'learn.bgnbd.out.failed': 'The model cannot be evaluated for these values',

    'learn.bgnbd.why.title': 'Reading the numbers',
    'learn.bgnbd.why.pAlive':
      'Why P(alive) falls while a customer is quiet: an active customer keeps buying, so every week without a purchase is a little evidence that they have left. The longer the silence T − tₓ, the lower P(alive).',
    'learn.bgnbd.why.frequent':
      'Why it falls faster for frequent buyers: from someone who bought often (large x in a short tₓ) we expect a purchase soon, so the same silence is more surprising than from an occasional buyer. A customer with x = 0 has P(alive) = 1: in this model nobody leaves before a repeat purchase.',
    'learn.bgnbd.why.expected':
      'E[Y(t) | x, tₓ, T] is the number of purchases expected from this customer in the next t weeks: their likely buying rate, learnt from x and T, times the weeks ahead, discounted by the chance that they have left or will leave.',
    'learn.bgnbd.why.new':
      'E[X(t)] is what the model expects from an average new customer before we know anything about them; compare it with E[Y(t)] to see what this customer’s history adds.',

    'learn.bgnbd.quiet.title': 'The customer goes quiet: P(alive) against T',
    'learn.bgnbd.quiet.axis': 'T (weeks since the first purchase)',
    'learn.bgnbd.quiet.panel': 'P(alive), x = {x}, tₓ = {tx}',
    'learn.bgnbd.future.title': 'Expected purchases against the weeks ahead',
    'learn.bgnbd.future.axis': 't (weeks ahead)',
    'learn.bgnbd.future.customer': 'E[Y(t)], this customer',
    'learn.bgnbd.future.new': 'E[X(t)], a new customer',

    'learn.bgnbd.compare.caption':
      'The same silence, different buyers: P(alive) for customers whose last purchase was at week {tx}, after a number of quiet weeks',
    'learn.bgnbd.compare.x': 'Repeat purchases x',
    'learn.bgnbd.compare.weeks': '{weeks} weeks quiet',
    'learn.bgnbd.compare.this': '(this customer)',

    'learn.bgnbd.sim.title': 'Let the model generate customers',
    'learn.bgnbd.sim.lead':
      'Draw {count} customers from the model with the parameters above, each with a first purchase T = {T} weeks ago: every customer gets a rate from Gamma(r, α) and a dropout probability from Beta(a, b), then buys and maybe leaves at random. Their repeat purchases are compared with the model’s P(X(T) = n).',
    'learn.bgnbd.sim.seed': 'Seed',
    'learn.bgnbd.sim.seedInvalid': 'The seed must be a whole number of 0 or more.',
    'learn.bgnbd.sim.run': 'Simulate {count} customers',
    'learn.bgnbd.sim.failed': 'The customers could not be simulated',
    'learn.bgnbd.sim.summary':
      '{count} customers simulated (seed {seed}, first purchase {T} weeks ago): on average {mean} repeat purchases each; the model expects E[X(T)] = {expected}. {zero} of them made no repeat purchase.',
    'learn.bgnbd.sim.stale': 'The parameters, T or the seed changed since: simulate again.',
    'learn.bgnbd.sim.chart': 'Repeat purchases of {count} simulated customers against the model',
    'learn.bgnbd.sim.simulated': 'Simulated customers',
    'learn.bgnbd.sim.model': 'Model: {count} × P(X(T) = n)',
    'learn.bgnbd.sim.more': '{n}+',
  },
  {
    'learn.topic.label': '主题',
    'learn.topic.kmeans': 'k-means',
    'learn.topic.bgnbd': 'BG/NBD',

    'learn.bgnbd.title': '“买到离开”：BG/NBD 模型',
    'learn.bgnbd.lead':
      '这位客户还会再买几次？他还是我们的客户吗？拖动滑块，看 Fader、Hardie 和 Lee（2005）的模型如何为一位客户作答，再让模型生成 1,000 位客户。',
    'learn.bgnbd.source':
      '出处：P. S. Fader、B. G. S. Hardie、K. L. Lee（2005），“Counting your customers the easy way: an alternative to the Pareto/NBD model”，Marketing Science 24(2)。时间单位为周。',

    'learn.bgnbd.model.title': '模型：所有客户共用四个参数',
    'learn.bgnbd.presets': '参数组',
    'learn.bgnbd.preset.cdnow': 'CDNOW（已发表）',
    'learn.bgnbd.preset.cdnow.note':
      '论文对 2,357 位 CDNOW 音乐买家 39 周数据的估计：购买缓慢且差异很大，每次购买后约四分之一的人流失。',
    'learn.bgnbd.preset.regulars': '忠实常客',
    'learn.bgnbd.preset.regulars.note': '购买频繁（约每两周一次）且很少流失：稍一沉默就显得可疑。',
    'learn.bgnbd.preset.fickle': '善变的顾客',
    'learn.bgnbd.preset.fickle.note': '偶尔购买，每次购买后约一半的人再也不回来：多数预测都很小。',
    'learn.bgnbd.preset.current': '（当前使用）',

    'learn.bgnbd.rate.title': '活跃客户购买得有多快',
    'learn.bgnbd.rate.text':
      '客户在活跃期间，以自己稳定的速率 λ（每周次数）在随机时刻购买（泊松过程）。不同客户的速率不同：λ ~ Gamma(r, α)。r 是形状参数（r 越小，客户之间差异越大：多数很慢、少数很快），α 是以周为单位的尺度参数（α 越大，购买越慢）。',
    'learn.bgnbd.rate.mean': '平均速率 r / α = 每周 {mean} 次购买。',
    'learn.bgnbd.dropout.title': '客户有多大可能离开',
    'learn.bgnbd.dropout.text':
      '每次重复购买之后，客户都可能以自己的概率 p 永久变为不活跃；不先购买就不会离开。不同客户的概率不同：p ~ Beta(a, b)。',
    'learn.bgnbd.dropout.mean': '每次购买后的平均流失概率 a / (a + b) = {mean}。',

    'learn.bgnbd.param.r': 'r（购买速率的形状参数）',
    'learn.bgnbd.param.alpha': 'α（购买速率的尺度参数）',
    'learn.bgnbd.param.a': 'a（流失概率的第一个 Beta 参数）',
    'learn.bgnbd.param.b': 'b（流失概率的第二个 Beta 参数）',

    'learn.bgnbd.customer.title': '一位客户',
    'learn.bgnbd.customer.lead':
      '用三个数概括他的历史，与论文中的算例相同：x 次重复购买，最后一次在第 tₓ 周，首次购买在 T 周之前。',
    'learn.bgnbd.field.x': 'x：重复购买次数',
    'learn.bgnbd.field.tx': 'tₓ：最后一次购买所在的周',
    'learn.bgnbd.field.T': 'T：距首次购买的周数',
    'learn.bgnbd.field.t': 't：向前预测的周数',
    'learn.bgnbd.field.tx.hint': '从首次购买算起；不超过 T（最后一次购买不可能在将来）。',
    'learn.bgnbd.field.tx.zero': '没有重复购买时，按定义 tₓ 为 0。',
    'learn.bgnbd.field.invalid': '请输入 {min} 到 {max} 之间的数。',

    'learn.bgnbd.out.title': '模型的结论',
    'learn.bgnbd.out.pAlive': 'P(alive)',
    'learn.bgnbd.out.pAlive.note': '这位客户此刻（第 T 周）仍然活跃的概率。',
    'learn.bgnbd.out.expected': 'E[Y(t) | x, tₓ, T]',
    'learn.bgnbd.out.expected.note': '这位客户在未来 {t} 周内的预期购买次数。',
    'learn.bgnbd.out.new': 'E[X(t)]',
    'learn.bgnbd.out.new.note': '一位全新客户在最初 {t} 周内的预期重复购买次数。',
    'learn.bgnbd.out.failed': '无法用这些数值计算模型',

    'learn.bgnbd.why.title': '如何解读这些数',
    'learn.bgnbd.why.pAlive':
      '为什么客户沉默时 P(alive) 会下降：活跃的客户会持续购买，所以每多一周没有购买，就多一分他已经离开的证据。沉默时间 T − tₓ 越长，P(alive) 越低。',
    'learn.bgnbd.why.frequent':
      '为什么对常买的客户下降得更快：一个经常购买的人（在不长的 tₓ 内 x 很大），我们预计他很快会再买，所以同样长的沉默比偶尔购买的人更反常。x = 0 的客户 P(alive) = 1：在这个模型中，没有人会在重复购买之前离开。',
    'learn.bgnbd.why.expected':
      'E[Y(t) | x, tₓ, T] 是这位客户在未来 t 周内的预期购买次数：由 x 和 T 推断出的可能购买速率乘以未来的周数，再按他已经离开或将要离开的可能性打折。',
    'learn.bgnbd.why.new':
      'E[X(t)] 是在对客户一无所知时，模型对一位普通新客户的预期；把它与 E[Y(t)] 比较，就能看出这位客户的历史带来了什么信息。',

    'learn.bgnbd.quiet.title': '客户沉默下来：P(alive) 随 T 的变化',
    'learn.bgnbd.quiet.axis': 'T（距首次购买的周数）',
    'learn.bgnbd.quiet.panel': 'P(alive)，x = {x}，tₓ = {tx}',
    'learn.bgnbd.future.title': '预期购买次数随预测周数的变化',
    'learn.bgnbd.future.axis': 't（向前预测的周数）',
    'learn.bgnbd.future.customer': 'E[Y(t)]，这位客户',
    'learn.bgnbd.future.new': 'E[X(t)]，一位新客户',

    'learn.bgnbd.compare.caption':
      '同样的沉默，不同的买家：最后一次购买在第 {tx} 周的客户，沉默若干周之后的 P(alive)',
    'learn.bgnbd.compare.x': '重复购买次数 x',
    'learn.bgnbd.compare.weeks': '沉默 {weeks} 周',
    'learn.bgnbd.compare.this': '（这位客户）',

    'learn.bgnbd.sim.title': '让模型生成客户',
    'learn.bgnbd.sim.lead':
      '用上面的参数从模型中抽取 {count} 位客户，每位都在 T = {T} 周前首次购买：每位客户从 Gamma(r, α) 得到一个购买速率，从 Beta(a, b) 得到一个流失概率，然后随机地购买，也可能离开。把他们的重复购买次数与模型的 P(X(T) = n) 相比较。',
    'learn.bgnbd.sim.seed': '随机种子',
    'learn.bgnbd.sim.seedInvalid': '随机种子必须是不小于 0 的整数。',
    'learn.bgnbd.sim.run': '模拟 {count} 位客户',
    'learn.bgnbd.sim.failed': '无法模拟客户',
    'learn.bgnbd.sim.summary':
      '已模拟 {count} 位客户（种子 {seed}，首次购买在 {T} 周前）：平均每人 {mean} 次重复购买；模型预期 E[X(T)] = {expected}。其中 {zero} 位没有重复购买。',
    'learn.bgnbd.sim.stale': '参数、T 或随机种子已更改：请重新模拟。',
    'learn.bgnbd.sim.chart': '{count} 位模拟客户的重复购买次数与模型的比较',
    'learn.bgnbd.sim.simulated': '模拟客户',
    'learn.bgnbd.sim.model': '模型：{count} × P(X(T) = n)',
    'learn.bgnbd.sim.more': '{n}+',
  },
);
