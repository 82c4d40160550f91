// Order ingestion: turns stored webhook deliveries (orders/create, orders/updated, orders/cancelled,
// refunds/create) into order facts and daily rollups. Transport-agnostic: `ingestWebhook` takes
// (shop, topic, webhook id, payload), so the HTTP route today and a Google Pub/Sub or Amazon
// EventBridge consumer later call the same code (see docs/architecture.md, Webhooks).
//
// Guarantees:
// - Idempotent: the inbox stores a delivery once per (shop, webhook id), and a delivery is claimed and
//   marked processed in the same transaction as its effects, so it takes effect exactly once; reprocessing
//   an order payload gives the same facts and adds nothing to the rollups (they move by difference, see
//   app/domain/order-facts.ts).
// - Nothing partial: a delivery's facts and rollup changes commit together or not at all. A malformed
//   payload marks the delivery `failed` with the reason and writes nothing else.
// - Nothing lost: a delivery stays `received` until processed, so a crash between storing and
//   processing is caught up by `processPendingDeliveries` (run by app/services/jobs.server.ts).
// - Concurrency: processing an order first locks its OrderFact row (a no-op update), so two events of
//   one order apply one after the other; rollup rows are updated in a fixed order; write conflicts,
//   deadlocks and create races roll the transaction back and it is retried.
// - Together: the drain and the sweep process consecutive deliveries of a shop in one transaction, in
//   order; the counters their orders change (rollups, co-purchase counts, customer signals) are summed
//   and written once. If one of them fails, the transaction is rolled back and each is processed alone.
import { randomUUID } from "node:crypto";
import type { OrderFact, OrderLineFact, Prisma, ShopSettings } from "@prisma/client";
import db from "../db.server";
import { indexCatalog, offerTitleCandidates, type OfferCatalog } from "../domain/attribution";
import { MoneyError } from "../domain/money";
import { OFFER_LINE_PROPERTY, parseOfferLineProperty } from "../domain/offer-metafields-core";
import {
  applyRefund,
  isAttached,
  ROLLUP_FIGURES,
  buildOrderFacts,
  contributionDelta,
  orderContribution,
  type LineFactRecord,
  type OrderFacts,
  type RollupEntry,
  withRefundTotals,
} from "../domain/order-facts";
import { zeroTotals, type OfferDayChange } from "../domain/offer-totals";
import type { RefundedLine } from "../domain/order-history";
import {
  canonicalTopic,
  INGESTED_TOPICS,
  parseCustomerPayload,
  parseFulfillmentPayload,
  parseOrderPayload,
  parseProductPayload,
  parseRefundPayload,
  PRODUCT_TOPICS,
  refundLineAmount,
  validateWebhookPayload,
  type CustomerInput,
  type FulfillmentInput,
  type OrderInput,
  type OrderLineInput,
  type RefundInput,
} from "../domain/order-payload";
import type { FieldError, Result } from "../domain/validation";
import {
  addCoPurchaseChange,
  coPurchaseChange,
  noCoPurchaseChanges,
  writeCoPurchaseChanges,
  type CoPurchaseChanges,
} from "./co-purchase.server";
import {
  addCustomerSignalChange,
  applyCustomerUpdate,
  noCustomerSignalChanges,
  writeCustomerSignalChanges,
  type CustomerSignalChanges,
} from "./customer-signals.server";
import {
  addCustomerOrderChange,
  writeCustomerRollupChanges,
  type CustomerOrderChanges,
} from "./customer-rollups.server";
import { applyFollowUpChange, scheduleFollowUps } from "./follow-up.server";
import { addToOfferTotals } from "./offer-totals.server";
import type { AdminGraphql } from "./admin-graphql.server";
import { applyProductChange } from "./product-webhooks.server";
import { shopData, type ShopData } from "./shop-scope.server";
import { addToCounters, bind, insertRows, MAX_BOUND_VALUES, type Tx } from "./sql.server";
import { recordDelivery, type WebhookDeliveryInput } from "./webhook-inbox.server";
import { compareText } from "../domain/text-order";

/** After this many attempts a delivery that keeps failing (e.g. a refund for an order never seen) is `failed`. */
export const MAX_DELIVERY_ATTEMPTS = 10;
/** Retries of one attempt's transaction after a write conflict, deadlock or create race. */
const TRANSACTION_RETRIES = 5;

/** The payload cannot be ingested, ever: the delivery is marked failed. */
class DeliveryRejected extends Error {}
/** The payload cannot be ingested yet (a refund for an order not stored yet): retried later. */
class DeliveryNotReady extends Error {}

export type DeliveryOutcome = "processed" | "failed" | "retry" | "skipped";

export type AcceptResult = { ok: true; id: string; duplicate: boolean } | { ok: false; errors: FieldError[] };

const describeErrors = (errors: readonly FieldError[]) =>
  errors
    .slice(0, 5)
    .map((e) => `${e.field}: ${e.message}`)
    .join("; ");

/**
 * Checks and stores a delivery (once per shop and webhook id), without processing it. A payload the
 * ingestion could never read is refused and stored nowhere.
 */
export async function acceptWebhook(input: WebhookDeliveryInput): Promise<AcceptResult> {
  const topic = canonicalTopic(input.topic);
  const valid = validateWebhookPayload(topic, input.payload);
  if (!valid.ok) return valid;
  const { id, duplicate } = await recordDelivery({ ...input, topic });
  return { ok: true, id, duplicate };
}

/**
 * The one entry point for a webhook from any transport: check, store once, process. A redelivery
 * finds the stored delivery and changes nothing. Topics other than orders and refunds are stored for
 * their own handlers (outcome "skipped").
 */
export async function ingestWebhook(
  input: WebhookDeliveryInput,
): Promise<(AcceptResult & { ok: true; outcome: DeliveryOutcome }) | (AcceptResult & { ok: false })> {
  const accepted = await acceptWebhook(input);
  if (!accepted.ok) return accepted;
  return { ...accepted, outcome: await processDelivery(accepted.id, input.shop) };
}

/**
 * Processes one stored delivery if it is still `received`; safe to call any number of times,
 * concurrently. `shop`, when the caller knows it, saves looking it up.
 */
export async function processDelivery(
  deliveryId: string,
  shop?: string,
  { adminFor }: { adminFor?: AdminFor } = {},
): Promise<DeliveryOutcome> {
  if (shop === undefined) {
    // The inbox is a queue across shops: the delivery's own id gives its shop; all else is scoped to it.
    const found = await db.webhookDelivery.findUnique({ where: { id: deliveryId }, select: { shop: true } });
    if (!found) return "skipped";
    shop = found.shop;
  }
  const scoped = shopData(shop);
  const delivery = await scoped.webhookDelivery.findFirst({ where: { id: deliveryId }, select: { topic: true } });
  if (isProductTopic(delivery?.topic)) return processProductDelivery(scoped, shop, deliveryId, adminFor);
  return processAlone(scoped, shop, deliveryId);
}

/** One delivery in its own transaction, retried after a passing conflict; a failure is recorded against it. */
async function processAlone(scoped: ShopData, shop: string, deliveryId: string): Promise<DeliveryOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      const outcomes = await processInTransaction(scoped, shop, [deliveryId]);
      return outcomes.get(deliveryId)!;
    } catch (error) {
      if (isTransient(error) && attempt < TRANSACTION_RETRIES) continue;
      return recordFailure(scoped, deliveryId, error);
    }
  }
}

export type AdminFor = (shop: string) => Promise<AdminGraphql>;

/**
 * products/update and products/delete publish the offers using the product again, which talks to Shopify:
 * not inside a database transaction, and not without an Admin client (left `received` for a processor
 * that has one). The publishing is idempotent, so this claim-free processing may run twice harmlessly.
 */
async function processProductDelivery(
  scoped: ShopData,
  shop: string,
  deliveryId: string,
  adminFor: AdminFor | undefined,
): Promise<DeliveryOutcome> {
  const delivery = await scoped.webhookDelivery.findFirst({ where: { id: deliveryId, status: "received" } });
  if (!delivery || !adminFor) return "skipped";
  try {
    const parsed = parseProductPayload(JSON.parse(delivery.payload));
    if (!parsed.ok) throw new DeliveryRejected(describeErrors(parsed.errors));
    const deleted = delivery.topic === "PRODUCTS_DELETE";
    await applyProductChange({ shop, admin: await adminFor(shop) }, { ...parsed.value, deleted });
  } catch (error) {
    return recordFailure(
      scoped,
      deliveryId,
      error instanceof SyntaxError ? new DeliveryRejected(error.message) : error,
    );
  }
  await scoped.webhookDelivery.updateMany({
    where: { id: deliveryId, status: "received" },
    data: { status: "processed", processedAt: new Date(), lastError: null, attempts: { increment: 1 } },
  });
  return "processed";
}

/**
 * Deliveries of one shop processed in one transaction by processPendingDeliveries: they share the claim,
 * the catalog and settings reads, the counter writes and the commit. Measured on this 2-core machine
 * (orders/create on SQLite, processing alone): ~9.6 ms a delivery one at a time, ~3.4 ms five at a time,
 * ~1.9 ms twenty at a time; twenty hold SQLite's one writer, and the event loop, for ~40 ms.
 */
export const DELIVERIES_PER_TRANSACTION = 20;

/**
 * Processes `received` inbox deliveries, oldest first: the catch-up after a crash or a failed attempt,
 * and the drain after webhooks. Consecutive deliveries of a shop go through one transaction, up to
 * `perTransaction`; if one of them fails, none of them takes effect and each is processed on its own, so
 * that the failure is its own. `receivedBefore` leaves alone the deliveries the HTTP route is still processing.
 */
export async function processPendingDeliveries({
  shop,
  receivedBefore = new Date(),
  onlyFresh = false,
  batchSize = 200,
  perTransaction = DELIVERIES_PER_TRANSACTION,
  pace,
  adminFor,
}: {
  shop?: string;
  receivedBefore?: Date;
  /** Only deliveries never attempted (the drain after webhooks); retries are left to the sweep. */
  onlyFresh?: boolean;
  batchSize?: number;
  /** Deliveries processed in one transaction at most. */
  perTransaction?: number;
  /**
   * Awaited before each transaction: lets the caller give way to other work, and may answer how many
   * deliveries the transaction takes at most (fewer: it holds the database, and on SQLite the event loop, for less).
   */
  pace?: () => Promise<number | void>;
  /** An Admin client for a shop: product deliveries need one (they stay `received` without). */
  adminFor?: AdminFor;
} = {}) {
  const counts: Record<DeliveryOutcome, number> = { processed: 0, failed: 0, retry: 0, skipped: 0 };
  let after: { receivedAt: Date; id: string } | null = null;
  for (;;) {
    const where: Prisma.WebhookDeliveryWhereInput = {
      status: "received",
      topic: { in: [...INGESTED_TOPICS] },
      receivedAt: { lte: receivedBefore },
      ...(onlyFresh && { attempts: 0 }),
      ...(after && {
        OR: [{ receivedAt: { gt: after.receivedAt } }, { receivedAt: after.receivedAt, id: { gt: after.id } }],
      }),
    };
    const query = {
      where,
      orderBy: [{ receivedAt: "asc" as const }, { id: "asc" as const }],
      take: batchSize,
      select: { id: true, shop: true, topic: true, receivedAt: true },
    };
    // Without a shop, the sweep lists every shop's pending deliveries (ids only); each is then processed scoped.
    const batch: Array<{ id: string; shop: string; topic: string; receivedAt: Date }> = shop
      ? await shopData(shop).webhookDelivery.findMany(query)
      : await db.webhookDelivery.findMany(query);
    for (let start = 0; start < batch.length;) {
      const most = Math.max(1, Math.min(perTransaction, (await pace?.()) ?? perTransaction));
      const first = batch[start]!;
      // Product deliveries talk to Shopify, outside a transaction: each goes alone.
      const joins = (next: (typeof batch)[number]) =>
        next.shop === first.shop && !isProductTopic(first.topic) && !isProductTopic(next.topic);
      let end = start + 1;
      while (end < batch.length && end - start < most && joins(batch[end]!)) end += 1;
      const ids = batch.slice(start, end).map((delivery) => delivery.id);
      const outcomes = isProductTopic(first.topic)
        ? [await processDelivery(first.id, first.shop, { adminFor })]
        : await processTogether(first.shop, ids, pace);
      for (const outcome of outcomes) counts[outcome] += 1;
      start = end;
    }
    if (batch.length < batchSize) return counts;
    after = batch[batch.length - 1]!;
  }
}

/**
 * Processes deliveries of one shop (no product deliveries) in one transaction; if any of them fails, none
 * takes effect and each is processed alone, so that its failure is its own.
 */
async function processTogether(shop: string, ids: string[], pace?: () => Promise<unknown>): Promise<DeliveryOutcome[]> {
  const scoped = shopData(shop);
  if (ids.length > 1) {
    try {
      const outcomes = await processInTransaction(scoped, shop, ids);
      return ids.map((id) => outcomes.get(id)!);
    } catch {
      // One by one, below.
    }
  }
  const outcomes: DeliveryOutcome[] = [];
  for (const id of ids) {
    if (outcomes.length > 0) await pace?.();
    outcomes.push(await processAlone(scoped, shop, id));
  }
  return outcomes;
}

/** The topics processed in a transaction (product deliveries talk to Shopify: processProductDelivery). */
const TRANSACTION_TOPICS = INGESTED_TOPICS.filter((topic) => !isProductTopic(topic));

function isProductTopic(topic: string | undefined): boolean {
  return (PRODUCT_TOPICS as readonly string[]).includes(topic ?? "");
}

/**
 * Claims those of the deliveries still `received`, processes them in order and marks them processed, all in
 * one transaction; the others (processed meanwhile) are "skipped".
 */
async function processInTransaction(scoped: ShopData, shop: string, ids: string[]) {
  return scoped.$transaction(
    async (tx) => {
      // The claim: row locks on PostgreSQL, so a concurrent attempt waits here and then finds them processed.
      const claimed = await tx.webhookDelivery.updateManyAndReturn({
        where: { id: { in: ids }, status: "received", topic: { in: TRANSACTION_TOPICS } },
        data: { attempts: { increment: 1 } },
        select: { id: true, topic: true, payload: true, receivedAt: true },
      });
      const byId = new Map(claimed.map((delivery) => [delivery.id, delivery]));
      const events = ids.flatMap((id) => (byId.has(id) ? [readDelivery(byId.get(id)!)] : []));
      const orders = events.flatMap((event) => (event.kind === "order" ? [event.order] : []));
      const work = newWork(orders, await lockOrders(tx, shop, [...new Set(events.flatMap(orderOf))].sort()));
      for (const event of events) await applyEvent(tx, shop, event, work);
      await writeCounters(tx, shop, work);
      if (claimed.length > 0) {
        await tx.webhookDelivery.updateMany({
          where: { id: { in: [...byId.keys()] } },
          data: { status: "processed", processedAt: new Date(), lastError: null },
        });
      }
      return new Map(ids.map((id): [string, DeliveryOutcome] => [id, byId.has(id) ? "processed" : "skipped"]));
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
}

/** A claimed delivery, read: what processing it applies. */
type DeliveryEvent =
  | { kind: "order"; order: OrderInput }
  | { kind: "refund"; refund: RefundInput }
  | { kind: "customer"; customer: CustomerInput }
  | { kind: "fulfillment"; fulfillment: FulfillmentInput };

function readDelivery(delivery: { topic: string; payload: string; receivedAt: Date }): DeliveryEvent {
  let payload: unknown;
  try {
    payload = JSON.parse(delivery.payload);
  } catch {
    throw new DeliveryRejected("The stored payload is not JSON");
  }
  const valid = <T>(parsed: Result<T>): T => {
    if (!parsed.ok) throw new DeliveryRejected(describeErrors(parsed.errors));
    return parsed.value;
  };
  if (delivery.topic === "REFUNDS_CREATE") return { kind: "refund", refund: valid(parseRefundPayload(payload)) };
  if (delivery.topic === "CUSTOMERS_UPDATE") {
    return { kind: "customer", customer: valid(parseCustomerPayload(payload)) };
  }
  if (delivery.topic === "FULFILLMENTS_CREATE") {
    return { kind: "fulfillment", fulfillment: valid(parseFulfillmentPayload(payload)) };
  }
  const order = valid(parseOrderPayload(payload));
  // orders/cancelled always means cancelled, even if a payload lacked cancelled_at.
  if (delivery.topic === "ORDERS_CANCELLED" && order.cancelledAt === null) order.cancelledAt = delivery.receivedAt;
  return { kind: "order", order };
}

/** The order a delivery changes or reads, if any. */
function orderOf(event: DeliveryEvent): string[] {
  if (event.kind === "order") return [event.order.orderId];
  if (event.kind === "refund") return [event.refund.orderId];
  return event.kind === "fulfillment" ? [event.fulfillment.orderId] : [];
}

async function applyEvent(tx: Tx, shop: string, event: DeliveryEvent, work: TransactionWork) {
  if (event.kind === "order") return recordOrder(tx, shop, event.order, [], work);
  if (event.kind === "refund") return ingestRefund(tx, shop, event.refund, work);
  // Both read customer signals: the counter changes of the orders before them are written first.
  await writeCounters(tx, shop, work);
  if (event.kind === "customer") return applyCustomerUpdate(tx, shop, event.customer);
  // fulfillments/create: schedules the order's follow-up offers (app/services/follow-up.server.ts).
  const stored = await lockedOrderFacts(tx, shop, event.fulfillment.orderId, work);
  if (!stored) throw new DeliveryNotReady(`Order ${event.fulfillment.orderId} has not been ingested yet`);
  await scheduleFollowUps(tx, shop, toFacts(stored), event.fulfillment);
}

/**
 * What the orders recorded in one transaction share: the offers their lines may be credited to (read once,
 * see offersFor), and their changes to the shop's counters — daily rollups, co-purchase counts, customer
 * signals — which nothing in the transaction reads, summed and written together (writeCounters).
 */
interface TransactionWork {
  orders: readonly OrderInput[];
  /** The orders' rows locked up front, until handed out (lockedOrderFacts); null: not stored. */
  locked: Map<string, OrderFact | null>;
  catalog?: { terms: CatalogTerms; rows: Promise<CatalogRows> };
  /** The shop's settings (its time zone, the exclusion rules), read once when first needed. */
  settings?: Promise<ShopSettings | null>;
  rollups: RollupChanges;
  coPurchase: CoPurchaseChanges;
  customers: CustomerSignalChanges;
  /** The orders changed, for the customer rollups. */
  customerOrders: CustomerOrderChanges;
}

const newWork = (orders: readonly OrderInput[], locked = new Map<string, OrderFact | null>()): TransactionWork => ({
  orders,
  locked,
  rollups: new Map(),
  coPurchase: noCoPurchaseChanges(),
  customers: noCustomerSignalChanges(),
  customerOrders: new Map(),
});

const settingsOf = (tx: Tx, work: TransactionWork) => (work.settings ??= tx.shopSettings.findFirst());

/** Writes the counter changes summed so far, and starts the sums again. */
async function writeCounters(tx: Tx, shop: string, work: TransactionWork) {
  await writeRollupChanges(tx, shop, work.rollups);
  await writeCustomerRollupChanges(tx, shop, work.customerOrders, (await settingsOf(tx, work))?.timeZone);
  await writeCoPurchaseChanges(tx, shop, work.coPurchase);
  if (work.customers.size > 0) await writeCustomerSignalChanges(tx, shop, work.customers, await settingsOf(tx, work));
}

/**
 * Records an order (new, or a later version of one already known): the webhook's and the backfill's way in.
 * `refunded`: the backfill's totals refunded per line so far (webhooks send refunds on their own topic).
 */
export async function applyOrder(tx: Tx, shop: string, order: OrderInput, refunded: readonly RefundedLine[] = []) {
  const work = newWork([order]);
  await recordOrder(tx, shop, order, refunded, work);
  await writeCounters(tx, shop, work);
}

async function recordOrder(
  tx: Tx,
  shop: string,
  order: OrderInput,
  refunded: readonly RefundedLine[],
  work: TransactionWork,
) {
  const stored = await lockedOrderFacts(tx, shop, order.orderId, work);
  const previous = stored ? toFacts(stored) : null;
  const known = new Set(previous?.lines.map((line) => line.lineId));
  const newLines = order.lines.filter((line) => !known.has(line.lineId));
  const catalog = newLines.length > 0 ? await offersFor(tx, work, newLines) : EMPTY_CATALOG;
  const built = buildOrderFacts(order, indexCatalog(catalog), previous);
  const next = refunded.length > 0 ? withRefundTotals(built, refunded) : built;
  await recordChange(tx, shop, stored, previous, next, work, order.discountCodes);
}

async function ingestRefund(tx: Tx, shop: string, refund: RefundInput, work: TransactionWork) {
  const stored = await lockedOrderFacts(tx, shop, refund.orderId, work);
  if (!stored) throw new DeliveryNotReady(`Order ${refund.orderId} has not been ingested yet`);
  const previous = toFacts(stored);
  let lines;
  try {
    lines = refund.lines.map((line) => ({
      lineId: line.lineId,
      quantity: line.quantity,
      amount: refundLineAmount(line.amount, previous.order.currencyCode),
    }));
  } catch (error) {
    if (error instanceof MoneyError) throw new DeliveryRejected(error.message);
    throw error;
  }
  const next = applyRefund(previous, lines);
  await recordChange(tx, shop, stored, previous, next, work);
}

/**
 * Every consequence of an order changing from `previous` (null: first seen) to `next`, in one transaction:
 * the facts and follow-up offers at once (later deliveries read them), the counters with the transaction's.
 */
async function recordChange(
  tx: Tx,
  shop: string,
  stored: StoredOrder | null,
  previous: OrderFacts | null,
  next: OrderFacts,
  work: TransactionWork,
  discountCodes: readonly string[] = [],
) {
  const coPurchase = coPurchaseChange(stored?.coPurchaseCounted ?? false, previous, next);
  await writeFacts(tx, shop, stored, next, coPurchase.counted);
  addRollupChange(work.rollups, previous, next, (await settingsOf(tx, work))?.timeZone);
  addCoPurchaseChange(work.coPurchase, coPurchase.delta);
  addCustomerSignalChange(work.customers, previous, next);
  addCustomerOrderChange(work.customerOrders, previous, next);
  await applyFollowUpChange(tx, next, discountCodes);
}

type StoredOrder = OrderFact & { lines: OrderLineFact[] };

/**
 * Locks the stored rows of these orders until the transaction ends: a no-op update, which on PostgreSQL
 * makes a concurrent event of the same order wait (SQLite runs one transaction at a time). Raw SQL: one
 * statement locks and reads them all, where Prisma takes an update and a read for each. Answers each order's
 * row, null for an order not stored.
 */
async function lockOrders(tx: Tx, shop: string, orderIds: readonly string[]) {
  const locked = new Map<string, OrderFact | null>(orderIds.map((orderId) => [orderId, null]));
  for (let start = 0; start < orderIds.length; start += MAX_BOUND_VALUES - 1) {
    const chunk = orderIds.slice(start, start + MAX_BOUND_VALUES - 1);
    const rows = await tx.$queryRawUnsafe<OrderFact[]>(
      `UPDATE "OrderFact" SET "orderId" = "orderId" WHERE "shop" = ${bind(1)} AND "orderId" IN (${chunk
        .map((_, i) => bind(i + 2))
        .join(", ")}) RETURNING *`,
      shop,
      ...chunk,
    );
    for (const row of rows) locked.set(row.orderId, row);
  }
  return locked;
}

/**
 * The order's stored facts, its row locked (lockOrders). The transaction locks its deliveries' orders up
 * front (`work.locked`); each is handed out once, to the first event of the order, which nothing in the
 * transaction has changed before it. Later events of the order read it again.
 */
async function lockedOrderFacts(
  tx: Tx,
  shop: string,
  orderId: string,
  work: TransactionWork,
): Promise<StoredOrder | null> {
  let order: OrderFact | null | undefined = work.locked.get(orderId);
  if (order === undefined) order = (await lockOrders(tx, shop, [orderId])).get(orderId)!;
  else work.locked.delete(orderId);
  if (!order) return null;
  return {
    ...order,
    lines: await tx.orderLineFact.findMany({ where: { orderFactId: order.id }, orderBy: { lineId: "asc" } }),
  };
}

function toLineRecord(line: OrderLineFact): LineFactRecord {
  return {
    lineId: line.lineId,
    productId: line.productId,
    variantId: line.variantId,
    quantity: line.quantity,
    unitPriceAmount: line.unitPriceAmount,
    discountAmount: line.discountAmount,
    attribution: line.attribution as LineFactRecord["attribution"],
    offerId: line.offerId,
    refundedQuantity: line.refundedQuantity,
    refundedAmount: line.refundedAmount,
    unitCostAmount: line.unitCostAmount,
  };
}

/** Stored order and line rows as domain facts. */
export function toFacts(stored: OrderFact & { lines: OrderLineFact[] }): OrderFacts {
  return {
    order: {
      orderId: stored.orderId,
      orderName: stored.orderName,
      customerId: stored.customerId,
      currencyCode: stored.currencyCode,
      subtotalAmount: stored.subtotalAmount,
      totalDiscountAmount: stored.totalDiscountAmount,
      processedAt: stored.processedAt,
      cancelledAt: stored.cancelledAt,
      anchorOffers: stored.anchorOffers === "" ? [] : stored.anchorOffers.split(" "),
    },
    lines: stored.lines.map(toLineRecord),
  };
}

const sameLine = (a: LineFactRecord, b: LineFactRecord) =>
  (Object.keys(a) as Array<keyof LineFactRecord>).every((key) => a[key] === b[key]);

const sameValue = (a: unknown, b: unknown) =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;

/** New line rows of an order. Ids, like the order's, are made here for the raw insert (nothing orders by them). */
const createLines = (tx: Tx, shop: string, orderFactId: string, lines: readonly LineFactRecord[]) =>
  insertRows(
    tx,
    "OrderLineFact",
    lines.map((line) => ({ id: randomUUID(), shop, orderFactId, ...line })),
  );

/**
 * Writes the facts, touching only what changed, so line rows keep their ids (and an order event that
 * changes nothing, as orders/updated often does, writes nothing). `coPurchaseCounted`: whether the order
 * is now in the co-purchase counts.
 */
async function writeFacts(
  tx: Tx,
  shop: string,
  stored: StoredOrder | null,
  next: OrderFacts,
  coPurchaseCounted: boolean,
) {
  const order = {
    ...next.order,
    anchorOffers: next.order.anchorOffers.join(" "),
    attached: isAttached(next),
    coPurchaseCounted,
  };
  if (!stored) {
    const id = randomUUID();
    await insertRows(tx, "OrderFact", [{ id, shop, ...order, updatedAt: new Date() }]);
    await createLines(tx, shop, id, next.lines);
    return;
  }
  const changed = (Object.keys(order) as Array<keyof typeof order>).some((key) => !sameValue(stored[key], order[key]));
  if (changed) await tx.orderFact.update({ where: { id: stored.id }, data: order });
  const storedLines = new Map(stored.lines.map((line) => [line.lineId, line]));
  const nextIds = new Set(next.lines.map((line) => line.lineId));
  const removed = stored.lines.filter((line) => !nextIds.has(line.lineId)).map((line) => line.id);
  if (removed.length > 0) await tx.orderLineFact.deleteMany({ where: { id: { in: removed } } });
  await createLines(
    tx,
    shop,
    stored.id,
    next.lines.filter((line) => !storedLines.has(line.lineId)),
  );
  for (const line of next.lines) {
    const before = storedLines.get(line.lineId);
    if (before && !sameLine(toLineRecord(before), line)) {
      await tx.orderLineFact.update({ where: { id: before.id }, data: line });
    }
  }
}

/** Changes to daily rollup rows, summed by row (day, row type, offer) with the currency of their first order. */
type RollupChanges = Map<string, { entry: RollupEntry; currencyCode: string }>;

/** `timeZone`: the shop's, in which rollup days are counted (UTC when it has no settings yet). */
function addRollupChange(changes: RollupChanges, previous: OrderFacts | null, next: OrderFacts, timeZone?: string) {
  const contribution = (facts: OrderFacts) => orderContribution(facts, timeZone);
  const delta = contributionDelta(previous ? contribution(previous) : [], contribution(next));
  for (const entry of delta) {
    const key = `${entry.day}\u0000${entry.offerType}\u0000${entry.offerId}`;
    const sum = changes.get(key);
    if (!sum)
      changes.set(key, { entry: { ...entry, figures: { ...entry.figures } }, currencyCode: next.order.currencyCode });
    else for (const figure of ROLLUP_FIGURES) sum.entry.figures[figure] += entry.figures[figure];
  }
}

/**
 * Adds the changes to the rollup rows, creating the first row of a day and offer, in one statement (per
 * chunk), rows in key order so concurrent transactions lock them in the same order.
 */
async function writeRollupChanges(tx: Tx, shop: string, changes: RollupChanges) {
  const offerChanges: OfferDayChange[] = [];
  for (const { entry } of changes.values()) {
    if (entry.offerType !== "bundle" && entry.offerType !== "pairing") continue;
    const { day, offerType, offerId, figures } = entry;
    offerChanges.push({ day, offerType, offerId, figures: { ...zeroTotals(), ...figures } });
  }
  const rows = [...changes]
    .filter(([, { entry }]) => ROLLUP_FIGURES.some((figure) => entry.figures[figure] !== 0))
    .sort(([a], [b]) => compareText(a, b))
    .map(([, { entry, currencyCode }]) => ({
      day: entry.day,
      offerType: entry.offerType,
      offerId: entry.offerId,
      currencyCode,
      ...Object.fromEntries(ROLLUP_FIGURES.map((figure) => [figure, entry.figures[figure]])),
    }));
  changes.clear();
  await addToCounters(tx, "DailyRollup", { shop, key: ["day", "offerType", "offerId"], add: ROLLUP_FIGURES }, rows);
  await addToOfferTotals(tx, shop, offerChanges);
}

const EMPTY_CATALOG: OfferCatalog = { bundles: [], pairings: [] };

/** What makes an offer matter to lines: their `_attach_offer` properties, their discounts' titles, their products. */
interface CatalogTerms {
  productIds: Set<string>;
  ids: { bundle: Set<string>; pairing: Set<string> };
  titles: { bundle: Set<string>; pairing: Set<string> };
}

function catalogTerms(lines: readonly OrderLineInput[]): CatalogTerms {
  const terms: CatalogTerms = {
    productIds: new Set(lines.flatMap((line) => (line.productId ? [line.productId] : []))),
    ids: { bundle: new Set(), pairing: new Set() },
    titles: { bundle: new Set(), pairing: new Set() },
  };
  for (const line of lines) {
    for (const property of line.properties) {
      const reference = property.name === OFFER_LINE_PROPERTY ? parseOfferLineProperty(property.value) : null;
      if (reference) terms.ids[reference.kind].add(reference.id);
    }
    for (const discount of line.discounts) {
      const candidates = discount.title === null ? null : offerTitleCandidates(discount.title);
      candidates?.titles.forEach((title) => terms.titles[candidates.type].add(title));
    }
  }
  return terms;
}

const covers = (outer: CatalogTerms, inner: CatalogTerms) =>
  [
    [outer.productIds, inner.productIds],
    [outer.ids.bundle, inner.ids.bundle],
    [outer.ids.pairing, inner.ids.pairing],
    [outer.titles.bundle, inner.titles.bundle],
    [outer.titles.pairing, inner.titles.pairing],
  ].every(([big, small]) => [...small!].every((term) => big!.has(term)));

/**
 * The shop's offers that can matter for these lines: those their `_attach_offer` property names, those
 * whose title a discount application may name, and the active ones containing their products. The
 * transaction's orders are read once, for all their lines; each order then takes the offers its own lines'
 * terms select, the rows the same query would have given it alone.
 */
async function offersFor(tx: Tx, work: TransactionWork, lines: readonly OrderLineInput[]): Promise<OfferCatalog> {
  const terms = catalogTerms(lines);
  if (!work.catalog) {
    const all = catalogTerms([...work.orders.flatMap((order) => order.lines), ...lines]);
    work.catalog = { terms: all, rows: loadCatalogRows(tx, all) };
  }
  const { bundles, pairings } = covers(work.catalog.terms, terms)
    ? await work.catalog.rows
    : await loadCatalogRows(tx, terms);
  const hasProduct = (productId: string) => terms.productIds.has(productId);
  return {
    bundles: bundles
      .filter(
        (bundle) =>
          terms.ids.bundle.has(bundle.id) ||
          terms.titles.bundle.has(bundle.title) ||
          (bundle.status === "active" && bundle.parts.some((part) => hasProduct(part.productId))),
      )
      .map((bundle) => ({
        id: bundle.id,
        title: bundle.title,
        status: bundle.status,
        productIds: bundle.parts.map((part) => part.productId),
        unitCosts: new Map(
          bundle.parts.flatMap((part) => (part.unitCostAmount === null ? [] : [[part.productId, part.unitCostAmount]])),
        ),
      })),
    pairings: pairings
      .filter(
        (pairing) =>
          terms.ids.pairing.has(pairing.id) ||
          (pairing.heading !== null && terms.titles.pairing.has(pairing.heading)) ||
          (pairing.status === "active" &&
            ((pairing.anchorType === "product" && hasProduct(pairing.anchorId)) ||
              pairing.complements.some((complement) => hasProduct(complement.productId)))),
      )
      .map((pairing) => ({
        id: pairing.id,
        title: pairing.heading?.trim() || null,
        status: pairing.status,
        anchorProductIds: pairing.anchorType === "product" ? [pairing.anchorId] : [],
        complementProductIds: pairing.complements.map((complement) => complement.productId),
      })),
  };
}

type CatalogRows = Awaited<ReturnType<typeof loadCatalogRows>>;

async function loadCatalogRows(tx: Tx, terms: CatalogTerms) {
  const productIds = [...terms.productIds];
  const bundles = await tx.bundle.findMany({
    where: {
      OR: [
        { id: { in: [...terms.ids.bundle] } },
        { title: { in: [...terms.titles.bundle] } },
        { status: "active", parts: { some: { productId: { in: productIds } } } },
      ],
    },
    select: { id: true, title: true, status: true, parts: { select: { productId: true, unitCostAmount: true } } },
  });
  // A pairing's checkout title: the Function shows "Pairing: <title>"; the only title a pairing stores
  // is its heading, so title matching uses it (pairings without one are credited by the property only).
  const pairings = await tx.pairing.findMany({
    where: {
      OR: [
        { id: { in: [...terms.ids.pairing] } },
        { heading: { in: [...terms.titles.pairing] } },
        { status: "active", anchorType: "product", anchorId: { in: productIds } },
        { status: "active", complements: { some: { productId: { in: productIds } } } },
      ],
    },
    select: {
      id: true,
      heading: true,
      status: true,
      anchorType: true,
      anchorId: true,
      complements: { select: { productId: true } },
    },
  });
  return { bundles, pairings };
}

/**
 * Write conflicts, deadlocks and races on a unique key: retrying the transaction resolves them. A unique
 * violation is P2002 from a Prisma query, a driver error of kind UniqueConstraintViolation from raw SQL.
 */
export function isTransient(error: unknown): boolean {
  const e = error as {
    code?: string;
    cause?: { originalCode?: string };
    meta?: { driverAdapterError?: { cause?: { originalCode?: string; kind?: string } } };
  };
  const driver = e?.meta?.driverAdapterError?.cause;
  const original = e?.cause?.originalCode ?? driver?.originalCode;
  return (
    e?.code === "P2002" ||
    e?.code === "P2034" ||
    driver?.kind === "UniqueConstraintViolation" ||
    original === "40001" ||
    original === "40P01"
  );
}

async function recordFailure(scoped: ShopData, deliveryId: string, error: unknown): Promise<DeliveryOutcome> {
  const expected = error instanceof DeliveryRejected || error instanceof DeliveryNotReady;
  if (!expected) console.error(`Webhook delivery ${deliveryId} could not be processed`, error);
  const row = await scoped.webhookDelivery.findFirst({
    where: { id: deliveryId, status: "received" },
    select: { attempts: true },
  });
  if (!row) return "skipped";
  const attempts = row.attempts + 1;
  const failed = error instanceof DeliveryRejected || attempts >= MAX_DELIVERY_ATTEMPTS;
  await scoped.webhookDelivery.updateMany({
    where: { id: deliveryId, status: "received" },
    data: { attempts, lastError: errorSummary(error), status: failed ? "failed" : "received" },
  });
  return failed ? "failed" : "retry";
}

/** One line for `lastError`: Prisma's messages start with the calling code; the cause is on the last line. */
function errorSummary(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lastLine = message.trim().split("\n").pop()!.trim();
  const code = (error as { code?: unknown })?.code;
  return (typeof code === "string" ? `${code}: ${lastLine}` : lastLine).slice(0, 1000);
}
