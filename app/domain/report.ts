// Report maths: the uptake report for a date range, from the daily rollups (what the app shows) or
// recounted from the order facts (what the rollups must agree with). Amounts are integer minor units;
// ratios stay as numerator/denominator until they are displayed. See order-facts.ts for how each
// order and line counts.
import { formatDecimalAmount, type CurrencyCode } from "./money";
import {
  isCredited,
  isTakenUp,
  lineRevenue,
  rollupDay,
  type OrderFacts,
  type RollupFigures,
  type RollupRowType,
} from "./order-facts";
import type { OfferType } from "./attribution";
import type { FieldError } from "./validation";

// ---------------------------------------------------------------------------------------------
// Date range

/** Inclusive calendar days, YYYY-MM-DD (UTC, like the rollups). */
export interface ReportRange {
  from: string;
  to: string;
}

export const DEFAULT_RANGE_DAYS = 30;
export const MAX_RANGE_DAYS = 366;
const DAY_MS = 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const dayOf = (instant: Date) => instant.toISOString().slice(0, 10);
const parseDay = (text: string): Date | null => {
  if (!DAY.test(text)) return null;
  const date = new Date(`${text}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || dayOf(date) !== text ? null : date;
};

/** The last `days` days up to and including today's (UTC) date. */
export function defaultReportRange(today: Date, days = DEFAULT_RANGE_DAYS): ReportRange {
  return { from: dayOf(new Date(today.getTime() - (days - 1) * DAY_MS)), to: dayOf(today) };
}

/** The range asked for in `from`/`to`, or the default range with errors saying why not. */
export function parseReportRange(
  input: { from?: string | null; to?: string | null },
  today: Date,
): { range: ReportRange; errors: FieldError[] } {
  const fallback = defaultReportRange(today);
  if (!input.from && !input.to) return { range: fallback, errors: [] };
  const from = parseDay(input.from ?? "");
  const to = parseDay(input.to ?? "");
  const errors: FieldError[] = [];
  if (!from) errors.push({ field: "from", message: "Enter a start date like 2026-01-31" });
  if (!to) errors.push({ field: "to", message: "Enter an end date like 2026-01-31" });
  if (from && to && from > to) errors.push({ field: "to", message: "The end date must be on or after the start date" });
  if (from && to && (to.getTime() - from.getTime()) / DAY_MS + 1 > MAX_RANGE_DAYS) {
    errors.push({ field: "from", message: `Choose at most ${MAX_RANGE_DAYS} days` });
  }
  return errors.length > 0 ? { range: fallback, errors } : { range: { from: input.from!, to: input.to! }, errors };
}

/** The instants a range covers: [start, end). */
export function rangeInstants(range: ReportRange): { start: Date; end: Date } {
  return { start: new Date(`${range.from}T00:00:00Z`), end: new Date(Date.parse(`${range.to}T00:00:00Z`) + DAY_MS) };
}

// ---------------------------------------------------------------------------------------------
// The report

export interface Ratio {
  numerator: number;
  denominator: number;
}

export interface OfferRow {
  type: OfferType;
  /** "" for uptake whose offer could not be told apart (shared titles). */
  id: string;
  title: string;
  orders: number;
  revenueAmount: number;
  discountAmount: number;
  refundedAmount: number;
  netRevenueAmount: number;
}

export interface UptakeReport {
  currency: CurrencyCode;
  range: ReportRange;
  orders: number;
  attachedOrders: number;
  /** Attached orders / orders; null without orders. */
  attachRate: Ratio | null;
  /** Bundle and pairing lines: revenue after our discount, minus their refunds. */
  offerRevenueAmount: number;
  discountGivenAmount: number;
  /** Order subtotals minus refunds. */
  netSalesAmount: number;
  averageOrderValueAmount: number | null;
  attachedAverageOrderValueAmount: number | null;
  otherAverageOrderValueAmount: number | null;
  customers: number;
  revenuePerCustomerAmount: number | null;
  organic: { orders: number; netRevenueAmount: number };
  offers: OfferRow[];
}

/** A rollup row summed over the range. */
export interface RollupTotal {
  offerType: RollupRowType;
  offerId: string;
  figures: RollupFigures;
}

/** Offer titles by `${type}:${id}`; offers missing from it were deleted. */
export type OfferTitles = ReadonlyMap<string, string>;

export const offerTitleKey = (type: OfferType, id: string) => `${type}:${id}`;

/** a / b rounded half away from zero, exactly (BigInt); null when b is 0. */
export function divideRounded(a: number, b: number): number | null {
  if (b === 0) return null;
  const negative = a < 0 !== b < 0;
  const n = BigInt(Math.abs(a));
  const d = BigInt(Math.abs(b));
  const q = Number((2n * n + d) / (2n * d));
  return negative && q !== 0 ? -q : q;
}

function offerTitle(type: OfferType, id: string, titles: OfferTitles): string {
  const kind = type === "bundle" ? "bundle" : "pairing";
  if (id === "") return `Unidentified ${kind} (several share its title)`;
  return titles.get(offerTitleKey(type, id)) ?? `Deleted ${kind}`;
}

const isZeroRow = (row: OfferRow) =>
  row.orders === 0 && row.revenueAmount === 0 && row.discountAmount === 0 && row.refundedAmount === 0;

const compareOffers = (a: OfferRow, b: OfferRow) =>
  b.netRevenueAmount - a.netRevenueAmount ||
  a.title.localeCompare(b.title) ||
  a.type.localeCompare(b.type) ||
  a.id.localeCompare(b.id);

interface Totals {
  orders: number;
  attachedOrders: number;
  revenue: number;
  discount: number;
  refunded: number;
  attached: { orders: number; revenue: number; refunded: number };
  organic: { orders: number; revenue: number; refunded: number };
  offers: Array<{ type: OfferType; id: string; orders: number; revenue: number; discount: number; refunded: number }>;
}

function assemble(
  totals: Totals,
  context: { currency: CurrencyCode; range: ReportRange; customers: number; titles: OfferTitles },
): UptakeReport {
  const netSales = totals.revenue - totals.refunded;
  const attachedNet = totals.attached.revenue - totals.attached.refunded;
  const offers = totals.offers
    .map((offer) => ({
      type: offer.type,
      id: offer.id,
      title: offerTitle(offer.type, offer.id, context.titles),
      orders: offer.orders,
      revenueAmount: offer.revenue,
      discountAmount: offer.discount,
      refundedAmount: offer.refunded,
      netRevenueAmount: offer.revenue - offer.refunded,
    }))
    .filter((row) => !isZeroRow(row))
    .sort(compareOffers);
  return {
    currency: context.currency,
    range: context.range,
    orders: totals.orders,
    attachedOrders: totals.attachedOrders,
    attachRate: totals.orders === 0 ? null : { numerator: totals.attachedOrders, denominator: totals.orders },
    offerRevenueAmount: offers.reduce((sum, offer) => sum + offer.netRevenueAmount, 0),
    discountGivenAmount: totals.discount,
    netSalesAmount: netSales,
    averageOrderValueAmount: divideRounded(netSales, totals.orders),
    attachedAverageOrderValueAmount: divideRounded(attachedNet, totals.attached.orders),
    otherAverageOrderValueAmount: divideRounded(netSales - attachedNet, totals.orders - totals.attached.orders),
    customers: context.customers,
    revenuePerCustomerAmount: divideRounded(netSales, context.customers),
    organic: { orders: totals.organic.orders, netRevenueAmount: totals.organic.revenue - totals.organic.refunded },
    offers,
  };
}

/**
 * The report from rollup rows summed over the range. `customers`: distinct customers with a counted
 * order in the range, each guest checkout counting as one (distinct counts do not add up by day, so
 * the caller counts them from the order facts).
 */
export function reportFromRollups(input: {
  currency: CurrencyCode;
  range: ReportRange;
  rollups: readonly RollupTotal[];
  customers: number;
  titles: OfferTitles;
}): UptakeReport {
  const totals: Totals = {
    orders: 0,
    attachedOrders: 0,
    revenue: 0,
    discount: 0,
    refunded: 0,
    attached: { orders: 0, revenue: 0, refunded: 0 },
    organic: { orders: 0, revenue: 0, refunded: 0 },
    offers: [],
  };
  for (const { offerType, offerId, figures } of input.rollups) {
    switch (offerType) {
      case "shop":
        totals.orders += figures.orders;
        totals.attachedOrders += figures.attachedOrders;
        totals.revenue += figures.revenueAmount;
        totals.discount += figures.discountAmount;
        totals.refunded += figures.refundedAmount;
        break;
      case "attached":
      case "organic": {
        const group = totals[offerType];
        group.orders += figures.orders;
        group.revenue += figures.revenueAmount;
        group.refunded += figures.refundedAmount;
        break;
      }
      case "bundle":
      case "pairing":
        totals.offers.push({
          type: offerType,
          id: offerId,
          orders: figures.orders,
          revenue: figures.revenueAmount,
          discount: figures.discountAmount,
          refunded: figures.refundedAmount,
        });
        break;
    }
  }
  return assemble(totals, input);
}

/**
 * The same report recounted from order facts, without the rollups: for checking that the rollups
 * agree with the orders (and, later, for rebuilding them).
 */
export function reportFromFacts(input: {
  currency: CurrencyCode;
  range: ReportRange;
  facts: readonly OrderFacts[];
  titles: OfferTitles;
}): UptakeReport {
  const counted = input.facts.filter(
    ({ order }) =>
      order.cancelledAt === null &&
      rollupDay(order.processedAt) >= input.range.from &&
      rollupDay(order.processedAt) <= input.range.to,
  );
  const sum = <T>(list: readonly T[], of: (item: T) => number) => list.reduce((total, item) => total + of(item), 0);
  const refundsOf = (facts: OrderFacts) => sum(facts.lines, (line) => line.refundedAmount);
  const isAttached = (facts: OrderFacts) => facts.lines.some((line) => isCredited(line) && isTakenUp(line));
  const attached = counted.filter(isAttached);

  const offers = new Map<string, Totals["offers"][number]>();
  for (const facts of counted) {
    const takenUp = new Set<string>();
    for (const line of facts.lines) {
      if (line.attribution !== "bundle" && line.attribution !== "pairing") continue;
      const key = `${line.attribution}:${line.offerId ?? ""}`;
      let offer = offers.get(key);
      if (!offer) {
        offer = { type: line.attribution, id: line.offerId ?? "", orders: 0, revenue: 0, discount: 0, refunded: 0 };
        offers.set(key, offer);
      }
      offer.revenue += lineRevenue(line);
      offer.discount += line.discountAmount;
      offer.refunded += line.refundedAmount;
      if (isTakenUp(line)) takenUp.add(key);
    }
    for (const key of takenUp) offers.get(key)!.orders += 1;
  }
  const organicLines = counted.flatMap((facts) => facts.lines.filter((line) => line.attribution === "organic"));

  const customers = new Set<string>();
  let guests = 0;
  for (const { order } of counted) {
    if (order.customerId === null) guests += 1;
    else customers.add(order.customerId);
  }

  return assemble(
    {
      orders: counted.length,
      attachedOrders: attached.length,
      revenue: sum(counted, (facts) => facts.order.subtotalAmount),
      discount: sum(counted, (facts) => sum(facts.lines, (line) => line.discountAmount)),
      refunded: sum(counted, refundsOf),
      attached: {
        orders: attached.length,
        revenue: sum(attached, (facts) => facts.order.subtotalAmount),
        refunded: sum(attached, refundsOf),
      },
      organic: {
        orders: counted.filter((facts) => facts.lines.some((l) => l.attribution === "organic" && isTakenUp(l))).length,
        revenue: sum(organicLines, lineRevenue),
        refunded: sum(organicLines, (line) => line.refundedAmount),
      },
      offers: [...offers.values()],
    },
    { currency: input.currency, range: input.range, customers: customers.size + guests, titles: input.titles },
  );
}

// ---------------------------------------------------------------------------------------------
// What each figure means (the tooltips, and the CSV's documentation)

export const REPORT_FIGURE_HELP = {
  orders: "Orders placed in the range, not counting cancelled orders. Days are UTC calendar days.",
  attachRate:
    "Orders with at least one bundle or pairing line (not fully refunded), divided by all orders. A line counts when the widget added it or our bundle discount applied to it.",
  offerRevenue:
    "What bundle and pairing lines sold for: price × quantity minus the bundle discount, minus what was refunded on those lines.",
  discountGiven: "The total of Attach's bundle and pairing discounts on the orders in the range.",
  averageOrderValue: "Order subtotals (after discounts, before shipping and taxes) minus refunds, divided by orders.",
  revenuePerCustomer:
    "Order subtotals minus refunds, divided by the customers who ordered. Each guest checkout counts as one customer.",
  organic:
    "Lines of products that are in an active bundle or pairing, bought without the widget or the bundle discount. Reported apart: they are not uptake.",
  offerOrders: "Orders with at least one line of this offer that is not fully refunded.",
} as const;

// ---------------------------------------------------------------------------------------------
// CSV rows

const decimal = (amount: number, currency: CurrencyCode) => formatDecimalAmount({ amount, currency });

/**
 * Spreadsheets run cells starting with = + - @ (or a tab / carriage return) as formulas; merchant text
 * such as an offer title is prefixed with an apostrophe so it stays text (OWASP's CSV injection advice).
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function offerCsvRows(report: UptakeReport): string[][] {
  const c = report.currency;
  return [
    ["Type", "Offer", "Offer ID", "Orders", "Revenue", "Discount given", "Refunded", "Net revenue", "Currency"],
    ...report.offers.map((offer) => [
      offer.type,
      neutraliseFormula(offer.title),
      offer.id,
      String(offer.orders),
      decimal(offer.revenueAmount, c),
      decimal(offer.discountAmount, c),
      decimal(offer.refundedAmount, c),
      decimal(offer.netRevenueAmount, c),
      c,
    ]),
  ];
}

export function summaryCsvRows(report: UptakeReport): string[][] {
  const c = report.currency;
  const amount = (value: number | null) => (value === null ? "" : decimal(value, c));
  const rate = report.attachRate;
  return [
    ["Figure", "Value", "Currency", "How it is computed"],
    ["From", report.range.from, "", "First day of the range (UTC)"],
    ["To", report.range.to, "", "Last day of the range (UTC), inclusive"],
    ["Orders", String(report.orders), "", REPORT_FIGURE_HELP.orders],
    ["Attached orders", String(report.attachedOrders), "", REPORT_FIGURE_HELP.attachRate],
    ["Attach rate", rate ? ratioText(rate) : "", "", REPORT_FIGURE_HELP.attachRate],
    ["Bundle and pairing revenue", amount(report.offerRevenueAmount), c, REPORT_FIGURE_HELP.offerRevenue],
    ["Discount given", amount(report.discountGivenAmount), c, REPORT_FIGURE_HELP.discountGiven],
    ["Net sales", amount(report.netSalesAmount), c, REPORT_FIGURE_HELP.averageOrderValue],
    ["Average order value", amount(report.averageOrderValueAmount), c, REPORT_FIGURE_HELP.averageOrderValue],
    ["Average order value, bundle orders", amount(report.attachedAverageOrderValueAmount), c, ""],
    ["Average order value, other orders", amount(report.otherAverageOrderValueAmount), c, ""],
    ["Customers", String(report.customers), "", REPORT_FIGURE_HELP.revenuePerCustomer],
    ["Revenue per customer", amount(report.revenuePerCustomerAmount), c, REPORT_FIGURE_HELP.revenuePerCustomer],
    ["Organic co-purchase orders", String(report.organic.orders), "", REPORT_FIGURE_HELP.organic],
    ["Organic co-purchase revenue", amount(report.organic.netRevenueAmount), c, REPORT_FIGURE_HELP.organic],
  ];
}

/** "12.5%": a ratio as a percentage with one decimal, for display only. */
export function ratioText(ratio: Ratio): string {
  if (ratio.denominator === 0) return "";
  const tenths = divideRounded(ratio.numerator * 1000, ratio.denominator)!;
  return `${(tenths / 10).toFixed(1)}%`;
}
