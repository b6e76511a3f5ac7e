/**
 * The demo shop's product catalogue: 126 products in 11 categories, list prices in CNY.
 * The catalogue is fixed (not seeded) so that product ids mean the same product in every
 * demo dataset. A few names carry a comma, a quote or Chinese characters on purpose: real
 * exports do, and CSV export and import must survive them.
 */

export const CATEGORY_KEYS = [
  'apparel',
  'shoes',
  'beauty',
  'home',
  'kitchen',
  'electronics',
  'books',
  'toys',
  'sports',
  'grocery',
  'gifts',
] as const;

export type CategoryKey = (typeof CATEGORY_KEYS)[number];

/** The category as it appears in the data. */
export const CATEGORY_LABELS: Record<CategoryKey, string> = {
  apparel: 'Apparel',
  shoes: 'Shoes',
  beauty: 'Beauty',
  home: 'Home',
  kitchen: 'Kitchen',
  electronics: 'Electronics',
  books: 'Books',
  toys: 'Toys',
  sports: 'Sports',
  grocery: 'Snacks & Grocery',
  gifts: 'Gifts',
};

export interface Product {
  /** Index into PRODUCTS. */
  index: number;
  id: string;
  name: string;
  category: CategoryKey;
  /** List price, CNY, whole cents. */
  price: number;
}

// Within a category, earlier products sell more often (see groups.ts, popularity).
const RAW: Record<CategoryKey, ReadonlyArray<readonly [string, number]>> = {
  apparel: [
    ['Cotton Crew T-Shirt', 59],
    ['Socks, 3-Pack', 39],
    ['Slim Fit Jeans', 199],
    ['Hooded Sweatshirt', 169],
    ['Linen Shirt', 149],
    ['Baseball Cap', 69],
    ['Summer Dress', 229],
    ['Wool Sweater', 259],
    ['Chino Shorts', 119],
    ['Thermal Leggings', 79],
    ['Pleated Midi Skirt', 179],
    ['Silk Scarf', 139],
    ['Rain Jacket', 329],
    ['Down Jacket', 599],
  ],
  shoes: [
    ['Running Shoes', 459],
    ['Canvas Sneakers', 189],
    ['Sports Socks 5-Pack', 45],
    ['Flip-Flops', 29],
    ['Slip-On Sandals', 149],
    ["Kids' Sneakers", 169],
    ['Leather Loafers', 529],
    ['Ankle Boots', 649],
    ['Hiking Boots', 799],
    ['Shoe Care Kit', 59],
  ],
  beauty: [
    ['Sunscreen SPF50', 99],
    ['Shampoo 500ml', 59],
    ['Conditioner 500ml', 59],
    ['Lip Balm', 25],
    ['Hydrating Face Cream', 189],
    ['Sheet Mask 10-Pack', 69],
    ['Hand Cream', 35],
    ['Vitamin C Serum', 239],
    ['Micellar Water', 79],
    ['Matte Lipstick', 159],
    ['Makeup Brush Set', 129],
    ['Eau de Parfum 50ml', 499],
  ],
  home: [
    ['Laundry Detergent 3kg', 49.9],
    ['Cotton Bath Towel', 69],
    ['Scented Candle', 89],
    ['Storage Basket', 49],
    ['Throw Pillow', 79],
    ['Door Mat', 45],
    ['Photo Frame 5x7', 35],
    ['LED Desk Lamp', 159],
    ['Wall Clock', 99],
    ['Air Purifier Filter', 129],
    ['Blackout Curtains', 219],
    ['Bedsheet Set, Queen', 299],
  ],
  kitchen: [
    ['Coffee Mug', 39],
    ['Glass Food Containers 4-Pack', 89],
    ['Silicone Spatula Set', 45],
    ['Cutting Board', 69],
    ['Electric Kettle', 159],
    ['French Press', 129],
    ['Dish Rack', 79],
    ['保温杯 Thermos Cup', 119],
    ['Non-Stick Frying Pan', 199],
    ["Chef's Knife", 259],
    ['Rice Cooker', 399],
    ['Air Fryer', 499],
  ],
  electronics: [
    ['Phone Case', 49],
    ['Screen Protector', 29],
    ['USB-C Charger 65W', 149],
    ['AA Batteries 8-Pack', 29.9],
    ['Power Bank 10000mAh', 129],
    ['Wireless Mouse', 99],
    ['Wireless Earbuds', 399],
    ['Bluetooth Speaker', 299],
    ['4K Streaming Stick', 349],
    ['Mechanical Keyboard', 499],
    ['Smart Watch', 1299],
    ['Noise-Cancelling Headphones', 1899],
  ],
  books: [
    ['Notebook A5 "Dotted"', 25],
    ['Mystery Novel', 49],
    ["Children's Picture Book", 39],
    ['Science Magazine (Issue)', 20],
    ['Calligraphy Practice Book', 29],
    ['Cookbook: Home Classics', 89],
    ['Travel Guide: Yunnan', 69],
    ['Business Strategy Handbook', 79],
    ['Language Learning Course', 129],
    ['Fantasy Box Set', 199],
  ],
  toys: [
    ['Card Game', 39],
    ['Plush Panda', 89],
    ['Jigsaw Puzzle 1000pc', 79],
    ['Bubble Machine', 59],
    ['Art & Craft Kit', 99],
    ['Board Game: Family Night', 159],
    ['Model Airplane Kit', 129],
    ['RC Racing Car', 259],
    ['Building Blocks Set', 299],
    ['Toy Kitchen Set', 349],
  ],
  sports: [
    ['Water Bottle 1L', 59],
    ['Jump Rope', 29],
    ['Resistance Bands', 49],
    ['Yoga Mat', 129],
    ['Yoga Blocks (2)', 59],
    ['Shuttlecocks 12-Pack', 45],
    ['Badminton Racket', 189],
    ['Cycling Gloves', 79],
    ['Gym Bag', 149],
    ['Adjustable Dumbbells', 699],
  ],
  grocery: [
    ['Instant Noodles 5-Pack', 19.9],
    ['Spicy Sunflower Seeds', 8.5],
    ['Rice Crackers', 9.9],
    ['Oat Milk 1L', 16.9],
    ['Dark Chocolate Bar', 15.9],
    ['Dried Mango', 12.9],
    ['Pasta 500g', 12.5],
    ['Pasta Sauce', 19.9],
    ['Sparkling Water 12-Pack', 36],
    ['Mixed Nuts 500g', 59.9],
    ['Jasmine Rice 5kg', 59.9],
    ['Coffee Beans 500g', 98],
    ['Olive Oil 1L', 89],
    ['龙井绿茶 Longjing Green Tea', 128],
  ],
  gifts: [
    ['Greeting Card', 9.9],
    ['Gift Wrapping Paper', 15],
    ['红包 Red Envelope Set', 19.9],
    ['Chocolate Gift Box', 159],
    ['Flower Bouquet', 199],
    ['Personalised Engraved Pen', 129],
    ['Tea Gift Set', 238],
    ['月饼礼盒 Mooncake Gift Box', 268],
    ['Gift Card 200', 200],
    ['Gift Card 500', 500],
  ],
};

function buildProducts(): Product[] {
  const out: Product[] = [];
  for (const category of CATEGORY_KEYS) {
    for (const [name, price] of RAW[category]) {
      const index = out.length;
      out.push({ index, id: `P${String(index + 1).padStart(4, '0')}`, name, category, price });
    }
  }
  return out;
}

export const PRODUCTS: readonly Product[] = buildProducts();

/** Rank of each product inside its category (0 = best seller). */
export const CATEGORY_RANK: readonly number[] = (() => {
  const seen = new Map<CategoryKey, number>();
  return PRODUCTS.map((p) => {
    const r = seen.get(p.category) ?? 0;
    seen.set(p.category, r + 1);
    return r;
  });
})();

/**
 * Planted basket associations for market-basket analysis to find: when the first product
 * is in a basket, the second is added with the given probability.
 */
const COMPANION_NAMES: ReadonlyArray<readonly [string, string, number]> = [
  ['Phone Case', 'Screen Protector', 0.5],
  ['Shampoo 500ml', 'Conditioner 500ml', 0.55],
  ['Yoga Mat', 'Yoga Blocks (2)', 0.4],
  ['Pasta 500g', 'Pasta Sauce', 0.6],
  ['French Press', 'Coffee Beans 500g', 0.5],
  ['Coffee Mug', 'Coffee Beans 500g', 0.25],
  ['Running Shoes', 'Sports Socks 5-Pack', 0.45],
  ['RC Racing Car', 'AA Batteries 8-Pack', 0.5],
  ['Badminton Racket', 'Shuttlecocks 12-Pack', 0.6],
  ['Flower Bouquet', 'Greeting Card', 0.5],
  ['Chocolate Gift Box', 'Gift Wrapping Paper', 0.3],
  ['Smart Watch', 'USB-C Charger 65W', 0.2],
];

export interface Companion {
  product: number;
  probability: number;
}

/** For each product index, the companions it pulls into a basket. */
export const COMPANIONS: readonly (readonly Companion[])[] = (() => {
  const byName = new Map(PRODUCTS.map((p) => [p.name, p.index]));
  const out: Companion[][] = PRODUCTS.map(() => []);
  for (const [a, b, probability] of COMPANION_NAMES) {
    const ia = byName.get(a);
    const ib = byName.get(b);
    if (ia === undefined || ib === undefined)
      throw new Error(`demo catalogue: unknown companion ${a} / ${b}`);
    out[ia].push({ product: ib, probability });
  }
  return out;
})();
