// Keeps the customer rollups (app/domain/customer-rollups.ts) by difference. A change to some orders
// changes the rows of their customers only: their counted orders are read after the change, the
// orders as they were before are put back in their place, and the difference of the two sets' rows is
// added to the stored rows.
import { customerRollupDelta, type CustomerOrder, type CustomerRollupRow } from "../domain/customer-rollups";
import { isAttached, rollupDay, type OrderFacts } from "../domain/order-facts";
import { addToCounters, type Tx } from "./sql.server";
import { compareText } from "../domain/text-order";

const CHUNK = 500;

/** Orders changed in a transaction: each one's facts before the transaction (null: new) and now. */
export type CustomerOrderChanges = Map<string, { before: OrderFacts | null; after: OrderFacts }>;

export function addCustomerOrderChange(changes: CustomerOrderChanges, previous: OrderFacts | null, next: OrderFacts) {
  const change = changes.get(next.order.orderId);
  if (change) change.after = next;
  else changes.set(next.order.orderId, { before: previous, after: next });
}

/** A counted order as the rollups see it; null when cancelled (not counted). */
export function customerOrder(facts: OrderFacts, timeZone: string | undefined): CustomerOrder | null {
  const { order } = facts;
  if (order.cancelledAt !== null) return null;
  return {
    orderId: order.orderId,
    customerId: order.customerId,
    processedAt: order.processedAt,
    day: rollupDay(order.processedAt, timeZone),
    attached: isAttached(facts),
  };
}

/** The counted orders of these customers as stored (ingestion keeps `attached` on the order row). */
export async function storedCustomerOrders(
  tx: Tx,
  customerIds: readonly string[],
  timeZone: string | undefined,
): Promise<CustomerOrder[]> {
  const orders: CustomerOrder[] = [];
  for (let i = 0; i < customerIds.length; i += CHUNK) {
    const rows = await tx.orderFact.findMany({
      where: { customerId: { in: customerIds.slice(i, i + CHUNK) }, cancelledAt: null },
      select: { orderId: true, customerId: true, processedAt: true, attached: true },
    });
    for (const row of rows) orders.push({ ...row, day: rollupDay(row.processedAt, timeZone) });
  }
  return orders;
}

/** Writes the rows' change for the orders changed (their facts already written), and forgets them. */
export async function writeCustomerRollupChanges(
  tx: Tx,
  shop: string,
  changes: CustomerOrderChanges,
  timeZone: string | undefined,
) {
  if (changes.size === 0) return;
  const customers = new Set<string>();
  for (const { before, after } of changes.values()) {
    for (const facts of [before, after]) if (facts?.order.customerId) customers.add(facts.order.customerId);
  }
  const now = await storedCustomerOrders(tx, [...customers], timeZone);
  const unchanged = now.filter((order) => !changes.has(order.orderId));
  const versions = (pick: "before" | "after") =>
    [...changes.values()].flatMap((change) => {
      const facts = change[pick];
      const order = facts && customerOrder(facts, timeZone);
      return order ? [order] : [];
    });
  const before = [...unchanged, ...versions("before")];
  const after = [...unchanged, ...versions("after")];
  changes.clear();
  await addCustomerRollups(tx, shop, customerRollupDelta(before, after));
}

/**
 * Runs `change` (which changes these customers' or orders' rows other than through ingestion, such as a
 * customer's redaction making their orders guest checkouts) and adds the change of their rollup rows.
 */
export async function changingCustomerOrders(
  tx: Tx,
  shop: string,
  { customerIds, orderIds }: { customerIds: readonly string[]; orderIds: readonly string[] },
  change: () => Promise<unknown>,
) {
  const timeZone = (await tx.shopSettings.findFirst({ select: { timeZone: true } }))?.timeZone;
  const theirs = await tx.orderFact.findMany({
    where: { OR: [{ customerId: { in: [...customerIds] } }, { orderId: { in: [...orderIds] } }] },
    select: { orderId: true, customerId: true },
  });
  const customers = [...new Set([...customerIds, ...theirs.flatMap((o) => (o.customerId ? [o.customerId] : []))])];
  const ids = theirs.map((o) => o.orderId);
  const read = async () =>
    (
      await tx.orderFact.findMany({
        where: { OR: [{ customerId: { in: customers } }, { orderId: { in: ids } }], cancelledAt: null },
        select: { orderId: true, customerId: true, processedAt: true, attached: true },
      })
    ).map((row) => ({ ...row, day: rollupDay(row.processedAt, timeZone) }));
  const before = await read();
  await change();
  await addCustomerRollups(tx, shop, customerRollupDelta(before, await read()));
}

/** Adds rows to the stored ones, in key order (concurrent transactions lock rows in the same order). */
export async function addCustomerRollups(tx: Tx, shop: string, rows: readonly CustomerRollupRow[]) {
  const sorted = rows
    .map(({ kind, otherDay, day, orders }) => ({ kind, otherDay, day, orders }))
    .sort((a, b) => compareText(a.kind, b.kind) || compareText(a.otherDay, b.otherDay) || compareText(a.day, b.day));
  await addToCounters(tx, "CustomerRollup", { shop, key: ["kind", "otherDay", "day"], add: ["orders"] }, sorted);
}
