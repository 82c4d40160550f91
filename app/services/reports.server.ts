// The uptake report of a shop for a date range and a comparison period, summed in the database from rows
// whose number does not grow with the orders: daily rollup rows per day and type for the headline figures
// and the time series of both periods, the offer running totals for the range's per-offer table
// (app/domain/offer-totals.ts), the customer rollups for the customer figures, and the offers' current
// titles. `recountReport` computes the
// same report from the order facts and widget events alone.
import {
  comparisonRange,
  customerFigures,
  offerTitleKey,
  pairingTitle,
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
  type UptakeReport,
} from "../domain/report";
import { zeroCustomerSums, type CustomerRollupSums } from "../domain/customer-rollups";
import type { RollupRowType } from "../domain/order-facts";
import { offerSumsIn } from "./offer-totals.server";
import { toFacts } from "./order-ingestion.server";
import { UTC } from "../domain/shop-time";
import { shopData, type ShopData } from "./shop-scope.server";
import { bind, jsonRows, quote } from "./sql.server";

const DEFAULT_CURRENCY = "USD";

export async function uptakeReport(
  shop: string,
  range: ReportRange,
  comparison: ComparisonKind = "previous",
): Promise<UptakeReport> {
  const scoped = shopData(shop);
  const compared = comparisonRange(range, comparison);
  const { currency, timeZone } = await reportSettings(scoped);
  const [offers, daily, [current, previous]] = await Promise.all([
    offerSumsIn(scoped, shop, range),
    dailySumsIn(scoped, shop, [range, compared]),
    customersIn(scoped, [range, compared]),
  ]);
  return reportFromRollups({
    currency,
    timeZone,
    range,
    comparison,
    daily,
    offers,
    customers: { current: current!, comparison: previous! },
  });
}

const DAILY_TYPES = ["shop", "attached", "organic", "offers"] as const satisfies readonly RollupRowType[];

/**
 * The periods' rows for the headline figures and the time series, summed per day and type ("offers" is
 * the sum of the day's bundle and pairing rows), read as one JSON text (jsonRows: a year and its
 * comparison period are ~3,000 rows).
 */
export async function dailySumsIn(
  scoped: ShopData,
  shop: string,
  periods: readonly ReportRange[],
): Promise<DailyRollupTotal[]> {
  const values: unknown[] = [shop];
  const bound = (value: unknown) => {
    values.push(value);
    return bind(values.length);
  };
  const days = periods.map(({ from, to }) => `("day" >= ${bound(from)} AND "day" <= ${bound(to)})`).join(" OR ");
  const types = DAILY_TYPES.map((type) => `'${type}'`).join(", ");
  const [answer] = await scoped.$queryRawUnsafe<Array<{ days: string }>>(
    `SELECT ${jsonRows(["day", "offerType", ...ROLLUP_SUMS])} AS "days" FROM (
       SELECT "day", "offerType", ${ROLLUP_SUMS.map((figure) => `SUM(${quote(figure)}) AS ${quote(figure)}`).join(", ")}
       FROM "DailyRollup" WHERE "shop" = ${bind(1)} AND "offerType" IN (${types}) AND (${days})
       GROUP BY "day", "offerType"
     ) AS "days"`,
    ...values,
  );
  return (JSON.parse(answer?.days ?? "[]") as unknown[][]).map((row) => {
    const figures = zeroSums();
    ROLLUP_SUMS.forEach((figure, i) => (figures[figure] = Number(row[i + 2])));
    return { day: String(row[0]), offerType: row[1] as RollupRowType, figures };
  });
}

/**
 * Customer figures of each period, from the customer rollups (app/domain/customer-rollups.ts): one
 * aggregate statement per period over the rows of its days — at most a few per day and earlier day, where
 * counting distinct customers from the orders read every order of the period (~1.4 s for a year of
 * 1,000,000 orders on SQLite).
 */
export async function customersIn(scoped: ShopData, periods: readonly ReportRange[]): Promise<CustomerFigures[]> {
  // Raw SQL passes through shopData unscoped: it filters by the shop read through the scoped client, so
  // it can only be this client's shop. No row at all: nothing to count.
  const anyRow = await scoped.customerRollup.findFirst({ select: { shop: true } });
  return Promise.all(
    periods.map(async (period) =>
      customerFigures(anyRow ? await customerRollupSums(scoped, anyRow.shop, period) : zeroCustomerSums()),
    ),
  );
}

type CustomerSumsRow = Record<keyof CustomerRollupSums, unknown>;

/**
 * The sums of one period's customer rollups, in the statement `sumCustomerRollups` describes (a row's
 * other day is "" when there is no such order, which sorts before every day). Sums come back as bigint
 * or decimal depending on the provider, hence `Number`.
 */
async function customerRollupSums(
  scoped: ShopData,
  shop: string,
  { from, to }: ReportRange,
): Promise<CustomerRollupSums> {
  const [row] = await scoped.$queryRaw<CustomerSumsRow[]>`
    SELECT
      SUM(CASE WHEN "kind" = 'guest' THEN "orders" ELSE 0 END) AS "guestOrders",
      SUM(CASE WHEN "kind" = 'customer' AND "otherDay" < ${from} THEN "orders" ELSE 0 END) AS "customers",
      SUM(CASE WHEN "kind" = 'bundleBuyer' AND "otherDay" < ${from} THEN "orders" ELSE 0 END) AS "bundleBuyers",
      SUM(CASE WHEN "kind" = 'onlyBundle' AND ("otherDay" = '' OR "otherDay" > ${to}) THEN "orders" ELSE 0 END)
        AS "oneOrderBundleBuyers",
      SUM(CASE WHEN "kind" = 'onlyOther' AND ("otherDay" = '' OR "otherDay" > ${to}) THEN "orders" ELSE 0 END)
        AS "oneOrderOthers"
    FROM "CustomerRollup"
    WHERE "shop" = ${shop} AND "day" >= ${from} AND "day" <= ${to}`;
  const count = (value: unknown) => Number(value ?? 0);
  return {
    guestOrders: count(row?.guestOrders),
    customers: count(row?.customers),
    bundleBuyers: count(row?.bundleBuyers),
    oneOrderBundleBuyers: count(row?.oneOrderBundleBuyers),
    oneOrderOthers: count(row?.oneOrderOthers),
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
    // Every order up to the later period's end: repeat customers count the orders before a period.
    scoped.orderFact.findMany({
      where: { processedAt: { lt: new Date(Math.max(...periods.map((period) => period.lt.getTime()))) } },
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
 * Titles of the offers in the recount (the report reads them with its sums). Few offers: looked up by id,
 * in chunks (SQLite through Prisma refuses queries with too many parameters). Many: one read of all the
 * shop's offers is quicker.
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
      titles.set(offerTitleKey("pairing", pairing.id), pairingTitle(pairing.heading));
    }
  }
  return titles;
}
