// The shop's currency and time zone come from Shopify when the merchant opens the app, at most once a day;
// a new time zone moves the shop's orders to their days in it (the rollups are rebuilt), and the report
// counts its range in that zone.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { backgroundWorkSettled } from "../../app/services/jobs.server";
import { ingestWebhook } from "../../app/services/order-ingestion.server";
import { uptakeReport } from "../../app/services/reports.server";
import { ROLLUPS_VERSION } from "../../app/services/rollup-rebuild.server";
import { refreshShopLocale } from "../../app/services/shop-locale.server";
import { orderPayload } from "../support/order-webhooks";
import { rollup } from "./support/ingestion";
import { resetDatabase } from "./support/reset";
import { emulateShopify, type EmulatedShopify } from "./support/shopify";
import { demoShop } from "../unit/admin-api/fixture";

describe(`the shop's currency and time zone on ${process.env.ATTACH_TEST_PROVIDER}`, () => {
  let shopify: EmulatedShopify;
  const settings = () => db.shopSettings.findUniqueOrThrow({ where: { shop: shopify.domain } });

  beforeEach(async () => {
    await resetDatabase();
    shopify = emulateShopify();
  });
  afterAll(() => db.$disconnect());

  it("are read from Shopify on opening the app, then again only a day later", async () => {
    const now = new Date("2026-03-10T12:00:00Z");
    await refreshShopLocale(shopify.domain, shopify.admin, now);
    expect(await settings()).toMatchObject({ currencyCode: "USD", timeZone: "America/New_York", localeCheckedAt: now });
    expect(shopify.operations).toEqual(["AttachShop"]);

    shopify = emulateShopify({ ...demoShop(), currencyCode: "CAD" });
    await refreshShopLocale(shopify.domain, shopify.admin, new Date("2026-03-11T11:00:00Z"));
    expect(shopify.operations).toEqual([]);
    await refreshShopLocale(shopify.domain, shopify.admin, new Date("2026-03-11T12:00:00Z"));
    expect((await settings()).currencyCode).toBe("CAD");
    expect(shopify.operations).toEqual(["AttachShop"]);
  });

  it("move every order to its day in a new time zone, and the report counts the shop's days", async () => {
    await db.shopSettings.create({ data: { shop: shopify.domain, timeZone: "UTC" } });
    // 22:30 on 1 March in Toronto, 03:30 on 2 March in UTC.
    const payload = orderPayload({
      id: 1,
      processedAt: "2026-03-02T03:30:00Z",
      lines: [{ id: 11, productId: 5, quantity: 1, price: 2500 }],
    });
    await ingestWebhook({ shop: shopify.domain, topic: "orders/create", webhookId: "w1", payload });
    expect((await rollup(shopify.domain, "2026-03-02", "shop"))?.orders).toBe(1);

    shopify = emulateShopify({ ...demoShop(), ianaTimezone: "America/Toronto" });
    await refreshShopLocale(shopify.domain, shopify.admin);
    await backgroundWorkSettled();
    expect((await settings()).timeZone).toBe("America/Toronto");
    expect(await rollup(shopify.domain, "2026-03-02", "shop")).toBeNull();
    expect((await rollup(shopify.domain, "2026-03-01", "shop"))?.orders).toBe(1);
    const report = await uptakeReport(shopify.domain, { from: "2026-03-01", to: "2026-03-01" });
    expect([report.orders, report.customers, report.timeZone]).toEqual([1, 1, "America/Toronto"]);

    // Later orders count on their Toronto day as they arrive.
    const late = orderPayload({
      id: 2,
      processedAt: "2026-03-03T04:59:00Z",
      lines: [{ id: 21, productId: 5, quantity: 1, price: 1000 }],
    });
    await ingestWebhook({ shop: shopify.domain, topic: "orders/create", webhookId: "w2", payload: late });
    expect((await rollup(shopify.domain, "2026-03-02", "shop"))?.orders).toBe(1);
  });

  it("keep what is stored when Shopify cannot be reached or names an unknown time zone", async () => {
    await db.shopSettings.create({ data: { shop: shopify.domain, currencyCode: "EUR", timeZone: "Europe/Paris" } });
    const failing = { graphql: () => Promise.reject(new Error("network down")) };
    await refreshShopLocale(shopify.domain, failing as unknown as typeof shopify.admin);
    expect(await settings()).toMatchObject({ currencyCode: "EUR", timeZone: "Europe/Paris", localeCheckedAt: null });

    shopify = emulateShopify({ ...demoShop(), ianaTimezone: "Mars/Olympus_Mons" });
    await refreshShopLocale(shopify.domain, shopify.admin);
    expect(await settings()).toMatchObject({ currencyCode: "USD", timeZone: "Europe/Paris" });
  });
});

describe(`rollups of an older shape on ${process.env.ATTACH_TEST_PROVIDER}`, () => {
  afterAll(() => db.$disconnect());

  it("are rebuilt when the merchant next opens the app, then left alone", async () => {
    await resetDatabase();
    const shopify = emulateShopify();
    const shop = shopify.domain;
    // An order ingested by an earlier version: no customer rollups, no offer totals, version 1.
    await db.shopSettings.create({ data: { shop, timeZone: "UTC", localeCheckedAt: new Date(), rollupsVersion: 1 } });
    const payload = orderPayload({
      id: 1,
      customerId: 4,
      processedAt: "2026-03-02T10:00:00Z",
      lines: [{ id: 11, productId: 5, quantity: 1, price: 2500 }],
    });
    await ingestWebhook({ shop, topic: "orders/create", webhookId: "w1", payload });
    await db.customerRollup.deleteMany({ where: { shop } });
    expect((await uptakeReport(shop, { from: "2026-03-02", to: "2026-03-02" })).customers).toBe(0);

    await refreshShopLocale(shop, shopify.admin);
    await backgroundWorkSettled();
    expect((await db.shopSettings.findUniqueOrThrow({ where: { shop } })).rollupsVersion).toBe(ROLLUPS_VERSION);
    expect((await uptakeReport(shop, { from: "2026-03-02", to: "2026-03-02" })).customers).toBe(1);

    // Current rollups are not rebuilt again: a row spoiled now stays spoiled.
    await db.customerRollup.deleteMany({ where: { shop } });
    await refreshShopLocale(shop, shopify.admin);
    await backgroundWorkSettled();
    expect(await db.customerRollup.count({ where: { shop } })).toBe(0);
  });
});
