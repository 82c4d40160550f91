// The order history import against the Admin API emulator and the real demo shop seed (orders with
// refunds and cancellations): what it records equals the shop's orders, a second import or one after
// the webhooks counts nothing twice, an interrupted import resumes, and a failed one says why.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { emulateShopify, type EmulatedShopify } from "./support/shopify";
import db from "../../app/db.server";
import { lineRevenue } from "../../app/domain/order-facts";
import {
  advanceBackfill,
  BACKFILL_MESSAGES,
  backfillSince,
  backfillView,
  latestBackfill,
  startBackfill,
} from "../../app/services/backfill.server";
import { backgroundWorkSettled } from "../../app/services/jobs.server";
import { ingestWebhook } from "../../app/services/order-ingestion.server";
import { recountReport, uptakeReport } from "../../app/services/reports.server";
import { shopData } from "../../app/services/shop-scope.server";
import { orderWebhookPayload } from "../../local/webhooks";
import { createDemoShop } from "../../local/seed/demo-shop";
import { factRows, rollupRows } from "./support/ingestion";
import { resetDatabase } from "./support/reset";

const NOW = new Date("2026-11-01T12:00:00Z");
const ORDERS = 200;

/** Runs an import to its end: Shopify's bulk operation, then the background import. */
async function importHistory(shopify: EmulatedShopify, shop: string) {
  const started = await startBackfill(shop, shopify.admin, NOW);
  await shopify.store.whenIdle();
  await advanceBackfill(shop, shopify.admin, NOW);
  await backgroundWorkSettled();
  return started;
}

describe(`the order history import on ${process.env.ATTACH_TEST_PROVIDER}`, () => {
  let shopify: EmulatedShopify;
  let shop: string;

  beforeEach(async () => {
    await resetDatabase();
    // Orders over the 13 months before NOW, so some fall outside the 12 the import asks for.
    shopify = emulateShopify(createDemoShop({ orders: ORDERS, now: NOW }));
    shop = shopify.domain;
    const first = new Date(NOW);
    first.setUTCMonth(first.getUTCMonth() - 13);
    shopify.store.shop.orders.slice(0, 20).forEach((order, i) => {
      (order as { createdAt: string; processedAt: string }).createdAt = new Date(
        first.getTime() + i * 1000,
      ).toISOString();
      (order as { createdAt: string; processedAt: string }).processedAt = order.createdAt;
    });
  });
  // On PostgreSQL, a run of these tests in a row sometimes leaves one pool client checked out though idle
  // (its last statement a COMMIT; no background work pending), and Prisma's $disconnect then waits for it
  // forever. Each test alone disconnects at once; the leak is being looked into (it is older than this
  // file's last change). The tests' assertions are all made before this.
  afterAll(() => Promise.race([db.$disconnect(), new Promise((resolve) => setTimeout(resolve, 5_000))]));

  it("records every order of the last 12 months, with its cancellation and refunds, as Shopify has them", async () => {
    // The seed cancels few orders: make sure the range holds one.
    const since = backfillSince(NOW).toISOString();
    shopify.store.cancelOrder(
      shopify.store.shop.orders.find((o) => o.createdAt >= since && o.cancelledAt === null)!.id,
    );
    const started = await importHistory(shopify, shop);
    expect(started.ok).toBe(true);
    expect(shopify.logs.filter((line) => /reject|invalid|error/i.test(line))).toEqual([]);

    const expected = shopify.store.shop.orders.filter((order) => order.createdAt >= since);
    expect(expected.length).toBeGreaterThan(50);
    expect(expected.length).toBeLessThan(ORDERS);
    const job = (await latestBackfill(shop))!;
    expect(backfillView(job)).toMatchObject({
      status: "completed",
      ordersExpected: expected.length,
      ordersImported: expected.length,
      percent: 100,
    });

    const facts = await factRows(shop);
    expect(facts.map((f) => f.orderId).sort()).toEqual(expected.map((o) => `gid://shopify/Order/${o.id}`).sort());
    const cancelled = expected.filter((o) => o.cancelledAt !== null);
    const refunds = expected.flatMap((o) => o.refunds.flatMap((r) => r.lines));
    expect(cancelled.length).toBeGreaterThan(0);
    expect(refunds.length).toBeGreaterThan(0);
    expect(facts.filter((f) => f.cancelledAt !== null)).toHaveLength(cancelled.length);
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    const lines = facts.flatMap((f) => f.lines);
    expect(sum(lines.map((l) => l.refundedQuantity))).toBe(sum(refunds.map((l) => l.quantity)));
    expect(sum(lines.map((l) => l.refundedAmount))).toBe(sum(refunds.map((l) => l.subtotal)));
    expect(sum(lines.map((l) => lineRevenue(l)))).toBe(
      sum(expected.flatMap((o) => o.lineItems.map((l) => l.price * l.quantity))),
    );

    // The rollups the reports read agree with a recount from the facts.
    const range = { from: since.slice(0, 10), to: NOW.toISOString().slice(0, 10) };
    expect(await uptakeReport(shop, range)).toEqual(await recountReport(shop, range));
  });

  it("importing again, or after the webhooks, counts no order or refund twice", async () => {
    // Two orders arrive by webhook first, one with its refund.
    const since = backfillSince(NOW).toISOString();
    const refunded = shopify.store.shop.orders.find((o) => o.createdAt >= since && o.refunds.length > 0)!;
    const plain = shopify.store.shop.orders.find((o) => o.createdAt >= since && o.refunds.length === 0)!;
    for (const order of [refunded, plain]) {
      const view = shopify.store.order(order.id)!;
      await ingestWebhook({
        shop,
        topic: "orders/create",
        webhookId: `o-${order.id}`,
        payload: orderWebhookPayload(view, "USD"),
      });
    }
    const refund = refunded.refunds[0]!;
    await ingestWebhook({
      shop,
      topic: "refunds/create",
      webhookId: `r-${refund.id}`,
      payload: {
        id: refund.id,
        order_id: refunded.id,
        refund_line_items: refund.lines.map((l) => ({
          line_item_id: l.lineItemId,
          quantity: l.quantity,
          subtotal_set: { shop_money: { amount: (l.subtotal / 100).toFixed(2), currency_code: "USD" } },
        })),
      },
    });

    await importHistory(shopify, shop);
    const once = { facts: await factRows(shop), rollups: await rollupRows(shop) };
    await importHistory(shopify, shop);
    expect(await factRows(shop)).toEqual(once.facts);
    expect(await rollupRows(shop)).toEqual(once.rollups);

    const fact = once.facts.find((f) => f.orderId === `gid://shopify/Order/${refunded.id}`)!;
    const refundedUnits = refunded.refunds.flatMap((r) => r.lines).reduce((s, l) => s + l.quantity, 0);
    expect(fact.lines.reduce((s, l) => s + l.refundedQuantity, 0)).toBe(refundedUnits);
  });

  it("resumes an import that stopped half-way and ends with the same figures as one run", async () => {
    await importHistory(shopify, shop);
    const whole = { facts: await factRows(shop), rollups: await rollupRows(shop) };
    const job = (await latestBackfill(shop))!;

    await resetDatabase();
    // The state a crash leaves: importing, and no progress for a while.
    await shopData(shop).backfillJob.create({
      data: {
        shop,
        since: job.since,
        status: "importing",
        bulkOperationId: job.bulkOperationId,
        ordersExpected: job.ordersExpected,
        linesImported: 0,
        ordersImported: 0,
        updatedAt: new Date(NOW.getTime() - 10 * 60_000),
      },
    });
    const resumed = await advanceBackfill(shop, shopify.admin, NOW);
    expect(resumed?.status).toBe("importing");
    await backgroundWorkSettled();
    expect(await factRows(shop)).toEqual(whole.facts);
    expect(await rollupRows(shop)).toEqual(whole.rollups);
    expect((await latestBackfill(shop))!.status).toBe("completed");
  });

  it("skips the lines an interrupted import had finished", async () => {
    await importHistory(shopify, shop);
    const job = (await latestBackfill(shop))!;
    await resetDatabase();
    await shopData(shop).backfillJob.create({
      data: {
        shop,
        since: job.since,
        status: "importing",
        bulkOperationId: job.bulkOperationId,
        ordersExpected: job.ordersExpected,
        linesImported: Math.floor(job.linesImported / 2), // about half the orders had been recorded
        ordersImported: 0,
        updatedAt: new Date(NOW.getTime() - 10 * 60_000),
      },
    });
    await advanceBackfill(shop, shopify.admin, NOW);
    await backgroundWorkSettled();
    const recorded = await shopData(shop).orderFact.count();
    expect(recorded).toBeGreaterThan(0);
    expect(recorded).toBeLessThan(job.ordersImported);
  });

  it("does not start a second import while one runs, and says why an import failed", async () => {
    // Shopify fails the bulk operation: the emulator finishes it FAILED instead of COMPLETED.
    const finish = shopify.store.finishBulkOperation.bind(shopify.store);
    shopify.store.finishBulkOperation = (id, result) =>
      finish(id, {
        ...result,
        status: "FAILED",
        errorCode: "INTERNAL_SERVER_ERROR",
        objectCount: 0,
        resultJsonl: null,
      });

    const [first, second] = await Promise.all([
      startBackfill(shop, shopify.admin, NOW),
      startBackfill(shop, shopify.admin, NOW),
    ]);
    expect([first.ok, second.ok].sort()).toEqual([false, true]);
    expect([first, second].find((r) => !r.ok)).toMatchObject({ message: BACKFILL_MESSAGES.alreadyRunning });
    expect(await shopData(shop).backfillJob.count()).toBe(1);

    await shopify.store.whenIdle();
    const failed = await advanceBackfill(shop, shopify.admin, NOW);
    expect(backfillView(failed)).toMatchObject({
      status: "failed",
      active: false,
      error: BACKFILL_MESSAGES.bulkFailed("INTERNAL_SERVER_ERROR"),
    });
    expect(failed?.error).toContain("internal server error");

    // Importing again works.
    shopify.store.finishBulkOperation = finish;
    const again = await importHistory(shopify, shop);
    expect(again.ok).toBe(true);
    expect((await latestBackfill(shop))!.status).toBe("completed");
  });

  it("keeps each shop's import to itself", async () => {
    await importHistory(shopify, shop);
    expect(await latestBackfill("other.myshopify.com")).toBeNull();
    expect(await db.orderFact.count({ where: { shop: { not: shop } } })).toBe(0);
  });
});
