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
  splitOfferKey,
  takenUpOffers,
  ROLLUP_FIGURES,
  zeroFigures,
  type OrderFacts,
  type RollupFigures,
  type RollupRowType,
} from "./order-facts";
import { offerKey, type OfferType } from "./attribution";
import type { CustomerRollupSums } from "./customer-rollups";
import { dayStart, localDay, nextDay, UTC } from "./shop-time";
import type { FieldError } from "./validation";
import { compareText, titleOrder } from "./text-order";

// ---------------------------------------------------------------------------------------------
// Date range

/** Inclusive calendar days, YYYY-MM-DD, in the shop's time zone (like the rollups). */
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

/** The last `days` days up to and including today's date in the shop's time zone. */
export function defaultReportRange(today: Date, days = DEFAULT_RANGE_DAYS, timeZone: string = UTC): ReportRange {
  const to = localDay(today, timeZone);
  return { from: dayOf(new Date(Date.parse(`${to}T00:00:00Z`) - (days - 1) * DAY_MS)), to };
}

/** The range asked for in `from`/`to`, or the default range with errors saying why not. */
export function parseReportRange(
  input: { from?: string | null; to?: string | null },
  today: Date,
  timeZone: string = UTC,
): { range: ReportRange; errors: FieldError[] } {
  const fallback = defaultReportRange(today, DEFAULT_RANGE_DAYS, timeZone);
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

/** The instants a range covers in the shop's time zone: [start, end). */
export function rangeInstants(range: ReportRange, timeZone: string = UTC): { start: Date; end: Date } {
  return { start: dayStart(range.from, timeZone), end: dayStart(nextDay(range.to), timeZone) };
}

/** Every day of a range, in order. */
export function rangeDays(range: ReportRange): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${range.from}T00:00:00Z`); dayOf(new Date(t)) <= range.to; t += DAY_MS) {
    days.push(dayOf(new Date(t)));
  }
  return days;
}

// ---------------------------------------------------------------------------------------------
// The comparison period

export const COMPARISON_KINDS = ["previous", "last_year"] as const;
export type ComparisonKind = (typeof COMPARISON_KINDS)[number];

/** The comparison asked for in `compare` ("previous" when absent), or "previous" with an error saying why not. */
export function parseComparison(value: string | null | undefined): { kind: ComparisonKind; errors: FieldError[] } {
  if (!value) return { kind: "previous", errors: [] };
  if ((COMPARISON_KINDS as readonly string[]).includes(value)) return { kind: value as ComparisonKind, errors: [] };
  return {
    kind: "previous",
    errors: [{ field: "compare", message: "Compare with the previous period or the same period last year" }],
  };
}

/** The same day a year earlier; 29 February becomes 28 February. */
function yearEarlier(day: string): string {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  const shifted = new Date(Date.UTC(year - 1, month - 1, date));
  return shifted.getUTCMonth() === month - 1 ? dayOf(shifted) : dayOf(new Date(Date.UTC(year - 1, month - 1, 28)));
}

/**
 * The period a range is compared with: the as many days just before it ("previous"), or the same
 * dates a year earlier ("last_year").
 */
export function comparisonRange(range: ReportRange, kind: ComparisonKind): ReportRange {
  if (kind === "last_year") return { from: yearEarlier(range.from), to: yearEarlier(range.to) };
  const days = rangeDays(range).length;
  const start = Date.parse(`${range.from}T00:00:00Z`);
  return { from: dayOf(new Date(start - days * DAY_MS)), to: dayOf(new Date(start - DAY_MS)) };
}

/** "previous 30 days", "same period last year": what a change is measured against. */
export function comparisonLabel(kind: ComparisonKind, range: ReportRange): string {
  if (kind === "last_year") return "same period last year";
  const days = rangeDays(range).length;
  return days === 1 ? "previous day" : `previous ${days} days`;
}

// ---------------------------------------------------------------------------------------------
// Arithmetic

export interface Ratio {
  numerator: number;
  denominator: number;
}

/** n / d rounded half away from zero; d > 0. */
function roundedQuotient(n: bigint, d: bigint): bigint {
  const q = (2n * (n < 0n ? -n : n) + d) / (2n * d);
  return n < 0n ? -q : q;
}

/** a / b rounded half away from zero, exactly (BigInt); null when b is 0. */
export function divideRounded(a: number, b: number): number | null {
  if (b === 0) return null;
  const q = Number(roundedQuotient(BigInt(a) * (b < 0 ? -1n : 1n), BigInt(Math.abs(b))));
  return q === 0 ? 0 : q;
}

const ratio = (numerator: number, denominator: number): Ratio | null =>
  denominator === 0 ? null : { numerator, denominator };

/**
 * The change from `previous` to `current` in whole percent of `previous` (rounded half away from zero,
 * exactly); null when there is nothing to compare with (no figure, or a previous figure of 0).
 */
export function percentChange(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  const change = roundedQuotient((BigInt(current) - BigInt(previous)) * 100n, BigInt(Math.abs(previous)));
  return Number(change) || 0;
}

/** The change of a rate in tenths of a percentage point (12 = +1.2 points); null without both rates. */
export function rateChangeTenths(current: Ratio | null, previous: Ratio | null): number | null {
  if (!current || !previous) return null;
  const n =
    (BigInt(current.numerator) * BigInt(previous.denominator) -
      BigInt(previous.numerator) * BigInt(current.denominator)) *
    1000n;
  return Number(roundedQuotient(n, BigInt(current.denominator) * BigInt(previous.denominator))) || 0;
}

const signed = (value: number) => (value > 0 ? `+${value}` : value < 0 ? `−${-value}` : "0");

/** "+12%", "−3%", "0%"; null when there is nothing to compare with. */
export function percentChangeText(current: number | null, previous: number | null): string | null {
  const change = percentChange(current, previous);
  return change === null ? null : `${signed(change)}%`;
}

/** "+1.2 pts", "−0.5 pts"; null without both rates. */
export function rateChangeText(current: Ratio | null, previous: Ratio | null): string | null {
  const tenths = rateChangeTenths(current, previous);
  if (tenths === null) return null;
  const points = `${Math.floor(Math.abs(tenths) / 10)}.${Math.abs(tenths) % 10}`;
  return `${tenths > 0 ? "+" : tenths < 0 ? "−" : ""}${points} pts`;
}

// ---------------------------------------------------------------------------------------------
// The report

/** The widget's counters: impressions, link clicks and "add set" clicks, from the storefront beacon. */
export interface FunnelCounters {
  impressions: number;
  clicks: number;
  addsToCart: number;
}

/** Rollup figures summed over some rows: the order figures and the widget's counters. */
export type RollupSums = RollupFigures & FunnelCounters;

/** The widget funnel of an offer, or of all offers: impressions → clicks → adds to cart → orders. */
export interface Funnel extends FunnelCounters {
  orders: number;
  netRevenueAmount: number;
}

export interface FunnelRates {
  /** Clicks / impressions. */
  clickRate: Ratio | null;
  /** Adds to cart / impressions: the set can be added without clicking through first. */
  addToCartRate: Ratio | null;
  /** Orders / adds to cart. */
  orderRate: Ratio | null;
}

export function funnelRates(funnel: Pick<Funnel, keyof FunnelCounters | "orders">): FunnelRates {
  return {
    clickRate: ratio(funnel.clicks, funnel.impressions),
    addToCartRate: ratio(funnel.addsToCart, funnel.impressions),
    orderRate: ratio(funnel.orders, funnel.addsToCart),
  };
}

export interface OfferRow extends FunnelCounters {
  type: OfferType;
  /** "" for uptake whose offer could not be told apart (shared titles). */
  id: string;
  title: string;
  orders: number;
  /** Orders containing the offer's anchor, and those of them taking the offer up. */
  anchorOrders: number;
  anchorAttachedOrders: number;
  /** anchorAttachedOrders / anchorOrders; null when no order contained the anchor. */
  attachRate: Ratio | null;
  revenueAmount: number;
  discountAmount: number;
  refundedAmount: number;
  netRevenueAmount: number;
  /** Units refunded (returns), and refunds / revenue. */
  returnedUnits: number;
  refundRate: Ratio | null;
  /** Unit cost of the units kept; known only when `uncostedUnits` is 0. */
  costAmount: number;
  uncostedUnits: number;
  /** Net revenue − cost of the units kept: margin after discount and refunds; null unless every unit's cost is known. */
  marginAmount: number | null;
}

/** Customers (not guests) who ordered in a period, and those of them who had ordered more than once by its end. */
export interface RepeatCounts {
  customers: number;
  repeatCustomers: number;
}

/** What the report needs to know about customers; distinct counts do not add up by day. */
export interface CustomerFigures {
  /** Distinct customers with a counted order, each guest checkout counting as one. */
  customers: number;
  /** Customers with a bundle or pairing order in the period. */
  bundleBuyers: RepeatCounts;
  /** Customers whose orders in the period had no bundle or pairing. */
  otherBuyers: RepeatCounts;
}

/**
 * Customer figures from the sums of a period's customer rollups (app/domain/customer-rollups.ts): repeat
 * customers are those of the period who are not one-order customers.
 */
export function customerFigures(sums: CustomerRollupSums): CustomerFigures {
  const others = sums.customers - sums.bundleBuyers;
  return {
    customers: sums.guestOrders + sums.customers,
    bundleBuyers: { customers: sums.bundleBuyers, repeatCustomers: sums.bundleBuyers - sums.oneOrderBundleBuyers },
    otherBuyers: { customers: others, repeatCustomers: others - sums.oneOrderOthers },
  };
}

/** Every headline figure of a period. */
export interface ReportFigures {
  orders: number;
  attachedOrders: number;
  /** Orders containing an offer's anchor, and those of them taking up an offer whose anchor they contain. */
  anchorOrders: number;
  anchorAttachedOrders: number;
  /** anchorAttachedOrders / anchorOrders; null when no order contained an anchor. */
  attachRate: Ratio | null;
  /** Bundle and pairing lines: revenue after our discount, minus their refunds. */
  offerRevenueAmount: number;
  discountGivenAmount: number;
  /** Order subtotals (after discounts) minus refunds: net revenue after discount. */
  netSalesAmount: number;
  averageOrderValueAmount: number | null;
  attachedAverageOrderValueAmount: number | null;
  otherAverageOrderValueAmount: number | null;
  customers: number;
  revenuePerCustomerAmount: number | null;
  repeatPurchaseRate: { bundleBuyers: Ratio | null; otherBuyers: Ratio | null };
  organic: { orders: number; netRevenueAmount: number };
  /** All offers together; an order taking up two offers counts once. */
  funnel: Funnel;
}

/** One day of the time series. */
export interface DailyFigures {
  day: string;
  orders: number;
  attachedOrders: number;
  anchorOrders: number;
  anchorAttachedOrders: number;
  offerRevenueAmount: number;
  netSalesAmount: number;
}

export interface UptakeReport extends ReportFigures {
  currency: CurrencyCode;
  /** The shop's IANA time zone, the one days are counted in. */
  timeZone: string;
  range: ReportRange;
  offers: OfferRow[];
  daily: DailyFigures[];
  comparison: { kind: ComparisonKind; range: ReportRange; figures: ReportFigures; daily: DailyFigures[] };
}

/** A bundle's or pairing's rollup rows summed over the range, with its title (null: the offer was deleted). */
export interface OfferTotal {
  offerType: OfferType;
  offerId: string;
  figures: RollupSums;
  title: string | null;
}

/** The rollup rows of one type summed per day ("offers": the day's bundle and pairing rows together). */
export interface DailyRollupTotal {
  day: string;
  offerType: RollupRowType;
  figures: RollupSums;
}

/** Offer titles by `${type}:${id}`; offers missing from it were deleted. */
export type OfferTitles = ReadonlyMap<string, string>;

export const offerTitleKey = offerKey;

/** An offer's title in the report; `title` is null when the offer was deleted. */
function offerTitle(type: OfferType, id: string, title: string | null): string {
  const kind = type === "bundle" ? "bundle" : "pairing";
  if (id === "") return `Unidentified ${kind} (several share its title)`;
  return title ?? `Deleted ${kind}`;
}

/** A pairing's title in the report: its heading. */
export const pairingTitle = (heading: string | null) => heading?.trim() || "Pairing without a heading";

export const ROLLUP_SUMS = [...ROLLUP_FIGURES, "impressions", "clicks", "addsToCart"] as const;

/**
 * Zero of every figure, in ROLLUP_SUMS order, built the same way every time: all sums share one object
 * shape, which keeps adding them fast (built by spreading, creating and adding a year's sums took ~14 ms
 * of a report in a profile, ~2 ms this way).
 */
export const zeroSums = (): RollupSums => {
  const sums = zeroFigures() as RollupSums;
  sums.impressions = 0;
  sums.clicks = 0;
  sums.addsToCart = 0;
  return sums;
};

function addSums(into: RollupSums, from: RollupSums) {
  for (const key of ROLLUP_SUMS) into[key] += from[key];
}

/** A period's figures by row kind: all orders, attached orders, organic lines, and all offers' lines. */
interface PeriodTotals {
  shop: RollupSums;
  attached: RollupSums;
  organic: RollupSums;
  offers: RollupSums;
}

const emptyTotals = (): PeriodTotals => ({
  shop: zeroSums(),
  attached: zeroSums(),
  organic: zeroSums(),
  offers: zeroSums(),
});

function figuresOf(totals: PeriodTotals, customers: CustomerFigures): ReportFigures {
  const { shop, attached, organic, offers } = totals;
  const netSales = shop.revenueAmount - shop.refundedAmount;
  const attachedNet = attached.revenueAmount - attached.refundedAmount;
  const offerRevenue = offers.revenueAmount - offers.refundedAmount;
  return {
    orders: shop.orders,
    attachedOrders: shop.attachedOrders,
    anchorOrders: shop.anchorOrders,
    anchorAttachedOrders: shop.anchorAttachedOrders,
    attachRate: ratio(shop.anchorAttachedOrders, shop.anchorOrders),
    offerRevenueAmount: offerRevenue,
    discountGivenAmount: shop.discountAmount,
    netSalesAmount: netSales,
    averageOrderValueAmount: divideRounded(netSales, shop.orders),
    attachedAverageOrderValueAmount: divideRounded(attachedNet, attached.orders),
    otherAverageOrderValueAmount: divideRounded(netSales - attachedNet, shop.orders - attached.orders),
    customers: customers.customers,
    revenuePerCustomerAmount: divideRounded(netSales, customers.customers),
    repeatPurchaseRate: {
      bundleBuyers: ratio(customers.bundleBuyers.repeatCustomers, customers.bundleBuyers.customers),
      otherBuyers: ratio(customers.otherBuyers.repeatCustomers, customers.otherBuyers.customers),
    },
    organic: { orders: organic.orders, netRevenueAmount: organic.revenueAmount - organic.refundedAmount },
    funnel: {
      impressions: offers.impressions,
      clicks: offers.clicks,
      addsToCart: offers.addsToCart,
      orders: shop.attachedOrders,
      netRevenueAmount: offerRevenue,
    },
  };
}

const NO_TOTALS: PeriodTotals = emptyTotals();

function dailyOf(days: readonly string[], byDay: ReadonlyMap<string, PeriodTotals>): DailyFigures[] {
  return days.map((day) => {
    const { shop, offers } = byDay.get(day) ?? NO_TOTALS;
    return {
      day,
      orders: shop.orders,
      attachedOrders: shop.attachedOrders,
      anchorOrders: shop.anchorOrders,
      anchorAttachedOrders: shop.anchorAttachedOrders,
      offerRevenueAmount: offers.revenueAmount - offers.refundedAmount,
      netSalesAmount: shop.revenueAmount - shop.refundedAmount,
    };
  });
}

function periodOf(days: readonly string[], byDay: ReadonlyMap<string, PeriodTotals>): PeriodTotals {
  const totals = emptyTotals();
  for (const day of days) {
    const sums = byDay.get(day);
    if (!sums) continue;
    for (const kind of ["shop", "attached", "organic", "offers"] as const) addSums(totals[kind], sums[kind]);
  }
  return totals;
}

/** The figures that put an offer in the report: an offer with all of them 0 in the range is left out. */
export const SHOWN_OFFER_FIGURES = [
  "orders",
  "anchorOrders",
  "revenueAmount",
  "discountAmount",
  "refundedAmount",
  "impressions",
  "clicks",
  "addsToCart",
] as const satisfies ReadonlyArray<keyof RollupSums>;

const isZeroRow = (row: OfferRow) => SHOWN_OFFER_FIGURES.every((figure) => row[figure] === 0);

const compareOffers = (a: OfferRow, b: OfferRow) =>
  b.netRevenueAmount - a.netRevenueAmount ||
  titleOrder.compare(a.title, b.title) ||
  compareText(a.type, b.type) ||
  compareText(a.id, b.id);

/** An offer's row of the report, from its sums over the range. */
export function offerRow({ offerType: type, offerId: id, figures: sums, title }: OfferTotal): OfferRow {
  const netRevenueAmount = sums.revenueAmount - sums.refundedAmount;
  // A margin only when every unit kept has a known cost (Shopify may not know some variants' costs).
  const costed = sums.uncostedUnits === 0 && sums.costAmount > 0;
  return {
    type,
    id,
    title: offerTitle(type, id, title),
    orders: sums.orders,
    anchorOrders: sums.anchorOrders,
    anchorAttachedOrders: sums.anchorAttachedOrders,
    attachRate: ratio(sums.anchorAttachedOrders, sums.anchorOrders),
    revenueAmount: sums.revenueAmount,
    discountAmount: sums.discountAmount,
    refundedAmount: sums.refundedAmount,
    netRevenueAmount,
    returnedUnits: sums.returnedUnits,
    refundRate: ratio(sums.refundedAmount, sums.revenueAmount),
    costAmount: sums.costAmount,
    uncostedUnits: sums.uncostedUnits,
    marginAmount: costed ? netRevenueAmount - sums.costAmount : null,
    impressions: sums.impressions,
    clicks: sums.clicks,
    addsToCart: sums.addsToCart,
  };
}

function offerRows(offers: Iterable<OfferTotal>): OfferRow[] {
  return [...offers]
    .map(offerRow)
    .filter((row) => !isZeroRow(row))
    .sort(compareOffers);
}

interface ReportContext {
  currency: CurrencyCode;
  /** The shop's IANA time zone: the one its days are counted in. */
  timeZone: string;
  range: ReportRange;
  comparison: ComparisonKind;
  /** Customer figures of the range and of the comparison period. */
  customers: { current: CustomerFigures; comparison: CustomerFigures };
}

function assemble(
  context: ReportContext,
  byDay: ReadonlyMap<string, PeriodTotals>,
  offers: Iterable<OfferTotal>,
): UptakeReport {
  const compared = comparisonRange(context.range, context.comparison);
  const days = rangeDays(context.range);
  const comparedDays = rangeDays(compared);
  return {
    currency: context.currency,
    timeZone: context.timeZone,
    range: context.range,
    ...figuresOf(periodOf(days, byDay), context.customers.current),
    offers: offerRows(offers),
    daily: dailyOf(days, byDay),
    comparison: {
      kind: context.comparison,
      range: compared,
      figures: figuresOf(periodOf(comparedDays, byDay), context.customers.comparison),
      daily: dailyOf(comparedDays, byDay),
    },
  };
}

/**
 * The report from rollup rows: `daily`, the rows summed per day and type over the range and the
 * comparison period (the headline figures and the time series; all offers' figures come from the
 * "offers" rows, so bundle and pairing rows there are ignored rather than counted twice); `offers`, the
 * bundle and pairing rows summed per offer over the range (the per-offer table). `customers` are
 * counted from the order facts.
 */
export function reportFromRollups(
  input: ReportContext & { daily: readonly DailyRollupTotal[]; offers: readonly OfferTotal[] },
): UptakeReport {
  const byDay = new Map<string, PeriodTotals>();
  for (const { day, offerType, figures } of input.daily) {
    if (offerType === "bundle" || offerType === "pairing") continue;
    let totals = byDay.get(day);
    if (!totals) byDay.set(day, (totals = emptyTotals()));
    addSums(totals[offerType], figures);
  }
  return assemble(input, byDay, input.offers);
}

/** A stored widget event, as far as the report needs it. */
export interface ReportEvent {
  kind: "impression" | "click" | "add_to_cart";
  offerType: OfferType;
  offerId: string;
  occurredAt: Date;
}

/**
 * The same report recounted from order facts and widget events, without the rollups: for checking that
 * the rollups agree with the orders. `facts` and `events` may hold more than the two periods; `facts`
 * must hold every order up to the range's end (repeat customers count earlier orders).
 */
export function reportFromFacts(
  input: Omit<ReportContext, "customers"> & {
    facts: readonly OrderFacts[];
    events: readonly ReportEvent[];
    titles: OfferTitles;
  },
): UptakeReport {
  const compared = comparisonRange(input.range, input.comparison);
  const inPeriod = (day: string) =>
    (day >= input.range.from && day <= input.range.to) || (day >= compared.from && day <= compared.to);
  const counted = input.facts.filter(
    ({ order }) => order.cancelledAt === null && inPeriod(rollupDay(order.processedAt, input.timeZone)),
  );
  const byDay = new Map<string, PeriodTotals>();
  const totalsOf = (day: string) => {
    let totals = byDay.get(day);
    if (!totals) byDay.set(day, (totals = emptyTotals()));
    return totals;
  };
  const offers = new Map<string, OfferTotal>();
  const offerOf = (type: OfferType, id: string) => {
    const key = offerTitleKey(type, id);
    let offer = offers.get(key);
    if (!offer) {
      offers.set(
        key,
        (offer = { offerType: type, offerId: id, figures: zeroSums(), title: input.titles.get(key) ?? null }),
      );
    }
    return offer.figures;
  };
  const inRange = (day: string) => day >= input.range.from && day <= input.range.to;

  for (const { order, lines } of counted) {
    const day = rollupDay(order.processedAt, input.timeZone);
    const totals = totalsOf(day);
    const refunded = lines.reduce((sum, line) => sum + line.refundedAmount, 0);
    const attached = lines.some((line) => isCredited(line) && isTakenUp(line));
    for (const group of attached ? [totals.shop, totals.attached] : [totals.shop]) {
      group.orders += 1;
      group.revenueAmount += order.subtotalAmount;
      group.refundedAmount += refunded;
    }
    if (attached) totals.shop.attachedOrders += 1;
    totals.shop.discountAmount += lines.reduce((sum, line) => sum + line.discountAmount, 0);
    if (lines.some((line) => line.attribution === "organic" && isTakenUp(line))) totals.organic.orders += 1;

    // The attach rate: orders containing an anchor, and whether they take up that anchor's offer.
    const takenUp = takenUpOffers({ lines });
    if (order.anchorOffers.length > 0) totals.shop.anchorOrders += 1;
    if (order.anchorOffers.some((key) => takenUp.has(key))) totals.shop.anchorAttachedOrders += 1;
    if (inRange(day)) {
      for (const key of order.anchorOffers) {
        const offer = offerOf(...splitOfferKey(key));
        offer.anchorOrders += 1;
        if (takenUp.has(key)) offer.anchorAttachedOrders += 1;
      }
    }

    for (const line of lines) {
      if (line.attribution === "organic") {
        totals.organic.revenueAmount += lineRevenue(line);
        totals.organic.refundedAmount += line.refundedAmount;
      }
      if (line.attribution !== "bundle" && line.attribution !== "pairing") continue;
      totals.offers.revenueAmount += lineRevenue(line);
      totals.offers.refundedAmount += line.refundedAmount;
      if (!inRange(day)) continue;
      const offer = offerOf(line.attribution, line.offerId ?? "");
      offer.revenueAmount += lineRevenue(line);
      offer.discountAmount += line.discountAmount;
      offer.refundedAmount += line.refundedAmount;
      offer.returnedUnits += line.refundedQuantity;
      const kept = Math.max(0, line.quantity - line.refundedQuantity);
      if (line.unitCostAmount === null) offer.uncostedUnits += kept;
      else offer.costAmount += line.unitCostAmount * kept;
    }
    if (inRange(day)) for (const key of takenUp) offers.get(key)!.figures.orders += 1;
  }

  const counter = { impression: "impressions", click: "clicks", add_to_cart: "addsToCart" } as const;
  for (const event of input.events) {
    const day = rollupDay(event.occurredAt, input.timeZone);
    if (!inPeriod(day)) continue;
    totalsOf(day).offers[counter[event.kind]] += 1;
    if (inRange(day)) offerOf(event.offerType, event.offerId)[counter[event.kind]] += 1;
  }

  // Customers counted one by one: who ordered in the range, whether they bought an offer in it, and how
  // many orders each had placed by its end (repeat: more than one).
  const everyCounted = input.facts.filter(({ order }) => order.cancelledAt === null);
  const customersIn = (range: ReportRange): CustomerFigures => {
    let guests = 0;
    const inRange = new Map<string, { bundleBuyer: boolean; ordersByEnd: number }>();
    for (const facts of everyCounted) {
      const day = rollupDay(facts.order.processedAt, input.timeZone);
      if (day < range.from || day > range.to) continue;
      if (facts.order.customerId === null) guests += 1;
      else {
        const customer = inRange.get(facts.order.customerId) ?? { bundleBuyer: false, ordersByEnd: 0 };
        customer.bundleBuyer ||= facts.lines.some((line) => isCredited(line) && isTakenUp(line));
        inRange.set(facts.order.customerId, customer);
      }
    }
    for (const { order } of everyCounted) {
      const customer = order.customerId === null ? undefined : inRange.get(order.customerId);
      if (customer && rollupDay(order.processedAt, input.timeZone) <= range.to) customer.ordersByEnd += 1;
    }
    const figures: CustomerFigures = {
      customers: guests + inRange.size,
      bundleBuyers: { customers: 0, repeatCustomers: 0 },
      otherBuyers: { customers: 0, repeatCustomers: 0 },
    };
    for (const { bundleBuyer, ordersByEnd } of inRange.values()) {
      const group = bundleBuyer ? figures.bundleBuyers : figures.otherBuyers;
      group.customers += 1;
      if (ordersByEnd > 1) group.repeatCustomers += 1;
    }
    return figures;
  };

  return assemble(
    { ...input, customers: { current: customersIn(input.range), comparison: customersIn(compared) } },
    byDay,
    offers.values(),
  );
}

// ---------------------------------------------------------------------------------------------
// What each figure means (the tooltips, and the CSV's documentation)

export const REPORT_FIGURE_HELP = {
  orders:
    "Orders placed in the range, not counting cancelled orders. Days are calendar days in your shop's time zone (Settings › General in Shopify).",
  attachRate:
    "Of the orders containing an offer's anchor (any product of an active bundle, or a pairing's anchor product), the share that also took that offer up: a bundle or pairing line, not fully refunded, added by the widget or discounted by our bundle discount. Orders with none of those products are left out; pairings anchored on a collection are not measured.",
  bundleOrders: "Orders with at least one bundle or pairing line that is not fully refunded.",
  offerRevenue:
    "What bundle and pairing lines sold for: price × quantity minus the bundle discount, minus what was refunded on those lines.",
  discountGiven: "The total of Attach's bundle and pairing discounts on the orders in the range.",
  netSales: "Net revenue after discount: order subtotals (after discounts, before shipping and taxes) minus refunds.",
  averageOrderValue:
    "Net sales divided by orders; bundle orders are those with a bundle or pairing line, the others are the rest.",
  revenuePerCustomer:
    "Order subtotals minus refunds, divided by the customers who ordered. Each guest checkout counts as one customer.",
  repeatPurchaseRate:
    "Of the customers (not guests) with a bundle or pairing order in the range, the share who had ordered more than once by the range's end (an earlier order or a second one in the range: Shopify's returning customers); the others are the customers whose orders in the range had none.",
  organic:
    "Lines of products that are in an active bundle or pairing, bought without the widget or the bundle discount. Reported apart: they are not uptake.",
  offerOrders: "Orders with at least one line of this offer that is not fully refunded.",
  offerRefunded: "What was refunded on this offer's lines: the service cost that can make an offer lose money.",
  offer:
    "The bundle or pairing credited. Deleted offers keep their uptake under “Deleted bundle” or “Deleted pairing”.",
  offerType: "Bundle (a set at a bundle price) or pairing (an anchor product and its complements).",
  offerNetRevenue:
    "What this offer's lines sold for after the bundle discount, minus what was refunded on them (before shipping and taxes).",
  offerDiscount: "Attach's bundle or pairing discount on this offer's lines.",
  offerAttachRate:
    "Orders containing this offer's anchor (any product of the bundle, or the pairing's anchor product) that took the offer up, divided by the orders containing the anchor.",
  offerRefundRate: "Refunded divided by what the offer's lines sold for.",
  offerReturnedUnits: "Units of this offer's lines that were refunded.",
  offerCost:
    "Unit cost × units kept (not refunded), from the unit costs Shopify had for the bundle's products when the bundle was last saved. “Unknown” when Shopify has no cost for some of them (pairings carry no costs).",
  offerMargin:
    "Net revenue minus the cost of goods: what the offer earned after the discount, refunds and product costs. Shown only when every unit's cost is known; a negative margin marks a loss-making offer.",
  impressions: "Times the widget showed the offer to a shopper (counted by the storefront widget).",
  clicks: "Clicks on a product link in the widget.",
  addsToCart: "Clicks on the widget's add button.",
  clickRate: "Clicks divided by impressions.",
  addToCartRate: "Adds to cart divided by impressions (the set can be added without clicking through first).",
  orderRate:
    "Orders divided by adds to cart; it can pass 100% when our discount credits an order whose set was not added with the widget.",
  comparison:
    "Each change compares the figure with the same figure for the comparison period: amounts and counts in percent, rates in percentage points.",
} as const;

// ---------------------------------------------------------------------------------------------
// CSV rows

const decimal = (amount: number, currency: CurrencyCode) => formatDecimalAmount({ amount, currency });
const rateCell = (value: Ratio | null) => (value ? ratioText(value) : "");

/**
 * Spreadsheets run cells starting with = + - @ (or a tab / carriage return) as formulas; merchant text
 * such as an offer title is prefixed with an apostrophe so it stays text (OWASP's CSV injection advice).
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function offerCsvRows(report: UptakeReport): string[][] {
  const c = report.currency;
  const amount = (value: number | null) => (value === null ? "" : decimal(value, c));
  return [
    [
      "Type",
      "Offer",
      "Offer ID",
      "Orders",
      "Orders with its anchor",
      "Anchor orders taking it up",
      "Attach rate",
      "Revenue",
      "Discount given",
      "Refunded",
      "Net revenue",
      "Refund rate",
      "Units returned",
      "Cost of goods",
      "Units without a known cost",
      "Margin after discount",
      "Impressions",
      "Clicks",
      "Adds to cart",
      "Click rate",
      "Add-to-cart rate",
      "Order rate",
      "Currency",
    ],
    ...report.offers.map((offer) => {
      const rates = funnelRates(offer);
      return [
        offer.type,
        neutraliseFormula(offer.title),
        offer.id,
        String(offer.orders),
        String(offer.anchorOrders),
        String(offer.anchorAttachedOrders),
        rateCell(offer.attachRate),
        decimal(offer.revenueAmount, c),
        decimal(offer.discountAmount, c),
        decimal(offer.refundedAmount, c),
        decimal(offer.netRevenueAmount, c),
        rateCell(offer.refundRate),
        String(offer.returnedUnits),
        offer.uncostedUnits > 0 ? "" : decimal(offer.costAmount, c),
        String(offer.uncostedUnits),
        amount(offer.marginAmount),
        String(offer.impressions),
        String(offer.clicks),
        String(offer.addsToCart),
        rateCell(rates.clickRate),
        rateCell(rates.addToCartRate),
        rateCell(rates.orderRate),
        c,
      ];
    }),
  ];
}

/** Every headline figure: its value, its value in the comparison period, the change, and how it is computed. */
export function summaryCsvRows(report: UptakeReport): string[][] {
  const c = report.currency;
  const previous = report.comparison.figures;
  const amount = (value: number | null) => (value === null ? "" : decimal(value, c));
  const count = (value: number) => String(value);
  type Row = [label: string, value: string, compared: string, change: string | null, currency: string, help: string];
  const money = (label: string, of: (f: ReportFigures) => number | null, help = ""): Row => [
    label,
    amount(of(report)),
    amount(of(previous)),
    percentChangeText(of(report), of(previous)),
    c,
    help,
  ];
  const number = (label: string, of: (f: ReportFigures) => number, help = ""): Row => [
    label,
    count(of(report)),
    count(of(previous)),
    percentChangeText(of(report), of(previous)),
    "",
    help,
  ];
  const rate = (label: string, of: (f: ReportFigures) => Ratio | null, help = ""): Row => [
    label,
    rateCell(of(report)),
    rateCell(of(previous)),
    rateChangeText(of(report), of(previous)),
    "",
    help,
  ];
  const H = REPORT_FIGURE_HELP;
  const funnel = (f: ReportFigures) => funnelRates(f.funnel);
  const rows: Row[] = [
    ["From", report.range.from, report.comparison.range.from, "", "", `First day of the range (${report.timeZone})`],
    [
      "To",
      report.range.to,
      report.comparison.range.to,
      "",
      "",
      `Last day of the range (${report.timeZone}), inclusive`,
    ],
    number("Orders", (f) => f.orders, H.orders),
    number("Bundle and pairing orders", (f) => f.attachedOrders, H.bundleOrders),
    number("Orders with an anchor product", (f) => f.anchorOrders, H.attachRate),
    number("Anchor orders taking their offer up", (f) => f.anchorAttachedOrders, H.attachRate),
    rate("Attach rate", (f) => f.attachRate, H.attachRate),
    money("Bundle and pairing revenue", (f) => f.offerRevenueAmount, H.offerRevenue),
    money("Discount given", (f) => f.discountGivenAmount, H.discountGiven),
    money("Net sales", (f) => f.netSalesAmount, H.netSales),
    money("Average order value", (f) => f.averageOrderValueAmount, H.averageOrderValue),
    money("Average order value, bundle orders", (f) => f.attachedAverageOrderValueAmount, H.averageOrderValue),
    money("Average order value, other orders", (f) => f.otherAverageOrderValueAmount, H.averageOrderValue),
    number("Customers", (f) => f.customers, H.revenuePerCustomer),
    money("Revenue per customer", (f) => f.revenuePerCustomerAmount, H.revenuePerCustomer),
    rate("Repeat purchase rate, bundle buyers", (f) => f.repeatPurchaseRate.bundleBuyers, H.repeatPurchaseRate),
    rate("Repeat purchase rate, other customers", (f) => f.repeatPurchaseRate.otherBuyers, H.repeatPurchaseRate),
    number("Organic co-purchase orders", (f) => f.organic.orders, H.organic),
    money("Organic co-purchase revenue", (f) => f.organic.netRevenueAmount, H.organic),
    number("Widget impressions", (f) => f.funnel.impressions, H.impressions),
    number("Widget clicks", (f) => f.funnel.clicks, H.clicks),
    number("Widget adds to cart", (f) => f.funnel.addsToCart, H.addsToCart),
    rate("Click rate", (f) => funnel(f).clickRate, H.clickRate),
    rate("Add-to-cart rate", (f) => funnel(f).addToCartRate, H.addToCartRate),
    rate("Order rate", (f) => funnel(f).orderRate, H.orderRate),
  ];
  const label = comparisonLabel(report.comparison.kind, report.range);
  return [
    ["Figure", "Value", `Value, ${label}`, "Change", "Currency", "How it is computed"],
    ...rows.map(([figure, value, compared, change, currency, help]) => [
      figure,
      value,
      compared,
      change ?? "",
      currency,
      help,
    ]),
  ];
}

/** The time series: one row per day of the range. */
export function dailyCsvRows(report: UptakeReport): string[][] {
  const c = report.currency;
  return [
    [
      "Day",
      "Orders",
      "Bundle and pairing orders",
      "Orders with an anchor product",
      "Anchor orders taking their offer up",
      "Attach rate",
      "Bundle and pairing revenue",
      "Other revenue",
      "Net sales",
      "Currency",
    ],
    ...report.daily.map((day) => [
      day.day,
      String(day.orders),
      String(day.attachedOrders),
      String(day.anchorOrders),
      String(day.anchorAttachedOrders),
      rateCell(ratio(day.anchorAttachedOrders, day.anchorOrders)),
      decimal(day.offerRevenueAmount, c),
      decimal(day.netSalesAmount - day.offerRevenueAmount, c),
      decimal(day.netSalesAmount, c),
      c,
    ]),
  ];
}

/** "12.5%": a ratio as a percentage with one decimal, for display only. */
export function ratioText(ratio: Ratio): string {
  if (ratio.denominator === 0) return "";
  const tenths = divideRounded(ratio.numerator * 1000, ratio.denominator)!;
  return `${(tenths / 10).toFixed(1)}%`;
}
