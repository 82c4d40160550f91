import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import db from "../../app/db.server";
import {
  acceptWebhook,
  ingestWebhook,
  processDelivery,
  processPendingDeliveries,
} from "../../app/services/order-ingestion.server";
import { recordDelivery } from "../../app/services/webhook-inbox.server";
import { orderPayload, refundPayload, type OrderSpec } from "../support/order-webhooks";
import { createBundle, createPairing, factRows, rollup, rollupRows } from "./support/ingestion";
import { resetDatabase } from "./support/reset";

const shop = "ingest.myshopify.com";
const day = "2026-03-01";
const BUNDLE_MESSAGE = "Bundle: Laptop Essentials — 10% off";

let bundleId: string;

/** A rollup row's figures and counters, without its key, id and currency (null: no row). */
const figuresOf = (row: Awaited<ReturnType<typeof rollup>>) => {
  if (!row) return null;
  const {
    id: _id,
    shop: _shop,
    day: _day,
    offerType: _type,
    offerId: _offerId,
    currencyCode: _currency,
    ...figures
  } = row;
  return figures;
};

/** An order with a bundle line (property and our discount), a second bundle line and an unrelated line. */
const bundleOrder = (overrides: Partial<OrderSpec> = {}): OrderSpec => ({
  id: 1001,
  customerId: 1,
  processedAt: `${day}T10:00:00Z`,
  lines: [
    {
      id: 11,
      productId: 1,
      quantity: 1,
      price: 10000,
      properties: [{ name: "_attach_offer", value: `bundle:${bundleId}` }],
      discounts: [{ amount: 1000, title: BUNDLE_MESSAGE }],
    },
    {
      id: 12,
      productId: 2,
      quantity: 2,
      price: 2500,
      properties: [{ name: "_attach_offer", value: `bundle:${bundleId}` }],
      discounts: [{ amount: 500, title: BUNDLE_MESSAGE }],
    },
    { id: 13, productId: 900, quantity: 1, price: 700 },
  ],
  ...overrides,
});
const SUBTOTAL = 9000 + 4500 + 700;

const ingest = (topic: string, payload: unknown, webhookId: string, target = shop) =>
  ingestWebhook({ shop: target, topic, webhookId, payload });

describe(`order ingestion on ${process.env.ATTACH_TEST_PROVIDER}`, () => {
  beforeEach(async () => {
    await resetDatabase();
    bundleId = (await createBundle(shop, { title: "Laptop Essentials", products: [1, 2] })).id;
  });
  afterAll(() => db.$disconnect());

  it("counts a webhook delivered twice once", async () => {
    const payload = orderPayload(bundleOrder());
    expect(await ingest("orders/create", payload, "w-1")).toMatchObject({
      ok: true,
      duplicate: false,
      outcome: "processed",
    });
    expect(await ingest("orders/create", payload, "w-1")).toMatchObject({
      ok: true,
      duplicate: true,
      outcome: "skipped",
    });
    expect(await db.webhookDelivery.count()).toBe(1);
    expect(await db.orderFact.count()).toBe(1);
    expect(await rollup(shop, day, "shop")).toMatchObject({ orders: 1, attachedOrders: 1, revenueAmount: SUBTOTAL });
    expect(await rollup(shop, day, "bundle", bundleId)).toMatchObject({
      orders: 1,
      revenueAmount: 13500,
      discountAmount: 1500,
    });
    // One offer: the day's "offers" row holds its figures.
    expect(figuresOf(await rollup(shop, day, "offers"))).toEqual(
      figuresOf(await rollup(shop, day, "bundle", bundleId)),
    );
  });

  it("leaves facts and rollups identical when the same order arrives again under another webhook id", async () => {
    await ingest("orders/create", orderPayload(bundleOrder()), "w-1");
    const facts = await factRows(shop);
    const rollups = await rollupRows(shop);
    expect(await ingest("orders/updated", orderPayload(bundleOrder()), "w-2")).toMatchObject({ outcome: "processed" });
    expect(await factRows(shop)).toEqual(facts);
    expect(await rollupRows(shop)).toEqual(rollups);
  });

  it("credits lines by property or by our discount's title, and reports the rest as they are", async () => {
    await ingest("orders/create", orderPayload(bundleOrder()), "w-1");
    const [order] = await factRows(shop);
    expect(order!.lines.map((l) => [l.attribution, l.offerId, l.discountAmount])).toEqual([
      ["bundle", bundleId, 1000],
      ["bundle", bundleId, 500],
      ["none", null, 0],
    ]);
  });

  it("takes a cancelled order out of every figure", async () => {
    await ingest("orders/create", orderPayload(bundleOrder()), "w-1");
    await ingest("orders/cancelled", orderPayload(bundleOrder({ cancelledAt: "2026-03-02T09:00:00Z" })), "w-2");
    const zero = { orders: 0, attachedOrders: 0, revenueAmount: 0, discountAmount: 0, refundedAmount: 0 };
    expect(await rollup(shop, day, "shop")).toMatchObject(zero);
    expect(await rollup(shop, day, "attached")).toMatchObject(zero);
    expect(await rollup(shop, day, "bundle", bundleId)).toMatchObject(zero);
    expect(await rollup(shop, day, "offers")).toMatchObject(zero);
    expect((await factRows(shop))[0]!.cancelledAt).toEqual(new Date("2026-03-02T09:00:00Z"));
  });

  it("subtracts a partial refund exactly from the refunded line's figures", async () => {
    await ingest("orders/create", orderPayload(bundleOrder()), "w-1");
    const refund = refundPayload({ id: 5, orderId: 1001, lines: [{ lineItemId: 12, quantity: 1, subtotal: 2250 }] });
    expect(await ingest("refunds/create", refund, "w-2")).toMatchObject({ outcome: "processed" });
    expect(await rollup(shop, day, "shop")).toMatchObject({ orders: 1, attachedOrders: 1, refundedAmount: 2250 });
    expect(await rollup(shop, day, "bundle", bundleId)).toMatchObject({
      orders: 1,
      revenueAmount: 13500,
      refundedAmount: 2250,
    });
    const line = (await factRows(shop))[0]!.lines.find((l) => l.lineId === "gid://shopify/LineItem/12");
    expect(line).toMatchObject({ refundedQuantity: 1, refundedAmount: 2250 });
    // The same refund delivered again (same webhook id) is not subtracted twice.
    await ingest("refunds/create", refund, "w-2");
    expect(await rollup(shop, day, "bundle", bundleId)).toMatchObject({ refundedAmount: 2250 });
    expect(figuresOf(await rollup(shop, day, "offers"))).toEqual(
      figuresOf(await rollup(shop, day, "bundle", bundleId)),
    );
  });

  it("counts an order with an offered product but no property or bundle discount as organic, not uptake", async () => {
    const pairing = await createPairing(shop, { heading: "Desk setup", anchor: 20, complements: [21] });
    await ingest(
      "orders/create",
      orderPayload({
        id: 2001,
        processedAt: `${day}T11:00:00Z`,
        lines: [
          { id: 21, productId: 1, quantity: 1, price: 10000 },
          { id: 22, productId: 21, quantity: 1, price: 3000, discounts: [{ amount: 300, title: "SPRING" }] },
        ],
      }),
      "w-1",
    );
    expect((await factRows(shop))[0]!.lines.map((l) => l.attribution)).toEqual(["organic", "organic"]);
    expect(await rollup(shop, day, "shop")).toMatchObject({ orders: 1, attachedOrders: 0, discountAmount: 0 });
    expect(await rollup(shop, day, "organic")).toMatchObject({ orders: 1, revenueAmount: 13000 });
    // The order holds a product of the bundle (one of its anchors) without taking it up: it counts in the
    // bundle's attach rate as an order that did not attach, never as uptake. The pairing's anchor is absent.
    expect(await rollup(shop, day, "bundle", bundleId)).toMatchObject({
      orders: 0,
      revenueAmount: 0,
      anchorOrders: 1,
      anchorAttachedOrders: 0,
    });
    expect(await rollup(shop, day, "pairing", pairing.id)).toBeNull();
  });

  it("refuses a malformed payload and stores nothing", async () => {
    const result = await ingest("orders/create", { id: 1001, line_items: [{ id: 1 }] }, "w-bad");
    expect(result.ok).toBe(false);
    expect(await db.webhookDelivery.count()).toBe(0);
    expect(await db.orderFact.count()).toBe(0);
  });

  it("marks a stored delivery it cannot read as failed, with the reason, and writes nothing else", async () => {
    // As if stored by an earlier version of the app that did not check payloads.
    const { id } = await recordDelivery({ shop, topic: "ORDERS_CREATE", webhookId: "w-old", payload: { id: 5 } });
    expect(await processDelivery(id)).toBe("failed");
    const delivery = await db.webhookDelivery.findUniqueOrThrow({ where: { id } });
    expect(delivery).toMatchObject({ status: "failed", attempts: 1 });
    expect(delivery.lastError).toContain("line_items");
    expect(await db.orderFact.count()).toBe(0);
    expect(await db.dailyRollup.count()).toBe(0);
  });

  it("writes nothing of an order whose processing fails half-way, and keeps its delivery for a retry", async () => {
    await ingest("orders/create", orderPayload(bundleOrder()), "w-1");
    const before = { facts: await factRows(shop), rollups: await rollupRows(shop) };
    // Another order claiming line 13 of the first: the order row is written, then its lines collide.
    const clash = orderPayload({
      id: 1002,
      processedAt: `${day}T12:00:00Z`,
      lines: [{ id: 13, productId: 5, quantity: 1, price: 100 }],
    });
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(await ingest("orders/create", clash, "w-2")).toMatchObject({ ok: true, outcome: "retry" });
    expect(logged).toHaveBeenCalledOnce();
    logged.mockRestore();
    expect(await factRows(shop)).toEqual(before.facts);
    expect(await rollupRows(shop)).toEqual(before.rollups);
    const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { webhookId: "w-2" } });
    expect(delivery).toMatchObject({ status: "received", attempts: 1 });
    // The database's own words, from SQLite or PostgreSQL.
    expect(delivery.lastError).toMatch(/unique constraint.*OrderLineFact/i);
  });

  it("loses nothing when the process dies after storing and before processing: the sweep catches up", async () => {
    const payloads = [
      ["orders/create", orderPayload(bundleOrder()), "w-1"],
      [
        "refunds/create",
        refundPayload({ id: 5, orderId: 1001, lines: [{ lineItemId: 11, quantity: 1, subtotal: 9000 }] }),
        "w-2",
      ],
      [
        "orders/create",
        orderPayload(bundleOrder({ id: 1002, lines: [{ id: 31, productId: 2, quantity: 1, price: 2500 }] })),
        "w-3",
      ],
    ] as const;
    // Stored (and answered), then the "crash": nothing processed.
    for (const [topic, payload, webhookId] of payloads) await acceptWebhook({ shop, topic, webhookId, payload });
    expect(await db.orderFact.count()).toBe(0);
    expect(await db.webhookDelivery.count({ where: { status: "received" } })).toBe(3);

    expect(await processPendingDeliveries({ shop })).toEqual({ processed: 3, failed: 0, retry: 0, skipped: 0 });

    // The same deliveries processed at once, on another shop, give the same figures.
    const twin = "twin.myshopify.com";
    await createBundle(twin, { title: "Laptop Essentials", products: [1, 2] });
    for (const [topic, payload, webhookId] of payloads) await ingest(topic, payload, webhookId, twin);
    const withoutOffer = (rows: Awaited<ReturnType<typeof rollupRows>>) =>
      rows.map((row) => ({ ...row, offerId: row.offerType === "bundle" ? "(bundle)" : row.offerId }));
    expect(withoutOffer(await rollupRows(shop))).toEqual(withoutOffer(await rollupRows(twin)));
    expect(await rollup(shop, day, "shop")).toMatchObject({ orders: 2, attachedOrders: 1, refundedAmount: 9000 });

    // A second sweep finds nothing left to do.
    const rollups = await rollupRows(shop);
    expect(await processPendingDeliveries({ shop })).toEqual({ processed: 0, failed: 0, retry: 0, skipped: 0 });
    expect(await rollupRows(shop)).toEqual(rollups);
  });

  it("keeps a refund that arrives before its order, and applies it once the order is in", async () => {
    const refund = refundPayload({ id: 5, orderId: 1001, lines: [{ lineItemId: 12, quantity: 2, subtotal: 4500 }] });
    expect(await ingest("refunds/create", refund, "w-refund")).toMatchObject({ ok: true, outcome: "retry" });
    expect(await db.webhookDelivery.findFirst({ where: { webhookId: "w-refund" } })).toMatchObject({
      status: "received",
      attempts: 1,
      lastError: "Order gid://shopify/Order/1001 has not been ingested yet",
    });
    await ingest("orders/create", orderPayload(bundleOrder()), "w-order");
    expect(await processPendingDeliveries({ shop })).toMatchObject({ processed: 1 });
    expect(await rollup(shop, day, "bundle", bundleId)).toMatchObject({ orders: 1, refundedAmount: 4500 });
  });

  it("applies events of one order processed at the same time one after the other, each once", async () => {
    const created = await acceptWebhook({
      shop,
      topic: "orders/create",
      webhookId: "w-1",
      payload: orderPayload(bundleOrder()),
    });
    const updated = await acceptWebhook({
      shop,
      topic: "orders/updated",
      webhookId: "w-2",
      payload: orderPayload(bundleOrder()),
    });
    const refunded = await acceptWebhook({
      shop,
      topic: "refunds/create",
      webhookId: "w-3",
      payload: refundPayload({ id: 5, orderId: 1001, lines: [{ lineItemId: 13, quantity: 1, subtotal: 700 }] }),
    });
    if (!created.ok || !updated.ok || !refunded.ok) throw new Error("not accepted");
    await Promise.all([
      processDelivery(created.id),
      processDelivery(updated.id),
      processDelivery(created.id),
      processDelivery(updated.id),
    ]);
    await processPendingDeliveries({ shop });
    expect(await db.webhookDelivery.count({ where: { status: "processed" } })).toBe(3);
    expect(await rollup(shop, day, "shop")).toMatchObject({ orders: 1, revenueAmount: SUBTOTAL, refundedAmount: 700 });
    expect(await rollup(shop, day, "bundle", bundleId)).toMatchObject({ orders: 1, revenueAmount: 13500 });
  });

  it("stores deliveries of other inbox topics for their own handlers and leaves them alone", async () => {
    const finished = { admin_graphql_api_id: "gid://shopify/BulkOperation/7", status: "completed" };
    expect(await ingest("bulk_operations/finish", finished, "w-bulk")).toMatchObject({
      ok: true,
      outcome: "skipped",
    });
    await processPendingDeliveries();
    expect(await db.webhookDelivery.findFirst({ where: { webhookId: "w-bulk" } })).toMatchObject({
      topic: "BULK_OPERATIONS_FINISH",
      status: "received",
      attempts: 0,
    });
  });
});
