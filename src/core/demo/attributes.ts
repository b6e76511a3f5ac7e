/**
 * Customer attributes of the demo shop. The groups tilt age, income and city tier a little
 * (loyal customers are richer, bargain hunters younger and poorer), so profiling has real
 * differences to find, but no attribute names or implies the group.
 * The contact details are obviously fake: example.com addresses and 0086 1xx 0000 numbers.
 * Phones use the 0086 international prefix rather than +86 on purpose: a cell starting
 * with '+' is formula-neutralised on CSV export (csv.ts) and would come back as "'+86…".
 */
import type { Rng } from '../stats/random.ts';
import { CHANNELS, type Channel, type GroupModel } from './groups.ts';

export const AGE_BANDS = ['18-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const;
export const INCOME_BANDS = ['low', 'lower-middle', 'upper-middle', 'high'] as const;
export const REGIONS = ['North', 'East', 'South', 'Central', 'West'] as const;
const REGION_WEIGHTS = [22, 28, 24, 14, 12];
export const GENDERS = ['F', 'M', 'unknown'] as const;
const GENDER_WEIGHTS = [52, 44, 4];

export interface CustomerAttributes {
  customerId: string;
  gender: (typeof GENDERS)[number];
  ageBand: (typeof AGE_BANDS)[number];
  cityTier: number;
  region: (typeof REGIONS)[number];
  incomeBand: (typeof INCOME_BANDS)[number];
  channelPreference: Channel;
  email: string;
  phone: string;
}

export function customerId(index: number): string {
  return `C${String(index + 1).padStart(5, '0')}`;
}

/** '0086 13x 0000 0042': the 0000 block marks the number as made up. */
function fakePhone(rng: Rng, index: number): string {
  const serial = String((index + 1) % 10_000).padStart(4, '0');
  return `0086 1${rng.pick(['3', '5', '8'])}${rng.int(0, 9)} 0000 ${serial}`;
}

export function drawAttributes(rng: Rng, index: number, model: GroupModel): CustomerAttributes {
  const id = customerId(index);
  const channelWeights = CHANNELS.map((c) => model.channelWeights[c]);
  return {
    customerId: id,
    gender: GENDERS[rng.weighted(GENDER_WEIGHTS)],
    ageBand: AGE_BANDS[rng.weighted(model.ageWeights)],
    cityTier: 1 + rng.weighted(model.tierWeights),
    region: REGIONS[rng.weighted(REGION_WEIGHTS)],
    incomeBand: INCOME_BANDS[rng.weighted(model.incomeWeights)],
    channelPreference: CHANNELS[rng.weighted(channelWeights)],
    email: `${id.toLowerCase()}@example.com`,
    phone: fakePhone(rng, index),
  };
}
