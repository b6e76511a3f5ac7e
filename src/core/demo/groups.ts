/**
 * The planted behaviour groups of the demo shop: the "truth" that segmentation, clustering,
 * CLV and churn models should rediscover from the transactions alone.
 *
 * Purchase model (per customer, Pareto/NBD–BG/NBD style):
 *   - λ (orders per year) ~ Gamma(shape, mean/shape), drawn once per customer;
 *   - orders arrive as a Poisson process with intensity λ·m(day), where m(day) is the
 *     group's festival boost on festival days (calendar.ts) times 1.15 on weekends;
 *   - the first order follows signup after Exponential(4 days) (seasonal buyers sign up
 *     inside a festival window);
 *   - after every order the customer drops out for good with probability `dropout`;
 *   - lapsing regulars also stop at a fixed date `lapseDays` before the end.
 *
 * | group     | share | orders/yr (mean, shape) | dropout | lines/order | price taste      |
 * |-----------|-------|-------------------------|---------|-------------|------------------|
 * | loyal     |  8 %  | 16  (8)                 | 0.005   | 1 + P(2.0)  | premium, full price |
 * | regular   | 22 %  |  6  (4)                 | 0.03    | 1 + P(1.0)  | neutral          |
 * | bargain   | 15 %  | 12  (4)                 | 0.02    | 1 + P(0.3)  | cheap, 80 % discounted |
 * | seasonal  | 10 %  | 1.5 (3), ×12 in festivals | 0.05  | 1 + P(1.0)  | gifts, toys, beauty |
 * | oneTime   | 25 %  | –                       | 1       | 1 + P(0.6)  | neutral          |
 * | lapsing   | 12 %  |  8  (4), stop 180–270 d before end | 0.01 | 1 + P(1.0) | neutral |
 * | new       |  8 %  |  8  (3), signup in last 90 d | 0.05 | 1 + P(1.0)  | neutral          |
 *
 * Every purchased line is returned later with the group's `returnRate` (2–4 %).
 */
import type { CategoryKey } from './catalogue.ts';

export const DEMO_GROUPS = [
  'loyal',
  'regular',
  'bargain',
  'seasonal',
  'oneTime',
  'lapsing',
  'new',
] as const;

export type DemoGroup = (typeof DEMO_GROUPS)[number];

export const CHANNELS = ['web', 'app', 'store', 'marketplace'] as const;
export type Channel = (typeof CHANNELS)[number];

export type SignupPattern =
  /** Uniform over the first half of the window: loyalty takes time to show. */
  | 'early'
  /** Uniform over the first third (they must have time to be regular before lapsing). */
  | 'firstThird'
  /** Uniform over the window except its last 90 days (those are the "new" customers). */
  | 'anytime'
  /** A random day inside a festival window. */
  | 'festival'
  /** Uniform over the last 90 days. */
  | 'recent';

export interface GroupModel {
  id: DemoGroup;
  share: number;
  signup: SignupPattern;
  /** Mean of the customer's Gamma-distributed order rate, orders per year (0 = one order only). */
  ordersPerYear: number;
  rateShape: number;
  /** Probability of dropping out after each order. */
  dropout: number;
  /** Stops buying this many days (uniform range) before the end of the window. */
  lapseDays?: readonly [number, number];
  /** Intensity multiplier on festival days. */
  festivalBoost: number;
  /** Extra lines per order ~ Poisson(extraLines); every order has at least one line. */
  extraLines: number;
  categoryWeights: Record<CategoryKey, number>;
  /** Product weight within a category ∝ price^priceExponent (negative = prefers cheap). */
  priceExponent: number;
  /** Probability a line is discounted, and the discount range (fraction off). */
  discount: { probability: number; min: number; max: number };
  /** Probability a purchased line is returned later. */
  returnRate: number;
  channelWeights: Record<Channel, number>;
  /** Attribute tilts (see attributes.ts for the bands). */
  ageWeights: readonly number[];
  incomeWeights: readonly number[];
  tierWeights: readonly number[];
}

const EVEN: Record<CategoryKey, number> = {
  apparel: 2,
  shoes: 1.2,
  beauty: 1.5,
  home: 1.3,
  kitchen: 1.2,
  electronics: 1.2,
  books: 1,
  toys: 0.8,
  sports: 1,
  grocery: 2.2,
  gifts: 0.6,
};

const BASE_AGE = [12, 28, 25, 17, 11, 7];
const BASE_INCOME = [25, 35, 28, 12];
const BASE_TIER = [30, 40, 30];
const NORMAL_DISCOUNT = { probability: 0.12, min: 0.05, max: 0.2 };
const REGULAR_CHANNELS: Record<Channel, number> = { web: 30, app: 30, store: 30, marketplace: 10 };

export const GROUP_MODELS: Record<DemoGroup, GroupModel> = {
  loyal: {
    id: 'loyal',
    share: 0.08,
    signup: 'early',
    ordersPerYear: 16,
    rateShape: 8,
    dropout: 0.005,
    festivalBoost: 1.3,
    extraLines: 2,
    categoryWeights: {
      apparel: 3,
      shoes: 2,
      beauty: 2,
      home: 1.5,
      kitchen: 1.5,
      electronics: 2.5,
      books: 1,
      toys: 1,
      sports: 1.5,
      grocery: 1,
      gifts: 1,
    },
    priceExponent: 0.6,
    discount: { probability: 0.05, min: 0.05, max: 0.15 },
    returnRate: 0.03,
    channelWeights: { web: 20, app: 45, store: 30, marketplace: 5 },
    ageWeights: [5, 25, 32, 22, 11, 5],
    incomeWeights: [8, 22, 40, 30],
    tierWeights: [45, 38, 17],
  },
  regular: {
    id: 'regular',
    share: 0.22,
    signup: 'anytime',
    ordersPerYear: 6,
    rateShape: 4,
    dropout: 0.03,
    festivalBoost: 1.3,
    extraLines: 1,
    categoryWeights: EVEN,
    priceExponent: 0,
    discount: NORMAL_DISCOUNT,
    returnRate: 0.025,
    channelWeights: REGULAR_CHANNELS,
    ageWeights: BASE_AGE,
    incomeWeights: BASE_INCOME,
    tierWeights: BASE_TIER,
  },
  bargain: {
    id: 'bargain',
    share: 0.15,
    signup: 'anytime',
    ordersPerYear: 12,
    rateShape: 4,
    dropout: 0.02,
    festivalBoost: 1.6,
    extraLines: 0.3,
    categoryWeights: {
      apparel: 0.6,
      shoes: 0.3,
      beauty: 2,
      home: 2,
      kitchen: 1.2,
      electronics: 0.3,
      books: 1.2,
      toys: 0.6,
      sports: 0.4,
      grocery: 5,
      gifts: 0.2,
    },
    priceExponent: -1.2,
    discount: { probability: 0.8, min: 0.15, max: 0.45 },
    returnRate: 0.02,
    channelWeights: { web: 20, app: 30, store: 5, marketplace: 45 },
    ageWeights: [22, 30, 18, 13, 10, 7],
    incomeWeights: [40, 38, 17, 5],
    tierWeights: [20, 38, 42],
  },
  seasonal: {
    id: 'seasonal',
    share: 0.1,
    signup: 'festival',
    ordersPerYear: 1.5,
    rateShape: 3,
    dropout: 0.05,
    festivalBoost: 12,
    extraLines: 1,
    categoryWeights: {
      apparel: 1,
      shoes: 0.5,
      beauty: 2,
      home: 0.5,
      kitchen: 0.5,
      electronics: 1.5,
      books: 0.5,
      toys: 2.5,
      sports: 0.5,
      grocery: 0.5,
      gifts: 4,
    },
    priceExponent: 0.2,
    discount: { probability: 0.3, min: 0.1, max: 0.3 },
    returnRate: 0.04,
    channelWeights: { web: 35, app: 20, store: 10, marketplace: 35 },
    ageWeights: [10, 30, 30, 17, 8, 5],
    incomeWeights: [15, 33, 35, 17],
    tierWeights: BASE_TIER,
  },
  oneTime: {
    id: 'oneTime',
    share: 0.25,
    signup: 'anytime',
    ordersPerYear: 0,
    rateShape: 1,
    dropout: 1,
    festivalBoost: 1,
    extraLines: 0.6,
    categoryWeights: EVEN,
    priceExponent: 0,
    discount: NORMAL_DISCOUNT,
    returnRate: 0.03,
    channelWeights: { web: 30, app: 10, store: 20, marketplace: 40 },
    ageWeights: BASE_AGE,
    incomeWeights: BASE_INCOME,
    tierWeights: BASE_TIER,
  },
  lapsing: {
    id: 'lapsing',
    share: 0.12,
    signup: 'firstThird',
    ordersPerYear: 8,
    rateShape: 4,
    dropout: 0.01,
    lapseDays: [180, 270],
    festivalBoost: 1.3,
    extraLines: 1,
    categoryWeights: EVEN,
    priceExponent: 0,
    discount: NORMAL_DISCOUNT,
    returnRate: 0.025,
    channelWeights: REGULAR_CHANNELS,
    ageWeights: BASE_AGE,
    incomeWeights: BASE_INCOME,
    tierWeights: BASE_TIER,
  },
  new: {
    id: 'new',
    share: 0.08,
    signup: 'recent',
    ordersPerYear: 8,
    rateShape: 3,
    dropout: 0.05,
    festivalBoost: 1.3,
    extraLines: 1,
    categoryWeights: EVEN,
    priceExponent: 0,
    discount: NORMAL_DISCOUNT,
    returnRate: 0.02,
    channelWeights: { web: 30, app: 40, store: 10, marketplace: 20 },
    ageWeights: [25, 33, 20, 12, 7, 3],
    incomeWeights: BASE_INCOME,
    tierWeights: BASE_TIER,
  },
};

/**
 * Exactly round(share·n) customers per group (largest remainder), so that small demos
 * still contain every group; the caller shuffles who gets which.
 */
export function groupCounts(n: number): Record<DemoGroup, number> {
  const raw = DEMO_GROUPS.map((g) => GROUP_MODELS[g].share * n);
  const counts = raw.map(Math.floor);
  let left = n - counts.reduce((a, b) => a + b, 0);
  const order = raw
    .map((r, i) => ({ i, frac: r - Math.floor(r) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) counts[order[k].i]++;
  const out = {} as Record<DemoGroup, number>;
  DEMO_GROUPS.forEach((g, i) => (out[g] = counts[i]));
  return out;
}
