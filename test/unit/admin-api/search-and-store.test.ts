import { describe, expect, it } from "vitest";
import {
  filterBySearch,
  matchDate,
  matchExact,
  matchText,
  parseSearchQuery,
  type SearchSpec,
} from "../../../local/admin-api/search";
import { gid, parseGid } from "../../../local/admin-api/store";
import { demoShop, newStore, SLEEVE_ID } from "./fixture";

describe("Shopify search syntax", () => {
  it("reads fields, comparators, quotes, OR, NOT and parentheses", () => {
    expect(
      parseSearchQuery(`title:"Laptop Sleeve" (tag:a OR -tag:b) created_at:>=2026-01-01 NOT status:draft`),
    ).toEqual({
      kind: "and",
      items: [
        { kind: "term", term: { field: "title", comparator: ":", value: "Laptop Sleeve" } },
        {
          kind: "or",
          items: [
            { kind: "term", term: { field: "tag", comparator: ":", value: "a" } },
            { kind: "not", item: { kind: "term", term: { field: "tag", comparator: ":", value: "b" } } },
          ],
        },
        { kind: "term", term: { field: "created_at", comparator: ">=", value: "2026-01-01" } },
        { kind: "not", item: { kind: "term", term: { field: "status", comparator: ":", value: "draft" } } },
      ],
    });
    expect(parseSearchQuery("   ")).toBeNull();
  });

  it("treats a date as the shop's local day", () => {
    const term = { field: "created_at", comparator: ":" as const, value: "2026-01-01" };
    // Midnight in New York is 05:00 UTC in January.
    expect(matchDate("2026-01-01T04:59:59Z", term, "America/New_York")).toBe(false);
    expect(matchDate("2026-01-01T05:00:00Z", term, "America/New_York")).toBe(true);
    expect(matchDate("2026-01-02T04:59:59Z", term, "America/New_York")).toBe(true);
    expect(matchDate("2026-01-01T00:00:00Z", { ...term, comparator: "<" }, "Asia/Tokyo")).toBe(false);
    expect(matchDate("2025-12-31T14:59:59Z", { ...term, comparator: "<" }, "Asia/Tokyo")).toBe(true);
  });

  it("matches text by substring or prefix, and exact values from a comma list", () => {
    expect(matchText("Wireless Mouse", { field: null, comparator: ":", value: "mous" })).toBe(true);
    expect(matchText("Wireless Mouse", { field: null, comparator: ":", value: "mou*" })).toBe(true);
    expect(matchText("Wireless Mouse", { field: null, comparator: ":", value: "ouse*" })).toBe(false);
    expect(matchExact("ACTIVE", { field: "status", comparator: ":", value: "draft,active" })).toBe(true);
    expect(matchExact(["vip"], { field: "tag", comparator: ":", value: "vi" })).toBe(false);
  });

  it("names the unknown filter and the supported ones", () => {
    const spec: SearchSpec<string> = { resource: "things", text: () => true, fields: { name: () => true } };
    expect(() => filterBySearch(["a"], "colour:red", spec)).toThrow(
      "The local Shopify emulator does not support the search filter `colour:` on things (supported: name:).",
    );
  });
});

describe("ShopStore", () => {
  it("builds and parses GIDs", () => {
    expect(gid("Product", 12)).toBe("gid://shopify/Product/12");
    expect(parseGid("gid://shopify/ProductVariant/34")).toEqual({ type: "ProductVariant", id: 34 });
    expect(parseGid("gid://shopify/Product/0")).toBeNull();
    expect(parseGid("Product/12")).toBeNull();
  });

  it("keeps its own copy of the shop and hands out copies, ids and change events", () => {
    const shop = demoShop();
    const store = newStore(shop);
    const seen: number[] = [];
    store.onChange((current) => seen.push(current.products.find((p) => p.id === SLEEVE_ID)?.tags.length ?? -1));

    expect(store.nextId()).toBe(10_000);
    expect(store.nextId()).toBe(10_001);
    store.addTags(gid("Product", SLEEVE_ID), ["gift"]);
    expect(seen).toEqual([3]);
    expect(shop.products.find((p) => p.id === SLEEVE_ID)?.tags).toEqual(["accessory", "sleeve"]);

    const snapshot = store.toJSON();
    snapshot.products.length = 0;
    expect(store.shop.products).toHaveLength(5);
    expect(store.toJSON().nextId).toBe(10_002);
  });

  it("finds objects by GID, including variants through their product", () => {
    const store = newStore();
    expect(store.resolveGid("gid://shopify/ProductVariant/1021")).toMatchObject({
      type: "ProductVariant",
      product: { id: SLEEVE_ID },
      variant: { id: 1021 },
    });
    expect(store.resolveGid("gid://shopify/Order/402")).toMatchObject({ type: "Order", order: { name: "#1002" } });
    expect(store.resolveGid("gid://shopify/Location/1")).toBeUndefined();
  });
});
