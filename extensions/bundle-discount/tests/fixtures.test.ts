// Fixtures in Shopify's format ({ payload: { export, target, input, output } }), the same files
// `shopify app function run --input <file>` accepts: each input is checked against the input query
// and the schema's types, each output against CartLinesDiscountsGenerateRunResult, and the Function
// must produce exactly that output.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cartLinesDiscountsGenerateRun } from "../src/cart_lines_discounts_generate_run";
import type { CartLinesDiscountsGenerateRunInput } from "../generated/api";
import { EXPORT_NAME, loadInputQuery, loadSchema, RESULT_TYPE, TARGET } from "../scripts/schema";
import { inputProblems, outputProblems } from "./support/validate";

const schema = loadSchema();
const query = loadInputQuery();
const dir = path.join(import.meta.dirname, "fixtures");
const fixtures = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((file) => ({
    file,
    fixture: JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as {
      payload: { export: string; target: string; input: unknown; output: unknown };
    },
  }));

describe("the fixtures", () => {
  it("cover every scenario the README lists", () => {
    expect(fixtures.map((f) => f.file)).toEqual([
      "excluded-customer.json",
      "gift-card-and-selling-plan.json",
      "jpy-zero-decimals.json",
      "overlapping-bundles.json",
      "pairing-needs-anchor.json",
      "paused.json",
      "presentment-currency.json",
      "three-sets-and-leftovers.json",
      "widget-only-bundle.json",
    ]);
  });

  describe.each(fixtures)("$file", ({ fixture }) => {
    it("names our export and target", () => {
      expect(Object.keys(fixture)).toEqual(["payload"]);
      expect(fixture.payload.export).toBe(EXPORT_NAME);
      expect(fixture.payload.target).toBe(TARGET);
    });

    it("has an input with exactly the query's shape and the schema's types", () => {
      expect(inputProblems(schema, query, fixture.payload.input)).toEqual([]);
    });

    it("has an output that is a valid CartLinesDiscountsGenerateRunResult", () => {
      expect(outputProblems(schema, RESULT_TYPE, fixture.payload.output)).toEqual([]);
    });

    it("is what the Function returns for its input", () => {
      const input = fixture.payload.input as CartLinesDiscountsGenerateRunInput;
      expect(cartLinesDiscountsGenerateRun(input)).toEqual(fixture.payload.output);
    });
  });
});

describe("the fixture validation", () => {
  const base = fixtures.find((f) => f.file === "three-sets-and-leftovers.json")!.fixture.payload;
  const clone = () => JSON.parse(JSON.stringify(base)) as { input: Record<string, any>; output: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any

  it("rejects an input field the query does not select, a missing one and a wrongly typed one", () => {
    const { input } = clone();
    input.cart.lines[0].title = "Laptop";
    delete input.cart.lines[1].quantity;
    input.cart.lines[2].cost.unit.amount = 19.99;
    input.discount.discountClasses = ["PRODUCTS"];
    expect(inputProblems(schema, query, input)).toEqual([
      "input.cart.lines[0].title: not selected by the input query",
      "input.cart.lines[1].quantity: missing",
      "input.cart.lines[2].cost.unit.amount: expected a decimal string (Decimal)",
      "input.discount.discountClasses[0]: not a DiscountClass value",
    ]);
  });

  it("rejects an output with an unknown field, two values in a @oneOf input and a bad enum", () => {
    const { output } = clone();
    const operation = output.operations[0].productDiscountsAdd;
    operation.selectionStrategy = "EVERY";
    operation.candidates[0].value.percentage = { value: "10" };
    operation.candidates[0].label = "10% off";
    const problems = outputProblems(schema, RESULT_TYPE, output);
    expect(problems).toContain(
      "output.operations[0].productDiscountsAdd.candidates[0].label: ProductDiscountCandidate has no field label",
    );
    expect(problems).toContain(
      "output.operations[0].productDiscountsAdd.candidates[0].value: ProductDiscountCandidateValue takes exactly one field (got fixedAmount, percentage)",
    );
    expect(problems).toContain(
      "output.operations[0].productDiscountsAdd.selectionStrategy: not a ProductDiscountSelectionStrategy value",
    );
  });
});
