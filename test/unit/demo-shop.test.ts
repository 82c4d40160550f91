import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  createDemoShop,
  DEMO_SHOP_DEFAULT_NOW,
  DEMO_SHOP_FIRST_ORDER_NUMBER,
  productImageSvg,
} from "../../local/seed/demo-shop";
import type { EmulatedOrder, EmulatedProduct, EmulatedShop, EmulatedVariant } from "../../local/shop/types";

const DEFAULT_NOW = new Date(DEMO_SHOP_DEFAULT_NOW);

let shop: EmulatedShop;
beforeAll(() => {
  shop = createDemoShop();
});

/** Every id in the shop, with where it was found. */
function allIds(s: EmulatedShop): Array<[number, string]> {
  const ids: Array<[number, string]> = [[s.id, "shop"]];
  for (const p of s.products) {
    ids.push([p.id, `product ${p.handle}`]);
    for (const v of p.variants) ids.push([v.id, `variant ${v.sku}`]);
  }
  for (const c of s.collections) ids.push([c.id, `collection ${c.handle}`]);
  for (const c of s.customers) ids.push([c.id, `customer ${c.email}`]);
  for (const o of s.orders) {
    ids.push([o.id, `order ${o.name}`]);
    for (const l of o.lineItems) ids.push([l.id, `line item of ${o.name}`]);
    for (const r of o.refunds) ids.push([r.id, `refund of ${o.name}`]);
  }
  return ids;
}

function duplicates<T>(values: T[]): T[] {
  const seen = new Set<T>();
  return values.filter((v) => (seen.has(v) ? true : (seen.add(v), false)));
}

function byHandle(s: EmulatedShop, handle: string): EmulatedProduct {
  const product = s.products.find((p) => p.handle === handle);
  if (!product) throw new Error(`no product ${handle}`);
  return product;
}

function contains(order: EmulatedOrder, productIds: Set<number>): boolean {
  return order.lineItems.some((l) => productIds.has(l.productId));
}

/** P(B | A) / P(B) over the orders: how much more likely B is in a basket that has A. */
function lift(orders: EmulatedOrder[], a: Set<number>, b: Set<number>): number {
  const withA = orders.filter((o) => contains(o, a));
  const shareInA = withA.filter((o) => contains(o, b)).length / withA.length;
  const shareOverall = orders.filter((o) => contains(o, b)).length / orders.length;
  return shareInA / shareOverall;
}

function twelveMonthsBefore(now: Date): number {
  const start = new Date(now);
  start.setUTCMonth(start.getUTCMonth() - 12);
  return start.getTime();
}

/**
 * A minimal well-formedness check: tags nest and close, attributes are quoted, and every "&" in text
 * or attributes starts an entity. Enough to catch an unescaped title.
 */
function wellFormedXmlProblem(xml: string): string | null {
  const stack: string[] = [];
  let roots = 0;
  let i = 0;
  const badAmpersand = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;
  const invalid = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;
  if (invalid.test(xml)) return "a character XML does not allow";
  while (i < xml.length) {
    const open = xml.indexOf("<", i);
    const text = xml.slice(i, open < 0 ? xml.length : open);
    if (badAmpersand.test(text)) return `bare & in text ${JSON.stringify(text)}`;
    if (text.trim() !== "" && stack.length === 0) return `text outside the root: ${JSON.stringify(text)}`;
    if (open < 0) break;
    const tag = /^<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/.exec(xml.slice(open));
    if (!tag) return `malformed tag at ${open}: ${JSON.stringify(xml.slice(open, open + 40))}`;
    const [whole, closing, name, attributes = "", selfClosing] = tag;
    if (badAmpersand.test(attributes)) return `bare & in attributes of <${name}>`;
    if (closing) {
      if (stack.pop() !== name) return `unexpected </${name}>`;
    } else if (!selfClosing) {
      if (stack.length === 0) roots++;
      stack.push(name ?? "");
    } else if (stack.length === 0) roots++;
    i = open + whole.length;
  }
  if (stack.length > 0) return `unclosed <${stack.join("> <")}>`;
  return roots === 1 ? null : `${roots} root elements`;
}

describe("createDemoShop: determinism", () => {
  it("returns the same shop, byte for byte as JSON, for the same seed", () => {
    expect(JSON.stringify(createDemoShop())).toBe(JSON.stringify(shop));
    expect(JSON.stringify(createDemoShop({ seed: 42, orders: 500 }))).toBe(
      JSON.stringify(createDemoShop({ seed: 42, orders: 500 })),
    );
  });

  it("returns a different shop for a different seed", () => {
    const a = createDemoShop({ seed: 1, orders: 300 });
    const b = createDemoShop({ seed: 2, orders: 300 });
    expect(JSON.stringify(b)).not.toBe(JSON.stringify(a));
    expect(b.orders.map((o) => o.processedAt)).not.toEqual(a.orders.map((o) => o.processedAt));
  });

  it("keeps the catalogue and customers unchanged when only the order count changes", () => {
    const small = createDemoShop({ orders: 100 });
    expect(small.products).toEqual(shop.products);
    expect(small.collections).toEqual(shop.collections);
    expect(small.customers.map((c) => c.email)).toEqual(shop.customers.map((c) => c.email));
  });

  it("generates 5,000 orders by default", () => {
    expect(shop.orders).toHaveLength(5000);
  });
});

describe("createDemoShop: the store", () => {
  it("has the demo store's settings and no app data yet", () => {
    expect(shop).toMatchObject({
      domain: "attach-demo.myshopify.com",
      name: "Attach Demo Store",
      currencyCode: "USD",
      moneyFormat: "${{amount}}",
      moneyWithCurrencyFormat: "${{amount}} USD",
      primaryLocale: "en",
      ianaTimezone: "America/New_York",
      automaticAppDiscounts: [],
      bulkOperations: [],
      appMetafields: [],
    });
  });

  it("has 40–60 products, 6–10 collections and about 300 customers", () => {
    expect(shop.products.length).toBeGreaterThanOrEqual(40);
    expect(shop.products.length).toBeLessThanOrEqual(60);
    expect(shop.collections.length).toBeGreaterThanOrEqual(6);
    expect(shop.collections.length).toBeLessThanOrEqual(10);
    expect(shop.customers.length).toBeGreaterThanOrEqual(280);
    expect(shop.customers.length).toBeLessThanOrEqual(320);
  });

  it("honours the orders option", () => {
    expect(createDemoShop({ orders: 250 }).orders).toHaveLength(250);
    const empty = createDemoShop({ orders: 0 });
    expect(empty.orders).toEqual([]);
    expect(empty.nextOrderNumber).toBe(DEMO_SHOP_FIRST_ORDER_NUMBER);
  });

  it("rejects an invalid order count, seed or date", () => {
    expect(() => createDemoShop({ orders: -1 })).toThrow(RangeError);
    expect(() => createDemoShop({ orders: 2.5 })).toThrow(RangeError);
    expect(() => createDemoShop({ seed: Number.NaN })).toThrow(RangeError);
    expect(() => createDemoShop({ now: new Date("not a date") })).toThrow(RangeError);
  });

  it("gives every object an id unique across the shop, all below nextId", () => {
    const ids = allIds(shop);
    expect(duplicates(ids.map(([id]) => id))).toEqual([]);
    expect(ids.every(([id]) => Number.isSafeInteger(id) && id > 0 && id < shop.nextId)).toBe(true);
  });

  it("lists in each collection only existing products, laptops only in Laptops", () => {
    const productIds = new Set(shop.products.map((p) => p.id));
    for (const collection of shop.collections) {
      expect(collection.productIds.length, collection.handle).toBeGreaterThan(0);
      expect(
        collection.productIds.every((id) => productIds.has(id)),
        collection.handle,
      ).toBe(true);
    }
    const laptops = shop.collections.find((c) => c.title === "Laptops");
    const types = laptops?.productIds.map((id) => shop.products.find((p) => p.id === id)?.productType);
    expect(new Set(types)).toEqual(new Set(["Laptops"]));
  });
});

describe("createDemoShop: products", () => {
  it("gives products unique, URL-safe handles and an image under /cdn/products/", () => {
    const handles = shop.products.map((p) => p.handle);
    expect(duplicates(handles)).toEqual([]);
    for (const p of shop.products) {
      expect(p.handle).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(p.imageUrl).toBe(`/cdn/products/${p.handle}.svg`);
    }
  });

  it("gives every variant a unique SKU and option values matching the product's options", () => {
    const variants = shop.products.flatMap((p) => p.variants);
    expect(duplicates(variants.map((v) => v.sku))).toEqual([]);
    for (const p of shop.products) {
      for (const v of p.variants) {
        expect(v.productId).toBe(p.id);
        if (p.optionNames.length === 0) expect(v.title).toBe("Default Title");
        else {
          expect(v.options).toHaveLength(p.optionNames.length);
          expect(v.title).toBe(v.options.join(" / "));
        }
      }
      expect(duplicates(p.variants.map((v) => v.title)), p.handle).toEqual([]);
    }
  });

  it("prices in whole cents ending in .99 or .00, laptops between $899 and $2,499", () => {
    const variants = shop.products.flatMap((p) => p.variants);
    for (const v of variants) {
      expect(Number.isSafeInteger(v.price)).toBe(true);
      expect([0, 99]).toContain(v.price % 100);
      if (v.compareAtPrice !== null) expect(v.compareAtPrice).toBeGreaterThan(v.price);
    }
    expect(variants.filter((v) => v.compareAtPrice !== null).length).toBeGreaterThan(0);
    const laptopPrices = shop.products
      .filter((p) => p.productType === "Laptops")
      .flatMap((p) => p.variants.map((v) => v.price));
    expect(laptopPrices.length).toBeGreaterThanOrEqual(3);
    expect(Math.min(...laptopPrices)).toBeGreaterThanOrEqual(89_900);
    expect(Math.max(...laptopPrices)).toBeLessThanOrEqual(249_900);
  });

  it("keeps unit costs at 35–70% of price where known, and leaves a few unknown", () => {
    const variants = shop.products.flatMap((p) => p.variants);
    const known = variants.filter((v): v is EmulatedVariant & { unitCost: number } => v.unitCost !== null);
    for (const v of known) {
      expect(v.unitCost, v.sku).toBeLessThan(v.price);
      expect(v.unitCost / v.price, v.sku).toBeGreaterThanOrEqual(0.349);
      expect(v.unitCost / v.price, v.sku).toBeLessThanOrEqual(0.701);
    }
    expect(known.length / variants.length).toBeGreaterThan(0.6);
    expect(variants.length - known.length).toBeGreaterThan(0);
  });

  it("keeps inventory between 0 and 250", () => {
    for (const v of shop.products.flatMap((p) => p.variants)) {
      expect(v.inventoryQuantity).toBeGreaterThanOrEqual(0);
      expect(v.inventoryQuantity).toBeLessThanOrEqual(250);
    }
  });

  it("includes a gift card, a draft, a sold-out product, selling-plan-only variants and products without cost", () => {
    const giftCards = shop.products.filter((p) => p.isGiftCard);
    expect(giftCards).toHaveLength(1);
    expect(shop.products.filter((p) => p.status === "DRAFT")).toHaveLength(1);
    const soldOut = shop.products.filter((p) =>
      p.variants.every((v) => v.inventoryQuantity === 0 && v.inventoryPolicy === "deny"),
    );
    expect(soldOut).toHaveLength(1);
    expect(soldOut[0]?.status).toBe("ACTIVE");
    const sellingPlan = shop.products.filter((p) => p.variants.some((v) => v.requiresSellingPlan));
    expect(sellingPlan.map((p) => p.title).join()).toMatch(/smoothie/i);
    expect(shop.products.filter((p) => p.variants.every((v) => v.unitCost === null)).length).toBeGreaterThan(1);
  });

  it("has a gym membership with monthly and annual variants", () => {
    const membership = byHandle(shop, "pulse-gym-membership");
    expect(membership.variants.map((v) => v.title)).toEqual(["Monthly", "Annual"]);
  });
});

describe("createDemoShop: orders", () => {
  it("references an existing product and variant at the variant's price on every line item", () => {
    const variants = new Map(shop.products.flatMap((p) => p.variants.map((v) => [v.id, { p, v }] as const)));
    const problems: string[] = [];
    for (const order of shop.orders) {
      if (order.lineItems.length === 0) problems.push(`${order.name} has no line items`);
      for (const line of order.lineItems) {
        const found = variants.get(line.variantId);
        if (!found) {
          problems.push(`${order.name}: unknown variant ${line.variantId}`);
          continue;
        }
        const expected = {
          productId: found.p.id,
          price: found.v.price,
          title: found.p.title,
          variantTitle: found.v.title,
          sku: found.v.sku,
          isGiftCard: found.p.isGiftCard,
          properties: [],
          discountAllocations: [],
        };
        const actual = {
          productId: line.productId,
          price: line.price,
          title: line.title,
          variantTitle: line.variantTitle,
          sku: line.sku,
          isGiftCard: line.isGiftCard,
          properties: line.properties,
          discountAllocations: line.discountAllocations,
        };
        if (JSON.stringify(actual) !== JSON.stringify(expected))
          problems.push(`${order.name}: ${JSON.stringify(actual)}`);
        if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > 3) {
          problems.push(`${order.name}: quantity ${line.quantity}`);
        }
      }
      if (duplicates(order.lineItems.map((l) => l.productId)).length > 0)
        problems.push(`${order.name}: repeated product`);
    }
    expect(problems).toEqual([]);
  });

  it("never sells the draft product", () => {
    const draftIds = new Set(shop.products.filter((p) => p.status === "DRAFT").map((p) => p.id));
    expect(shop.orders.some((o) => contains(o, draftIds))).toBe(false);
  });

  it("sells mostly one of each, with 2–3 of consumables now and then", () => {
    const lines = shop.orders.flatMap((o) => o.lineItems);
    expect(lines.filter((l) => l.quantity === 1).length / lines.length).toBeGreaterThan(0.75);
    expect(lines.some((l) => l.quantity === 3)).toBe(true);
  });

  it("names orders #1001 onwards in processedAt order, and nextOrderNumber follows the last", () => {
    shop.orders.forEach((order, i) => {
      expect(order.name).toBe(`#${1001 + i}`);
      expect(order.createdAt).toBe(order.processedAt);
    });
    const times = shop.orders.map((o) => Date.parse(o.processedAt));
    expect(times.every((t, i) => i === 0 || t >= (times[i - 1] ?? 0))).toBe(true);
    expect(shop.nextOrderNumber).toBe(1001 + shop.orders.length);
  });

  it.each([
    ["the default date", undefined],
    ["a date passed in", new Date("2024-03-15T08:30:00Z")],
  ])("dates every order, cancellation and refund within the 12 months before %s", (_label, now) => {
    const s = now ? createDemoShop({ now, orders: 2000 }) : shop;
    const end = (now ?? DEFAULT_NOW).getTime();
    const start = twelveMonthsBefore(now ?? DEFAULT_NOW);
    const dates = s.orders.flatMap((o) => [
      o.processedAt,
      o.createdAt,
      ...(o.cancelledAt ? [o.cancelledAt] : []),
      ...o.refunds.map((r) => r.createdAt),
    ]);
    for (const date of dates) {
      const t = Date.parse(date);
      expect(t, date).toBeGreaterThan(start);
      expect(t, date).toBeLessThanOrEqual(end);
    }
    for (const o of s.orders) {
      for (const r of o.refunds) expect(Date.parse(r.createdAt)).toBeGreaterThanOrEqual(Date.parse(o.processedAt));
    }
    // Spread over the year, not bunched at one end.
    const months = new Set(s.orders.map((o) => o.processedAt.slice(0, 7)));
    expect(months.size).toBeGreaterThanOrEqual(12);
  });

  it("gives customers a sign-up date no later than their first order", () => {
    const firstOrder = new Map<number, string>();
    for (const o of shop.orders)
      if (o.customerId !== null && !firstOrder.has(o.customerId)) firstOrder.set(o.customerId, o.processedAt);
    for (const c of shop.customers) {
      const first = firstOrder.get(c.id);
      expect(Date.parse(c.createdAt)).toBeLessThanOrEqual(first ? Date.parse(first) : DEFAULT_NOW.getTime());
    }
  });

  it("has about 10% guest orders, without a customer but with an email", () => {
    const guests = shop.orders.filter((o) => o.customerId === null);
    expect(guests.length / shop.orders.length).toBeGreaterThan(0.07);
    expect(guests.length / shop.orders.length).toBeLessThan(0.13);
    expect(guests.every((o) => o.email?.endsWith("@example.com"))).toBe(true);
    const customers = new Map(shop.customers.map((c) => [c.id, c]));
    for (const o of shop.orders) if (o.customerId !== null) expect(o.email).toBe(customers.get(o.customerId)?.email);
  });

  it("buys laptop cases with laptops far more often than otherwise (lift > 2)", () => {
    const laptops = new Set(shop.products.filter((p) => p.productType === "Laptops").map((p) => p.id));
    const cases = new Set([byHandle(shop, "shellguard-hard-shell-laptop-case").id]);
    expect(lift(shop.orders, laptops, cases)).toBeGreaterThan(2);
  });

  it("buys memory cards with cameras and shakers with gym memberships far more often than otherwise", () => {
    const cameras = new Set(shop.products.filter((p) => p.productType === "Cameras").map((p) => p.id));
    const memoryCards = new Set([byHandle(shop, "velocity-uhs-ii-sd-memory-card").id]);
    expect(lift(shop.orders, cameras, memoryCards)).toBeGreaterThan(2);
    const membership = new Set([byHandle(shop, "pulse-gym-membership").id]);
    const shakers = new Set([byHandle(shop, "pulse-shaker-bottle").id]);
    expect(lift(shop.orders, membership, shakers)).toBeGreaterThan(2);
  });

  it("shows no such signal between unrelated families (laptops and coffee beans)", () => {
    const laptops = new Set(shop.products.filter((p) => p.productType === "Laptops").map((p) => p.id));
    const beans = new Set([byHandle(shop, "ridgeback-house-espresso-blend").id]);
    expect(lift(shop.orders, laptops, beans)).toBeLessThan(1);
  });

  it("matches a complement's size to the laptop's", () => {
    const aurora = byHandle(shop, "nimbus-aurora-laptop");
    const caseProduct = byHandle(shop, "shellguard-hard-shell-laptop-case");
    const sizeOf = (p: EmulatedProduct, variantId: number) =>
      p.variants.find((v) => v.id === variantId)?.options[p.optionNames.indexOf("Size")];
    const pairs = shop.orders.flatMap((o) => {
      const laptop = o.lineItems.find((l) => l.productId === aurora.id);
      const shell = o.lineItems.find((l) => l.productId === caseProduct.id);
      return laptop && shell ? [[sizeOf(aurora, laptop.variantId), sizeOf(caseProduct, shell.variantId)]] : [];
    });
    expect(pairs.length).toBeGreaterThan(20);
    for (const [laptopSize, caseSize] of pairs) expect(caseSize).toBe(laptopSize);
  });
});

describe("createDemoShop: refunds and cancellations", () => {
  it("refunds about 6% of orders and cancels about 1%", () => {
    const refunded = shop.orders.filter((o) => o.refunds.length > 0 && o.cancelledAt === null);
    const cancelled = shop.orders.filter((o) => o.cancelledAt !== null);
    expect(refunded.length / shop.orders.length).toBeGreaterThan(0.04);
    expect(refunded.length / shop.orders.length).toBeLessThan(0.08);
    expect(cancelled.length / shop.orders.length).toBeGreaterThan(0.005);
    expect(cancelled.length / shop.orders.length).toBeLessThan(0.02);
  });

  it("refunds lines at price × quantity, never more than was bought, restocked as returns", () => {
    for (const order of shop.orders) {
      const lines = new Map(order.lineItems.map((l) => [l.id, l]));
      for (const refund of order.refunds) {
        expect(refund.lines.length).toBeGreaterThan(0);
        for (const r of refund.lines) {
          const line = lines.get(r.lineItemId);
          expect(line, order.name).toBeDefined();
          if (!line) continue;
          expect(r.quantity).toBeGreaterThanOrEqual(1);
          expect(r.quantity).toBeLessThanOrEqual(line.quantity);
          expect(r.subtotal).toBe(line.price * r.quantity);
          if (order.cancelledAt === null) expect(r.restockType).toBe("return");
        }
      }
    }
  });

  it("refunds a cancelled order in full", () => {
    const cancelled = shop.orders.filter((o) => o.cancelledAt !== null);
    expect(cancelled.length).toBeGreaterThan(0);
    for (const order of cancelled) {
      const refunded = order.refunds.flatMap((r) => r.lines).reduce((sum, l) => sum + l.subtotal, 0);
      const total = order.lineItems.reduce((sum, l) => sum + l.price * l.quantity, 0);
      expect(refunded, order.name).toBe(total);
    }
  });

  it("has at least four chronic returners: 4+ orders, more than half refunded", () => {
    const stats = new Map<number, { orders: number; refunded: number }>();
    for (const o of shop.orders) {
      if (o.customerId === null) continue;
      const s = stats.get(o.customerId) ?? { orders: 0, refunded: 0 };
      s.orders++;
      if (o.refunds.length > 0) s.refunded++;
      stats.set(o.customerId, s);
    }
    const chronic = [...stats.values()].filter((s) => s.orders >= 4 && s.refunded / s.orders > 0.5);
    expect(chronic.length).toBeGreaterThanOrEqual(4);
    expect(chronic.length).toBeLessThanOrEqual(8);
  });
});

describe("createDemoShop: customers", () => {
  it("gives customers unique example.com emails and real-looking names", () => {
    expect(duplicates(shop.customers.map((c) => c.email))).toEqual([]);
    for (const c of shop.customers) {
      expect(c.email).toMatch(/^[a-z]+\.[a-z]+\d*@example\.com$/);
      expect(c.firstName).toMatch(/^\p{Lu}/u);
      expect(c.lastName).toMatch(/^\p{Lu}/u);
    }
  });

  it("tags most customers with nothing, a few as vip, ~5 with an open complaint, ~3 to handle manually", () => {
    const tagged = (tag: string) => shop.customers.filter((c) => c.tags.includes(tag)).length;
    expect(shop.customers.filter((c) => c.tags.length === 0).length / shop.customers.length).toBeGreaterThan(0.9);
    expect(tagged("vip")).toBeGreaterThanOrEqual(3);
    expect(tagged("vip")).toBeLessThanOrEqual(15);
    expect(tagged("complaint-open")).toBeGreaterThanOrEqual(4);
    expect(tagged("complaint-open")).toBeLessThanOrEqual(6);
    expect(tagged("vip-handle-manually")).toBeGreaterThanOrEqual(2);
    expect(tagged("vip-handle-manually")).toBeLessThanOrEqual(4);
  });
});

describe("createDemoShop: any seed and order count", () => {
  it("keeps ids unique, line items valid and names sequential", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: 0, max: 150 }), (seed, orders) => {
        const s = createDemoShop({ seed, orders });
        expect(s.orders).toHaveLength(orders);
        expect(duplicates(allIds(s).map(([id]) => id))).toEqual([]);
        expect(Math.max(...allIds(s).map(([id]) => id))).toBeLessThan(s.nextId);
        const prices = new Map(s.products.flatMap((p) => p.variants.map((v) => [v.id, v.price] as const)));
        for (const [i, o] of s.orders.entries()) {
          expect(o.name).toBe(`#${1001 + i}`);
          for (const l of o.lineItems) expect(prices.get(l.variantId)).toBe(l.price);
        }
      }),
      { numRuns: 25 },
    );
  });
});

describe("productImageSvg", () => {
  it("draws every product as well-formed SVG labelled with its title", () => {
    for (const p of shop.products) {
      const svg = productImageSvg(p);
      expect(wellFormedXmlProblem(svg), p.handle).toBeNull();
      expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(svg).toMatch(/^<svg [^>]*role="img"/);
      const labelledBy = /aria-labelledby="([^"]+)"/.exec(svg)?.[1];
      expect(svg).toContain(`<title id="${labelledBy}">`);
    }
  });

  it("escapes & and < in the title", () => {
    const svg = productImageSvg({ title: 'Salt & Pepper <Grinder> "Duo"', handle: "salt-pepper-grinder-duo" });
    expect(wellFormedXmlProblem(svg)).toBeNull();
    expect(svg).toContain("<title id=");
    expect(svg).toContain(">Salt &amp; Pepper &lt;Grinder&gt; &quot;Duo&quot;</title>");
    expect(svg).not.toContain("<Grinder>");
    // A real catalogue title with an ampersand.
    const kettle = shop.products.find((p) => p.title.includes("&"));
    expect(kettle).toBeDefined();
    if (kettle) expect(productImageSvg(kettle)).toContain(kettle.title.replace("&", "&amp;"));
  });

  it("stays well-formed for any title", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80, unit: "binary" }), fc.string({ maxLength: 30 }), (title, handle) => {
        expect(wellFormedXmlProblem(productImageSvg({ title, handle }))).toBeNull();
      }),
    );
  });

  it("derives the colour from the handle: the same for the same handle, different across products", () => {
    const fill = (svg: string) => /<rect [^>]*fill="([^"]+)"/.exec(svg)?.[1];
    const a = fill(productImageSvg({ title: "One", handle: "glide-wireless-mouse" }));
    expect(fill(productImageSvg({ title: "Two", handle: "glide-wireless-mouse" }))).toBe(a);
    const colours = new Set(shop.products.map((p) => fill(productImageSvg(p))));
    expect(colours.size).toBeGreaterThan(shop.products.length * 0.7);
  });
});
