// The Suggestions page and its actions through the app's real authenticate.admin, over co-purchase counts
// built by ingesting orders, with Shopify's product data (titles, gift cards, stock, status) from the
// Admin API emulator.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { adminRequest, BUNDLE_FUNCTION_ID, callRoute, emulateShopify, installApp } from "./support/shopify";
import db from "../../app/db.server";
import { loader as complementsLoader } from "../../app/routes/app.suggested-complements";
import { action, loader } from "../../app/routes/app.suggestions";
import { ingestWebhook } from "../../app/services/order-ingestion.server";
import { suggestedComplements } from "../../app/services/suggestions.server";
import type { EmulatedProduct } from "../../local/shop/types";
import { orderPayload } from "../support/order-webhooks";
import { demoShop } from "../unit/admin-api/fixture";
import { resetDatabase } from "./support/reset";

const P = (n: number) => `gid://shopify/Product/${n}`;
// The emulator fixture's Laptop 14 (101), Laptop Sleeve (102), Wireless Mouse (103), Gift Card (104) and
// Studio Headphones (105, archived), plus a sold-out dock (106) and a stand (107).
const [LAPTOP, SLEEVE, MOUSE, GIFT_CARD, HEADPHONES, DOCK, STAND] = [101, 102, 103, 104, 105, 106, 107].map(P) as [
  string,
  string,
  string,
  string,
  string,
  string,
  string,
];

function shopWithMoreProducts() {
  const shop = demoShop();
  const mouse = shop.products.find((p) => p.id === 103)!;
  const copy = (id: number, title: string, inventoryQuantity: number): EmulatedProduct => ({
    ...mouse,
    id,
    title,
    handle: title.toLowerCase().replace(/\s+/g, "-"),
    variants: mouse.variants.map((v) => ({ ...v, id: id * 10 + 1, productId: id, inventoryQuantity })),
  });
  shop.products.push(copy(106, "USB-C Dock", 0), copy(107, "Laptop Stand", 12));
  return shop;
}

type LoaderData = Exclude<Awaited<ReturnType<typeof loader>>, Response>;
type ActionResult = { status: number; body: { ok: boolean; message: string } };

function unwrap(result: unknown): ActionResult {
  const withInit = result as { type?: string; data?: unknown; init?: { status?: number } | null };
  if (withInit?.type === "DataWithResponseInit") {
    return { status: withInit.init?.status ?? 200, body: withInit.data as ActionResult["body"] };
  }
  return { status: 200, body: result as ActionResult["body"] };
}

describe(`suggestions on ${process.env.ATTACH_TEST_PROVIDER}`, () => {
  let shop: string;
  let admin: ReturnType<typeof emulateShopify>["admin"];
  let orderId = 0;

  /** `times` orders of these products (product numbers), through the order webhook. */
  const orders = async (times: number, products: number[], target = shop) => {
    for (let i = 0; i < times; i++) {
      const id = ++orderId;
      const payload = orderPayload({
        id,
        processedAt: "2026-03-01T10:00:00Z",
        lines: products.map((productId, n) => ({ id: id * 10 + n, productId, quantity: 1, price: 1000 })),
      });
      await ingestWebhook({ shop: target, topic: "orders/create", webhookId: `w-${id}`, payload });
    }
  };

  const page = async (query = "") =>
    (await callRoute(loader, adminRequest(shop, `/app/suggestions${query}`))) as LoaderData;
  const act = async (form: Record<string, string>) =>
    unwrap(await callRoute(action, adminRequest(shop, "/app/suggestions", { form })));
  const complementsOf = (data: LoaderData, anchorId: string) =>
    data.groups.find((g) => g.anchor.id === anchorId)?.suggestions.map((s) => s.complementTitle);

  // The orders are ingested once; each test starts without pairings, bundles or hidden products.
  beforeAll(async () => {
    await resetDatabase();
    vi.stubEnv("SHOPIFY_BUNDLE_DISCOUNT_ID", BUNDLE_FUNCTION_ID);
    const shopify = emulateShopify(shopWithMoreProducts());
    shop = shopify.domain;
    admin = shopify.admin;
    await installApp(shop);
    // 51 orders; the laptop is in 36. Each accessory is bought only with it, so every pair's lift is 51/36.
    await orders(6, [101, 102]);
    await orders(5, [101, 103]);
    await orders(5, [101, 104]);
    await orders(5, [101, 105]);
    await orders(5, [101, 106]);
    await orders(5, [101, 107]);
    await orders(4, [101, 900]);
    await orders(1, [101]);
    await orders(15, [900]);
  });
  beforeEach(async () => {
    await db.pairing.deleteMany();
    await db.bundle.deleteMany();
    await db.hiddenSuggestionProduct.deleteMany();
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await db.$disconnect();
  });

  it("lists each product's complements with the evidence, without gift cards, sold-out or archived products", async () => {
    const data = await page();
    expect(data.orders).toBe(51);
    const laptop = data.groups.find((g) => g.anchor.id === LAPTOP)!;
    expect(laptop.anchor).toEqual({ id: LAPTOP, title: "Laptop 14", orders: 36 });
    // Equal lift: more orders together first, then byte order of the product ids.
    expect(laptop.suggestions.map((s) => s.complementTitle)).toEqual([
      "Laptop Sleeve",
      "Wireless Mouse",
      "Laptop Stand",
    ]);
    expect(laptop.suggestions[0]!.evidence).toBe(
      "Bought together in 6 of 36 Laptop 14 orders — 16.7%, 1.4× more often than chance",
    );
    // Product 900 (4 orders with the laptop) is under the minimum, and unknown to Shopify anyway.
    // Each accessory suggests the laptop; the gift card and the archived headphones are no anchors, but
    // the sold-out dock is (the laptop is in stock).
    expect(complementsOf(data, SLEEVE)).toEqual(["Laptop 14"]);
    expect(complementsOf(data, DOCK)).toEqual(["Laptop 14"]);
    expect(complementsOf(data, GIFT_CARD)).toBeUndefined();
    expect(complementsOf(data, HEADPHONES)).toBeUndefined();
    expect(data.groups.find((g) => g.anchor.id === SLEEVE)!.suggestions[0]!.evidence).toBe(
      "Bought together in 6 of 6 Laptop Sleeve orders — 100.0%, 1.4× more often than chance",
    );
  });

  it("filters products by title and sorts by support, confidence or lift", async () => {
    expect((await page("?q=sleeve")).groups.map((g) => g.anchor.title)).toEqual(["Laptop Sleeve"]);
    // By confidence, the accessories' groups (100% each) come before the laptop's (at most 16.7%).
    const byConfidence = await page("?sort=confidence");
    expect(byConfidence.groups.at(-1)!.anchor.id).toBe(LAPTOP);
    expect(byConfidence.query.sort).toBe("confidence");
    // By lift, equal everywhere: the most orders together first, so the laptop and the sleeve lead.
    expect((await page("?sort=lift")).groups.slice(0, 2).map((g) => g.anchor.id)).toEqual([LAPTOP, SLEEVE]);
    expect((await page("?sort=nonsense")).query.sort).toBe("lift");
  });

  it("creates a pairing from a suggestion, then adds the next one to it, and suggests neither again", async () => {
    expect(await act({ intent: "pair", anchorId: LAPTOP, complementId: SLEEVE })).toEqual({
      status: 200,
      body: { ok: true, message: "Pairing created" },
    });
    expect(await act({ intent: "pair", anchorId: LAPTOP, complementId: MOUSE })).toMatchObject({
      body: { ok: true, message: "Added to the pairing" },
    });
    const pairing = await db.pairing.findFirstOrThrow({ where: { shop }, include: { complements: true } });
    expect(pairing).toMatchObject({ anchorType: "product", anchorId: LAPTOP, status: "active", source: "suggested" });
    expect(pairing.complements.sort((a, b) => a.position - b.position).map((c) => c.productId)).toEqual([
      SLEEVE,
      MOUSE,
    ]);
    expect(complementsOf(await page(), LAPTOP)).toEqual(["Laptop Stand"]);
    // The pairing is the laptop's only: the sleeve still suggests the laptop.
    expect(complementsOf(await page(), SLEEVE)).toEqual(["Laptop 14"]);
  });

  it("creates a draft bundle of the two products at 10% off", async () => {
    expect(await act({ intent: "bundle", anchorId: LAPTOP, complementId: STAND })).toEqual({
      status: 200,
      body: { ok: true, message: "Draft bundle “Laptop 14 + Laptop Stand” created" },
    });
    const bundle = await db.bundle.findFirstOrThrow({ where: { shop }, include: { parts: true } });
    expect(bundle).toMatchObject({ status: "draft", discountKind: "percentage", discountValue: 10 });
    expect(bundle.parts.sort((a, b) => a.position - b.position).map((p) => [p.productId, p.quantity])).toEqual([
      [LAPTOP, 1],
      [STAND, 1],
    ]);
  });

  it("hides a product from suggestions, as complement and as anchor, until shown again", async () => {
    expect(await act({ intent: "hide", productId: STAND })).toMatchObject({ status: 200, body: { ok: true } });
    expect(await act({ intent: "hide", productId: STAND })).toMatchObject({ status: 200 });
    let data = await page();
    expect(complementsOf(data, LAPTOP)).toEqual(["Laptop Sleeve", "Wireless Mouse"]);
    expect(complementsOf(data, STAND)).toBeUndefined();
    expect(data.hidden).toEqual([{ id: STAND, title: "Laptop Stand" }]);
    expect(await db.hiddenSuggestionProduct.count({ where: { shop } })).toBe(1);

    await act({ intent: "show", productId: STAND });
    data = await page();
    expect(complementsOf(data, LAPTOP)).toContain("Laptop Stand");
    expect(data.hidden).toEqual([]);
  });

  it("refuses a malformed action with a 400 naming the field, and stores nothing", async () => {
    expect(await act({ intent: "pair", anchorId: LAPTOP, complementId: "42" })).toEqual({
      status: 400,
      body: { ok: false, message: "Suggested product: Choose a product (expected a Shopify product id)" },
    });
    expect(await act({ intent: "explode", productId: LAPTOP })).toMatchObject({ status: 400, body: { ok: false } });
    expect(await act({ intent: "hide" })).toMatchObject({
      status: 400,
      body: { message: "Product: Choose a product (expected a Shopify product id)" },
    });
    expect(await act({ intent: "pair", anchorId: LAPTOP, complementId: LAPTOP })).toMatchObject({
      status: 400,
      body: { ok: false, message: "A product can't complement itself" },
    });
    expect(await db.pairing.count()).toBe(0);
    expect(await db.hiddenSuggestionProduct.count()).toBe(0);
  });

  it("gives the pairing editor a product's suggested complements", async () => {
    const response = (await callRoute(
      complementsLoader,
      adminRequest(shop, `/app/suggested-complements?anchor=${encodeURIComponent(LAPTOP)}`),
    )) as { suggestions: Array<{ complementId: string }> };
    expect(response.suggestions.map((s) => s.complementId)).toEqual([SLEEVE, MOUSE, STAND]);
    const bad = unwrap(await callRoute(complementsLoader, adminRequest(shop, "/app/suggested-complements?anchor=x")));
    expect(bad.status).toBe(400);
    expect(await suggestedComplements({ shop, admin }, P(900))).toEqual([]);
  });

  it("keeps each shop's suggestions to its own orders", async () => {
    const rival = "rival-store.myshopify.com";
    emulateShopify({ ...shopWithMoreProducts(), domain: rival });
    await installApp(rival);
    await orders(5, [102, 103], rival);
    const data = await page();
    expect(complementsOf(data, SLEEVE)).toEqual(["Laptop 14"]);
    const theirs = (await callRoute(loader, adminRequest(rival, "/app/suggestions"))) as LoaderData;
    expect(theirs.orders).toBe(5);
    // Bought together in all of the rival's orders: lift exactly 1, not more often than chance.
    expect(theirs.groups).toEqual([]);
  });
});
