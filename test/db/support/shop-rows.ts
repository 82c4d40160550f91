// A shop with a row in every shop-owned table, and snapshots of what a shop holds, for the tests that
// check that something left a shop's data alone (isolation, hostile input) or removed all of it (privacy).
import db from "../../../app/db.server";
import { shopSettings } from "../../../app/services/shop-lifecycle.server";
import { modelDelegate, SHOP_OWNED_MODELS } from "../../../app/services/shop-scope.server";

/** Every table that holds a shop's rows: the shop-owned models and Shopify's sessions. */
export const SHOP_TABLES = [...SHOP_OWNED_MODELS, "Session"] as const;

export const SEEDED_CUSTOMER = "gid://shopify/Customer/7";
export const SEEDED_ORDER = "gid://shopify/Order/1";

/** One row (or a parent and its child) in every shop-owned table; sessions are left to the caller. */
export async function seedEveryTable(shop: string) {
  await shopSettings(shop);
  await db.bundle.create({
    data: {
      shop,
      title: "Kit",
      discountKind: "percentage",
      discountValue: 10,
      currencyCode: "USD",
      parts: { create: [{ shop, productId: "gid://shopify/Product/1", quantity: 1, position: 0 }] },
    },
  });
  await db.pairing.create({
    data: {
      shop,
      anchorType: "product",
      anchorId: "gid://shopify/Product/1",
      complements: { create: [{ shop, productId: "gid://shopify/Product/2", position: 0 }] },
    },
  });
  await db.offerEvent.create({
    data: { shop, eventKey: "e1", kind: "impression", offerType: "pairing", offerId: "p", occurredAt: new Date() },
  });
  await db.orderFact.create({
    data: {
      shop,
      orderId: SEEDED_ORDER,
      customerId: SEEDED_CUSTOMER,
      currencyCode: "USD",
      subtotalAmount: 1000,
      totalDiscountAmount: 0,
      processedAt: new Date(),
      lines: {
        create: [
          {
            shop,
            lineId: `gid://shopify/LineItem/${shop}`,
            quantity: 1,
            unitPriceAmount: 1000,
            discountAmount: 0,
            attribution: "none",
          },
        ],
      },
    },
  });
  await db.dailyRollup.create({ data: { shop, day: "2026-11-01", offerType: "shop", currencyCode: "USD" } });
  await db.customerRollup.create({ data: { shop, kind: "customer", day: "2026-11-01", orders: 1 } });
  await db.offerWeekTotal.create({ data: { shop, week: "2026-11-01", offerType: "bundle", offerId: "b1", orders: 1 } });
  await db.offerWeekFrontier.create({ data: { shop, week: "2026-11-01" } });
  // Processed already: a pending delivery would be picked up by any inbox drain.
  await db.webhookDelivery.create({
    data: { shop, webhookId: "w1", topic: "ORDERS_CREATE", payload: "{}", status: "processed" },
  });
  await db.customerSignal.create({ data: { shop, customerId: SEEDED_CUSTOMER, currencyCode: "USD" } });
  await db.backfillJob.create({ data: { shop, since: new Date("2025-11-01T00:00:00Z") } });
  await db.shopJobLock.create({ data: { shop, kind: "backfill", owner: "test", expiresAt: new Date() } });
  await db.coPurchaseProduct.create({ data: { shop, productId: "gid://shopify/Product/1", orders: 1 } });
  await db.coPurchasePair.create({
    data: { shop, productA: "gid://shopify/Product/1", productB: "gid://shopify/Product/2", orders: 1 },
  });
  await db.hiddenSuggestionProduct.create({ data: { shop, productId: "gid://shopify/Product/3" } });
  await db.followUpOffer.create({
    data: {
      shop,
      customerId: SEEDED_CUSTOMER,
      orderId: SEEDED_ORDER,
      anchorProductId: "gid://shopify/Product/1",
      complementProductId: "gid://shopify/Product/2",
      dueAt: new Date("2026-11-04T00:00:00Z"),
      currencyCode: "USD",
    },
  });
}

type Row = Record<string, unknown>;

const canonical = (row: Row) =>
  JSON.stringify(row, (_key, value) => (typeof value === "bigint" ? String(value) : value));

/** Every row the shop has, per table, in a stable order: equal snapshots mean nothing of the shop changed. */
export async function shopRows(shop: string): Promise<Record<string, Row[]>> {
  const snapshot: Record<string, Row[]> = {};
  for (const model of SHOP_TABLES) {
    const delegate = modelDelegate(db, model) as unknown as { findMany: (args: object) => Promise<Row[]> };
    const rows = await delegate.findMany({ where: { shop } });
    snapshot[model] = rows.sort((a, b) => canonical(a).localeCompare(canonical(b)));
  }
  return snapshot;
}

/** Rows per table, every shop together. */
export async function tableCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const model of SHOP_TABLES) counts[model] = await modelDelegate(db, model).count();
  return counts;
}
