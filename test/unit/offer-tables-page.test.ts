// A large shop's per-offer tables: every offer sorted on the server, one page of 50 formatted and shown.
import { AppProvider } from "@shopify/polaris";
import translations from "@shopify/polaris/locales/en.json" with { type: "json" };
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { OfferTables } from "../../app/components/reports/OfferTables";
import { zeroCustomerSums } from "../../app/domain/customer-rollups";
import { customerFigures, reportFromRollups, zeroSums } from "../../app/domain/report";
import { offerTables, OFFERS_PER_PAGE, parseTableView, type OfferTable } from "../../app/domain/report-tables";

// 120 bundles, bundle i with i + 1 orders and (i + 1) × $10 of revenue.
const report = reportFromRollups({
  currency: "USD",
  timeZone: "UTC",
  range: { from: "2026-03-01", to: "2026-03-31" },
  comparison: "previous",
  daily: [],
  offers: Array.from({ length: 120 }, (_, i) => ({
    offerType: "bundle" as const,
    offerId: `b${i}`,
    figures: { ...zeroSums(), orders: i + 1, attachedOrders: i + 1, revenueAmount: (i + 1) * 1000 },
    title: `Bundle ${i}`,
  })),
  customers: { current: customerFigures(zeroCustomerSums()), comparison: customerFigures(zeroCustomerSums()) },
});

const titles = (table: OfferTable) => table.rows.map((row) => row.title);
const bundles = (from: number, to: number, step = 1) =>
  Array.from({ length: Math.abs(to - from) + 1 }, (_, i) => `Bundle ${from + i * step}`);

describe("the per-offer tables of many offers", () => {
  it("sort every offer, then send the page asked for: 50 rows, the count of all", () => {
    const revenue = offerTables(report).find((table) => table.id === "revenue")!;
    expect(revenue.rowCount).toBe(120);
    expect(revenue.page).toBe(0);
    // Sorted by net revenue, largest first.
    expect(titles(revenue)).toEqual(bundles(119, 70, -1));
    expect(revenue.rows[0]!.cells[3]).toBe("$1,200.00");

    const view = parseTableView(new URLSearchParams("table=revenue&sort=3&order=ascending&page=2"))!;
    const last = offerTables(report, view).find((table) => table.id === "revenue")!;
    expect([last.page, last.sort]).toEqual([2, { column: 3, direction: "ascending" }]);
    expect(titles(last)).toEqual(bundles(100, 119));
    // The other tables keep their first page and first sort.
    expect(offerTables(report, view).find((table) => table.id === "funnel")!.page).toBe(0);
  });

  it("read an unreadable view as the first page in the first sort", () => {
    for (const query of ["table=nope&page=1", "table=revenue&sort=99&page=-1", "table=revenue&sort=x&page=9999"]) {
      const view = parseTableView(new URLSearchParams(query));
      const revenue = offerTables(report, view).find((table) => table.id === "revenue")!;
      expect(revenue.sort).toEqual({ column: 3, direction: "descending" });
      expect(revenue.page).toBe(query.includes("9999") ? 2 : 0);
    }
  });

  it("show the page's offers and where they are among all of them", () => {
    const view = parseTableView(new URLSearchParams("table=revenue&sort=3&order=descending&page=1"));
    const html = renderToStaticMarkup(
      createElement(
        AppProvider,
        { i18n: translations },
        createElement(OfferTables, { tables: offerTables(report, view), onView: () => undefined }),
      ),
    );
    const shown = [...html.matchAll(/>Bundle (\d+)</g)].map((match) => Number(match[1]));
    expect(shown).toEqual(Array.from({ length: OFFERS_PER_PAGE }, (_, i) => 69 - i));
    expect(html).toContain("51–100 of 120 offers");
  });
});
