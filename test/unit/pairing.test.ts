import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PAIRING_MESSAGES, PAIRING_SOURCES, PAIRING_STATUSES, parsePairing } from "../../app/domain/pairing";
import { COLLECTION_ID_MESSAGE, PRODUCT_ID_MESSAGE } from "../../app/domain/shopify-id";
import type { FieldError, Result } from "../../app/domain/validation";

const P = (n: number) => `gid://shopify/Product/${n}`;
const C = (n: number) => `gid://shopify/Collection/${n}`;

function validInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { anchor: { type: "product", id: P(1) }, complements: [P(2), P(3)], ...overrides };
}

function errorsOf<T>(result: Result<T>): FieldError[] {
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.value)}`);
  return result.errors;
}

function valueOf<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.errors)}`);
  return result.value;
}

function expectOnlyError(input: unknown, field: string, message: string): void {
  expect(errorsOf(parsePairing(input))).toEqual([{ field, message }]);
}

describe("parsePairing: a valid pairing", () => {
  it("parses a product anchor with defaults filled in", () => {
    expect(valueOf(parsePairing(validInput()))).toEqual({
      anchor: { type: "product", id: P(1) },
      complements: [P(2), P(3)],
      discountPercent: null,
      heading: null,
      status: "active",
      source: "manual",
    });
  });

  it("parses a collection anchor and keeps the complements' order", () => {
    const pairing = valueOf(
      parsePairing(validInput({ anchor: { type: "collection", id: C(7) }, complements: [P(9), P(1), P(5)] })),
    );
    expect(pairing.anchor).toEqual({ type: "collection", id: C(7) });
    expect(pairing.complements).toEqual([P(9), P(1), P(5)]);
  });

  it("accepts every status and source", () => {
    for (const status of PAIRING_STATUSES) {
      expect(valueOf(parsePairing(validInput({ status }))).status).toBe(status);
    }
    for (const source of PAIRING_SOURCES) {
      expect(valueOf(parsePairing(validInput({ source }))).source).toBe(source);
    }
  });

  it("accepts from 1 to 10 complements", () => {
    expect(valueOf(parsePairing(validInput({ complements: [P(2)] }))).complements).toHaveLength(1);
    const ten = Array.from({ length: 10 }, (_, i) => P(i + 2));
    expect(valueOf(parsePairing(validInput({ complements: ten }))).complements).toHaveLength(10);
  });
});

describe("parsePairing: anchor", () => {
  it.each([undefined, null, "product", { id: P(1) }, { type: "tag", id: "coffee" }])(
    "asks for a product or collection when the anchor is %j",
    (anchor) => {
      const errors = errorsOf(parsePairing(validInput({ anchor })));
      expect(errors).toHaveLength(1);
      expect(errors[0]?.message).toBe("Choose a product or collection to pair with");
      expect(errors[0]?.field).toMatch(/^anchor(\.type)?$/);
    },
  );

  it("validates the anchor id by its type", () => {
    expectOnlyError(validInput({ anchor: { type: "product", id: C(1) } }), "anchor.id", PRODUCT_ID_MESSAGE);
    expectOnlyError(
      validInput({ anchor: { type: "collection", id: P(1) } }),
      "anchor.id",
      "Choose a collection (expected a Shopify collection id)",
    );
    expectOnlyError(validInput({ anchor: { type: "collection" } }), "anchor.id", COLLECTION_ID_MESSAGE);
  });
});

describe("parsePairing: complements", () => {
  it.each([undefined, null, "gid://shopify/Product/2", [], { 0: P(2) }])(
    "asks for at least one product when the complements are %j",
    (complements) => {
      expectOnlyError(validInput({ complements }), "complements", "Add at least one product to recommend");
    },
  );

  it("allows at most 10 complements", () => {
    const eleven = Array.from({ length: 11 }, (_, i) => P(i + 2));
    expectOnlyError(validInput({ complements: eleven }), "complements", "You can recommend at most 10 products");
  });

  it.each([C(2), "2", 2, null])("rejects the complement %j as not a product", (complement) => {
    expectOnlyError(validInput({ complements: [P(2), complement] }), "complements[1]", PRODUCT_ID_MESSAGE);
  });

  it("rejects a product listed twice, on each repeat", () => {
    expect(errorsOf(parsePairing(validInput({ complements: [P(2), P(3), P(2), P(2)] })))).toEqual([
      { field: "complements[2]", message: "This product is already in the list" },
      { field: "complements[3]", message: "This product is already in the list" },
    ]);
  });

  it("rejects the anchor product as its own complement", () => {
    expectOnlyError(validInput({ complements: [P(2), P(1)] }), "complements[1]", "A product can't complement itself");
  });

  it("allows a product that is in the anchor collection's id space (collections and products differ)", () => {
    expect(parsePairing(validInput({ anchor: { type: "collection", id: C(1) }, complements: [P(1)] })).ok).toBe(true);
  });

  it("reports a self-complement and a repeat even when other fields are wrong", () => {
    const errors = errorsOf(parsePairing(validInput({ status: "on", complements: [P(1), P(2), P(2)] })));
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: "status", message: "Choose a status: active or paused" },
        { field: "complements[0]", message: "A product can't complement itself" },
        { field: "complements[2]", message: "This product is already in the list" },
      ]),
    );
    expect(errors).toHaveLength(3);
  });
});

describe("parsePairing: discount, heading, status and source", () => {
  it.each([1, 90])("accepts a %i percent discount", (discountPercent) => {
    expect(valueOf(parsePairing(validInput({ discountPercent }))).discountPercent).toBe(discountPercent);
  });

  it("treats a missing or null discount as no discount", () => {
    expect(valueOf(parsePairing(validInput({ discountPercent: null }))).discountPercent).toBeNull();
    expect(valueOf(parsePairing(validInput({ discountPercent: undefined }))).discountPercent).toBeNull();
  });

  it.each([0, 91, -10, 12.5, "10", Number.NaN, Number.POSITIVE_INFINITY])(
    "rejects a %s percent discount",
    (discountPercent) => {
      expectOnlyError(
        validInput({ discountPercent }),
        "discountPercent",
        "Discount must be a whole number from 1 to 90 percent",
      );
    },
  );

  it("trims the heading", () => {
    expect(valueOf(parsePairing(validInput({ heading: "  Complete the setup  " }))).heading).toBe("Complete the setup");
  });

  it.each(["", "   ", null, undefined])("treats the heading %j as no heading", (heading) => {
    expect(valueOf(parsePairing(validInput({ heading }))).heading).toBeNull();
  });

  it("rejects a heading with control characters (PostgreSQL cannot store a NUL)", () => {
    expectOnlyError(
      validInput({ heading: "Goes\u0000with" }),
      "heading",
      "Remove the invisible control characters from the heading",
    );
  });

  it("accepts an 80-character heading and rejects a longer one", () => {
    expect(valueOf(parsePairing(validInput({ heading: "h".repeat(80) }))).heading).toHaveLength(80);
    expectOnlyError(validInput({ heading: "h".repeat(81) }), "heading", "Keep the heading to 80 characters or fewer");
    expectOnlyError(
      validInput({ heading: "h".repeat(500_000) }),
      "heading",
      "Keep the heading to 80 characters or fewer",
    );
  });

  it("does not count surrounding spaces towards the heading limit", () => {
    expect(valueOf(parsePairing(validInput({ heading: `  ${"h".repeat(80)}  ` }))).heading).toHaveLength(80);
  });

  it("rejects a heading that is not text", () => {
    expectOnlyError(validInput({ heading: 42 }), "heading", "The heading must be text");
  });

  it.each(["draft", "ACTIVE", 1, null])("rejects the status %j", (status) => {
    expectOnlyError(validInput({ status }), "status", "Choose a status: active or paused");
  });

  it.each(["ai", "Manual", 0, null])("rejects the source %j", (source) => {
    expectOnlyError(validInput({ source }), "source", "The source must be manual or suggested");
  });
});

describe("parsePairing: bad input never throws", () => {
  it.each([null, undefined, 42, "pairing", [], false])("reports the non-object input %j on the form", (input) => {
    expectOnlyError(input, "form", "Enter the pairing's details");
  });

  it("reports both required fields of an empty object", () => {
    expect(errorsOf(parsePairing({}))).toEqual([
      { field: "anchor", message: "Choose a product or collection to pair with" },
      { field: "complements", message: "Add at least one product to recommend" },
    ]);
  });

  it("answers arbitrary input with merchant messages, never a throw or a zod default (property)", () => {
    const known = new Set<string>([...Object.values(PAIRING_MESSAGES), PRODUCT_ID_MESSAGE, COLLECTION_ID_MESSAGE]);
    const inputArb = fc.oneof(
      fc.anything(),
      fc.record(
        {
          anchor: fc.oneof(
            fc.record({ type: fc.constantFrom("product", "collection"), id: fc.constantFrom(P(1), C(1)) }),
            fc.anything(),
          ),
          complements: fc.oneof(
            fc.array(fc.oneof(fc.constantFrom(P(1), P(2)), fc.anything()), { maxLength: 12 }),
            fc.anything(),
          ),
          discountPercent: fc.anything(),
          heading: fc.oneof(fc.string(), fc.anything()),
          status: fc.anything(),
          source: fc.anything(),
        },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = parsePairing(input);
        if (result.ok) return;
        for (const error of result.errors) expect(known.has(error.message)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
