import { beforeAll, describe, expect, it } from "vitest";
import { demoShop, LAPTOP_ID, newStore, run, warmSchema } from "./fixture";

beforeAll(warmSchema, 30_000);

describe("operations that do not match the Admin API schema", () => {
  it("rejects an unknown field with an error naming it, logs it, and does not execute", async () => {
    const { result, logs } = await run(newStore(), "{ products(first: 1) { nodes { id colour } } }");
    expect(result.data).toBeUndefined();
    expect(result.errors?.map((e) => e.message)).toEqual([
      expect.stringContaining('Cannot query field "colour" on type "Product"'),
    ]);
    expect(logs.join("\n")).toContain("does not validate against the Admin API 2025-04 schema");
    expect(logs.join("\n")).toContain("colour");
  });

  it("rejects an argument of the wrong type", async () => {
    const { result } = await run(newStore(), '{ products(first: "ten") { nodes { id } } }');
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0]?.message).toMatch(/Int cannot represent non-integer value: "ten"/);
  });

  it("rejects variables that do not match their declared types", async () => {
    const { result, logs } = await run(newStore(), "query ($id: ID!) { product(id: $id) { id } }", {});
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0]?.message).toContain('Variable "$id" of required type "ID!" was not provided');
    expect(logs).toHaveLength(1);
  });

  it("does not run a mutation whose selection is invalid", async () => {
    const store = newStore();
    let changes = 0;
    store.onChange(() => (changes += 1));
    const { result } = await run(
      store,
      `mutation { tagsAdd(id: "gid://shopify/Customer/301", tags: ["new"]) { node { id } userErrors { field message code } } }`,
    );
    expect(result.errors?.[0]?.message).toContain('Cannot query field "code" on type "UserError"');
    expect(changes).toBe(0);
    expect(store.customer(301)?.tags).toEqual(["vip"]);
  });

  it("reports a syntax error without executing", async () => {
    const { result } = await run(newStore(), "{ shop { name }");
    expect(result.errors?.[0]?.message).toMatch(/^Syntax Error/);
  });
});

describe("schema-valid fields the emulator does not implement", () => {
  it("answers with an explicit error naming the type and field, not a silent null", async () => {
    const { result, logs } = await run(
      newStore(),
      `{ product(id: "gid://shopify/Product/${LAPTOP_ID}") { title templateSuffix } }`,
    );
    expect(result.errors?.map((e) => e.message)).toEqual([
      "The local Shopify emulator does not implement Product.templateSuffix",
    ]);
    expect(result.errors?.[0]?.path).toEqual(["product", "templateSuffix"]);
    expect(logs.join("\n")).toContain("does not implement Product.templateSuffix");
  });

  it("also names unimplemented fields of plain value objects", async () => {
    const { result } = await run(
      newStore(),
      `{ order(id: "gid://shopify/Order/401") { lineItems(first: 5) { nodes {
          discountAllocations { discountApplication { allocationMethod } } } } } }`,
    );
    expect(result.errors?.[0]?.message).toBe(
      "The local Shopify emulator does not implement AutomaticDiscountApplication.allocationMethod",
    );
  });

  it("refuses a connection without first or last, as Shopify does", async () => {
    const { result } = await run(newStore(), "{ products { nodes { id } } }");
    expect(result.errors?.[0]?.message).toBe("you must provide one of first or last");
  });

  it("refuses a page larger than 250", async () => {
    const { result } = await run(newStore(), "{ products(first: 251) { nodes { id } } }");
    expect(result.errors?.[0]?.message).toContain("cannot exceed 250");
  });

  it("refuses a search filter it does not understand instead of ignoring it", async () => {
    const { result } = await run(newStore(), '{ products(first: 5, query: "colour:red") { nodes { id } } }');
    expect(result.errors?.[0]?.message).toContain("does not support the search filter `colour:` on products");
  });

  it("refuses a malformed global id", async () => {
    const { result } = await run(newStore(), '{ product(id: "123") { id } }');
    expect(result.errors?.[0]?.message).toBe("Invalid global id '123'");
  });

  it("logs a deprecated field as a warning once and still answers it", async () => {
    const store = newStore(demoShop());
    const operation = `{ product(id: "gid://shopify/Product/${LAPTOP_ID}") { featuredImage { url } } }`;
    const first = await run(store, operation);
    const second = await run(store, operation);
    expect(first.result.errors).toBeUndefined();
    expect(first.data).toEqual({ product: { featuredImage: { url: "http://localhost/cdn/products/101.png" } } });
    expect(first.logs.join("\n")).toContain("The field Product.featuredImage is deprecated");
    expect(second.logs).toEqual([]);
  });
});
