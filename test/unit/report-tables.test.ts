import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { reportFromFacts } from "../../app/domain/report";
import type { LineFactRecord, OrderFacts } from "../../app/domain/order-facts";
import { firstInOrder, offerTables, type OfferTableId, type SortDirection } from "../../app/domain/report-tables";

const order = (id: string, anchorOffers: string[], line: Partial<LineFactRecord>): OrderFacts => ({
  order: {
    orderId: id,
    orderName: null,
    customerId: null,
    currencyCode: "USD",
    subtotalAmount: (line.unitPriceAmount ?? 0) * (line.quantity ?? 1),
    totalDiscountAmount: 0,
    processedAt: new Date("2026-03-01T12:00:00Z"),
    cancelledAt: null,
    anchorOffers,
  },
  lines: [
    {
      lineId: `${id}-1`,
      productId: null,
      variantId: null,
      quantity: 1,
      unitPriceAmount: 0,
      discountAmount: 0,
      attribution: "bundle",
      offerId: null,
      refundedQuantity: 0,
      refundedAmount: 0,
      unitCostAmount: null,
      ...line,
    },
  ],
});

// b1: $50 sold at a $20 cost. b2: two units at $30 ($25 cost each), one refunded. b3: no known cost.
const report = reportFromFacts({
  currency: "USD",
  timeZone: "UTC",
  range: { from: "2026-03-01", to: "2026-03-01" },
  comparison: "previous",
  events: [],
  titles: new Map([
    ["bundle:b1", "Earner"],
    ["bundle:b2", "Loser"],
    ["bundle:b3", "No costs"],
  ]),
  facts: [
    order("o1", ["bundle:b1"], { offerId: "b1", unitPriceAmount: 5000, unitCostAmount: 2000 }),
    order("o2", ["bundle:b2"], {
      offerId: "b2",
      quantity: 2,
      unitPriceAmount: 3000,
      unitCostAmount: 2500,
      refundedQuantity: 1,
      refundedAmount: 3000,
    }),
    order("o3", ["bundle:b3", "bundle:b1"], { offerId: "b3", unitPriceAmount: 1000 }),
  ],
});
const tables = offerTables(report);
const table = (id: string) => tables.find((t) => t.id === id)!;

describe("the per-offer tables", () => {
  it("show the profitability of each offer and flag the ones that lose money", () => {
    const rows = table("profitability").rows;
    const byTitle = Object.fromEntries(rows.map((row) => [row.title, row]));
    // Loser: $60 sold, $30 refunded, one unit kept at $25: $5 margin — not a loss; Earner: $50 − $20.
    expect(byTitle.Earner!.cells.slice(2)).toEqual(["$50.00", "$0.00", "0.0%", "0", "$20.00", "$30.00"]);
    expect(byTitle.Loser!.cells.slice(2)).toEqual(["$30.00", "$30.00", "50.0%", "1", "$25.00", "$5.00"]);
    expect(byTitle["No costs"]!.cells.slice(6)).toEqual(["Unknown", "—"]);
    expect(rows.filter((row) => row.lossMaking)).toEqual([]);
  });

  it("flag an offer whose refunds and costs exceed what it sold for", () => {
    const losing = reportFromFacts({
      currency: "USD",
      timeZone: "UTC",
      range: { from: "2026-03-01", to: "2026-03-01" },
      comparison: "previous",
      events: [],
      titles: new Map([["bundle:b2", "Loser"]]),
      facts: [order("o2", [], { offerId: "b2", unitPriceAmount: 1000, unitCostAmount: 1200 })],
    });
    const row = offerTables(losing).find((t) => t.id === "profitability")!.rows[0]!;
    expect(row.cells.at(-1)).toBe("-$2.00");
    expect(row.lossMaking).toBe(true);
  });

  it("give each offer its attach rate with the counts behind it", () => {
    const byTitle = Object.fromEntries(table("revenue").rows.map((row) => [row.title, row.cells.at(-1)]));
    // b1's anchor is in o1 (taken up) and o3 (not): 1 of 2.
    expect(byTitle).toEqual({ Earner: "50.0% (1 of 2)", Loser: "100.0% (1 of 1)", "No costs": "100.0% (1 of 1)" });
  });

  it("sort by any column: numbers as numbers, missing figures last in either direction", () => {
    const sorted = (id: OfferTableId, column: number, direction: SortDirection) =>
      offerTables(report, { table: id, column, direction, page: 0 })
        .find((t) => t.id === id)!
        .rows.map((r) => r.title);
    const margin = 7;
    expect(sorted("profitability", margin, "descending")).toEqual(["Earner", "Loser", "No costs"]);
    expect(sorted("profitability", margin, "ascending")).toEqual(["Loser", "Earner", "No costs"]);
    expect(sorted("profitability", 0, "ascending")).toEqual(["Earner", "Loser", "No costs"]);
    expect(sorted("profitability", 0, "descending")).toEqual(["No costs", "Loser", "Earner"]);
    expect(sorted("profitability", 2, "descending")).toEqual(["Earner", "Loser", "No costs"]);
    // Refund rate: Loser 50%, the others 0%; ties by offer.
    expect(sorted("profitability", 4, "descending")).toEqual(["Loser", "Earner", "No costs"]);
  });

  it("explain every column", () => {
    for (const { columns, rows } of tables) {
      expect(columns.every((c) => c.help.length > 20)).toBe(true);
      expect(rows.every((row) => row.cells.length === columns.length)).toBe(true);
    }
  });
});

describe("firstInOrder", () => {
  it("answers the first items of a full sort, in order, whatever the count", () => {
    // Pairs with many ties on the first part; the second breaks them, so the order is total.
    const compare = (a: [number, number], b: [number, number]) => a[0] - b[0] || a[1] - b[1];
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer()), {
          selector: ([, tie]) => tie,
          maxLength: 300,
        }),
        fc.nat({ max: 320 }),
        (items, count) => {
          expect(firstInOrder(items, compare, count)).toEqual([...items].sort(compare).slice(0, count));
        },
      ),
    );
  });
});
