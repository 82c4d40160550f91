// Properties over random carts (fast-check). Every run also checks the input and output against
// Shopify's schema (tests/support/run.ts).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bundleSaving } from "../../../app/domain/bundle-saving";
import { parseDecimalAmount } from "../../../app/domain/money";
import { utf8ByteLength } from "../../../app/domain/offer-metafields-core";
import { OUTPUT_LIMIT_BYTES, outputLimitFor } from "../src/cart_lines_discounts_generate_run";
import { cartArb, unitPrices } from "./support/arbitraries";
import { lineDiscounts, run } from "./support/run";

// Hundreds of random carts per property: generous time, so a busy CI machine cannot fail them by the clock.
describe("for random carts", { timeout: 60_000 }, () => {
  it("no line is discounted by more than it costs, and no unit is discounted twice", () => {
    fc.assert(
      fc.property(fc.oneof(cartArb(), cartArb({ presentment: true })), (spec) => {
        const ran = run(spec);
        const currency = ran.input.cart.cost.totalAmount.currencyCode;
        const discounts = lineDiscounts(ran);
        for (const line of ran.input.cart.lines) {
          expect(ran.unitsByLine[line.id] ?? 0).toBeLessThanOrEqual(line.quantity);
          expect(discounts[line.id] ?? 0).toBeLessThanOrEqual(parseDecimalAmount(line.cost.subtotal.amount, currency));
          if (line.merchandise.product?.giftCard || line.plan) expect(ran.unitsByLine[line.id]).toBeUndefined();
        }
      }),
      { numRuns: 400 },
    );
  });

  it("the total saving is the sum of the applied sets' savings", () => {
    fc.assert(
      fc.property(cartArb({ uniformPrices: true, exclusions: false }), (spec) => {
        const ran = run(spec);
        const currency = ran.input.cart.cost.totalAmount.currencyCode;
        const price = unitPrices(spec, (p) => parseDecimalAmount(p, currency));
        const expected = (ran.plan?.applied ?? []).reduce((sum, applied) => {
          // Uniform prices: every set of an offer costs the same, computed here from the spec alone.
          const bundle = spec.bundles?.find((b) => `bundle:${b.id}` === applied.offer.key);
          const pairing = spec.pairings?.find((p) => applied.offer.key.startsWith(`pairing:${p.id}@`));
          const setPrice = bundle
            ? bundle.parts.reduce((s, part) => s + part.quantity * price.get(part.productId)!, 0)
            : price.get(pairing!.complements[0]!)!;
          const rule = bundle ? bundle.discount : { kind: "percentage" as const, value: pairing!.discountPercent! };
          expect(applied.saving).toBe(applied.sets * bundleSaving(rule, setPrice));
          return sum + applied.saving;
        }, 0);
        expect(ran.total).toBe(expected);
        expect(ran.plan?.saving ?? 0).toBe(expected);
      }),
      { numRuns: 400 },
    );
  });

  const largeCart = cartArb({
    products: 60,
    minLines: 150,
    maxLines: 250,
    minBundles: 60,
    maxBundles: 200,
    maxPairings: 60,
    exclusions: false,
  });

  // Shrinking a failing 250-line cart takes minutes, so these two stop at the first counterexample.
  it("the output stays within the byte limit for carts of 150 to 250 lines (20,000 bytes up to 200 lines)", () => {
    fc.assert(
      fc.property(largeCart, (spec) => {
        const limit = outputLimitFor(spec.lines.length);
        expect(limit).toBe(Math.max(OUTPUT_LIMIT_BYTES, spec.lines.length * 100));
        expect(utf8ByteLength(JSON.stringify(run(spec).result))).toBeLessThanOrEqual(limit);
      }),
      { numRuns: 25, endOnFailure: true },
    );
  });

  it("the output stays within any byte limit, and merging keeps the total saving exact", () => {
    fc.assert(
      fc.property(largeCart, fc.integer({ min: 500, max: 20_000 }), (spec, limit) => {
        const ran = run(spec, { outputLimit: limit });
        expect(utf8ByteLength(JSON.stringify(ran.result))).toBeLessThanOrEqual(limit);
        const unlimited = run(spec, { outputLimit: Number.MAX_SAFE_INTEGER });
        if (ran.dropped.length === 0) expect(ran.total).toBe(unlimited.total);
        else expect(ran.total).toBeLessThan(unlimited.total);
      }),
      { numRuns: 25, endOnFailure: true },
    );
  });
});
