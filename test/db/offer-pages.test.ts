// The Reports page's per-offer tables sorted and cut in the database (reportPage → offerPagesIn) must be
// exactly the tables sorted in memory from every offer (offerTables over uptakeReport's offers): every
// numeric column, both directions, first, middle and past-the-end pages, over ranges read from day rows
// only and from stored weeks. The offers have ties, missing rates and costs, deleted and unidentified
// offers, and offers left out for having nothing in the range.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { zeroTotals, type OfferDayChange } from "../../app/domain/offer-totals";
import type { ReportRange } from "../../app/domain/report";
import {
  OFFER_TABLE_IDS,
  offerTables,
  tableSorts,
  type SortDirection,
  type TableView,
} from "../../app/domain/report-tables";
import { rebuildOfferTotals } from "../../app/services/offer-totals.server";
import { reportPage, uptakeReport } from "../../app/services/reports.server";
import { shopData } from "../../app/services/shop-scope.server";
import { createBundle } from "./support/ingestion";
import { resetDatabase } from "./support/reset";

const shop = "pages.myshopify.com";
const otherShop = "pages-elsewhere.myshopify.com";
const DAYS = ["2026-03-02", "2026-03-04", "2026-03-09", "2026-03-11", "2026-03-16", "2026-03-18", "2026-03-25"];

/** A small deterministic generator: the same offers every run. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

describe(`per-offer tables sorted in the database on ${process.env.ATTACH_TEST_PROVIDER}`, () => {
  beforeAll(async () => {
    await resetDatabase();
    await db.shopSettings.create({ data: { shop, currencyCode: "USD" } });
    const next = random(5);
    const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)]!;
    // 75 bundles (a few deleted below), and pairing ids with no pairing (deleted), and "" (unidentified).
    const bundles: string[] = [];
    for (let i = 0; i < 75; i++) {
      bundles.push(
        (await createBundle(shop, { title: `Kit ${pick(["A", "b", "Ä", "c"])}${i % 7}`, products: [i + 1] })).id,
      );
    }
    const offers = [
      ...bundles.map((id) => ({ offerType: "bundle" as const, offerId: id })),
      ...["p-gone-1", "p-gone-2", ""].map((id) => ({ offerType: "pairing" as const, offerId: id })),
      { offerType: "bundle" as const, offerId: "" },
    ];
    const days: OfferDayChange[] = [];
    for (const offer of offers) {
      for (const day of DAYS) {
        if (next() < 0.4) continue;
        // Few values: many ties; zeros: missing rates; unknown costs on some.
        const orders = pick([0, 1, 1, 2, 3]);
        const revenueAmount = orders * pick([1000, 2500, 2500]);
        const figures = {
          ...zeroTotals(),
          orders,
          attachedOrders: orders,
          revenueAmount,
          discountAmount: Math.floor(revenueAmount / 10),
          refundedAmount: pick([0, 0, 500, revenueAmount]),
          anchorOrders: orders + pick([0, 1, 3]),
          anchorAttachedOrders: orders,
          returnedUnits: pick([0, 0, 1]),
          costAmount: orders * pick([0, 400, 900]),
          uncostedUnits: pick([0, 0, 0, 1]),
          impressions: pick([0, 5, 10, 10]),
          clicks: pick([0, 1, 2]),
          addsToCart: pick([0, 1, 1]),
        };
        // Some rows hold only figures that leave the offer out of the report.
        if (next() < 0.1) Object.assign(figures, { ...zeroTotals(), returnedUnits: 1 });
        days.push({ ...offer, day, figures });
      }
    }
    for (const { offerType, offerId, day, figures } of days) {
      await db.dailyRollup.create({ data: { shop, day, offerType, offerId, currencyCode: "USD", ...figures } });
    }
    await shopData(shop).$transaction((tx) => rebuildOfferTotals(tx, shop, days));
    // Deleted bundles keep their uptake.
    await db.bundle.deleteMany({ where: { id: { in: bundles.slice(0, 3) } } });
    // Another shop's offers: never on this shop's pages.
    const elsewhere = (await createBundle(otherShop, { title: "Kit A0", products: [1] })).id;
    await db.dailyRollup.create({
      data: { shop: otherShop, day: DAYS[0]!, offerType: "bundle", offerId: elsewhere, currencyCode: "USD", orders: 9 },
    });
  });
  afterAll(async () => {
    await resetDatabase();
    await db.$disconnect();
  });

  const ranges: Array<[string, ReportRange]> = [
    ["days of one week", { from: "2026-03-02", to: "2026-03-08" }],
    ["across stored weeks", { from: "2026-03-04", to: "2026-03-18" }],
    ["every day", { from: "2026-03-01", to: "2026-03-31" }],
  ];
  it.each(ranges)("gives the tables of a range (%s) exactly as sorting every offer does", async (_, range) => {
    const full = await uptakeReport(shop, range);
    expect(full.offers.length).toBeGreaterThan(50); // a second page
    let compared = 0;
    for (const [t, table] of OFFER_TABLE_IDS.entries()) {
      const columns = (await reportPage(shop, range)).tables[t]!.columns.length;
      for (let column = 2; column < columns; column++) {
        for (const direction of ["descending", "ascending"] as SortDirection[]) {
          for (const page of [0, 1, 7]) {
            const view: TableView = { table, column, direction, page };
            expect(tableSorts(view)[t]!.key).not.toBeNull(); // sorted in the database
            const { report, tables } = await reportPage(shop, range, "previous", view);
            expect(report.offers).toEqual([]);
            expect(tables, JSON.stringify(view)).toEqual(offerTables(full, view));
            compared += 1;
          }
        }
      }
    }
    expect(compared).toBe(18 * 2 * 3);
  });

  it("sorts by title from every offer, in the locale's order", async () => {
    const range = ranges[2]![1];
    const view: TableView = { table: "revenue", column: 0, direction: "ascending", page: 0 };
    expect(tableSorts(view)[0]!.key).toBeNull();
    const { report, tables } = await reportPage(shop, range, "previous", view);
    expect(report.offers.length).toBeGreaterThan(50);
    const titles = tables[0]!.rows.map((row) => row.title);
    expect(titles).toEqual([...titles].sort(new Intl.Collator().compare));
  });
});
