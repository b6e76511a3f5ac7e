import { defineMessages } from '../define.ts';

/**
 * The Pareto/NBD model (src/core/clv/paretoNbd.ts) and the Gauss hypergeometric function it
 * needs (src/core/stats/hyp2f1.ts). The fitter's input errors reuse the shared keys of
 * clv-core.ts (error.clv.param, error.clv.tooFewRepeat, …); these are the ₂F₁ errors, which
 * reach the user when extreme parameters leave the function without a reliable value.
 * Their params also carry a, b, c, z (and an English `reason` for bug reports).
 */
export default defineMessages(
  {
    'error.stats.hyp2f1.domain':
      'A model calculation left its valid range (the hypergeometric function ₂F₁ at z = {z}). Try a small penalty, or the BG/NBD model.',
    'error.stats.hyp2f1.noConvergence':
      'A model calculation could not reach the needed accuracy (the hypergeometric function ₂F₁ with a = {a}, b = {b}, c = {c}, z = {z}). Try a small penalty, or the BG/NBD model.',
  },
  {
    'error.stats.hyp2f1.domain':
      '模型计算超出了有效范围（超几何函数 ₂F₁ 在 z = {z} 处）。请尝试加入较小的惩罚系数，或改用 BG/NBD 模型。',
    'error.stats.hyp2f1.noConvergence':
      '模型计算未能达到所需精度（超几何函数 ₂F₁，a = {a}，b = {b}，c = {c}，z = {z}）。请尝试加入较小的惩罚系数，或改用 BG/NBD 模型。',
  },
);
