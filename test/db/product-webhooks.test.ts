// products/update and products/delete through the webhook inbox, against the emulated Shopify: the offers
// using a product Shopify can no longer sell are marked for attention and left off the storefront and out of
// the discount Function's rules (a pairing keeps its other complements), and are live again when it is back.
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { BUNDLE_FUNCTION_ID, emulateShopify, type EmulatedShopify } from "./support/shopify";
import db from "../../app/db.server";
import { decodeDiscountRules } from "../../app/domain/offer-metafields";
import { bundleEditorData, retryBundleSync } from "../../app/services/bundles.server";
import { acceptWebhook, processDelivery, processPendingDeliveries } from "../../app/services/order-ingestion.server";
import { retryPairingSync } from "../../app/services/pairings.server";
import { shopData } from "../../app/services/shop-scope.server";
import { productWebhookPayload } from "../../local/webhooks";
import { resetDatabase } from "./support/reset";

const P = (n: number) => `gid://shopify/Product/${n}`;
// The emulator fixture (test/unit/admin-api/fixture.ts): Laptop 14, Laptop Sleeve, Wireless Mouse.
const LAPTOP = P(101);
const SLEEVE = P(102);
const MOUSE = P(103);
const OTHER_SHOP = "other-shop.myshopify.com";

async function bundle(shop: string, title: string, productIds: string[]) {
  return shopData(shop).bundle.create({
    data: {
      shop,
      title,
      status: "active",
      discountKind: "percentage",
      discountValue: 10,
      currencyCode: "USD",
      parts: { create: productIds.map((productId, position) => ({ shop, productId, quantity: 1, position })) },
    },
  });
}

async function pairing(shop: string, anchorId: string, complements: string[]) {
  return shopData(shop).pairing.create({
    data: {
      shop,
      anchorType: "product",
      anchorId,
      heading: "Finish your setup",
      complements: { create: complements.map((productId, position) => ({ shop, productId, position })) },
    },
  });
}

const state = async (model: "bundle" | "pairing", id: string) => {
  const row =
    model === "bundle"
      ? await db.bundle.findUniqueOrThrow({ where: { id } })
      : await db.pairing.findUniqueOrThrow({ where: { id } });
  return { syncStatus: row.syncStatus, syncError: row.syncError };
};

describe(`products/update and products/delete on ${process.env.ATTACH_TEST_PROVIDER}`, () => {
  let shopify: EmulatedShopify;
  let shop: string;
  let webhookCount = 0;
  const adminFor = async () => shopify.admin;

  /** Stores a delivery as the inbox route does and processes it with an Admin client. */
  async function deliver(
    topic: "products/update" | "products/delete",
    payload: unknown,
    webhookId = `w${++webhookCount}`,
  ) {
    const accepted = await acceptWebhook({ shop, topic, webhookId, payload });
    if (!accepted.ok) throw new Error(JSON.stringify(accepted.errors));
    return { ...accepted, outcome: await processDelivery(accepted.id, shop, { adminFor }) };
  }
  const product = (id: number) => shopify.store.product(id)!;
  const bundleIds = (productId: string) =>
    (decodeDiscountRules(shopify.metafield(productId, "discount_rules"))?.bundles ?? []).map((b) => b.id);
  const offeredBundles = (productId: string) =>
    ((shopify.metafield(productId, "offers") as { bundles?: Array<{ id: string }> } | undefined)?.bundles ?? []).map(
      (b) => b.id,
    );
  const writes = () => shopify.operations.filter((op) => /Set|Delete|Create|Update/.test(op));

  beforeEach(async () => {
    await resetDatabase();
    vi.stubEnv("SHOPIFY_BUNDLE_DISCOUNT_ID", BUNDLE_FUNCTION_ID);
    shopify = emulateShopify();
    shop = shopify.domain;
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await db.$disconnect();
  });

  it("marks a bundle whose part was deleted, names the product, and takes it off the storefront and the Function's rules", async () => {
    const broken = await bundle(shop, "Laptop Carry Kit", [LAPTOP, SLEEVE]);
    const intact = await bundle(shop, "Laptop Desk Kit", [LAPTOP, MOUSE]);
    await retryBundleSync({ shop, admin: shopify.admin }, [broken.id, intact.id]);
    expect(bundleIds(LAPTOP).sort()).toEqual([broken.id, intact.id].sort());
    // An earlier products/update (a price change) is how the app still knows the deleted product's title.
    expect((await deliver("products/update", productWebhookPayload(product(102)))).outcome).toBe("processed");

    shopify.store.deleteProduct(102);
    const { outcome } = await deliver("products/delete", { id: 102 });

    expect(outcome).toBe("processed");
    expect(await state("bundle", broken.id)).toEqual({
      syncStatus: "failed",
      syncError: "Laptop Sleeve was deleted in Shopify — edit or delete this bundle",
    });
    expect(await state("bundle", intact.id)).toEqual({ syncStatus: "live", syncError: null });
    expect(bundleIds(LAPTOP)).toEqual([intact.id]);
    expect(offeredBundles(LAPTOP)).toEqual([intact.id]);
    // The merchant can still open it to edit or delete it.
    const editor = await bundleEditorData({ shop, admin: shopify.admin }, broken.id);
    expect(editor?.bundle).toMatchObject({ sync: "failed", syncError: expect.stringContaining("Laptop Sleeve") });
    expect(editor?.form.parts.map((p) => p.productId)).toEqual([LAPTOP, SLEEVE]);
    expect(shopify.logs).toEqual([]);
  });

  it("keeps a pairing's other complements when one is archived, and puts everything back when it is active again", async () => {
    const kit = await bundle(shop, "Laptop Carry Kit", [LAPTOP, SLEEVE]);
    const setup = await pairing(shop, LAPTOP, [MOUSE, SLEEVE]);
    await retryBundleSync({ shop, admin: shopify.admin }, [kit.id]);
    await retryPairingSync({ shop, admin: shopify.admin }, [setup.id]);
    expect(shopify.metafield(LAPTOP, "pairing")).toMatchObject({ complements: [MOUSE, SLEEVE] });

    await deliver("products/update", productWebhookPayload(shopify.store.setProductStatus(102, "ARCHIVED")!));
    expect(shopify.metafield(LAPTOP, "pairing")).toMatchObject({ id: setup.id, complements: [MOUSE] });
    expect(await state("pairing", setup.id)).toEqual({
      syncStatus: "failed",
      syncError:
        "Laptop Sleeve is no longer active in Shopify, so it is no longer recommended with the others — edit or delete this pairing",
    });
    expect(await state("bundle", kit.id)).toEqual({
      syncStatus: "failed",
      syncError: "Laptop Sleeve is no longer active in Shopify — edit or delete this bundle",
    });
    expect(bundleIds(LAPTOP)).toEqual([]);

    await deliver("products/update", productWebhookPayload(shopify.store.setProductStatus(102, "ACTIVE")!));
    expect(shopify.metafield(LAPTOP, "pairing")).toMatchObject({ complements: [MOUSE, SLEEVE] });
    expect(await state("pairing", setup.id)).toEqual({ syncStatus: "live", syncError: null });
    expect(await state("bundle", kit.id)).toEqual({ syncStatus: "live", syncError: null });
    expect(bundleIds(LAPTOP)).toEqual([kit.id]);
    expect(offeredBundles(SLEEVE)).toEqual([kit.id]);
  });

  it("leaves out a pairing whose anchor was archived, and a bundle whose part has nothing left to sell", async () => {
    const setup = await pairing(shop, LAPTOP, [MOUSE]);
    const kit = await bundle(shop, "Mouse Kit", [SLEEVE, MOUSE]);
    await retryPairingSync({ shop, admin: shopify.admin }, [setup.id]);
    await retryBundleSync({ shop, admin: shopify.admin }, [kit.id]);

    await deliver("products/update", productWebhookPayload(shopify.store.setProductStatus(101, "ARCHIVED")!));
    expect(shopify.metafield(LAPTOP, "pairing")).toBeUndefined();
    expect((await state("pairing", setup.id)).syncError).toBe(
      "Laptop 14 is no longer active in Shopify, so this pairing is not shown — edit or delete this pairing",
    );

    // Sold out, and the variant stops selling at zero (the emulator has no admin action for stock).
    const mouse = product(103) as unknown as { variants: Array<{ inventoryQuantity: number }> };
    mouse.variants[0]!.inventoryQuantity = 0;
    await deliver("products/update", productWebhookPayload(product(103)));
    expect(await state("bundle", kit.id)).toEqual({
      syncStatus: "failed",
      syncError: "Wireless Mouse has no variant available for sale in Shopify — edit or delete this bundle",
    });
    expect(bundleIds(SLEEVE)).toEqual([]);
  });

  it("is idempotent: a redelivered webhook and a repeated change write nothing more to Shopify", async () => {
    const kit = await bundle(shop, "Laptop Carry Kit", [LAPTOP, SLEEVE]);
    await retryBundleSync({ shop, admin: shopify.admin }, [kit.id]);
    shopify.store.deleteProduct(102);
    const first = await deliver("products/delete", { id: 102 }, "delete-102");
    const rules = shopify.metafield(LAPTOP, "discount_rules");
    shopify.operations.length = 0;

    const again = await deliver("products/delete", { id: 102 }, "delete-102");
    expect(again).toMatchObject({ duplicate: true, id: first.id, outcome: "skipped" });
    expect(shopify.operations).toEqual([]);
    // The same change sent again under a new webhook id (Shopify may send several): processed, nothing written.
    expect((await deliver("products/delete", { id: 102 })).outcome).toBe("processed");
    expect(writes()).toEqual([]);
    expect(shopify.metafield(LAPTOP, "discount_rules")).toEqual(rules);
    expect((await state("bundle", kit.id)).syncError).toBe(
      "A product in this bundle (Shopify product 102) was deleted in Shopify — edit or delete this bundle",
    );
    expect(await db.webhookDelivery.count({ where: { shop, status: "processed" } })).toBe(2);
  });

  it("changes nothing for another shop's offers using the same product id", async () => {
    const mine = await bundle(shop, "Laptop Carry Kit", [LAPTOP, SLEEVE]);
    const theirs = await bundle(OTHER_SHOP, "Laptop Carry Kit", [LAPTOP, SLEEVE]);
    await shopData(OTHER_SHOP).bundle.updateMany({ data: { syncStatus: "live" } });
    await retryBundleSync({ shop, admin: shopify.admin }, [mine.id]);

    shopify.store.deleteProduct(102);
    await deliver("products/delete", { id: 102 });
    expect((await state("bundle", mine.id)).syncStatus).toBe("failed");
    expect(await state("bundle", theirs.id)).toEqual({ syncStatus: "live", syncError: null });
  });

  it("skips the sync for a product that can still be sold when every offer using it is live", async () => {
    const kit = await bundle(shop, "Laptop Carry Kit", [LAPTOP, SLEEVE]);
    await retryBundleSync({ shop, admin: shopify.admin }, [kit.id]);
    shopify.operations.length = 0;
    expect((await deliver("products/update", productWebhookPayload(product(102)))).outcome).toBe("processed");
    expect(shopify.operations).toEqual([]);
  });

  it("leaves a product delivery for the sweep when no Admin client is at hand, and the sweep processes it", async () => {
    const kit = await bundle(shop, "Laptop Carry Kit", [LAPTOP, SLEEVE]);
    await retryBundleSync({ shop, admin: shopify.admin }, [kit.id]);
    shopify.store.deleteProduct(102);
    const accepted = await acceptWebhook({ shop, topic: "PRODUCTS_DELETE", webhookId: "late", payload: { id: 102 } });
    expect(accepted.ok).toBe(true);
    const id = accepted.ok ? accepted.id : "";
    expect(await processDelivery(id, shop)).toBe("skipped");
    expect((await db.webhookDelivery.findUniqueOrThrow({ where: { id } })).status).toBe("received");

    expect(await processPendingDeliveries({ shop, adminFor })).toMatchObject({ processed: 1 });
    expect((await state("bundle", kit.id)).syncStatus).toBe("failed");
  });

  it("refuses a product payload it cannot read, naming the field, and stores nothing", async () => {
    const refused = await acceptWebhook({
      shop,
      topic: "PRODUCTS_UPDATE",
      webhookId: "bad",
      payload: { id: "not-a-number", status: "active" },
    });
    expect(refused.ok).toBe(false);
    expect(refused.ok ? [] : refused.errors.map((e) => e.field)).toContain("id");
    expect(await db.webhookDelivery.count()).toBe(0);
  });
});
