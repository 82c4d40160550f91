// Rebuilds a shop's daily rollups from its raw facts (OrderFact / OrderLineFact and OfferEvent), for
// when they are in doubt: `npm run rollups:rebuild -- --shop <domain>`. One rebuild per shop at a time
// (the shop's job lock), in one transaction: the shop's rollup rows are replaced by the sums of every
// order's contribution and every event's counters (app/domain/rollup-rebuild.ts), its offer running
// totals by those of the new per-offer rows, and its customer rollups by those of its counted orders.
//
// Orders ingested meanwhile stay exact: on PostgreSQL the rebuild reads one snapshot (REPEATABLE READ),
// and a rollup row an ingestion changed after that snapshot makes the rebuild fail on a serialization
// error and start again; SQLite runs one transaction at a time.
import { customerRollupRows, type CustomerOrder } from "../domain/customer-rollups";
import type { TotalFigures } from "../domain/offer-totals";
import { ROLLUP_SUMS } from "../domain/report";
import type { OfferEventKind } from "../domain/offer-events";
import { RollupRebuild } from "../domain/rollup-rebuild";
import { customerOrder } from "./customer-rollups.server";
import { rebuildOfferTotals } from "./offer-totals.server";
import { rebuildUnderLock, type LockedRun } from "./job-lock.server";
import { toFacts } from "./order-ingestion.server";
import type { Tx } from "./sql.server";

export const ROLLUP_REBUILD_JOB = "rollup-rebuild";
/**
 * The shape of the rollups this code keeps (ShopSettings.rollupsVersion): a shop whose rows are of an
 * older shape is rebuilt when the merchant next opens the app. 2: customer rollups, "offers" rows and offer
 * running totals.
 */
export const ROLLUPS_VERSION = 2;
const TRANSACTION_TIMEOUT_MS = 10 * 60_000;
const ATTEMPTS = 5;
const PAGE_SIZE = 1000;
const DEFAULT_CURRENCY = "USD";

export interface RollupRebuildResult {
  orders: number;
  events: number;
  /** Rollup rows written (rows with nothing in them are not kept). */
  rows: number;
}

/** Rebuilds the shop's rollups; "acquired: false" when a rebuild of the shop is already running. */
export async function rebuildRollups(shop: string): Promise<LockedRun<RollupRebuildResult>> {
  return rebuildUnderLock(shop, ROLLUP_REBUILD_JOB, TRANSACTION_TIMEOUT_MS, (tx) => rebuild(tx, shop), ATTEMPTS);
}

async function rebuild(tx: Tx, shop: string): Promise<RollupRebuildResult> {
  const settings = await tx.shopSettings.findFirst({ select: { currencyCode: true, timeZone: true } });
  const sums = new RollupRebuild(settings?.currencyCode ?? DEFAULT_CURRENCY, settings?.timeZone);
  const customerOrders: CustomerOrder[] = [];
  let orders = 0;
  for (let after: string | undefined; ;) {
    const page = await tx.orderFact.findMany({
      where: after === undefined ? {} : { id: { gt: after } },
      orderBy: { id: "asc" },
      take: PAGE_SIZE,
      include: { lines: true },
    });
    for (const stored of page) {
      const facts = toFacts(stored);
      sums.addOrder(facts);
      const counted = customerOrder(facts, settings?.timeZone);
      if (counted) customerOrders.push(counted);
    }
    orders += page.length;
    if (page.length < PAGE_SIZE) break;
    after = page[page.length - 1]!.id;
  }
  let events = 0;
  for (let after: string | undefined; ;) {
    const page = await tx.offerEvent.findMany({
      where: after === undefined ? {} : { id: { gt: after } },
      orderBy: { id: "asc" },
      take: PAGE_SIZE,
      select: {
        id: true,
        eventKey: true,
        kind: true,
        offerType: true,
        offerId: true,
        productId: true,
        occurredAt: true,
      },
    });
    sums.addEvents(
      page.map(({ id: _id, ...event }) => ({
        ...event,
        kind: event.kind as OfferEventKind,
        offerType: event.offerType as "bundle" | "pairing",
      })),
    );
    events += page.length;
    if (page.length < PAGE_SIZE) break;
    after = page[page.length - 1]!.id;
  }

  const rows = sums.rows();
  await tx.dailyRollup.deleteMany({});
  for (let i = 0; i < rows.length; i += PAGE_SIZE) {
    await tx.dailyRollup.createMany({ data: rows.slice(i, i + PAGE_SIZE).map((row) => ({ ...row, shop })) });
  }
  await rebuildOfferTotals(
    tx,
    shop,
    rows.flatMap((row) =>
      row.offerType === "bundle" || row.offerType === "pairing"
        ? [{ day: row.day, offerType: row.offerType, offerId: row.offerId, figures: pick(row, ROLLUP_SUMS) }]
        : [],
    ),
  );
  const customerRows = [...customerRollupRows(customerOrders).values()];
  await tx.customerRollup.deleteMany({});
  for (let i = 0; i < customerRows.length; i += PAGE_SIZE) {
    await tx.customerRollup.createMany({
      data: customerRows.slice(i, i + PAGE_SIZE).map((row) => ({ ...row, shop })),
    });
  }
  await tx.shopSettings.updateMany({ data: { rollupsVersion: ROLLUPS_VERSION } });
  return { orders, events, rows: rows.length };
}

const pick = (row: TotalFigures, figures: typeof ROLLUP_SUMS) =>
  Object.fromEntries(figures.map((figure) => [figure, row[figure]])) as TotalFigures;
