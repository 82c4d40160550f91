// Deliveries processed together: the drain and the sweep (processPendingDeliveries) put consecutive deliveries
// of a shop through one transaction, with the counters (rollups, co-purchase counts, customer signals) summed
// and written once. The outcome must be exactly what processing them one by one gives, a delivery that fails
// must fail alone, and deliveries must be taken in the order they came.
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import db from "../../app/db.server";
import { recomputeCoPurchase } from "../../app/services/co-purchase.server";
import { acceptWebhook, ingestWebhook, processPendingDeliveries } from "../../app/services/order-ingestion.server";
import { rebuildRollups } from "../../app/services/rollup-rebuild.server";
import { recordDelivery } from "../../app/services/webhook-inbox.server";
import type { OrderView } from "../../local/admin-api/store";
import { fulfillmentWebhookPayload } from "../../local/webhooks";
import { orderPayload, productGid, refundPayload, type LineSpec } from "../support/order-webhooks";
import { customerRollupRows, factRows, offerTotalRows, rollup, rollupRows } from "./support/ingestion";
import { resetDatabase } from "./support/reset";

const shop = "batches.myshopify.com";
const BUNDLE = "bundle-desk";
const PAIRING = "pairing-laptop";
const LAPTOP = 10;
const HEADPHONES = 11;

const bundleLine = (id: number): LineSpec => ({
  id,
  productId: 1,
  quantity: 1,
  price: 10_000,
  properties: [{ name: "_attach_offer", value: `bundle:${BUNDLE}` }],
  discounts: [{ amount: 1_000, title: "Bundle: Desk kit — 10% off" }],
});
const line = (id: number, productId: number, price = 2_500): LineSpec => ({ id, productId, quantity: 1, price });
const order = (id: number, customerId: number | null, processedAt: string, lines: LineSpec[], cancelledAt?: string) =>
  orderPayload({ id, customerId, processedAt, lines, cancelledAt });

const first = [bundleLine(11), line(12, 2), line(13, 3)];
/** Every kind of delivery the inbox processes in a transaction, several touching the same order, customer and day. */
const deliveries: Array<[topic: string, payload: unknown]> = [
  // 03:00 UTC is still February 28 in New York, the shop's time zone.
  ["orders/create", order(1, 1, "2026-03-01T03:00:00Z", first)],
  ["orders/create", order(2, 1, "2026-03-01T15:00:00Z", [line(21, LAPTOP, 90_000)])],
  ["orders/updated", order(1, 1, "2026-03-01T03:00:00Z", [...first, line(14, 4)])],
  ["orders/create", order(3, 2, "2026-03-01T16:00:00Z", [line(31, 2), line(32, 3)])],
  ["refunds/create", refundPayload({ id: 1, orderId: 1, lines: [{ lineItemId: 13, quantity: 1, subtotal: 2_500 }] })],
  [
    "fulfillments/create",
    fulfillmentWebhookPayload(
      {
        id: 2,
        name: "#2",
        lineItems: [{ id: 21, productId: LAPTOP, variantId: 101, quantity: 1 }],
      } as unknown as OrderView,
      200,
      "2026-03-02T09:00:00Z",
    ),
  ],
  ["customers/update", { id: 2, tags: "complaint-open" }],
  ["orders/cancelled", order(3, 2, "2026-03-01T16:00:00Z", [line(31, 2), line(32, 3)], "2026-03-02T10:00:00Z")],
  ["orders/create", order(4, 1, "2026-03-02T12:00:00Z", [bundleLine(41), line(42, 2), line(43, HEADPHONES)])],
  ["refunds/create", refundPayload({ id: 2, orderId: 2, lines: [{ lineItemId: 21, quantity: 1, subtotal: 90_000 }] })],
  ["orders/create", order(5, null, "2026-03-02T13:00:00Z", [line(51, 5), line(52, 1)])],
];

async function setUpShop() {
  await resetDatabase();
  // Its own currency differs from the orders': a customer row first written by customers/update would show it.
  await db.shopSettings.create({
    data: { shop, currencyCode: "CAD", timeZone: "America/New_York", followUpEnabled: true },
  });
  await db.bundle.create({
    data: {
      id: BUNDLE,
      shop,
      title: "Desk kit",
      status: "active",
      discountKind: "percentage",
      discountValue: 10,
      currencyCode: "USD",
      parts: {
        create: [1, 2].map((product, position) => ({ shop, productId: productGid(product), quantity: 1, position })),
      },
    },
  });
  await db.pairing.create({
    data: {
      id: PAIRING,
      shop,
      anchorType: "product",
      anchorId: productGid(LAPTOP),
      heading: "Listen better",
      discountPercent: 10,
      complements: { create: [{ shop, productId: productGid(HEADPHONES), position: 0 }] },
    },
  });
}

const isZero = (row: Record<string, unknown>) =>
  Object.values(row).every((value) => typeof value !== "number" || value === 0);

/** Everything processing writes, without ids and write times; rollup rows left at zero are no figure. */
async function outcome() {
  const withoutIds = <T extends { id: string }>(rows: T[]) => rows.map(({ id: _id, ...row }) => row);
  return {
    facts: await factRows(shop),
    rollups: (await rollupRows(shop)).filter((row) => !isZero(row)),
    customerRollups: await customerRollupRows(shop),
    offerTotals: await offerTotalRows(shop),
    products: withoutIds(await db.coPurchaseProduct.findMany({ where: { shop }, orderBy: { productId: "asc" } })),
    pairs: withoutIds(
      await db.coPurchasePair.findMany({ where: { shop }, orderBy: [{ productA: "asc" }, { productB: "asc" }] }),
    ),
    customers: (await db.customerSignal.findMany({ where: { shop }, orderBy: { customerId: "asc" } })).map(
      ({ id: _id, evaluatedAt: _evaluatedAt, ...row }) => row,
    ),
    followUps: (await db.followUpOffer.findMany({ where: { shop }, orderBy: { anchorProductId: "asc" } })).map(
      ({ id: _id, createdAt: _createdAt, updatedAt: _updatedAt, ...row }) => row,
    ),
  };
}

describe(`deliveries processed together on ${process.env.ATTACH_TEST_PROVIDER}`, () => {
  beforeEach(setUpShop);
  afterAll(() => db.$disconnect());

  it("writes exactly what processing them one by one writes, and what a rebuild and a recount give", async () => {
    for (const [i, [topic, payload]] of deliveries.entries()) {
      expect(await ingestWebhook({ shop, topic, webhookId: `w-${i}`, payload })).toMatchObject({
        outcome: "processed",
      });
    }
    const oneByOne = await outcome();

    await setUpShop();
    for (const [i, [topic, payload]] of deliveries.entries()) {
      expect(await acceptWebhook({ shop, topic, webhookId: `w-${i}`, payload })).toMatchObject({ ok: true });
    }
    expect(await processPendingDeliveries({ shop, perTransaction: deliveries.length })).toEqual({
      processed: deliveries.length,
      failed: 0,
      retry: 0,
      skipped: 0,
    });
    // In one transaction, not one by one after a failed one: all marked processed at the same instant.
    const marked = await db.webhookDelivery.findMany({ where: { shop }, select: { processedAt: true } });
    expect(new Set(marked.map((row) => row.processedAt?.getTime())).size).toBe(1);
    const together = await outcome();
    expect(together).toEqual(oneByOne);

    // The scenario reaches every counter: a day in the shop's time zone, a revoked follow-up, an exclusion,
    // the customer rollups.
    expect(together.customerRollups.length).toBeGreaterThan(2);
    expect(together.offerTotals.rows.length).toBeGreaterThan(0);
    expect(together.rollups.find((row) => row.offerType === "bundle")).toMatchObject({ day: "2026-02-28", orders: 1 });
    expect(together.followUps).toMatchObject([{ anchorProductId: productGid(LAPTOP), status: "revoked" }]);
    expect(together.customers).toMatchObject([
      { customerId: "gid://shopify/Customer/1", orders: 3, returnedOrders: 2 },
      { customerId: "gid://shopify/Customer/2", orders: 0, excluded: true },
    ]);
    expect(together.pairs.length).toBeGreaterThan(3);

    expect(await rebuildRollups(shop)).toMatchObject({ acquired: true });
    expect((await rollupRows(shop)).filter((row) => !isZero(row))).toEqual(together.rollups);
    expect(await customerRollupRows(shop)).toEqual(together.customerRollups);
    expect(await offerTotalRows(shop)).toEqual(together.offerTotals);
    expect(await recomputeCoPurchase(shop)).toMatchObject({ acquired: true });
    expect((await outcome()).products).toEqual(together.products);
    expect((await outcome()).pairs).toEqual(together.pairs);
  });

  it("lets a delivery that fails fail alone: the others of its transaction take effect", async () => {
    await acceptWebhook({ shop, topic: "orders/create", webhookId: "w-1", payload: deliveries[0]![1] });
    // As if stored by an earlier version of the app that did not check payloads.
    await recordDelivery({ shop, topic: "ORDERS_CREATE", webhookId: "w-unreadable", payload: { id: 5 } });
    const early = refundPayload({ id: 9, orderId: 99, lines: [{ lineItemId: 991, quantity: 1, subtotal: 100 }] });
    await acceptWebhook({ shop, topic: "refunds/create", webhookId: "w-early-refund", payload: early });
    await acceptWebhook({ shop, topic: "orders/create", webhookId: "w-2", payload: deliveries[1]![1] });

    expect(await processPendingDeliveries({ shop })).toEqual({ processed: 2, failed: 1, retry: 1, skipped: 0 });

    expect((await factRows(shop)).map((fact) => fact.orderId)).toEqual([
      "gid://shopify/Order/1",
      "gid://shopify/Order/2",
    ]);
    expect(await rollup(shop, "2026-03-01", "shop")).toMatchObject({ orders: 1 });
    expect(await rollup(shop, "2026-02-28", "shop")).toMatchObject({ orders: 1 });
    const delivery = (webhookId: string) => db.webhookDelivery.findFirstOrThrow({ where: { shop, webhookId } });
    expect(await delivery("w-unreadable")).toMatchObject({ status: "failed", attempts: 1 });
    expect(await delivery("w-early-refund")).toMatchObject({
      status: "received",
      attempts: 1,
      lastError: "Order gid://shopify/Order/99 has not been ingested yet",
    });
    expect(await delivery("w-2")).toMatchObject({ status: "processed", attempts: 1, lastError: null });
  });

  it("takes deliveries stored within one millisecond in the order they came", async () => {
    // The clock moves one millisecond every ten deliveries, whatever this machine's speed.
    const stored: string[] = [];
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-03-03T12:00:00.000Z") });
    try {
      for (let i = 0; i < 100; i++) {
        if (i % 10 === 0) vi.advanceTimersByTime(1);
        stored.push((await recordDelivery({ shop, topic: "ORDERS_UPDATED", webhookId: `w-${i}`, payload: {} })).id);
      }
    } finally {
      vi.useRealTimers();
    }
    const listed = await db.webhookDelivery.findMany({
      where: { shop },
      orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
      select: { id: true, receivedAt: true },
    });
    expect(new Set(listed.map((row) => row.receivedAt.getTime())).size).toBeLessThan(stored.length);
    expect(listed.map((row) => row.id)).toEqual(stored);
  });

  it("applies an order's later versions stored in one burst, last one last", async () => {
    const quantities = [1, 3, 2, 5, 4];
    for (const [i, quantity] of quantities.entries()) {
      const payload = order(7, 1, "2026-03-03T12:00:00Z", [{ id: 71, productId: 2, quantity, price: 1_000 }]);
      await acceptWebhook({ shop, topic: i === 0 ? "orders/create" : "orders/updated", webhookId: `v-${i}`, payload });
    }
    expect(await processPendingDeliveries({ shop })).toMatchObject({ processed: quantities.length });
    const marked = await db.webhookDelivery.findMany({ where: { shop }, select: { processedAt: true } });
    expect(new Set(marked.map((row) => row.processedAt?.getTime())).size).toBe(1);
    expect((await factRows(shop))[0]!.lines).toMatchObject([{ quantity: 4 }]);
    expect(await rollup(shop, "2026-03-03", "shop")).toMatchObject({ orders: 1, revenueAmount: 4_000 });
  });
});
