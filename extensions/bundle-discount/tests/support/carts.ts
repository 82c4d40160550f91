// Builds Function inputs the way Shopify would send them: the product metafields come from the
// app's own builder (app/domain/offer-metafields.ts), so tests exercise the real contract.
import {
  buildProductOfferValues,
  encodeProductOfferValues,
  type DiscountRulesJsonV1,
  type SyncBundle,
  type SyncPairing,
} from "../../../../app/domain/offer-metafields";
import type { CartLinesDiscountsGenerateRunInput, DiscountClass, CurrencyCode } from "../../generated/api";

export const product = (n: number) => `gid://shopify/Product/${n}`;
export const variant = (n: number) => `gid://shopify/ProductVariant/${n}`;

export interface LineSpec {
  product: number;
  /** Defaults to product × 100 + 1. */
  variant?: number;
  quantity: number;
  /** Per-unit price as Shopify sends it, e.g. "10.00" (JPY: "1200"). */
  price: string;
  /** Defaults to price × quantity. */
  subtotal?: string;
  offer?: string;
  giftCard?: boolean;
  sellingPlan?: boolean;
  /** A custom item (no product). */
  custom?: boolean;
  /** Line id; defaults to gid://shopify/CartLine/<position + 1>. */
  id?: string;
}

export type BundleSpec = Partial<SyncBundle> & Pick<SyncBundle, "id" | "parts" | "discount">;
export type PairingSpec = Partial<SyncPairing> & Pick<SyncPairing, "id" | "anchorProductIds" | "complements">;

export interface CartSpec {
  lines: LineSpec[];
  bundles?: BundleSpec[];
  pairings?: PairingSpec[];
  /** Overrides the metafield built from bundles/pairings, per product number. */
  rules?: Record<number, unknown>;
  currency?: CurrencyCode;
  /** Shop currency of the bundles' fixed amounts; defaults to the cart currency. */
  shopCurrency?: string;
  rate?: string;
  today?: string;
  /** true: an excluded customer; false: a customer without the tag; undefined: a guest. */
  excludedCustomer?: boolean;
  config?: unknown;
  discountClasses?: DiscountClass[];
}

export const TODAY = "2026-05-01";
const NOW = new Date("2026-05-01T12:00:00Z");

export function syncBundle(spec: BundleSpec, currency: string): SyncBundle {
  return {
    title: `Bundle ${spec.id}`,
    status: "active",
    currencyCode: currency,
    match: "any",
    startsAt: null,
    endsAt: null,
    ...spec,
  };
}

/** Each product's `discount_rules` JSON, as the sync would write it. */
export function rulesMetafields(spec: CartSpec): Map<string, DiscountRulesJsonV1 | null> {
  const currency = spec.shopCurrency ?? spec.currency ?? "USD";
  const values = buildProductOfferValues({
    bundles: (spec.bundles ?? []).map((b) => syncBundle(b, currency)),
    pairings: (spec.pairings ?? []).map((p) => ({
      status: "active",
      title: `Pairing ${p.id}`,
      discountPercent: 10,
      ...p,
    })),
    now: NOW,
    timeZone: "UTC",
  });
  const result = new Map<string, DiscountRulesJsonV1 | null>();
  for (const [productId, value] of values) {
    // Through the encoder, so every value respects the schema and the 10,000-byte limit.
    const encoded = encodeProductOfferValues(productId, value);
    result.set(productId, encoded.rules ? (JSON.parse(encoded.rules.value) as DiscountRulesJsonV1) : null);
  }
  return result;
}

/** price × quantity as a decimal string with the price's number of decimals. */
function times(price: string, quantity: number): string {
  const decimals = price.includes(".") ? price.split(".")[1]!.length : 0;
  const minor = BigInt(price.replace(".", "")) * BigInt(quantity);
  const digits = minor.toString().padStart(decimals + 1, "0");
  return decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

export function cartInput(spec: CartSpec): CartLinesDiscountsGenerateRunInput {
  const currency = spec.currency ?? "USD";
  const metafields = rulesMetafields(spec);
  const rulesOf = (n: number): unknown => {
    if (spec.rules && n in spec.rules) return spec.rules[n];
    return metafields.get(product(n)) ?? null;
  };
  return {
    cart: {
      buyerIdentity: spec.excludedCustomer === undefined ? null : { customer: { excluded: spec.excludedCustomer } },
      cost: { totalAmount: { currencyCode: currency } },
      lines: spec.lines.map((line, i) => {
        const rules = rulesOf(line.product);
        return {
          id: line.id ?? `gid://shopify/CartLine/${i + 1}`,
          quantity: line.quantity,
          offer: line.offer === undefined ? null : { value: line.offer },
          plan: line.sellingPlan ? { sellingPlan: { id: "gid://shopify/SellingPlan/1" } } : null,
          cost: {
            unit: { amount: line.price },
            subtotal: { amount: line.subtotal ?? times(line.price, line.quantity) },
          },
          merchandise: line.custom
            ? {}
            : {
                id: variant(line.variant ?? line.product * 100 + 1),
                product: {
                  id: product(line.product),
                  giftCard: line.giftCard ?? false,
                  rules: rules === null ? null : { json: rules },
                },
              },
        };
      }),
    },
    discount: {
      discountClasses: spec.discountClasses ?? ["PRODUCT"],
      config: spec.config === undefined ? null : { jsonValue: spec.config },
    },
    presentmentCurrencyRate: spec.rate ?? "1.0",
    shop: { localTime: { date: spec.today ?? TODAY } },
  };
}
