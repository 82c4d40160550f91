// The co-purchase counts in the database: CoPurchaseProduct (orders per product), CoPurchasePair (orders
// per pair) and OrderFact.coPurchaseCounted (whether an order is in them). Every change of an order moves
// them by difference inside the order's own transaction (applyCoPurchaseChange, called by order ingestion
// for webhooks and the backfill alike), so they are exact; recomputeCoPurchase rebuilds them from the
// order facts and gives the same rows. Definitions: app/domain/co-purchase-counts.ts.
import {
  addBasket,
  coPurchaseBasket,
  coPurchaseDelta,
  emptyTotals,
  splitPairKey,
  type BasketOrder,
} from "../domain/co-purchase-counts";
import db from "../db.server";
import { rebuildUnderLock, type LockedRun } from "./job-lock.server";
import { type Tx } from "./order-ingestion.server";

/**
 * Moves the counts from what the order contributed (`counted`: its stored flag; `previous`: its stored
 * facts) to what it contributes now (`next`, just written). Rows are updated in byte order, so concurrent
 * orders cannot deadlock; the first order of a product or pair creates its row, and a concurrent creation
 * fails on the unique key and the caller's transaction is retried, as for the daily rollups.
 */
export async function applyCoPurchaseChange(
  tx: Tx,
  shop: string,
  counted: boolean,
  previous: BasketOrder | null,
  next: BasketOrder & { order: { orderId: string } },
) {
  const before = counted && previous ? coPurchaseBasket(previous) : [];
  const after = coPurchaseBasket(next);
  const delta = coPurchaseDelta(before, after);
  for (const { productId, change } of delta.products) {
    const { count } = await tx.coPurchaseProduct.updateMany({
      where: { productId },
      data: { orders: { increment: change } },
    });
    if (count === 0 && change > 0) await tx.coPurchaseProduct.create({ data: { shop, productId, orders: change } });
    if (change < 0) await tx.coPurchaseProduct.deleteMany({ where: { productId, orders: { lte: 0 } } });
  }
  for (const { productA, productB, change } of delta.pairs) {
    const { count } = await tx.coPurchasePair.updateMany({
      where: { productA, productB },
      data: { orders: { increment: change } },
    });
    if (count === 0 && change > 0)
      await tx.coPurchasePair.create({ data: { shop, productA, productB, orders: change } });
    if (change < 0) await tx.coPurchasePair.deleteMany({ where: { productA, productB, orders: { lte: 0 } } });
  }
  const nowCounted = after.length > 0;
  if (nowCounted !== counted) {
    await tx.orderFact.updateMany({ where: { orderId: next.order.orderId }, data: { coPurchaseCounted: nowCounted } });
  }
}

/** ShopJobLock kind of the recompute: one per shop at a time. */
export const CO_PURCHASE_RECOMPUTE_JOB = "co-purchase-recompute";
const TRANSACTION_TIMEOUT_MS = 5 * 60_000;
const ATTEMPTS = 5;
const PAGE_SIZE = 1000;

export interface CoPurchaseRecount {
  /** N: the counted orders. */
  orders: number;
  products: number;
  pairs: number;
}

/**
 * Rebuilds the shop's counts and flags from its order facts, in one transaction; "acquired: false"
 * when a recompute is already running for the shop. Orders ingested meanwhile stay exact: on PostgreSQL
 * the rebuild reads one snapshot (REPEATABLE READ), and a count row changed after it makes the rebuild
 * fail on a serialization error and start again; SQLite runs one transaction at a time.
 */
export async function recomputeCoPurchase(shop: string): Promise<LockedRun<CoPurchaseRecount>> {
  return rebuildUnderLock(shop, CO_PURCHASE_RECOMPUTE_JOB, TRANSACTION_TIMEOUT_MS, (tx) => rebuild(tx, shop), ATTEMPTS);
}

async function rebuild(tx: Tx, shop: string): Promise<CoPurchaseRecount> {
  const totals = emptyTotals();
  const flips = { true: [] as string[], false: [] as string[] };
  for (let after: string | undefined; ;) {
    const page = await tx.orderFact.findMany({
      where: after === undefined ? {} : { id: { gt: after } },
      orderBy: { id: "asc" },
      take: PAGE_SIZE,
      select: {
        id: true,
        cancelledAt: true,
        coPurchaseCounted: true,
        lines: { select: { productId: true, quantity: true, refundedQuantity: true } },
      },
    });
    for (const fact of page) {
      const basket = coPurchaseBasket({ order: fact, lines: fact.lines });
      addBasket(totals, basket);
      const counted = basket.length > 0;
      if (counted !== fact.coPurchaseCounted) flips[`${counted}`].push(fact.id);
    }
    if (page.length < PAGE_SIZE) break;
    after = page[page.length - 1]!.id;
  }

  await tx.coPurchasePair.deleteMany({});
  await tx.coPurchaseProduct.deleteMany({});
  for (const rows of chunks([...totals.products], PAGE_SIZE)) {
    await tx.coPurchaseProduct.createMany({ data: rows.map(([productId, orders]) => ({ shop, productId, orders })) });
  }
  for (const rows of chunks([...totals.pairs], PAGE_SIZE)) {
    await tx.coPurchasePair.createMany({
      data: rows.map(([key, orders]) => {
        const [productA, productB] = splitPairKey(key);
        return { shop, productA, productB, orders };
      }),
    });
  }
  for (const counted of [true, false]) {
    for (const ids of chunks(flips[`${counted}`], PAGE_SIZE)) {
      await tx.orderFact.updateMany({ where: { id: { in: ids } }, data: { coPurchaseCounted: counted } });
    }
  }
  return { orders: totals.orders, products: totals.products.size, pairs: totals.pairs.size };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The nightly refresh runs in this hour (UTC), when stores are quietest for most of Shopify's merchants. */
export const NIGHTLY_REFRESH_HOUR_UTC = 3;
/** Shop → the night (YYYY-MM-DD) this process last refreshed it. */
const refreshedNight = new Map<string, string>();

/**
 * The nightly refresh (the background sweep's step): during NIGHTLY_REFRESH_HOUR_UTC, each shop with
 * counted orders is recomputed once from its facts, repairing any drift of the incremental counts. The
 * job lock keeps two app instances from recomputing one shop at the same time. Returns the shops refreshed.
 */
export async function refreshCoPurchaseNightly(now = new Date()): Promise<string[]> {
  if (now.getUTCHours() !== NIGHTLY_REFRESH_HOUR_UTC) return [];
  const night = now.toISOString().slice(0, 10);
  // Across shops, shop names only (like the inbox sweep): each shop is then recomputed through shopData.
  const rows = await db.orderFact.findMany({
    where: { coPurchaseCounted: true },
    select: { shop: true },
    distinct: ["shop"],
  });
  const refreshed: string[] = [];
  for (const { shop } of rows) {
    if (refreshedNight.get(shop) === night) continue;
    try {
      const run = await recomputeCoPurchase(shop);
      refreshedNight.set(shop, night);
      if (run.acquired) refreshed.push(shop);
    } catch (error) {
      console.error(`Co-purchase counts of ${shop} could not be refreshed`, error);
    }
  }
  return refreshed;
}
