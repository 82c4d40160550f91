// Follow-up offers against real databases and the local Admin API emulator: scheduled from fulfillments/create
// through the inbox (once per order and anchor), sent by the sweep (code, customer metafield, Flow trigger),
// revoked on refund or cancellation, redeemed by an order using the code, exported as CSV, redacted.
import { adminRequest, callRoute, emulateShopify, installApp, type EmulatedShopify } from "./support/shopify";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { loader as csvLoader } from "../../app/routes/app.follow-ups.csv";
import { followUpSummary, listFollowUps, runFollowUps, sendFollowUps } from "../../app/services/follow-up.server";
import { ingestWebhook } from "../../app/services/order-ingestion.server";
import { customerData, redactCustomer } from "../../app/services/privacy.server";
import { shopData } from "../../app/services/shop-scope.server";
import { fulfillmentWebhookPayload } from "../../local/webhooks";
import type { OrderView } from "../../local/admin-api/store";
import { ADA_ID, GRACE_ID, HEADPHONES_ID, LAPTOP_ID, MOUSE_ID } from "../unit/admin-api/fixture";
import { orderPayload, productGid, refundPayload } from "../support/order-webhooks";
import { createPairing } from "./support/ingestion";
import { resetDatabase } from "./support/reset";

const ADA = `gid://shopify/Customer/${ADA_ID}`;
const FULFILLED_AT = "2026-03-02T09:00:00Z";
const DUE = new Date("2026-03-05T09:00:00Z");
const AFTER_DUE = new Date("2026-03-05T10:00:00Z");

let shopify: EmulatedShopify;
let shop: string;
const other = "other-follow-ups.myshopify.com";
let webhookNumber = 0;

const ingest = async (topic: string, payload: unknown, target = shop, webhookId = `w-${++webhookNumber}`) => {
  const result = await ingestWebhook({ shop: target, topic, webhookId, payload });
  expect(result).toMatchObject({ ok: true });
  return result;
};

/** Order `id` of `customerId` (line id = order id × 10 + position), at 100.00 a unit. */
const order = (id: number, customerId: number | null, products: number[]) =>
  orderPayload({
    id,
    customerId,
    processedAt: "2026-03-01T10:00:00Z",
    lines: products.map((productId, i) => ({ id: id * 10 + i, productId, quantity: 1, price: 10_000 })),
  });

const fulfillment = (orderId: number, products: number[]) =>
  fulfillmentWebhookPayload(
    {
      id: orderId,
      name: `#${orderId}`,
      lineItems: products.map((productId, i) => ({
        id: orderId * 10 + i,
        productId,
        variantId: productId * 10 + 1,
        quantity: 1,
      })),
    } as unknown as OrderView,
    orderId * 100,
    FULFILLED_AT,
  );

/** Ada buys the laptop (anchor of laptop → headphones, mouse) without a complement; it ships. */
async function laptopShipped(orderId = 1, target = shop) {
  await ingest("orders/create", order(orderId, ADA_ID, [LAPTOP_ID]), target);
  await ingest("fulfillments/create", fulfillment(orderId, [LAPTOP_ID]), target);
}

const offers = (target = shop) => shopData(target).followUpOffer.findMany({ orderBy: { createdAt: "asc" } });

beforeEach(async () => {
  await resetDatabase();
  shopify = emulateShopify();
  shop = shopify.domain;
  for (const target of [shop, other]) {
    await db.shopSettings.create({ data: { shop: target, followUpEnabled: true } });
    await createPairing(target, { heading: null, anchor: LAPTOP_ID, complements: [HEADPHONES_ID, MOUSE_ID] });
  }
});
afterAll(() => db.$disconnect());

describe("scheduling on fulfilment", () => {
  it("schedules one offer for the first complement not bought, due the delay after the fulfilment", async () => {
    await laptopShipped();
    expect(await offers()).toEqual([
      expect.objectContaining({
        customerId: ADA,
        orderId: "gid://shopify/Order/1",
        anchorProductId: productGid(LAPTOP_ID),
        complementProductId: productGid(HEADPHONES_ID),
        status: "scheduled",
        dueAt: DUE,
        code: null,
        currencyCode: "USD",
      }),
    ]);
  });

  it("schedules nothing new when the fulfilment is redelivered or the order fulfilled again", async () => {
    await laptopShipped();
    const again = fulfillment(1, [LAPTOP_ID]);
    const duplicate = await ingest("fulfillments/create", again, shop, `w-${webhookNumber}`);
    expect(duplicate).toMatchObject({ duplicate: true });
    await ingest("fulfillments/create", { ...again, id: 999 });
    expect(await offers()).toHaveLength(1);
  });

  it("offers the next complement when the first was bought, and nothing when both were", async () => {
    await ingest("orders/create", order(2, ADA_ID, [LAPTOP_ID, HEADPHONES_ID]));
    await ingest("fulfillments/create", fulfillment(2, [LAPTOP_ID, HEADPHONES_ID]));
    await ingest("orders/create", order(3, ADA_ID, [LAPTOP_ID, HEADPHONES_ID, MOUSE_ID]));
    await ingest("fulfillments/create", fulfillment(3, [LAPTOP_ID, HEADPHONES_ID, MOUSE_ID]));
    expect((await offers()).map((o) => [o.orderId, o.complementProductId])).toEqual([
      ["gid://shopify/Order/2", productGid(MOUSE_ID)],
    ]);
  });

  it("schedules nothing while follow-ups are off or for a guest, and skips an excluded customer with the reason", async () => {
    await ingest("orders/create", order(4, null, [LAPTOP_ID]));
    await ingest("fulfillments/create", fulfillment(4, [LAPTOP_ID]));
    // The helpdesk tags Ada during a complaint (the default exclusion tags include "complaint-open").
    await ingest("customers/update", { id: ADA_ID, tags: "complaint-open" });
    await laptopShipped(5);
    expect(await offers()).toEqual([
      expect.objectContaining({
        orderId: "gid://shopify/Order/5",
        status: "skipped",
        statusReason: expect.stringMatching(/^Customer excluded: Tagged “complaint-open” by your helpdesk/),
      }),
    ]);
    await shopData(shop).shopSettings.updateMany({ data: { followUpEnabled: false } });
    await laptopShipped(6);
    expect(await offers()).toHaveLength(1);
  });

  it("waits for the order when the fulfilment arrives first", async () => {
    const early = await ingest("fulfillments/create", fulfillment(7, [LAPTOP_ID]));
    expect(early).toMatchObject({ outcome: "retry" });
    expect(await offers()).toEqual([]);
  });
});

describe("sending", () => {
  it("creates the single-use code for the product and customer, writes the metafield, fires the Flow trigger", async () => {
    await laptopShipped();
    expect(await sendFollowUps(shop, shopify.admin, new Date(DUE.getTime() - 1))).toMatchObject({ sent: 0 });
    expect(await sendFollowUps(shop, shopify.admin, AFTER_DUE)).toMatchObject({ sent: 1, failed: 0 });
    expect(shopify.logs).toEqual([]);
    const [offer] = await offers();
    expect(offer).toMatchObject({ status: "sent", sentAt: AFTER_DUE, expiresAt: new Date("2026-03-19T10:00:00Z") });
    expect(offer!.code).toMatch(/^ATTACH-[A-Z2-9]{6}$/);
    expect(shopify.store.codeDiscountByCode(offer!.code!)).toMatchObject({
      productIds: [HEADPHONES_ID],
      customerIds: [ADA_ID],
      percentage: 0.1,
      usageLimit: 1,
      appliesOncePerCustomer: true,
      endsAt: "2026-03-19T10:00:00Z",
    });
    expect(offer!.discountId).toBe(`gid://shopify/DiscountCodeNode/${shopify.store.codeDiscounts()[0]!.id}`);
    const metafield = shopify.store.metafieldsOf(ADA)?.find((m) => m.key === "follow_up_offer");
    expect(metafield?.namespace).toBe("$app:attach");
    expect(JSON.parse(metafield!.value)).toMatchObject({
      code: offer!.code,
      percent: 10,
      product: { title: "Studio Headphones", handle: "studio-headphones" },
    });
    expect(shopify.store.toJSON().flowTriggers).toEqual([
      expect.objectContaining({
        handle: "follow-up-offer-trigger",
        payload: expect.objectContaining({
          customer_id: ADA_ID,
          product_id: HEADPHONES_ID,
          "Discount code": offer!.code,
        }),
      }),
    ]);
    // Sent once: the next sweep sends nothing.
    expect(await sendFollowUps(shop, shopify.admin, AFTER_DUE)).toMatchObject({ sent: 0 });
    expect(shopify.store.codeDiscounts()).toHaveLength(1);
  });

  it("skips a customer excluded since the fulfilment, with the reason, and creates no code", async () => {
    await laptopShipped();
    await ingest("customers/update", { id: ADA_ID, tags: "vip, complaint-open" });
    expect(await sendFollowUps(shop, shopify.admin, AFTER_DUE)).toMatchObject({ skipped: 1, sent: 0 });
    expect(await offers()).toEqual([
      expect.objectContaining({
        status: "skipped",
        statusReason: expect.stringMatching(/^Customer excluded: Tagged “complaint-open”/),
        code: null,
      }),
    ]);
    expect(shopify.store.codeDiscounts()).toEqual([]);
  });

  it("the sweep sends for installed shops only", async () => {
    await laptopShipped();
    await runFollowUps(async () => shopify.admin, AFTER_DUE);
    expect((await offers())[0]?.status).toBe("scheduled");
    await installApp(shop);
    await runFollowUps(async () => shopify.admin, AFTER_DUE);
    expect((await offers())[0]?.status).toBe("sent");
  });
});

describe("revocation and redemption", () => {
  it("revokes without a code when the laptop is refunded before sending", async () => {
    await laptopShipped();
    await ingest(
      "refunds/create",
      refundPayload({ id: 50, orderId: 1, lines: [{ lineItemId: 10, quantity: 1, subtotal: 10_000 }] }),
    );
    expect(await offers()).toEqual([
      expect.objectContaining({ status: "revoked", statusReason: "The anchor product was refunded" }),
    ]);
    expect(await sendFollowUps(shop, shopify.admin, AFTER_DUE)).toMatchObject({ sent: 0 });
    expect(shopify.store.codeDiscounts()).toEqual([]);
  });

  it.each([
    {
      change: "a refund of the laptop",
      send: () =>
        ingest(
          "refunds/create",
          refundPayload({ id: 51, orderId: 1, lines: [{ lineItemId: 10, quantity: 1, subtotal: 10_000 }] }),
        ),
      reason: "The anchor product was refunded",
    },
    {
      change: "a cancellation",
      send: () =>
        ingest("orders/cancelled", { ...order(1, ADA_ID, [LAPTOP_ID]), cancelled_at: "2026-03-06T10:00:00Z" }),
      reason: "The order was cancelled",
    },
  ])(
    "revokes after sending on $change, and the sweep deletes the code and its customer metafield in Shopify",
    async ({ send, reason }) => {
      await laptopShipped();
      await sendFollowUps(shop, shopify.admin, AFTER_DUE);
      expect(shopify.store.codeDiscounts()).toHaveLength(1);
      await send();
      expect((await offers())[0]).toMatchObject({ status: "revoked", statusReason: reason });
      expect(await sendFollowUps(shop, shopify.admin, AFTER_DUE)).toMatchObject({ codesDeleted: 1 });
      expect(shopify.store.codeDiscounts()).toEqual([]);
      // The email templates no longer see the revoked code.
      expect(shopify.store.metafieldsOf(ADA)?.some((m) => m.key === "follow_up_offer")).toBe(false);
      expect((await offers())[0]).toMatchObject({ status: "revoked", discountId: null });
    },
  );

  it("redeems the offer when an order uses its code, with the complement's revenue", async () => {
    await laptopShipped();
    await sendFollowUps(shop, shopify.admin, AFTER_DUE);
    const [sent] = await offers();
    const redeeming = {
      ...orderPayload({
        id: 20,
        customerId: ADA_ID,
        processedAt: "2026-03-07T10:00:00Z",
        lines: [
          { id: 200, productId: HEADPHONES_ID, quantity: 1, price: 9_000 },
          { id: 201, productId: MOUSE_ID, quantity: 1, price: 2_000 },
        ],
      }),
      discount_codes: [{ code: sent!.code!.toLowerCase(), amount: "9.00", type: "percentage" }],
    };
    await ingest("orders/create", redeeming);
    expect((await offers())[0]).toMatchObject({
      status: "redeemed",
      redeemedOrderId: "gid://shopify/Order/20",
      revenueAmount: 9_000,
    });
    expect(await followUpSummary(shop)).toEqual({
      scheduled: 1,
      sent: 1,
      redeemed: 1,
      revenue: [{ currencyCode: "USD", amount: 9_000 }],
    });
  });
});

describe("merchant side and privacy", () => {
  it("exports the shop's offers as CSV, and no other shop's", async () => {
    await laptopShipped();
    await laptopShipped(2, other);
    await installApp(shop);
    const response = (await callRoute(csvLoader, adminRequest(shop, "/app/follow-ups.csv"))) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const lines = (await response.text())
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      "Customer ID,Order ID,Anchor product ID,Complement product ID,Code,Status,Reason,Due at,Sent at,Expires at,Redeemed in order,Revenue,Currency",
    );
    expect(lines[1]).toBe(
      `${ADA},gid://shopify/Order/1,${productGid(LAPTOP_ID)},${productGid(HEADPHONES_ID)},,scheduled,,2026-03-05T09:00:00.000Z,,,,,USD`,
    );
    expect((await listFollowUps(other)).map((o) => o.orderId)).toEqual(["gid://shopify/Order/2"]);
  });

  it("customers/data_request includes the customer's offers; customers/redact deletes them, in this shop only", async () => {
    await laptopShipped();
    await laptopShipped(2, other);
    await ingest("orders/create", order(3, GRACE_ID, [LAPTOP_ID]));
    await ingest("fulfillments/create", fulfillment(3, [LAPTOP_ID]));
    expect((await customerData(shop, ADA)).followUpOffers.map((o) => o.orderId)).toEqual(["gid://shopify/Order/1"]);
    await redactCustomer(shop, ADA, []);
    expect((await offers()).map((o) => o.customerId)).toEqual([`gid://shopify/Customer/${GRACE_ID}`]);
    expect(await offers(other)).toHaveLength(1);
  });
});
