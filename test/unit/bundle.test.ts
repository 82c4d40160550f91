import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BUNDLE_MESSAGES,
  BUNDLE_STATUSES,
  bundleSaving,
  isBundleLive,
  parseBundle,
  parseIsoDate,
  partPriceKey,
  priceBundle,
  type BundleDraft,
} from "../../app/domain/bundle";
import { money, MoneyError, type Money } from "../../app/domain/money";
import { PRODUCT_ID_MESSAGE, VARIANT_ID_MESSAGE } from "../../app/domain/shopify-id";
import type { FieldError, Result } from "../../app/domain/validation";

const P = (n: number) => `gid://shopify/Product/${n}`;
const V = (n: number) => `gid://shopify/ProductVariant/${n}`;

function validInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: "Espresso starter kit",
    currencyCode: "USD",
    parts: [
      { productId: P(1), quantity: 1 },
      { productId: P(2), variantId: V(20), quantity: 2 },
    ],
    discount: { kind: "percentage", value: 15 },
    ...overrides,
  };
}

function errorsOf<T>(result: Result<T>): FieldError[] {
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.value)}`);
  return result.errors;
}

function valueOf<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.errors)}`);
  return result.value;
}

/** The input is rejected with exactly this one error. */
function expectOnlyError(input: unknown, field: string, message: string): void {
  expect(errorsOf(parseBundle(input))).toEqual([{ field, message }]);
}

const partsOf = (count: number) => Array.from({ length: count }, (_, i) => ({ productId: P(i + 1), quantity: 1 }));

describe("parseBundle: a valid bundle", () => {
  it("parses valid input into a draft with defaults filled in", () => {
    expect(valueOf(parseBundle(validInput()))).toEqual({
      title: "Espresso starter kit",
      status: "draft",
      currencyCode: "USD",
      parts: [
        { productId: P(1), variantId: null, quantity: 1 },
        { productId: P(2), variantId: V(20), quantity: 2 },
      ],
      discount: { kind: "percentage", value: 15 },
      startsAt: null,
      endsAt: null,
    });
  });

  it("trims the title", () => {
    expect(valueOf(parseBundle(validInput({ title: "  Kit  " }))).title).toBe("Kit");
  });

  it.each(BUNDLE_STATUSES)("accepts the status %s", (status) => {
    expect(valueOf(parseBundle(validInput({ status }))).status).toBe(status);
  });

  it("accepts a title of exactly 100 characters", () => {
    expect(valueOf(parseBundle(validInput({ title: "x".repeat(100) }))).title).toHaveLength(100);
  });

  it("accepts between 2 and 10 parts and quantities from 1 to 99", () => {
    expect(valueOf(parseBundle(validInput({ parts: partsOf(10) }))).parts).toHaveLength(10);
    const parts = [
      { productId: P(1), quantity: 1 },
      { productId: P(2), quantity: 99 },
    ];
    expect(valueOf(parseBundle(validInput({ parts }))).parts.map((p) => p.quantity)).toEqual([1, 99]);
  });

  it("accepts a null variant as 'any variant'", () => {
    const parts = [
      { productId: P(1), variantId: null, quantity: 1 },
      { productId: P(2), quantity: 1 },
    ];
    expect(valueOf(parseBundle(validInput({ parts }))).parts.map((p) => p.variantId)).toEqual([null, null]);
  });

  it("drops unknown keys", () => {
    expect(valueOf(parseBundle(validInput({ shop: "evil.myshopify.com" })))).not.toHaveProperty("shop");
  });
});

describe("parseBundle: title", () => {
  it.each([
    ["missing", undefined],
    ["empty", ""],
    ["blank", "   "],
    ["a number", 42],
    ["null", null],
  ])("asks for a title when it is %s", (_, title) => {
    expectOnlyError(validInput({ title }), "title", "Give the bundle a title");
  });

  it("rejects a title over 100 characters, even a huge one", () => {
    expectOnlyError(validInput({ title: "x".repeat(101) }), "title", "Keep the title under 100 characters");
    expectOnlyError(validInput({ title: "x".repeat(1_000_000) }), "title", "Keep the title under 100 characters");
  });

  it.each([
    ["a NUL (PostgreSQL cannot store it)", "Desk\u0000Kit"],
    ["a line break", "Desk\nKit"],
    ["a C1 control", "Desk\u0085Kit"],
  ])("rejects a title with %s", (_, title) => {
    expectOnlyError(validInput({ title }), "title", "Remove the invisible control characters from the title");
  });
});

describe("parseBundle: status and currency", () => {
  it.each(["live", "ACTIVE", 1, null])("rejects the status %j", (status) => {
    expectOnlyError(validInput({ status }), "status", "Choose a status: draft, active or paused");
  });

  it.each(["usd", "US", "DOLLARS", 840, undefined])("rejects the currency %j", (currencyCode) => {
    expectOnlyError(
      validInput({ currencyCode }),
      "currencyCode",
      "Choose the bundle's currency (a 3-letter code like USD)",
    );
  });
});

describe("parseBundle: parts", () => {
  it.each([
    ["missing", undefined],
    ["not a list", "gid://shopify/Product/1"],
    ["a long string", "x".repeat(50)],
    ["empty", []],
    ["a single product", partsOf(1)],
  ])("needs 2 or more products when the parts are %s", (_, parts) => {
    expectOnlyError(validInput({ parts }), "parts", "A bundle needs 2 or more different products");
  });

  it("allows at most 10 products", () => {
    expectOnlyError(validInput({ parts: partsOf(11) }), "parts", "A bundle can have at most 10 products");
  });

  it("asks for a product and quantity when a part is not an object", () => {
    expectOnlyError(
      validInput({ parts: [{ productId: P(1), quantity: 1 }, "gid://shopify/Product/2"] }),
      "parts[1]",
      "Each product in the bundle needs a product and a quantity",
    );
  });

  it.each([undefined, "", "123", V(1), "gid://shopify/Product/abc"])("rejects the product id %j", (productId) => {
    expectOnlyError(
      validInput({
        parts: [
          { productId: P(1), quantity: 1 },
          { productId, quantity: 1 },
        ],
      }),
      "parts[1].productId",
      "Choose a product (expected a Shopify product id)",
    );
  });

  it.each([P(1), "", 5])("rejects the variant id %j", (variantId) => {
    expectOnlyError(
      validInput({
        parts: [
          { productId: P(1), variantId, quantity: 1 },
          { productId: P(2), quantity: 1 },
        ],
      }),
      "parts[0].variantId",
      "Choose a product variant (expected a Shopify variant id)",
    );
  });

  it.each([0, -1, 100, 1.5, "2", Number.NaN, Number.POSITIVE_INFINITY, null, undefined, 2 ** 60])(
    "rejects the quantity %s",
    (quantity) => {
      expectOnlyError(
        validInput({
          parts: [
            { productId: P(1), quantity: 1 },
            { productId: P(2), quantity },
          ],
        }),
        "parts[1].quantity",
        "Quantity must be a whole number from 1 to 99",
      );
    },
  );

  it("rejects a product listed twice, on each repeat, suggesting a higher quantity", () => {
    const parts = [
      { productId: P(1), quantity: 1 },
      { productId: P(2), quantity: 1 },
      { productId: P(1), quantity: 1 },
      { productId: P(1), variantId: V(9), quantity: 1 },
    ];
    const message = "This product is already in the bundle — raise its quantity instead";
    expect(errorsOf(parseBundle(validInput({ parts })))).toEqual([
      { field: "parts[2].productId", message },
      { field: "parts[3].productId", message },
    ]);
  });

  it("reports a repeated product even when another part has an error", () => {
    const parts = [
      { productId: P(1), quantity: 0 },
      { productId: P(1), quantity: 1 },
    ];
    expect(errorsOf(parseBundle(validInput({ parts })))).toEqual([
      { field: "parts[0].quantity", message: "Quantity must be a whole number from 1 to 99" },
      { field: "parts[1].productId", message: BUNDLE_MESSAGES.duplicateProduct },
    ]);
  });

  it("does not call two invalid product ids a repeat", () => {
    const parts = [
      { productId: "bad", quantity: 1 },
      { productId: "bad", quantity: 1 },
    ];
    expect(errorsOf(parseBundle(validInput({ parts }))).map((e) => e.message)).not.toContain(
      BUNDLE_MESSAGES.duplicateProduct,
    );
  });
});

describe("parseBundle: discount", () => {
  it.each([undefined, null, 15, "percentage"])("asks for a discount when it is %j", (discount) => {
    expectOnlyError(validInput({ discount }), "discount", "Choose a discount for the bundle");
  });

  it.each([{ kind: "bogo", value: 1 }, { value: 10 }, { kind: null, value: 10 }])(
    "rejects the discount type in %j",
    (discount) => {
      expectOnlyError(
        validInput({ discount }),
        "discount.kind",
        "Choose a discount type: percentage off, amount off or a fixed bundle price",
      );
    },
  );

  it.each([1, 90])("accepts %i percent off", (value) => {
    expect(valueOf(parseBundle(validInput({ discount: { kind: "percentage", value } }))).discount.value).toBe(value);
  });

  it.each([0, 91, 100, -5, 12.5, "10", Number.NaN, undefined])("rejects %s percent off", (value) => {
    expectOnlyError(
      validInput({ discount: { kind: "percentage", value } }),
      "discount.value",
      "Percentage off must be a whole number from 1 to 90",
    );
  });

  it.each([0, -100, 1.5, "abc", Number.NaN, Number.MAX_SAFE_INTEGER + 1, undefined])(
    "rejects the amount off %s",
    (value) => {
      expectOnlyError(
        validInput({ discount: { kind: "fixed_amount_off", value } }),
        "discount.value",
        "The amount off must be more than zero",
      );
    },
  );

  it.each([0, -1, 9.99, "9999", null])("rejects the fixed bundle price %s", (value) => {
    expectOnlyError(
      validInput({ discount: { kind: "fixed_price", value } }),
      "discount.value",
      "The bundle price must be more than zero",
    );
  });

  it("accepts positive minor-unit amounts for amount-off and fixed-price discounts", () => {
    expect(valueOf(parseBundle(validInput({ discount: { kind: "fixed_amount_off", value: 1 } }))).discount).toEqual({
      kind: "fixed_amount_off",
      value: 1,
    });
    expect(valueOf(parseBundle(validInput({ discount: { kind: "fixed_price", value: 9999 } }))).discount).toEqual({
      kind: "fixed_price",
      value: 9999,
    });
  });
});

describe("parseBundle: schedule", () => {
  it("accepts ISO strings and Date objects for the schedule", () => {
    const draft = valueOf(
      parseBundle(validInput({ startsAt: "2025-03-01", endsAt: new Date("2025-03-31T12:00:00.000Z") })),
    );
    expect(draft.startsAt?.toISOString()).toBe("2025-03-01T00:00:00.000Z");
    expect(draft.endsAt?.toISOString()).toBe("2025-03-31T12:00:00.000Z");
  });

  it("applies the offset of an ISO date-time", () => {
    const draft = valueOf(parseBundle(validInput({ startsAt: "2025-03-01T09:30:00+02:00" })));
    expect(draft.startsAt?.toISOString()).toBe("2025-03-01T07:30:00.000Z");
  });

  it("treats missing, null and empty dates as no date", () => {
    const draft = valueOf(parseBundle(validInput({ startsAt: null, endsAt: "" })));
    expect(draft.startsAt).toBeNull();
    expect(draft.endsAt).toBeNull();
  });

  it("copies a Date input so later changes to it do not move the schedule", () => {
    const start = new Date("2025-03-01T00:00:00Z");
    const draft = valueOf(parseBundle(validInput({ startsAt: start })));
    start.setUTCFullYear(2030);
    expect(draft.startsAt?.toISOString()).toBe("2025-03-01T00:00:00.000Z");
  });

  it.each([
    "tomorrow",
    "2025-02-30",
    "2025-13-01",
    "2025-1-1",
    "2025-01-01T10:00",
    "2025-01-01T25:00:00Z",
    "2025-01-01 10:00:00Z",
    "1741000000000",
    1741000000000,
    new Date("not a date"),
    { date: "2025-01-01" },
  ])("rejects the start date %j", (startsAt) => {
    expectOnlyError(validInput({ startsAt }), "startsAt", "Enter a valid start date");
  });

  it("rejects an invalid end date", () => {
    expectOnlyError(validInput({ endsAt: "2025-04-31" }), "endsAt", "Enter a valid end date");
  });

  it.each([
    ["before", "2025-02-01"],
    ["equal to", "2025-03-01T00:00:00Z"],
  ])("rejects an end date %s the start date", (_, endsAt) => {
    expectOnlyError(
      validInput({ startsAt: "2025-03-01", endsAt }),
      "endsAt",
      "The end date must be after the start date",
    );
  });

  it("accepts an end date without a start date and vice versa", () => {
    expect(parseBundle(validInput({ endsAt: "2025-03-01" })).ok).toBe(true);
    expect(parseBundle(validInput({ startsAt: "2025-03-01" })).ok).toBe(true);
  });

  it("checks the end is after the start even when other fields are wrong", () => {
    const errors = errorsOf(parseBundle(validInput({ title: "", startsAt: "2025-03-02", endsAt: "2025-03-01" })));
    expect(errors).toContainEqual({ field: "endsAt", message: "The end date must be after the start date" });
    expect(errors).toContainEqual({ field: "title", message: "Give the bundle a title" });
  });
});

describe("parseIsoDate", () => {
  it("parses dates, date-times with Z or an offset, and milliseconds", () => {
    expect(parseIsoDate("2024-02-29")?.toISOString()).toBe("2024-02-29T00:00:00.000Z");
    expect(parseIsoDate("2025-03-01T10:00Z")?.toISOString()).toBe("2025-03-01T10:00:00.000Z");
    expect(parseIsoDate("2025-03-01T10:00:00.5-05:30")?.toISOString()).toBe("2025-03-01T15:30:00.500Z");
  });

  it("rejects impossible dates and times instead of rolling them over", () => {
    expect(parseIsoDate("2025-02-29")).toBeNull();
    expect(parseIsoDate("2025-00-10")).toBeNull();
    expect(parseIsoDate("2025-01-00")).toBeNull();
    expect(parseIsoDate("2025-01-01T24:00:00Z")).toBeNull();
    expect(parseIsoDate("2025-01-01T10:60:00Z")).toBeNull();
    expect(parseIsoDate("2025-01-01T10:00:00+24:00")).toBeNull();
  });
});

describe("parseBundle: bad input never throws", () => {
  it.each([null, undefined, 42, "bundle", [], true])("reports the non-object input %j on the form", (input) => {
    expectOnlyError(input, "form", "Enter the bundle's details");
  });

  it("reports every missing field of an empty object", () => {
    expect(errorsOf(parseBundle({})).map((e) => e.field)).toEqual(["title", "currencyCode", "parts", "discount"]);
  });

  it("collects every error at once instead of stopping at the first", () => {
    const errors = errorsOf(
      parseBundle({
        title: "",
        status: "live",
        currencyCode: "usd",
        parts: [
          { productId: P(1), quantity: 0 },
          { productId: P(1), quantity: 1 },
          { productId: "nope", variantId: "x", quantity: 1 },
        ],
        discount: { kind: "percentage", value: 95 },
        startsAt: "2025-03-02",
        endsAt: "2025-03-01",
      }),
    );
    expect(errors.map((e) => e.field).sort()).toEqual(
      [
        "title",
        "status",
        "currencyCode",
        "parts[0].quantity",
        "parts[1].productId",
        "parts[2].productId",
        "parts[2].variantId",
        "discount.value",
        "endsAt",
      ].sort(),
    );
  });

  const knownMessages = new Set<string>([...Object.values(BUNDLE_MESSAGES), PRODUCT_ID_MESSAGE, VARIANT_ID_MESSAGE]);

  it("answers arbitrary input with merchant messages, never a throw or a zod default (property)", () => {
    const partArb = fc.record(
      { productId: fc.oneof(fc.constantFrom(P(1), P(2), P(3)), fc.anything()), quantity: fc.anything() },
      { requiredKeys: [] },
    );
    const inputArb = fc.oneof(
      fc.anything(),
      fc.record(
        {
          title: fc.oneof(fc.string(), fc.anything()),
          status: fc.oneof(fc.constantFrom(...BUNDLE_STATUSES), fc.anything()),
          currencyCode: fc.oneof(fc.constantFrom("USD", "JPY"), fc.anything()),
          parts: fc.oneof(fc.array(partArb, { maxLength: 12 }), fc.anything()),
          discount: fc.oneof(
            fc.record({ kind: fc.constantFrom("percentage", "fixed_amount_off", "fixed_price"), value: fc.anything() }),
            fc.anything(),
          ),
          startsAt: fc.oneof(fc.date(), fc.string(), fc.anything()),
          endsAt: fc.oneof(fc.date(), fc.string(), fc.anything()),
        },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = parseBundle(input, { partPrices: { [P(1)]: money(1000, "USD") } });
        if (result.ok) return;
        for (const error of result.errors) {
          expect(error.field).toMatch(
            /^(form|title|status|currencyCode|parts(\[\d+\](\.\w+)?)?|discount(\.\w+)?|startsAt|endsAt)$/,
          );
          expect(knownMessages.has(error.message) || /^The (amount off|bundle price) \(/.test(error.message)).toBe(
            true,
          );
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe("parseBundle with prices", () => {
  // Part 1: $49.99 × 1; part 2 (variant 20): $40.00 × 2 → full price $129.99.
  const partPrices: Record<string, Money> = { [P(1)]: money(4999, "USD"), [V(20)]: money(4000, "USD") };

  it("accepts a bundle whose discount leaves something to pay", () => {
    expect(parseBundle(validInput({ discount: { kind: "fixed_amount_off", value: 12998 } }), { partPrices }).ok).toBe(
      true,
    );
    expect(parseBundle(validInput({ discount: { kind: "fixed_price", value: 12998 } }), { partPrices }).ok).toBe(true);
    expect(parseBundle(validInput({ discount: { kind: "percentage", value: 90 } }), { partPrices }).ok).toBe(true);
  });

  it("looks up a part's price by its variant when it has one, else by its product", () => {
    const byProduct = { [P(1)]: money(4999, "USD"), [P(2)]: money(4000, "USD") };
    expect(errorsOf(parseBundle(validInput(), { partPrices: byProduct }))).toEqual([
      { field: "parts[1]", message: "Price unknown for this product" },
    ]);
    expect(partPriceKey({ productId: P(2), variantId: V(20) })).toBe(V(20));
    expect(partPriceKey({ productId: P(2), variantId: null })).toBe(P(2));
  });

  it("reports every part whose price is unknown or in another currency", () => {
    const prices = { [P(1)]: money(4999, "EUR") };
    expect(errorsOf(parseBundle(validInput(), { partPrices: prices }))).toEqual([
      { field: "parts[0]", message: "Price unknown for this product" },
      { field: "parts[1]", message: "Price unknown for this product" },
    ]);
  });

  it("treats a malformed or negative price as unknown", () => {
    const prices = { [P(1)]: { amount: 49.99, currency: "USD" }, [V(20)]: money(-1, "USD") };
    expect(errorsOf(parseBundle(validInput(), { partPrices: prices })).map((e) => e.field)).toEqual([
      "parts[0]",
      "parts[1]",
    ]);
  });

  it("rejects an amount off that is not below the full price, naming both figures", () => {
    expect(
      errorsOf(parseBundle(validInput({ discount: { kind: "fixed_amount_off", value: 15000 } }), { partPrices })),
    ).toEqual([
      {
        field: "discount.value",
        message: "The amount off (150.00 USD) must be less than the bundle's full price (129.99 USD)",
      },
    ]);
    expect(parseBundle(validInput({ discount: { kind: "fixed_amount_off", value: 12999 } }), { partPrices }).ok).toBe(
      false,
    );
  });

  it("rejects a fixed price that is not below the parts bought separately, naming both figures", () => {
    expect(
      errorsOf(parseBundle(validInput({ discount: { kind: "fixed_price", value: 20000 } }), { partPrices })),
    ).toEqual([
      {
        field: "discount.value",
        message: "The bundle price (200.00 USD) must be less than the parts bought separately (129.99 USD)",
      },
    ]);
    expect(parseBundle(validInput({ discount: { kind: "fixed_price", value: 12999 } }), { partPrices }).ok).toBe(false);
  });

  it("formats the figures in the bundle currency's own decimals", () => {
    const input = validInput({ currencyCode: "JPY", discount: { kind: "fixed_amount_off", value: 5000 } });
    const prices = { [P(1)]: money(2980, "JPY"), [V(20)]: money(980, "JPY") };
    expect(errorsOf(parseBundle(input, { partPrices: prices }))).toEqual([
      {
        field: "discount.value",
        message: "The amount off (5000 JPY) must be less than the bundle's full price (4940 JPY)",
      },
    ]);
  });

  it("counts quantities in the full price", () => {
    // Full price is 4999 + 2 × 4000 = 12999, not 4999 + 4000 = 8999.
    expect(parseBundle(validInput({ discount: { kind: "fixed_price", value: 10000 } }), { partPrices }).ok).toBe(true);
  });

  it("reports price problems together with unrelated field errors", () => {
    const errors = errorsOf(
      parseBundle(validInput({ title: "", discount: { kind: "fixed_amount_off", value: 15000 } }), { partPrices }),
    );
    expect(errors.map((e) => e.field)).toEqual(["title", "discount.value"]);
  });

  it("reports a full price too large to handle instead of throwing", () => {
    const prices = { [P(1)]: money(Number.MAX_SAFE_INTEGER, "USD"), [V(20)]: money(Number.MAX_SAFE_INTEGER, "USD") };
    expect(errorsOf(parseBundle(validInput(), { partPrices: prices }))).toEqual([
      { field: "parts", message: "The bundle's full price is too large" },
    ]);
  });
});

describe("priceBundle", () => {
  const draft = (overrides: Record<string, unknown>): BundleDraft => valueOf(parseBundle(validInput(overrides)));

  it("takes a whole-percent saving rounded half up and spreads it by line subtotal", () => {
    const prices = { [P(1)]: money(4999, "USD"), [V(20)]: money(2500, "USD") };
    const priced = priceBundle(draft({ discount: { kind: "percentage", value: 15 } }), prices);
    // 15% of 99.99 = 14.9985 → 15.00; shares 7.49925 and 7.50075 → 7.50 + 7.50.
    expect(priced.fullPrice).toEqual(money(9999, "USD"));
    expect(priced.saving).toEqual(money(1500, "USD"));
    expect(priced.bundlePrice).toEqual(money(8499, "USD"));
    expect(priced.lines).toEqual([
      {
        productId: P(1),
        variantId: null,
        quantity: 1,
        unitPrice: money(4999, "USD"),
        fullPrice: money(4999, "USD"),
        saving: money(750, "USD"),
      },
      {
        productId: P(2),
        variantId: V(20),
        quantity: 2,
        unitPrice: money(2500, "USD"),
        fullPrice: money(5000, "USD"),
        saving: money(750, "USD"),
      },
    ]);
  });

  it("spreads an odd-cent amount off exactly (1.00 over three equal lines → 0.34, 0.33, 0.33)", () => {
    const parts = [1, 2, 3].map((n) => ({ productId: P(n), quantity: 1 }));
    const prices = { [P(1)]: money(1000, "USD"), [P(2)]: money(1000, "USD"), [P(3)]: money(1000, "USD") };
    const priced = priceBundle(draft({ parts, discount: { kind: "fixed_amount_off", value: 100 } }), prices);
    expect(priced.lines.map((l) => l.saving.amount)).toEqual([34, 33, 33]);
    expect(priced.bundlePrice).toEqual(money(2900, "USD"));
  });

  it("prices a JPY bundle in whole yen (¥1000 off ¥2980 + ¥1980 + ¥980)", () => {
    const parts = [1, 2, 3].map((n) => ({ productId: P(n), quantity: 1 }));
    const prices = { [P(1)]: money(2980, "JPY"), [P(2)]: money(1980, "JPY"), [P(3)]: money(980, "JPY") };
    const priced = priceBundle(
      draft({ currencyCode: "JPY", parts, discount: { kind: "fixed_amount_off", value: 1000 } }),
      prices,
    );
    expect(priced.fullPrice).toEqual(money(5940, "JPY"));
    expect(priced.bundlePrice).toEqual(money(4940, "JPY"));
    expect(priced.lines.map((l) => l.saving)).toEqual([money(502, "JPY"), money(333, "JPY"), money(165, "JPY")]);
  });

  it("prices a fixed bundle price as the difference from the full price", () => {
    const prices = { [P(1)]: money(4999, "USD"), [V(20)]: money(4000, "USD") };
    const priced = priceBundle(draft({ discount: { kind: "fixed_price", value: 9999 } }), prices);
    expect(priced.saving).toEqual(money(3000, "USD"));
    expect(priced.bundlePrice).toEqual(money(9999, "USD"));
    expect(priced.lines.map((l) => l.saving.amount)).toEqual([1154, 1846]);
  });

  it("never saves more than the full price or less than nothing when prices have changed", () => {
    const prices = { [P(1)]: money(500, "USD"), [V(20)]: money(250, "USD") };
    const amountOff = priceBundle(draft({ discount: { kind: "fixed_amount_off", value: 5000 } }), prices);
    expect(amountOff.saving).toEqual(money(1000, "USD"));
    expect(amountOff.bundlePrice).toEqual(money(0, "USD"));
    expect(amountOff.lines.map((l) => l.saving.amount)).toEqual([500, 500]);
    const fixedPrice = priceBundle(draft({ discount: { kind: "fixed_price", value: 5000 } }), prices);
    expect(fixedPrice.saving).toEqual(money(0, "USD"));
    expect(fixedPrice.bundlePrice).toEqual(money(1000, "USD"));
  });

  it("prices a three-decimal currency (KWD) in fils", () => {
    const prices = { [P(1)]: money(4750, "KWD"), [V(20)]: money(1125, "KWD") };
    const priced = priceBundle(draft({ currencyCode: "KWD", discount: { kind: "percentage", value: 10 } }), prices);
    expect(priced.fullPrice).toEqual(money(7000, "KWD"));
    expect(priced.saving).toEqual(money(700, "KWD"));
    expect(priced.lines.map((l) => l.saving.amount)).toEqual([475, 225]);
  });

  it("throws a MoneyError naming the part whose price is unknown", () => {
    const error = (() => {
      try {
        priceBundle(draft({}), { [P(1)]: money(4999, "USD") });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(MoneyError);
    expect((error as MoneyError).field).toBe("parts[1]");
  });

  it("computes each discount kind's saving", () => {
    expect(bundleSaving({ kind: "percentage", value: 15 }, 4999)).toBe(750);
    expect(bundleSaving({ kind: "fixed_amount_off", value: 300 }, 4999)).toBe(300);
    expect(bundleSaving({ kind: "fixed_amount_off", value: 6000 }, 4999)).toBe(4999);
    expect(bundleSaving({ kind: "fixed_price", value: 3999 }, 4999)).toBe(1000);
    expect(bundleSaving({ kind: "fixed_price", value: 6000 }, 4999)).toBe(0);
  });

  it("keeps line savings summing to the bundle saving and within each line's price (property)", () => {
    const partsArb = fc.uniqueArray(
      fc.record({
        n: fc.integer({ min: 1, max: 1_000_000 }),
        quantity: fc.integer({ min: 1, max: 99 }),
        price: fc.integer({ min: 0, max: 10_000_000 }),
      }),
      { minLength: 2, maxLength: 10, selector: (p) => p.n },
    );
    const discountArb = fc.oneof(
      fc.record({ kind: fc.constant("percentage" as const), value: fc.integer({ min: 1, max: 90 }) }),
      fc.record({ kind: fc.constant("fixed_amount_off" as const), value: fc.integer({ min: 1, max: 2_000_000_000 }) }),
      fc.record({ kind: fc.constant("fixed_price" as const), value: fc.integer({ min: 1, max: 2_000_000_000 }) }),
    );
    fc.assert(
      fc.property(partsArb, discountArb, fc.constantFrom("USD", "JPY", "KWD"), (parts, discount, currencyCode) => {
        const prices = Object.fromEntries(parts.map((p) => [P(p.n), money(p.price, currencyCode)]));
        const priced = priceBundle(
          { currencyCode, discount, parts: parts.map((p) => ({ productId: P(p.n), quantity: p.quantity })) },
          prices,
        );
        const lineSavings = priced.lines.reduce((sum, l) => sum + l.saving.amount, 0);
        expect(lineSavings).toBe(priced.saving.amount);
        expect(priced.fullPrice.amount - priced.saving.amount).toBe(priced.bundlePrice.amount);
        expect(priced.saving.amount).toBeGreaterThanOrEqual(0);
        expect(priced.saving.amount).toBeLessThanOrEqual(priced.fullPrice.amount);
        for (const line of priced.lines) {
          expect(line.saving.amount).toBeGreaterThanOrEqual(0);
          expect(line.saving.amount).toBeLessThanOrEqual(line.fullPrice.amount);
          expect(line.saving.currency).toBe(currencyCode);
        }
      }),
    );
  });
});

describe("isBundleLive", () => {
  const start = new Date("2025-03-01T00:00:00Z");
  const end = new Date("2025-04-01T00:00:00Z");
  const at = (iso: string) => new Date(iso);

  it("is live when active with no schedule", () => {
    expect(isBundleLive({ status: "active" }, at("2025-03-15T00:00:00Z"))).toBe(true);
    expect(isBundleLive({ status: "active", startsAt: null, endsAt: null }, at("2025-03-15T00:00:00Z"))).toBe(true);
  });

  it.each(["draft", "paused"])("is never live while %s, even inside the schedule", (status) => {
    expect(isBundleLive({ status, startsAt: start, endsAt: end }, at("2025-03-15T00:00:00Z"))).toBe(false);
  });

  it("starts at the start time exactly (inclusive)", () => {
    const bundle = { status: "active", startsAt: start, endsAt: end };
    expect(isBundleLive(bundle, at("2025-02-28T23:59:59.999Z"))).toBe(false);
    expect(isBundleLive(bundle, start)).toBe(true);
  });

  it("ends at the end time exactly (exclusive)", () => {
    const bundle = { status: "active", startsAt: start, endsAt: end };
    expect(isBundleLive(bundle, at("2025-03-31T23:59:59.999Z"))).toBe(true);
    expect(isBundleLive(bundle, end)).toBe(false);
  });

  it("honours an open-ended schedule on either side", () => {
    expect(isBundleLive({ status: "active", startsAt: start }, at("2030-01-01T00:00:00Z"))).toBe(true);
    expect(isBundleLive({ status: "active", endsAt: end }, at("2000-01-01T00:00:00Z"))).toBe(true);
    expect(isBundleLive({ status: "active", endsAt: end }, at("2030-01-01T00:00:00Z"))).toBe(false);
  });
});
