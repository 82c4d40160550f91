// Random carts for the property tests: a few products (so bundles compete for units), lines with
// variants, quantities, widget tags, gift cards and subscriptions, and bundles/pairings over them.
import fc from "fast-check";
import { formatDecimalAmount } from "../../../../app/domain/money";
import type { CurrencyCode } from "../../generated/api";
import { product, type BundleSpec, type CartSpec, type LineSpec, type PairingSpec } from "./carts";

export interface CartOptions {
  products?: number;
  maxLines?: number;
  minLines?: number;
  maxBundles?: number;
  minBundles?: number;
  maxPairings?: number;
  /** Every unit of a product costs the same (variants included), so a set's price is known up front. */
  uniformPrices?: boolean;
  /** No two bundles share a product. */
  disjoint?: boolean;
  /** Cart currency ≠ shop currency, with a random rate. */
  presentment?: boolean;
  /** Gift cards, selling plans and widget tags. */
  exclusions?: boolean;
}

const CURRENCIES: readonly CurrencyCode[] = ["USD", "JPY", "KWD", "EUR"];

const discountArb = fc.oneof(
  fc.record({ kind: fc.constant("percentage" as const), value: fc.integer({ min: 1, max: 90 }) }),
  fc.record({ kind: fc.constant("fixed_amount_off" as const), value: fc.integer({ min: 1, max: 30_000 }) }),
  fc.record({ kind: fc.constant("fixed_price" as const), value: fc.integer({ min: 1, max: 60_000 }) }),
);

export function cartArb(options: CartOptions = {}): fc.Arbitrary<CartSpec> {
  const productCount = options.products ?? 4;
  const productIndex = fc.integer({ min: 1, max: productCount });
  const maxBundles = options.maxBundles ?? 4;
  return fc
    .record({
      currency: options.presentment
        ? fc.constantFrom<CurrencyCode>("EUR", "JPY", "KWD")
        : fc.constantFrom(...CURRENCIES),
      rate: fc.integer({ min: 1, max: 2_000_000 }).map((n) => (n / 10_000).toFixed(4)),
      prices: fc.array(fc.integer({ min: 1, max: 50_000 }), {
        minLength: productCount * 2,
        maxLength: productCount * 2,
      }),
      lines: fc.array(
        fc.record({
          product: productIndex,
          variant: fc.constantFrom(1, 2),
          quantity: fc.integer({ min: 1, max: 4 }),
          tag: fc.option(fc.integer({ min: 0, max: maxBundles }), { freq: 3 }),
          giftCard: fc.boolean(),
          sellingPlan: fc.boolean(),
          rare: fc.integer({ min: 0, max: 9 }),
        }),
        { minLength: options.minLines ?? 1, maxLength: options.maxLines ?? 10, size: "max" },
      ),
      bundles: fc.array(
        fc.record({
          products: fc.uniqueArray(productIndex, { minLength: 2, maxLength: 3 }),
          quantities: fc.array(fc.integer({ min: 1, max: 2 }), { minLength: 3, maxLength: 3 }),
          variants: fc.array(fc.option(fc.constantFrom(1, 2), { freq: 3 }), { minLength: 3, maxLength: 3 }),
          discount: discountArb,
          widget: fc.integer({ min: 0, max: 4 }),
        }),
        { minLength: options.minBundles ?? 0, maxLength: maxBundles, size: "max" },
      ),
      pairings: fc.array(
        fc.record({ anchor: productIndex, complement: productIndex, percent: fc.integer({ min: 1, max: 90 }) }),
        { maxLength: options.maxPairings ?? 2, size: "max" },
      ),
    })
    .map((raw) => {
      const exclusions = options.exclusions ?? true;
      const priceOf = (p: number, v: number) => raw.prices[(p - 1) * 2 + (options.uniformPrices ? 0 : v - 1)]!;
      const lines: LineSpec[] = raw.lines.map((l) => ({
        product: l.product,
        variant: l.product * 100 + l.variant,
        quantity: l.quantity,
        price: formatDecimalAmount({ amount: priceOf(l.product, l.variant), currency: raw.currency }),
        offer: exclusions && l.tag !== null ? `bundle:b${l.tag}` : undefined,
        giftCard: exclusions && l.giftCard && l.rare === 0,
        sellingPlan: exclusions && l.sellingPlan && l.rare === 1,
      }));
      const used = new Set<number>();
      const bundles: BundleSpec[] = [];
      raw.bundles.forEach((b, i) => {
        if (options.disjoint && b.products.some((p) => used.has(p))) return;
        b.products.forEach((p) => used.add(p));
        bundles.push({
          id: `b${i}`,
          title: `Bundle ${i}`,
          parts: b.products.map((p, k) => ({
            productId: product(p),
            variantId:
              options.uniformPrices || b.variants[k] == null
                ? null
                : `gid://shopify/ProductVariant/${p * 100 + b.variants[k]!}`,
            quantity: b.quantities[k]!,
          })),
          discount: b.discount,
          match: exclusions && b.widget === 0 ? "widget" : "any",
        });
      });
      const pairings: PairingSpec[] = options.disjoint
        ? []
        : raw.pairings
            .filter((p) => p.anchor !== p.complement)
            .map((p, i) => ({
              id: `p${i}`,
              title: `Pairing ${i}`,
              anchorProductIds: [product(p.anchor)],
              complements: [product(p.complement)],
              discountPercent: p.percent,
            }));
      const spec: CartSpec = { lines, bundles, pairings, currency: raw.currency };
      if (options.presentment) {
        spec.shopCurrency = "USD";
        spec.rate = raw.rate;
      }
      return spec;
    });
}

/** Each product's unit price in minor units, for carts built with uniformPrices. */
export function unitPrices(spec: CartSpec, parse: (price: string) => number): Map<string, number> {
  return new Map(spec.lines.map((l) => [product(l.product), parse(l.price)]));
}
