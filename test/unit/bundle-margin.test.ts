import { describe, expect, it } from "vitest";
import { priceBundle } from "../../app/domain/bundle";
import { bundleMargin, formatBasisPoints, marginBasisPoints, marginFloorErrors } from "../../app/domain/bundle-margin";
import { money } from "../../app/domain/money";

const P = (n: number) => `gid://shopify/Product/${n}`;
const usd = (amount: number) => money(amount, "USD");

// Laptop 1,000.00 + sleeve 50.00 at 10% off: the saving 105.00 splits 100.00 / 5.00.
const price = priceBundle(
  {
    currencyCode: "USD",
    discount: { kind: "percentage", value: 10 },
    parts: [
      { productId: P(1), variantId: null, quantity: 1 },
      { productId: P(2), variantId: null, quantity: 2 },
    ],
  },
  { [P(1)]: usd(100_000), [P(2)]: usd(2_500) },
);

describe("bundleMargin", () => {
  it("works out each part's revenue after its share of the saving, its cost and its margin", () => {
    const margin = bundleMargin(price, [usd(80_000), usd(1_000)]);
    expect(margin.parts).toEqual([
      { revenue: usd(90_000), cost: usd(80_000), margin: usd(10_000), marginBasisPoints: 1111 },
      { revenue: usd(4_500), cost: usd(2_000), margin: usd(2_500), marginBasisPoints: 5555 },
    ]);
    expect(margin.known).toEqual({
      revenue: usd(94_500),
      cost: usd(82_000),
      margin: usd(12_500),
      marginBasisPoints: 1322,
    });
    expect(margin.unknownCost).toEqual([]);
  });

  it("flags parts without a known cost and leaves them out of the totals instead of counting them as free", () => {
    const margin = bundleMargin(price, [null, usd(1_000)]);
    expect(margin.parts[0]).toEqual({ revenue: usd(90_000), cost: null, margin: null, marginBasisPoints: null });
    expect(margin.unknownCost).toEqual([0]);
    expect(margin.known.revenue).toEqual(usd(4_500));
    expect(margin.known.cost).toEqual(usd(2_000));
  });

  it("treats a cost in another currency as unknown", () => {
    expect(bundleMargin(price, [money(80_000, "EUR"), usd(1_000)]).unknownCost).toEqual([0]);
  });
});

describe("marginFloorErrors", () => {
  const names = ["Laptop 14", "Laptop Sleeve"];

  it("refuses a part below the floor with a message naming the part and the figures", () => {
    const margin = bundleMargin(price, [usd(80_000), usd(1_000)]);
    expect(marginFloorErrors(margin, 2000, names)).toEqual([
      {
        field: "parts[0]",
        message:
          "Laptop 14 would sell for 900.00 USD in this bundle against a cost of 800.00 USD: a 11.11% margin, below your margin floor of 20%",
      },
    ]);
  });

  it("accepts parts exactly at the floor, and checks nothing without a floor or without a cost", () => {
    // 900.00 revenue, 720.00 cost: exactly 20%.
    expect(marginFloorErrors(bundleMargin(price, [usd(72_000), usd(1_000)]), 2000, names)).toEqual([]);
    expect(marginFloorErrors(bundleMargin(price, [usd(72_001), usd(1_000)]), 2000, names)).toHaveLength(1);
    expect(marginFloorErrors(bundleMargin(price, [usd(99_000), usd(1_000)]), null, names)).toEqual([]);
    expect(marginFloorErrors(bundleMargin(price, [null, usd(1_000)]), 2000, names)).toEqual([]);
  });

  it("reports a loss-making part with its negative margin", () => {
    const [error] = marginFloorErrors(bundleMargin(price, [usd(95_000), usd(1_000)]), 0, names);
    expect(error?.message).toContain("a -5.55% margin, below your margin floor of 0%");
  });
});

describe("marginBasisPoints and formatBasisPoints", () => {
  it("round toward zero exactly and print basis points as a percentage", () => {
    expect(marginBasisPoints(1, 3)).toBe(3333);
    expect(marginBasisPoints(-1, 3)).toBe(-3333);
    expect(marginBasisPoints(5, 0)).toBeNull();
    expect([formatBasisPoints(2000), formatBasisPoints(1250), formatBasisPoints(-325), formatBasisPoints(5)]).toEqual([
      "20%",
      "12.5%",
      "-3.25%",
      "0.05%",
    ]);
  });
});
