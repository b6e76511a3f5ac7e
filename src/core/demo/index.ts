export {
  generateDemoShop,
  DEMO_DEFAULTS,
  DEMO_LIMITS,
  type DemoShop,
  type DemoShopOptions,
  type DemoTruth,
} from './generate.ts';
export { DEMO_GROUPS, GROUP_MODELS, CHANNELS, type DemoGroup, type Channel } from './groups.ts';
export { CATEGORY_LABELS, PRODUCTS, type Product } from './catalogue.ts';
export { isFestival, DAY_MS } from './calendar.ts';
export { DIRT } from './dirt.ts';
