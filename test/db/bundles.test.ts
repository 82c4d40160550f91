import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { BUNDLE_FUNCTION_ID, emulateShopify, type EmulatedShopify } from "./support/shopify";
import db from "../../app/db.server";
import type { BundleFormValues } from "../../app/domain/bundle-form";
import {
  BUNDLE_SERVICE_MESSAGES,
  bundleEditorData,
  createBundle,
  deleteBundles,
  duplicateBundle,
  listBundles,
  previewBundle,
  setBundlesStatus,
  updateBundle,
  type BundleServiceContext,
} from "../../app/services/bundles.server";
import { shopData } from "../../app/services/shop-scope.server";
import { demoShop } from "../unit/admin-api/fixture";
import { resetDatabase } from "./support/reset";

const P = (n: number) => `gid://shopify/Product/${n}`;
const V = (n: number) => `gid://shopify/ProductVariant/${n}`;
// The emulator fixture (test/unit/admin-api/fixture.ts): Laptop 14 (two variants, costs known), Laptop Sleeve
// (19.99, cost 6.50), Wireless Mouse (29.99, no cost).
const LAPTOP = P(101);
const LAPTOP_GREY = V(1011);
const SLEEVE = P(102);
const MOUSE = P(103);

const form = (overrides: Partial<BundleFormValues> = {}): BundleFormValues => ({
  title: "Laptop Essentials",
  status: "active",
  matchMode: "any",
  discountKind: "percentage",
  discountValue: "10",
  startsAt: "",
  endsAt: "",
  parts: [
    { productId: LAPTOP, variantId: LAPTOP_GREY, quantity: "1" },
    { productId: SLEEVE, variantId: null, quantity: "1" },
  ],
  ...overrides,
});

const mutations = (shopify: EmulatedShopify) => shopify.operations.filter((op) => /Set|Delete|Create|Update/.test(op));

describe(`bundles on ${process.env.ATTACH_TEST_PROVIDER}`, () => {
  let shopify: EmulatedShopify;
  let ctx: BundleServiceContext;

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

  it("creates a bundle, publishes it to both products and reports it live on the storefront", async () => {
    const saved = await createBundle(ctx, form());
    expect(saved.ok).toBe(true);
    if (!saved.ok) return;
    expect(saved.bundle).toMatchObject({ title: "Laptop Essentials", status: "active", discount: "10% off" });
    expect(saved.bundle.sync).toBe("live");

    const stored = await shopData(ctx.shop).bundle.findUniqueOrThrow({
      where: { id: saved.bundle.id },
      include: { parts: { orderBy: { position: "asc" } } },
    });
    expect(stored).toMatchObject({
      discountKind: "percentage",
      discountValue: 10,
      currencyCode: "USD",
      matchMode: "any",
    });
    expect(stored.parts.map((p) => [p.productId, p.variantId, p.quantity, p.position])).toEqual([
      [LAPTOP, LAPTOP_GREY, 1, 0],
      [SLEEVE, null, 1, 1],
    ]);
    expect(shopify.metafield(LAPTOP, "offers")).toMatchObject({ v: 1, bundles: [{ id: saved.bundle.id, value: 10 }] });
    expect(shopify.metafield(LAPTOP, "discount_rules")).toMatchObject({ v: 1, b: [{ i: saved.bundle.id, k: "pct" }] });
    expect(shopify.metafield(SLEEVE, "discount_rules")).toBeUndefined();
    expect(shopify.metafield(SLEEVE, "offer_products")).toEqual([LAPTOP]);
    expect(shopify.metafieldType(SLEEVE, "offer_products")).toBe("list.product_reference");
    expect(shopify.store.shop.automaticAppDiscounts).toHaveLength(1);
    expect(shopify.logs).toEqual([]);
  });

  it("refuses invalid input with an error on each field, and stores and publishes nothing", async () => {
    const saved = await createBundle(
      ctx,
      form({
        title: " ",
        discountValue: "95",
        parts: [{ productId: LAPTOP, variantId: null, quantity: "0" }],
        matchMode: "sometimes",
        endsAt: "2026-01-01T00:00",
        startsAt: "2026-02-01T00:00",
      }),
    );
    expect(saved.ok).toBe(false);
    expect(!saved.ok && Object.fromEntries(saved.errors.map((e) => [e.field, e.message]))).toEqual({
      title: "Give the bundle a title",
      matchMode: "Choose which cart items count: any matching items, or only those added from the widget",
      "parts[0].quantity": "Quantity must be a whole number from 1 to 99",
      parts: "A bundle needs 2 or more different products",
      "discount.value": "Percentage off must be a whole number from 1 to 90",
      endsAt: "The end date must be after the start date",
    });
    expect(await db.bundle.count()).toBe(0);
    expect(await db.bundlePart.count()).toBe(0);
    expect(mutations(shopify)).toEqual([]);
  });

  it("checks the discount against Shopify's current prices and names the figures", async () => {
    const saved = await createBundle(ctx, form({ discountKind: "fixed_price", discountValue: "1400" }));
    expect(!saved.ok && saved.errors).toEqual([
      {
        field: "discount.value",
        message: "The bundle price (1400.00 USD) must be less than the parts bought separately (1319.98 USD)",
      },
    ]);
    const gone = await createBundle(
      ctx,
      form({ parts: [...form().parts, { productId: P(999), variantId: null, quantity: "1" }] }),
    );
    expect(!gone.ok && gone.errors).toContainEqual({
      field: "parts[2]",
      message: BUNDLE_SERVICE_MESSAGES.productMissing,
    });
    expect(await db.bundle.count()).toBe(0);
  });

  it("refuses a bundle below the shop's margin floor, naming the part and the figures", async () => {
    await shopData(ctx.shop).shopSettings.create({ data: { shop: ctx.shop, marginFloorBasisPoints: 2000 } });
    const saved = await createBundle(ctx, form({ discountValue: "25" }));
    expect(!saved.ok && saved.errors).toEqual([
      {
        field: "parts[0]",
        message:
          "Laptop 14 (Space Grey / 14-inch) would sell for 974.99 USD in this bundle against a cost of 900.00 USD: " +
          "a 7.69% margin, below your margin floor of 20%",
      },
    ]);
    expect(await db.bundle.count()).toBe(0);
  });

  it("flags parts without a known cost in the preview instead of counting them as free", async () => {
    await shopData(ctx.shop).shopSettings.create({ data: { shop: ctx.shop, marginFloorBasisPoints: 2000 } });
    const preview = await previewBundle(
      ctx,
      form({
        discountValue: "10",
        parts: [
          { productId: SLEEVE, variantId: null, quantity: "2" },
          { productId: MOUSE, variantId: null, quantity: "1" },
        ],
      }),
    );
    expect(preview.errors).toEqual([]);
    expect(preview.unknownCostCount).toBe(1);
    expect(preview.marginFloor).toBe("20%");
    expect(preview.lines.map((l) => [l.title, l.unitPrice, l.bundlePrice, l.cost, l.margin, l.costKnown])).toEqual([
      ["Laptop Sleeve", "$19.99", "$35.98", "$13.00", "$22.98", true],
      ["Wireless Mouse", "$29.99", "$26.99", null, null, false],
    ]);
    // The totals count the known part only: 35.98 − 13.00.
    expect(preview.totals).toEqual({
      fullPrice: "$69.97",
      bundlePrice: "$62.97",
      saving: "$7.00",
      margin: "$22.98",
      marginPercent: "63.86%",
    });
    const saved = await createBundle(
      ctx,
      form({
        parts: preview.lines.map((l) => ({ productId: l.productId, variantId: null, quantity: String(l.quantity) })),
      }),
    );
    expect(saved.ok).toBe(true);
    if (!saved.ok) return;
    // The parts keep the unit costs Shopify gave (none for the mouse): the reports' margins use them.
    const parts = await shopData(ctx.shop).bundlePart.findMany({
      where: { bundleId: saved.bundle.id },
      orderBy: { position: "asc" },
    });
    expect(parts.map((p) => p.unitCostAmount)).toEqual([650, null]);
  });

  it("saves an edit made on the latest version, and refuses a stale one without changing anything", async () => {
    const created = await createBundle(ctx, form());
    if (!created.ok) throw new Error("setup");
    const opened = created.bundle.updatedAt;

    const first = await updateBundle(ctx, created.bundle.id, form({ title: "Laptop Essentials Plus" }), opened);
    expect(first?.ok).toBe(true);
    const second = await updateBundle(ctx, created.bundle.id, form({ title: "From the other tab" }), opened);
    expect(second).toEqual({ ok: false, errors: [{ field: "form", message: BUNDLE_SERVICE_MESSAGES.stale }] });
    const stored = await db.bundle.findUniqueOrThrow({ where: { id: created.bundle.id } });
    expect(stored.title).toBe("Laptop Essentials Plus");
  });

  it("takes a removed product's offers off it when a bundle is edited", async () => {
    const created = await createBundle(ctx, form());
    if (!created.ok) throw new Error("setup");
    const edited = await updateBundle(
      ctx,
      created.bundle.id,
      form({ parts: [form().parts[0]!, { productId: MOUSE, variantId: null, quantity: "2" }] }),
      created.bundle.updatedAt,
    );
    expect(edited?.ok).toBe(true);
    for (const key of ["offers", "offer_products"]) expect(shopify.metafield(SLEEVE, key)).toBeUndefined();
    expect(shopify.metafield(MOUSE, "offer_products")).toEqual([LAPTOP]);
    const parts = await db.bundlePart.findMany({
      where: { bundleId: created.bundle.id },
      orderBy: { position: "asc" },
    });
    expect(parts.map((p) => [p.productId, p.quantity])).toEqual([
      [LAPTOP, 1],
      [MOUSE, 2],
    ]);
  });

  it("cannot read, change, copy or delete another shop's bundle by id", async () => {
    const created = await createBundle(ctx, form());
    if (!created.ok) throw new Error("setup");
    const other = emulateShopify({ ...demoShop(), domain: "other-shop.myshopify.com" });
    const intruder = { shop: other.domain, admin: other.admin };
    const id = created.bundle.id;
    expect(await bundleEditorData(intruder, id)).toBeNull();
    expect(await updateBundle(intruder, id, form({ title: "Hijacked" }), created.bundle.updatedAt)).toBeNull();
    expect(await duplicateBundle(intruder, id)).toBeNull();
    expect((await deleteBundles(intruder, [id])).deleted).toEqual([]);
    expect((await setBundlesStatus(intruder, [id], "paused")).changed).toEqual([]);
    expect((await listBundles(intruder.shop)).bundles).toEqual([]);
    const untouched = await db.bundle.findUniqueOrThrow({ where: { id }, include: { parts: true } });
    expect(untouched).toMatchObject({ title: "Laptop Essentials", status: "active", shop: shopify.domain });
    expect(untouched.parts).toHaveLength(2);
    expect(await db.bundle.count()).toBe(1);
  });

  it("duplicates a bundle as a draft copy that shoppers do not see", async () => {
    const created = await createBundle(ctx, form());
    if (!created.ok) throw new Error("setup");
    const copy = await duplicateBundle(ctx, created.bundle.id);
    expect(copy).toMatchObject({ title: "Copy of Laptop Essentials", status: "draft", partCount: 2, sync: "off" });
    const offers = shopify.metafield(LAPTOP, "offers") as { bundles: Array<{ id: string }> };
    expect(offers.bundles.map((b) => b.id)).toEqual([created.bundle.id]);
  });

  it("pauses a bundle off the storefront, and re-checks prices and the margin floor when activating it again", async () => {
    const created = await createBundle(ctx, form({ discountValue: "30" }));
    if (!created.ok) throw new Error("setup");
    const paused = await setBundlesStatus(ctx, [created.bundle.id], "paused");
    expect(paused.changed).toEqual([created.bundle.id]);
    for (const key of ["offers", "discount_rules", "offer_products"])
      expect(shopify.metafield(LAPTOP, key)).toBeUndefined();

    await shopData(ctx.shop).shopSettings.updateMany({ data: { marginFloorBasisPoints: 2000 } });
    const refused = await setBundlesStatus(ctx, [created.bundle.id], "active");
    expect(refused.changed).toEqual([]);
    expect(refused.refused[0]?.errors[0]?.message).toMatch(
      /^Laptop 14 \(Space Grey \/ 14-inch\) would sell for .* below your margin floor of 20%$/,
    );
    expect((await db.bundle.findUniqueOrThrow({ where: { id: created.bundle.id } })).status).toBe("paused");

    await shopData(ctx.shop).shopSettings.updateMany({ data: { marginFloorBasisPoints: null } });
    const activated = await setBundlesStatus(ctx, [created.bundle.id], "active");
    expect(activated.changed).toEqual([created.bundle.id]);
    expect(shopify.metafield(LAPTOP, "offers")).toMatchObject({ bundles: [{ id: created.bundle.id }] });
  });

  it("deletes bundles and their offers from the storefront", async () => {
    const created = await createBundle(ctx, form());
    if (!created.ok) throw new Error("setup");
    const result = await deleteBundles(ctx, [created.bundle.id, "not-a-bundle"]);
    expect(result.deleted).toEqual([created.bundle.id]);
    expect(await db.bundle.count()).toBe(0);
    expect(await db.bundlePart.count()).toBe(0);
    for (const product of [LAPTOP, SLEEVE]) expect(shopify.store.metafieldsOf(product)).toEqual([]);
  });

  it("lists bundles with search, status filter, sort and pages", async () => {
    const scoped = shopData(ctx.shop);
    for (const [title, status] of [
      ["Desk Kit", "active"],
      ["Travel kit", "paused"],
      ["Camera Starter", "draft"],
      ["KIT for students", "active"],
    ] as const) {
      await scoped.bundle.create({
        data: { shop: ctx.shop, title, status, discountKind: "percentage", discountValue: 10, currencyCode: "USD" },
      });
    }
    const titles = async (query: Parameters<typeof listBundles>[1]) =>
      (await listBundles(ctx.shop, query)).bundles.map((b) => b.title);
    expect(await titles({ search: "kit", sort: "title-asc" })).toEqual(["Desk Kit", "KIT for students", "Travel kit"]);
    expect(await titles({ statuses: ["active"], sort: "title-desc" })).toEqual(["KIT for students", "Desk Kit"]);
    const page2 = await listBundles(ctx.shop, { sort: "title-asc", page: 2, pageSize: 3 });
    expect([page2.bundles.map((b) => b.title), page2.total, page2.page, page2.pageCount]).toEqual([
      ["Travel kit"],
      4,
      2,
      2,
    ]);
    expect((await listBundles(ctx.shop, { search: "nothing" })).hasBundles).toBe(true);
  });
});
