// Competing offers: the exact search against a brute force, and greedy against exact, on random
// carts. README.md ("Overlapping bundles") summarizes where greedy matches the optimum.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { connectedGroups, maxSets, planOffers, rankGroup, take, type Strategy } from "../src/allocate";
import { collectOffers, readCart } from "../src/cart";
import { cartArb } from "./support/arbitraries";
import { cartInput, type CartSpec } from "./support/carts";

function model(spec: CartSpec) {
  const input = cartInput(spec);
  const cart = readCart(input);
  const offers = collectOffers(cart, { today: input.shop.localTime.date, rate: input.presentmentCurrencyRate });
  return { cart, offers };
}

function saving(spec: CartSpec, strategy: Strategy) {
  const { cart, offers } = model(spec);
  return planOffers(cart.lines, offers, strategy);
}

/** The best total saving over every combination of set counts (same unit order as the Function). */
function bruteForce(spec: CartSpec): number {
  const { cart, offers } = model(spec);
  let total = 0;
  for (const group of connectedGroups(cart.lines.length, offers)) {
    const { prepared, capacity } = rankGroup(cart.lines, group);
    let best = 0;
    const visit = (depth: number, sum: number): void => {
      if (depth === prepared.length) {
        best = Math.max(best, sum);
        return;
      }
      const offer = prepared[depth]!;
      for (let n = maxSets(offer, capacity); n >= 0; n--) {
        const taken = take(cart.lines, offer, capacity, n);
        visit(depth + 1, sum + taken.saving);
        for (const [line, count] of taken.units) capacity.set(line, capacity.get(line)! + count);
      }
    };
    visit(0, 0);
    total += best;
  }
  return total;
}

/** Units in the largest set of any offer in the cart. */
function largestSet(spec: CartSpec): number {
  return Math.max(1, ...model(spec).offers.map((o) => o.parts.reduce((sum, p) => sum + p.quantity, 0)));
}

const small = cartArb({ products: 4, maxLines: 8, maxBundles: 5, maxPairings: 2 });

describe("the exact search", () => {
  it("finds the same total saving as trying every combination of set counts", () => {
    fc.assert(
      fc.property(small, (spec) => {
        const exact = saving(spec, "exact");
        expect(exact.groups.every((g) => g.complete)).toBe(true);
        expect(exact.saving).toBe(bruteForce(spec));
      }),
      { numRuns: 500 },
    );
  });

  it("is used for groups of up to 8 competing offers, and greedy above that", () => {
    const part = (n: number) => ({ productId: `gid://shopify/Product/${n}`, variantId: null, quantity: 1 });
    const spec = (count: number): CartSpec => ({
      lines: Array.from({ length: count + 1 }, (_, i) => ({ product: i + 1, quantity: 1, price: "10.00" })),
      bundles: Array.from({ length: count }, (_, i) => ({
        id: `b${i}`,
        parts: [part(1), part(i + 2)],
        discount: { kind: "percentage" as const, value: 10 + i },
      })),
    });
    expect(saving(spec(8), "auto").groups).toEqual([
      { offers: 8, method: "exact", nodes: expect.any(Number), complete: true },
    ]);
    expect(saving(spec(9), "auto").groups[0]?.method).toBe("greedy");
  });
});

describe("greedy compared with exact", () => {
  it("never finds a larger saving than exact", () => {
    fc.assert(
      fc.property(small, (spec) => {
        expect(saving(spec, "greedy").saving).toBeLessThanOrEqual(saving(spec, "exact").saving);
      }),
      { numRuns: 500 },
    );
  });

  it("matches exact when no two bundles share a product", () => {
    fc.assert(
      fc.property(cartArb({ products: 9, maxLines: 12, maxBundles: 4, disjoint: true }), (spec) => {
        expect(saving(spec, "greedy").saving).toBe(saving(spec, "exact").saving);
      }),
      { numRuns: 300 },
    );
  });

  it("matches exact when a single offer applies", () => {
    fc.assert(
      fc.property(cartArb({ products: 4, maxLines: 8, maxBundles: 1, maxPairings: 0 }), (spec) => {
        expect(saving(spec, "greedy").saving).toBe(saving(spec, "exact").saving);
      }),
      { numRuns: 300 },
    );
  });

  it("saves at least 1/k of the optimum, k being the most units in one set (uniform prices)", () => {
    fc.assert(
      fc.property(cartArb({ products: 4, maxLines: 8, maxBundles: 5, uniformPrices: true }), (spec) => {
        const greedy = saving(spec, "greedy").saving;
        expect(greedy * largestSet(spec)).toBeGreaterThanOrEqual(saving(spec, "exact").saving);
      }),
      { numRuns: 500 },
    );
  });

  it("matches exact on at least 90% of random small carts where offers compete, saving 97% of the optimum on average", () => {
    // 2,000 carts from a fixed seed; measured when written: 204 with competing offers, greedy equal
    // to exact on 190 (93.1%), 98.6% of the exact saving on average.
    const carts = fc.sample(small, { numRuns: 2_000, seed: 20260501 });
    const competing = carts.filter((spec) => {
      const { cart, offers } = model(spec);
      return connectedGroups(cart.lines.length, offers).some((group) => group.length >= 2);
    });
    const ratios = competing.map((spec) => {
      const exact = saving(spec, "exact").saving;
      return exact === 0 ? 1 : saving(spec, "greedy").saving / exact;
    });
    expect(competing.length).toBeGreaterThan(150);
    expect(ratios.filter((r) => r === 1).length / ratios.length).toBeGreaterThanOrEqual(0.9);
    expect(ratios.reduce((a, b) => a + b, 0) / ratios.length).toBeGreaterThanOrEqual(0.97);
  });
});
