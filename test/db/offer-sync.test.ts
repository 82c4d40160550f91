import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { BUNDLE_FUNCTION_ID, emulateShopify, type EmulatedShopify } from "./support/shopify";
import db from "../../app/db.server";
import { decodeDiscountRules, MAX_OFFER_METAFIELD_BYTES } from "../../app/domain/offer-metafields";
import { APP_DISCOUNT_TITLE, syncOffers, type OfferSyncContext } from "../../app/services/offer-sync.server";
import { shopData } from "../../app/services/shop-scope.server";
import type { EmulatedShop } from "../../local/shop/types";
import { demoShop } from "../unit/admin-api/fixture";
import { resetDatabase } from "./support/reset";

const P = (n: number) => `gid://shopify/Product/${n}`;
const LAPTOP = P(101);
const SLEEVE = P(102);
const MOUSE = P(103);
const ACCESSORIES = "gid://shopify/Collection/201"; // the sleeve and the mouse

/** The fixture shop with `count` more products, ids 5001…, each with one variant. */
function shopWithProducts(count: number): EmulatedShop {
  const shop = demoShop();
  const template = shop.products.find((p) => p.id === 102)!;
  for (let i = 0; i < count; i++) {
    const id = 5001 + i;
    shop.products.push({
      ...structuredClone(template),
      id,
      handle: `extra-${id}`,
      title: `Extra ${id}`,
      variants: [{ ...structuredClone(template.variants[0]!), id: id * 10, productId: id }],
      metafields: [],
    });
  }
  return shop;
}

async function bundle(shop: string, title: string, productIds: string[], createdAt = new Date()) {
  return shopData(shop).bundle.create({
    data: {
      shop,
      title,
      status: "active",
      discountKind: "fixed_price",
      discountValue: 9900,
      currencyCode: "USD",
      matchMode: "widget",
      createdAt,
      parts: {
        create: productIds.map((productId, position) => ({ shop, productId, quantity: 1 + (position % 2), position })),
      },
    },
  });
}

const appMetafields = (shopify: EmulatedShopify) =>
  shopify.store.shop.products.flatMap((p) => p.metafields.filter((m) => m.namespace === "$app:attach"));

describe(`the offer sync on ${process.env.ATTACH_TEST_PROVIDER}`, () => {
  let shopify: EmulatedShopify;
  let ctx: OfferSyncContext;

  beforeEach(async () => {
    await resetDatabase();
    vi.stubEnv("SHOPIFY_BUNDLE_DISCOUNT_ID", BUNDLE_FUNCTION_ID);
    shopify = emulateShopify();
    ctx = { shop: shopify.domain, admin: shopify.admin };
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await db.$disconnect();
  });

  it("creates the app's automatic discount once, with the shop's combination settings and config", async () => {
    await shopData(ctx.shop).shopSettings.create({
      data: { shop: ctx.shop, combinesWithOrderDiscounts: true, combinesWithShippingDiscounts: false },
    });
    const { id } = await bundle(ctx.shop, "Desk Kit", [LAPTOP, SLEEVE]);
    const first = await syncOffers(ctx, { productIds: [LAPTOP, SLEEVE], bundleIds: [id] });
    expect(first.bundles[id]).toEqual({ status: "live", error: null });

    const [discount] = shopify.store.shop.automaticAppDiscounts;
    expect(shopify.store.shop.automaticAppDiscounts).toHaveLength(1);
    expect(discount).toMatchObject({
      title: APP_DISCOUNT_TITLE,
      functionId: BUNDLE_FUNCTION_ID,
      discountClasses: ["PRODUCT"],
      combinesWith: { orderDiscounts: true, productDiscounts: false, shippingDiscounts: false },
      metafields: [
        expect.objectContaining({
          namespace: "$app:attach",
          key: "config",
          type: "json",
          value: '{"v":1,"paused":false}',
        }),
      ],
    });
    const settings = await db.shopSettings.findUniqueOrThrow({ where: { shop: ctx.shop } });
    expect(settings.discountId).toBe(`gid://shopify/DiscountAutomaticNode/${discount!.id}`);
  });

  it("is idempotent: syncing again writes nothing and creates no second discount", async () => {
    const { id } = await bundle(ctx.shop, "Desk Kit", [LAPTOP, SLEEVE]);
    await syncOffers(ctx, { productIds: [LAPTOP, SLEEVE], bundleIds: [id] });
    const before = JSON.stringify(shopify.store.shop.products.map((p) => p.metafields.map((m) => m.value)));
    shopify.operations.length = 0;
    const again = await syncOffers(ctx, { productIds: [LAPTOP, SLEEVE], bundleIds: [id] });
    expect(again.bundles[id]?.status).toBe("live");
    expect(again.productsChanged).toEqual([]);
    expect(shopify.operations.filter((op) => /Set|Delete|Create|Update/.test(op))).toEqual([]);
    expect(shopify.store.shop.automaticAppDiscounts).toHaveLength(1);
    expect(JSON.stringify(shopify.store.shop.products.map((p) => p.metafields.map((m) => m.value)))).toBe(before);
  });

  it("updates the same discount when the settings change, and finds it again if the app lost its id", async () => {
    const { id } = await bundle(ctx.shop, "Desk Kit", [LAPTOP, SLEEVE]);
    await syncOffers(ctx, { productIds: [LAPTOP], bundleIds: [id] });
    await shopData(ctx.shop).shopSettings.updateMany({
      data: { discountId: null, offersPaused: true, combinesWithProductDiscounts: true },
    });
    await syncOffers(ctx, { productIds: [LAPTOP], bundleIds: [id] });
    expect(shopify.store.shop.automaticAppDiscounts).toHaveLength(1);
    expect(shopify.store.shop.automaticAppDiscounts[0]).toMatchObject({
      combinesWith: { productDiscounts: true },
      metafields: [expect.objectContaining({ value: '{"v":1,"paused":true}' })],
    });
    expect((await db.shopSettings.findUniqueOrThrow({ where: { shop: ctx.shop } })).discountId).not.toBeNull();
  });

  it("keeps every value under 10,000 bytes for a product in 50 bundles, and all 50 apply at checkout", async () => {
    shopify = emulateShopify(shopWithProducts(50));
    ctx = { shop: shopify.domain, admin: shopify.admin };
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      const created = await bundle(
        ctx.shop,
        `Creator Kit no. ${i}`,
        [LAPTOP, P(5001 + i)],
        new Date(Date.UTC(2026, 0, 1, 0, i)),
      );
      ids.push(created.id);
    }
    const productIds = [LAPTOP, ...Array.from({ length: 50 }, (_, i) => P(5001 + i))];
    const result = await syncOffers(ctx, { productIds, bundleIds: ids });

    expect(Object.values(result.bundles).filter((s) => s.status !== "live")).toEqual([]);
    const values = appMetafields(shopify);
    expect(values.length).toBeGreaterThan(100);
    for (const m of values) expect(Buffer.byteLength(m.value, "utf8")).toBeLessThanOrEqual(MAX_OFFER_METAFIELD_BYTES);
    expect(decodeDiscountRules(shopify.metafield(LAPTOP, "discount_rules"))?.bundles).toHaveLength(50);
    // Shopify takes at most 25 metafields per metafieldsSet: the emulator refuses more, so the writes were split.
    expect(shopify.operations.filter((op) => op === "AttachMetafieldsSet").length).toBeGreaterThanOrEqual(5);
    expect(shopify.logs).toEqual([]);
  });

  it("leaves out the newest bundles of an overloaded product with a clear message, and keeps the rest live", async () => {
    shopify = emulateShopify(shopWithProducts(60));
    ctx = { shop: shopify.domain, admin: shopify.admin };
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) {
      const title = `${"A very long and descriptive bundle title for the laptop and its accessories".padEnd(95, ".")} ${i}`;
      ids.push((await bundle(ctx.shop, title, [LAPTOP, P(5001 + i)], new Date(Date.UTC(2026, 0, 1, 0, i)))).id);
    }
    const result = await syncOffers(ctx, {
      productIds: [LAPTOP, ...Array.from({ length: 60 }, (_, i) => P(5001 + i))],
      bundleIds: ids,
    });
    const failed = ids.filter((id) => result.bundles[id]?.status === "failed");
    expect(failed.length).toBeGreaterThan(0);
    expect(failed).toEqual(ids.slice(ids.length - failed.length));
    expect(result.bundles[failed[0]!]?.error).toMatch(
      /^Laptop 14 carries more bundle terms than Shopify's checkout reads \(10,000 bytes per product\), so this bundle was left out\./,
    );
    const stored = await db.bundle.findUniqueOrThrow({ where: { id: failed[0]! } });
    expect([stored.syncStatus, stored.syncError]).toEqual(["failed", result.bundles[failed[0]!]?.error]);
    for (const m of appMetafields(shopify)) expect(Buffer.byteLength(m.value, "utf8")).toBeLessThanOrEqual(10_000);
    expect(decodeDiscountRules(shopify.metafield(LAPTOP, "discount_rules"))?.bundles).toHaveLength(60 - failed.length);
  });

  it("marks a bundle failed, in the merchant's words, when its discount cannot be set up", async () => {
    vi.stubEnv("SHOPIFY_BUNDLE_DISCOUNT_ID", "");
    const { id } = await bundle(ctx.shop, "Desk Kit", [LAPTOP, SLEEVE]);
    const result = await syncOffers(ctx, { productIds: [LAPTOP, SLEEVE], bundleIds: [id] });
    expect(result.bundles[id]).toEqual({
      status: "failed",
      error:
        "The bundle discount could not be set up in Shopify, so checkout would not apply it: the app's bundle discount " +
        "function is not deployed (SHOPIFY_BUNDLE_DISCOUNT_ID is not set)",
    });
    expect((await db.bundle.findUniqueOrThrow({ where: { id } })).syncStatus).toBe("failed");
    expect(shopify.metafield(LAPTOP, "offers")).toBeDefined();
  });

  it("marks a bundle whose product was deleted in Shopify as needing attention and keeps it off the storefront", async () => {
    const { id } = await bundle(ctx.shop, "Desk Kit", [LAPTOP, P(999)]);
    const result = await syncOffers(ctx, { productIds: [LAPTOP, P(999)], bundleIds: [id] });
    expect(result.bundles[id]).toEqual({
      status: "failed",
      error: "A product in this bundle (Shopify product 999) was deleted in Shopify — edit or delete this bundle",
    });
    expect(shopify.metafield(LAPTOP, "offers")).toBeUndefined();
  });

  it("writes a pairing on its anchor product and on every product of an anchor collection, complements first", async () => {
    const scoped = shopData(ctx.shop);
    const own = await scoped.pairing.create({
      data: {
        shop: ctx.shop,
        anchorType: "product",
        anchorId: LAPTOP,
        heading: "Finish your setup",
        discountPercent: 10,
        complements: {
          create: [
            { shop: ctx.shop, productId: MOUSE, position: 0 },
            { shop: ctx.shop, productId: SLEEVE, position: 1 },
          ],
        },
      },
    });
    const collection = await scoped.pairing.create({
      data: {
        shop: ctx.shop,
        anchorType: "collection",
        anchorId: ACCESSORIES,
        complements: { create: [{ shop: ctx.shop, productId: LAPTOP, position: 0 }] },
      },
    });
    const { id: bundleId } = await bundle(ctx.shop, "Desk Kit", [LAPTOP, P(104)]);
    const result = await syncOffers(ctx, {
      productIds: [LAPTOP, SLEEVE, MOUSE, P(104)],
      pairingIds: [own.id, collection.id],
      bundleIds: [bundleId],
    });
    expect(result.pairings).toEqual({
      [own.id]: { status: "live", error: null },
      [collection.id]: { status: "live", error: null },
    });
    expect(shopify.metafield(LAPTOP, "pairing")).toEqual({
      v: 1,
      id: own.id,
      heading: "Finish your setup",
      percent: 10,
      complements: [MOUSE, SLEEVE],
    });
    expect(shopify.metafield(LAPTOP, "offer_products")).toEqual([MOUSE, SLEEVE, P(104)]);
    for (const product of [SLEEVE, MOUSE]) {
      expect(shopify.metafield(product, "pairing")).toEqual({
        v: 1,
        id: collection.id,
        heading: null,
        percent: null,
        complements: [LAPTOP],
      });
    }
    expect(decodeDiscountRules(shopify.metafield(SLEEVE, "discount_rules"))?.pairings).toEqual([
      { id: own.id, anchor: LAPTOP, percent: 10, title: "Finish your setup" },
    ]);
    expect((await db.pairing.findUniqueOrThrow({ where: { id: own.id } })).syncStatus).toBe("live");
    expect(shopify.logs).toEqual([]);
  });
});
