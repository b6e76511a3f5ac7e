/**
 * Order simulation for one customer: when they buy (a thinned Poisson process with a
 * dropout, see groups.ts), what is in each basket, and which lines come back as returns.
 */
import type { Rng } from '../stats/random.ts';
import { CATEGORY_KEYS, CATEGORY_RANK, COMPANIONS, PRODUCTS } from './catalogue.ts';
import { DAY_MS, isFestival, isWeekend, type Calendar } from './calendar.ts';
import type { OrderBook } from './book.ts';
import { CHANNELS, DEMO_GROUPS, type DemoGroup, type GroupModel } from './groups.ts';

export interface CustomerHistory {
  /** Orders placed (returns not counted). */
  orders: number;
  /** Epoch ms at which the customer became inactive for good, null if active at the end. */
  churnedAt: number | null;
}

const WEEKEND_BOOST = 1.15;
const FIRST_ORDER_DELAY_DAYS = 4;
const SEASONAL_FIRST_ORDER_DELAY_DAYS = 2;
/** Within a category, the k-th best seller sells ∝ 1/(k+1)^POPULARITY_DECAY. */
const POPULARITY_DECAY = 0.6;
const FESTIVAL_EXTRA_DISCOUNT_PROBABILITY = 0.25;

// Online shoppers buy around lunch and late evening; shops are open 09:00–21:00.
const ONLINE_HOURS = cumulative([
  2, 1, 1, 0.5, 0.5, 0.5, 1, 2, 3, 4, 5, 5, 7, 6, 5, 5, 5, 5, 6, 8, 10, 10, 8, 4,
]);
const STORE_HOURS = cumulative([
  0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 5, 6, 7, 6, 6, 6, 7, 8, 9, 8, 5, 0, 0, 0,
]);
const STORE = CHANNELS.indexOf('store');

/** Per-day calendar facts and per-group product pickers, computed once per shop. */
export interface ShopFrame {
  cal: Calendar;
  festival: Uint8Array;
  weekend: Uint8Array;
  /** Day indices of all festival days in the window. */
  festivalDays: number[];
  pickers: Record<DemoGroup, Float64Array>;
}

/** Cumulative product weights for one group: category share × popularity × price taste. */
function productPicker(model: GroupModel): Float64Array {
  const raw = PRODUCTS.map(
    (p) =>
      Math.pow(CATEGORY_RANK[p.index] + 1, -POPULARITY_DECAY) *
      Math.pow(p.price, model.priceExponent),
  );
  const perCategory = new Map<string, number>();
  for (const p of PRODUCTS)
    perCategory.set(p.category, (perCategory.get(p.category) ?? 0) + raw[p.index]);
  let catTotal = 0;
  for (const c of CATEGORY_KEYS) catTotal += model.categoryWeights[c];
  const cum = new Float64Array(PRODUCTS.length);
  let acc = 0;
  for (const p of PRODUCTS) {
    acc +=
      ((model.categoryWeights[p.category] / catTotal) * raw[p.index]) /
      perCategory.get(p.category)!;
    cum[p.index] = acc;
  }
  return cum;
}

export function makeFrame(cal: Calendar, models: Record<DemoGroup, GroupModel>): ShopFrame {
  const festival = new Uint8Array(cal.days);
  const weekend = new Uint8Array(cal.days);
  const festivalDays: number[] = [];
  for (let d = 0; d < cal.days; d++) {
    const ms = cal.startMs + d * DAY_MS;
    if (isFestival(ms)) {
      festival[d] = 1;
      festivalDays.push(d);
    }
    if (isWeekend(ms)) weekend[d] = 1;
  }
  const pickers = {} as Record<DemoGroup, Float64Array>;
  for (const g of DEMO_GROUPS) pickers[g] = productPicker(models[g]);
  return { cal, festival, weekend, festivalDays, pickers };
}

function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let acc = 0;
  weights.forEach((w, i) => (out[i] = acc += w));
  return out;
}

/** Index drawn with probability ∝ its weight, from cumulative weights (binary search). */
function pickCumulative(rng: Rng, cum: Float64Array): number {
  const u = rng.next() * cum[cum.length - 1];
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid] > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function roundCents(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Epoch ms of an order on day `day` at a channel-typical time of day, whole seconds. */
function orderTime(rng: Rng, frame: ShopFrame, day: number, channel: number): number {
  const hour = pickCumulative(rng, channel === STORE ? STORE_HOURS : ONLINE_HOURS);
  const seconds = hour * 3600 + rng.int(0, 3599);
  return frame.cal.startMs + day * DAY_MS + seconds * 1000;
}

function drawChannel(rng: Rng, preferred: number): number {
  if (rng.next() < 0.75) return preferred;
  const other = rng.int(0, CHANNELS.length - 2);
  return other >= preferred ? other + 1 : other;
}

/** Adds one basket's lines to the book's last order. */
export function drawBasket(
  rng: Rng,
  book: OrderBook,
  model: GroupModel,
  picker: Float64Array,
  festivalDay: boolean,
): void {
  const products = PRODUCTS;
  const n = 1 + rng.poisson(model.extraLines);
  const chosen: number[] = [];
  for (let k = 0; k < n; k++) {
    // Baskets hold distinct products; a few retries keep small categories from looping.
    for (let attempt = 0; attempt < 4; attempt++) {
      const p = pickCumulative(rng, picker);
      if (!chosen.includes(p)) {
        chosen.push(p);
        break;
      }
    }
  }
  for (let k = 0; k < chosen.length; k++) {
    for (const c of COMPANIONS[chosen[k]]) {
      if (!chosen.includes(c.product) && rng.next() < c.probability) chosen.push(c.product);
    }
  }
  const discountP = Math.min(
    0.95,
    model.discount.probability + (festivalDay ? FESTIVAL_EXTRA_DISCOUNT_PROBABILITY : 0),
  );
  const { min, max } = model.discount;
  for (const product of chosen) {
    const item = products[product];
    const quantity = item.category === 'grocery' ? 1 + rng.poisson(0.8) : rng.next() < 0.12 ? 2 : 1;
    let unitPrice = item.price;
    // Gift cards are sold at face value.
    if (!NO_DISCOUNT[product] && rng.next() < discountP) {
      unitPrice = Math.max(0.01, roundCents(item.price * (1 - (min + rng.next() * (max - min)))));
    }
    book.addLine(product, quantity, unitPrice);
  }
}

const NO_DISCOUNT: readonly boolean[] = PRODUCTS.map((p) => p.name.startsWith('Gift Card'));

/** Signup day (fractional day index in the window) for the group's signup pattern. */
export function drawSignupDay(rng: Rng, model: GroupModel, frame: ShopFrame): number {
  const days = frame.cal.days;
  const recent = Math.min(90, days / 2);
  switch (model.signup) {
    case 'early':
      return rng.next() * (days / 2);
    case 'firstThird':
      return rng.next() * (days / 3);
    case 'anytime':
      return rng.next() * (days - recent);
    case 'recent':
      return days - recent + rng.next() * (recent - 3);
    case 'festival': {
      const usable = frame.festivalDays.filter((d) => d < days - 30);
      if (usable.length === 0) return rng.next() * (days - recent);
      return rng.pick(usable) + rng.next();
    }
  }
}

/**
 * One customer's purchase history, written to `book`. Time runs in fractional days from
 * the window start; later orders come from thinning a Poisson process of rate λ·max(m)
 * against m(day).
 */
export function simulateCustomer(
  rng: Rng,
  book: OrderBook,
  customer: number,
  model: GroupModel,
  frame: ShopFrame,
  signupDay: number,
  ordersPerYear: number,
  preferredChannel: number,
): CustomerHistory {
  const { cal, festival, weekend } = frame;
  const end = cal.days;
  const delay =
    model.signup === 'festival' ? SEASONAL_FIRST_ORDER_DELAY_DAYS : FIRST_ORDER_DELAY_DAYS;
  let t = signupDay + rng.exponential(delay);
  // Everyone in the customer table has bought at least once inside the window.
  if (t >= end) t = signupDay + rng.next() * (end - signupDay);
  let stop = end;
  if (model.lapseDays) {
    const [lo, hi] = model.lapseDays;
    stop = Math.max(t + 1e-6, end - (lo + rng.next() * (hi - lo)));
  }
  const boostMax = Math.max(1, model.festivalBoost) * WEEKEND_BOOST;
  const ratePerDay = (ordersPerYear / 365) * boostMax;
  const picker = frame.pickers[model.id];
  let orders = 0;
  let lastMs = 0;
  let churnedAt: number | null = null;
  for (;;) {
    const day = Math.floor(t);
    const channel = drawChannel(rng, preferredChannel);
    const ms = orderTime(rng, frame, day, channel);
    const order = book.addOrder(ms, customer, channel);
    // Two orders on one day draw their times of day independently, so the later one in
    // simulation order is not always the later one on the clock.
    lastMs = Math.max(lastMs, ms);
    drawBasket(rng, book, model, picker, festival[day] === 1);
    orders++;
    drawReturn(rng, book, order, model.returnRate, cal);
    if (rng.next() < model.dropout) {
      churnedAt = lastMs;
      break;
    }
    if (ratePerDay <= 0) break;
    let accepted = false;
    while (!accepted) {
      t += rng.exponential(1 / ratePerDay);
      if (t >= stop) break;
      const d = Math.floor(t);
      const m = (festival[d] ? model.festivalBoost : 1) * (weekend[d] ? WEEKEND_BOOST : 1);
      accepted = rng.next() * boostMax < m;
    }
    if (!accepted) {
      // The last order's time of day can lie past the stop moment on the same day.
      if (stop < end) churnedAt = Math.max(lastMs, cal.startMs + Math.floor(stop * DAY_MS));
      break;
    }
  }
  return { orders, churnedAt };
}

/**
 * Returns come 2 days to a few weeks after the purchase, as one credit note per order
 * (its invoice is 'C' + the original invoice, the UCI Online Retail convention); each
 * line is returned with probability `rate`, part or all of its quantity. Credit notes
 * that would fall after the window are not written.
 */
export function drawReturn(
  rng: Rng,
  book: OrderBook,
  order: number,
  rate: number,
  cal: Calendar,
): void {
  let returned: number[] | null = null;
  for (let j = book.lineStart[order]; j < book.lineEnd[order]; j++) {
    if (rng.next() < rate) (returned ??= []).push(j);
  }
  if (returned === null) return;
  const ms = Math.floor((book.ms[order] + (2 + rng.exponential(8)) * DAY_MS) / 1000) * 1000;
  if (ms >= cal.endDayMs + DAY_MS) return;
  book.addOrder(ms, book.customer[order], book.channel[order], order);
  for (const j of returned) {
    book.addLine(book.product[j], -rng.int(1, book.quantity[j]), book.unitPrice[j]);
  }
}

/** A walk-in or guest checkout: no customer id, mostly in the shops. */
export function simulateGuestOrder(
  rng: Rng,
  book: OrderBook,
  model: GroupModel,
  frame: ShopFrame,
): void {
  const day = rng.int(0, frame.cal.days - 1);
  const channel = rng.next() < 0.6 ? STORE : drawChannel(rng, STORE);
  book.addOrder(orderTime(rng, frame, day, channel), -1, channel);
  drawBasket(rng, book, model, frame.pickers[model.id], frame.festival[day] === 1);
}
