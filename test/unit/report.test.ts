import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatMoney } from "../../app/domain/money";
import {
  applyRefund,
  contributionDelta,
  orderContribution,
  type LineFactRecord,
  type OrderFacts,
  type RollupFigures,
  type RollupRowType,
} from "../../app/domain/order-facts";
import {
  defaultReportRange,
  divideRounded,
  neutraliseFormula,
  offerCsvRows,
  parseReportRange,
  ratioText,
  reportFromFacts,
  reportFromRollups,
  summaryCsvRows,
  type RollupTotal,
} from "../../app/domain/report";

const today = new Date("2026-03-31T15:00:00Z");

describe("the report's date range", () => {
  it("defaults to the last 30 days, today included", () => {
    expect(defaultReportRange(today)).toEqual({ from: "2026-03-02", to: "2026-03-31" });
    expect(parseReportRange({}, today)).toEqual({ range: { from: "2026-03-02", to: "2026-03-31" }, errors: [] });
  });

  it("takes a valid range as given", () => {
    expect(parseReportRange({ from: "2026-01-01", to: "2026-01-31" }, today).range).toEqual({
      from: "2026-01-01",
      to: "2026-01-31",
    });
  });

  it("falls back to the default with a reason for impossible, reversed or too long ranges", () => {
    const fields = (from: string, to: string) => parseReportRange({ from, to }, today).errors.map((e) => e.field);
    expect(fields("2026-02-30", "2026-03-01")).toEqual(["from"]);
    expect(fields("2026-03-10", "2026-03-01")).toEqual(["to"]);
    expect(fields("2024-01-01", "2026-01-01")).toEqual(["from"]);
    expect(parseReportRange({ from: "x", to: "2026-03-01" }, today).range).toEqual(defaultReportRange(today));
  });
});

describe("report arithmetic", () => {
  it("divides integers rounding half away from zero, and says nothing about an empty denominator", () => {
    expect(divideRounded(5, 2)).toBe(3);
    expect(divideRounded(7, 3)).toBe(2);
    expect(divideRounded(-5, 2)).toBe(-3);
    expect(divideRounded(0, 4)).toBe(0);
    expect(divideRounded(5, 0)).toBeNull();
  });

  it("shows a ratio as a percentage with one decimal", () => {
    expect(ratioText({ numerator: 1, denominator: 8 })).toBe("12.5%");
    expect(ratioText({ numerator: 2, denominator: 3 })).toBe("66.7%");
    expect(ratioText({ numerator: 0, denominator: 3 })).toBe("0.0%");
  });

  it("formats minor units in the shop's currency without going through floats", () => {
    expect(formatMoney({ amount: 123456789, currency: "USD" })).toBe("$1,234,567.89");
    expect(formatMoney({ amount: 1200, currency: "JPY" })).toBe("¥1,200");
    expect(formatMoney({ amount: -5, currency: "EUR" })).toBe("-€0.05");
    expect(formatMoney({ amount: 9007199254740991, currency: "USD" })).toBe("$90,071,992,547,409.91");
  });
});

// ---------------------------------------------------------------------------------------------
// Rollups maintained by difference agree with a recount from the facts

const OFFERS: Array<Pick<LineFactRecord, "attribution" | "offerId">> = [
  { attribution: "bundle", offerId: "b1" },
  { attribution: "bundle", offerId: "b2" },
  { attribution: "bundle", offerId: null },
  { attribution: "pairing", offerId: "p1" },
  { attribution: "organic", offerId: null },
  { attribution: "none", offerId: null },
];

const lineArbitrary = fc
  .record({
    offer: fc.constantFrom(...OFFERS),
    quantity: fc.integer({ min: 1, max: 4 }),
    unitPriceAmount: fc.integer({ min: 0, max: 50_000 }),
    discountPercent: fc.integer({ min: 0, max: 50 }),
    refundedUnits: fc.integer({ min: 0, max: 4 }),
  })
  .map(({ offer, quantity, unitPriceAmount, discountPercent, refundedUnits }) => {
    const credited = offer.attribution === "bundle" || offer.attribution === "pairing";
    const discountAmount = credited ? Math.floor((unitPriceAmount * quantity * discountPercent) / 100) : 0;
    const refundedQuantity = Math.min(refundedUnits, quantity);
    const perUnit = Math.floor((unitPriceAmount * quantity - discountAmount) / quantity);
    return {
      line: { ...offer, quantity, unitPriceAmount, discountAmount, productId: null, variantId: null },
      refund: { quantity: refundedQuantity, amount: perUnit * refundedQuantity },
    };
  });

const orderArbitrary = fc.record({
  day: fc.integer({ min: 1, max: 6 }),
  customer: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
  lines: fc.array(lineArbitrary, { minLength: 0, maxLength: 5 }),
  extraSubtotal: fc.integer({ min: 0, max: 3000 }),
  cancelled: fc.boolean(),
  refunded: fc.boolean(),
});

type Rollups = Map<string, { offerType: RollupRowType; offerId: string; day: string; figures: RollupFigures }>;

function applyToRollups(rollups: Rollups, before: OrderFacts | null, after: OrderFacts) {
  for (const entry of contributionDelta(before ? orderContribution(before) : [], orderContribution(after))) {
    const key = `${entry.day}|${entry.offerType}|${entry.offerId}`;
    const row = rollups.get(key) ?? {
      ...entry,
      figures: { orders: 0, attachedOrders: 0, revenueAmount: 0, discountAmount: 0, refundedAmount: 0 },
    };
    for (const figure of Object.keys(row.figures) as Array<keyof RollupFigures>) {
      row.figures[figure] += entry.figures[figure];
    }
    rollups.set(key, row);
  }
}

function summed(rollups: Rollups, from: string, to: string): RollupTotal[] {
  const totals = new Map<string, RollupTotal>();
  for (const row of rollups.values()) {
    if (row.day < from || row.day > to) continue;
    const key = `${row.offerType}|${row.offerId}`;
    const total = totals.get(key) ?? {
      offerType: row.offerType,
      offerId: row.offerId,
      figures: { orders: 0, attachedOrders: 0, revenueAmount: 0, discountAmount: 0, refundedAmount: 0 },
    };
    for (const figure of Object.keys(total.figures) as Array<keyof RollupFigures>) {
      total.figures[figure] += row.figures[figure];
    }
    totals.set(key, total);
  }
  return [...totals.values()];
}

describe("daily rollups kept by difference", () => {
  it("agree to the cent with a recount from the order facts, through creations, redeliveries, refunds and cancellations", () => {
    fc.assert(
      fc.property(fc.array(orderArbitrary, { maxLength: 25 }), fc.integer({ min: 1, max: 6 }), (orders, span) => {
        const rollups: Rollups = new Map();
        const finalFacts: OrderFacts[] = [];
        orders.forEach((spec, i) => {
          const lines = spec.lines.map(({ line }, j) => ({
            ...line,
            lineId: `line-${i}-${j}`,
            refundedQuantity: 0,
            refundedAmount: 0,
          }));
          const placed: OrderFacts = {
            order: {
              orderId: `order-${i}`,
              orderName: null,
              customerId: spec.customer === null ? null : `customer-${spec.customer}`,
              currencyCode: "USD",
              subtotalAmount:
                lines.reduce((sum, l) => sum + l.unitPriceAmount * l.quantity - l.discountAmount, 0) +
                spec.extraSubtotal,
              totalDiscountAmount: 0,
              processedAt: new Date(`2026-03-0${spec.day}T12:00:00Z`),
              cancelledAt: null,
            },
            lines,
          };
          applyToRollups(rollups, null, placed);
          applyToRollups(rollups, placed, placed); // a redelivery
          let current = placed;
          if (spec.refunded) {
            const refunded = applyRefund(
              current,
              spec.lines.map(({ refund }, j) => ({ lineId: `line-${i}-${j}`, ...refund })),
            );
            applyToRollups(rollups, current, refunded);
            current = refunded;
          }
          if (spec.cancelled) {
            const cancelled = {
              ...current,
              order: { ...current.order, cancelledAt: new Date("2026-03-09T00:00:00Z") },
            };
            applyToRollups(rollups, current, cancelled);
            current = cancelled;
          }
          finalFacts.push(current);
        });
        const range = { from: "2026-03-02", to: `2026-03-0${Math.min(6, 1 + span)}` };
        const titles = new Map([
          ["bundle:b1", "Laptop Essentials"],
          ["pairing:p1", "Desk setup"],
        ]);
        const recount = reportFromFacts({ currency: "USD", range, facts: finalFacts, titles });
        const fromRollups = reportFromRollups({
          currency: "USD",
          range,
          rollups: summed(rollups, range.from, range.to),
          customers: recount.customers,
          titles,
        });
        expect(fromRollups).toEqual(recount);
      }),
      { seed: 20260301, numRuns: 300 },
    );
  });
});

describe("CSV rows", () => {
  const report = reportFromFacts({
    currency: "USD",
    range: { from: "2026-03-01", to: "2026-03-01" },
    titles: new Map([["bundle:b1", '=HYPERLINK("https://evil.example")']]),
    facts: [
      {
        order: {
          orderId: "o1",
          orderName: null,
          customerId: null,
          currencyCode: "USD",
          subtotalAmount: 900,
          totalDiscountAmount: 100,
          processedAt: new Date("2026-03-01T10:00:00Z"),
          cancelledAt: null,
        },
        lines: [
          {
            lineId: "l1",
            productId: null,
            variantId: null,
            quantity: 1,
            unitPriceAmount: 1000,
            discountAmount: 100,
            attribution: "bundle",
            offerId: "b1",
            refundedQuantity: 0,
            refundedAmount: 0,
          },
        ],
      },
    ],
  });

  it("list each offer with its figures as decimals, and keep merchant text from running as a formula", () => {
    expect(offerCsvRows(report)).toEqual([
      ["Type", "Offer", "Offer ID", "Orders", "Revenue", "Discount given", "Refunded", "Net revenue", "Currency"],
      ["bundle", '\'=HYPERLINK("https://evil.example")', "b1", "1", "9.00", "1.00", "0.00", "9.00", "USD"],
    ]);
    expect(neutraliseFormula("-1+1")).toBe("'-1+1");
    expect(neutraliseFormula("Laptop kit")).toBe("Laptop kit");
  });

  it("sum up every figure with how it is computed", () => {
    const rows = summaryCsvRows(report);
    expect(rows.find((row) => row[0] === "Attach rate")?.slice(0, 2)).toEqual(["Attach rate", "100.0%"]);
    expect(rows.find((row) => row[0] === "Bundle and pairing revenue")?.slice(0, 3)).toEqual([
      "Bundle and pairing revenue",
      "9.00",
      "USD",
    ]);
    expect(rows.every((row) => row.length === 4)).toBe(true);
  });
});
