import { describe, expect, it } from "vitest";
import { parseProductPayload, validateWebhookPayload } from "../../app/domain/order-payload";
import { bundleAttention, pairingAttention, productProblem } from "../../app/domain/product-availability";

const variant = (
  inventory_quantity: number,
  inventory_policy = "deny",
  inventory_management: string | null = "shopify",
) => ({
  inventory_quantity,
  inventory_policy,
  inventory_management,
});

describe("whether a product can still be offered", () => {
  it("counts a deleted, archived, draft or sold-out product as a problem, and an unknown variant count as none", () => {
    expect(productProblem(undefined)).toBe("deleted");
    expect(productProblem({ status: "ARCHIVED", anyVariantAvailable: true })).toBe("inactive");
    expect(productProblem({ status: "DRAFT", anyVariantAvailable: true })).toBe("inactive");
    expect(productProblem({ status: "ACTIVE", anyVariantAvailable: false })).toBe("unavailable");
    expect(productProblem({ status: "ACTIVE", anyVariantAvailable: null })).toBeNull();
    expect(productProblem({ status: "ACTIVE", anyVariantAvailable: true })).toBeNull();
  });

  it("tells the merchant which product, what happened and what to do, by the product's id when its title is gone", () => {
    expect(bundleAttention({ productId: "gid://shopify/Product/7", title: "Lens Cap", problem: "deleted" })).toBe(
      "Lens Cap was deleted in Shopify — edit or delete this bundle",
    );
    expect(bundleAttention({ productId: "gid://shopify/Product/7", title: null, problem: "deleted" })).toBe(
      "A product in this bundle (Shopify product 7) was deleted in Shopify — edit or delete this bundle",
    );
    expect(
      pairingAttention({ productId: "gid://shopify/Product/7", title: "Lens Cap", problem: "inactive" }, "anchor"),
    ).toBe("Lens Cap is no longer active in Shopify, so this pairing is not shown — edit or delete this pairing");
  });
});

describe("products/update and products/delete payloads", () => {
  it("reads whether the product can be sold: active with a variant in stock, kept selling or untracked", () => {
    const sellable = (status: string, variants: unknown[]) =>
      parseProductPayload({ id: 7, title: " Lens Cap ", status, variants });
    expect(sellable("active", [variant(0), variant(3)])).toEqual({
      ok: true,
      value: { productId: "gid://shopify/Product/7", title: "Lens Cap", sellable: true },
    });
    expect(sellable("active", [variant(0), variant(-1)])).toMatchObject({ value: { sellable: false } });
    expect(sellable("active", [variant(0, "continue")])).toMatchObject({ value: { sellable: true } });
    expect(sellable("active", [variant(0, "deny", null)])).toMatchObject({ value: { sellable: true } });
    expect(sellable("archived", [variant(5)])).toMatchObject({ value: { sellable: false } });
  });

  it("reads a products/delete payload (the id only) as not known to be sellable", () => {
    expect(parseProductPayload({ id: 7 })).toEqual({
      ok: true,
      value: { productId: "gid://shopify/Product/7", title: null, sellable: null },
    });
  });

  it("refuses a product payload with a bad id or an unknown status, naming the field", () => {
    const refused = validateWebhookPayload("products/update", { id: "seven", status: "gone" });
    expect(refused.ok).toBe(false);
    expect(refused.ok ? [] : refused.errors.map((e) => e.field).sort()).toEqual(["id", "status"]);
    expect(validateWebhookPayload("PRODUCTS_DELETE", { id: 7 }).ok).toBe(true);
  });
});
