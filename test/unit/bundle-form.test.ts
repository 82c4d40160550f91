import { describe, expect, it } from "vitest";
import { parseBundle } from "../../app/domain/bundle";
import {
  bundleFormFromBundle,
  bundleInputFromForm,
  describeBundleDiscount,
  emptyBundleForm,
  instantToLocalDateTime,
  localDateTimeToInstant,
  parseBundleForm,
  type BundleFormValues,
} from "../../app/domain/bundle-form";

const P = (n: number) => `gid://shopify/Product/${n}`;
const V = (n: number) => `gid://shopify/ProductVariant/${n}`;
const usd = { currencyCode: "USD", timeZone: "America/New_York" };

const form = (overrides: Partial<BundleFormValues> = {}): BundleFormValues => ({
  ...emptyBundleForm(),
  title: "Laptop Essentials",
  parts: [
    { productId: P(1), variantId: null, quantity: "1" },
    { productId: P(2), variantId: V(21), quantity: "2" },
  ],
  discountValue: "10",
  ...overrides,
});

describe("bundleInputFromForm", () => {
  it("turns the form's text into the domain's input, which then validates", () => {
    const converted = bundleInputFromForm(form({ startsAt: "2026-06-01T09:00" }), usd);
    expect(converted.errors).toEqual([]);
    expect(converted.matchMode).toBe("any");
    const parsed = parseBundle(converted.input);
    expect(parsed.ok && parsed.value).toMatchObject({
      title: "Laptop Essentials",
      status: "active",
      currencyCode: "USD",
      parts: [
        { productId: P(1), variantId: null, quantity: 1 },
        { productId: P(2), variantId: V(21), quantity: 2 },
      ],
      discount: { kind: "percentage", value: 10 },
      startsAt: new Date("2026-06-01T13:00:00Z"),
      endsAt: null,
    });
  });

  it("converts money typed as decimals exactly into minor units of the shop currency", () => {
    const amount = (value: string, currencyCode = "USD") =>
      bundleInputFromForm(form({ discountKind: "fixed_amount_off", discountValue: value }), { ...usd, currencyCode })
        .input.discount;
    expect(amount("15")).toEqual({ kind: "fixed_amount_off", value: 1500 });
    expect(amount("0.29")).toEqual({ kind: "fixed_amount_off", value: 29 });
    expect(amount("19.99")).toEqual({ kind: "fixed_amount_off", value: 1999 });
    expect(amount("1500", "JPY")).toEqual({ kind: "fixed_amount_off", value: 1500 });
    expect(amount("1.250", "KWD")).toEqual({ kind: "fixed_amount_off", value: 1250 });
  });

  it("refuses amounts it cannot read exactly, with a message showing the expected form", () => {
    for (const typed of ["12.345", "abc", "1,50"]) {
      const converted = bundleInputFromForm(form({ discountKind: "fixed_price", discountValue: typed }), usd);
      expect(converted.errors).toEqual([{ field: "discount.value", message: "Enter an amount like 15.00" }]);
    }
    const yen = bundleInputFromForm(form({ discountKind: "fixed_price", discountValue: "10.5" }), {
      ...usd,
      currencyCode: "JPY",
    });
    expect(yen.errors).toEqual([{ field: "discount.value", message: "Enter an amount like 1500" }]);
  });

  it("leaves wrong quantities, percentages and dates for the domain to report on the right field", () => {
    const converted = bundleInputFromForm(
      form({
        discountValue: "12.5",
        startsAt: "tomorrow",
        parts: [
          { productId: P(1), variantId: null, quantity: "two" },
          { productId: P(2), variantId: null, quantity: "1" },
        ],
      }),
      usd,
    );
    const parsed = parseBundle(converted.input);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.errors.map((e) => e.field)).toEqual([
      "parts[0].quantity",
      "discount.value",
      "startsAt",
    ]);
  });

  it("refuses an unknown match mode", () => {
    expect(bundleInputFromForm(form({ matchMode: "some" }), usd)).toMatchObject({
      matchMode: null,
      errors: [{ field: "matchMode" }],
    });
    expect(bundleInputFromForm(form({ matchMode: "widget" }), usd).matchMode).toBe("widget");
  });
});

describe("parseBundleForm", () => {
  it("reads the parts from the hidden JSON field and refuses unreadable parts", () => {
    const parsed = parseBundleForm({
      title: "Kit",
      parts: JSON.stringify([{ productId: P(1), variantId: null, quantity: 2 }]),
    });
    expect(parsed.ok && parsed.value.parts).toEqual([{ productId: P(1), variantId: null, quantity: "2" }]);
    expect(parseBundleForm({ parts: "{not json" })).toEqual({
      ok: false,
      errors: [{ field: "parts", message: "The bundle's products could not be read: pick them again" }],
    });
  });
});

describe("bundleFormFromBundle", () => {
  it("shows a stored bundle as the merchant typed it: decimals and shop-local times", () => {
    const values = bundleFormFromBundle(
      {
        title: "Desk Kit",
        status: "paused",
        matchMode: "widget",
        discountKind: "fixed_price",
        discountValue: 9900,
        currencyCode: "USD",
        startsAt: new Date("2026-06-01T13:00:00Z"),
        endsAt: null,
        parts: [{ productId: P(1), variantId: null, quantity: 3 }],
      },
      "America/New_York",
    );
    expect(values).toMatchObject({
      discountValue: "99.00",
      startsAt: "2026-06-01T09:00",
      endsAt: "",
      matchMode: "widget",
    });
    expect(values.parts).toEqual([{ productId: P(1), variantId: null, quantity: "3" }]);
  });
});

describe("shop-local date-times", () => {
  it("round-trip through the shop's time zone, including across daylight-saving changes", () => {
    for (const [local, zone, utc] of [
      ["2026-01-15T09:30", "America/New_York", "2026-01-15T14:30:00.000Z"],
      ["2026-07-15T09:30", "America/New_York", "2026-07-15T13:30:00.000Z"],
      ["2026-03-01", "Asia/Tokyo", "2026-02-28T15:00:00.000Z"],
      ["2026-10-25T12:00", "Europe/Paris", "2026-10-25T11:00:00.000Z"],
    ] as const) {
      const instant = localDateTimeToInstant(local, zone);
      expect(instant?.toISOString()).toBe(utc);
      expect(instantToLocalDateTime(instant!, zone)).toBe(local.length === 10 ? `${local}T00:00` : local);
    }
    expect(localDateTimeToInstant("2026-02-30T10:00", "UTC")).toBeNull();
    expect(localDateTimeToInstant("June 1", "UTC")).toBeNull();
  });
});

describe("describeBundleDiscount", () => {
  it("says what the shopper saves in the merchant's words", () => {
    expect(describeBundleDiscount({ kind: "percentage", value: 10 }, "USD")).toBe("10% off");
    expect(describeBundleDiscount({ kind: "fixed_amount_off", value: 1500 }, "USD")).toBe("15.00 USD off");
    expect(describeBundleDiscount({ kind: "fixed_price", value: 9900 }, "USD")).toBe("99.00 USD for the set");
  });
});
