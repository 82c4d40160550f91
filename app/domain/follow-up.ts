// Follow-up offers: "a laptop buyer who did not take the headphones gets an offer three days after delivery".
//
// Rules (the I/O is in app/services/follow-up.server.ts):
// - When a fulfilment ships an anchor product of an active pairing (product anchors; the first pairing per
//   anchor, as the storefront shows it), one offer is scheduled per (order, anchor) for the anchor's first
//   complement not bought in that order; when every complement was bought there is nothing to offer.
//   Due: the fulfilment's time + followUpDelayDays.
// - Nothing is scheduled while follow-ups are off, for a guest order (no customer to send to), for a
//   cancelled order or an anchor line refunded in full. An excluded customer's offers are recorded as
//   skipped with the reason (the audit trail), never sent.
// - A redelivered fulfilment schedules nothing new: one offer per (order, anchor) — the unique key.
// - Revocation: the anchor order cancelled, or its anchor line refunded, before sending → revoked without a
//   code; after sending → revoked and the code deleted in Shopify.
// - Redemption: an order using the code → redeemed, with the revenue of that order's complement lines.
import { formatDecimalAmount } from "./money";
import { lineRevenue, type OrderFacts } from "./order-facts";
import { buildAnchorPairings, type SyncPairing } from "./offer-metafields";

/** The customer metafield the merchant's email templates read: customer.metafields['$app:attach'].follow_up_offer. */
export const FOLLOW_UP_METAFIELD_KEY = "follow_up_offer";
/** The Flow trigger's handle (extensions/follow-up-offer-trigger/shopify.extension.toml). */
export const FOLLOW_UP_FLOW_TRIGGER_HANDLE = "follow-up-offer-trigger";

const DAY_MS = 24 * 60 * 60_000;

export interface FollowUpSettings {
  followUpEnabled: boolean;
  followUpDelayDays: number;
  followUpDiscountPercent: number;
  followUpValidDays: number;
}

export interface PlannedFollowUp {
  anchorProductId: string;
  complementProductId: string;
  dueAt: Date;
  /** "skipped" (with the reason) for an excluded customer: recorded, never sent. */
  status: "scheduled" | "skipped";
  statusReason: string | null;
}

export interface FollowUpPlanInput {
  settings: FollowUpSettings;
  facts: OrderFacts;
  /** Products the fulfilment shipped; null when the payload listed none (the whole order counts). */
  fulfilledProductIds: readonly string[] | null;
  fulfilledAt: Date;
  /** Active pairings anchored on the order's products, product anchors first, then by creation. */
  pairings: readonly SyncPairing[];
  /** The customer's exclusion reason (CustomerSignal), null when not excluded. */
  exclusionReason: string | null;
  /** Anchors of this order that already have an offer. */
  existingAnchors: ReadonlySet<string>;
}

/** Why nothing at all is planned for the order, or null when each anchor was considered. */
export type NoPlanReason = "disabled" | "guest" | "cancelled";

export function planFollowUps(input: FollowUpPlanInput): { offers: PlannedFollowUp[]; reason: NoPlanReason | null } {
  const { settings, facts } = input;
  if (!settings.followUpEnabled) return { offers: [], reason: "disabled" };
  if (facts.order.customerId === null) return { offers: [], reason: "guest" };
  if (facts.order.cancelledAt !== null) return { offers: [], reason: "cancelled" };
  const bought = new Set(facts.lines.flatMap((line) => (line.productId ? [line.productId] : [])));
  const shipped = input.fulfilledProductIds ? new Set(input.fulfilledProductIds) : bought;
  const dueAt = new Date(input.fulfilledAt.getTime() + settings.followUpDelayDays * DAY_MS);
  const offers: PlannedFollowUp[] = [];
  for (const [anchor, pairing] of buildAnchorPairings(input.pairings)) {
    if (!shipped.has(anchor) || !bought.has(anchor) || input.existingAnchors.has(anchor)) continue;
    if (anchorRefunded(facts, anchor)) continue;
    const complement = pairing.complements.find((id) => !bought.has(id));
    if (complement === undefined) continue;
    offers.push({
      anchorProductId: anchor,
      complementProductId: complement,
      dueAt,
      status: input.exclusionReason === null ? "scheduled" : "skipped",
      statusReason: input.exclusionReason === null ? null : `Customer excluded: ${input.exclusionReason}`,
    });
  }
  return { offers, reason: null };
}

/** Every unit of the anchor's lines in the order was refunded. */
function anchorRefunded(facts: OrderFacts, anchor: string): boolean {
  const lines = facts.lines.filter((line) => line.productId === anchor);
  return lines.length > 0 && lines.every((line) => line.quantity > 0 && line.refundedQuantity >= line.quantity);
}

/** Why an offer from this order must be revoked now, or null: the order cancelled or its anchor line refunded. */
export function revocationReason(facts: OrderFacts, anchorProductId: string): string | null {
  if (facts.order.cancelledAt !== null) return "The order was cancelled";
  const refunded = facts.lines.some(
    (line) => line.productId === anchorProductId && (line.refundedQuantity > 0 || line.refundedAmount > 0),
  );
  return refunded ? "The anchor product was refunded" : null;
}

/** The order's revenue from the complement's lines (price × quantity − our discount), minor units. */
export function complementRevenue(facts: OrderFacts, complementProductId: string): number {
  return facts.lines
    .filter((line) => line.productId === complementProductId)
    .reduce((sum, line) => sum + lineRevenue(line), 0);
}

/** Shopify discount codes ignore case: the order's codes, upper-cased, for matching ours. */
export function normaliseCodes(codes: readonly string[]): string[] {
  return [...new Set(codes.map((code) => code.trim().toUpperCase()).filter(Boolean))];
}

// No 0/O or 1/I: the code is read from an email and typed in at checkout.
const CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
export const CODE_PATTERN = /^ATTACH-[A-HJ-NP-Z2-9]{6}$/;

/**
 * A fresh code like ATTACH-7KQ2MX (32^6 ≈ 1 billion codes) from `random(max)`, a uniform integer below max
 * (crypto.randomInt in the service); Shopify rejects a taken one and the service draws again.
 */
export function generateOfferCode(random: (max: number) => number): string {
  let suffix = "";
  for (let i = 0; i < 6; i++) suffix += CODE_ALPHABET[random(CODE_ALPHABET.length)];
  return `ATTACH-${suffix}`;
}

export interface FollowUpProduct {
  id: string;
  title: string;
  handle: string;
}

/** The customer metafield's value (json) and the Flow trigger's payload for a sent offer. */
export function followUpMessage(offer: {
  customerId: string;
  code: string;
  percent: number;
  expiresAt: Date;
  product: FollowUpProduct;
}) {
  const metafield = {
    v: 1,
    code: offer.code,
    percent: offer.percent,
    expiresAt: offer.expiresAt.toISOString(),
    product: { id: offer.product.id, title: offer.product.title, handle: offer.product.handle },
  };
  // Flow reference fields take the legacy numeric ids: customer_id, product_id (Flow trigger reference).
  const flowPayload = {
    customer_id: legacyId(offer.customerId),
    product_id: legacyId(offer.product.id),
    "Discount code": offer.code,
    "Discount percent": offer.percent,
    "Expires at": offer.expiresAt.toISOString(),
    "Product title": offer.product.title,
    "Product handle": offer.product.handle,
  };
  return { metafield, flowPayload };
}

/** The code a stored metafield value shows, or null when it is not one of ours. */
export function metafieldCode(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const parsed = JSON.parse(value) as { code?: unknown };
    return typeof parsed.code === "string" ? parsed.code : null;
  } catch {
    return null;
  }
}

function legacyId(gid: string): number {
  return Number(gid.slice(gid.lastIndexOf("/") + 1));
}

/** The discount's end: now + followUpValidDays. */
export function offerExpiry(now: Date, validDays: number): Date {
  return new Date(now.getTime() + validDays * DAY_MS);
}

export interface FollowUpRecord {
  customerId: string;
  orderId: string;
  anchorProductId: string;
  complementProductId: string;
  status: string;
  statusReason: string | null;
  code: string | null;
  dueAt: Date;
  sentAt: Date | null;
  expiresAt: Date | null;
  redeemedOrderId: string | null;
  revenueAmount: number;
  currencyCode: string;
}

const FOLLOW_UP_CSV_HEADER = [
  "Customer ID",
  "Order ID",
  "Anchor product ID",
  "Complement product ID",
  "Code",
  "Status",
  "Reason",
  "Due at",
  "Sent at",
  "Expires at",
  "Redeemed in order",
  "Revenue",
  "Currency",
];

/** The CSV export's rows (header first): one per offer, dates in ISO 8601 UTC, revenue as a decimal amount. */
export function followUpCsvRows(offers: readonly FollowUpRecord[]): string[][] {
  const date = (value: Date | null) => value?.toISOString() ?? "";
  return [
    FOLLOW_UP_CSV_HEADER,
    ...offers.map((offer) => [
      offer.customerId,
      offer.orderId,
      offer.anchorProductId,
      offer.complementProductId,
      offer.code ?? "",
      offer.status,
      offer.statusReason ?? "",
      date(offer.dueAt),
      date(offer.sentAt),
      date(offer.expiresAt),
      offer.redeemedOrderId ?? "",
      offer.status === "redeemed"
        ? formatDecimalAmount({ amount: offer.revenueAmount, currency: offer.currencyCode })
        : "",
      offer.currencyCode,
    ]),
  ];
}
