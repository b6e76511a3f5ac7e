/**
 * The flaws real shop exports have, at small rates, so that the quality report and the
 * cleaning tools have something to find. None of them touch the planted behaviour: guest
 * orders have no customer, and duplicates copy a line inside its own invoice.
 */
import type { Rng } from '../stats/random.ts';
import type { DayFormat } from './calendar.ts';

export const DIRT = {
  /** Lines exported twice, byte for byte (a classic of the UCI Online Retail data). */
  duplicateLineRate: 0.005,
  /** Lines whose product name is blank (product id still present). */
  missingProductNameRate: 0.002,
  /** Guest checkouts (no customer id), as a share of customer orders. */
  guestOrderShare: 0.01,
  missingAgeBandRate: 0.03,
  missingIncomeBandRate: 0.03,
  missingEmailRate: 0.02,
  missingPhoneRate: 0.08,
} as const;

/** Mostly ISO, but a CRM that has been edited by hand over the years mixes spellings. */
const SIGNUP_FORMATS: readonly DayFormat[] = ['iso', 'dmy-slash', 'ymd-slash-short', 'compact'];
const SIGNUP_FORMAT_WEIGHTS = [0.95, 0.02, 0.015, 0.015];

export function drawSignupFormat(rng: Rng): DayFormat {
  return SIGNUP_FORMATS[rng.weighted(SIGNUP_FORMAT_WEIGHTS)];
}

export function maybeMissing<T>(rng: Rng, value: T, rate: number): T | null {
  return rng.next() < rate ? null : value;
}
