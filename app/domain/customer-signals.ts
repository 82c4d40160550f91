// Responsible targeting: per-customer signals from the order facts and the helpdesk's customer tags, and
// the rules that exclude a customer from every offer (storefront blocks, bundle discount, follow-ups).
//
// Signals (per customer, from the facts of their orders; a cancelled order counts for nothing):
// - orders:          orders not cancelled
// - returnedOrders:  of those, orders with at least one refunded line (a return or a refund)
// - grossAmount:     their subtotals (after discounts, before shipping and taxes), minor units
// - refundedAmount:  what was refunded on their lines, minor units
// - supportTags:     the customer's tags that are on the merchant's helpdesk tag list (from customers/update)
// - serviceCostAmount: support cost where a helpdesk reports it (nothing fills it yet: 0)
// Rules (ShopSettings; all of them apply, any one excludes):
// - return rate: orders ≥ excludeReturnRateMinOrders and returnedOrders / orders strictly above
//   excludeReturnRateBasisPoints (40% excludes 3 returned of 7, not 2 of 5), compared exactly in integers
// - helpdesk tag: the customer has a tag on excludeCustomerTags (Shopify tags ignore case), e.g.
//   "complaint-open": offers stay off until the helpdesk removes the tag
// - unprofitable (excludeUnprofitableCustomers): net revenue ≤ 0, i.e. refunded + service cost ≥ gross,
//   for a customer with at least one order. Margins are not known per order, so revenue the customer
//   keeps is the signal: once refunds and support cost take all of it, an offer can only add cost.
import { basisPointsToPercent, splitTags } from "./settings";
import { formatMoneyWithCode } from "./money";
import type { LineFactRecord, OrderFactRecord } from "./order-facts";
import { compareText } from "./text-order";

export interface ExclusionRules {
  returnRateBasisPoints: number;
  returnRateMinOrders: number;
  /** Helpdesk tags that exclude, as the merchant wrote them. */
  tags: string[];
  excludeUnprofitable: boolean;
}

export function exclusionRulesFromSettings(settings: {
  excludeReturnRateBasisPoints: number;
  excludeReturnRateMinOrders: number;
  excludeCustomerTags: string;
  excludeUnprofitableCustomers: boolean;
}): ExclusionRules {
  return {
    returnRateBasisPoints: settings.excludeReturnRateBasisPoints,
    returnRateMinOrders: settings.excludeReturnRateMinOrders,
    tags: splitTags(settings.excludeCustomerTags),
    excludeUnprofitable: settings.excludeUnprofitableCustomers,
  };
}

/** What a customer's orders add up to. */
export interface OrderSignalFigures {
  orders: number;
  returnedOrders: number;
  grossAmount: number;
  refundedAmount: number;
}

export interface CustomerSignalFigures extends OrderSignalFigures {
  currencyCode: string;
  serviceCostAmount: number;
  /** The customer's helpdesk tags, comma-separated, as stored. */
  supportTags: string;
}

export const EXCLUSION_KINDS = ["return-rate", "helpdesk-tag", "unprofitable"] as const;
export type ExclusionKind = (typeof EXCLUSION_KINDS)[number];

export interface ExclusionReason {
  kind: ExclusionKind;
  /** In the merchant's words. */
  message: string;
}

export interface Exclusion {
  excluded: boolean;
  reasons: ExclusionReason[];
  /** The reasons as one line (CustomerSignal.exclusionReason), null when not excluded. */
  reason: string | null;
}

export const EXCLUSION_KIND_LABELS: Record<ExclusionKind, string> = {
  "return-rate": "Return rate above your limit",
  "helpdesk-tag": "Tagged by your helpdesk",
  unprofitable: "Refunds and service costs exceed revenue",
};

/** The parts of an order's facts the signals read. */
export interface SignalOrder {
  order: Pick<OrderFactRecord, "customerId" | "subtotalAmount" | "cancelledAt">;
  lines: ReadonlyArray<Pick<LineFactRecord, "refundedQuantity" | "refundedAmount">>;
}

const ZERO: OrderSignalFigures = { orders: 0, returnedOrders: 0, grossAmount: 0, refundedAmount: 0 };

/** What one order adds to its customer's figures; null for a guest order. A cancelled order adds nothing. */
export function orderSignal(facts: SignalOrder): { customerId: string; figures: OrderSignalFigures } | null {
  const { order, lines } = facts;
  if (order.customerId === null) return null;
  if (order.cancelledAt !== null) return { customerId: order.customerId, figures: { ...ZERO } };
  const refundedAmount = lines.reduce((sum, line) => sum + line.refundedAmount, 0);
  const returned = lines.some((line) => line.refundedQuantity > 0 || line.refundedAmount > 0);
  return {
    customerId: order.customerId,
    figures: { orders: 1, returnedOrders: returned ? 1 : 0, grossAmount: order.subtotalAmount, refundedAmount },
  };
}

export interface SignalChange {
  customerId: string;
  change: OrderSignalFigures;
}

/**
 * How an order's change moves its customers' figures: after − before, per customer (an edit may move an
 * order to another customer), leaving out customers whose figures do not move; sorted by customer id so
 * concurrent transactions update rows in the same order.
 */
export function signalDelta(previous: SignalOrder | null, next: SignalOrder): SignalChange[] {
  const byCustomer = new Map<string, OrderSignalFigures>();
  const add = (signal: ReturnType<typeof orderSignal>, sign: 1 | -1) => {
    if (!signal) return;
    const sum = byCustomer.get(signal.customerId) ?? { ...ZERO };
    for (const key of Object.keys(ZERO) as Array<keyof OrderSignalFigures>) sum[key] += sign * signal.figures[key];
    byCustomer.set(signal.customerId, sum);
  };
  add(orderSignal(next), 1);
  if (previous) add(orderSignal(previous), -1);
  return [...byCustomer]
    .filter(([, change]) => Object.values(change).some((value) => value !== 0))
    .sort(([a], [b]) => compareText(a, b))
    .map(([customerId, change]) => ({ customerId, change }));
}

/** Every customer's figures from their orders' facts: what the incremental updates must add up to. */
export function signalsFromOrders(orders: Iterable<SignalOrder>): Map<string, OrderSignalFigures> {
  const totals = new Map<string, OrderSignalFigures>();
  for (const facts of orders) {
    const signal = orderSignal(facts);
    if (!signal) continue;
    const sum = totals.get(signal.customerId) ?? { ...ZERO };
    for (const key of Object.keys(ZERO) as Array<keyof OrderSignalFigures>) sum[key] += signal.figures[key];
    totals.set(signal.customerId, sum);
  }
  return totals;
}

/** The customer's tags that are on the helpdesk list, in the customer's spelling (tags ignore case). */
export function matchingSupportTags(customerTags: readonly string[], configured: readonly string[]): string[] {
  const wanted = new Set(configured.map((tag) => tag.toLowerCase()));
  return splitTags(customerTags.join(",")).filter((tag) => wanted.has(tag.toLowerCase()));
}

/** REST webhooks send a customer's tags as one comma-separated string; GraphQL as a list. */
export function tagsFromText(text: string | null | undefined): string[] {
  return splitTags(text ?? "");
}

const percent = (basisPoints: number) => `${basisPointsToPercent(basisPoints)}%`;

/** returned / orders in basis points, rounded down (for display only; the rule compares exactly). */
export function returnRateBasisPoints(figures: Pick<OrderSignalFigures, "orders" | "returnedOrders">): number {
  return figures.orders === 0 ? 0 : Math.floor((figures.returnedOrders * 10_000) / figures.orders);
}

/** Whether the rules exclude the customer, and why (in the merchant's words). */
export function evaluateExclusion(signal: CustomerSignalFigures, rules: ExclusionRules): Exclusion {
  const reasons: ExclusionReason[] = [];
  const { orders, returnedOrders } = signal;
  // Strictly above the limit, exactly: returned / orders > bp / 10,000 ⇔ returned × 10,000 > bp × orders.
  if (orders >= rules.returnRateMinOrders && returnedOrders * 10_000 > rules.returnRateBasisPoints * orders) {
    reasons.push({
      kind: "return-rate",
      message:
        `Returned ${returnedOrders} of ${orders} orders (${percent(returnRateBasisPoints(signal))}), above your ` +
        `${percent(rules.returnRateBasisPoints)} limit`,
    });
  }
  const tags = matchingSupportTags(tagsFromText(signal.supportTags), rules.tags);
  if (tags.length > 0) {
    reasons.push({
      kind: "helpdesk-tag",
      message: `Tagged ${tags.map((tag) => `“${tag}”`).join(" and ")} by your helpdesk (offers resume when the tag is removed)`,
    });
  }
  const costs = signal.refundedAmount + signal.serviceCostAmount;
  if (rules.excludeUnprofitable && orders > 0 && costs >= signal.grossAmount) {
    const money = (amount: number) => formatMoneyWithCode({ amount, currency: signal.currencyCode });
    const what = signal.serviceCostAmount > 0 ? "Refunds and service costs" : "Refunds";
    reasons.push({
      kind: "unprofitable",
      message: `${what} (${money(costs)}) take all of the ${money(signal.grossAmount)} this customer spent`,
    });
  }
  return {
    excluded: reasons.length > 0,
    reasons,
    reason: reasons.length > 0 ? reasons.map((r) => r.message).join("; ") : null,
  };
}
