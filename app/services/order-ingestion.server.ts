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
import type { OrderFact, OrderLineFact, Prisma } from "@prisma/client";
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
  type OrderInput,
} from "../domain/order-payload";
import type { FieldError } from "../domain/validation";
import { applyCoPurchaseChange } from "./co-purchase.server";
import { applyCustomerSignalChange, applyCustomerUpdate } from "./customer-signals.server";
import { applyFollowUpChange, scheduleFollowUps } from "./follow-up.server";
import type { AdminGraphql } from "./admin-graphql.server";
import { applyProductChange } from "./product-webhooks.server";
import { shopData, type ShopData } from "./shop-scope.server";
import { recordDelivery, type WebhookDeliveryInput } from "./webhook-inbox.server";

/** After this many attempts a delivery that keeps failing (e.g. a refund for an order never seen) is `failed`. */
export const MAX_DELIVERY_ATTEMPTS = 10;
/** Retries of one attempt's transaction after a write conflict, deadlock or create race. */
const TRANSACTION_RETRIES = 5;

export type Tx = Parameters<Parameters<ShopData["$transaction"]>[0]>[0];

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
  if ((PRODUCT_TOPICS as readonly string[]).includes(delivery?.topic ?? "")) {
    return processProductDelivery(scoped, shop, deliveryId, adminFor);
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await scoped.$transaction((tx) => processClaimed(tx, shop, deliveryId), {
        maxWait: 10_000,
        timeout: 30_000,
      });
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
 * Processes `received` order and refund deliveries, oldest first: the catch-up after a crash or a
 * failed attempt. `receivedBefore` leaves alone the deliveries the HTTP route is still processing.
 */
export async function processPendingDeliveries({
  shop,
  receivedBefore = new Date(),
  onlyFresh = false,
  batchSize = 200,
  pace,
  adminFor,
}: {
  shop?: string;
  receivedBefore?: Date;
  /** Only deliveries never attempted (the drain after webhooks); retries are left to the sweep. */
  onlyFresh?: boolean;
  batchSize?: number;
  /** Awaited before each delivery: lets the caller give way to other work. */
  pace?: () => Promise<void>;
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
      select: { id: true, shop: true, receivedAt: true },
    };
    // Without a shop, the sweep lists every shop's pending deliveries (ids only); each is then processed scoped.
    const batch: Array<{ id: string; shop: string; receivedAt: Date }> = shop
      ? await shopData(shop).webhookDelivery.findMany(query)
      : await db.webhookDelivery.findMany(query);
    for (const delivery of batch) {
      await pace?.();
      counts[await processDelivery(delivery.id, delivery.shop, { adminFor })] += 1;
    }
    if (batch.length < batchSize) return counts;
    after = batch[batch.length - 1]!;
  }
}

async function processClaimed(tx: Tx, shop: string, deliveryId: string): Promise<DeliveryOutcome> {
  // The claim: a row lock on PostgreSQL, so a concurrent attempt waits here and then finds it processed.
  const claimed = await tx.webhookDelivery.updateMany({
    where: { id: deliveryId, status: "received", topic: { in: [...INGESTED_TOPICS] } },
    data: { attempts: { increment: 1 } },
  });
  if (claimed.count === 0) return "skipped";
  const delivery = await tx.webhookDelivery.findFirstOrThrow({ where: { id: deliveryId } });
  let payload: unknown;
  try {
    payload = JSON.parse(delivery.payload);
  } catch {
    throw new DeliveryRejected("The stored payload is not JSON");
  }
  if (delivery.topic === "REFUNDS_CREATE") await ingestRefund(tx, shop, payload);
  else if (delivery.topic === "CUSTOMERS_UPDATE") await ingestCustomer(tx, shop, payload);
  else if (delivery.topic === "FULFILLMENTS_CREATE") await ingestFulfillment(tx, shop, payload);
  else await ingestOrder(tx, shop, payload, delivery.topic === "ORDERS_CANCELLED" ? delivery.receivedAt : null);
  await tx.webhookDelivery.update({
    where: { id: deliveryId },
    data: { status: "processed", processedAt: new Date(), lastError: null },
  });
  return "processed";
}

async function ingestOrder(tx: Tx, shop: string, payload: unknown, cancelledFallback: Date | null) {
  const parsed = parseOrderPayload(payload);
  if (!parsed.ok) throw new DeliveryRejected(describeErrors(parsed.errors));
  const order = parsed.value;
  // orders/cancelled always means cancelled, even if a payload lacked cancelled_at.
  if (cancelledFallback && order.cancelledAt === null) order.cancelledAt = cancelledFallback;
  await applyOrder(tx, shop, order);
}

async function ingestCustomer(tx: Tx, shop: string, payload: unknown) {
  const parsed = parseCustomerPayload(payload);
  if (!parsed.ok) throw new DeliveryRejected(describeErrors(parsed.errors));
  await applyCustomerUpdate(tx, shop, parsed.value);
}

/** fulfillments/create: schedules the order's follow-up offers (app/services/follow-up.server.ts). */
async function ingestFulfillment(tx: Tx, shop: string, payload: unknown) {
  const parsed = parseFulfillmentPayload(payload);
  if (!parsed.ok) throw new DeliveryRejected(describeErrors(parsed.errors));
  const stored = await lockedOrderFacts(tx, parsed.value.orderId);
  if (!stored) throw new DeliveryNotReady(`Order ${parsed.value.orderId} has not been ingested yet`);
  await scheduleFollowUps(tx, shop, toFacts(stored), parsed.value);
}

/**
 * Records an order (new, or a later version of one already known): the webhook's and the backfill's way in.
 * `refunded`: the backfill's totals refunded per line so far (webhooks send refunds on their own topic).
 */
export async function applyOrder(tx: Tx, shop: string, order: OrderInput, refunded: readonly RefundedLine[] = []) {
  const stored = await lockedOrderFacts(tx, order.orderId);
  const previous = stored ? toFacts(stored) : null;
  const known = new Set(previous?.lines.map((line) => line.lineId));
  const newLines = order.lines.filter((line) => !known.has(line.lineId));
  const catalog = newLines.length > 0 ? await loadCatalog(tx, { ...order, lines: newLines }) : EMPTY_CATALOG;
  const built = buildOrderFacts(order, indexCatalog(catalog), previous);
  const next = refunded.length > 0 ? withRefundTotals(built, refunded) : built;
  await recordChange(tx, shop, stored, previous, next, order.discountCodes);
}

async function ingestRefund(tx: Tx, shop: string, payload: unknown) {
  const parsed = parseRefundPayload(payload);
  if (!parsed.ok) throw new DeliveryRejected(describeErrors(parsed.errors));
  const refund = parsed.value;
  const stored = await lockedOrderFacts(tx, refund.orderId);
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
  await recordChange(tx, shop, stored, previous, next);
}

/** Every consequence of an order changing from `previous` (null: first seen) to `next`, in one transaction. */
async function recordChange(
  tx: Tx,
  shop: string,
  stored: StoredOrder | null,
  previous: OrderFacts | null,
  next: OrderFacts,
  discountCodes: readonly string[] = [],
) {
  await writeFacts(tx, shop, stored, next);
  await applyDelta(tx, shop, next.order.currencyCode, previous, next);
  await applyCoPurchaseChange(tx, shop, stored?.coPurchaseCounted ?? false, previous, next);
  await applyCustomerSignalChange(tx, shop, previous, next);
  await applyFollowUpChange(tx, next, discountCodes);
}

type StoredOrder = NonNullable<Awaited<ReturnType<typeof findOrderFacts>>>;

const findOrderFacts = (tx: Tx, orderId: string) =>
  tx.orderFact.findFirst({ where: { orderId }, include: { lines: { orderBy: { lineId: "asc" } } } });

/** The order's stored facts, after locking its row (a no-op update) until the transaction ends. */
async function lockedOrderFacts(tx: Tx, orderId: string) {
  await tx.orderFact.updateMany({ where: { orderId }, data: { orderId } });
  return findOrderFacts(tx, orderId);
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

/** Writes the facts, touching only what changed, so line rows keep their ids. */
async function writeFacts(tx: Tx, shop: string, stored: StoredOrder | null, next: OrderFacts) {
  const order = { ...next.order, anchorOffers: next.order.anchorOffers.join(" "), attached: isAttached(next) };
  if (!stored) {
    await tx.orderFact.create({
      data: { ...order, shop, lines: { create: next.lines.map((line) => ({ ...line, shop })) } },
    });
    return;
  }
  await tx.orderFact.update({ where: { id: stored.id }, data: order });
  const storedLines = new Map(stored.lines.map((line) => [line.lineId, line]));
  const nextIds = new Set(next.lines.map((line) => line.lineId));
  const removed = stored.lines.filter((line) => !nextIds.has(line.lineId)).map((line) => line.id);
  if (removed.length > 0) await tx.orderLineFact.deleteMany({ where: { id: { in: removed } } });
  const added = next.lines.filter((line) => !storedLines.has(line.lineId));
  if (added.length > 0) {
    await tx.orderLineFact.createMany({ data: added.map((line) => ({ ...line, shop, orderFactId: stored.id })) });
  }
  for (const line of next.lines) {
    const before = storedLines.get(line.lineId);
    if (before && !sameLine(toLineRecord(before), line)) {
      await tx.orderLineFact.update({ where: { id: before.id }, data: line });
    }
  }
}

async function applyDelta(tx: Tx, shop: string, currencyCode: string, previous: OrderFacts | null, next: OrderFacts) {
  // Days in the shop's time zone (UTC until the app has read it from Shopify).
  const timeZone = (await tx.shopSettings.findFirst({ select: { timeZone: true } }))?.timeZone;
  const contribution = (facts: OrderFacts) => orderContribution(facts, timeZone);
  const delta: RollupEntry[] = contributionDelta(previous ? contribution(previous) : [], contribution(next));
  for (const { day, offerType, offerId, figures } of delta) {
    // Most rows exist already (one per day and offer): one UPDATE. The first order of a row creates it;
    // a concurrent creation fails on the unique key and the transaction is retried.
    const { count } = await tx.dailyRollup.updateMany({
      where: { day, offerType, offerId },
      data: Object.fromEntries(ROLLUP_FIGURES.map((figure) => [figure, { increment: figures[figure] }])),
    });
    if (count === 0) await tx.dailyRollup.create({ data: { shop, day, offerType, offerId, currencyCode, ...figures } });
  }
}

const EMPTY_CATALOG: OfferCatalog = { bundles: [], pairings: [] };

/**
 * The shop's offers that can matter for these lines: those their `_attach_offer` property names, those
 * whose title a discount application may name, and the active ones containing their products.
 */
async function loadCatalog(tx: Tx, order: OrderInput): Promise<OfferCatalog> {
  const productIds = [...new Set(order.lines.flatMap((line) => (line.productId ? [line.productId] : [])))];
  const ids = { bundle: new Set<string>(), pairing: new Set<string>() };
  const titles = { bundle: new Set<string>(), pairing: new Set<string>() };
  for (const line of order.lines) {
    for (const property of line.properties) {
      const reference = property.name === OFFER_LINE_PROPERTY ? parseOfferLineProperty(property.value) : null;
      if (reference) ids[reference.kind].add(reference.id);
    }
    for (const discount of line.discounts) {
      const candidates = discount.title === null ? null : offerTitleCandidates(discount.title);
      candidates?.titles.forEach((title) => titles[candidates.type].add(title));
    }
  }

  const bundles = await tx.bundle.findMany({
    where: {
      OR: [
        { id: { in: [...ids.bundle] } },
        { title: { in: [...titles.bundle] } },
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
        { id: { in: [...ids.pairing] } },
        { heading: { in: [...titles.pairing] } },
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
  return {
    bundles: bundles.map((bundle) => ({
      id: bundle.id,
      title: bundle.title,
      status: bundle.status,
      productIds: bundle.parts.map((part) => part.productId),
      unitCosts: new Map(
        bundle.parts.flatMap((part) => (part.unitCostAmount === null ? [] : [[part.productId, part.unitCostAmount]])),
      ),
    })),
    pairings: pairings.map((pairing) => ({
      id: pairing.id,
      title: pairing.heading?.trim() || null,
      status: pairing.status,
      anchorProductIds: pairing.anchorType === "product" ? [pairing.anchorId] : [],
      complementProductIds: pairing.complements.map((complement) => complement.productId),
    })),
  };
}

/** Write conflicts, deadlocks and races on a unique key: retrying the transaction resolves them. */
export function isTransient(error: unknown): boolean {
  const e = error as {
    code?: string;
    cause?: { originalCode?: string };
    meta?: { driverAdapterError?: { cause?: { originalCode?: string } } };
  };
  const original = e?.cause?.originalCode ?? e?.meta?.driverAdapterError?.cause?.originalCode;
  return e?.code === "P2002" || e?.code === "P2034" || original === "40001" || original === "40P01";
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
