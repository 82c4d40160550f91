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
import { pairingTitle, ROLLUP_SUMS, type OfferTotal, type ReportRange } from "../domain/report";
import { addToCounters, bind as bindAt, insertRows, jsonRows, quote, type Tx } from "./sql.server";
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
 * Each offer's sums over a range: totals through its last day minus totals through the day before its
 * first, each a stored week plus at most a week of day rows (rangeReads); offers with nothing in the
 * range are left out. One statement, the same on SQLite and PostgreSQL.
 */
export async function offerSumsIn(scoped: ShopData, shop: string, range: ReportRange): Promise<OfferTotal[]> {
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
  const values: unknown[] = [];
  const bound = (value: unknown) => {
    values.push(value);
    return bindAt(values.length);
  };
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
  if (selects.length === 0) return [];
  // Offers with nothing in the range are left out; the titles come with the sums; one JSON text for
  // every offer (jsonRows).
  const sums = ROLLUP_SUMS.map((figure) => `SUM(${quote(figure)}) AS ${quote(figure)}`);
  const anyFigure = ROLLUP_SUMS.map((figure) => `SUM(${quote(figure)}) <> 0`).join(" OR ");
  const columns = ["offerType", "offerId", ...ROLLUP_SUMS, "title"];
  const [answer] = await scoped.$queryRawUnsafe<Array<{ offers: string }>>(
    `SELECT ${jsonRows(columns)} AS "offers" FROM (
       SELECT "sums".*,
         CASE WHEN "sums"."offerType" = 'bundle' THEN "Bundle"."title"
           WHEN "Pairing"."id" IS NOT NULL THEN COALESCE("Pairing"."heading", '') END AS "title"
       FROM (
         SELECT "offerType", "offerId", ${sums.join(", ")}
         FROM (${selects.join(" UNION ALL ")}) AS "parts" GROUP BY "offerType", "offerId" HAVING ${anyFigure}
       ) AS "sums"
       LEFT JOIN "Bundle" ON "sums"."offerType" = 'bundle' AND "Bundle"."shop" = ${bound(shop)} AND "Bundle"."id" = "sums"."offerId"
       LEFT JOIN "Pairing" ON "sums"."offerType" = 'pairing' AND "Pairing"."shop" = ${bound(shop)} AND "Pairing"."id" = "sums"."offerId"
     ) AS "offers"`,
    ...values,
  );
  return (JSON.parse(answer?.offers ?? "[]") as unknown[][]).map((row) => {
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
