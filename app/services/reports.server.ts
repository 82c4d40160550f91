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
import { UTC } from "../domain/shop-time";
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
  const { currency, timeZone } = await reportSettings(scoped);
  const [offerSums, daySums, [current, previous]] = await Promise.all([
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
    customersIn(scoped, [range, compared], timeZone),
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
    timeZone,
    range,
    comparison,
    daily,
    offers,
    customers: { current: current!, comparison: previous! },
    titles,
  });
}

/**
 * Customer figures of each period, from the order facts (distinct customers do not add up by day): per
 * period, one aggregate over OrderFact's covering index (shop, processedAt, cancelledAt, customerId,
 * attached) that groups the counted orders by customer — how many, and whether any was attached (has a
 * bundle or pairing line not fully refunded, see app/domain/order-facts.ts) — and returns the handful
 * of counts `customerFigures` makes of them. Reading the groups into the app instead took most of a
 * report's time (~1 s for a month at 1,000,000 orders).
 */
export async function customersIn(
  scoped: ShopData,
  periods: readonly ReportRange[],
  timeZone?: string,
): Promise<CustomerFigures[]> {
  // Raw SQL passes through shopData unscoped: it filters by the shop read through the scoped client,
  // so it can only be this client's shop. No order at all: nothing to count.
  const anyOrder = await scoped.orderFact.findFirst({ select: { shop: true } });
  if (!anyOrder) return periods.map(() => customerFigures([], new Set()));
  return Promise.all(periods.map((period) => customerCounts(scoped, anyOrder.shop, rangeInstants(period, timeZone))));
}

type CustomerCountRow = Record<"guestOrders" | "known" | "buyers" | "repeatBuyers" | "repeatOthers", unknown>;

/**
 * The customer figures of one period in one statement, the same SQL on SQLite and PostgreSQL: booleans
 * are 0/1 on SQLite, hence `CASE WHEN`; dates are bound as parameters, which each driver adapter stores
 * and compares in its own format (ISO 8601 text on SQLite). Counts come back as bigint or decimal
 * depending on the provider, hence `Number`.
 *
 * The LIMIT that limits nothing is an optimisation fence: PostgreSQL plans the inner read on its own,
 * from the covering index. Without it, PostgreSQL with statistics reads a year's orders through the
 * (shop, customerId) index and the table, to group them in index order: 1.7 s instead of 0.6 s at
 * 1,000,000 orders (bench/reports.bench.ts). SQLite's plan is the same either way.
 */
async function customerCounts(
  scoped: ShopData,
  shop: string,
  { start, end }: { start: Date; end: Date },
): Promise<CustomerFigures> {
  const [row] = await scoped.$queryRaw<CustomerCountRow[]>`
    SELECT
      SUM(CASE WHEN "customerId" IS NULL THEN "orders" ELSE 0 END) AS "guestOrders",
      COUNT("customerId") AS "known",
      SUM(CASE WHEN "customerId" IS NOT NULL AND "attached" = 1 THEN 1 ELSE 0 END) AS "buyers",
      SUM(CASE WHEN "customerId" IS NOT NULL AND "attached" = 1 AND "orders" >= 2 THEN 1 ELSE 0 END) AS "repeatBuyers",
      SUM(CASE WHEN "customerId" IS NOT NULL AND "attached" = 0 AND "orders" >= 2 THEN 1 ELSE 0 END) AS "repeatOthers"
    FROM (
      SELECT "customerId", COUNT(*) AS "orders", MAX(CASE WHEN "attached" THEN 1 ELSE 0 END) AS "attached"
      FROM (
        SELECT "customerId", "attached"
        FROM "OrderFact"
        WHERE "shop" = ${shop} AND "processedAt" >= ${start} AND "processedAt" < ${end} AND "cancelledAt" IS NULL
        LIMIT 9223372036854775807
      ) AS "counted"
      GROUP BY "customerId"
    ) AS "byCustomer"`;
  const count = (value: unknown) => Number(value ?? 0);
  const known = count(row?.known);
  const buyers = count(row?.buyers);
  return {
    customers: count(row?.guestOrders) + known,
    bundleBuyers: { customers: buyers, repeatCustomers: count(row?.repeatBuyers) },
    otherBuyers: { customers: known - buyers, repeatCustomers: count(row?.repeatOthers) },
  };
}

/** The report recounted from the order facts and widget events, bypassing the rollups: they must agree exactly. */
export async function recountReport(
  shop: string,
  range: ReportRange,
  comparison: ComparisonKind = "previous",
): Promise<UptakeReport> {
  const scoped = shopData(shop);
  const compared = comparisonRange(range, comparison);
  const { currency, timeZone } = await reportSettings(scoped);
  const periods = [rangeInstants(range, timeZone), rangeInstants(compared, timeZone)].map(({ start, end }) => ({
    gte: start,
    lt: end,
  }));
  const [stored, events] = await Promise.all([
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
  return reportFromFacts({ currency, timeZone, range, comparison, facts, events: events as ReportEvent[], titles });
}

/** The shop's currency and time zone: reports are in that currency and count days in that time zone. */
async function reportSettings(scoped: ShopData): Promise<{ currency: string; timeZone: string }> {
  const settings = await scoped.shopSettings.findFirst({ select: { currencyCode: true, timeZone: true } });
  return { currency: settings?.currencyCode ?? DEFAULT_CURRENCY, timeZone: settings?.timeZone ?? UTC };
}

/** The shop's time zone, for reading a report range ("the last 30 days" ends on the shop's today). */
export async function shopTimeZone(shop: string): Promise<string> {
  return (await reportSettings(shopData(shop))).timeZone;
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
