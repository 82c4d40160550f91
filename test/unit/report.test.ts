import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { customerRollupRows, sumCustomerRollups } from "../../app/domain/customer-rollups";
import { formatMoney } from "../../app/domain/money";
import { funnelIncrements, type OfferEventRecord } from "../../app/domain/offer-events";
import {
  applyRefund,
  contributionDelta,
  orderContribution,
  type LineFactRecord,
  type OrderFacts,
  type RollupFigures,
  type RollupRowType,
  isAttached,
} from "../../app/domain/order-facts";
import {
  comparisonLabel,
  comparisonRange,
  customerFigures,
  dailyCsvRows,
  defaultReportRange,
  divideRounded,
  funnelRates,
  neutraliseFormula,
  offerCsvRows,
  parseComparison,
  parseReportRange,
  percentChange,
  percentChangeText,
  rateChangeText,
  ratioText,
  reportFromFacts,
  reportFromRollups,
  summaryCsvRows,
  zeroSums,
  type DailyRollupTotal,
  type ReportEvent,
  type RollupSums,
  type OfferTotal,
} from "../../app/domain/report";
import { RollupRebuild } from "../../app/domain/rollup-rebuild";
import { localDay } from "../../app/domain/shop-time";

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
    unitCostAmount: fc.option(fc.integer({ min: 0, max: 30_000 }), { nil: null }),
  })
  .map(({ offer, quantity, unitPriceAmount, discountPercent, refundedUnits, unitCostAmount }) => {
    const credited = offer.attribution === "bundle" || offer.attribution === "pairing";
    const discountAmount = credited ? Math.floor((unitPriceAmount * quantity * discountPercent) / 100) : 0;
    const refundedQuantity = Math.min(refundedUnits, quantity);
    const perUnit = Math.floor((unitPriceAmount * quantity - discountAmount) / quantity);
    return {
      line: {
        ...offer,
        quantity,
        unitPriceAmount,
        discountAmount,
        productId: null,
        variantId: null,
        unitCostAmount: credited ? unitCostAmount : null,
      },
      refund: { quantity: refundedQuantity, amount: perUnit * refundedQuantity },
    };
  });

const orderArbitrary = fc.record({
  day: fc.integer({ min: 1, max: 6 }),
  hour: fc.integer({ min: 0, max: 23 }),
  customer: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
  lines: fc.array(lineArbitrary, { minLength: 0, maxLength: 5 }),
  // The offers whose anchor the order contains (b3: an offer never taken up).
  anchorOffers: fc.subarray(["bundle:b1", "bundle:b2", "bundle:b3", "pairing:p1"]),
  extraSubtotal: fc.integer({ min: 0, max: 3000 }),
  cancelled: fc.boolean(),
  refunded: fc.boolean(),
});

type Rollups = Map<string, { offerType: RollupRowType; offerId: string; day: string; figures: RollupSums }>;

function rollupRow(rollups: Rollups, day: string, offerType: RollupRowType, offerId: string) {
  const key = `${day}|${offerType}|${offerId}`;
  let row = rollups.get(key);
  if (!row) rollups.set(key, (row = { day, offerType, offerId, figures: zeroSums() }));
  return row.figures;
}

function applyToRollups(rollups: Rollups, before: OrderFacts | null, after: OrderFacts, timeZone: string) {
  const contribution = (facts: OrderFacts) => orderContribution(facts, timeZone);
  for (const entry of contributionDelta(before ? contribution(before) : [], contribution(after))) {
    const row = rollupRow(rollups, entry.day, entry.offerType, entry.offerId);
    for (const figure of Object.keys(entry.figures) as Array<keyof RollupFigures>) {
      row[figure] += entry.figures[figure];
    }
  }
}

/** What a batch of stored widget events adds to the rollups, as the beacon adds it. */
function applyEvents(rollups: Rollups, events: readonly OfferEventRecord[], timeZone: string) {
  for (const increment of funnelIncrements(events, timeZone)) {
    const row = rollupRow(rollups, increment.day, increment.offerType, increment.offerId);
    for (const counter of ["impressions", "clicks", "addsToCart"] as const) row[counter] += increment[counter];
  }
}

/** The rollup row types the service sums per day: one row per day each, "offers" for all offers together. */
const DAILY_TYPES: readonly RollupRowType[] = ["shop", "attached", "organic", "offers"];

/**
 * The rollup rows as the service reads them: per day and type over both periods, per offer over the range
 * with its title (null: deleted).
 */
function summed(
  rollups: Rollups,
  periods: Array<{ from: string; to: string }>,
  range: { from: string; to: string },
  titles: ReadonlyMap<string, string>,
) {
  const daily = new Map<string, DailyRollupTotal>();
  const offers = new Map<string, OfferTotal>();
  const add = (into: RollupSums, figures: RollupSums) => {
    for (const figure of Object.keys(figures) as Array<keyof RollupSums>) into[figure] += figures[figure];
  };
  for (const row of rollups.values()) {
    if (DAILY_TYPES.includes(row.offerType) && periods.some((p) => row.day >= p.from && row.day <= p.to)) {
      const key = `${row.day}|${row.offerType}`;
      const total = daily.get(key) ?? { day: row.day, offerType: row.offerType, figures: zeroSums() };
      add(total.figures, row.figures);
      daily.set(key, total);
    }
    if ((row.offerType === "bundle" || row.offerType === "pairing") && row.day >= range.from && row.day <= range.to) {
      const key = `${row.offerType}|${row.offerId}`;
      const total = offers.get(key) ?? {
        offerType: row.offerType,
        offerId: row.offerId,
        figures: zeroSums(),
        title: titles.get(`${row.offerType}:${row.offerId}`) ?? null,
      };
      add(total.figures, row.figures);
      offers.set(key, total);
    }
  }
  return { daily: [...daily.values()], offers: [...offers.values()] };
}

/** Customer figures of a range, from the customer rollups of the counted orders. */
function customersOf(facts: OrderFacts[], range: { from: string; to: string }, timeZone: string) {
  const orders = facts
    .filter((f) => f.order.cancelledAt === null)
    .map((f) => ({
      orderId: f.order.orderId,
      customerId: f.order.customerId,
      processedAt: f.order.processedAt,
      day: localDay(f.order.processedAt, timeZone),
      attached: isAttached(f),
    }));
  return customerFigures(sumCustomerRollups(customerRollupRows(orders).values(), range.from, range.to));
}

const eventArbitrary = fc.record({
  kind: fc.constantFrom("impression" as const, "click" as const, "add_to_cart" as const),
  offer: fc.constantFrom(
    { offerType: "bundle" as const, offerId: "b1" },
    { offerType: "bundle" as const, offerId: "b2" },
    { offerType: "pairing" as const, offerId: "p1" },
  ),
  day: fc.integer({ min: 1, max: 6 }),
  hour: fc.integer({ min: 0, max: 23 }),
});

describe("daily rollups kept by difference", () => {
  it("agree to the cent with a recount from the order facts and widget events, through creations, redeliveries, refunds and cancellations", () => {
    fc.assert(
      fc.property(
        fc.array(orderArbitrary, { maxLength: 25 }),
        // Beacons: batches of widget events.
        fc.array(fc.array(eventArbitrary, { maxLength: 6 }), { maxLength: 4 }),
        fc.integer({ min: 1, max: 6 }),
        // Days are the shop's: an order's hour decides its day differently in each zone.
        fc.constantFrom("UTC", "America/Toronto", "Asia/Kolkata"),
        (orders, beacons, span, timeZone) => {
          const rollups: Rollups = new Map();
          const batches = beacons.map((batch, i) =>
            batch.map(({ kind, offer, day, hour }, j): OfferEventRecord => ({
              eventKey: `event-${i}-${j}`,
              kind,
              ...offer,
              productId: null,
              occurredAt: new Date(`2026-03-0${day}T${String(hour).padStart(2, "0")}:30:00Z`),
            })),
          );
          for (const batch of batches) applyEvents(rollups, batch, timeZone);
          const events = batches.flat();
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
                processedAt: new Date(`2026-03-0${spec.day}T${String(spec.hour).padStart(2, "0")}:00:00Z`),
                cancelledAt: null,
                anchorOffers: spec.anchorOffers,
              },
              lines,
            };
            applyToRollups(rollups, null, placed, timeZone);
            applyToRollups(rollups, placed, placed, timeZone); // a redelivery
            let current = placed;
            if (spec.refunded) {
              const refunded = applyRefund(
                current,
                spec.lines.map(({ refund }, j) => ({ lineId: `line-${i}-${j}`, ...refund })),
              );
              applyToRollups(rollups, current, refunded, timeZone);
              current = refunded;
            }
            if (spec.cancelled) {
              const cancelled = {
                ...current,
                order: { ...current.order, cancelledAt: new Date("2026-03-09T00:00:00Z") },
              };
              applyToRollups(rollups, current, cancelled, timeZone);
              current = cancelled;
            }
            finalFacts.push(current);
          });
          const range = { from: "2026-03-04", to: `2026-03-0${Math.min(6, 3 + span)}` };
          const titles = new Map([
            ["bundle:b1", "Laptop Essentials"],
            ["pairing:p1", "Desk setup"],
          ]);
          const comparison = "previous" as const;
          const compared = comparisonRange(range, comparison);
          const recount = reportFromFacts({
            currency: "USD",
            timeZone,
            range,
            comparison,
            facts: finalFacts,
            events,
            titles,
          });
          const fromRollups = reportFromRollups({
            currency: "USD",
            timeZone,
            range,
            comparison,
            ...summed(rollups, [range, compared], range, titles),
            customers: {
              current: customersOf(finalFacts, range, timeZone),
              comparison: customersOf(finalFacts, compared, timeZone),
            },
          });
          expect(fromRollups).toEqual(recount);

          // Each day's "offers" row is the sum of its bundle and pairing rows, every figure and counter.
          const days = new Set([...rollups.values()].map((row) => row.day));
          for (const day of days) {
            const sum = zeroSums();
            for (const row of rollups.values()) {
              if (row.day === day && (row.offerType === "bundle" || row.offerType === "pairing")) {
                for (const figure of Object.keys(sum) as Array<keyof RollupSums>) sum[figure] += row.figures[figure];
              }
            }
            expect(rollups.get(`${day}|offers|`)?.figures ?? zeroSums()).toEqual(sum);
          }

          // Rebuilt from the final facts and the events alone, the rollups are the incremental ones (rows
          // left at zero aside).
          const rebuild = new RollupRebuild("USD", timeZone);
          finalFacts.forEach((facts) => rebuild.addOrder(facts));
          rebuild.addEvents(events);
          const incremental = [...rollups.values()]
            .filter((row) => Object.values(row.figures).some((value) => value !== 0))
            .map((row) => ({ day: row.day, offerType: row.offerType, offerId: row.offerId, ...row.figures }))
            .sort((a, b) =>
              `${a.day}|${a.offerType}|${a.offerId}`.localeCompare(`${b.day}|${b.offerType}|${b.offerId}`),
            );
          expect(
            rebuild
              .rows()
              .map(({ currencyCode, ...row }) => {
                expect(currencyCode).toBe("USD");
                return row;
              })
              .sort((a, b) =>
                `${a.day}|${a.offerType}|${a.offerId}`.localeCompare(`${b.day}|${b.offerType}|${b.offerId}`),
              ),
          ).toEqual(incremental);
        },
      ),
      { seed: 20260301, numRuns: 300 },
    );
  });
});

describe("the report from rollups", () => {
  it("takes all offers' daily figures from the offers rows and never adds the per-offer rows to them", () => {
    const sums = (figures: Partial<RollupSums>): RollupSums => ({ ...zeroSums(), ...figures });
    const noCustomers = {
      customers: 0,
      bundleBuyers: { customers: 0, repeatCustomers: 0 },
      otherBuyers: { customers: 0, repeatCustomers: 0 },
    };
    const day = "2026-03-02";
    const report = reportFromRollups({
      currency: "USD",
      timeZone: "UTC",
      range: { from: day, to: day },
      comparison: "previous",
      daily: [
        { day, offerType: "shop", figures: sums({ orders: 5, attachedOrders: 2, revenueAmount: 50_000 }) },
        { day, offerType: "attached", figures: sums({ orders: 2, revenueAmount: 30_000 }) },
        {
          day,
          offerType: "offers",
          figures: sums({ revenueAmount: 12_000, refundedAmount: 1_000, impressions: 40, clicks: 6, addsToCart: 4 }),
        },
        // Per-offer rows in the daily totals (the service does not read them): not counted again.
        {
          day,
          offerType: "bundle",
          figures: sums({ revenueAmount: 7_000, refundedAmount: 1_000, impressions: 25, clicks: 4, addsToCart: 3 }),
        },
        {
          day,
          offerType: "pairing",
          figures: sums({ revenueAmount: 5_000, impressions: 15, clicks: 2, addsToCart: 1 }),
        },
        // The comparison day: only its offers row counts.
        { day: "2026-03-01", offerType: "offers", figures: sums({ revenueAmount: 3_000, impressions: 9 }) },
        { day: "2026-03-01", offerType: "bundle", figures: sums({ revenueAmount: 3_000, impressions: 9 }) },
      ],
      offers: [
        {
          offerType: "bundle",
          offerId: "b1",
          figures: sums({ orders: 1, revenueAmount: 7_000, refundedAmount: 1_000, impressions: 25 }),
          title: "Laptop Essentials",
        },
        {
          offerType: "pairing",
          offerId: "p1",
          figures: sums({ orders: 1, revenueAmount: 5_000, impressions: 15 }),
          title: "Desk setup",
        },
      ],
      customers: { current: noCustomers, comparison: noCustomers },
    });
    expect(report.offerRevenueAmount).toBe(11_000);
    expect(report.funnel).toEqual({ impressions: 40, clicks: 6, addsToCart: 4, orders: 2, netRevenueAmount: 11_000 });
    expect(report.daily.map((d) => [d.day, d.orders, d.offerRevenueAmount, d.netSalesAmount])).toEqual([
      [day, 5, 11_000, 50_000],
    ]);
    expect([report.comparison.figures.offerRevenueAmount, report.comparison.figures.funnel.impressions]).toEqual([
      3_000, 9,
    ]);
    // The per-offer table still comes from the per-offer rows.
    expect(report.offers.map((o) => [o.type, o.id, o.netRevenueAmount, o.impressions])).toEqual([
      ["bundle", "b1", 6_000, 25],
      ["pairing", "p1", 5_000, 15],
    ]);
  });
});

describe("CSV rows", () => {
  const report = reportFromFacts({
    currency: "USD",
    timeZone: "UTC",
    range: { from: "2026-03-01", to: "2026-03-01" },
    comparison: "previous",
    events: [
      { kind: "impression", offerType: "bundle", offerId: "b1", occurredAt: new Date("2026-03-01T09:00:00Z") },
      { kind: "impression", offerType: "bundle", offerId: "b1", occurredAt: new Date("2026-03-01T09:01:00Z") },
      { kind: "add_to_cart", offerType: "bundle", offerId: "b1", occurredAt: new Date("2026-03-01T09:02:00Z") },
    ],
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
          anchorOffers: ["bundle:b1"],
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
            unitCostAmount: null,
          },
        ],
      },
    ],
  });

  it("list each offer with its figures as decimals, and keep merchant text from running as a formula", () => {
    expect(offerCsvRows(report)).toEqual([
      [
        "Type",
        "Offer",
        "Offer ID",
        "Orders",
        "Orders with its anchor",
        "Anchor orders taking it up",
        "Attach rate",
        "Revenue",
        "Discount given",
        "Refunded",
        "Net revenue",
        "Refund rate",
        "Units returned",
        "Cost of goods",
        "Units without a known cost",
        "Margin after discount",
        "Impressions",
        "Clicks",
        "Adds to cart",
        "Click rate",
        "Add-to-cart rate",
        "Order rate",
        "Currency",
      ],
      [
        "bundle",
        '\'=HYPERLINK("https://evil.example")',
        "b1",
        "1",
        "1",
        "1",
        "100.0%",
        "9.00",
        "1.00",
        "0.00",
        "9.00",
        "0.0%",
        "0",
        // No unit cost known: no cost of goods and no margin.
        "",
        "1",
        "",
        "2",
        "0",
        "1",
        "0.0%",
        "50.0%",
        "100.0%",
        "USD",
      ],
    ]);
    expect(neutraliseFormula("-1+1")).toBe("'-1+1");
    expect(neutraliseFormula("Laptop kit")).toBe("Laptop kit");
  });

  it("sum up every figure with how it is computed", () => {
    const rows = summaryCsvRows(report);
    expect(rows[0]).toEqual(["Figure", "Value", "Value, previous day", "Change", "Currency", "How it is computed"]);
    expect(rows.find((row) => row[0] === "From")?.slice(0, 3)).toEqual(["From", "2026-03-01", "2026-02-28"]);
    // Nothing the day before: no change to show.
    expect(rows.find((row) => row[0] === "Attach rate")?.slice(0, 4)).toEqual(["Attach rate", "100.0%", "", ""]);
    expect(rows.find((row) => row[0] === "Bundle and pairing revenue")?.slice(0, 5)).toEqual([
      "Bundle and pairing revenue",
      "9.00",
      "0.00",
      "",
      "USD",
    ]);
    expect(rows.find((row) => row[0] === "Widget impressions")?.slice(0, 2)).toEqual(["Widget impressions", "2"]);
    expect(rows.every((row) => row.length === 6)).toBe(true);
    expect(rows.slice(3).every((row) => row[5]!.length > 10)).toBe(true);
  });

  it("give one row per day of the range", () => {
    expect(dailyCsvRows(report)).toEqual([
      [
        "Day",
        "Orders",
        "Bundle and pairing orders",
        "Orders with an anchor product",
        "Anchor orders taking their offer up",
        "Attach rate",
        "Bundle and pairing revenue",
        "Other revenue",
        "Net sales",
        "Currency",
      ],
      ["2026-03-01", "1", "1", "1", "1", "100.0%", "9.00", "0.00", "9.00", "USD"],
    ]);
  });
});

describe("the comparison period", () => {
  it("is the as many days just before the range, or the same dates a year earlier", () => {
    expect(comparisonRange({ from: "2026-03-01", to: "2026-03-30" }, "previous")).toEqual({
      from: "2026-01-30",
      to: "2026-02-28",
    });
    expect(comparisonRange({ from: "2026-03-07", to: "2026-03-07" }, "previous")).toEqual({
      from: "2026-03-06",
      to: "2026-03-06",
    });
    expect(comparisonRange({ from: "2026-03-01", to: "2026-03-31" }, "last_year")).toEqual({
      from: "2025-03-01",
      to: "2025-03-31",
    });
    // 29 February has no date a year earlier: the 28th stands in.
    expect(comparisonRange({ from: "2024-02-29", to: "2024-03-01" }, "last_year")).toEqual({
      from: "2023-02-28",
      to: "2023-03-01",
    });
    expect(comparisonLabel("previous", { from: "2026-03-01", to: "2026-03-30" })).toBe("previous 30 days");
    expect(comparisonLabel("last_year", { from: "2026-03-01", to: "2026-03-30" })).toBe("same period last year");
  });

  it("is the previous period unless last year is asked for, and says why when the choice is unknown", () => {
    expect(parseComparison(null)).toEqual({ kind: "previous", errors: [] });
    expect(parseComparison("last_year")).toEqual({ kind: "last_year", errors: [] });
    expect(parseComparison("toString")).toEqual({
      kind: "previous",
      errors: [{ field: "compare", message: "Compare with the previous period or the same period last year" }],
    });
  });

  it("measures changes exactly: amounts in whole percent, rates in tenths of a point", () => {
    expect(percentChange(112, 100)).toBe(12);
    expect(percentChange(1, 3)).toBe(-67);
    expect(percentChange(1005, 1000)).toBe(1); // 0.5% rounds away from zero
    expect(percentChange(5, 0)).toBeNull();
    expect(percentChange(null, 10)).toBeNull();
    expect(percentChange(-50, -100)).toBe(50);
    expect(percentChangeText(112, 100)).toBe("+12%");
    expect(percentChangeText(90, 100)).toBe("\u221210%");
    expect(percentChangeText(100, 100)).toBe("0%");
    expect(rateChangeText({ numerator: 3, denominator: 20 }, { numerator: 1, denominator: 10 })).toBe("+5.0 pts");
    expect(rateChangeText({ numerator: 1, denominator: 8 }, { numerator: 1, denominator: 6 })).toBe("\u22124.2 pts");
    expect(rateChangeText({ numerator: 1, denominator: 8 }, null)).toBeNull();
  });

  it("compares the range's figures with the period's own orders", () => {
    const order = (id: string, day: string, subtotalAmount: number, credited: boolean): OrderFacts => ({
      order: {
        orderId: id,
        orderName: null,
        customerId: null,
        currencyCode: "USD",
        subtotalAmount,
        totalDiscountAmount: 0,
        processedAt: new Date(`${day}T12:00:00Z`),
        cancelledAt: null,
        // Every order contains the bundle's anchor; the credited ones took it up.
        anchorOffers: ["bundle:b1"],
      },
      lines: [
        {
          lineId: `${id}-1`,
          productId: null,
          variantId: null,
          quantity: 1,
          unitPriceAmount: subtotalAmount,
          discountAmount: 0,
          attribution: credited ? "bundle" : "none",
          offerId: credited ? "b1" : null,
          refundedQuantity: 0,
          refundedAmount: 0,
          unitCostAmount: null,
        },
      ],
    });
    const report = reportFromFacts({
      currency: "USD",
      timeZone: "UTC",
      range: { from: "2026-03-03", to: "2026-03-04" },
      comparison: "previous",
      facts: [
        order("a", "2026-03-01", 1000, true),
        order("b", "2026-03-02", 1000, false),
        order("c", "2026-03-03", 3000, true),
        order("d", "2026-03-04", 1000, true),
        order("e", "2026-03-05", 9999, true), // after the range
      ],
      events: [],
      titles: new Map(),
    });
    expect(report.comparison.range).toEqual({ from: "2026-03-01", to: "2026-03-02" });
    expect([report.netSalesAmount, report.comparison.figures.netSalesAmount]).toEqual([4000, 2000]);
    expect(percentChangeText(report.netSalesAmount, report.comparison.figures.netSalesAmount)).toBe("+100%");
    expect(rateChangeText(report.attachRate, report.comparison.figures.attachRate)).toBe("+50.0 pts");
    expect(report.daily.map((d) => [d.day, d.orders, d.offerRevenueAmount])).toEqual([
      ["2026-03-03", 1, 3000],
      ["2026-03-04", 1, 1000],
    ]);
    expect(report.comparison.daily.map((d) => d.attachedOrders)).toEqual([1, 0]);
  });
});

describe("the widget funnel", () => {
  it("gives the rate of each step, and no rate where the step before has nothing", () => {
    expect(funnelRates({ impressions: 200, clicks: 10, addsToCart: 8, orders: 4 })).toEqual({
      clickRate: { numerator: 10, denominator: 200 },
      addToCartRate: { numerator: 8, denominator: 200 },
      orderRate: { numerator: 4, denominator: 8 },
    });
    expect(funnelRates({ impressions: 0, clicks: 0, addsToCart: 0, orders: 2 })).toEqual({
      clickRate: null,
      addToCartRate: null,
      orderRate: null,
    });
  });

  it("counts each offer's events on their day, and an offer only seen still has a row", () => {
    const event = (kind: ReportEvent["kind"], offerId: string, at: string): ReportEvent => ({
      kind,
      offerType: "pairing",
      offerId,
      occurredAt: new Date(at),
    });
    const report = reportFromFacts({
      currency: "USD",
      timeZone: "UTC",
      range: { from: "2026-03-02", to: "2026-03-02" },
      comparison: "previous",
      facts: [],
      events: [
        event("impression", "p1", "2026-03-02T00:00:00Z"),
        event("impression", "p1", "2026-03-02T23:59:59Z"),
        event("click", "p1", "2026-03-02T10:00:00Z"),
        event("impression", "p1", "2026-03-01T10:00:00Z"), // the comparison day
        event("impression", "p1", "2026-03-03T00:00:00Z"), // after the range
      ],
      titles: new Map([["pairing:p1", "Desk setup"]]),
    });
    expect(report.funnel).toEqual({ impressions: 2, clicks: 1, addsToCart: 0, orders: 0, netRevenueAmount: 0 });
    expect(report.comparison.figures.funnel.impressions).toBe(1);
    expect(report.offers).toEqual([
      expect.objectContaining({ title: "Desk setup", orders: 0, impressions: 2, clicks: 1, addsToCart: 0 }),
    ]);
  });
});

describe("the repeat-purchase rate", () => {
  it("splits customers into bundle buyers and the others, repeat unless one-order, guests customers but never repeat", () => {
    // c1 and c2 bought an offer, c1 with an earlier order; c3 ordered twice, c4 once; 5 guest checkouts.
    const figures = customerFigures({
      guestOrders: 5,
      customers: 4,
      bundleBuyers: 2,
      oneOrderBundleBuyers: 1,
      oneOrderOthers: 1,
    });
    expect(figures).toEqual({
      customers: 9,
      bundleBuyers: { customers: 2, repeatCustomers: 1 },
      otherBuyers: { customers: 2, repeatCustomers: 1 },
    });
  });
});

describe("attach rate, returns and margin per offer", () => {
  const order = (
    id: string,
    anchorOffers: string[],
    lines: Array<Partial<LineFactRecord> & Pick<LineFactRecord, "attribution">>,
  ): OrderFacts => ({
    order: {
      orderId: id,
      orderName: null,
      customerId: null,
      currencyCode: "USD",
      subtotalAmount: lines.reduce((sum, l) => sum + (l.unitPriceAmount ?? 1000) * (l.quantity ?? 1), 0),
      totalDiscountAmount: 0,
      processedAt: new Date("2026-03-01T12:00:00Z"),
      cancelledAt: null,
      anchorOffers,
    },
    lines: lines.map((l, i) => ({
      lineId: `${id}-${i}`,
      productId: null,
      variantId: null,
      quantity: 1,
      unitPriceAmount: 1000,
      discountAmount: 0,
      offerId: null,
      refundedQuantity: 0,
      refundedAmount: 0,
      unitCostAmount: null,
      ...l,
    })),
  });
  const report = reportFromFacts({
    currency: "USD",
    timeZone: "UTC",
    range: { from: "2026-03-01", to: "2026-03-01" },
    comparison: "previous",
    events: [],
    titles: new Map([
      ["bundle:b1", "Laptop Essentials"],
      ["bundle:b2", "Desk kit"],
    ]),
    facts: [
      // Contains b1's anchor and takes b1 up: 2 units at cost 300 each, 1 returned (refund 900).
      order(
        "a",
        ["bundle:b1"],
        [
          {
            attribution: "bundle",
            offerId: "b1",
            quantity: 2,
            discountAmount: 200,
            unitCostAmount: 300,
            refundedQuantity: 1,
            refundedAmount: 900,
          },
        ],
      ),
      // Contains b1's anchor, bought nothing else.
      order("b", ["bundle:b1"], [{ attribution: "organic" }]),
      // Took b2 up without containing its anchor (the shopper removed it): uptake, not in b2's attach rate.
      order("c", [], [{ attribution: "bundle", offerId: "b2", unitCostAmount: null }]),
      // Contains b2's anchor only.
      order("d", ["bundle:b2"], [{ attribution: "none" }]),
      // No anchor at all: outside every attach rate.
      order("e", [], [{ attribution: "none" }]),
    ],
  });
  const offer = (id: string) => report.offers.find((o) => o.id === id)!;

  it("divides the orders containing an anchor that take its offer up by the orders containing the anchor", () => {
    expect([report.anchorOrders, report.anchorAttachedOrders]).toEqual([3, 1]);
    expect(ratioText(report.attachRate!)).toBe("33.3%");
    expect(report.attachedOrders).toBe(2);
    expect([offer("b1").anchorOrders, offer("b1").anchorAttachedOrders, offer("b1").orders]).toEqual([2, 1, 1]);
    expect([offer("b2").anchorOrders, offer("b2").anchorAttachedOrders, offer("b2").orders]).toEqual([1, 0, 1]);
    expect(offer("b2").attachRate).toEqual({ numerator: 0, denominator: 1 });
  });

  it("counts returned units and gives a margin after discount and refunds only when every kept unit has a cost", () => {
    const b1 = offer("b1");
    // Revenue 2 × 1000 − 200 = 1800; refunded 900; one unit kept at cost 300.
    expect([b1.revenueAmount, b1.refundedAmount, b1.netRevenueAmount, b1.returnedUnits]).toEqual([1800, 900, 900, 1]);
    expect([b1.costAmount, b1.uncostedUnits, b1.marginAmount]).toEqual([300, 0, 600]);
    expect(ratioText(b1.refundRate!)).toBe("50.0%");
    expect([offer("b2").uncostedUnits, offer("b2").marginAmount]).toEqual([1, null]);
  });
});
