// The uptake report of a shop for a date range and a comparison period, summed in the database from rows
// whose number does not grow with the orders: daily rollup rows per day and type for the headline figures
// and the time series of both periods, the offer running totals for the range's per-offer table
// (app/domain/offer-totals.ts), the customer rollups for the customer figures, and the offers' current
// titles. `recountReport` computes the
// same report from the order facts and widget events alone.
import {
  comparisonRange,
  customerFigures,
  offerRow,
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
import {
  customerSumsPlan,
  zeroCustomerSums,
  type CustomerRollupKind,
  type CustomerRollupSums,
} from "../domain/customer-rollups";
import type { RollupRowType } from "../domain/order-facts";
import { offerPagesIn, offerSumsIn } from "./offer-totals.server";
import { offerTables, pageInOrder, tableSorts, type OfferTable, type TableView } from "../domain/report-tables";
import { toFacts } from "./order-ingestion.server";
import { UTC } from "../domain/shop-time";
import { shopData, type ShopData } from "./shop-scope.server";
import { boundValues, indexedBy, jsonRows, quote } from "./sql.server";

const DEFAULT_CURRENCY = "USD";

export async function uptakeReport(
  shop: string,
  range: ReportRange,
  comparison: ComparisonKind = "previous",
  { offers: withOffers = true }: { offers?: boolean } = {},
): Promise<UptakeReport> {
  const scoped = shopData(shop);
  const compared = comparisonRange(range, comparison);
  const { currency, timeZone } = await reportSettings(scoped);
  const [offers, daily, [current, previous]] = await Promise.all([
    withOffers ? offerSumsIn(scoped, shop, range) : [],
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

/**
 * What the Reports page shows: the report, and each per-offer table's page. Tables sorted by a number
 * are sorted and cut in the database (offerPagesIn), so only their pages' rows are read; a table sorted
 * by text (titles, in the locale's order, which SQLite does not know) is sorted here from every offer.
 * The report's own `offers` are then empty.
 */
export async function reportPage(
  shop: string,
  range: ReportRange,
  comparison: ComparisonKind = "previous",
  view?: TableView,
): Promise<{ report: UptakeReport; tables: OfferTable[] }> {
  const sorts = tableSorts(view);
  if (sorts.some((sort) => sort.key === null)) {
    const report = await uptakeReport(shop, range, comparison);
    return { report, tables: offerTables(report, view) };
  }
  const requests = sorts.map(({ key, sort, page }) => ({ key: key!, direction: sort.direction, page }));
  const [report, pages] = await Promise.all([
    uptakeReport(shop, range, comparison, { offers: false }),
    offerPagesIn(shopData(shop), shop, range, requests),
  ]);
  const inOrder = pages.map(({ offers, count, page }, i) => ({
    offers: pageInOrder(offers.map(offerRow), requests[i]!.key, requests[i]!.direction),
    count,
    page,
  }));
  return { report, tables: offerTables(report, view, inOrder) };
}

const DAILY_TYPES = ["shop", "attached", "organic", "offers"] as const satisfies readonly RollupRowType[];

/**
 * The periods' rows for the headline figures and the time series, summed per day and type ("offers" is
 * the sum of the day's bundle and pairing rows), read as one JSON text (jsonRows: a year and its
 * comparison period are ~3,000 rows).
 */
async function dailySumsIn(
  scoped: ShopData,
  shop: string,
  periods: readonly ReportRange[],
): Promise<DailyRollupTotal[]> {
  const { values, bound } = boundValues();
  const ofShop = bound(shop);
  const days = periods.map(({ from, to }) => `("day" >= ${bound(from)} AND "day" <= ${bound(to)})`).join(" OR ");
  const types = DAILY_TYPES.map((type) => `'${type}'`).join(", ");
  const [answer] = await scoped.$queryRawUnsafe<Array<{ days: string }>>(
    `SELECT ${jsonRows(["day", "offerType", ...ROLLUP_SUMS])} AS "days" FROM (
       SELECT "day", "offerType", ${ROLLUP_SUMS.map((figure) => `SUM(${quote(figure)}) AS ${quote(figure)}`).join(", ")}
       FROM "DailyRollup" WHERE "shop" = ${ofShop} AND "offerType" IN (${types}) AND (${days})
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
 * Customer figures of each period, from the customer rollups (app/domain/customer-rollups.ts): a few
 * aggregate reads per period, each in the order of the rows that reads fewer of them (customerSumsPlan),
 * where counting distinct customers from the orders read every order of the period (~1.4 s for a year of
 * 1,000,000 orders on SQLite).
 */
export async function customersIn(scoped: ShopData, periods: readonly ReportRange[]): Promise<CustomerFigures[]> {
  // Raw SQL passes through shopData unscoped: it filters by the shop read through the scoped client, so
  // it can only be this client's shop. No row at all: nothing to count.
  const [first, last] = await Promise.all([
    scoped.customerRollup.findFirst({ select: { shop: true, day: true }, orderBy: { day: "asc" } }),
    scoped.customerRollup.findFirst({ select: { day: true }, orderBy: { day: "desc" } }),
  ]);
  return Promise.all(
    periods.map(async (period) =>
      customerFigures(
        first && last
          ? await customerRollupSums(scoped, first.shop, period, { first: first.day, last: last.day })
          : zeroCustomerSums(),
      ),
    ),
  );
}

/** The customer rollups' two orders (prisma/schema.prisma): by day, and by kind and other day. */
const BY_DAY_INDEX = "CustomerRollup_shop_day_kind_otherDay_orders_idx";
const BY_KIND_INDEX = "CustomerRollup_shop_kind_otherDay_day_key";

/** A sum of the rows of a period: its kind, and which other days count ("" is before every day). */
const CUSTOMER_SUMS: ReadonlyArray<{
  name: keyof CustomerRollupSums;
  kind: CustomerRollupKind;
  otherDay: "any" | "before" | "noneOrAfter";
}> = [
  { name: "guestOrders", kind: "guest", otherDay: "any" },
  { name: "customers", kind: "customer", otherDay: "before" },
  { name: "bundleBuyers", kind: "bundleBuyer", otherDay: "before" },
  { name: "oneOrderBundleBuyers", kind: "onlyBundle", otherDay: "noneOrAfter" },
  { name: "oneOrderOthers", kind: "onlyOther", otherDay: "noneOrAfter" },
];

/**
 * The sums of one period's customer rollups, as `sumCustomerRollups` computes them, in one statement:
 * one pass over the period's rows by day for the sums read that way, and for each of the others a seek
 * by kind and other day (customerSumsPlan). Sums come back as bigint or decimal depending on the
 * provider, hence `Number`.
 */
async function customerRollupSums(
  scoped: ShopData,
  shop: string,
  { from, to }: ReportRange,
  span: { first: string; last: string },
): Promise<CustomerRollupSums> {
  const plan = customerSumsPlan(from, to, span);
  const { values, bound } = boundValues();
  const inPeriod = () => `"shop" = ${bound(shop)} AND "day" >= ${bound(from)} AND "day" <= ${bound(to)}`;
  const sought = ({ otherDay }: (typeof CUSTOMER_SUMS)[number]) =>
    otherDay === "before" ? plan.byPrevious : otherDay === "noneOrAfter" ? plan.byNext : plan.byPrevious && plan.byNext;
  const passed = CUSTOMER_SUMS.filter((sum) => !sought(sum));
  const parts: string[] = [];
  if (passed.length > 0) {
    const sums = passed.map(({ name, kind, otherDay }) => {
      const when =
        otherDay === "before"
          ? ` AND "otherDay" < ${bound(from)}`
          : otherDay === "noneOrAfter"
            ? ` AND ("otherDay" = '' OR "otherDay" > ${bound(to)})`
            : "";
      return `SUM(CASE WHEN "kind" = '${kind}'${when} THEN "orders" ELSE 0 END) AS "${name}"`;
    });
    parts.push(
      `(SELECT ${sums.join(", ")} FROM "CustomerRollup" ${indexedBy(BY_DAY_INDEX)} WHERE ${inPeriod()}) AS "byDay"`,
    );
  }
  for (const sum of CUSTOMER_SUMS.filter(sought)) {
    // One seek per range of other days: guests have none, "none or after" is two. Placeholders are
    // bound in the order they appear in the statement (SQLite's are positional).
    const sides: Array<() => string> =
      sum.otherDay === "before"
        ? [() => `"otherDay" < ${bound(from)}`]
        : sum.otherDay === "noneOrAfter"
          ? [() => `"otherDay" = ''`, () => `"otherDay" > ${bound(to)}`]
          : [() => `"otherDay" = ''`];
    sides.forEach((side, i) => {
      const name = `${sum.name}${i}`;
      parts.push(
        `(SELECT SUM("orders") AS "${name}" FROM "CustomerRollup" ${indexedBy(BY_KIND_INDEX)}
          WHERE "kind" = '${sum.kind}' AND ${side()} AND ${inPeriod()}) AS "${name}"`,
      );
    });
  }
  const [row = {}] = await scoped.$queryRawUnsafe<Array<Record<string, unknown>>>(
    `SELECT * FROM ${parts.join(" CROSS JOIN ")}`,
    ...values,
  );
  const sums = zeroCustomerSums();
  for (const [column, value] of Object.entries(row)) {
    const name = column.replace(/\d$/, "") as keyof CustomerRollupSums;
    sums[name] += Number(value ?? 0);
  }
  return sums;
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
