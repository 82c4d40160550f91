// Shared set-up for the ingestion and report tests: a shop's offers, and its stored rows without the
// columns that differ between two equivalent databases (ids, timestamps of writing).
import db from "../../../app/db.server";
import { productGid } from "../../support/order-webhooks";

export async function createBundle(
  shop: string,
  {
    title,
    products,
    status = "active",
    unitCosts = {},
  }: { title: string; products: number[]; status?: string; unitCosts?: Record<number, number> },
) {
  return db.bundle.create({
    data: {
      shop,
      title,
      status,
      discountKind: "percentage",
      discountValue: 10,
      currencyCode: "USD",
      parts: {
        create: products.map((product, position) => ({
          shop,
          productId: productGid(product),
          quantity: 1,
          position,
          unitCostAmount: unitCosts[product] ?? null,
        })),
      },
    },
  });
}

export async function createPairing(
  shop: string,
  { heading, anchor, complements }: { heading: string | null; anchor: number; complements: number[] },
) {
  return db.pairing.create({
    data: {
      shop,
      anchorType: "product",
      anchorId: productGid(anchor),
      heading,
      discountPercent: 10,
      complements: {
        create: complements.map((product, position) => ({ shop, productId: productGid(product), position })),
      },
    },
  });
}

/** The shop's rollup rows, in a stable order, without ids. */
export async function rollupRows(shop: string) {
  const rows = await db.dailyRollup.findMany({
    where: { shop },
    orderBy: [{ day: "asc" }, { offerType: "asc" }, { offerId: "asc" }],
  });
  return rows.map(({ id: _id, shop: _shop, ...row }) => row);
}

/** The shop's customer rollup rows (app/domain/customer-rollups.ts) not left at zero, in key order, without ids. */
export async function customerRollupRows(shop: string) {
  const rows = await db.customerRollup.findMany({
    where: { shop, orders: { not: 0 } },
    orderBy: [{ day: "asc" }, { kind: "asc" }, { otherDay: "asc" }],
  });
  return rows.map(({ id: _id, shop: _shop, ...row }) => row);
}

/** The shop's offer running totals not all zero, in key order, without ids, and its frontier. */
export async function offerTotalRows(shop: string) {
  const rows = await db.offerWeekTotal.findMany({
    where: { shop },
    orderBy: [{ week: "asc" }, { offerType: "asc" }, { offerId: "asc" }],
  });
  const frontier = (await db.offerWeekFrontier.findUnique({ where: { shop } }))?.week;
  return {
    frontier,
    rows: rows
      .map(({ id: _id, shop: _shop, ...row }) => row)
      .filter((row) => Object.values(row).some((value) => typeof value === "number" && value !== 0)),
  };
}

/** The shop's order facts and lines, in a stable order, without ids and write times. */
export async function factRows(shop: string) {
  const orders = await db.orderFact.findMany({
    where: { shop },
    orderBy: { orderId: "asc" },
    include: { lines: { orderBy: { lineId: "asc" } } },
  });
  return orders.map(({ id: _id, shop: _shop, updatedAt: _updatedAt, lines, ...order }) => ({
    ...order,
    lines: lines.map(({ id: _lineId, shop: _lineShop, orderFactId: _orderFactId, ...line }) => line),
  }));
}

/** The rollup row of one kind for one day, or undefined. */
export async function rollup(shop: string, day: string, offerType: string, offerId = "") {
  return db.dailyRollup.findUnique({ where: { shop_offerType_day_offerId: { shop, offerType, day, offerId } } });
}
