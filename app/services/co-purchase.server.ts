// The co-purchase counts in the database: CoPurchaseProduct (orders per product), CoPurchasePair (orders
// per pair) and OrderFact.coPurchaseCounted (whether an order is in them). Every change of an order moves
// them by difference inside the order's own transaction (coPurchaseChange, summed over the transaction's
// orders and written by writeCoPurchaseChanges, for webhooks and the backfill alike), so they are exact;
// recomputeCoPurchase rebuilds them from the order facts and gives the same rows. Definitions:
// app/domain/co-purchase-counts.ts.
import {
  addBasket,
  compareBytes,
  coPurchaseBasket,
  coPurchaseDelta,
  emptyTotals,
  pairKey,
  splitPairKey,
  type BasketOrder,
  type CoPurchaseDelta,
} from "../domain/co-purchase-counts";
import db from "../db.server";
import { rebuildUnderLock, type LockedRun } from "./job-lock.server";
import { addToCounters, type Tx } from "./sql.server";

/**
 * How an order moves the counts: from what it contributed (`counted`: its stored flag; `previous`: its stored
 * facts) to what it contributes now (`next`); `counted`: whether it is in them now (stored with its facts).
 */
export function coPurchaseChange(
  counted: boolean,
  previous: BasketOrder | null,
  next: BasketOrder,
): { counted: boolean; delta: CoPurchaseDelta } {
  const before = counted && previous ? coPurchaseBasket(previous) : [];
  const after = coPurchaseBasket(next);
  return { counted: after.length > 0, delta: coPurchaseDelta(before, after) };
}

/** Changes to the counts of a transaction's orders, summed by product and by pair (pairKey). */
export interface CoPurchaseChanges {
  products: Map<string, number>;
  pairs: Map<string, number>;
}

export const noCoPurchaseChanges = (): CoPurchaseChanges => ({ products: new Map(), pairs: new Map() });

export function addCoPurchaseChange(changes: CoPurchaseChanges, delta: CoPurchaseDelta) {
  for (const { productId, change } of delta.products) {
    changes.products.set(productId, (changes.products.get(productId) ?? 0) + change);
  }
  for (const { productA, productB, change } of delta.pairs) {
    const key = pairKey(productA, productB);
    changes.pairs.set(key, (changes.pairs.get(key) ?? 0) + change);
  }
}

/** Rows deleted per statement (a pair binds two values; SQLite's adapter takes 999). */
const DELETE_CHUNK = 400;

/**
 * Writes the summed changes, and starts the sums again: one statement adds to the product rows and one to
 * the pair rows, creating the first row of a product or pair (see addToCounters); rows in byte order, so
 * concurrent transactions cannot deadlock on them. A row brought to 0 is deleted, as a recount keeps none.
 */
export async function writeCoPurchaseChanges(tx: Tx, shop: string, changes: CoPurchaseChanges) {
  const moved = (sums: Map<string, number>) =>
    [...sums].filter(([, change]) => change !== 0).sort(([a], [b]) => compareBytes(a, b));
  const products = moved(changes.products);
  const pairs = moved(changes.pairs);
  changes.products.clear();
  changes.pairs.clear();
  await addToCounters(
    tx,
    "CoPurchaseProduct",
    { shop, key: ["productId"], add: ["orders"] },
    products.map(([productId, orders]) => ({ productId, orders })),
  );
  await addToCounters(
    tx,
    "CoPurchasePair",
    { shop, key: ["productA", "productB"], add: ["orders"] },
    pairs.map(([key, orders]) => {
      const [productA, productB] = splitPairKey(key);
      return { productA, productB, orders };
    }),
  );
  const fewer = (rows: Array<[string, number]>) => rows.filter(([, change]) => change < 0).map(([key]) => key);
  for (const productIds of chunks(fewer(products), DELETE_CHUNK)) {
    await tx.coPurchaseProduct.deleteMany({ where: { productId: { in: productIds }, orders: { lte: 0 } } });
  }
  for (const keys of chunks(fewer(pairs), DELETE_CHUNK)) {
    await tx.coPurchasePair.deleteMany({
      where: {
        orders: { lte: 0 },
        OR: keys.map((key) => {
          const [productA, productB] = splitPairKey(key);
          return { productA, productB };
        }),
      },
    });
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
