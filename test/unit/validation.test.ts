import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  dedupeFieldErrors,
  duplicateIndexes,
  fieldErrorsFromZod,
  fieldName,
  firstErrorByField,
  parseWith,
} from "../../app/domain/validation";

describe("fieldName", () => {
  it("joins object keys with dots and array indexes with brackets", () => {
    expect(fieldName(["parts", 1, "quantity"])).toBe("parts[1].quantity");
    expect(fieldName(["discount", "value"])).toBe("discount.value");
    expect(fieldName(["complements", 0])).toBe("complements[0]");
    expect(fieldName([2, "x"])).toBe("[2].x");
  });

  it("names an empty path 'form' (an error about the whole input)", () => {
    expect(fieldName([])).toBe("form");
  });
});

describe("fieldErrorsFromZod", () => {
  const schema = z.object(
    {
      name: z.string({ error: "Enter a name" }),
      items: z.array(z.object({ quantity: z.number({ error: "Quantity must be a number" }) })),
    },
    { error: "Enter the details" },
  );

  function zodError(input: unknown): z.ZodError {
    const parsed = schema.safeParse(input);
    if (parsed.success) throw new Error("expected the input to be rejected");
    return parsed.error;
  }

  it("turns each zod issue into a field error with the schema's own message", () => {
    expect(fieldErrorsFromZod(zodError({ name: 3, items: [{ quantity: 1 }, { quantity: "2" }] }))).toEqual([
      { field: "name", message: "Enter a name" },
      { field: "items[1].quantity", message: "Quantity must be a number" },
    ]);
  });

  it("reports errors about the whole input on the 'form' field", () => {
    expect(fieldErrorsFromZod(zodError("not an object"))).toEqual([{ field: "form", message: "Enter the details" }]);
  });
});

describe("parseWith", () => {
  const schema = z.object({ n: z.number({ error: "Enter a number" }).int({ error: "Whole numbers only" }) });

  it("returns the parsed value on success", () => {
    expect(parseWith(schema, { n: 3, extra: true })).toEqual({ ok: true, value: { n: 3 } });
  });

  it("returns field errors instead of throwing on failure", () => {
    expect(parseWith(schema, { n: 1.5 })).toEqual({
      ok: false,
      errors: [{ field: "n", message: "Whole numbers only" }],
    });
    expect(parseWith(schema, undefined)).toMatchObject({ ok: false });
  });
});

describe("error helpers", () => {
  it("drops repeated (field, message) pairs but keeps different messages for one field", () => {
    const errors = [
      { field: "a", message: "x" },
      { field: "a", message: "x" },
      { field: "a", message: "y" },
      { field: "b", message: "x" },
    ];
    expect(dedupeFieldErrors(errors)).toEqual([errors[0], errors[2], errors[3]]);
  });

  it("keeps the first message per field for display under each input", () => {
    expect(
      firstErrorByField([
        { field: "a", message: "first" },
        { field: "a", message: "second" },
        { field: "b", message: "other" },
      ]),
    ).toEqual({ a: "first", b: "other" });
  });

  it("finds the indexes of repeated string keys after their first occurrence", () => {
    expect(duplicateIndexes(["a", "b", "a", 1, "b", "a"], (x) => x)).toEqual([2, 4, 5]);
    expect(duplicateIndexes([1, 1, null, null], (x) => x)).toEqual([]);
    expect(duplicateIndexes("not a list", (x) => x)).toEqual([]);
  });
});
