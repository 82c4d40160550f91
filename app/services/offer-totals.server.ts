// Keeps the offer running totals (app/domain/offer-totals.ts) and reads a range's per-offer sums from them.
import {
  rangeReads,
  weeklyTotals,
  weekOf,
  weeksBetween,
  weekRowsOfChanges,
  type OfferDayChange,
  type ThroughDay,
  type TotalFigures,
} from "../domain/offer-totals";
import { ROLLUP_SUMS, type ReportRange } from "../domain/report";
import { addToCounters, bind as bindAt, insertRows, quote, type Tx } from "./sql.server";
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
    .sort((a, b) => compareText(a.week, b.week) || compareText(a.offerType, b.offerType) || compareText(a.offerId, b.offerId))
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

export interface OfferSums {
  offerType: "bundle" | "pairing";
  offerId: string;
  figures: TotalFigures;
  /** The bundle's title or the pairing's heading ("" without one); null when the offer was deleted. */
  title: string | null;
}

/**
 * Each offer's sums over a range: totals through its last day minus totals through the day before its
 * first, each a stored week plus at most a week of day rows (rangeReads); offers with nothing in the
 * range are left out. One statement, the same on SQLite and PostgreSQL.
 */
export async function offerSumsIn(scoped: ShopData, shop: string, range: ReportRange): Promise<OfferSums[]> {
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
  // Sums come back as doubles (exact below 2^53, far above any shop's minor units): Prisma hands
  // integers back as BigInt, and converting 10,000 rows of them took ~20 ms. The titles come with them.
  const sums = ROLLUP_SUMS.map((figure) => `CAST(SUM(${quote(figure)}) AS DOUBLE PRECISION) AS ${quote(figure)}`);
  const rows = await scoped.$queryRawUnsafe<Array<Record<string, unknown>>>(
    `SELECT "sums".*, "Bundle"."title" AS "bundleTitle", "Pairing"."id" AS "pairingId", "Pairing"."heading" AS "pairingHeading"
     FROM (
       SELECT "offerType", "offerId", ${sums.join(", ")}
       FROM (${selects.join(" UNION ALL ")}) AS "parts" GROUP BY "offerType", "offerId"
     ) AS "sums"
     LEFT JOIN "Bundle" ON "sums"."offerType" = 'bundle' AND "Bundle"."shop" = ${bound(shop)} AND "Bundle"."id" = "sums"."offerId"
     LEFT JOIN "Pairing" ON "sums"."offerType" = 'pairing' AND "Pairing"."shop" = ${bound(shop)} AND "Pairing"."id" = "sums"."offerId"`,
    ...values,
  );
  const result: OfferSums[] = [];
  for (const row of rows) {
    const figures = {} as TotalFigures;
    let any = false;
    for (const figure of ROLLUP_SUMS) {
      const value = Number(row[figure] ?? 0);
      figures[figure] = value;
      any ||= value !== 0;
    }
    if (!any) continue;
    const offerType = row.offerType as "bundle" | "pairing";
    const title =
      offerType === "bundle"
        ? ((row.bundleTitle as string | null) ?? null)
        : row.pairingId === null
          ? null
          : String(row.pairingHeading ?? "");
    result.push({ offerType, offerId: String(row.offerId), figures, title });
  }
  return result;
}
