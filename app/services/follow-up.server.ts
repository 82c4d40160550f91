// Follow-up offers (rules: app/domain/follow-up.ts).
// - Scheduling: order ingestion calls scheduleFollowUps for a fulfillments/create delivery, in the
//   delivery's transaction; the unique key (shop, order, anchor) makes a redelivery schedule nothing new.
// - Revocation and redemption: order ingestion's recordChange calls applyFollowUpChange for every order
//   change (webhooks and the backfill), in the order's transaction.
// - Sending: the background sweep (app/services/jobs.server.ts) calls runFollowUps every minute: due offers
//   get a single-use code (discountCodeBasicCreate), the customer metafield and the Flow trigger; revoked
//   offers whose code was sent get it deleted (and the customer metafield, while it shows that code). One run per shop at a time (ShopJobLock "follow-ups").
//   A revoked offer that still has a discountId has a live code in Shopify: the sweep deletes it and
//   clears discountId.
import { randomInt } from "node:crypto";
import db from "../db.server";
import {
  complementRevenue,
  FOLLOW_UP_FLOW_TRIGGER_HANDLE,
  FOLLOW_UP_METAFIELD_KEY,
  followUpMessage,
  generateOfferCode,
  metafieldCode,
  normaliseCodes,
  offerExpiry,
  planFollowUps,
  revocationReason,
  type FollowUpProduct,
} from "../domain/follow-up";
import { OFFER_METAFIELD_NAMESPACE } from "../domain/offer-metafields-core";
import type { OrderFacts } from "../domain/order-facts";
import type { FulfillmentInput } from "../domain/order-payload";
import {
  FLOW_TRIGGER_RECEIVE_MUTATION,
  FOLLOW_UP_CODE_CREATE_MUTATION,
  FOLLOW_UP_CUSTOMER_METAFIELD_QUERY,
  FOLLOW_UP_CODE_DELETE_MUTATION,
  FOLLOW_UP_PRODUCT_QUERY,
  type FlowTriggerReceiveData,
  type FollowUpCodeCreateData,
  type FollowUpCodeDeleteData,
  type FollowUpCustomerMetafieldData,
  type FollowUpProductData,
} from "../graphql/follow-ups";
import {
  METAFIELDS_DELETE_MUTATION,
  METAFIELDS_SET_MUTATION,
  type MetafieldsDeleteData,
  type MetafieldsSetData,
} from "../graphql/metafields";
import { adminRequest, describeUserErrors, ShopifyRequestError, type AdminGraphql } from "./admin-graphql.server";
import { withShopJobLock } from "./job-lock.server";
import type { Tx } from "./sql.server";
import { shopSettings } from "./shop-lifecycle.server";
import { shopData } from "./shop-scope.server";

/** ShopJobLock kind of the sending sweep: one per shop at a time. */
export const FOLLOW_UP_JOB = "follow-ups";
const LEASE_MS = 5 * 60_000;
const BATCH = 50;
/** Draws of a fresh code when Shopify says one is taken. */
const CODE_ATTEMPTS = 5;

/** Schedules the follow-ups a fulfilment calls for (see planFollowUps); returns how many rows were written. */
export async function scheduleFollowUps(tx: Tx, shop: string, facts: OrderFacts, fulfillment: FulfillmentInput) {
  if (!fulfillment.shipped) return 0;
  // No settings row yet: follow-ups are off (the stored default).
  const settings = await tx.shopSettings.findFirst();
  const customerId = facts.order.customerId;
  if (!settings?.followUpEnabled || customerId === null) return 0;
  const productIds = [...new Set(facts.lines.flatMap((line) => (line.productId ? [line.productId] : [])))];
  const [pairings, signal, existing] = await Promise.all([
    tx.pairing.findMany({
      where: { status: "active", anchorType: "product", anchorId: { in: productIds } },
      include: { complements: { orderBy: { position: "asc" } } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
    tx.customerSignal.findFirst({ where: { customerId }, select: { excluded: true, exclusionReason: true } }),
    tx.followUpOffer.findMany({ where: { orderId: facts.order.orderId }, select: { anchorProductId: true } }),
  ]);
  const { offers } = planFollowUps({
    settings,
    facts,
    fulfilledProductIds: fulfillment.productIds,
    fulfilledAt: fulfillment.fulfilledAt,
    pairings: pairings.map((pairing) => ({
      id: pairing.id,
      status: pairing.status,
      title: pairing.heading ?? "",
      anchorProductIds: [pairing.anchorId],
      complements: pairing.complements.map((complement) => complement.productId),
      discountPercent: pairing.discountPercent,
    })),
    exclusionReason: signal?.excluded ? (signal.exclusionReason ?? "excluded") : null,
    existingAnchors: new Set(existing.map((offer) => offer.anchorProductId)),
  });
  for (const offer of offers) {
    await tx.followUpOffer.create({
      data: { shop, customerId, orderId: facts.order.orderId, currencyCode: facts.order.currencyCode, ...offer },
    });
  }
  return offers.length;
}

/** An order changed: revokes the offers it anchors when cancelled or refunded; redeems offers whose code it used. */
export async function applyFollowUpChange(tx: Tx, next: OrderFacts, discountCodes: readonly string[] = []) {
  // revocationReason's two reasons: an order neither cancelled nor refunded revokes nothing (most order events).
  const mayRevoke =
    next.order.cancelledAt !== null || next.lines.some((line) => line.refundedQuantity > 0 || line.refundedAmount > 0);
  const anchored = mayRevoke
    ? await tx.followUpOffer.findMany({ where: { orderId: next.order.orderId, status: { in: ["scheduled", "sent"] } } })
    : [];
  for (const offer of anchored) {
    const reason = revocationReason(next, offer.anchorProductId);
    if (reason === null) continue;
    await tx.followUpOffer.update({ where: { id: offer.id }, data: { status: "revoked", statusReason: reason } });
  }
  const codes = normaliseCodes(discountCodes);
  if (codes.length === 0 || next.order.cancelledAt !== null) return;
  const redeemed = await tx.followUpOffer.findMany({ where: { code: { in: codes }, status: "sent" } });
  for (const offer of redeemed) {
    await tx.followUpOffer.update({
      where: { id: offer.id },
      data: {
        status: "redeemed",
        statusReason: null,
        redeemedOrderId: next.order.orderId,
        revenueAmount: complementRevenue(next, offer.complementProductId),
      },
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Sending

export interface FollowUpRun {
  sent: number;
  skipped: number;
  failed: number;
  codesDeleted: number;
}

/** The sweep's step: every installed shop with due offers or codes to delete. */
export async function runFollowUps(adminFor: (shop: string) => Promise<AdminGraphql>, now = new Date()) {
  // Across shops, shop names only (like the inbox sweep): each shop is then worked on through shopData.
  const due = await db.followUpOffer.findMany({
    where: {
      OR: [
        { status: "scheduled", dueAt: { lte: now } },
        { status: "revoked", discountId: { not: null } },
      ],
    },
    select: { shop: true },
    distinct: ["shop"],
  });
  if (due.length === 0) return;
  const sessions = await db.session.findMany({
    where: { shop: { in: due.map((row) => row.shop) }, isOnline: false },
    select: { shop: true },
    distinct: ["shop"],
  });
  for (const { shop } of sessions) {
    try {
      await sendFollowUps(shop, await adminFor(shop), now);
    } catch (error) {
      console.error(`Follow-up offers of ${shop} could not be sent`, error);
    }
  }
}

/** Sends the shop's due offers and deletes the codes of revoked ones. One run per shop at a time. */
export async function sendFollowUps(shop: string, admin: AdminGraphql, now = new Date()): Promise<FollowUpRun> {
  const run: FollowUpRun = { sent: 0, skipped: 0, failed: 0, codesDeleted: 0 };
  await withShopJobLock(shop, FOLLOW_UP_JOB, LEASE_MS, async (lease) => {
    const scoped = shopData(shop);
    const settings = await shopSettings(shop);
    const due = await scoped.followUpOffer.findMany({
      where: { status: "scheduled", dueAt: { lte: now } },
      orderBy: [{ dueAt: "asc" }, { id: "asc" }],
      take: BATCH,
    });
    for (const offer of due) {
      await lease.extend();
      const outcome = await sendOne(shop, admin, offer, settings, now);
      run[outcome] += 1;
    }
    const revoked = await scoped.followUpOffer.findMany({
      where: { status: "revoked", discountId: { not: null } },
      take: BATCH,
    });
    for (const offer of revoked) {
      await lease.extend();
      try {
        const data = await adminRequest<FollowUpCodeDeleteData>(admin, FOLLOW_UP_CODE_DELETE_MUTATION, {
          id: offer.discountId,
        });
        const errors = data.discountCodeDelete?.userErrors ?? [];
        // A code already gone (deleted by the merchant) is what we wanted.
        if (errors.length > 0 && !errors.some((e) => /not exist|not found/i.test(e.message))) {
          throw new ShopifyRequestError(describeUserErrors(errors) ?? "The code could not be deleted");
        }
        await clearCustomerMetafield(admin, offer.customerId, offer.code);
        await scoped.followUpOffer.updateMany({ where: { id: offer.id }, data: { discountId: null } });
        run.codesDeleted += 1;
      } catch (error) {
        run.failed += 1;
        console.error(`Follow-up code ${offer.code} of ${shop} could not be deleted`, error);
      }
    }
  });
  return run;
}

const metafieldKey = { namespace: OFFER_METAFIELD_NAMESPACE, key: FOLLOW_UP_METAFIELD_KEY };

/** Deletes the customer's follow-up metafield if it still shows `code` (a later offer may have replaced it). */
async function clearCustomerMetafield(admin: AdminGraphql, customerId: string, code: string | null) {
  const data = await adminRequest<FollowUpCustomerMetafieldData>(admin, FOLLOW_UP_CUSTOMER_METAFIELD_QUERY, {
    id: customerId,
    ...metafieldKey,
  });
  if (code === null || metafieldCode(data.customer?.metafield?.value) !== code) return;
  const deleted = await adminRequest<MetafieldsDeleteData>(admin, METAFIELDS_DELETE_MUTATION, {
    metafields: [{ ownerId: customerId, ...metafieldKey }],
  });
  const problem = describeUserErrors(deleted.metafieldsDelete?.userErrors);
  if (problem) throw new ShopifyRequestError(problem);
}

type Offer = NonNullable<Awaited<ReturnType<ReturnType<typeof shopData>["followUpOffer"]["findFirst"]>>>;
type Settings = Awaited<ReturnType<typeof shopSettings>>;

async function sendOne(
  shop: string,
  admin: AdminGraphql,
  offer: Offer,
  settings: Settings,
  now: Date,
): Promise<"sent" | "skipped" | "failed"> {
  const scoped = shopData(shop);
  const skip = async (statusReason: string) => {
    await scoped.followUpOffer.updateMany({
      where: { id: offer.id, status: "scheduled" },
      data: { status: "skipped", statusReason },
    });
    return "skipped" as const;
  };
  if (!settings.followUpEnabled) return skip("Follow-up offers were turned off before it was due");
  // Exclusion is checked again at sending: a complaint may have been opened since the fulfilment.
  const signal = await scoped.customerSignal.findFirst({ where: { customerId: offer.customerId } });
  if (signal?.excluded) return skip(`Customer excluded: ${signal.exclusionReason ?? "excluded"}`);
  try {
    const { product } = await adminRequest<FollowUpProductData>(admin, FOLLOW_UP_PRODUCT_QUERY, {
      id: offer.complementProductId,
    });
    if (!product) return skip("The complement no longer exists in Shopify");
    const expiresAt = offer.expiresAt ?? offerExpiry(now, settings.followUpValidDays);
    const { code, discountId } = offer.discountId
      ? { code: offer.code!, discountId: offer.discountId }
      : await createCode(admin, offer, product, settings.followUpDiscountPercent, now, expiresAt);
    // Stored at once: a retry after a failure below reuses this code rather than creating another.
    await scoped.followUpOffer.updateMany({ where: { id: offer.id }, data: { code, discountId, expiresAt } });
    const message = followUpMessage({
      customerId: offer.customerId,
      code,
      percent: settings.followUpDiscountPercent,
      expiresAt,
      product,
    });
    const set = await adminRequest<MetafieldsSetData>(admin, METAFIELDS_SET_MUTATION, {
      metafields: [
        {
          ownerId: offer.customerId,
          ...metafieldKey,
          type: "json",
          value: JSON.stringify(message.metafield),
        },
      ],
    });
    const setErrors = describeUserErrors(set.metafieldsSet?.userErrors);
    if (setErrors) throw new ShopifyRequestError(setErrors);
    const flow = await adminRequest<FlowTriggerReceiveData>(admin, FLOW_TRIGGER_RECEIVE_MUTATION, {
      handle: FOLLOW_UP_FLOW_TRIGGER_HANDLE,
      payload: message.flowPayload,
    });
    const flowErrors = describeUserErrors(flow.flowTriggerReceive?.userErrors);
    if (flowErrors) throw new ShopifyRequestError(flowErrors);
    await scoped.followUpOffer.updateMany({
      where: { id: offer.id, status: "scheduled" },
      data: { status: "sent", sentAt: now, statusReason: null },
    });
    return "sent";
  } catch (error) {
    // Left scheduled: the next sweep tries again; the reason shows in the export meanwhile.
    const reason = error instanceof Error ? error.message : String(error);
    await scoped.followUpOffer.updateMany({
      where: { id: offer.id, status: "scheduled" },
      data: { statusReason: `Not sent yet: ${reason}`.slice(0, 1000) },
    });
    if (!(error instanceof ShopifyRequestError)) console.error(`Follow-up offer ${offer.id} could not be sent`, error);
    return "failed";
  }
}

async function createCode(
  admin: AdminGraphql,
  offer: Offer,
  product: FollowUpProduct,
  percent: number,
  now: Date,
  expiresAt: Date,
): Promise<{ code: string; discountId: string }> {
  for (let attempt = 1; ; attempt++) {
    const code = generateOfferCode(randomInt);
    const data = await adminRequest<FollowUpCodeCreateData>(admin, FOLLOW_UP_CODE_CREATE_MUTATION, {
      basicCodeDiscount: {
        title: `Follow-up: ${product.title} ${percent}% off (${code})`,
        code,
        startsAt: now.toISOString(),
        endsAt: expiresAt.toISOString(),
        usageLimit: 1,
        appliesOncePerCustomer: true,
        customerSelection: { customers: { add: [offer.customerId] } },
        customerGets: {
          value: { percentage: percent / 100 },
          items: { products: { productsToAdd: [offer.complementProductId] } },
        },
        combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: true },
      },
    });
    const result = data.discountCodeBasicCreate;
    const id = result?.codeDiscountNode?.id;
    if (id) return { code, discountId: id };
    const errors = result?.userErrors ?? [];
    const taken = errors.some((e) => e.code === "TAKEN" || /must be unique|already/i.test(e.message));
    if (!taken || attempt >= CODE_ATTEMPTS) {
      throw new ShopifyRequestError(describeUserErrors(errors) ?? "Shopify did not create the discount code");
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Merchant side: export and report figures

/** The shop's offers for the CSV export, newest first. */
export async function listFollowUps(shop: string) {
  return shopData(shop).followUpOffer.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
}

export interface FollowUpSummary {
  scheduled: number;
  sent: number;
  redeemed: number;
  /** Revenue of the redeeming orders' complement lines, per currency (minor units). */
  revenue: Array<{ currencyCode: string; amount: number }>;
}

/** Offers scheduled (all ever, skipped excluded), sent (incl. later redeemed), redeemed and their revenue. */
export async function followUpSummary(shop: string): Promise<FollowUpSummary> {
  const groups = await shopData(shop).followUpOffer.groupBy({
    by: ["status", "currencyCode"],
    _count: { _all: true },
    _sum: { revenueAmount: true },
  });
  const count = (statuses: string[]) =>
    groups.filter((g) => statuses.includes(g.status)).reduce((sum, g) => sum + g._count._all, 0);
  const revenue = new Map<string, number>();
  for (const group of groups.filter((g) => g.status === "redeemed")) {
    revenue.set(group.currencyCode, (revenue.get(group.currencyCode) ?? 0) + (group._sum.revenueAmount ?? 0));
  }
  return {
    scheduled: count(["scheduled", "sent", "redeemed", "revoked"]),
    sent: count(["sent", "redeemed"]) + (await revokedAfterSending(shop)),
    redeemed: count(["redeemed"]),
    revenue: [...revenue].map(([currencyCode, amount]) => ({ currencyCode, amount })),
  };
}

const revokedAfterSending = (shop: string) =>
  shopData(shop).followUpOffer.count({ where: { status: "revoked", sentAt: { not: null } } });
