// The uptake report of a shop for a date range and a comparison period: rollup rows summed in the
// database (a few rows per day and offer, whatever the number of orders) — per day and type for the
// headline figures and the time series of both periods, per offer for the range's table —, customer
// figures counted from the order facts, and the offers' current titles. `recountReport` computes the
// same report from the order facts and widget events alone.
import {
  comparisonRange,
  customerFigures,
  offerTitleKey,
  rangeInstants,
  reportFromFacts,
  ROLLUP_SUMS,
  zeroSums,
  reportFromRollups,
  type ComparisonKind,
  type CustomerFigures,
  type DailyRollupTotal,
  type OfferTitles,
  type ReportEvent,
  type ReportRange,
  type RollupSums,
  type RollupTotal,
  type UptakeReport,
} from "../domain/report";
import { ROLLUP_ROW_TYPES, type RollupRowType } from "../domain/order-facts";
import { toFacts } from "./order-ingestion.server";
import { shopData, type ShopData } from "./shop-scope.server";

const DEFAULT_CURRENCY = "USD";

const SUMMED = Object.fromEntries(ROLLUP_SUMS.map((figure) => [figure, true])) as Record<
  (typeof ROLLUP_SUMS)[number],
  true
>;

type SummedRow = { offerType: string; _sum: { [K in keyof typeof SUMMED]?: number | null } };

const isRowType = (type: string): type is RollupRowType => (ROLLUP_ROW_TYPES as readonly string[]).includes(type);

const sumsOf = ({ _sum }: SummedRow): RollupSums => {
  const sums = zeroSums();
  for (const figure of ROLLUP_SUMS) sums[figure] = _sum[figure] ?? 0;
  return sums;
};

export async function uptakeReport(
  shop: string,
  range: ReportRange,
  comparison: ComparisonKind = "previous",
): Promise<UptakeReport> {
  const scoped = shopData(shop);
  const compared = comparisonRange(range, comparison);
  const [currency, offerSums, daySums, [current, previous]] = await Promise.all([
    shopCurrency(scoped),
    scoped.dailyRollup.groupBy({
      by: ["offerType", "offerId"],
      where: { day: { gte: range.from, lte: range.to }, offerType: { in: ["bundle", "pairing"] } },
      _sum: SUMMED,
    }),
    scoped.dailyRollup.groupBy({
      by: ["day", "offerType"],
      where: {
        OR: [{ day: { gte: range.from, lte: range.to } }, { day: { gte: compared.from, lte: compared.to } }],
      },
      _sum: SUMMED,
    }),
    customersIn(scoped, [range, compared]),
  ]);
  const offers: RollupTotal[] = offerSums
    .filter((row) => isRowType(row.offerType))
    .map((row) => ({ offerType: row.offerType as RollupRowType, offerId: row.offerId, figures: sumsOf(row) }));
  const daily: DailyRollupTotal[] = daySums
    .filter((row) => isRowType(row.offerType))
    .map((row) => ({ day: row.day, offerType: row.offerType as RollupRowType, figures: sumsOf(row) }));
  const titles = await offerTitles(
    scoped,
    offers.filter((r) => r.offerType === "bundle").map((r) => r.offerId),
    offers.filter((r) => r.offerType === "pairing").map((r) => r.offerId),
  );
  return reportFromRollups({
    currency,
    range,
    comparison,
    daily,
    offers,
    customers: { current: current!, comparison: previous! },
    titles,
  });
}

/**
 * Customer figures of each period, from the order facts (distinct customers do not add up by day): the
 * counted orders per customer, and the customers with an order that has a bundle or pairing line not
 * fully refunded (the `attached` definition of app/domain/order-facts.ts). The bundle buyers of all the
 * periods come from one read of the credited lines: OrderLineFact has no index on its order, so asking
 * per order ("orders with such a line") would read the shop's lines once per order.
 */
async function customersIn(scoped: ShopData, periods: readonly ReportRange[]): Promise<CustomerFigures[]> {
  const instants = periods.map(rangeInstants);
  const [buyerLines, ...ordersByCustomer] = await Promise.all([
    scoped.orderLineFact.findMany({
      where: {
        attribution: { in: ["bundle", "pairing"] },
        quantity: { gt: scoped.orderLineFact.fields.refundedQuantity },
        order: {
          is: {
            cancelledAt: null,
            customerId: { not: null },
            OR: instants.map(({ start, end }) => ({ processedAt: { gte: start, lt: end } })),
          },
        },
      },
      select: { order: { select: { customerId: true, processedAt: true } } },
    }),
    ...instants.map(({ start, end }) =>
      scoped.orderFact.groupBy({
        by: ["customerId"],
        where: { processedAt: { gte: start, lt: end }, cancelledAt: null },
        _count: { _all: true },
      }),
    ),
  ]);
  return instants.map(({ start, end }, i) => {
    const buyers = new Set<string>();
    for (const { order } of buyerLines) {
      if (order.processedAt >= start && order.processedAt < end) buyers.add(order.customerId!);
    }
    return customerFigures(
      ordersByCustomer[i]!.map((group) => ({ customerId: group.customerId, orders: group._count._all })),
      buyers,
    );
  });
}

/** The report recounted from the order facts and widget events, bypassing the rollups: they must agree exactly. */
export async function recountReport(
  shop: string,
  range: ReportRange,
  comparison: ComparisonKind = "previous",
): Promise<UptakeReport> {
  const scoped = shopData(shop);
  const compared = comparisonRange(range, comparison);
  const periods = [rangeInstants(range), rangeInstants(compared)].map(({ start, end }) => ({ gte: start, lt: end }));
  const [currency, stored, events] = await Promise.all([
    shopCurrency(scoped),
    scoped.orderFact.findMany({
      where: { OR: periods.map((processedAt) => ({ processedAt })) },
      include: { lines: true },
    }),
    scoped.offerEvent.findMany({
      where: { OR: periods.map((occurredAt) => ({ occurredAt })) },
      select: { kind: true, offerType: true, offerId: true, occurredAt: true },
    }),
  ]);
  const facts = stored.map(toFacts);
  const credited = facts.flatMap((f) => f.lines).filter((line) => line.offerId !== null);
  const titles = await offerTitles(
    scoped,
    [
      ...credited.filter((line) => line.attribution === "bundle").map((line) => line.offerId!),
      ...events.filter((e) => e.offerType === "bundle").map((e) => e.offerId),
    ],
    [
      ...credited.filter((line) => line.attribution === "pairing").map((line) => line.offerId!),
      ...events.filter((e) => e.offerType === "pairing").map((e) => e.offerId),
    ],
  );
  return reportFromFacts({ currency, range, comparison, facts, events: events as ReportEvent[], titles });
}

async function shopCurrency(scoped: ShopData): Promise<string> {
  const settings = await scoped.shopSettings.findFirst({ select: { currencyCode: true } });
  return settings?.currencyCode ?? DEFAULT_CURRENCY;
}

/**
 * Titles of the offers in the report. Few offers: looked up by id, in chunks (SQLite through Prisma
 * refuses queries with too many parameters). Many: one read of all the shop's offers is quicker.
 */
const IDS_PER_QUERY = 500;

async function offerTitles(scoped: ShopData, bundleIds: string[], pairingIds: string[]): Promise<OfferTitles> {
  const titles = new Map<string, string>();
  const lookups = (ids: string[]) => {
    const unique = [...new Set(ids.filter((id) => id !== ""))];
    if (unique.length > IDS_PER_QUERY) return [undefined];
    return Array.from({ length: Math.ceil(unique.length / IDS_PER_QUERY) }, (_, i) => ({
      id: { in: unique.slice(i * IDS_PER_QUERY, (i + 1) * IDS_PER_QUERY) },
    }));
  };
  for (const where of lookups(bundleIds)) {
    const bundles = await scoped.bundle.findMany({ where, select: { id: true, title: true } });
    for (const bundle of bundles) titles.set(offerTitleKey("bundle", bundle.id), bundle.title);
  }
  for (const where of lookups(pairingIds)) {
    const pairings = await scoped.pairing.findMany({ where, select: { id: true, heading: true } });
    for (const pairing of pairings) {
      titles.set(offerTitleKey("pairing", pairing.id), pairing.heading?.trim() || "Pairing without a heading");
    }
  }
  return titles;
}
