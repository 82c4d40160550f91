import fc from "fast-check";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import {
  CO_PURCHASE_RECOMPUTE_JOB,
  NIGHTLY_REFRESH_HOUR_UTC,
  recomputeCoPurchase,
  refreshCoPurchaseNightly,
} from "../../app/services/co-purchase.server";
import { ingestWebhook } from "../../app/services/order-ingestion.server";
import { orderPayload, productGid, refundPayload, type LineSpec } from "../support/order-webhooks";
import { resetDatabase } from "./support/reset";

const shop = "co-purchase.myshopify.com";
const other = "other-shop.myshopify.com";
const P = productGid;

let webhookNumber = 0;
const ingest = async (topic: string, payload: unknown, target = shop) => {
  const result = await ingestWebhook({ shop: target, topic, webhookId: `w-${++webhookNumber}`, payload });
  expect(result).toMatchObject({ ok: true, outcome: "processed" });
};

/** An order of these products, one line each (line ids: order id × 10 + position). */
const order = (id: number, products: number[], extra: { cancelledAt?: string } = {}) =>
  orderPayload({
    id,
    processedAt: "2026-03-01T10:00:00Z",
    lines: products.map((productId, i): LineSpec => ({ id: id * 10 + i, productId, quantity: 1, price: 1000 })),
    ...extra,
  });
const refundAll = (refundId: number, orderId: number, productCount: number) =>
  refundPayload({
    id: refundId,
    orderId,
    lines: Array.from({ length: productCount }, (_, i) => ({
      lineItemId: orderId * 10 + i,
      quantity: 1,
      subtotal: 1000,
    })),
  });

/** The shop's counts as plain data: N, orders per product, orders per pair. */
async function counts(target = shop) {
  const [orders, products, pairs] = await Promise.all([
    db.orderFact.count({ where: { shop: target, coPurchaseCounted: true } }),
    db.coPurchaseProduct.findMany({ where: { shop: target }, orderBy: { productId: "asc" } }),
    db.coPurchasePair.findMany({ where: { shop: target }, orderBy: [{ productA: "asc" }, { productB: "asc" }] }),
  ]);
  return {
    orders,
    products: Object.fromEntries(products.map((row) => [row.productId, row.orders])),
    pairs: Object.fromEntries(pairs.map((row) => [`${row.productA} + ${row.productB}`, row.orders])),
  };
}

/** The counts rebuilt from the facts must be exactly the incremental ones. */
async function expectRecomputeToAgree() {
  const incremental = await counts();
  const flags = await db.orderFact.findMany({ where: { shop }, orderBy: { orderId: "asc" } });
  const result = await recomputeCoPurchase(shop);
  expect(result).toMatchObject({ acquired: true });
  expect(await counts()).toEqual(incremental);
  expect(await db.orderFact.findMany({ where: { shop }, orderBy: { orderId: "asc" } })).toEqual(flags);
  return incremental;
}

describe(`co-purchase counts on ${process.env.ATTACH_TEST_PROVIDER}`, () => {
  beforeEach(resetDatabase);
  afterAll(() => db.$disconnect());

  it("counts a new order's products and pairs once, with the pair in byte order, and a repeat adds nothing", async () => {
    await ingest("orders/create", order(1, [3, 20, 100]));
    await ingest("orders/updated", order(1, [3, 20, 100]));
    expect(await counts()).toEqual({
      orders: 1,
      products: { [P(100)]: 1, [P(20)]: 1, [P(3)]: 1 },
      // "gid://shopify/Product/100" < ".../20" < ".../3" byte by byte.
      pairs: { [`${P(100)} + ${P(20)}`]: 1, [`${P(100)} + ${P(3)}`]: 1, [`${P(20)} + ${P(3)}`]: 1 },
    });
  });

  it("counts a product bought on two lines of one order once", async () => {
    const payload = orderPayload({
      id: 1,
      processedAt: "2026-03-01T10:00:00Z",
      lines: [
        { id: 11, productId: 1, variantId: 101, quantity: 1, price: 1000 },
        { id: 12, productId: 1, variantId: 102, quantity: 2, price: 1000 },
        { id: 13, productId: 2, quantity: 1, price: 500 },
      ],
    });
    await ingest("orders/create", payload);
    expect(await counts()).toEqual({
      orders: 1,
      products: { [P(1)]: 1, [P(2)]: 1 },
      pairs: { [`${P(1)} + ${P(2)}`]: 1 },
    });
  });

  it("takes a cancelled order out, removing rows that fall to zero", async () => {
    await ingest("orders/create", order(1, [1, 2]));
    await ingest("orders/create", order(2, [1, 3]));
    await ingest("orders/cancelled", order(1, [1, 2], { cancelledAt: "2026-03-02T10:00:00Z" }));
    expect(await counts()).toEqual({
      orders: 1,
      products: { [P(1)]: 1, [P(3)]: 1 },
      pairs: { [`${P(1)} + ${P(3)}`]: 1 },
    });
    expect(await db.orderFact.findFirst({ where: { orderId: "gid://shopify/Order/1" } })).toMatchObject({
      coPurchaseCounted: false,
    });
  });

  it("keeps an order through a partial refund and takes it out when the last line is refunded", async () => {
    await ingest("orders/create", order(1, [1, 2]));
    await ingest(
      "refunds/create",
      refundPayload({ id: 1, orderId: 1, lines: [{ lineItemId: 10, quantity: 1, subtotal: 1000 }] }),
    );
    expect(await counts()).toMatchObject({ orders: 1, pairs: { [`${P(1)} + ${P(2)}`]: 1 } });
    await ingest(
      "refunds/create",
      refundPayload({ id: 2, orderId: 1, lines: [{ lineItemId: 11, quantity: 1, subtotal: 1000 }] }),
    );
    expect(await counts()).toEqual({ orders: 0, products: {}, pairs: {} });
  });

  it("adds the pairs of a line added to a counted order (an order edit)", async () => {
    await ingest("orders/create", order(1, [1, 2]));
    await ingest("orders/updated", order(1, [1, 2, 3]));
    expect(await counts()).toEqual({
      orders: 1,
      products: { [P(1)]: 1, [P(2)]: 1, [P(3)]: 1 },
      pairs: { [`${P(1)} + ${P(2)}`]: 1, [`${P(1)} + ${P(3)}`]: 1, [`${P(2)} + ${P(3)}`]: 1 },
    });
  });

  it("does not count an order without products", async () => {
    const custom = orderPayload({ id: 1, processedAt: "2026-03-01T10:00:00Z", lines: [] });
    await ingest("orders/create", custom);
    expect(await counts()).toEqual({ orders: 0, products: {}, pairs: {} });
  });

  it("agrees with a recompute from the facts after creates, cancellations, whole and partial refunds", async () => {
    await ingest("orders/create", order(1, [1, 2, 3]));
    await ingest("orders/create", order(2, [1, 2]));
    await ingest("orders/create", order(3, [2, 3]));
    await ingest("orders/create", order(4, [1, 4]));
    await ingest("orders/create", order(5, [5]));
    await ingest("orders/cancelled", order(3, [2, 3], { cancelledAt: "2026-03-02T10:00:00Z" }));
    await ingest("refunds/create", refundAll(1, 4, 2));
    await ingest(
      "refunds/create",
      refundPayload({ id: 2, orderId: 1, lines: [{ lineItemId: 12, quantity: 1, subtotal: 1000 }] }),
    );
    await ingest("orders/updated", order(2, [1, 2, 4]));
    await ingest("orders/create", order(6, [2, 1]), other);

    const agreed = await expectRecomputeToAgree();
    // Counted by hand: orders 1 {1,2,3}, 2 {1,2,4}, 5 {5}; 3 cancelled, 4 wholly refunded; the other shop apart.
    expect(agreed).toEqual({
      orders: 3,
      products: { [P(1)]: 2, [P(2)]: 2, [P(3)]: 1, [P(4)]: 1, [P(5)]: 1 },
      pairs: {
        [`${P(1)} + ${P(2)}`]: 2,
        [`${P(1)} + ${P(3)}`]: 1,
        [`${P(1)} + ${P(4)}`]: 1,
        [`${P(2)} + ${P(3)}`]: 1,
        [`${P(2)} + ${P(4)}`]: 1,
      },
    });
    expect(await counts(other)).toEqual({
      orders: 1,
      products: { [P(1)]: 1, [P(2)]: 1 },
      pairs: { [`${P(1)} + ${P(2)}`]: 1 },
    });
  });

  it("rebuilds lost counts and wrong flags from the facts alone", async () => {
    await ingest("orders/create", order(1, [1, 2]));
    await ingest("orders/create", order(2, [2, 3]));
    const expected = await counts();
    await db.coPurchasePair.deleteMany({});
    await db.coPurchaseProduct.updateMany({ data: { orders: 40 } });
    await db.orderFact.updateMany({ where: { orderId: "gid://shopify/Order/2" }, data: { coPurchaseCounted: false } });
    expect(await recomputeCoPurchase(shop)).toEqual({ acquired: true, value: { orders: 2, products: 3, pairs: 2 } });
    expect(await counts()).toEqual(expected);
    // After a rebuild, changes move the counts from the rebuilt state.
    await ingest("orders/cancelled", order(2, [2, 3], { cancelledAt: "2026-03-02T10:00:00Z" }));
    expect(await counts()).toEqual({
      orders: 1,
      products: { [P(1)]: 1, [P(2)]: 1 },
      pairs: { [`${P(1)} + ${P(2)}`]: 1 },
    });
  });

  it("refreshes each shop's counts from its facts once a night, at the refresh hour", async () => {
    await ingest("orders/create", order(1, [1, 2]));
    await ingest("orders/create", order(2, [1, 2]), other);
    const expected = await counts();
    const day = (hour: number, date = "2026-03-05") => new Date(`${date}T${String(hour).padStart(2, "0")}:10:00Z`);
    await db.coPurchaseProduct.updateMany({ where: { shop }, data: { orders: 40 } });

    expect(await refreshCoPurchaseNightly(day(NIGHTLY_REFRESH_HOUR_UTC + 1))).toEqual([]);
    expect((await counts()).products[P(1)]).toBe(40);
    expect((await refreshCoPurchaseNightly(day(NIGHTLY_REFRESH_HOUR_UTC))).sort()).toEqual([other, shop].sort());
    expect(await counts()).toEqual(expected);
    // Once a night: later in the same hour nothing is recomputed; the next night it is again.
    await db.coPurchaseProduct.updateMany({ where: { shop }, data: { orders: 40 } });
    expect(await refreshCoPurchaseNightly(day(NIGHTLY_REFRESH_HOUR_UTC))).toEqual([]);
    expect(await refreshCoPurchaseNightly(day(NIGHTLY_REFRESH_HOUR_UTC, "2026-03-06"))).toContain(shop);
    expect(await counts()).toEqual(expected);
  });

  it("refuses a second recompute while one holds the shop's lock", async () => {
    await db.shopJobLock.create({
      data: { shop, kind: CO_PURCHASE_RECOMPUTE_JOB, owner: "elsewhere", expiresAt: new Date(Date.now() + 60_000) },
    });
    expect(await recomputeCoPurchase(shop)).toMatchObject({ acquired: false });
    // Another shop's recompute is not blocked.
    expect(await recomputeCoPurchase(other)).toMatchObject({ acquired: true });
  });

  it("stays exact when orders sharing products are ingested concurrently", async () => {
    const baskets = [
      [1, 2, 3],
      [2, 3, 4],
      [1, 3, 4],
      [1, 2, 4],
      [3, 4, 5],
      [1, 5],
    ];
    await Promise.all(baskets.map((products, i) => ingest("orders/create", order(i + 1, products))));
    const agreed = await expectRecomputeToAgree();
    expect(agreed.orders).toBe(6);
    expect(agreed.pairs[`${P(3)} + ${P(4)}`]).toBe(3);
    expect(agreed.products[P(1)]).toBe(4);
  });

  it("agrees with a recompute after any sequence of order events", async () => {
    const event = fc.oneof(
      fc.record({
        kind: fc.constant("order" as const),
        order: fc.integer({ min: 1, max: 4 }),
        products: fc.uniqueArray(fc.integer({ min: 1, max: 5 }), { minLength: 0, maxLength: 4 }),
      }),
      fc.record({ kind: fc.constant("cancel" as const), order: fc.integer({ min: 1, max: 4 }) }),
      fc.record({
        kind: fc.constant("refund" as const),
        order: fc.integer({ min: 1, max: 4 }),
        line: fc.integer({ min: 0, max: 3 }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 8 }), async (events) => {
        await resetDatabase();
        const known = new Map<number, number[]>();
        for (const e of events) {
          if (e.kind === "order") {
            // A later version of an order keeps its lines and may add some (Shopify never removes line items).
            const before = known.get(e.order);
            const products = [...(before ?? []), ...e.products.filter((p) => !before?.includes(p))];
            known.set(e.order, products);
            await ingest(before ? "orders/updated" : "orders/create", order(e.order, products));
          } else if (known.has(e.order)) {
            const products = known.get(e.order)!;
            if (e.kind === "cancel") {
              await ingest("orders/cancelled", order(e.order, products, { cancelledAt: "2026-03-02T10:00:00Z" }));
            } else if (e.line < products.length) {
              const refund = { lineItemId: e.order * 10 + e.line, quantity: 1, subtotal: 1000 };
              await ingest("refunds/create", refundPayload({ id: ++webhookNumber, orderId: e.order, lines: [refund] }));
            }
          }
        }
        await expectRecomputeToAgree();
      }),
      { numRuns: 15, seed: 8 },
    );
  });
});
