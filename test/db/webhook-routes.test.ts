import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { backgroundWorkSettled } from "../../app/services/jobs.server";
import { action as inbox } from "../../app/routes/webhooks.inbox";
import { action as uninstalled } from "../../app/routes/webhooks.app.uninstalled";
import { action as compliance } from "../../app/routes/webhooks.compliance";
import { orderPayload } from "../support/order-webhooks";
import { signedWebhookRequest } from "../support/webhook-request";
import { resetDatabase } from "./support/reset";

const shop = "hooks.myshopify.com";
const secret = process.env.SHOPIFY_API_SECRET!;
const call = async (action: (args: never) => Promise<Response>, request: Request) => {
  try {
    return await action({ request, params: {}, context: {} } as never);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
};

describe(`webhook routes on ${process.env.ATTACH_TEST_PROVIDER}`, () => {
  beforeEach(resetDatabase);
  // The inbox route processes deliveries after answering: let that finish before the next test resets.
  afterEach(backgroundWorkSettled);
  afterAll(() => db.$disconnect());

  const order = orderPayload({
    id: 820982911946154,
    processedAt: "2026-03-01T10:00:00Z",
    lines: [{ id: 1, productId: 1, quantity: 2, price: 1250 }],
  });

  it("accepts a signed orders/create webhook into the inbox once, even when redelivered", async () => {
    const request = () =>
      signedWebhookRequest("https://attach.test/webhooks/inbox", {
        topic: "orders/create",
        shop,
        secret,
        webhookId: "delivery-1",
        payload: order,
      });
    expect((await call(inbox, request())).status).toBe(200);
    expect((await call(inbox, request())).status).toBe(200);
    const rows = await db.webhookDelivery.findMany({ where: { shop } });
    expect(rows.map((row) => [row.topic, row.webhookId])).toEqual([["ORDERS_CREATE", "delivery-1"]]);
  });

  it("processes a stored order after answering, so it counts in the figures once", async () => {
    const request = () =>
      signedWebhookRequest("https://attach.test/webhooks/inbox", {
        topic: "orders/create",
        shop,
        secret,
        webhookId: "delivery-2",
        payload: order,
      });
    expect((await call(inbox, request())).status).toBe(200);
    expect((await call(inbox, request())).status).toBe(200);
    await backgroundWorkSettled();
    expect(await db.webhookDelivery.findFirst({ where: { shop } })).toMatchObject({ status: "processed", attempts: 1 });
    expect(await db.orderFact.findMany({ where: { shop }, select: { orderId: true, subtotalAmount: true } })).toEqual([
      { orderId: "gid://shopify/Order/820982911946154", subtotalAmount: 2500 },
    ]);
    const day = await db.dailyRollup.findFirst({ where: { shop, offerType: "shop" } });
    expect(day).toMatchObject({ day: "2026-03-01", orders: 1, revenueAmount: 2500 });
  });

  it("answers 400 to a signed webhook whose body is not JSON, and stores nothing", async () => {
    const request = signedWebhookRequest("https://attach.test/webhooks/inbox", {
      topic: "orders/create",
      shop,
      secret,
      rawBody: '{"id": 1, "line_items": [',
    });
    expect((await call(inbox, request)).status).toBe(400);
    expect(await db.webhookDelivery.count()).toBe(0);
  });

  it("answers 400 to a signed order webhook whose payload is not an order, and stores nothing", async () => {
    for (const payload of [{ id: 1, line_items: [] }, { ...order, line_items: [{ id: 1, quantity: -1 }] }, [order]]) {
      const request = signedWebhookRequest("https://attach.test/webhooks/inbox", {
        topic: "orders/updated",
        shop,
        secret,
        payload,
      });
      expect((await call(inbox, request)).status).toBe(400);
    }
    expect(await db.webhookDelivery.count()).toBe(0);
  });

  it("refuses a webhook whose signature does not match, and stores nothing", async () => {
    const forged = signedWebhookRequest("https://attach.test/webhooks/inbox", {
      topic: "orders/create",
      shop,
      secret: "not-our-secret",
      payload: { id: 1 },
    });
    const response = await call(inbox, forged);
    expect(response.status).toBe(401);
    expect(await db.webhookDelivery.count()).toBe(0);
  });

  it("app/uninstalled deletes the shop's sessions", async () => {
    await db.session.create({ data: { id: `offline_${shop}`, shop, state: "s", accessToken: "shpat" } });
    const response = await call(
      uninstalled,
      signedWebhookRequest("https://attach.test/webhooks/app/uninstalled", {
        topic: "app/uninstalled",
        shop,
        secret,
        payload: {},
      }),
    );
    expect(response.status).toBe(200);
    expect(await db.session.count({ where: { shop } })).toBe(0);
  });

  it("shop/redact through the compliance route deletes the shop's data", async () => {
    await db.shopSettings.create({ data: { shop } });
    const response = await call(
      compliance,
      signedWebhookRequest("https://attach.test/webhooks/compliance", {
        topic: "shop/redact",
        shop,
        secret,
        payload: { shop_id: 1, shop_domain: shop },
      }),
    );
    expect(response.status).toBe(200);
    expect(await db.shopSettings.count({ where: { shop } })).toBe(0);
  });
});
