// Responsible targeting against real databases: signals kept through order webhooks and the backfill's
// applyOrder, helpdesk tags from customers/update, the full re-evaluation giving the same rows, and the
// exclusion tag kept in sync with the local Admin API emulator.
import { emulateShopify, installApp } from "./support/shopify";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import {
  exclusionSummary,
  reevaluateCustomerSignals,
  runCustomerTargeting,
  syncExclusionTags,
  tagSyncPending,
} from "../../app/services/customer-signals.server";
import { applyOrder, ingestWebhook } from "../../app/services/order-ingestion.server";
import { shopData } from "../../app/services/shop-scope.server";
import { parseOrderPayload } from "../../app/domain/order-payload";
import { OFFER_LINE_PROPERTY } from "../../app/domain/offer-metafields-core";
import { ADA_ID, GRACE_ID } from "../unit/admin-api/fixture";
import { orderPayload, refundPayload } from "../support/order-webhooks";
import { createBundle } from "./support/ingestion";
import { resetDatabase } from "./support/reset";

const shop = "targeting.myshopify.com";
const other = "other-targeting.myshopify.com";
const customerGid = (id: number) => `gid://shopify/Customer/${id}`;
const ADA = customerGid(ADA_ID);
const GRACE = customerGid(GRACE_ID);

let webhookNumber = 0;
const ingest = async (topic: string, payload: unknown, target = shop) => {
  const result = await ingestWebhook({ shop: target, topic, webhookId: `w-${++webhookNumber}`, payload });
  expect(result).toMatchObject({ ok: true, outcome: "processed" });
};

/** Order `id` of customer `customerId`: one line of 100.00 (line id = order id × 10). */
const order = (id: number, customerId: number | null, extra: { cancelledAt?: string; bundleId?: string } = {}) =>
  orderPayload({
    id,
    customerId,
    processedAt: "2026-03-01T10:00:00Z",
    cancelledAt: extra.cancelledAt ?? null,
    lines: [
      {
        id: id * 10,
        productId: 11,
        quantity: 1,
        price: 10_000,
        properties: extra.bundleId ? [{ name: OFFER_LINE_PROPERTY, value: `bundle:${extra.bundleId}` }] : [],
      },
    ],
  });
const refund = (refundId: number, orderId: number, subtotal = 10_000) =>
  refundPayload({ id: refundId, orderId, lines: [{ lineItemId: orderId * 10, quantity: 1, subtotal }] });

const row = (customerId: string, target = shop) => shopData(target).customerSignal.findFirst({ where: { customerId } });

/** The shop's rows without ids and evaluation times, for comparing two ways of computing them. */
async function rows(target = shop) {
  const all = await shopData(target).customerSignal.findMany({ orderBy: { customerId: "asc" } });
  return all.map(({ id: _id, evaluatedAt: _at, ...rest }) => rest);
}

beforeEach(resetDatabase);
afterAll(() => db.$disconnect());

describe("customer signals from order webhooks", () => {
  it("counts orders, returns and amounts through create, refund and cancel, and excludes a chronic returner", async () => {
    await ingest("orders/create", order(1, ADA_ID));
    await ingest("orders/create", order(2, ADA_ID));
    await ingest("orders/create", order(3, ADA_ID));
    expect(await row(ADA)).toMatchObject({
      orders: 3,
      returnedOrders: 0,
      grossAmount: 30_000,
      refundedAmount: 0,
      currencyCode: "USD",
      excluded: false,
      exclusionReason: null,
    });

    // 1 of 3 returned (33%): below the 40% limit.
    await ingest("refunds/create", refund(91, 1));
    expect(await row(ADA)).toMatchObject({ orders: 3, returnedOrders: 1, refundedAmount: 10_000, excluded: false });
    // A second refund of the same order: more refunded, still one returned order.
    await ingest("refunds/create", refund(92, 1, 0));
    expect(await row(ADA)).toMatchObject({ returnedOrders: 1 });

    // 2 of 3 (66.66%): above the limit.
    await ingest("refunds/create", refund(93, 2, 4_000));
    expect(await row(ADA)).toMatchObject({
      orders: 3,
      returnedOrders: 2,
      refundedAmount: 14_000,
      excluded: true,
      exclusionReason: "Returned 2 of 3 orders (66.66%), above your 40% limit",
    });
    expect(tagSyncPending(shop)).toBe(true);

    // Cancelling order 3 leaves 2 orders, under the 3-order minimum: no longer excluded.
    await ingest("orders/cancelled", order(3, ADA_ID, { cancelledAt: "2026-03-03T10:00:00Z" }));
    expect(await row(ADA)).toMatchObject({ orders: 2, returnedOrders: 2, grossAmount: 20_000, excluded: false });

    // Guests have no row; another shop's customer with the same id is another row.
    await ingest("orders/create", order(4, null));
    await ingest("orders/create", order(5, ADA_ID), other);
    expect(await shopData(shop).customerSignal.count()).toBe(1);
    expect(await row(ADA, other)).toMatchObject({ orders: 1 });
  });

  it("excludes a customer whose refunds take all their revenue, and a redelivery changes nothing", async () => {
    await ingest("orders/create", order(1, GRACE_ID));
    const refunded = refund(91, 1);
    const result = await ingestWebhook({ shop, topic: "refunds/create", webhookId: "same", payload: refunded });
    expect(result).toMatchObject({ ok: true, outcome: "processed" });
    expect(await ingestWebhook({ shop, topic: "refunds/create", webhookId: "same", payload: refunded })).toMatchObject({
      ok: true,
      duplicate: true,
    });
    expect(await row(GRACE)).toMatchObject({
      orders: 1,
      refundedAmount: 10_000,
      excluded: true,
      exclusionReason: "Refunds (100.00 USD) take all of the 100.00 USD this customer spent",
    });
  });

  it("gives the same rows through the backfill's applyOrder, and a full re-evaluation gives the same rows again", async () => {
    // Webhooks for one customer...
    await ingest("orders/create", order(1, ADA_ID));
    await ingest("orders/create", order(2, ADA_ID));
    await ingest("refunds/create", refund(91, 2, 2_500));
    await ingest("orders/create", order(3, ADA_ID, { cancelledAt: "2026-03-02T10:00:00Z" }));
    // ...and the backfill's way for another: orders with refund totals, one read twice.
    const backfill = async (id: number, refunded: number) => {
      const parsed = parseOrderPayload(order(id, GRACE_ID));
      if (!parsed.ok) throw new Error("bad fixture");
      const totals = refunded ? [{ lineId: `gid://shopify/LineItem/${id * 10}`, quantity: 1, amount: refunded }] : [];
      await shopData(shop).$transaction((tx) => applyOrder(tx, shop, parsed.value, totals));
    };
    await backfill(11, 10_000);
    await backfill(12, 10_000);
    await backfill(12, 10_000);
    await backfill(13, 0);
    await backfill(14, 10_000);
    await ingest("customers/update", { id: ADA_ID, tags: "complaint-open" });

    const incremental = await rows();
    expect(incremental).toMatchObject([
      { customerId: ADA, orders: 2, returnedOrders: 1, grossAmount: 20_000, refundedAmount: 2_500, excluded: true },
      { customerId: GRACE, orders: 4, returnedOrders: 3, grossAmount: 40_000, refundedAmount: 30_000, excluded: true },
    ]);
    expect(incremental[0]!.exclusionReason).toContain("complaint-open");
    expect(incremental[1]!.exclusionReason).toContain("Returned 3 of 4 orders (75%)");

    const result = await reevaluateCustomerSignals(shop, null);
    expect(result).toMatchObject({ acquired: true, value: { customers: 2, excluded: 2, corrected: 0 } });
    expect(await rows()).toEqual(incremental);

    // Drift (a lost update, a wrong outcome) is corrected.
    await shopData(shop).customerSignal.updateMany({
      where: { customerId: GRACE },
      data: { orders: 9, excluded: false, exclusionReason: null },
    });
    await shopData(shop).customerSignal.create({ data: { shop, customerId: customerGid(999), currencyCode: "USD" } });
    expect(await reevaluateCustomerSignals(shop, null)).toMatchObject({ value: { corrected: 2 } });
    expect(await rows()).toEqual(incremental);
  });
});

describe("helpdesk tags from customers/update", () => {
  it("keeps only the listed tags (any case), excludes until the tag is removed, and forgets an empty row", async () => {
    await ingest("customers/update", { id: GRACE_ID, tags: "VIP, Complaint-Open" });
    expect(await row(GRACE)).toMatchObject({
      orders: 0,
      supportTags: "Complaint-Open",
      excluded: true,
      exclusionReason: "Tagged “Complaint-Open” by your helpdesk (offers resume when the tag is removed)",
    });
    // Tags on no list (or no tags) leave no row behind.
    await ingest("customers/update", { id: ADA_ID, tags: "vip, wholesale" });
    expect(await row(ADA)).toBeNull();

    await ingest("customers/update", { id: GRACE_ID, tags: "VIP" });
    expect(await row(GRACE)).toBeNull();

    // With orders the row stays, no longer excluded.
    await ingest("orders/create", order(1, ADA_ID));
    await ingest("customers/update", { id: ADA_ID, tags: "vip-handle-manually" });
    expect(await row(ADA)).toMatchObject({ excluded: true, supportTags: "vip-handle-manually" });
    await ingest("customers/update", { id: ADA_ID, tags: "" });
    expect(await row(ADA)).toMatchObject({ orders: 1, excluded: false, exclusionReason: null, supportTags: "" });
  });

  it("refuses a customers/update payload without a readable id (400 material, nothing stored)", async () => {
    const result = await ingestWebhook({ shop, topic: "customers/update", webhookId: "bad", payload: { tags: "x" } });
    expect(result).toMatchObject({ ok: false, errors: [{ field: "id" }] });
    expect(await db.webhookDelivery.count()).toBe(0);
  });
});

describe("the exclusion tag in Shopify", () => {
  const tagsOf = (shopify: ReturnType<typeof emulateShopify>, id: number) =>
    shopify.store.shop.customers.find((customer) => customer.id === id)!.tags;

  it("tags excluded customers and untags the others; a second run changes nothing", async () => {
    const shopify = emulateShopify();
    // Grace carries the tag without being excluded (e.g. a stale tag): it is removed.
    shopify.store.addTags(GRACE, ["attach-excluded"]);
    await ingest("customers/update", { id: ADA_ID, tags: "complaint-open" });

    expect(await syncExclusionTags(shop, shopify.admin)).toEqual({ added: 1, removed: 1, failed: [] });
    expect(tagsOf(shopify, ADA_ID)).toContain("attach-excluded");
    expect(tagsOf(shopify, GRACE_ID)).not.toContain("attach-excluded");
    expect(tagsOf(shopify, ADA_ID)).toContain("vip");
    expect(shopify.logs).toEqual([]);

    expect(await syncExclusionTags(shop, shopify.admin)).toEqual({ added: 0, removed: 0, failed: [] });
    expect(tagSyncPending(shop)).toBe(false);

    // The helpdesk removes the tag: the sweep's step untags her (installed shops only: it needs a session).
    await ingest("customers/update", { id: ADA_ID, tags: "vip" });
    expect(tagSyncPending(shop)).toBe(true);
    await runCustomerTargeting(async () => shopify.admin);
    expect(tagsOf(shopify, ADA_ID)).toContain("attach-excluded");
    await installApp(shop);
    expect(tagSyncPending(shop)).toBe(true);
    await runCustomerTargeting(async () => shopify.admin);
    expect(tagsOf(shopify, ADA_ID)).not.toContain("attach-excluded");
    expect(tagSyncPending(shop)).toBe(false);
  });

  it("re-evaluates a shop daily: helpdesk tags read from Shopify, drift fixed, tags synced", async () => {
    const shopify = emulateShopify();
    await installApp(shop);
    await ingest("orders/create", order(1, ADA_ID));
    // Grace was tagged in Shopify while the webhook was lost.
    shopify.store.addTags(GRACE, ["complaint-open"]);
    const yesterday = new Date(Date.now() - 25 * 60 * 60_000);
    await shopData(shop).customerSignal.updateMany({ data: { evaluatedAt: yesterday } });

    await runCustomerTargeting(async () => shopify.admin);
    expect(await row(GRACE)).toMatchObject({ supportTags: "complaint-open", excluded: true });
    expect(tagsOf(shopify, GRACE_ID)).toContain("attach-excluded");
    expect((await row(ADA))!.evaluatedAt.getTime()).toBeGreaterThan(yesterday.getTime());

    // Not due again today: nothing is asked of Shopify.
    shopify.operations.length = 0;
    await runCustomerTargeting(async () => shopify.admin);
    expect(shopify.operations).toEqual([]);
  });
});

describe("the exclusion summary for reports", () => {
  it("counts excluded customers per rule and what they bought through offers, after refunds", async () => {
    const bundle = await createBundle(shop, { title: "Set", products: [11, 12] });
    await ingest("orders/create", order(1, ADA_ID, { bundleId: bundle.id }));
    await ingest("orders/create", order(2, ADA_ID, { bundleId: bundle.id }));
    await ingest("orders/create", order(3, ADA_ID));
    await ingest("refunds/create", refund(91, 2, 3_000));
    await ingest("refunds/create", refund(92, 3));
    await ingest("customers/update", { id: GRACE_ID, tags: "complaint-open" });
    await ingest("orders/create", order(4, 777, { bundleId: bundle.id }));

    const summary = await exclusionSummary(shop);
    expect(summary).toEqual({
      excluded: 2,
      byKind: { "return-rate": 1, "helpdesk-tag": 1, unprofitable: 0 },
      // Ada's two bundle lines (200.00) less 30.00 refunded; customer 777 is not excluded.
      offerRevenue: [{ amount: 17_000, currency: "USD" }],
    });
  });
});
