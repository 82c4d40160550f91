import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { convertAmount, parseAmount, parseRate } from "../src/money";

describe("parseAmount", () => {
  it("reads Shopify's decimal strings and JSON numbers as minor units", () => {
    expect(parseAmount("12.34", "USD")).toBe(1234);
    expect(parseAmount("1200.0", "JPY")).toBe(1200);
    expect(parseAmount("3075.0", "USD")).toBe(307500);
    expect(parseAmount("1.5", "KWD")).toBe(1500);
    expect(parseAmount(19.99, "USD")).toBe(1999);
  });

  it("rounds digits beyond the currency's minor unit half up", () => {
    expect(parseAmount("12.345", "USD")).toBe(1235);
    expect(parseAmount("12.3449", "USD")).toBe(1234);
    expect(parseAmount("1200.5", "JPY")).toBe(1201);
  });

  it("gives null instead of throwing for anything it cannot read", () => {
    for (const bad of ["", "-1.00", "1e3", "abc", null, undefined, {}, Number.NaN]) {
      expect(parseAmount(bad, "USD")).toBeNull();
    }
    expect(parseAmount("1.00", "usd")).toBeNull();
  });
});

describe("convertAmount", () => {
  it("multiplies by the rate and rounds half up to the target currency's minor unit", () => {
    expect(convertAmount(1500, "USD", "EUR", parseRate("0.9134"))).toBe(1370); // 13.701
    expect(convertAmount(1500, "USD", "JPY", parseRate("151.237"))).toBe(2269); // 2268.555
    expect(convertAmount(100_000, "JPY", "USD", parseRate("0.00665"))).toBe(66_500); // ¥100,000 → $665.00
    expect(convertAmount(999, "JPY", "USD", parseRate("0.006655"))).toBe(665); // ¥999 → $6.648345 → $6.65
    expect(convertAmount(1000, "USD", "KWD", parseRate("0.3071"))).toBe(3071); // $10.00 → 3.071 KWD
    expect(convertAmount(5, "USD", "EUR", parseRate("0.9"))).toBe(5); // 0.045 → 0.05 (half up)
  });

  it("leaves an amount in the same currency unchanged, whatever the rate", () => {
    expect(convertAmount(1234, "USD", "USD", parseRate("7.5"))).toBe(1234);
    expect(convertAmount(1234, "USD", "USD", null)).toBe(1234);
  });

  it("cannot convert without a positive rate", () => {
    expect(parseRate("0")).toBeNull();
    expect(parseRate("-1.2")).toBeNull();
    expect(parseRate("abc")).toBeNull();
    expect(convertAmount(1500, "USD", "EUR", null)).toBeNull();
  });

  it("is exact: never more than half a minor unit from the true product", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 1, max: 9_999_999 }),
        (amount, rateTenThousandths) => {
          const rate = (rateTenThousandths / 10_000).toFixed(4);
          const converted = convertAmount(amount, "USD", "EUR", parseRate(rate))!;
          const exact = BigInt(amount) * BigInt(rateTenThousandths); // in 1/10,000 cents
          expect(BigInt(converted) * 10_000n - exact <= 5_000n).toBe(true);
          expect(exact - BigInt(converted) * 10_000n < 5_000n).toBe(true);
        },
      ),
    );
  });
});
