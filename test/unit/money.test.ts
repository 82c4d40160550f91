import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addMoney,
  allocateAmount,
  currencyDecimals,
  formatDecimalAmount,
  formatMoneyWithCode,
  isCurrencyCode,
  money,
  MoneyError,
  multiplyMoney,
  parseDecimalAmount,
  percentageOfAmount,
  subtractMoney,
  sumMoney,
  zeroMoney,
} from "../../app/domain/money";

/** Runs `fn`, expecting a MoneyError, and returns it for further checks. */
function moneyError(fn: () => unknown): MoneyError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(MoneyError);
    return error as MoneyError;
  }
  throw new Error("expected a MoneyError, but nothing was thrown");
}

describe("currencyDecimals", () => {
  it.each([
    "BIF",
    "CLP",
    "DJF",
    "GNF",
    "ISK",
    "JPY",
    "KMF",
    "KRW",
    "PYG",
    "RWF",
    "UGX",
    "UYI",
    "VND",
    "VUV",
    "XAF",
    "XOF",
    "XPF",
  ])("treats %s as a zero-decimal currency", (code) => expect(currencyDecimals(code)).toBe(0));

  it.each(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"])("treats %s as a three-decimal currency", (code) =>
    expect(currencyDecimals(code)).toBe(3),
  );

  it.each(["USD", "EUR", "GBP", "CAD", "AUD"])("treats %s as a two-decimal currency", (code) =>
    expect(currencyDecimals(code)).toBe(2),
  );

  it.each(["usd", "US", "USDD", "", "U5D"])(
    "rejects the malformed currency code %j with a MoneyError on currency",
    (code) => {
      const error = moneyError(() => currencyDecimals(code));
      expect(error.field).toBe("currency");
      expect(error.message).toMatch(/3-letter ISO 4217 code/);
    },
  );

  it("recognises well-formed currency codes only", () => {
    expect(isCurrencyCode("USD")).toBe(true);
    expect(isCurrencyCode("usd")).toBe(false);
    expect(isCurrencyCode(840)).toBe(false);
  });
});

describe("money", () => {
  it("builds a money value from integer minor units and a currency", () => {
    expect(money(1234, "USD")).toEqual({ amount: 1234, currency: "USD" });
    expect(money(-5, "EUR")).toEqual({ amount: -5, currency: "EUR" });
    expect(zeroMoney("JPY")).toEqual({ amount: 0, currency: "JPY" });
  });

  it.each([12.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1])(
    "rejects the amount %s with a MoneyError naming the amount field",
    (amount) => expect(moneyError(() => money(amount, "USD")).field).toBe("amount"),
  );

  it("rejects a bad currency with a MoneyError naming the currency field", () => {
    expect(moneyError(() => money(100, "dollars")).field).toBe("currency");
  });

  it("accepts the largest safe integer as an amount", () => {
    expect(money(Number.MAX_SAFE_INTEGER, "USD").amount).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe("parseDecimalAmount", () => {
  it.each([
    ["12.34", "USD", 1234],
    ["1200", "USD", 120000],
    ["0.5", "USD", 50],
    ["-3.10", "USD", -310],
    ["0", "USD", 0],
    ["-0.00", "USD", 0],
    ["0.01", "USD", 1],
    ["007.50", "USD", 750],
    ["1200", "JPY", 1200],
    ["1200.0", "JPY", 1200],
    ["1.5", "KWD", 1500],
    ["1.234", "KWD", 1234],
    ["12.340", "USD", 1234],
    ["90071992547409.91", "USD", Number.MAX_SAFE_INTEGER],
  ])("parses %s %s as %i minor units", (text, currency, expected) => {
    expect(parseDecimalAmount(text, currency)).toBe(expected);
  });

  it("never returns negative zero", () => {
    expect(Object.is(parseDecimalAmount("-0.00", "USD"), 0)).toBe(true);
  });

  it("parses amounts that floats get wrong exactly", () => {
    // 1.005 * 100 === 100.49999999999999 in floating point.
    expect(parseDecimalAmount("1.005", "KWD")).toBe(1005);
    expect(parseDecimalAmount("0.29", "USD")).toBe(29); // 0.29 * 100 === 28.999999999999996
    expect(parseDecimalAmount("4.35", "USD")).toBe(435); // 4.35 * 100 === 434.99999999999994
  });

  it("rejects more decimals than the currency allows, naming the text and currency", () => {
    const error = moneyError(() => parseDecimalAmount("12.345", "USD"));
    expect(error.message).toBe("12.345 has more decimals than USD allows");
    expect(error.field).toBe("amount");
    expect(moneyError(() => parseDecimalAmount("1200.5", "JPY")).message).toBe(
      "1200.5 has more decimals than JPY allows",
    );
    expect(moneyError(() => parseDecimalAmount("1.0001", "KWD")).message).toBe(
      "1.0001 has more decimals than KWD allows",
    );
  });

  it.each([
    "",
    "abc",
    "1e5",
    "NaN",
    "Infinity",
    " 12",
    "12 ",
    "1,200.00",
    "+5",
    ".5",
    "5.",
    "--1",
    "0x10",
    "12.3.4",
    "١٢",
  ])("rejects %j as not a decimal amount", (text) => {
    const error = moneyError(() => parseDecimalAmount(text, "USD"));
    expect(error.field).toBe("amount");
    expect(error.message).toMatch(/is not an amount like 12\.34/);
  });

  it("rejects amounts beyond the safe integer range instead of losing precision", () => {
    expect(moneyError(() => parseDecimalAmount("90071992547409.92", "USD")).message).toMatch(/too large/);
    expect(moneyError(() => parseDecimalAmount("9".repeat(5000), "USD")).message).toMatch(/too large/);
  });

  it("keeps error messages short for huge input", () => {
    expect(moneyError(() => parseDecimalAmount("x".repeat(100_000), "USD")).message.length).toBeLessThan(80);
  });

  it("rejects a bad currency code", () => {
    expect(moneyError(() => parseDecimalAmount("1.00", "XX")).field).toBe("currency");
  });
});

describe("formatDecimalAmount", () => {
  it.each([
    [1234, "USD", "12.34"],
    [1200, "JPY", "1200"],
    [-5, "USD", "-0.05"],
    [0, "USD", "0.00"],
    [7, "USD", "0.07"],
    [1500, "KWD", "1.500"],
    [1, "KWD", "0.001"],
    [-120000, "USD", "-1200.00"],
    [0, "JPY", "0"],
  ])("formats %i %s as %s", (amount, currency, expected) => {
    expect(formatDecimalAmount(money(amount, currency))).toBe(expected);
  });

  it("shows the currency code after the figure for merchant messages", () => {
    expect(formatMoneyWithCode(money(12999, "USD"))).toBe("129.99 USD");
  });

  it("round-trips with parseDecimalAmount for every safe amount and currency", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
        fc.constantFrom("USD", "JPY", "KWD"),
        (amount, currency) => {
          expect(parseDecimalAmount(formatDecimalAmount(money(amount, currency)), currency)).toBe(amount);
        },
      ),
    );
  });
});

describe("money arithmetic", () => {
  it("adds and subtracts amounts in the same currency", () => {
    expect(addMoney(money(1999, "USD"), money(1, "USD"))).toEqual(money(2000, "USD"));
    expect(subtractMoney(money(1000, "USD"), money(1999, "USD"))).toEqual(money(-999, "USD"));
  });

  it("refuses to add, subtract or sum different currencies", () => {
    expect(moneyError(() => addMoney(money(1, "USD"), money(1, "EUR"))).message).toBe("Cannot add USD and EUR amounts");
    expect(moneyError(() => subtractMoney(money(1, "USD"), money(1, "EUR"))).field).toBe("currency");
    expect(moneyError(() => sumMoney([money(1, "USD"), money(1, "EUR")], "USD")).field).toBe("currency");
    expect(moneyError(() => sumMoney([money(1, "EUR")], "USD")).message).toBe("Cannot add USD and EUR amounts");
  });

  it("sums a list exactly, and an empty list to zero in the given currency", () => {
    expect(sumMoney([money(10, "USD"), money(20, "USD"), money(-5, "USD")], "USD")).toEqual(money(25, "USD"));
    expect(sumMoney([], "JPY")).toEqual(money(0, "JPY"));
  });

  it("refuses results beyond the safe integer range", () => {
    expect(moneyError(() => addMoney(money(Number.MAX_SAFE_INTEGER, "USD"), money(1, "USD"))).field).toBe("amount");
    expect(moneyError(() => multiplyMoney(money(Number.MAX_SAFE_INTEGER, "USD"), 2)).field).toBe("amount");
  });

  it("multiplies a unit price by a whole quantity", () => {
    expect(multiplyMoney(money(1999, "USD"), 3)).toEqual(money(5997, "USD"));
    expect(moneyError(() => multiplyMoney(money(1999, "USD"), 1.5)).field).toBe("quantity");
  });
});

describe("percentageOfAmount", () => {
  it.each([
    [4999, 15, 750], // 749.85
    [1000, 10, 100],
    [1, 50, 1], // 0.5 rounds half up
    [3, 50, 2], // 1.5 rounds half up
    [10, 5, 1], // 0.5 rounds half up
    [9, 5, 0], // 0.45 rounds down
    [12345, 0, 0],
    [12345, 100, 12345],
    [-4999, 15, -750], // half away from zero for negatives
  ])("%i × %i%% = %i", (amount, percent, expected) => {
    expect(percentageOfAmount(amount, percent)).toBe(expected);
  });

  it("is exact for amounts where amount × percent exceeds the safe integer range", () => {
    expect(percentageOfAmount(Number.MAX_SAFE_INTEGER, 50)).toBe(4503599627370496); // 4503599627370495.5 → up
  });

  it.each([-1, 101, 12.5, Number.NaN])("rejects the percent %s", (percent) => {
    expect(moneyError(() => percentageOfAmount(1000, percent)).field).toBe("percent");
  });

  it("rejects a non-integer amount", () => {
    expect(moneyError(() => percentageOfAmount(10.5, 10)).field).toBe("amount");
  });

  it("matches exact rational rounding for any amount and whole percent", () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.integer({ min: 0, max: 100 }), (amount, percent) => {
        const product = BigInt(amount) * BigInt(percent);
        const result = BigInt(percentageOfAmount(amount, percent));
        // result is the integer nearest product/100, halves rounded up: |100·result − product| ≤ 50,
        // and exactly 50 only when rounding up.
        const diff = result * 100n - product;
        expect(diff >= -49n && diff <= 50n).toBe(true);
      }),
    );
  });
});

describe("allocateAmount", () => {
  it("splits 100 across 3 equal lines as 34, 33, 33 (leftover cent to the first line)", () => {
    expect(allocateAmount(100, [1, 1, 1])).toEqual([34, 33, 33]);
  });

  it("splits proportionally to the weights", () => {
    expect(allocateAmount(1000, [3000, 1000])).toEqual([750, 250]);
    expect(allocateAmount(10, [1, 2, 3, 4])).toEqual([1, 2, 3, 4]);
  });

  it("gives leftover units to the largest remainders, not simply the first lines", () => {
    // Exact shares: 1.2, 1.2, 2.6 → floors 1, 1, 2 with one unit left for the 0.6 remainder.
    expect(allocateAmount(5, [6, 6, 13])).toEqual([1, 1, 3]);
  });

  it("breaks remainder ties in favour of the earlier line", () => {
    expect(allocateAmount(2, [1, 1, 1])).toEqual([1, 1, 0]);
    expect(allocateAmount(1, [5, 5])).toEqual([1, 0]);
  });

  it("spreads a ¥1000 discount over ¥2980, ¥1980 and ¥980 lines so it sums to exactly ¥1000", () => {
    const parts = allocateAmount(1000, [2980, 1980, 980]);
    expect(parts).toEqual([502, 333, 165]);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(1000);
  });

  it("spreads a 1.000 KWD discount (1000 fils) over three-decimal prices exactly", () => {
    const weights = [
      parseDecimalAmount("4.750", "KWD"),
      parseDecimalAmount("2.125", "KWD"),
      parseDecimalAmount("0.995", "KWD"),
    ];
    const parts = allocateAmount(parseDecimalAmount("1.000", "KWD"), weights);
    expect(parts).toEqual([604, 270, 126]);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(1000);
  });

  it("splits equally when every weight is zero", () => {
    expect(allocateAmount(100, [0, 0, 0])).toEqual([34, 33, 33]);
    expect(allocateAmount(0, [0, 0])).toEqual([0, 0]);
  });

  it("gives nothing to zero-weight lines when other lines have weight", () => {
    expect(allocateAmount(99, [0, 10, 0, 20])).toEqual([0, 33, 0, 66]);
  });

  it("returns an empty split for a zero total over no lines and refuses a non-zero one", () => {
    expect(allocateAmount(0, [])).toEqual([]);
    const error = moneyError(() => allocateAmount(100, []));
    expect(error.field).toBe("weights");
    expect(error.message).toBe("Cannot split 100 across no lines");
  });

  it("rejects negative or non-integer totals and weights, naming the input", () => {
    expect(moneyError(() => allocateAmount(-1, [1])).field).toBe("total");
    expect(moneyError(() => allocateAmount(1.5, [1])).field).toBe("total");
    expect(moneyError(() => allocateAmount(Number.NaN, [1])).field).toBe("total");
    expect(moneyError(() => allocateAmount(10, [1, -2])).field).toBe("weights[1]");
    expect(moneyError(() => allocateAmount(10, [0.5, 1])).field).toBe("weights[0]");
    expect(moneyError(() => allocateAmount(10, [Number.POSITIVE_INFINITY])).field).toBe("weights[0]");
  });

  it("stays exact when the total and weights are near the safe integer limit", () => {
    const max = Number.MAX_SAFE_INTEGER;
    const parts = allocateAmount(max, [max, max, max]);
    expect(parts).toEqual([3002399751580331, 3002399751580330, 3002399751580330]);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(max);
  });

  const weightsArb = fc.array(fc.maxSafeNat(), { minLength: 1, maxLength: 12 });
  const smallWeightsArb = fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 12 });
  const bigSum = (xs: readonly number[]) => xs.reduce((a, b) => a + BigInt(b), 0n);

  it("always returns non-negative parts that sum exactly to the total (property)", () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.oneof(weightsArb, smallWeightsArb), (total, weights) => {
        const parts = allocateAmount(total, weights);
        expect(parts).toHaveLength(weights.length);
        expect(parts.every((p) => Number.isSafeInteger(p) && p >= 0)).toBe(true);
        expect(bigSum(parts)).toBe(BigInt(total));
      }),
    );
  });

  it("never gives a line more than its weight when the total fits within the weights (property)", () => {
    fc.assert(
      fc.property(
        fc.oneof(weightsArb, smallWeightsArb).filter((w) => bigSum(w) > 0n),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (weights, fraction) => {
          const cap =
            bigSum(weights) < BigInt(Number.MAX_SAFE_INTEGER) ? Number(bigSum(weights)) : Number.MAX_SAFE_INTEGER;
          const total = Math.floor(cap * fraction);
          const parts = allocateAmount(total, weights);
          parts.forEach((part, i) => expect(part).toBeLessThanOrEqual(weights[i] ?? -1));
        },
      ),
    );
  });

  it("keeps each part within 1 of its exact proportional share (property)", () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.oneof(weightsArb, smallWeightsArb), (total, weights) => {
        const parts = allocateAmount(total, weights);
        const allZero = weights.every((w) => w === 0);
        const effective = allZero ? weights.map(() => 1) : weights;
        const sum = bigSum(effective);
        parts.forEach((part, i) => {
          // |part − total·w/sum| < 1  ⇔  |part·sum − total·w| < sum
          const gap = BigInt(part) * sum - BigInt(total) * BigInt(effective[i] ?? 0);
          expect(gap < sum && -gap < sum).toBe(true);
        });
      }),
    );
  });

  it("gives a heavier line at least as much as a lighter one (property)", () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), smallWeightsArb, (total, weights) => {
        const parts = allocateAmount(total, weights);
        for (let i = 0; i < weights.length; i++) {
          for (let j = 0; j < weights.length; j++) {
            if ((weights[i] ?? 0) > (weights[j] ?? 0)) expect(parts[i]).toBeGreaterThanOrEqual(parts[j] ?? 0);
          }
        }
      }),
    );
  });
});
