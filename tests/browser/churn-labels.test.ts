/**
 * How churn reasons and tree rules write feature values: dates as dates, profile shares
 * as percentages, money with 2 decimals, other columns with up to 2 decimals.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../src/i18n/index.ts';
import type { ChurnRule, FeaturePipeline, Reason } from '../../src/core/churn/index.ts';
import { featureIndex, reasonText, ruleText } from '../../src/features/churn/churnLabels.ts';

const pipeline: FeaturePipeline = {
  version: 1,
  topK: 10,
  specs: [
    {
      kind: 'numeric',
      column: 'weekend_share',
      mean: 0.3,
      std: 0.2,
      indicator: false,
      date: false,
    },
    { kind: 'numeric', column: 'share_Toys', mean: 0.1, std: 0.1, indicator: false, date: false },
    { kind: 'numeric', column: 'net_spend', mean: 300, std: 90, indicator: false, date: false },
    { kind: 'numeric', column: 'first_order', mean: 0, std: 1, indicator: false, date: true },
    { kind: 'numeric', column: 'tenure', mean: 30, std: 20, indicator: false, date: false },
  ],
  features: [
    { name: 'weekend_share', column: 'weekend_share', kind: 'numeric' },
    { name: 'share_Toys', column: 'share_Toys', kind: 'numeric' },
    { name: 'net_spend', column: 'net_spend', kind: 'numeric' },
    { name: 'first_order', column: 'first_order', kind: 'numeric' },
    { name: 'tenure', column: 'tenure', kind: 'numeric' },
  ],
  excluded: [],
};
const index = featureIndex(pipeline);
const reason = (feature: string, value: number): Reason => ({
  feature,
  column: feature,
  kind: 'numeric',
  value,
  active: false,
  contribution: 0.4,
});

afterEach(() => setLocale('en'));

describe('churn reasons and rules write values in their column’s format', () => {
  it('shares as percentages, money with 2 decimals, dates as dates, others as numbers', () => {
    setLocale('en');
    expect(reasonText(reason('weekend_share', 0.4), index)).toContain('40%');
    expect(reasonText(reason('share_Toys', 0.125), index)).toContain('12.5%');
    expect(reasonText(reason('net_spend', 1234.5), index)).toContain('1,234.50');
    expect(reasonText(reason('tenure', 2), index)).toMatch(/tenure 2\b/);
    const day = Date.UTC(2011, 2, 5);
    expect(reasonText(reason('first_order', day), index)).toContain('2011');
    expect(reasonText(reason('first_order', day), index)).not.toContain(String(day));
  });

  it('tree thresholds use the same formats', () => {
    setLocale('en');
    const rule: ChurnRule = {
      conditions: [
        {
          feature: 'weekend_share',
          column: 'weekend_share',
          kind: 'threshold',
          op: '>',
          value: 0.25,
        },
        { feature: 'tenure', column: 'tenure', kind: 'threshold', op: '<=', value: 5.5 },
      ],
      probability: 0.7,
      samples: 40,
      prediction: 1,
      positiveCoverage: 0.2,
    };
    const words = ruleText(rule, index);
    expect(words).toContain('25%');
    expect(words).toContain('5.5');
    expect(words).not.toContain('0.25');
  });
});
