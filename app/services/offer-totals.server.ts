// Keeps the offer running totals (app/domain/offer-totals.ts) and reads a range's per-offer sums from them.
import {
  rangeReads,
  weeklyTotals,
  weekOf,
  weeksBetween,
  weekRowsOfChanges,
  zeroTotals,
  type OfferDayChange,
  type ThroughDay,
} from "../domain/offer-totals";
import { pairingTitle, ROLLUP_SUMS, SHOWN_OFFER_FIGURES, type OfferTotal, type ReportRange } from "../domain/report";
import { OFFERS_PER_PAGE, pageWithin, type SortDirection, type SortKey } from "../domain/report-tables";
import {
  addToCounters,
  bind as bindAt,
  boundValues,
  inBinaryOrder,
  insertRows,
  jsonRows,
  quote,
  type Tx,
} from "./sql.server";
import type { ShopData } from "./shop-scope.server";
import { compareText } from "../domain/text-order";

const PAGE_SIZE = 1000;
const FIGURES = ROLLUP_SUMS.map(quote).join(", ");

/**
 * Adds per-offer day changes to the shop's week totals. The shop's frontier row is locked first (an
 * update of itself), so the shop's writers of totals take turns on PostgreSQL (SQLite has one writer):
 * a frontier moved forward copies every offer's totals at the old frontier into the new weeks, which a
 * concurrent change to those totals must not miss.
 */
export async function addToOfferTotals(tx: Tx, shop: string, changes: readonly OfferDayChange[]) {
  const changed = changes.filter((change) => ROLLUP_SUMS.some((figure) => change.figures[figure] !== 0));
  if (changed.length === 0) return;
  const latest = changed.map((change) => weekOf(change.day)).reduce((a, b) => (a > b ? a : b));
  const frontier = await moveFrontier(tx, shop, latest);
  const rows = weekRowsOfChanges(changed, frontier)
    .sort(
      (a, b) =>
        compareText(a.week, b.week) || compareText(a.offerType, b.offerType) || compareText(a.offerId, b.offerId),
    )
    .map(({ week, offerType, offerId, figures }) => ({ week, offerType, offerId, ...figures }));
  await addToCounters(tx, "OfferWeekTotal", { shop, key: ["week", "offerType", "offerId"], add: ROLLUP_SUMS }, rows);
}

/** Locks the shop's frontier and moves it to `week` if earlier; answers the frontier now. */
async function moveFrontier(tx: Tx, shop: string, week: string): Promise<string> {
  await insertRows(tx, "OfferWeekFrontier", [{ shop, week: "" }], { suffix: 'ON CONFLICT ("shop") DO NOTHING' });
  const [{ week: frontier } = { week: "" }] = await tx.$queryRaw<Array<{ week: string }>>`
    UPDATE "OfferWeekFrontier" SET "week" = "week" WHERE "shop" = ${shop} RETURNING "week"`;
  if (frontier !== "" && frontier >= week) return frontier;
  if (frontier !== "") {
    // Every offer keeps its totals through the weeks without figures. The new rows' ids are their keys.
    for (const next of weeksBetween(frontier, week).slice(1)) {
      await tx.$executeRawUnsafe(
        `INSERT INTO "OfferWeekTotal" ("id", "shop", "week", "offerType", "offerId", ${FIGURES})
         SELECT "shop" || ':' || ${bindAt(1)} || ':' || "offerType" || ':' || "offerId", "shop", ${bindAt(2)},
           "offerType", "offerId", ${FIGURES}
         FROM "OfferWeekTotal" WHERE "shop" = ${bindAt(3)} AND "week" = ${bindAt(4)}`,
        next,
        next,
        shop,
        frontier,
      );
    }
  }
  await tx.$executeRaw`UPDATE "OfferWeekFrontier" SET "week" = ${week} WHERE "shop" = ${shop}`;
  return week;
}

/** Rebuilds the shop's week totals from its per-offer day rows (the rollup rebuild's). */
export async function rebuildOfferTotals(tx: Tx, shop: string, days: readonly OfferDayChange[]) {
  await tx.offerWeekTotal.deleteMany({});
  // The frontier stays where ingestion moved it, even past the last day with figures.
  const stored = (await tx.offerWeekFrontier.findFirst({ select: { week: true } }))?.week ?? "";
  const frontier = days.map((day) => weekOf(day.day)).reduce((a, b) => (a > b ? a : b), stored);
  await tx.offerWeekFrontier.deleteMany({});
  await tx.offerWeekFrontier.create({ data: { shop, week: frontier } });
  if (frontier === "") return;
  const rows = weeklyTotals(days, frontier);
  for (let i = 0; i < rows.length; i += PAGE_SIZE) {
    await tx.offerWeekTotal.createMany({
      data: rows.slice(i, i + PAGE_SIZE).map(({ week, offerType, offerId, figures }) => ({
        shop,
        week,
        offerType,
        offerId,
        ...figures,
      })),
    });
  }
}

/**
 * The statement summing each offer's rows over a range: totals through its last day minus totals
 * through the day before its first, each a stored week plus at most a week of day rows (rangeReads),
 * one statement on SQLite and PostgreSQL. Offers with none of the shown figures in the range are left
 * out (SHOWN_OFFER_FIGURES). null: nothing to read.
 */
async function offerSumsSql(
  scoped: ShopData,
  shop: string,
  range: ReportRange,
  bound: (value: unknown) => string,
): Promise<string | null> {
  const frontier = (await scoped.offerWeekFrontier.findFirst({ select: { week: true } }))?.week || null;
  const reads = rangeReads(range.from, range.to, frontier);
  // Within one week the stored weeks are the same and cancel out: the range's day rows are all there is.
  const parts: Array<{ read: ThroughDay; sign: 1 | -1 }> =
    reads.add.week === reads.subtract.week
      ? [{ read: { week: null, daysFrom: range.from, daysTo: range.to }, sign: 1 }]
      : [
          { read: reads.add, sign: 1 },
          { read: reads.subtract, sign: -1 },
        ];
  const selects: string[] = [];
  for (const { read, sign } of parts) {
    const figures = ROLLUP_SUMS.map((figure) => `${sign === 1 ? "" : "-"}${quote(figure)} AS ${quote(figure)}`).join(
      ", ",
    );
    if (read.week !== null) {
      selects.push(
        `SELECT "offerType", "offerId", ${figures} FROM "OfferWeekTotal" WHERE "shop" = ${bound(shop)} AND "week" = ${bound(read.week)}`,
      );
    }
    if (read.daysFrom <= read.daysTo) {
      selects.push(
        `SELECT "offerType", "offerId", ${figures} FROM "DailyRollup" WHERE "shop" = ${bound(shop)} AND "day" >= ${bound(read.daysFrom)} AND "day" <= ${bound(read.daysTo)} AND "offerType" IN ('bundle', 'pairing')`,
      );
    }
  }
  if (selects.length === 0) return null;
  const sums = ROLLUP_SUMS.map((figure) => `SUM(${quote(figure)}) AS ${quote(figure)}`);
  const shown = SHOWN_OFFER_FIGURES.map((figure) => `SUM(${quote(figure)}) <> 0`).join(" OR ");
  return `SELECT "offerType", "offerId", ${sums.join(", ")}
    FROM (${selects.join(" UNION ALL ")}) AS "parts" GROUP BY "offerType", "offerId" HAVING ${shown}`;
}

/**
 * Each row of `sums` (a relation named "sums") with its offer's title: the bundle's, the pairing's
 * heading ("" without); null: deleted.
 */
const titled = (sums: string, shop: string, bound: (value: unknown) => string) =>
  `SELECT "sums".*,
     CASE WHEN "sums"."offerType" = 'bundle' THEN "Bundle"."title"
       WHEN "Pairing"."id" IS NOT NULL THEN COALESCE("Pairing"."heading", '') END AS "title"
   FROM ${sums}
   LEFT JOIN "Bundle" ON "sums"."offerType" = 'bundle' AND "Bundle"."shop" = ${bound(shop)} AND "Bundle"."id" = "sums"."offerId"
   LEFT JOIN "Pairing" ON "sums"."offerType" = 'pairing' AND "Pairing"."shop" = ${bound(shop)} AND "Pairing"."id" = "sums"."offerId"`;

const OFFER_COLUMNS = ["offerType", "offerId", ...ROLLUP_SUMS, "title"];

/** The offers of a jsonRows text of OFFER_COLUMNS. */
function offersOf(json: string | null | undefined): OfferTotal[] {
  return (JSON.parse(json ?? "[]") as unknown[][]).map((row) => {
    const figures = zeroTotals();
    ROLLUP_SUMS.forEach((figure, i) => (figures[figure] = Number(row[i + 2])));
    const offerType = row[0] as "bundle" | "pairing";
    const title = row[ROLLUP_SUMS.length + 2] as string | null;
    return {
      offerType,
      offerId: String(row[1]),
      figures,
      title: title === null || offerType === "bundle" ? title : pairingTitle(title),
    };
  });
}

/** Every offer's sums over a range with its title, as one JSON text (jsonRows), for the report and its CSV. */
export async function offerSumsIn(scoped: ShopData, shop: string, range: ReportRange): Promise<OfferTotal[]> {
  const { values, bound } = boundValues();
  const sums = await offerSumsSql(scoped, shop, range, bound);
  if (sums === null) return [];
  const [answer] = await scoped.$queryRawUnsafe<Array<{ offers: string }>>(
    `WITH "sums" AS (${sums})
     SELECT ${jsonRows(OFFER_COLUMNS)} AS "offers" FROM (${titled('"sums"', shop, bound)}) AS "offers"`,
    ...values,
  );
  return offersOf(answer?.offers);
}

/** A page of offers asked for: what it sorts by, which way, and which page. */
export interface OfferPageRequest {
  key: SortKey;
  direction: SortDirection;
  page: number;
}

/**
 * Pages of offers sorted in the database, as the in-memory tables sort them (report-tables.ts): by the
 * key, none last whichever the direction, ties by type and id in code-unit order. Only the pages' rows
 * leave the database, with their titles, in no particular order (a JSON aggregate keeps none: the caller
 * puts them in order); a page past the last is the last. One statement for all pages.
 */
export async function offerPagesIn(
  scoped: ShopData,
  shop: string,
  range: ReportRange,
  requests: readonly OfferPageRequest[],
): Promise<Array<{ offers: OfferTotal[]; count: number; page: number }>> {
  const readPages = async (pages: readonly number[]) => {
    const { values, bound } = boundValues();
    const sums = await offerSumsSql(scoped, shop, range, bound);
    if (sums === null) return { count: 0, pages: requests.map(() => [] as OfferTotal[]) };
    const selects = requests.map(({ key, direction }, i) => {
      const value = sortSql(key);
      const order = `(${value}) IS NULL, ${value} ${direction === "descending" ? "DESC" : "ASC"}, ${inBinaryOrder('"offerType"')}, ${inBinaryOrder('"offerId"')}`;
      // Sorted and cut first; only the page's rows are joined to their titles.
      const page = `(SELECT * FROM "sums" ORDER BY ${order} LIMIT ${OFFERS_PER_PAGE} OFFSET ${pages[i]! * OFFERS_PER_PAGE}) AS "sums"`;
      return `(SELECT ${jsonRows(OFFER_COLUMNS)} FROM (${titled(page, shop, bound)}) AS "page") AS "page${i}"`;
    });
    const [answer = {}] = await scoped.$queryRawUnsafe<Array<Record<string, unknown>>>(
      `WITH "sums" AS (${sums}) SELECT (SELECT COUNT(*) FROM "sums") AS "count", ${selects.join(", ")}`,
      ...values,
    );
    return {
      count: Number(answer.count ?? 0),
      pages: requests.map((_, i) => offersOf(answer[`page${i}`] as string | undefined)),
    };
  };
  const asked = requests.map(({ page }) => Math.max(0, Math.floor(page)));
  let answer = await readPages(asked);
  const within = asked.map((page) => pageWithin(page, answer.count));
  if (within.some((page, i) => page !== asked[i])) answer = await readPages(within);
  return requests.map((_, i) => ({ offers: answer.pages[i]!, count: answer.count, page: within[i]! }));
}

/** A sort key in SQL over a row of "sums" (the same values as sortValue in report-tables.ts). */
function sortSql(key: SortKey): string {
  const figure = (name: string) => `"sums".${quote(name)}`;
  switch (key.kind) {
    case "figure":
      return figure(key.figure);
    case "netRevenue":
      return `${figure("revenueAmount")} - ${figure("refundedAmount")}`;
    case "costOfGoods":
      return `CASE WHEN ${figure("uncostedUnits")} > 0 THEN NULL ELSE ${figure("costAmount")} END`;
    case "margin":
      return `CASE WHEN ${figure("uncostedUnits")} = 0 AND ${figure("costAmount")} > 0
        THEN ${figure("revenueAmount")} - ${figure("refundedAmount")} - ${figure("costAmount")} END`;
    case "rate":
      // Both sides divide as doubles, like JavaScript: equal ratios give equal doubles.
      return `CASE WHEN ${figure(key.denominator)} = 0 THEN NULL
        ELSE CAST(${figure(key.numerator)} AS DOUBLE PRECISION) / ${figure(key.denominator)} END`;
  }
}
