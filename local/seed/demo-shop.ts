// The seeded demo store for local mode: a realistic catalogue (laptops, cameras, fitness, coffee) and a
// year of orders with a real co-purchase signal, so co-purchase mining, attribution and reports have
// something true to find. Deterministic: the same options give the same shop, byte for byte as JSON.
// Nothing here reads the clock or Math.random; every random choice comes from a seeded PRNG.
import type {
  EmulatedCollection,
  EmulatedCustomer,
  EmulatedLineItem,
  EmulatedOrder,
  EmulatedProduct,
  EmulatedRefund,
  EmulatedShop,
  EmulatedVariant,
} from "../shop/types";

export interface DemoShopOptions {
  /** Number of orders to generate over the 12 months before `now`; default 5,000. */
  orders?: number;
  /** PRNG seed (an integer); default 1. */
  seed?: number;
  /** The shop's "now": orders fall in the 12 months before it; default 2026-11-01T12:00:00Z. */
  now?: Date;
}

export const DEMO_SHOP_DOMAIN = "attach-demo.myshopify.com";
export const DEMO_SHOP_DEFAULT_ORDERS = 5_000;
export const DEMO_SHOP_DEFAULT_SEED = 1;
/** Fixed, so the default shop never depends on the clock. */
export const DEMO_SHOP_DEFAULT_NOW = "2026-11-01T12:00:00Z";
/** Order names start at #1001, as in a new Shopify store. */
export const DEMO_SHOP_FIRST_ORDER_NUMBER = 1001;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// ---------------------------------------------------------------------------------------------------
// Seeded randomness

/** mulberry32: a small, fast 32-bit PRNG; plenty for demo data. */
class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return at(items, Math.floor(this.next() * items.length));
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Fisher–Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const item = at(items, i);
      items[i] = at(items, j);
      items[j] = item;
    }
    return items;
  }
}

/** An independent stream per part of the shop, so e.g. the order count never changes the catalogue. */
function stream(seed: number, part: number): Random {
  let h = (seed ^ Math.imul(part + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return new Random((h ^ (h >>> 16)) >>> 0);
}

/** Weighted choice in O(log n) by binary search over cumulative weights. */
class WeightedTable<T> {
  private readonly items: T[] = [];
  private readonly cumulative: number[] = [];
  private total = 0;

  constructor(entries: Iterable<readonly [T, number]>) {
    for (const [item, weight] of entries) {
      if (!(weight > 0)) continue;
      this.total += weight;
      this.items.push(item);
      this.cumulative.push(this.total);
    }
    if (this.items.length === 0) throw new Error("WeightedTable needs at least one positive weight");
  }

  sample(rng: Random): T {
    const x = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (at(this.cumulative, mid) > x) hi = mid;
      else lo = mid + 1;
    }
    return at(this.items, lo);
  }
}

function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new RangeError(`index ${index} out of range (length ${items.length})`);
  return item;
}

// ---------------------------------------------------------------------------------------------------
// The catalogue

type Category = "laptop" | "laptop-accessory" | "camera" | "camera-accessory" | "fitness" | "coffee" | "gift-card";

interface ProductSpec {
  title: string;
  vendor: string;
  productType: string;
  category: Category;
  tags: string[];
  /** One or two plain-text sentences; HTML-escaped and wrapped in <p>. */
  description: string;
  skuPrefix: string;
  /** SKU codes for option values the default abbreviation would render poorly. */
  skuCodes?: Record<string, string>;
  options?: Array<{ name: string; values: string[] }>;
  /** Base price in cents; whole dollars or .99, so every variant price ends in .00 or .99. */
  price: number;
  /** Cents added to the base price by an option value (whole dollars, so the ending is kept). */
  priceBy?: Record<string, number>;
  /** compareAtPrice = price + this, on every variant. */
  compareAtOver?: number;
  /** Unit cost as a share of price, or "unknown" for no cost on any variant. Default [0.38, 0.62]. */
  cost?: readonly [number, number] | "unknown";
  /** Option values whose variants have no cost entered (the merchant filled in some variants only). */
  costUnknownFor?: string[];
  /** "untracked": services and gift cards (0, continue); "sold-out": every variant 0, deny. */
  stock?: "untracked" | "sold-out" | "backorder";
  stockRange?: readonly [number, number];
  sellingPlan?: true;
  draft?: true;
  giftCard?: true;
  /** "one": always quantity 1; "consumable": often 2–3; default: occasionally 2. */
  quantity?: "one" | "consumable";
}

const usd = (dollars: number): number => Math.round(dollars * 100);

const LAPTOP_COST = [0.6, 0.7] as const;
const CAMERA_COST = [0.55, 0.68] as const;
const ACCESSORY_COST = [0.35, 0.55] as const;

const PRODUCTS: ProductSpec[] = [
  // Laptops
  {
    title: "Nimbus Aurora Laptop",
    vendor: "Nimbus Computing",
    productType: "Laptops",
    category: "laptop",
    tags: ["laptop", "nimbus", "bestseller"],
    description:
      "A thin, all-day laptop with a bright display and a quiet fanless design. Ideal for study, travel and everyday work.",
    skuPrefix: "NIM-AUR",
    options: [
      { name: "Color", values: ["Space Grey", "Silver"] },
      { name: "Size", values: ["13-inch", "15-inch"] },
    ],
    price: usd(1099),
    priceBy: { "15-inch": usd(300) },
    cost: LAPTOP_COST,
    stockRange: [0, 60],
    quantity: "one",
  },
  {
    title: "Nimbus Aurora Pro Laptop",
    vendor: "Nimbus Computing",
    productType: "Laptops",
    category: "laptop",
    tags: ["laptop", "nimbus", "pro"],
    description:
      "Workstation performance in a 14- or 16-inch aluminium body, with a colour-accurate display for photo and video work.",
    skuPrefix: "NIM-PRO",
    options: [
      { name: "Color", values: ["Space Grey", "Midnight"] },
      { name: "Size", values: ["14-inch", "16-inch"] },
    ],
    price: usd(1999),
    priceBy: { "16-inch": usd(500) },
    cost: LAPTOP_COST,
    stock: "backorder",
    stockRange: [0, 40],
    quantity: "one",
  },
  {
    title: "Vertex Air 13 Laptop",
    vendor: "Vertex Labs",
    productType: "Laptops",
    category: "laptop",
    tags: ["laptop", "vertex", "student", "sale"],
    description: "Our lightest laptop at 1.1 kg, with a 15-hour battery. A favourite with students.",
    skuPrefix: "VTX-AIR13",
    options: [{ name: "Color", values: ["Silver", "Rose Gold", "Sky Blue"] }],
    price: usd(899),
    compareAtOver: usd(100),
    cost: LAPTOP_COST,
    stockRange: [0, 80],
    quantity: "one",
  },
  {
    title: "Vertex Creator 16 Laptop",
    vendor: "Vertex Labs",
    productType: "Laptops",
    category: "laptop",
    tags: ["laptop", "vertex", "creator"],
    description:
      "A 16-inch creator laptop with a dedicated graphics card and a 120 Hz display. Built for editing, rendering and gaming.",
    skuPrefix: "VTX-CR16",
    options: [{ name: "Memory", values: ["16 GB", "32 GB"] }],
    price: usd(1699),
    priceBy: { "32 GB": usd(300) },
    cost: LAPTOP_COST,
    stockRange: [0, 30],
    quantity: "one",
  },
  // Laptop accessories
  {
    title: "Shellguard Hard-Shell Laptop Case",
    vendor: "Shellguard",
    productType: "Laptop Cases",
    category: "laptop-accessory",
    tags: ["laptop-accessory", "case", "protection"],
    description: "A snap-on polycarbonate shell that guards against scratches and bumps. Vented for cooling.",
    skuPrefix: "SHG-CASE",
    options: [
      { name: "Color", values: ["Clear", "Smoke Black", "Frost Blue"] },
      { name: "Size", values: ["13-inch", "14-inch", "15-inch", "16-inch"] },
    ],
    price: usd(39.99),
    priceBy: { "16-inch": usd(5) },
    cost: ACCESSORY_COST,
  },
  {
    title: "Woolwise Merino Felt Laptop Sleeve",
    vendor: "Woolwise",
    productType: "Laptop Sleeves",
    category: "laptop-accessory",
    tags: ["laptop-accessory", "sleeve", "wool"],
    description: "A soft merino felt sleeve with a leather pull tab. Slim enough to slip into any bag.",
    skuPrefix: "WW-SLV",
    options: [
      { name: "Color", values: ["Charcoal", "Oatmeal"] },
      { name: "Size", values: ["13-inch", "15-inch"] },
    ],
    price: usd(49),
    cost: ACCESSORY_COST,
  },
  {
    title: "Glide Wireless Mouse",
    vendor: "Glide Peripherals",
    productType: "Mice",
    category: "laptop-accessory",
    tags: ["laptop-accessory", "mouse", "wireless"],
    description: "A quiet-click Bluetooth mouse with a USB-C rechargeable battery that lasts for months.",
    skuPrefix: "GLD-MSE",
    options: [{ name: "Color", values: ["Black", "White"] }],
    price: usd(59.99),
    cost: ACCESSORY_COST,
  },
  {
    title: "Glide Ergo Vertical Mouse",
    vendor: "Glide Peripherals",
    productType: "Mice",
    category: "laptop-accessory",
    tags: ["laptop-accessory", "mouse", "ergonomic"],
    description: "A vertical grip keeps your wrist in a natural handshake position through long workdays.",
    skuPrefix: "GLD-ERGO",
    price: usd(79.99),
    cost: "unknown",
  },
  {
    title: "Keystone Low-Profile Wireless Keyboard",
    vendor: "Keystone",
    productType: "Keyboards",
    category: "laptop-accessory",
    tags: ["laptop-accessory", "keyboard", "wireless"],
    description: "A slim, backlit keyboard that pairs with up to three devices. Switch between them with one key.",
    skuPrefix: "KEY-LP",
    options: [{ name: "Layout", values: ["US", "UK"] }],
    price: usd(99),
    cost: ACCESSORY_COST,
  },
  {
    title: "Portside 7-in-1 USB-C Hub",
    vendor: "Portside",
    productType: "Hubs & Adapters",
    category: "laptop-accessory",
    tags: ["laptop-accessory", "hub", "usb-c", "sale"],
    description: "HDMI 4K, two USB-A ports, SD and microSD readers and 100 W pass-through charging from one cable.",
    skuPrefix: "PSD-HUB7",
    price: usd(69.99),
    compareAtOver: usd(10),
    cost: ACCESSORY_COST,
  },
  {
    title: "Hush ANC Wireless Headphones",
    vendor: "Hush Audio",
    productType: "Headphones",
    category: "laptop-accessory",
    tags: ["laptop-accessory", "audio", "noise-cancelling", "sale"],
    description: "Adaptive noise cancelling and 30 hours of battery. Fold flat for travel.",
    skuPrefix: "HSH-ANC",
    options: [{ name: "Color", values: ["Black", "Sand"] }],
    price: usd(249),
    compareAtOver: usd(50),
    cost: [0.45, 0.6],
  },
  {
    title: "Elevate Aluminium Laptop Stand",
    vendor: "Elevate Desk Co.",
    productType: "Laptop Stands",
    category: "laptop-accessory",
    tags: ["laptop-accessory", "stand", "ergonomic"],
    description: "Raises your screen to eye level and folds flat into its own pouch.",
    skuPrefix: "ELV-STD",
    options: [{ name: "Color", values: ["Silver", "Space Grey"] }],
    price: usd(54.99),
    cost: ACCESSORY_COST,
  },
  {
    title: "Elevate Walnut Laptop Stand — Limited Edition",
    vendor: "Elevate Desk Co.",
    productType: "Laptop Stands",
    category: "laptop-accessory",
    tags: ["laptop-accessory", "stand", "limited-edition"],
    description: "Solid American walnut, hand-oiled in small batches. Sold out until the next batch.",
    skuPrefix: "ELV-WAL",
    price: usd(129),
    cost: ACCESSORY_COST,
    stock: "sold-out",
  },
  {
    title: "Portside 100W USB-C Charger",
    vendor: "Portside",
    productType: "Chargers",
    category: "laptop-accessory",
    tags: ["laptop-accessory", "charger", "usb-c"],
    description: "A compact GaN charger that powers a laptop and a phone at once. Includes a 2 m cable.",
    skuPrefix: "PSD-CHG100",
    price: usd(79),
    cost: ACCESSORY_COST,
  },
  {
    title: "Clearview 1080p Webcam",
    vendor: "Clearview",
    productType: "Webcams",
    category: "laptop-accessory",
    tags: ["laptop-accessory", "webcam", "video-calls"],
    description: "Full HD video with automatic light correction and a built-in privacy shutter.",
    skuPrefix: "CLV-CAM",
    price: usd(89.99),
    cost: ACCESSORY_COST,
  },
  // Cameras
  {
    title: "Aperture M50 Mirrorless Camera",
    vendor: "Aperture Optics",
    productType: "Cameras",
    category: "camera",
    tags: ["camera", "mirrorless", "bestseller"],
    description: "A 24 MP mirrorless camera with fast eye-tracking autofocus. The perfect first step up from a phone.",
    skuPrefix: "APT-M50",
    options: [{ name: "Kit", values: ["Body only", "With 18-55mm lens"] }],
    price: usd(899),
    priceBy: { "With 18-55mm lens": usd(200) },
    skuCodes: { "Body only": "BODY", "With 18-55mm lens": "KIT1855" },
    cost: CAMERA_COST,
    stockRange: [0, 50],
    quantity: "one",
  },
  {
    title: "Aperture R7 Full-Frame Camera",
    vendor: "Aperture Optics",
    productType: "Cameras",
    category: "camera",
    tags: ["camera", "full-frame", "pro"],
    description: "A 33 MP full-frame sensor, in-body stabilisation and 4K60 video in a weather-sealed body.",
    skuPrefix: "APT-R7",
    options: [{ name: "Kit", values: ["Body only", "With 24-70mm lens"] }],
    price: usd(2199),
    priceBy: { "With 24-70mm lens": usd(800) },
    skuCodes: { "Body only": "BODY", "With 24-70mm lens": "KIT2470" },
    cost: CAMERA_COST,
    stockRange: [0, 25],
    quantity: "one",
  },
  {
    title: "Aperture Z30 Compact Vlogging Camera",
    vendor: "Aperture Optics",
    productType: "Cameras",
    category: "camera",
    tags: ["camera", "compact", "vlogging"],
    description: "A pocketable camera with a flip screen and a directional microphone, made for vlogging.",
    skuPrefix: "APT-Z30",
    options: [{ name: "Color", values: ["Black", "Silver"] }],
    price: usd(649),
    cost: CAMERA_COST,
    stockRange: [0, 70],
    quantity: "one",
  },
  // Camera accessories
  {
    title: "Aperture 50mm f/1.8 Prime Lens",
    vendor: "Aperture Optics",
    productType: "Lenses",
    category: "camera-accessory",
    tags: ["camera-accessory", "lens", "portrait"],
    description: "A bright, light prime lens for portraits with soft, creamy backgrounds.",
    skuPrefix: "APT-L50",
    price: usd(219),
    cost: [0.45, 0.6],
  },
  {
    title: "Aperture 70–200mm f/4 Telephoto Lens",
    vendor: "Aperture Optics",
    productType: "Lenses",
    category: "camera-accessory",
    tags: ["camera-accessory", "lens", "telephoto"],
    description: "A stabilised telephoto zoom for sport, wildlife and events. Constant f/4 aperture.",
    skuPrefix: "APT-L70200",
    price: usd(899),
    cost: [0.5, 0.65],
    quantity: "one",
  },
  {
    title: "Aperture 10–18mm Wide-Angle Lens",
    vendor: "Aperture Optics",
    productType: "Lenses",
    category: "camera-accessory",
    tags: ["camera-accessory", "lens", "landscape"],
    description: "An ultra-wide zoom for landscapes, architecture and tight interiors.",
    skuPrefix: "APT-L1018",
    price: usd(299),
    cost: [0.45, 0.6],
  },
  {
    title: "Velocity UHS-II SD Memory Card",
    vendor: "Velocity Storage",
    productType: "Memory Cards",
    category: "camera-accessory",
    tags: ["camera-accessory", "memory-card", "storage"],
    description: "V90-rated SD card with 300 MB/s reads, fast enough for 4K and burst shooting.",
    skuPrefix: "VEL-SD",
    options: [{ name: "Capacity", values: ["64 GB", "128 GB", "256 GB"] }],
    price: usd(19.99),
    priceBy: { "128 GB": usd(10), "256 GB": usd(35) },
    cost: [0.4, 0.55],
    quantity: "consumable",
  },
  {
    title: "Trailhead Camera Backpack",
    vendor: "Trailhead Gear",
    productType: "Camera Bags",
    category: "camera-accessory",
    tags: ["camera-accessory", "bag", "outdoor"],
    description: "A weatherproof backpack with padded, configurable dividers for a body and three lenses.",
    skuPrefix: "TRH-BPK",
    options: [{ name: "Color", values: ["Slate", "Olive"] }],
    price: usd(129),
    cost: ACCESSORY_COST,
  },
  {
    title: "Trailhead Compact Camera Sling",
    vendor: "Trailhead Gear",
    productType: "Camera Bags",
    category: "camera-accessory",
    tags: ["camera-accessory", "bag", "everyday"],
    description: "A cross-body sling for a compact camera and a spare lens. Quick side access.",
    skuPrefix: "TRH-SLG",
    price: usd(59),
    cost: ACCESSORY_COST,
  },
  {
    title: "Steadyline Carbon Travel Tripod",
    vendor: "Steadyline",
    productType: "Tripods",
    category: "camera-accessory",
    tags: ["camera-accessory", "tripod", "travel", "sale"],
    description: "Carbon-fibre legs and a ball head that fold down to 40 cm. Holds up to 8 kg.",
    skuPrefix: "STL-TRP",
    price: usd(179),
    compareAtOver: usd(40),
    cost: ACCESSORY_COST,
  },
  {
    title: "Aperture LP-E17 Spare Battery",
    vendor: "Aperture Optics",
    productType: "Batteries",
    category: "camera-accessory",
    tags: ["camera-accessory", "battery"],
    description: "A genuine spare battery, good for about 300 shots per charge.",
    skuPrefix: "APT-BAT17",
    price: usd(49.99),
    cost: [0.4, 0.55],
    quantity: "consumable",
  },
  {
    title: "Clearview Lens Cleaning Kit",
    vendor: "Clearview",
    productType: "Cleaning",
    category: "camera-accessory",
    tags: ["camera-accessory", "cleaning"],
    description: "Blower, brush, microfibre cloths and cleaning fluid in a zip case.",
    skuPrefix: "CLV-CLN",
    price: usd(14.99),
    cost: "unknown",
    quantity: "consumable",
  },
  {
    title: "Trailhead Padded Camera Strap",
    vendor: "Trailhead Gear",
    productType: "Straps",
    category: "camera-accessory",
    tags: ["camera-accessory", "strap"],
    description: "A padded neck strap with quick-release clips that spread the weight of heavier lenses.",
    skuPrefix: "TRH-STR",
    options: [{ name: "Color", values: ["Black", "Tan"] }],
    price: usd(29.99),
    cost: ACCESSORY_COST,
  },
  // Fitness
  {
    title: "Pulse Gym Membership",
    vendor: "Pulse Fitness Club",
    productType: "Memberships",
    category: "fitness",
    tags: ["fitness", "membership"],
    description: "Unlimited access to the gym floor, classes and the pool. The annual plan includes two months free.",
    skuPrefix: "PLS-MEM",
    options: [{ name: "Plan", values: ["Monthly", "Annual"] }],
    price: usd(49),
    priceBy: { Annual: usd(450) },
    cost: "unknown",
    stock: "untracked",
    quantity: "one",
  },
  {
    title: "Pulse Smoothie Subscription",
    vendor: "Pulse Fitness Club",
    productType: "Subscriptions",
    category: "fitness",
    tags: ["fitness", "subscription", "smoothie"],
    description: "Fresh post-workout smoothies waiting at the front desk. Billed every four weeks; pause anytime.",
    skuPrefix: "PLS-SMO",
    options: [{ name: "Plan", values: ["3 smoothies a week", "5 smoothies a week"] }],
    price: usd(39),
    priceBy: { "5 smoothies a week": usd(20) },
    cost: [0.4, 0.55],
    stock: "untracked",
    sellingPlan: true,
    quantity: "one",
  },
  {
    title: "Pulse Recovery Smoothie Box",
    vendor: "Pulse Fitness Club",
    productType: "Subscriptions",
    category: "fitness",
    tags: ["fitness", "subscription", "smoothie"],
    description: "Six frozen recovery smoothies delivered to your door, weekly or every two weeks.",
    skuPrefix: "PLS-BOX",
    options: [{ name: "Delivery", values: ["Weekly", "Every 2 weeks"] }],
    price: usd(29),
    cost: [0.4, 0.55],
    stock: "untracked",
    sellingPlan: true,
    quantity: "one",
  },
  {
    title: "Pulse Whey Protein Powder",
    vendor: "Pulse Nutrition",
    productType: "Supplements",
    category: "fitness",
    tags: ["fitness", "nutrition", "protein"],
    description: "24 g of whey protein per scoop, with no added sugar. Mixes smooth in a shaker.",
    skuPrefix: "PLS-WHEY",
    options: [
      { name: "Flavor", values: ["Chocolate", "Vanilla", "Unflavoured"] },
      { name: "Size", values: ["1 kg", "2 kg"] },
    ],
    price: usd(39.99),
    priceBy: { "2 kg": usd(30) },
    cost: [0.4, 0.55],
    costUnknownFor: ["2 kg"],
    quantity: "consumable",
  },
  {
    title: "Pulse Plant Protein Powder",
    vendor: "Pulse Nutrition",
    productType: "Supplements",
    category: "fitness",
    tags: ["fitness", "nutrition", "protein", "vegan"],
    description: "Pea and rice protein blend with 21 g of protein per scoop. Vegan and gluten-free.",
    skuPrefix: "PLS-PLANT",
    options: [{ name: "Flavor", values: ["Chocolate", "Berry"] }],
    price: usd(44.99),
    cost: [0.4, 0.55],
    quantity: "consumable",
  },
  {
    title: "Pulse Shaker Bottle",
    vendor: "Pulse Nutrition",
    productType: "Drinkware",
    category: "fitness",
    tags: ["fitness", "shaker"],
    description: "A leak-proof 700 ml shaker with a stainless mixing ball and a supplement compartment.",
    skuPrefix: "PLS-SHK",
    options: [{ name: "Color", values: ["Black", "Coral", "Mint"] }],
    price: usd(14.99),
    cost: [0.35, 0.45],
  },
  {
    title: "Pulse Microfibre Gym Towel",
    vendor: "Pulse Fitness Club",
    productType: "Towels",
    category: "fitness",
    tags: ["fitness", "towel"],
    description: "A quick-dry microfibre towel with a zip pocket for your locker key.",
    skuPrefix: "PLS-TWL",
    options: [{ name: "Color", values: ["Grey", "Navy"] }],
    price: usd(19.99),
    cost: [0.35, 0.5],
    quantity: "consumable",
  },
  {
    title: "Pulse Resistance Band Set",
    vendor: "Pulse Fitness Club",
    productType: "Fitness Equipment",
    category: "fitness",
    tags: ["fitness", "equipment", "home-workout"],
    description: "Five latex-free bands from extra light to extra heavy, with handles and a door anchor.",
    skuPrefix: "PLS-BND",
    price: usd(29.99),
    cost: ACCESSORY_COST,
  },
  {
    title: "Pulse High-Density Foam Roller",
    vendor: "Pulse Fitness Club",
    productType: "Fitness Equipment",
    category: "fitness",
    tags: ["fitness", "equipment", "recovery"],
    description: "A firm 45 cm roller for post-workout recovery and mobility work.",
    skuPrefix: "PLS-ROL",
    price: usd(34.99),
    cost: ACCESSORY_COST,
  },
  {
    title: "Grip Cork Yoga Mat",
    vendor: "Grip",
    productType: "Yoga",
    category: "fitness",
    tags: ["fitness", "yoga", "sustainable"],
    description: "Natural cork on a rubber base: grippy even when you sweat, and naturally antimicrobial.",
    skuPrefix: "GRP-MAT",
    options: [{ name: "Color", values: ["Sage", "Charcoal"] }],
    price: usd(59),
    cost: ACCESSORY_COST,
  },
  // Coffee
  {
    title: "Brewline Barista Pro Espresso Machine",
    vendor: "Brewline",
    productType: "Espresso Machines",
    category: "coffee",
    tags: ["coffee", "espresso", "machine", "sale"],
    description: "A dual-boiler espresso machine with PID temperature control and a commercial steam wand.",
    skuPrefix: "BRW-PRO",
    options: [{ name: "Color", values: ["Brushed Steel", "Matte Black"] }],
    price: usd(699),
    compareAtOver: usd(100),
    cost: [0.5, 0.65],
    stockRange: [0, 40],
    quantity: "one",
  },
  {
    title: "Brewline Compact Espresso Machine",
    vendor: "Brewline",
    productType: "Espresso Machines",
    category: "coffee",
    tags: ["coffee", "espresso", "machine", "bestseller"],
    description: "Café-style espresso from a machine the width of a kettle. Heats up in three seconds.",
    skuPrefix: "BRW-CMP",
    price: usd(349),
    cost: [0.5, 0.65],
    stockRange: [0, 90],
    quantity: "one",
  },
  {
    title: "Brewline Drip Coffee Maker",
    vendor: "Brewline",
    productType: "Coffee Makers",
    category: "coffee",
    tags: ["coffee", "filter", "machine"],
    description: "Brews a full 10-cup carafe at the right temperature, with a bloom cycle for fresh beans.",
    skuPrefix: "BRW-DRP",
    price: usd(129),
    cost: [0.5, 0.65],
    quantity: "one",
  },
  {
    title: "Brewline Conical Burr Grinder",
    vendor: "Brewline",
    productType: "Grinders",
    category: "coffee",
    tags: ["coffee", "grinder"],
    description: "40 grind settings from espresso to cold brew, with a dose timer for consistent shots.",
    skuPrefix: "BRW-GRD",
    price: usd(199),
    cost: [0.45, 0.6],
    quantity: "one",
  },
  {
    title: "Kettle & Tamp Hand Burr Grinder",
    vendor: "Kettle & Tamp",
    productType: "Grinders",
    category: "coffee",
    tags: ["coffee", "grinder", "travel"],
    description: "Stainless steel burrs in a hand grinder that fits in a travel bag. No batteries needed.",
    skuPrefix: "KTT-HGR",
    price: usd(89),
    cost: ACCESSORY_COST,
  },
  {
    title: "Ridgeback House Espresso Blend",
    vendor: "Ridgeback Roasters",
    productType: "Coffee Beans",
    category: "coffee",
    tags: ["coffee", "beans", "espresso"],
    description: "Chocolate, hazelnut and a hint of cherry. Roasted every Monday and shipped within 48 hours.",
    skuPrefix: "RBR-HSE",
    options: [
      { name: "Size", values: ["250 g", "1 kg"] },
      { name: "Grind", values: ["Whole bean", "Espresso grind"] },
    ],
    price: usd(14.99),
    priceBy: { "1 kg": usd(30) },
    cost: [0.4, 0.55],
    quantity: "consumable",
  },
  {
    title: "Ridgeback Ethiopia Yirgacheffe",
    vendor: "Ridgeback Roasters",
    productType: "Coffee Beans",
    category: "coffee",
    tags: ["coffee", "beans", "single-origin"],
    description: "A washed single origin with jasmine and bergamot notes. Lovely as a pour-over.",
    skuPrefix: "RBR-ETH",
    options: [{ name: "Size", values: ["250 g", "1 kg"] }],
    price: usd(18.99),
    priceBy: { "1 kg": usd(36) },
    cost: "unknown",
    quantity: "consumable",
  },
  {
    title: "Brewline Descale & Clean Kit",
    vendor: "Brewline",
    productType: "Machine Care",
    category: "coffee",
    tags: ["coffee", "maintenance"],
    description: "Descaler and cleaning tablets for six months of regular care. Keeps your machine brewing hot.",
    skuPrefix: "BRW-DSC",
    price: usd(12.99),
    cost: [0.35, 0.5],
    quantity: "consumable",
  },
  {
    title: "Kettle & Tamp Milk Pitcher",
    vendor: "Kettle & Tamp",
    productType: "Barista Tools",
    category: "coffee",
    tags: ["coffee", "barista", "milk"],
    description: "A 600 ml stainless pitcher with a sharp spout for latte art.",
    skuPrefix: "KTT-PIT",
    price: usd(24.99),
    cost: ACCESSORY_COST,
  },
  {
    title: "Kettle & Tamp Espresso Cups (Set of 4)",
    vendor: "Kettle & Tamp",
    productType: "Drinkware",
    category: "coffee",
    tags: ["coffee", "cups", "gift"],
    description: "Double-walled glass cups that keep espresso hot and your fingers cool.",
    skuPrefix: "KTT-CUP",
    price: usd(34),
    cost: ACCESSORY_COST,
  },
  {
    title: "Brewline Cold Brew Tower",
    vendor: "Brewline",
    productType: "Coffee Makers",
    category: "coffee",
    tags: ["coffee", "cold-brew", "coming-soon"],
    description: "A slow-drip glass tower for smooth, low-acid cold brew. Launching next season.",
    skuPrefix: "BRW-CBT",
    price: usd(249),
    cost: [0.5, 0.6],
    draft: true,
    quantity: "one",
  },
  // Gift card
  {
    title: "Attach Demo Store Gift Card",
    vendor: "Attach Demo Store",
    productType: "Gift Cards",
    category: "gift-card",
    tags: ["gift-card"],
    description: "Let them choose. Delivered by email and valid on everything in the store.",
    skuPrefix: "GIFT",
    options: [{ name: "Denomination", values: ["$25", "$50", "$100", "$200"] }],
    price: usd(25),
    priceBy: { $50: usd(25), $100: usd(75), $200: usd(175) },
    cost: "unknown",
    stock: "untracked",
    giftCard: true,
  },
];

/**
 * How orders are built: an order picks a family, then either starts from an anchor and adds each
 * complement with its probability, or (a repeat or accessory-only purchase) from a standalone item.
 */
interface FamilySpec {
  name: string;
  weight: number;
  anchorShare: number;
  anchors: Array<[handle: string, weight: number]>;
  complements: Array<[handle: string, probability: number]>;
  standalone: Array<[handle: string, weight: number]>;
}

const FAMILIES: FamilySpec[] = [
  {
    name: "laptops",
    weight: 0.2,
    anchorShare: 0.55,
    anchors: [
      ["nimbus-aurora-laptop", 3],
      ["nimbus-aurora-pro-laptop", 2],
      ["vertex-air-13-laptop", 3],
      ["vertex-creator-16-laptop", 1.5],
    ],
    complements: [
      ["shellguard-hard-shell-laptop-case", 0.45],
      ["woolwise-merino-felt-laptop-sleeve", 0.18],
      ["glide-wireless-mouse", 0.35],
      ["glide-ergo-vertical-mouse", 0.06],
      ["keystone-low-profile-wireless-keyboard", 0.15],
      ["portside-7-in-1-usb-c-hub", 0.3],
      ["hush-anc-wireless-headphones", 0.2],
      ["elevate-aluminium-laptop-stand", 0.18],
      ["elevate-walnut-laptop-stand-limited-edition", 0.03],
      ["portside-100w-usb-c-charger", 0.12],
      ["clearview-1080p-webcam", 0.08],
    ],
    standalone: [
      ["shellguard-hard-shell-laptop-case", 2],
      ["woolwise-merino-felt-laptop-sleeve", 1],
      ["glide-wireless-mouse", 3],
      ["glide-ergo-vertical-mouse", 1],
      ["keystone-low-profile-wireless-keyboard", 2],
      ["portside-7-in-1-usb-c-hub", 2.5],
      ["hush-anc-wireless-headphones", 2],
      ["elevate-aluminium-laptop-stand", 1.5],
      ["elevate-walnut-laptop-stand-limited-edition", 0.3],
      ["portside-100w-usb-c-charger", 1.5],
      ["clearview-1080p-webcam", 1],
    ],
  },
  {
    name: "cameras",
    weight: 0.14,
    anchorShare: 0.5,
    anchors: [
      ["aperture-m50-mirrorless-camera", 3],
      ["aperture-r7-full-frame-camera", 1.5],
      ["aperture-z30-compact-vlogging-camera", 2],
    ],
    complements: [
      ["velocity-uhs-ii-sd-memory-card", 0.6],
      ["aperture-50mm-f-1-8-prime-lens", 0.18],
      ["aperture-70-200mm-f-4-telephoto-lens", 0.07],
      ["aperture-10-18mm-wide-angle-lens", 0.07],
      ["trailhead-camera-backpack", 0.22],
      ["trailhead-compact-camera-sling", 0.1],
      ["steadyline-carbon-travel-tripod", 0.2],
      ["aperture-lp-e17-spare-battery", 0.35],
      ["clearview-lens-cleaning-kit", 0.15],
      ["trailhead-padded-camera-strap", 0.1],
    ],
    standalone: [
      ["velocity-uhs-ii-sd-memory-card", 3],
      ["aperture-50mm-f-1-8-prime-lens", 1.2],
      ["aperture-70-200mm-f-4-telephoto-lens", 0.6],
      ["aperture-10-18mm-wide-angle-lens", 0.6],
      ["trailhead-camera-backpack", 1],
      ["trailhead-compact-camera-sling", 0.6],
      ["steadyline-carbon-travel-tripod", 1],
      ["aperture-lp-e17-spare-battery", 2],
      ["clearview-lens-cleaning-kit", 1.5],
      ["trailhead-padded-camera-strap", 0.8],
    ],
  },
  {
    name: "fitness",
    weight: 0.3,
    anchorShare: 0.45,
    anchors: [["pulse-gym-membership", 1]],
    complements: [
      ["pulse-smoothie-subscription", 0.25],
      ["pulse-recovery-smoothie-box", 0.08],
      ["pulse-whey-protein-powder", 0.3],
      ["pulse-plant-protein-powder", 0.1],
      ["pulse-shaker-bottle", 0.4],
      ["pulse-microfibre-gym-towel", 0.3],
      ["pulse-resistance-band-set", 0.1],
      ["pulse-high-density-foam-roller", 0.08],
      ["grip-cork-yoga-mat", 0.07],
    ],
    standalone: [
      ["pulse-whey-protein-powder", 4],
      ["pulse-plant-protein-powder", 1.5],
      ["pulse-shaker-bottle", 2],
      ["pulse-microfibre-gym-towel", 2],
      ["pulse-resistance-band-set", 1],
      ["pulse-high-density-foam-roller", 1],
      ["grip-cork-yoga-mat", 1],
      ["pulse-smoothie-subscription", 1.5],
      ["pulse-recovery-smoothie-box", 0.6],
    ],
  },
  {
    name: "coffee",
    weight: 0.32,
    anchorShare: 0.3,
    anchors: [
      ["brewline-barista-pro-espresso-machine", 1],
      ["brewline-compact-espresso-machine", 2],
      ["brewline-drip-coffee-maker", 1.5],
    ],
    complements: [
      ["brewline-conical-burr-grinder", 0.3],
      ["kettle-tamp-hand-burr-grinder", 0.08],
      ["ridgeback-house-espresso-blend", 0.55],
      ["ridgeback-ethiopia-yirgacheffe", 0.25],
      ["brewline-descale-clean-kit", 0.3],
      ["kettle-tamp-milk-pitcher", 0.22],
      ["kettle-tamp-espresso-cups-set-of-4", 0.12],
    ],
    standalone: [
      ["ridgeback-house-espresso-blend", 6],
      ["ridgeback-ethiopia-yirgacheffe", 3],
      ["brewline-descale-clean-kit", 2],
      ["brewline-conical-burr-grinder", 1],
      ["kettle-tamp-hand-burr-grinder", 0.8],
      ["kettle-tamp-milk-pitcher", 0.8],
      ["kettle-tamp-espresso-cups-set-of-4", 0.8],
    ],
  },
  {
    name: "gift cards",
    weight: 0.04,
    anchorShare: 1,
    anchors: [["attach-demo-store-gift-card", 1]],
    complements: [],
    standalone: [["attach-demo-store-gift-card", 1]],
  },
];

const COLLECTIONS: Array<{ handle: string; title: string; includes: (spec: ProductSpec) => boolean }> = [
  { handle: "laptops", title: "Laptops", includes: (s) => s.category === "laptop" },
  { handle: "laptop-accessories", title: "Laptop accessories", includes: (s) => s.category === "laptop-accessory" },
  { handle: "cameras", title: "Cameras", includes: (s) => s.category === "camera" },
  { handle: "camera-accessories", title: "Camera accessories", includes: (s) => s.category === "camera-accessory" },
  { handle: "fitness", title: "Fitness", includes: (s) => s.category === "fitness" },
  { handle: "coffee", title: "Coffee", includes: (s) => s.category === "coffee" },
  {
    handle: "subscriptions",
    title: "Memberships & subscriptions",
    includes: (s) => s.stock === "untracked" && !s.giftCard,
  },
  { handle: "sale", title: "Sale", includes: (s) => s.compareAtOver !== undefined && !s.draft },
  { handle: "gift-cards", title: "Gift cards", includes: (s) => s.category === "gift-card" },
];

// ---------------------------------------------------------------------------------------------------
// Customers

// prettier-ignore
const FIRST_NAMES = [
  "Olivia", "Liam", "Emma", "Noah", "Ava", "Elijah", "Sophia", "James", "Isabella", "Lucas", "Mia", "Mateo",
  "Amelia", "Benjamin", "Harper", "Henry", "Evelyn", "Alexander", "Aaliyah", "Daniel", "Chloe", "Jackson",
  "Priya", "Arjun", "Mei", "Wei", "Hana", "Kenji", "Fatima", "Omar", "Amara", "Kwame", "Sofia", "Diego",
  "Camila", "Santiago", "Zoe", "Ethan", "Nora", "Samuel", "Grace", "David", "Leah", "Isaac", "Maya", "Gabriel",
  "Ruth", "Malik", "Ingrid", "Lars", "Aisha", "Yusuf", "Chiara", "Marco", "Siobhan", "Declan", "Ana", "Tomás",
  "Layla", "Jamal", "Rosa", "Hiroshi", "Naomi", "Caleb",
];

// prettier-ignore
const LAST_NAMES = [
  "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
  "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
  "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker",
  "Young", "Allen", "King", "Wright", "Scott", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker",
  "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Patel", "Kim", "Chen", "Okafor", "Mensah",
  "O'Brien", "Murphy", "Rossi", "Jensen", "Novak", "Haddad", "Tanaka", "Silva", "Kowalski", "Schmidt",
];

const CUSTOMER_COUNT = 300;
const VIP_COUNT = 7;
const VIP_HANDLE_MANUALLY_COUNT = 3;
const COMPLAINT_OPEN_COUNT = 5;
const CHRONIC_RETURNER_COUNT = 5;

// ---------------------------------------------------------------------------------------------------
// Order behaviour

const GUEST_SHARE = 0.1;
const NOISE_ITEM_SHARE = 0.08;
const GIFT_CARD_ADD_ON_SHARE = 0.015;
const SECOND_STANDALONE_SHARE = 0.25;
const REFUND_SHARE = 0.055;
const CANCEL_SHARE = 0.01;
const CHRONIC_REFUND_SHARE = 0.7;

const REFUND_NOTES = [
  "Customer changed their mind",
  "Arrived damaged",
  "Wrong size ordered",
  "Not as described",
  "Ordered by mistake",
  null,
  null,
];
const CANCEL_NOTES = ["Order cancelled: customer request", "Order cancelled: payment declined", null];

/** Shopper activity by local (New York) hour of day. */
// prettier-ignore
const HOUR_WEIGHTS = [
  0.25, 0.12, 0.06, 0.05, 0.05, 0.1, 0.3, 0.6, 0.9, 1.1, 1.2, 1.3, 1.4, 1.3, 1.2, 1.2, 1.25, 1.3, 1.5, 1.7, 1.8,
  1.6, 1.1, 0.6,
];
/** By day of week, Sunday first. */
const WEEKDAY_WEIGHTS = [1.1, 1, 1, 1, 1, 0.9, 0.85];

// ---------------------------------------------------------------------------------------------------
// Generation

interface CatalogEntry {
  spec: ProductSpec;
  product: EmulatedProduct;
  variants: WeightedTable<EmulatedVariant>;
}

interface Family {
  spec: FamilySpec;
  anchors: WeightedTable<CatalogEntry>;
  complements: Array<{ entry: CatalogEntry; probability: number }>;
  standalone: WeightedTable<CatalogEntry>;
}

interface DraftLine {
  entry: CatalogEntry;
  variant: EmulatedVariant;
  quantity: number;
}

class IdCounter {
  constructor(private value: number) {}
  next(): number {
    return this.value++;
  }
  peek(): number {
    return this.value;
  }
}

/**
 * The demo store: ~50 products in four families with natural complements, ~300 customers, and
 * `orders` orders (default 5,000) over the 12 months before `now`, with refunds, cancellations and a few
 * chronic returners. Same options → same shop.
 */
export function createDemoShop(options: DemoShopOptions = {}): EmulatedShop {
  const orderCount = options.orders ?? DEMO_SHOP_DEFAULT_ORDERS;
  const seed = options.seed ?? DEMO_SHOP_DEFAULT_SEED;
  const now = options.now ?? new Date(DEMO_SHOP_DEFAULT_NOW);
  if (!Number.isSafeInteger(orderCount) || orderCount < 0) {
    throw new RangeError(`orders must be a non-negative integer, got ${orderCount}`);
  }
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  const nowMs = now.getTime();
  if (!Number.isFinite(nowMs)) throw new RangeError("now must be a valid date");

  const ids = new IdCounter(1);
  const shopId = ids.next();
  const catalog = buildCatalog(stream(seed, 1), ids, nowMs);
  const collections = buildCollections(ids, catalog);
  const customers = buildCustomers(stream(seed, 2), ids);
  const orders = buildOrders(stream(seed, 3), ids, catalog, customers, orderCount, nowMs);

  return {
    domain: DEMO_SHOP_DOMAIN,
    id: shopId,
    name: "Attach Demo Store",
    email: "owner@example.com",
    currencyCode: "USD",
    moneyFormat: "${{amount}}",
    moneyWithCurrencyFormat: "${{amount}} USD",
    primaryLocale: "en",
    ianaTimezone: "America/New_York",
    products: catalog.map((entry) => entry.product),
    collections,
    customers: customers.map((c) => c.customer),
    orders,
    automaticAppDiscounts: [],
    bulkOperations: [],
    appMetafields: [],
    nextId: ids.peek(),
    nextOrderNumber: DEMO_SHOP_FIRST_ORDER_NUMBER + orders.length,
  };
}

function buildCatalog(rng: Random, ids: IdCounter, nowMs: number): CatalogEntry[] {
  const handles = new Set<string>();
  const entries = PRODUCTS.map((spec): CatalogEntry => {
    let handle = handleize(spec.title);
    for (let n = 2; handles.has(handle); n++) handle = `${handleize(spec.title)}-${n}`;
    handles.add(handle);

    const productId = ids.next();
    const optionNames = (spec.options ?? []).map((o) => o.name);
    const combinations = (spec.options ?? []).reduce<string[][]>(
      (acc, option) => acc.flatMap((prefix) => option.values.map((value) => [...prefix, value])),
      [[]],
    );
    const [costLow, costHigh] = spec.cost === "unknown" ? [0, 0] : (spec.cost ?? [0.38, 0.62]);
    const costRatio = rng.between(costLow, costHigh);
    const [stockLow, stockHigh] = spec.stockRange ?? [5, 250];

    const variants = combinations.map((values, index): EmulatedVariant => {
      const price = values.reduce((sum, value) => sum + (spec.priceBy?.[value] ?? 0), spec.price);
      const costKnown = spec.cost !== "unknown" && !values.some((v) => spec.costUnknownFor?.includes(v));
      const ratio = Math.min(0.7, Math.max(0.35, costRatio + rng.between(-0.015, 0.015)));
      let inventoryQuantity: number;
      let inventoryPolicy: EmulatedVariant["inventoryPolicy"] = "deny";
      if (spec.stock === "untracked") {
        inventoryQuantity = 0;
        inventoryPolicy = "continue";
      } else if (spec.stock === "sold-out") {
        inventoryQuantity = 0;
      } else {
        // A sold-out variant now and then, never the first, so only the sold-out product is fully out.
        inventoryQuantity = index > 0 && rng.chance(0.06) ? 0 : rng.int(Math.max(stockLow, 1), stockHigh);
        if (spec.stock === "backorder") inventoryPolicy = "continue";
      }
      return {
        id: ids.next(),
        productId,
        title: values.length > 0 ? values.join(" / ") : "Default Title",
        sku:
          values.length > 0
            ? `${spec.skuPrefix}-${values.map((v) => spec.skuCodes?.[v] ?? skuCode(v)).join("-")}`
            : spec.skuPrefix,
        options: values.length > 0 ? values : ["Default Title"],
        price,
        compareAtPrice: spec.compareAtOver === undefined ? null : price + spec.compareAtOver,
        unitCost: costKnown ? Math.round(price * ratio) : null,
        inventoryQuantity,
        inventoryPolicy,
        requiresSellingPlan: spec.sellingPlan === true,
      };
    });

    // Sellable products exist from before the order window; the draft was added a few days ago.
    const createdMs = spec.draft
      ? nowMs - rng.int(10, 20) * DAY - rng.int(0, 86_399) * 1000
      : nowMs - rng.int(400, 900) * DAY - rng.int(0, 86_399) * 1000;
    const updatedMs = createdMs + Math.floor(rng.next() * (nowMs - createdMs - HOUR));
    const product: EmulatedProduct = {
      id: productId,
      handle,
      title: spec.title,
      descriptionHtml: `<p>${escapeXml(spec.description)}</p>`,
      vendor: spec.vendor,
      productType: spec.productType,
      tags: spec.tags,
      status: spec.draft ? "DRAFT" : "ACTIVE",
      isGiftCard: spec.giftCard === true,
      optionNames,
      imageUrl: `/cdn/products/${handle}.svg`,
      createdAt: isoSeconds(createdMs),
      updatedAt: isoSeconds(updatedMs),
      variants,
      metafields: [],
    };
    return {
      spec,
      product,
      // Earlier variants sell better (the default colour and size).
      variants: new WeightedTable(variants.map((v, i) => [v, 1 / (1 + 0.4 * i)] as const)),
    };
  });
  return entries;
}

function buildCollections(ids: IdCounter, catalog: CatalogEntry[]): EmulatedCollection[] {
  return COLLECTIONS.map((c) => ({
    id: ids.next(),
    handle: c.handle,
    title: c.title,
    productIds: catalog.filter((entry) => c.includes(entry.spec)).map((entry) => entry.product.id),
  }));
}

interface CustomerRecord {
  customer: EmulatedCustomer;
  weight: number;
  chronicReturner: boolean;
}

function buildCustomers(rng: Random, ids: IdCounter): CustomerRecord[] {
  const taken = new Set<string>();
  const emails = new Set<string>();
  const records: CustomerRecord[] = [];
  while (records.length < CUSTOMER_COUNT) {
    const firstName = rng.pick(FIRST_NAMES);
    const lastName = rng.pick(LAST_NAMES);
    if (taken.has(`${firstName} ${lastName}`)) continue;
    taken.add(`${firstName} ${lastName}`);
    const local = `${emailPart(firstName)}.${emailPart(lastName)}`;
    let email = `${local}@example.com`;
    for (let n = 2; emails.has(email); n++) email = `${local}${n}@example.com`;
    emails.add(email);
    records.push({
      customer: { id: ids.next(), email, firstName, lastName, tags: [], createdAt: "", metafields: [] },
      // Log-normal: a few loyal regulars, many occasional shoppers.
      weight: Math.exp(0.85 * rng.normal()),
      chronicReturner: false,
    });
  }

  // The heaviest buyers are the VIPs; a few of them are handled personally by the merchant.
  const byWeight = [...records].sort((a, b) => b.weight - a.weight);
  byWeight.slice(0, VIP_COUNT + VIP_HANDLE_MANUALLY_COUNT).forEach((record, i) => {
    record.customer.tags = i < VIP_HANDLE_MANUALLY_COUNT ? ["vip", "vip-handle-manually"] : ["vip"];
  });
  const others = rng.shuffle(byWeight.slice(VIP_COUNT + VIP_HANDLE_MANUALLY_COUNT));
  others.slice(0, COMPLAINT_OPEN_COUNT).forEach((record) => (record.customer.tags = ["complaint-open"]));
  others.slice(COMPLAINT_OPEN_COUNT, COMPLAINT_OPEN_COUNT + CHRONIC_RETURNER_COUNT).forEach((record) => {
    record.chronicReturner = true;
  });
  return records;
}

function buildOrders(
  rng: Random,
  ids: IdCounter,
  catalog: CatalogEntry[],
  customers: CustomerRecord[],
  count: number,
  nowMs: number,
): EmulatedOrder[] {
  const byHandle = new Map(catalog.map((entry) => [entry.product.handle, entry]));
  const lookup = (handle: string): CatalogEntry => {
    const entry = byHandle.get(handle);
    if (!entry) throw new Error(`demo shop: family refers to unknown product handle "${handle}"`);
    return entry;
  };
  const families: Family[] = FAMILIES.map((spec) => ({
    spec,
    anchors: new WeightedTable(spec.anchors.map(([h, w]) => [lookup(h), w] as const)),
    complements: spec.complements.map(([h, probability]) => ({ entry: lookup(h), probability })),
    standalone: new WeightedTable(spec.standalone.map(([h, w]) => [lookup(h), w] as const)),
  }));
  const allFamilies = new WeightedTable(families.map((f) => [f, f.spec.weight] as const));
  const familiesWithoutGiftCards = new WeightedTable(
    families
      .filter((f) => !f.spec.anchors.some(([h]) => lookup(h).spec.giftCard))
      .map((f) => [f, f.spec.weight] as const),
  );
  const sellable = catalog.filter((e) => e.product.status === "ACTIVE" && !e.product.isGiftCard);
  // Noise is unrelated: an item from another family (so it never blurs a family's own signal).
  const inFamily = (family: FamilySpec, entry: CatalogEntry): boolean =>
    family.anchors.concat(family.standalone).some(([h]) => h === entry.product.handle);
  const noiseFor = new Map(
    families.map((f) => [
      f,
      new WeightedTable(sellable.filter((e) => !inFamily(f.spec, e)).map((e) => [e, 1] as const)),
    ]),
  );
  const giftCard = catalog.find((e) => e.product.isGiftCard);

  // 1. When: sorted timestamps over the 12 months before now, so names ascend with processedAt.
  const windowStart = new Date(nowMs);
  windowStart.setUTCMonth(windowStart.getUTCMonth() - 12);
  const times = orderTimes(rng, count, windowStart.getTime(), nowMs);

  // 2. Who: ~10% guests; the rest by customer weight. Chronic returners get a handful of orders each.
  const regular = new WeightedTable(customers.filter((c) => !c.chronicReturner).map((c) => [c, c.weight] as const));
  const buyer: Array<CustomerRecord | null> = times.map(() => (rng.chance(GUEST_SHARE) ? null : regular.sample(rng)));
  const refundForSure = new Set<number>();
  for (const record of customers.filter((c) => c.chronicReturner)) {
    const target = rng.int(5, 9);
    const mine: number[] = [];
    for (let tries = 0; mine.length < target && tries < target * 50 && count > 0; tries++) {
      const index = rng.int(0, count - 1);
      const current = buyer[index];
      if (current === undefined || current === null || current.chronicReturner) continue;
      buyer[index] = record;
      mine.push(index);
    }
    // Strictly more than half of a chronic returner's orders come back.
    const refunded = Math.min(
      mine.length,
      Math.max(Math.floor(mine.length / 2) + 1, Math.round(mine.length * CHRONIC_REFUND_SHARE)),
    );
    for (const index of rng.shuffle(mine).slice(0, refunded)) refundForSure.add(index);
  }

  // 3. What: baskets with family-specific complements and a little noise; then refunds.
  const firstOrderMs = new Map<CustomerRecord, number>();
  const orders: EmulatedOrder[] = [];
  for (let i = 0; i < count; i++) {
    const processedMs = at(times, i);
    const record = buyer[i] ?? null;
    if (record && !firstOrderMs.has(record)) firstOrderMs.set(record, processedMs);
    const chronic = record?.chronicReturner === true;

    const lines: DraftLine[] = [];
    const add = (entry: CatalogEntry, anchor: DraftLine | null): void => {
      if (lines.some((l) => l.entry === entry)) return;
      const variant = matchingVariant(rng, entry, anchor);
      lines.push({ entry, variant, quantity: quantityFor(rng, entry.spec) });
    };
    const family = (chronic ? familiesWithoutGiftCards : allFamilies).sample(rng);
    if (rng.chance(family.spec.anchorShare)) {
      add(family.anchors.sample(rng), null);
      const anchor = at(lines, 0);
      for (const c of family.complements) if (rng.chance(c.probability)) add(c.entry, anchor);
    } else {
      add(family.standalone.sample(rng), null);
      if (rng.chance(SECOND_STANDALONE_SHARE)) add(family.standalone.sample(rng), null);
    }
    const noise = noiseFor.get(family);
    if (noise && rng.chance(NOISE_ITEM_SHARE)) add(noise.sample(rng), null);
    if (giftCard && !chronic && !family.spec.anchors.some(([h]) => h === giftCard.product.handle)) {
      if (rng.chance(GIFT_CARD_ADD_ON_SHARE)) add(giftCard, null);
    }

    const orderId = ids.next();
    const lineItems = lines.map(({ entry, variant, quantity }): EmulatedLineItem => ({
      id: ids.next(),
      productId: entry.product.id,
      variantId: variant.id,
      title: entry.product.title,
      variantTitle: variant.title,
      sku: variant.sku,
      quantity,
      price: variant.price,
      properties: [],
      discountAllocations: [],
      isGiftCard: entry.product.isGiftCard,
    }));

    let cancelledAt: string | null = null;
    const refunds: EmulatedRefund[] = [];
    const returnable = lineItems.filter((l) => !l.isGiftCard);
    if (refundForSure.has(i)) {
      refunds.push(returnRefund(rng, ids, returnable, processedMs, nowMs));
    } else if (rng.chance(CANCEL_SHARE)) {
      const cancelledMs = later(rng, processedMs, nowMs, 10 * 60_000, 36 * HOUR);
      cancelledAt = isoSeconds(cancelledMs);
      refunds.push({
        id: ids.next(),
        createdAt: cancelledAt,
        note: rng.pick(CANCEL_NOTES),
        lines: lineItems.map((l) => ({
          lineItemId: l.id,
          quantity: l.quantity,
          subtotal: l.price * l.quantity,
          restockType: l.isGiftCard ? "no_restock" : "return",
        })),
      });
    } else if (rng.chance(REFUND_SHARE) && returnable.length > 0) {
      refunds.push(returnRefund(rng, ids, returnable, processedMs, nowMs));
    }

    const email = record ? record.customer.email : guestEmail(rng);
    orders.push({
      id: orderId,
      name: `#${DEMO_SHOP_FIRST_ORDER_NUMBER + i}`,
      customerId: record ? record.customer.id : null,
      email,
      createdAt: isoSeconds(processedMs),
      processedAt: isoSeconds(processedMs),
      cancelledAt,
      currency: "USD",
      lineItems,
      refunds,
      discountApplications: [],
      tags: [],
    });
  }

  // Customers sign up at (or, for some, a while before) their first order; the rest before the window.
  for (const record of customers) {
    const first = firstOrderMs.get(record);
    const createdMs =
      first === undefined
        ? nowMs - rng.int(30, 700) * DAY - rng.int(0, 86_399) * 1000
        : rng.chance(0.7)
          ? first - rng.int(60, 1_800) * 1000
          : first - rng.int(1, 500) * DAY - rng.int(0, 86_399) * 1000;
    record.customer.createdAt = isoSeconds(createdMs);
  }
  return orders;
}

/** A complement matches the anchor where they share an option (a 15-inch laptop gets a 15-inch case). */
function matchingVariant(rng: Random, entry: CatalogEntry, anchor: DraftLine | null): EmulatedVariant {
  if (anchor) {
    const anchorOptions = anchor.entry.product.optionNames;
    const names = entry.product.optionNames;
    const fits = entry.product.variants.filter((variant) =>
      names.every((name, i) => {
        const anchorIndex = anchorOptions.indexOf(name);
        if (anchorIndex < 0) return true;
        const wanted = anchor.variant.options[anchorIndex];
        const available = entry.product.variants.some((v) => v.options[i] === wanted);
        return !available || variant.options[i] === wanted;
      }),
    );
    if (fits.length > 0 && fits.length < entry.product.variants.length) return rng.pick(fits);
  }
  return entry.variants.sample(rng);
}

function quantityFor(rng: Random, spec: ProductSpec): number {
  if (spec.quantity === "one") return 1;
  const x = rng.next();
  if (spec.quantity === "consumable") return x < 0.68 ? 1 : x < 0.9 ? 2 : 3;
  if (spec.giftCard) return x < 0.85 ? 1 : 2;
  return x < 0.96 ? 1 : 2;
}

/** A customer return: one line (usually in full) or, a third of the time, everything. */
function returnRefund(
  rng: Random,
  ids: IdCounter,
  returnable: EmulatedLineItem[],
  processedMs: number,
  nowMs: number,
): EmulatedRefund {
  const everything = rng.chance(0.35);
  const chosen = everything ? returnable : [rng.pick(returnable)];
  return {
    id: ids.next(),
    createdAt: isoSeconds(later(rng, processedMs, nowMs, 2 * DAY, 30 * DAY)),
    note: rng.pick(REFUND_NOTES),
    lines: chosen.map((l) => {
      const quantity = everything || l.quantity === 1 || rng.chance(0.6) ? l.quantity : rng.int(1, l.quantity - 1);
      return { lineItemId: l.id, quantity, subtotal: l.price * quantity, restockType: "return" as const };
    }),
  };
}

/** A moment between `min` and `max` after `fromMs`, squeezed in before now for recent orders. */
function later(rng: Random, fromMs: number, nowMs: number, min: number, max: number): number {
  const room = nowMs - fromMs;
  const delay = room > max ? rng.between(min, max) : room * rng.between(0.2, 0.9);
  return Math.min(nowMs, fromMs + Math.floor(delay / 1000) * 1000);
}

function guestEmail(rng: Random): string {
  return `${emailPart(rng.pick(FIRST_NAMES))}${emailPart(rng.pick(LAST_NAMES))}${rng.int(100, 999)}@example.com`;
}

/** Sorted order timestamps (whole seconds) in (startMs, nowMs], shaped by season, weekday and hour. */
function orderTimes(rng: Random, count: number, startMs: number, nowMs: number): number[] {
  const firstDay = localDateMs(startMs);
  const lastDay = localDateMs(nowMs);
  const days: Array<readonly [number, number]> = [];
  const dayCount = Math.round((lastDay - firstDay) / DAY) + 1;
  for (let i = 0; i < dayCount; i++) {
    const dayMs = firstDay + i * DAY;
    const growth = 0.85 + (0.3 * i) / dayCount;
    days.push([dayMs, growth * at(WEEKDAY_WEIGHTS, new Date(dayMs).getUTCDay()) * seasonality(dayMs)]);
  }
  const dayTable = new WeightedTable(days.map(([dayMs, weight]) => [dayMs, weight] as const));
  const hourTable = new WeightedTable(HOUR_WEIGHTS.map((w, hour) => [hour, w] as const));

  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    let t = Number.NaN;
    for (let tries = 0; tries < 100; tries++) {
      const dayMs = dayTable.sample(rng);
      const localMs = dayMs + hourTable.sample(rng) * HOUR + rng.int(0, 3_599) * 1000;
      const candidate = localMs - easternOffsetHours(dayMs + 12 * HOUR) * HOUR;
      if (candidate > startMs && candidate <= nowMs) {
        t = candidate;
        break;
      }
    }
    if (Number.isNaN(t)) t = Math.floor((startMs + 1000 + rng.next() * (nowMs - startMs - 1000)) / 1000) * 1000;
    times.push(t);
  }
  return times.sort((a, b) => a - b);
}

/** Holiday peaks: Black Friday to Cyber Monday, the run-up to Christmas, January resolutions. */
function seasonality(dayMs: number): number {
  const date = new Date(dayMs);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const dom = date.getUTCDate();
  if (month === 10) {
    const thanksgiving = nthWeekdayOfMonth(year, 10, 4, 4);
    const day = (dayMs - thanksgiving) / DAY;
    if (day >= 1 && day <= 4) return 3;
    if (day === 0) return 1.5;
    return dom >= 15 ? 1.3 : 1;
  }
  if (month === 11) return dom <= 22 ? 1.5 : 0.9;
  if (month === 0) return 1.15;
  if (month === 6 || month === 7) return 0.9;
  return 1;
}

/** UTC midnight of the New York calendar date at `ms`. */
function localDateMs(ms: number): number {
  const local = ms + easternOffsetHours(ms) * HOUR;
  return Math.floor(local / DAY) * DAY;
}

const offsetsByYear = new Map<number, readonly [number, number]>();

/** America/New_York's UTC offset: -4 from the 2nd Sunday of March to the 1st Sunday of November, else -5. */
function easternOffsetHours(ms: number): number {
  const year = new Date(ms).getUTCFullYear();
  let dst = offsetsByYear.get(year);
  if (!dst) {
    dst = [nthWeekdayOfMonth(year, 2, 0, 2) + 7 * HOUR, nthWeekdayOfMonth(year, 10, 0, 1) + 6 * HOUR];
    offsetsByYear.set(year, dst);
  }
  return ms >= dst[0] && ms < dst[1] ? -4 : -5;
}

/** UTC midnight of the nth (1-based) `weekday` (0 = Sunday) of a month. */
function nthWeekdayOfMonth(year: number, month: number, weekday: number, n: number): number {
  const first = Date.UTC(year, month, 1);
  const offset = (weekday - new Date(first).getUTCDay() + 7) % 7;
  return first + (offset + 7 * (n - 1)) * DAY;
}

// ---------------------------------------------------------------------------------------------------
// Small helpers

function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/** Shopify-style handle: lowercase ASCII letters and digits joined by single hyphens. */
function handleize(title: string): string {
  return title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

function emailPart(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[^A-Za-z]/g, "")
    .toLowerCase();
}

/** SKU code of an option value: "Space Grey" → "SG", "15-inch" → "15IN", "250 g" → "250G", "Chocolate" → "CHO". */
function skuCode(value: string): string {
  const tokens = value.split(/[^A-Za-z0-9]+/).filter((t) => t.length > 0);
  const isNumber = (token: string | undefined): boolean => token !== undefined && /^\d/.test(token);
  if (tokens.length === 1) {
    const token = at(tokens, 0);
    return (isNumber(token) ? token : token.slice(0, 3)).toUpperCase();
  }
  return tokens
    .map((t, i) => (isNumber(t) ? t : isNumber(tokens[i - 1]) ? t.slice(0, 2) : t.charAt(0)))
    .join("")
    .toUpperCase();
}

/** Escapes XML's special characters and drops characters XML 1.0 does not allow (controls, lone surrogates). */
function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** FNV-1a, 32-bit. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// ---------------------------------------------------------------------------------------------------
// Product images

/**
 * The placeholder image the emulator serves at /cdn/products/<handle>.svg: the title in white on a
 * colour derived from the handle (dark enough for white text to keep a 4.5:1 contrast), labelled for
 * assistive technology with role="img" and a <title>.
 */
export function productImageSvg(product: Pick<EmulatedProduct, "title" | "handle">): string {
  const h = hash(product.handle);
  const hue = h % 360;
  const background = `hsl(${hue}, 45%, 28%)`;
  const accent = `hsl(${(hue + 40) % 360}, 45%, 22%)`;
  const lines = wrapTitle(product.title, 18, 4);
  const lineHeight = 34;
  const firstY = 200 - ((lines.length - 1) * lineHeight) / 2 + 10;
  const tspans = lines
    .map((line, i) => `<tspan x="200" y="${firstY + i * lineHeight}">${escapeXml(line)}</tspan>`)
    .join("");
  const titleId = `title-${h.toString(36)}`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" viewBox="0 0 400 400" role="img" aria-labelledby="${titleId}">` +
    `<title id="${titleId}">${escapeXml(product.title)}</title>` +
    `<rect width="400" height="400" fill="${background}"/>` +
    `<circle cx="340" cy="60" r="120" fill="${accent}"/>` +
    `<text font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="28" font-weight="600" fill="#ffffff" text-anchor="middle">${tspans}</text>` +
    `</svg>`
  );
}

/** Greedy word wrap; the last line ends in "…" when the title does not fit. */
function wrapTitle(title: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let current = "";
  for (const word of title.split(/\s+/).filter((w) => w.length > 0)) {
    if (current === "") current = word;
    else if (current.length + 1 + word.length <= width) current += ` ${word}`;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current !== "") lines.push(current);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${at(kept, maxLines - 1)}…`;
  return kept;
}
