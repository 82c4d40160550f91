import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { BUNDLE_FUNCTION_ID, emulateShopify, type EmulatedShopify } from "./support/shopify";
import db from "../../app/db.server";
import { PAIRING_MESSAGES } from "../../app/domain/pairing";
import {
  addComplementToPairing,
  createPairing,
  deletePairings,
  listPairings,
  pairingEditorData,
  PAIRING_SERVICE_MESSAGES,
  retryPairingSync,
  setPairingsStatus,
  titleSearchQuery,
  updatePairing,
  type PairingServiceContext,
} from "../../app/services/pairings.server";
import { shopData } from "../../app/services/shop-scope.server";
import { demoShop } from "../unit/admin-api/fixture";
import { resetDatabase } from "./support/reset";

const P = (n: number) => `gid://shopify/Product/${n}`;
// The emulator fixture (test/unit/admin-api/fixture.ts): Laptop 14, Laptop Sleeve, Wireless Mouse, Gift Card,
// Studio Headphones; the Accessories collection holds the sleeve and the mouse.
const LAPTOP = P(101);
const SLEEVE = P(102);
const MOUSE = P(103);
const HEADPHONES = P(105);
const ACCESSORIES = "gid://shopify/Collection/201";
const MISSING = P(999);

const input = (overrides: Record<string, unknown> = {}) => ({
  anchor: { type: "product", id: LAPTOP },
  complements: [MOUSE, SLEEVE],
  discountPercent: 10,
  heading: "Finish your setup",
  ...overrides,
});

const mutations = (shopify: EmulatedShopify) =>
  shopify.operations.filter((op) => /(Set|Delete|Create|Update)$/.test(op));

describe(`pairings on ${process.env.ATTACH_TEST_PROVIDER}`, () => {
  let shopify: EmulatedShopify;
  let ctx: PairingServiceContext;

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

  const created = async (overrides: Record<string, unknown> = {}) => {
    const saved = await createPairing(ctx, input(overrides));
    if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
    return saved.pairing;
  };

  it("creates a pairing, keeps the complements in the merchant's order and publishes it to the anchor", async () => {
    const pairing = await created();
    expect(pairing).toMatchObject({
      anchorType: "product",
      anchorId: LAPTOP,
      anchorTitle: "Laptop 14",
      complementIds: [MOUSE, SLEEVE],
      complementCount: 2,
      status: "active",
      source: "manual",
      discount: "10% off",
      sync: "live",
    });
    expect(shopify.metafield(LAPTOP, "pairing")).toEqual({
      v: 1,
      id: pairing.id,
      heading: "Finish your setup",
      percent: 10,
      complements: [MOUSE, SLEEVE],
    });
    expect(shopify.metafield(LAPTOP, "offer_products")).toEqual([MOUSE, SLEEVE]);
    // The discount reaches checkout through the complements' rules.
    expect(shopify.metafield(MOUSE, "discount_rules")).toBeDefined();
    expect(shopify.logs).toEqual([]);
  });

  it("refuses invalid input with every field's error, and stores and publishes nothing", async () => {
    const saved = await createPairing(
      ctx,
      input({ complements: [MOUSE, MOUSE, LAPTOP], discountPercent: 95, heading: "x".repeat(81) }),
    );
    expect(saved).toEqual({
      ok: false,
      errors: [
        { field: "complements[1]", message: PAIRING_MESSAGES.duplicateComplement },
        { field: "discountPercent", message: PAIRING_MESSAGES.discountPercent },
        { field: "heading", message: PAIRING_MESSAGES.headingTooLong },
        { field: "complements[2]", message: PAIRING_MESSAGES.selfComplement },
      ],
    });
    const missing = await createPairing(ctx, input({ complements: [MOUSE, MISSING] }));
    expect(missing).toEqual({
      ok: false,
      errors: [{ field: "complements[1]", message: PAIRING_SERVICE_MESSAGES.productMissing }],
    });
    const wrongKind = await createPairing(
      ctx,
      input({ anchor: { type: "collection", id: "gid://shopify/Collection/9" } }),
    );
    expect(wrongKind).toEqual({
      ok: false,
      errors: [{ field: "anchor", message: PAIRING_SERVICE_MESSAGES.anchorCollectionMissing }],
    });
    expect(await db.pairing.count()).toBe(0);
    expect(await db.pairingComplement.count()).toBe(0);
    expect(mutations(shopify)).toEqual([]);
  });

  it("allows one pairing per anchor and names the anchor that already has one", async () => {
    await created();
    const second = await createPairing(ctx, input({ complements: [HEADPHONES] }));
    expect(second).toEqual({
      ok: false,
      errors: [{ field: "anchor", message: PAIRING_SERVICE_MESSAGES.anchorTaken("Laptop 14") }],
      conflict: "anchor-taken",
    });
    expect(await db.pairing.count()).toBe(1);
  });

  it("expands a collection anchor to its products, and a product's own pairing wins over its collection's", async () => {
    const collection = await created({ anchor: { type: "collection", id: ACCESSORIES }, complements: [LAPTOP] });
    expect(collection.anchorTitle).toBe("Accessories");
    for (const product of [SLEEVE, MOUSE]) {
      expect(shopify.metafield(product, "pairing")).toMatchObject({ id: collection.id, complements: [LAPTOP] });
    }
    // The fixture's headphones are archived, and an archived product is never offered: make them active.
    shopify.store.setProductStatus(105, "ACTIVE");
    const own = await created({ anchor: { type: "product", id: SLEEVE }, complements: [HEADPHONES] });
    expect(shopify.metafield(SLEEVE, "pairing")).toMatchObject({ id: own.id, complements: [HEADPHONES] });
    expect(shopify.metafield(MOUSE, "pairing")).toMatchObject({ id: collection.id });

    // Without its own pairing the sleeve falls back to the collection's.
    await deletePairings(ctx, [own.id]);
    expect(shopify.metafield(SLEEVE, "pairing")).toMatchObject({ id: collection.id, complements: [LAPTOP] });
  });

  it("saves a reorder and a new anchor, and takes the pairing off the old anchor", async () => {
    shopify.store.setProductStatus(105, "ACTIVE"); // archived in the fixture
    const pairing = await created();
    const saved = await updatePairing(
      ctx,
      pairing.id,
      input({ anchor: { type: "product", id: HEADPHONES }, complements: [SLEEVE, MOUSE], discountPercent: null }),
      pairing.updatedAt,
    );
    expect(saved).toMatchObject({ ok: true, pairing: { anchorId: HEADPHONES, complementIds: [SLEEVE, MOUSE] } });
    expect(shopify.metafield(HEADPHONES, "pairing")).toMatchObject({ complements: [SLEEVE, MOUSE], percent: null });
    expect(shopify.metafield(LAPTOP, "pairing")).toBeUndefined();
    expect(shopify.metafield(LAPTOP, "offer_products")).toBeUndefined();
    expect(shopify.metafield(MOUSE, "discount_rules")).toBeUndefined();
  });

  it("refuses an edit made on an older version, changing nothing in the database or in Shopify", async () => {
    const pairing = await created();
    const first = await updatePairing(ctx, pairing.id, input({ complements: [SLEEVE] }), pairing.updatedAt);
    expect(first?.ok).toBe(true);
    const before = await db.pairing.findUniqueOrThrow({ where: { id: pairing.id }, include: { complements: true } });
    const operations = shopify.operations.length;

    const second = await updatePairing(ctx, pairing.id, input({ complements: [HEADPHONES] }), pairing.updatedAt);
    expect(second).toEqual({
      ok: false,
      errors: [{ field: "form", message: PAIRING_SERVICE_MESSAGES.stale }],
      conflict: "stale",
    });
    expect(await db.pairing.findUniqueOrThrow({ where: { id: pairing.id }, include: { complements: true } })).toEqual(
      before,
    );
    expect(shopify.operations.length).toBe(operations);
    expect(shopify.metafield(LAPTOP, "pairing")).toMatchObject({ complements: [SLEEVE] });
  });

  it("keeps a suggested pairing's source through an edit", async () => {
    const pairing = await created({ source: "suggested" });
    const saved = await updatePairing(ctx, pairing.id, input({ heading: "" }), pairing.updatedAt);
    expect(saved).toMatchObject({ ok: true, pairing: { source: "suggested", heading: null } });
  });

  it("pauses and activates: a paused pairing is taken off the storefront and checkout", async () => {
    const pairing = await created();
    const paused = await setPairingsStatus(ctx, [pairing.id], "paused");
    expect(paused.changed).toEqual([pairing.id]);
    expect(shopify.metafield(LAPTOP, "pairing")).toBeUndefined();
    expect(shopify.metafield(MOUSE, "discount_rules")).toBeUndefined();
    expect((await pairingEditorData(ctx, pairing.id))?.pairing?.sync).toBe("off");

    await setPairingsStatus(ctx, [pairing.id], "active");
    expect(shopify.metafield(LAPTOP, "pairing")).toMatchObject({ id: pairing.id });
    expect((await pairingEditorData(ctx, pairing.id))?.pairing?.sync).toBe("live");
  });

  it("deletes pairings and removes their metafields", async () => {
    const pairing = await created();
    const result = await deletePairings(ctx, [pairing.id, "not-a-pairing"]);
    expect(result.deleted).toEqual([pairing.id]);
    expect(await db.pairingComplement.count()).toBe(0);
    for (const key of ["pairing", "offer_products"]) expect(shopify.metafield(LAPTOP, key)).toBeUndefined();
    expect(shopify.metafield(MOUSE, "discount_rules")).toBeUndefined();
  });

  it("records a failed sync with the reason, and Retry publishes it", async () => {
    vi.stubEnv("SHOPIFY_BUNDLE_DISCOUNT_ID", "");
    const pairing = await created();
    expect(pairing.sync).toBe("failed");
    expect(pairing.syncError).toMatch(/bundle discount could not be set up/);

    vi.stubEnv("SHOPIFY_BUNDLE_DISCOUNT_ID", BUNDLE_FUNCTION_ID);
    const retried = await retryPairingSync(ctx, [pairing.id]);
    expect(retried?.pairings[pairing.id]).toEqual({ status: "live", error: null });
    expect(await db.pairing.findUniqueOrThrow({ where: { id: pairing.id } })).toMatchObject({
      syncStatus: "live",
      syncError: null,
    });
  });

  describe("adding a complement to an anchor's pairing (accepting a suggestion)", () => {
    it("creates an active, suggested pairing when the anchor has none", async () => {
      const result = await addComplementToPairing(ctx, LAPTOP, MOUSE);
      expect(result).toMatchObject({
        ok: true,
        created: true,
        added: true,
        pairing: { anchorId: LAPTOP, complementIds: [MOUSE], status: "active", source: "suggested", sync: "live" },
      });
      expect(shopify.metafield(LAPTOP, "pairing")).toMatchObject({ complements: [MOUSE] });
    });

    it("appends to the anchor's pairing, keeping its settings, and changes nothing for a product already in it", async () => {
      const pairing = await created({ complements: [MOUSE] });
      const added = await addComplementToPairing(ctx, LAPTOP, SLEEVE);
      expect(added).toMatchObject({
        ok: true,
        created: false,
        added: true,
        pairing: { id: pairing.id, complementIds: [MOUSE, SLEEVE], source: "manual", discountPercent: 10 },
      });
      expect(shopify.metafield(LAPTOP, "pairing")).toMatchObject({ complements: [MOUSE, SLEEVE] });

      const writes = mutations(shopify).length;
      const again = await addComplementToPairing(ctx, LAPTOP, SLEEVE);
      expect(again).toMatchObject({ ok: true, created: false, added: false, sync: null });
      expect(mutations(shopify).length).toBe(writes);
      expect(await db.pairingComplement.count()).toBe(2);
    });

    it("refuses the anchor itself, a product Shopify does not have, and an eleventh complement", async () => {
      expect(await addComplementToPairing(ctx, LAPTOP, LAPTOP)).toEqual({
        ok: false,
        errors: [{ field: "complements[0]", message: PAIRING_MESSAGES.selfComplement }],
      });
      expect(await addComplementToPairing(ctx, LAPTOP, MISSING)).toEqual({
        ok: false,
        errors: [{ field: "complements[0]", message: PAIRING_SERVICE_MESSAGES.productMissing }],
      });
      expect(await db.pairing.count()).toBe(0);

      const shop = demoShop();
      const template = shop.products.find((p) => p.id === 102)!;
      for (let id = 5001; id <= 5011; id++) {
        shop.products.push({
          ...structuredClone(template),
          id,
          handle: `extra-${id}`,
          title: `Extra ${id}`,
          variants: [{ ...structuredClone(template.variants[0]!), id: id * 10, productId: id }],
          metafields: [],
        });
      }
      shopify = emulateShopify(shop);
      ctx = { shop: shopify.domain, admin: shopify.admin };
      for (let id = 5001; id <= 5010; id++) expect((await addComplementToPairing(ctx, LAPTOP, P(id))).ok).toBe(true);
      expect(await addComplementToPairing(ctx, LAPTOP, P(5011))).toEqual({
        ok: false,
        errors: [{ field: "complements", message: PAIRING_MESSAGES.tooManyComplements }],
      });
      expect(await db.pairingComplement.count()).toBe(10);
    });
  });

  it("lists pairings with their anchors, searches by anchor title or heading, filters by status and pages", async () => {
    const laptop = await created();
    const accessories = await created({
      anchor: { type: "collection", id: ACCESSORIES },
      complements: [LAPTOP],
      heading: "Pairs well",
    });
    await setPairingsStatus(ctx, [accessories.id], "paused");

    const all = await listPairings(ctx);
    expect(all).toMatchObject({ total: 2, page: 1, pageCount: 1, hasPairings: true });
    expect(all.pairings.map((p) => [p.anchorTitle, p.complementCount, p.status, p.sync])).toEqual([
      ["Accessories", 1, "paused", "off"],
      ["Laptop 14", 2, "active", "live"],
    ]);
    expect((await listPairings(ctx, { search: "lapt" })).pairings.map((p) => p.id)).toEqual([laptop.id]);
    expect((await listPairings(ctx, { search: "PAIRS" })).pairings.map((p) => p.id)).toEqual([accessories.id]);
    expect((await listPairings(ctx, { search: "nothing like it" })).total).toBe(0);
    expect((await listPairings(ctx, { statuses: ["paused"] })).pairings.map((p) => p.id)).toEqual([accessories.id]);
    const paged = await listPairings(ctx, { pageSize: 1, page: 2, sort: "created-asc" });
    expect(paged).toMatchObject({ total: 2, page: 2, pageCount: 2 });
    expect(paged.pairings.map((p) => p.id)).toEqual([accessories.id]);
  });

  it("searches Shopify with a title prefix per word", () => {
    expect(titleSearchQuery("  Desk lam ")).toBe("title:desk* title:lam*");
    expect(titleSearchQuery("a:b (c)")).toBe("title:a* title:b* title:c*");
    expect(titleSearchQuery(" - ")).toBeNull();
  });

  it("never reads or changes another shop's pairings, whatever ids it is given", async () => {
    const pairing = await created();
    const before = await db.pairing.findUniqueOrThrow({ where: { id: pairing.id }, include: { complements: true } });
    const rival = emulateShopify({ ...demoShop(), domain: "rival-store.myshopify.com" });
    const rivalCtx = { shop: rival.domain, admin: rival.admin };

    expect(await pairingEditorData(rivalCtx, pairing.id)).toBeNull();
    expect(await updatePairing(rivalCtx, pairing.id, input({ complements: [SLEEVE] }), pairing.updatedAt)).toBeNull();
    expect((await deletePairings(rivalCtx, [pairing.id])).deleted).toEqual([]);
    expect((await setPairingsStatus(rivalCtx, [pairing.id], "paused")).changed).toEqual([]);
    expect(await retryPairingSync(rivalCtx, [pairing.id])).toBeNull();
    expect((await listPairings(rivalCtx)).hasPairings).toBe(false);
    // The rival's own pairing for the same anchor is its own business.
    expect((await addComplementToPairing(rivalCtx, LAPTOP, SLEEVE)).ok).toBe(true);

    expect(await db.pairing.findUniqueOrThrow({ where: { id: pairing.id }, include: { complements: true } })).toEqual(
      before,
    );
    expect(await shopData(ctx.shop).pairing.count()).toBe(1);
    expect(shopify.metafield(LAPTOP, "pairing")).toMatchObject({ id: pairing.id, complements: [MOUSE, SLEEVE] });
  });
});
