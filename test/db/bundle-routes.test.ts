// The bundle routes through the app's real authenticate.admin: App Bridge session tokens signed with the
// test app's secret, an offline session in the database, and the Shopify library's Admin client answered
// by the emulator.
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  adminRequest,
  BUNDLE_FUNCTION_ID,
  callRoute,
  emulateShopify,
  installApp,
  type EmulatedShopify,
} from "./support/shopify";
import db from "../../app/db.server";
import { action as editAction, loader as editLoader } from "../../app/routes/app.bundles.$id";
import { action as listAction, loader as listLoader } from "../../app/routes/app.bundles._index";
import { loader as previewLoader } from "../../app/routes/app.bundles.preview";
import { shopData } from "../../app/services/shop-scope.server";
import { demoShop } from "../unit/admin-api/fixture";
import { resetDatabase } from "./support/reset";

const P = (n: number) => `gid://shopify/Product/${n}`;
const parts = JSON.stringify([
  { productId: P(102), variantId: null, quantity: 1 },
  { productId: P(103), variantId: null, quantity: 2 },
]);
const saveForm = (overrides: Record<string, string> = {}) => ({
  intent: "save",
  title: "Desk Kit",
  status: "active",
  matchMode: "widget",
  discountKind: "fixed_amount_off",
  discountValue: "5.50",
  startsAt: "",
  endsAt: "",
  parts,
  ...overrides,
});

/** Unwraps what a route returned: `data(...)` results, plain objects, or a Response (thrown or returned). */
function unwrap(result: unknown): { status: number; body: Record<string, unknown> } {
  if (result instanceof Response) return { status: result.status, body: {} };
  const withInit = result as { type?: string; data?: unknown; init?: { status?: number } | null };
  if (withInit?.type === "DataWithResponseInit") {
    return { status: withInit.init?.status ?? 200, body: withInit.data as Record<string, unknown> };
  }
  return { status: 200, body: result as Record<string, unknown> };
}

describe(`the bundle routes on ${process.env.ATTACH_TEST_PROVIDER}`, () => {
  let shopify: EmulatedShopify;
  let shop: string;
  const other = "rival-store.myshopify.com";

  beforeEach(async () => {
    await resetDatabase();
    vi.stubEnv("SHOPIFY_BUNDLE_DISCOUNT_ID", BUNDLE_FUNCTION_ID);
    shopify = emulateShopify();
    emulateShopify({ ...demoShop(), domain: other });
    shop = shopify.domain;
    await installApp(shop);
    await installApp(other);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await db.$disconnect();
  });

  const create = async (form = saveForm(), as = shop) =>
    unwrap(await callRoute(editAction, adminRequest(as, "/app/bundles/new", { form }), { id: "new" }));

  it("creates a bundle from the form: money typed as decimals, stored in minor units, live on the storefront", async () => {
    const { status, body } = await create();
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, created: true, sync: "live" });
    const stored = await db.bundle.findUniqueOrThrow({ where: { id: body.id as string }, include: { parts: true } });
    expect(stored).toMatchObject({ shop, discountKind: "fixed_amount_off", discountValue: 550, matchMode: "widget" });
    expect(shopify.metafield(P(102), "offer_products")).toEqual([P(103)]);

    const list = unwrap(await callRoute(listLoader, adminRequest(shop, "/app/bundles?status=active")));
    expect(list.body).toMatchObject({
      total: 1,
      bundles: [{ id: body.id, title: "Desk Kit", sync: "live", discount: "5.50 USD off" }],
    });
  });

  it("answers invalid input with field errors and a 400, and stores nothing", async () => {
    const { status, body } = await create(saveForm({ title: "", discountValue: "5.505", parts: "[]" }));
    expect(status).toBe(400);
    expect(body.ok).toBe(false);
    const fields = (body.errors as Array<{ field: string }>).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(["title", "discount.value", "parts"]));
    expect(await db.bundle.count()).toBe(0);
    expect(shopify.store.shop.products.flatMap((p) => p.metafields)).toEqual([]);
  });

  it("gives another shop a 404 for a bundle's id, on every read and change, with no side effect", async () => {
    const { body } = await create();
    const id = body.id as string;
    const before = await db.bundle.findUniqueOrThrow({ where: { id }, include: { parts: true } });
    const asOther = (form?: Record<string, string>) => adminRequest(other, `/app/bundles/${id}`, form ? { form } : {});

    expect(unwrap(await callRoute(editLoader, asOther(), { id })).status).toBe(404);
    for (const form of [
      saveForm({ title: "Hijacked", updatedAt: before.updatedAt.toISOString() }),
      { intent: "delete" },
      { intent: "duplicate" },
      { intent: "sync" },
    ]) {
      expect(unwrap(await callRoute(editAction, asOther(form), { id })).status).toBe(404);
    }
    const bulk = await callRoute(
      listAction,
      adminRequest(other, "/app/bundles", { form: { intent: "delete", ids: [id] } }),
    );
    expect(unwrap(bulk).body).toMatchObject({ ok: true, message: "0 bundles deleted" });

    expect(await db.bundle.findUniqueOrThrow({ where: { id }, include: { parts: true } })).toEqual(before);
    expect(await db.bundle.count()).toBe(1);
    expect(unwrap(await callRoute(listLoader, adminRequest(other, "/app/bundles"))).body).toMatchObject({
      total: 0,
      hasBundles: false,
    });
  });

  it("detects a stale edit from a second tab instead of overwriting the first", async () => {
    const { body } = await create();
    const id = body.id as string;
    const opened = unwrap(await callRoute(editLoader, adminRequest(shop, `/app/bundles/${id}`), { id })).body as {
      bundle: { updatedAt: string };
    };
    const edit = (title: string) =>
      callRoute(
        editAction,
        adminRequest(shop, `/app/bundles/${id}`, { form: saveForm({ title, updatedAt: opened.bundle.updatedAt }) }),
        { id },
      );
    expect(unwrap(await edit("First tab")).body).toMatchObject({ ok: true });
    const second = unwrap(await edit("Second tab"));
    expect(second.status).toBe(400);
    expect(second.body.errors).toEqual([
      { field: "form", message: expect.stringMatching(/^This bundle was changed somewhere else/) },
    ]);
    expect((await db.bundle.findUniqueOrThrow({ where: { id } })).title).toBe("First tab");
  });

  it("loads the editor with the form as the merchant typed it and a price preview with margins", async () => {
    const { body } = await create();
    const id = body.id as string;
    const editor = unwrap(await callRoute(editLoader, adminRequest(shop, `/app/bundles/${id}`), { id })).body;
    expect(editor).toMatchObject({
      bundle: { id, title: "Desk Kit", sync: "live" },
      form: {
        discountValue: "5.50",
        matchMode: "widget",
        parts: [{ productId: P(102), quantity: "1" }, { quantity: "2" }],
      },
      shop: { currencyCode: "USD", timeZone: "America/New_York" },
      preview: { totals: { fullPrice: "$79.97", bundlePrice: "$74.47", saving: "$5.50" }, unknownCostCount: 1 },
    });
    const fresh = unwrap(await callRoute(editLoader, adminRequest(shop, "/app/bundles/new"), { id: "new" })).body;
    expect(fresh).toMatchObject({ bundle: null, preview: null, form: { title: "", parts: [] } });
  });

  it("previews an unsaved form, including the price rule problems", async () => {
    const form = JSON.stringify(saveForm({ discountKind: "fixed_price", discountValue: "100" }));
    const result = unwrap(
      await callRoute(previewLoader, adminRequest(shop, `/app/bundles/preview?form=${encodeURIComponent(form)}`)),
    ).body as { preview: { errors: Array<{ message: string }>; lines: Array<{ unitPrice: string }> } };
    expect(result.preview.lines.map((l) => l.unitPrice)).toEqual(["$19.99", "$29.99"]);
    expect(result.preview.errors.map((e) => e.message)).toEqual([
      "The bundle price (100.00 USD) must be less than the parts bought separately (79.97 USD)",
    ]);
    expect(await db.bundle.count()).toBe(0);
  });

  it("shows a failed sync with its reason and publishes the bundle on Retry", async () => {
    vi.stubEnv("SHOPIFY_BUNDLE_DISCOUNT_ID", "");
    const { body } = await create();
    expect(body).toMatchObject({ ok: true, sync: "failed", syncError: expect.stringMatching(/is not deployed/) });
    const listed = unwrap(await callRoute(listLoader, adminRequest(shop, "/app/bundles"))).body as {
      bundles: Array<{ sync: string; syncError: string }>;
    };
    expect(listed.bundles[0]).toMatchObject({ sync: "failed", syncError: body.syncError });

    vi.stubEnv("SHOPIFY_BUNDLE_DISCOUNT_ID", BUNDLE_FUNCTION_ID);
    const retried = unwrap(
      await callRoute(
        listAction,
        adminRequest(shop, "/app/bundles", { form: { intent: "retry", ids: [body.id as string] } }),
      ),
    );
    expect(retried.body).toEqual({ ok: true, message: "Published to Shopify" });
    expect(await db.bundle.findUniqueOrThrow({ where: { id: body.id as string } })).toMatchObject({
      syncStatus: "live",
      syncError: null,
    });
    expect(shopify.store.shop.automaticAppDiscounts).toHaveLength(1);
  });

  it("pauses, activates and deletes in bulk, and duplicates and deletes from the editor", async () => {
    const first = (await create()).body.id as string;
    const second = (await create(saveForm({ title: "Travel Kit" }))).body.id as string;
    const bulk = (form: Record<string, string | string[]>) =>
      callRoute(listAction, adminRequest(shop, "/app/bundles", { form })).then(unwrap);

    expect((await bulk({ intent: "pause", ids: [first, second] })).body).toEqual({
      ok: true,
      message: "2 bundles paused",
    });
    expect(await shopData(shop).bundle.count({ where: { status: "paused" } })).toBe(2);
    expect(shopify.metafield(P(102), "offers")).toBeUndefined();
    expect((await bulk({ intent: "activate", ids: [first] })).body).toEqual({
      ok: true,
      message: "1 bundle activated",
    });

    const copy = unwrap(
      await callRoute(editAction, adminRequest(shop, `/app/bundles/${first}`, { form: { intent: "duplicate" } }), {
        id: first,
      }),
    ).body;
    expect(copy).toMatchObject({ ok: true, intent: "duplicate", message: "Bundle duplicated as a draft" });
    expect((await db.bundle.findUniqueOrThrow({ where: { id: copy.id as string } })).status).toBe("draft");

    const deleted = unwrap(
      await callRoute(editAction, adminRequest(shop, `/app/bundles/${first}`, { form: { intent: "delete" } }), {
        id: first,
      }),
    ).body;
    expect(deleted).toMatchObject({ ok: true, intent: "delete" });
    expect((await bulk({ intent: "delete", ids: [second, copy.id as string] })).body).toEqual({
      ok: true,
      message: "2 bundles deleted",
    });
    expect(await db.bundle.count()).toBe(0);
    expect(shopify.store.shop.products.flatMap((p) => p.metafields)).toEqual([]);
    expect((await bulk({ intent: "pause", ids: [] })).status).toBe(400);
  });
});
