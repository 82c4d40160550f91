import { describe, expect, it } from "vitest";
import {
  collectionGid,
  customerGid,
  gidNumericId,
  isShopifyGid,
  productGid,
  variantGid,
} from "../../app/domain/shopify-id";

function messageFor(schema: typeof productGid, input: unknown): string | undefined {
  const parsed = schema.safeParse(input);
  return parsed.success ? undefined : parsed.error.issues[0]?.message;
}

describe("Shopify gid schemas", () => {
  it.each([
    [productGid, "gid://shopify/Product/123"],
    [variantGid, "gid://shopify/ProductVariant/456"],
    [collectionGid, "gid://shopify/Collection/789"],
    [customerGid, "gid://shopify/Customer/1"],
  ])("accepts a well-formed gid (%#)", (schema, gid) => {
    expect(schema.parse(gid)).toBe(gid);
  });

  it.each([
    "gid://shopify/ProductVariant/123",
    "gid://shopify/Product/",
    "gid://shopify/Product/0",
    "gid://shopify/Product/012",
    "gid://shopify/Product/12a",
    "gid://shopify/Product/123 ",
    " gid://shopify/Product/123",
    "gid://shopify/Product/123/456",
    "gid://other/Product/123",
    "123",
    "",
    `gid://shopify/Product/${"9".repeat(21)}`,
  ])("rejects %j as a product id", (input) => {
    expect(messageFor(productGid, input)).toBe("Choose a product (expected a Shopify product id)");
  });

  it.each([undefined, null, 123, {}, ["gid://shopify/Product/1"]])(
    "rejects the non-string %j with the same merchant message",
    (input) => {
      expect(messageFor(productGid, input)).toBe("Choose a product (expected a Shopify product id)");
    },
  );

  it("names the expected resource in each schema's message", () => {
    expect(messageFor(variantGid, "gid://shopify/Product/1")).toBe(
      "Choose a product variant (expected a Shopify variant id)",
    );
    expect(messageFor(collectionGid, "gid://shopify/Product/1")).toBe(
      "Choose a collection (expected a Shopify collection id)",
    );
    expect(messageFor(customerGid, "gid://shopify/Product/1")).toBe(
      "Choose a customer (expected a Shopify customer id)",
    );
  });

  it("checks a value against a resource type", () => {
    expect(isShopifyGid("Product", "gid://shopify/Product/1")).toBe(true);
    expect(isShopifyGid("Collection", "gid://shopify/Product/1")).toBe(false);
    expect(isShopifyGid("Product", 1)).toBe(false);
  });

  it("extracts the numeric id as a string so 64-bit ids stay exact", () => {
    expect(gidNumericId("gid://shopify/Product/9007199254740993")).toBe("9007199254740993");
    expect(() => gidNumericId("not-a-gid")).toThrow(/Not a Shopify gid/);
  });
});
