import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addBasket,
  coPurchaseBasket,
  coPurchaseDelta,
  compareBytes,
  emptyTotals,
  pairKey,
  type BasketOrder,
} from "../../app/domain/co-purchase-counts";

const line = (productId: string | null, quantity = 1, refundedQuantity = 0) => ({
  productId,
  quantity,
  refundedQuantity,
});
const orderOf = (lines: BasketOrder["lines"], cancelledAt: Date | null = null): BasketOrder => ({
  order: { cancelledAt },
  lines,
});

describe("an order's co-purchase basket", () => {
  it("is its distinct products in byte order, without lines that have no product", () => {
    expect(coPurchaseBasket(orderOf([line("b"), line("a"), line(null), line("b", 2)]))).toEqual(["a", "b"]);
  });

  it("is kept through a partial refund, even of a whole line", () => {
    expect(coPurchaseBasket(orderOf([line("a", 2, 1), line("b", 1, 1)]))).toEqual(["a", "b"]);
  });

  it("is empty (the order is not counted) when cancelled, wholly refunded or without products", () => {
    expect(coPurchaseBasket(orderOf([line("a")], new Date()))).toEqual([]);
    expect(coPurchaseBasket(orderOf([line("a", 2, 2), line("b", 1, 1)]))).toEqual([]);
    expect(coPurchaseBasket(orderOf([line(null)]))).toEqual([]);
    expect(coPurchaseBasket(orderOf([]))).toEqual([]);
  });
});

describe("byte order", () => {
  it("compares UTF-8 bytes, unlike JavaScript's UTF-16 comparison", () => {
    // U+FF5E (bytes EF BD 9E) sorts before U+1F600 (F0 9F 98 80); in UTF-16, 0xFF5E > 0xD83D.
    expect(compareBytes("\uff5e", "😀")).toBeLessThan(0);
    expect("\uff5e" < "😀").toBe(false);
    expect(compareBytes("gid://shopify/Product/100", "gid://shopify/Product/20")).toBeLessThan(0);
    expect(compareBytes("a", "ab")).toBeLessThan(0);
    expect(compareBytes("ab", "ab")).toBe(0);
  });
});

describe("the change of an order's counts", () => {
  it("adds every product and pair of a newly counted basket", () => {
    expect(coPurchaseDelta([], ["a", "b", "c"])).toEqual({
      products: [
        { productId: "a", change: 1 },
        { productId: "b", change: 1 },
        { productId: "c", change: 1 },
      ],
      pairs: [
        { productA: "a", productB: "b", change: 1 },
        { productA: "a", productB: "c", change: 1 },
        { productA: "b", productB: "c", change: 1 },
      ],
    });
  });

  it("moves only what differs when a product joins a counted basket, and removes all when it stops counting", () => {
    expect(coPurchaseDelta(["a", "b"], ["a", "b", "c"])).toEqual({
      products: [{ productId: "c", change: 1 }],
      pairs: [
        { productA: "a", productB: "c", change: 1 },
        { productA: "b", productB: "c", change: 1 },
      ],
    });
    expect(coPurchaseDelta(["a", "b"], [])).toEqual({
      products: [
        { productId: "a", change: -1 },
        { productId: "b", change: -1 },
      ],
      pairs: [{ productA: "a", productB: "b", change: -1 }],
    });
    expect(coPurchaseDelta(["a", "b"], ["a", "b"])).toEqual({ products: [], pairs: [] });
  });

  it("keeps running counts equal to a recount, whatever the sequence of baskets", () => {
    const basket = fc.uniqueArray(fc.constantFrom("p1", "p2", "p3", "p4", "p5"), { maxLength: 5 });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), basket), { maxLength: 30 }), (events) => {
        const current = new Map<number, string[]>();
        const products = new Map<string, number>();
        const pairs = new Map<string, number>();
        const move = (map: Map<string, number>, key: string, change: number) => {
          const next = (map.get(key) ?? 0) + change;
          if (next === 0) map.delete(key);
          else map.set(key, next);
        };
        for (const [order, items] of events) {
          const sorted = [...items].sort(compareBytes);
          const delta = coPurchaseDelta(current.get(order) ?? [], sorted);
          delta.products.forEach(({ productId, change }) => move(products, productId, change));
          delta.pairs.forEach(({ productA, productB, change }) => move(pairs, pairKey(productA, productB), change));
          current.set(order, sorted);
        }
        const recount = emptyTotals();
        for (const items of current.values()) addBasket(recount, items);
        expect(products).toEqual(recount.products);
        expect(pairs).toEqual(recount.pairs);
        expect(recount.orders).toBe([...current.values()].filter((items) => items.length > 0).length);
      }),
    );
  });
});
