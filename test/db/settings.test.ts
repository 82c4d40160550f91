// The settings page: its route through the app's real authenticate.admin, the settings service, and what
// a save publishes to Shopify (the app's discount, the shop-level widget metafield).
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  adminRequest,
  BUNDLE_FUNCTION_ID,
  callRoute,
  emulateShopify,
  installApp,
  routeResult,
  type EmulatedShopify,
} from "./support/shopify";
import db from "../../app/db.server";
import { SETTINGS_DEFAULTS, SETTINGS_MESSAGES, settingsFormFromSettings } from "../../app/domain/settings";
import { action, loader } from "../../app/routes/app.settings";
import { SETTINGS_SERVICE_MESSAGES } from "../../app/services/settings.server";
import { shopSettings } from "../../app/services/shop-lifecycle.server";
import { demoShop } from "../unit/admin-api/fixture";
import { resetDatabase } from "./support/reset";
import { backgroundWorkSettled } from "../../app/services/jobs.server";
import { ingestWebhook } from "../../app/services/order-ingestion.server";
import { orderPayload, refundPayload } from "../support/order-webhooks";

// Mutation names end with what they do (AttachMetafieldsSet, AttachDiscountAutomaticAppUpdate, …).
const writes = (shopify: EmulatedShopify) => shopify.operations.filter((op) => /(Set|Delete|Create|Update)$/.test(op));

describe(`the settings on ${process.env.ATTACH_TEST_PROVIDER}`, () => {
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

  const open = async (as = shop) =>
    routeResult(await callRoute(loader, adminRequest(as, "/app/settings"))).body as {
      form: Record<string, string>;
      updatedAt: string;
    };
  const save = async (changes: Record<string, string>, as = shop, opened?: Awaited<ReturnType<typeof open>>) => {
    const editor = opened ?? (await open(as));
    const form = { intent: "save", ...editor.form, ...changes, updatedAt: editor.updatedAt };
    return routeResult(await callRoute(action, adminRequest(as, "/app/settings", { form })));
  };
  const shopMetafield = () => {
    const found = shopify.store
      .metafieldsOf(`gid://shopify/Shop/${shopify.store.shop.id}`)
      ?.find((m) => m.namespace === "$app:attach" && m.key === "widget_settings");
    return found ? (JSON.parse(found.value) as unknown) : undefined;
  };
  const discount = () => shopify.store.shop.automaticAppDiscounts[0];

  it("starts from the schema's defaults, which are the ones the page explains", async () => {
    const stored = await shopSettings(shop);
    for (const [key, value] of Object.entries(SETTINGS_DEFAULTS)) {
      expect(stored[key as keyof typeof stored], key).toEqual(value);
    }
    expect((await open()).form).toEqual(settingsFormFromSettings(SETTINGS_DEFAULTS));
  });

  it("saves every field, and publishes the combination flags and the pause to the app's discount", async () => {
    const { status, body } = await save({
      combinesWithOrderDiscounts: "true",
      combinesWithShippingDiscounts: "false",
      offersPaused: "true",
      marginFloorBasisPoints: "22.5",
      excludeCustomerTags: "chargeback, complaint-open",
    });
    expect(status).toBe(200);
    expect(body).toEqual({ ok: true, intent: "save", publishErrors: [] });
    expect(await shopSettings(shop)).toMatchObject({
      combinesWithOrderDiscounts: true,
      combinesWithShippingDiscounts: false,
      offersPaused: true,
      marginFloorBasisPoints: 2250,
      excludeCustomerTags: "chargeback,complaint-open",
    });
    expect(discount()).toMatchObject({
      functionId: BUNDLE_FUNCTION_ID,
      combinesWith: { orderDiscounts: true, productDiscounts: false, shippingDiscounts: false },
      metafields: [expect.objectContaining({ key: "config", value: '{"v":1,"paused":true}' })],
    });
    // The pause also reaches the storefront's shop-level settings.
    expect(shopMetafield()).toMatchObject({ paused: true });

    await save({ offersPaused: "false" });
    expect(discount()?.metafields).toEqual([expect.objectContaining({ value: '{"v":1,"paused":false}' })]);
    expect(shopify.store.shop.automaticAppDiscounts).toHaveLength(1);
  });

  it("writes the widget defaults to the shop metafield, and touches Shopify only for what changed", async () => {
    await save({ widgetHeading: "Goes well with", widgetLayout: "grid", widgetMaxItems: "6", showSavings: "false" });
    expect(shopMetafield()).toEqual({
      v: 1,
      heading: "Goes well with",
      layout: "grid",
      maxItems: 6,
      showPrices: true,
      showSavings: false,
      paused: false,
    });
    expect(writes(shopify)).toEqual(["AttachMetafieldsSet"]);
    expect(discount()).toBeUndefined();

    shopify.operations.length = 0;
    await save({ marginFloorBasisPoints: "15", excludeReturnRateBasisPoints: "50" });
    // A targeting rule changed: customers are re-evaluated in the background (reading their helpdesk tags
    // from Shopify), but nothing the storefront or checkout reads is written.
    await backgroundWorkSettled();
    expect(writes(shopify)).toEqual([]);
    expect((await shopSettings(shop)).excludeReturnRateBasisPoints).toBe(5000);
  });

  it("answers invalid input with a 400 naming each field, and stores and publishes nothing", async () => {
    const before = await shopSettings(shop);
    const { status, body } = await save({
      widgetMaxItems: "0",
      marginFloorBasisPoints: "abc",
      excludeReturnRateMinOrders: "",
      offersPaused: "true",
    });
    expect(status).toBe(400);
    expect(body.errors).toEqual([
      { field: "widgetMaxItems", message: SETTINGS_MESSAGES.widgetMaxItems },
      { field: "marginFloorBasisPoints", message: SETTINGS_MESSAGES.marginFloor },
      { field: "excludeReturnRateMinOrders", message: SETTINGS_MESSAGES.minOrders },
    ]);
    expect(await shopSettings(shop)).toEqual(before);
    expect(writes(shopify)).toEqual([]);
  });

  it("refuses a save made on settings changed since they were opened, with a 409", async () => {
    const opened = await open();
    expect((await save({ widgetHeading: "First tab" }, shop, opened)).body).toMatchObject({ ok: true });
    const second = await save({ widgetHeading: "Second tab", offersPaused: "true" }, shop, opened);
    expect(second).toEqual({
      status: 409,
      body: { ok: false, errors: [{ field: "form", message: SETTINGS_SERVICE_MESSAGES.stale }] },
    });
    expect(await shopSettings(shop)).toMatchObject({ widgetHeading: "First tab", offersPaused: false });
  });

  it("keeps the settings when Shopify can't take them, says why, and applies them on Retry", async () => {
    vi.stubEnv("SHOPIFY_BUNDLE_DISCOUNT_ID", "");
    const { body } = await save({ combinesWithProductDiscounts: "true" });
    expect(body).toMatchObject({ ok: true, publishErrors: [expect.stringMatching(/^Saved, but checkout does not/)] });
    expect((await shopSettings(shop)).combinesWithProductDiscounts).toBe(true);
    expect(discount()).toBeUndefined();

    vi.stubEnv("SHOPIFY_BUNDLE_DISCOUNT_ID", BUNDLE_FUNCTION_ID);
    const retried = routeResult(
      await callRoute(action, adminRequest(shop, "/app/settings", { form: { intent: "publish" } })),
    );
    expect(retried.body).toEqual({ ok: true, intent: "publish", publishErrors: [] });
    expect(discount()?.combinesWith).toMatchObject({ productDiscounts: true });
  });

  it("keeps each shop's settings to itself", async () => {
    await save({ offersPaused: "true", widgetHeading: "Ours" });
    expect((await open(other)).form).toMatchObject({ offersPaused: "false", widgetHeading: "Complete the solution" });
    await save({ widgetHeading: "Theirs" }, other);
    expect(await shopSettings(shop)).toMatchObject({ offersPaused: true, widgetHeading: "Ours" });
  });

  it("re-evaluates every customer when a targeting rule changes", async () => {
    // Customer 7: four orders, one refunded in full — a 25% return rate, under the default 40%.
    for (const id of [1, 2, 3, 4]) {
      const payload = orderPayload({
        id,
        customerId: 7,
        processedAt: "2026-03-01T10:00:00Z",
        lines: [{ id: id * 10, productId: 101, quantity: 1, price: 2000 }],
      });
      await ingestWebhook({ shop, topic: "orders/create", webhookId: `o${id}`, payload });
    }
    const refund = refundPayload({ id: 9, orderId: 1, lines: [{ lineItemId: 10, quantity: 1, subtotal: 2000 }] });
    await ingestWebhook({ shop, topic: "refunds/create", webhookId: "r9", payload: refund });
    await backgroundWorkSettled();
    const signal = () => db.customerSignal.findFirst({ where: { shop, customerId: "gid://shopify/Customer/7" } });
    expect((await signal())?.excluded).toBe(false);

    expect((await save({ excludeReturnRateBasisPoints: "20" })).status).toBe(200);
    await backgroundWorkSettled();
    expect(await signal()).toMatchObject({ excluded: true, returnedOrders: 1, orders: 4 });
  });
});
