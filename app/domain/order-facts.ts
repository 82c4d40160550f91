// Order facts (one row per order and per line, with the line's attribution) and what an order adds to
// the daily rollups. Rollups are kept by difference: processing an event computes the order's
// contribution before and after, and adds the difference — so reprocessing the same event adds
// nothing, a cancellation takes the whole order out, and a refund takes out exactly its lines.
//
// Definitions (every report figure and its tooltip follow these):
// - An order counts on the day of its processedAt in the shop's time zone (ShopSettings.timeZone, from
//   Shopify's Shop.ianaTimezone; UTC until known). A change of time zone rebuilds the shop's rollups.
//   Cancellations and refunds change the figures of the order's day, not of the day they happen.
// - A cancelled order contributes nothing.
// - A line's revenue is its price × quantity minus our discount on it (minor units). Other discounts
//   on the line (a merchant's code combined with ours) are not subtracted: the facts do not record them.
// - A line is "taken up" while it has units not refunded; an order is "attached" while it has a taken-up
//   line credited to a bundle or pairing. It "takes up" an offer while it has a taken-up line credited to it.
// - The offers whose anchor an order contains (attribution.ts) are fixed when the order is first seen.
// Rollup rows per day (offerId "" unless said):
//   shop      orders, attachedOrders, revenue = order subtotals, discount = our discount, refunds of all lines;
//             anchorOrders = orders containing some offer's anchor, anchorAttachedOrders = those of them
//             taking up an offer whose anchor they contain
//   attached  the attached orders only: the same figures
//   bundle / pairing (offerId = the offer, "" for unidentified uptake)
//             orders = attachedOrders = orders taking the offer up; revenue, discount, refunds of its lines;
//             anchorOrders = orders containing its anchor, anchorAttachedOrders = those of them taking it up;
//             returnedUnits = units refunded; costAmount = unit cost × units kept where the cost is known,
//             uncostedUnits = units kept whose cost is not known
//   offers    the sum of the day's bundle and pairing rows, every figure (funnel counters included, see
//             offer-events.ts): what the report's daily figures read instead of one row per offer
//   organic   orders with a taken-up organic line; revenue and refunds of the organic lines
import type { LineAttribution, CatalogIndex } from "./attribution";
import { anchorOffersOf, attributeLine, offerKey } from "./attribution";
import type { OrderInput } from "./order-payload";
import { localDay, UTC } from "./shop-time";
import { compareText } from "./text-order";

export interface OrderFactRecord {
  orderId: string;
  orderName: string | null;
  customerId: string | null;
  currencyCode: string;
  subtotalAmount: number;
  totalDiscountAmount: number;
  processedAt: Date;
  cancelledAt: Date | null;
  /** Offer keys ("bundle:<id>") of the active offers whose anchor the order contained when first seen. */
  anchorOffers: readonly string[];
}

export interface LineFactRecord {
  lineId: string;
  productId: string | null;
  variantId: string | null;
  quantity: number;
  unitPriceAmount: number;
  discountAmount: number;
  attribution: LineAttribution;
  offerId: string | null;
  refundedQuantity: number;
  refundedAmount: number;
  /** Unit cost of the credited bundle's part, minor units, known when the line was first seen; or null. */
  unitCostAmount: number | null;
}

export interface OrderFacts {
  order: OrderFactRecord;
  lines: LineFactRecord[];
}

/**
 * The facts for an order payload. `previous` (the stored facts, if any) keeps what later events must
 * not change: a line's credit is decided when the line is first seen (renaming or deleting a bundle
 * later does not take its uptake away), refunds come only from refund events, and a cancelled order
 * stays cancelled (Shopify cannot un-cancel; an older orders/updated may arrive after the cancellation).
 */
export function buildOrderFacts(order: OrderInput, index: CatalogIndex, previous: OrderFacts | null): OrderFacts {
  const previousLines = new Map(previous?.lines.map((line) => [line.lineId, line]));
  return {
    order: {
      orderId: order.orderId,
      orderName: order.orderName,
      customerId: order.customerId,
      currencyCode: order.currency,
      subtotalAmount: order.subtotalAmount,
      totalDiscountAmount: order.totalDiscountAmount,
      processedAt: order.processedAt,
      cancelledAt: previous?.order.cancelledAt ?? order.cancelledAt,
      anchorOffers: previous?.order.anchorOffers ?? anchorOffersOf(order.lines, index),
    },
    lines: order.lines.map((line) => {
      const before = previousLines.get(line.lineId);
      const credit = before ?? attributeLine(line, index);
      return {
        lineId: line.lineId,
        productId: line.productId,
        variantId: line.variantId,
        quantity: line.quantity,
        unitPriceAmount: line.unitPriceAmount,
        discountAmount: credit.discountAmount,
        attribution: credit.attribution,
        offerId: credit.offerId,
        refundedQuantity: before?.refundedQuantity ?? 0,
        refundedAmount: before?.refundedAmount ?? 0,
        unitCostAmount: credit.unitCostAmount,
      };
    }),
  };
}

/** The facts after a refund: each refunded line's quantity and amount added; unknown lines ignored. */
export function applyRefund(facts: OrderFacts, refund: Array<{ lineId: string; quantity: number; amount: number }>) {
  const lines = facts.lines.map((line) => ({ ...line }));
  const byId = new Map(lines.map((line) => [line.lineId, line]));
  for (const refunded of refund) {
    const line = byId.get(refunded.lineId);
    if (!line) continue;
    line.refundedQuantity += refunded.quantity;
    line.refundedAmount += refunded.amount;
  }
  return { order: facts.order, lines };
}

/**
 * The order with each line's refunds brought up to the totals given (the backfill's view of the order).
 * Refunds only grow, so a line already showing as much (from refund webhooks) is left as it is: reading
 * the same history twice, or after the webhooks, subtracts nothing twice.
 */
export function withRefundTotals(
  facts: OrderFacts,
  totals: ReadonlyArray<{ lineId: string; quantity: number; amount: number }>,
): OrderFacts {
  const byId = new Map(totals.map((total) => [total.lineId, total]));
  const lines = facts.lines.map((line) => {
    const total = byId.get(line.lineId);
    if (!total) return line;
    return {
      ...line,
      refundedQuantity: Math.max(line.refundedQuantity, total.quantity),
      refundedAmount: Math.max(line.refundedAmount, total.amount),
    };
  });
  return { order: facts.order, lines };
}

// ---------------------------------------------------------------------------------------------
// Rollup contributions

export const ROLLUP_ROW_TYPES = ["shop", "attached", "bundle", "pairing", "offers", "organic"] as const;
export type RollupRowType = (typeof ROLLUP_ROW_TYPES)[number];

export interface RollupFigures {
  orders: number;
  attachedOrders: number;
  revenueAmount: number;
  discountAmount: number;
  refundedAmount: number;
  anchorOrders: number;
  anchorAttachedOrders: number;
  returnedUnits: number;
  costAmount: number;
  uncostedUnits: number;
}

export interface RollupEntry {
  day: string;
  offerType: RollupRowType;
  offerId: string;
  figures: RollupFigures;
}

export const ROLLUP_FIGURES = [
  "orders",
  "attachedOrders",
  "revenueAmount",
  "discountAmount",
  "refundedAmount",
  "anchorOrders",
  "anchorAttachedOrders",
  "returnedUnits",
  "costAmount",
  "uncostedUnits",
] as const satisfies ReadonlyArray<keyof RollupFigures>;

export const zeroFigures = (): RollupFigures => ({
  orders: 0,
  attachedOrders: 0,
  revenueAmount: 0,
  discountAmount: 0,
  refundedAmount: 0,
  anchorOrders: 0,
  anchorAttachedOrders: 0,
  returnedUnits: 0,
  costAmount: 0,
  uncostedUnits: 0,
});

/** The calendar day (YYYY-MM-DD) an order counts on: its processedAt in the shop's time zone. */
export function rollupDay(processedAt: Date, timeZone: string = UTC): string {
  return localDay(processedAt, timeZone);
}

/** A line's revenue: price × quantity minus our discount, minor units. */
export function lineRevenue(line: Pick<LineFactRecord, "unitPriceAmount" | "quantity" | "discountAmount">): number {
  return checked(line.unitPriceAmount * line.quantity - line.discountAmount);
}

export const isCredited = (line: Pick<LineFactRecord, "attribution">) =>
  line.attribution === "bundle" || line.attribution === "pairing";
export const isTakenUp = (line: Pick<LineFactRecord, "quantity" | "refundedQuantity">) =>
  line.quantity - line.refundedQuantity > 0;

/** Whether the order has a taken-up bundle or pairing line. */
export const isAttached = ({ lines }: Pick<OrderFacts, "lines">) =>
  lines.some((line) => isCredited(line) && isTakenUp(line));

/** The offers the order takes up, as offer keys; unidentified uptake is "bundle:" / "pairing:". */
export function takenUpOffers({ lines }: Pick<OrderFacts, "lines">): Set<string> {
  const keys = new Set<string>();
  for (const line of lines) {
    if ((line.attribution === "bundle" || line.attribution === "pairing") && isTakenUp(line)) {
      keys.add(offerKey(line.attribution, line.offerId ?? ""));
    }
  }
  return keys;
}

function checked(amount: number): number {
  if (!Number.isSafeInteger(amount)) throw new RangeError("An amount is too large to add up exactly");
  return amount;
}

const rollupKey = (offerType: string, offerId: string) => `${offerType}\u0000${offerId}`;

/** What one order adds to the rollups, by row, on its day in the shop's time zone. A cancelled order adds nothing. */
export function orderContribution(facts: OrderFacts, timeZone: string = UTC): RollupEntry[] {
  const { order, lines } = facts;
  if (order.cancelledAt !== null) return [];
  const day = rollupDay(order.processedAt, timeZone);
  const rows = new Map<string, RollupEntry>();
  const row = (offerType: RollupRowType, offerId = "") => {
    const key = rollupKey(offerType, offerId);
    let entry = rows.get(key);
    if (!entry) {
      entry = { day, offerType, offerId, figures: zeroFigures() };
      rows.set(key, entry);
    }
    return entry.figures;
  };

  const attached = isAttached(facts);
  const takenUp = takenUpOffers(facts);
  const discount = lines.reduce((sum, line) => checked(sum + line.discountAmount), 0);
  const refunded = lines.reduce((sum, line) => checked(sum + line.refundedAmount), 0);
  const anchored = order.anchorOffers.length > 0;
  const anchorAttached = order.anchorOffers.some((key) => takenUp.has(key));
  for (const type of attached ? (["shop", "attached"] as const) : (["shop"] as const)) {
    const figures = row(type);
    figures.orders = 1;
    figures.attachedOrders = attached ? 1 : 0;
    figures.revenueAmount = order.subtotalAmount;
    figures.discountAmount = discount;
    figures.refundedAmount = refunded;
    figures.anchorOrders = anchored ? 1 : 0;
    figures.anchorAttachedOrders = anchorAttached ? 1 : 0;
  }
  for (const key of order.anchorOffers) {
    const [type, id] = splitOfferKey(key);
    const figures = row(type, id);
    figures.anchorOrders = 1;
    figures.anchorAttachedOrders = takenUp.has(key) ? 1 : 0;
  }

  for (const line of lines) {
    if (line.attribution === "none") continue;
    const figures = row(line.attribution, line.offerId ?? "");
    if (isTakenUp(line)) {
      figures.orders = 1;
      if (isCredited(line)) figures.attachedOrders = 1;
    }
    figures.revenueAmount = checked(figures.revenueAmount + lineRevenue(line));
    figures.discountAmount = checked(figures.discountAmount + line.discountAmount);
    figures.refundedAmount = checked(figures.refundedAmount + line.refundedAmount);
    if (!isCredited(line)) continue;
    const kept = Math.max(0, line.quantity - line.refundedQuantity);
    figures.returnedUnits += line.refundedQuantity;
    if (line.unitCostAmount === null) figures.uncostedUnits += kept;
    else figures.costAmount = checked(figures.costAmount + line.unitCostAmount * kept);
  }

  // The "offers" row: the sum of the order's bundle and pairing rows, figure by figure.
  const offerRows = [...rows.values()].filter((entry) => entry.offerType === "bundle" || entry.offerType === "pairing");
  if (offerRows.length > 0) {
    const offers = row("offers");
    for (const entry of offerRows) {
      for (const figure of ROLLUP_FIGURES) offers[figure] = checked(offers[figure] + entry.figures[figure]);
    }
  }
  return [...rows.values()];
}

/** "bundle:<id>" → ["bundle", "<id>"]. */
export function splitOfferKey(key: string): ["bundle" | "pairing", string] {
  const at = key.indexOf(":");
  const type = key.slice(0, at);
  if (type !== "bundle" && type !== "pairing") throw new Error(`Not an offer key: ${key}`);
  return [type, key.slice(at + 1)];
}

/**
 * after − before, row by row, leaving out rows that do not change; sorted by (day, type, offer) so
 * concurrent transactions lock rollup rows in the same order.
 */
export function contributionDelta(before: RollupEntry[], after: RollupEntry[]): RollupEntry[] {
  const rows = new Map<string, RollupEntry>();
  const add = (entries: RollupEntry[], sign: 1 | -1) => {
    for (const entry of entries) {
      const key = `${entry.day}\u0000${rollupKey(entry.offerType, entry.offerId)}`;
      let sum = rows.get(key);
      if (!sum) {
        sum = { day: entry.day, offerType: entry.offerType, offerId: entry.offerId, figures: zeroFigures() };
        rows.set(key, sum);
      }
      for (const figure of ROLLUP_FIGURES)
        sum.figures[figure] = checked(sum.figures[figure] + sign * entry.figures[figure]);
    }
  };
  add(after, 1);
  add(before, -1);
  return [...rows.entries()]
    .filter(([, entry]) => ROLLUP_FIGURES.some((figure) => entry.figures[figure] !== 0))
    .sort(([a], [b]) => compareText(a, b))
    .map(([, entry]) => entry);
}
