// The writing side of the offer metafields (see offer-metafields-core.ts for the contract, which
// this module re-exports): zod schemas for each value, the builder that turns the app's bundles and
// pairings into per-product values, and encoders that enforce Shopify's 10,000-byte limit.
//
// Never import this module from the discount Function: it pulls in zod. The Function imports
// offer-metafields-core.ts only.
import { z } from "zod";
import { MAX_PART_QUANTITY, MAX_PERCENTAGE_OFF, MAX_BUNDLE_PARTS, MIN_BUNDLE_PARTS, MAX_TITLE_LENGTH } from "./bundle";
import { DISCOUNT_KINDS, type DiscountKind } from "./bundle-saving";
import { isCurrencyCode } from "./money";
import {
  DISCOUNT_RULES_METAFIELD_KEY,
  encodeDiscountRules,
  MAX_OFFER_METAFIELD_BYTES,
  OFFER_MATCH_MODES,
  OFFER_METAFIELD_NAMESPACE,
  OFFER_METAFIELD_TYPE,
  OFFERS_METAFIELD_KEY,
  utf8ByteLength,
  type DiscountConfigV1,
  type DiscountRulesJsonV1,
  type OfferBundleV1,
  type OfferMatchMode,
  type OfferPairingV1,
  type OffersMetafieldV1,
  type RuleBundle,
  type RulePairing,
} from "./offer-metafields-core";
import { MAX_COMPLEMENTS, MAX_HEADING_LENGTH, MAX_PAIRING_DISCOUNT_PERCENT } from "./pairing";
import { productGid, variantGid } from "./shopify-id";

export * from "./offer-metafields-core";

// ---------------------------------------------------------------------------------------------
// Storefront keys, read by the widget's Liquid only (the Function never reads them)

/**
 * On an anchor product: its "complete the solution" pairing, `{"v":1,"id","heading","percent","complements"}`.
 * A collection anchor is expanded by the sync to every product in the collection.
 */
export const PAIRING_METAFIELD_KEY = "pairing";
/**
 * On every product with offers: the products its offers show — pairing complements first, in order,
 * then bundle parts — each once and never the product itself. A list of product references, so Liquid
 * gets product objects (title, price, image, availability) without any request to the app.
 */
export const OFFER_PRODUCTS_METAFIELD_KEY = "offer_products";
export const OFFER_PRODUCTS_METAFIELD_TYPE = "list.product_reference";
/** Shopify's limit on the items of a list metafield. */
export const MAX_OFFER_PRODUCTS = 128;

/** Every product key the sync owns, with its metafield type. */
export const PRODUCT_OFFER_METAFIELDS = [
  { key: OFFERS_METAFIELD_KEY, type: OFFER_METAFIELD_TYPE },
  { key: DISCOUNT_RULES_METAFIELD_KEY, type: OFFER_METAFIELD_TYPE },
  { key: PAIRING_METAFIELD_KEY, type: OFFER_METAFIELD_TYPE },
  { key: OFFER_PRODUCTS_METAFIELD_KEY, type: OFFER_PRODUCTS_METAFIELD_TYPE },
] as const;

export interface PairingMetafieldV1 {
  v: 1;
  id: string;
  /** Null: the widget heading from the settings. */
  heading: string | null;
  /** Whole percent off the complements, or null for a pairing without a discount. */
  percent: number | null;
  /** Product gids, in the merchant's order. */
  complements: string[];
}

// ---------------------------------------------------------------------------------------------
// Schemas (strict: the app writes exactly these shapes)

const offerId = z.string().min(1).max(64);
const title = z.string().min(1).max(MAX_TITLE_LENGTH);
const currency = z.string().refine(isCurrencyCode, { error: "a 3-letter ISO 4217 code" });
const isoInstant = z.iso.datetime({ offset: true }).nullable();

export const offerBundleSchema = z
  .strictObject({
    id: offerId,
    title,
    kind: z.enum(DISCOUNT_KINDS),
    value: z.number().int().min(1),
    currency,
    parts: z
      .array(
        z.strictObject({
          product: productGid,
          variant: variantGid.nullable(),
          quantity: z.number().int().min(1).max(MAX_PART_QUANTITY),
        }),
      )
      .min(MIN_BUNDLE_PARTS)
      .max(MAX_BUNDLE_PARTS),
    match: z.enum(OFFER_MATCH_MODES),
    startsAt: isoInstant,
    endsAt: isoInstant,
  })
  .refine((b) => b.kind !== "percentage" || b.value <= MAX_PERCENTAGE_OFF, {
    error: `A percentage is at most ${MAX_PERCENTAGE_OFF}`,
    path: ["value"],
  });

export const offerPairingSchema = z.strictObject({
  id: offerId,
  anchor: productGid,
  percent: z.number().int().min(1).max(MAX_PAIRING_DISCOUNT_PERCENT),
  title,
});

export const offersMetafieldSchema = z.strictObject({
  v: z.literal(1),
  bundles: z.array(offerBundleSchema),
  pairings: z.array(offerPairingSchema),
});

const localDate = z.iso.date();
const numericId = z.string().regex(/^[1-9][0-9]{0,19}$/);

export const ruleBundleJsonSchema = z
  .strictObject({
    i: offerId,
    t: title,
    k: z.enum(["pct", "off", "fix"]),
    x: z.number().int().min(1),
    c: currency.optional(),
    p: z
      .array(z.string().regex(/^[1-9][0-9]{0,19}(?:\/[1-9][0-9]{0,19})?(?:x[1-9][0-9]?)?$/))
      .min(MIN_BUNDLE_PARTS)
      .max(MAX_BUNDLE_PARTS),
    w: z.literal(1).optional(),
    s: localDate.optional(),
    e: localDate.optional(),
  })
  .refine((b) => (b.k === "pct") === (b.c === undefined), {
    error: "Fixed amounts need a currency; percentages have none",
    path: ["c"],
  })
  .refine((b) => b.k !== "pct" || b.x <= MAX_PERCENTAGE_OFF, {
    error: `A percentage is at most ${MAX_PERCENTAGE_OFF}`,
    path: ["x"],
  });

export const discountRulesJsonSchema = z.strictObject({
  v: z.literal(1),
  b: z.array(ruleBundleJsonSchema).min(1).optional(),
  p: z
    .array(
      z.strictObject({
        i: offerId,
        a: numericId,
        x: z.number().int().min(1).max(MAX_PAIRING_DISCOUNT_PERCENT),
        t: title,
      }),
    )
    .min(1)
    .optional(),
});

export const discountConfigSchema = z.strictObject({ v: z.literal(1), paused: z.boolean() });

export const pairingMetafieldSchema = z.strictObject({
  v: z.literal(1),
  id: offerId,
  heading: z.string().min(1).max(MAX_HEADING_LENGTH).nullable(),
  percent: z.number().int().min(1).max(MAX_PAIRING_DISCOUNT_PERCENT).nullable(),
  complements: z.array(productGid).min(1).max(MAX_COMPLEMENTS),
});

export const offerProductsMetafieldSchema = z.array(productGid).min(1).max(MAX_OFFER_PRODUCTS);

// ---------------------------------------------------------------------------------------------
// Building the values for every product

/** A bundle as the sync reads it from the database. */
export interface SyncBundle {
  id: string;
  title: string;
  status: string;
  /** The shop's currency; fixed amounts are in its minor units. */
  currencyCode: string;
  discount: { kind: DiscountKind; value: number };
  parts: ReadonlyArray<{ productId: string; variantId: string | null; quantity: number }>;
  match?: OfferMatchMode;
  startsAt: Date | null;
  endsAt: Date | null;
}

/** A pairing as the sync reads it; a collection anchor is expanded to its products by the caller. */
export interface SyncPairing {
  id: string;
  status: string;
  /** Shown at checkout: "Pairing: <title> — 10% off". */
  title: string;
  anchorProductIds: readonly string[];
  complements: readonly string[];
  discountPercent: number | null;
  /** Overrides the widget heading from the settings; null or missing: the default heading. */
  heading?: string | null;
}

export interface ProductOfferValues {
  offers: OffersMetafieldV1;
  /** Null when the product carries no bundle terms or pairings: delete its `discount_rules`. */
  rules: DiscountRulesJsonV1 | null;
}

/**
 * The `offers` and `discount_rules` values for every product that is part of a live or upcoming
 * bundle, or a complement in an active pairing with a discount. Bundles that are not active or
 * have ended are left out. `timeZone` (the shop's IANA zone) turns the schedule into the shop-local
 * days the Function checks. Products missing from the map should have both metafields deleted.
 */
export function buildProductOfferValues(input: {
  bundles: readonly SyncBundle[];
  pairings: readonly SyncPairing[];
  now: Date;
  timeZone: string;
}): Map<string, ProductOfferValues> {
  const byProduct = new Map<
    string,
    {
      bundles: OfferBundleV1[];
      pairings: OfferPairingV1[];
      rules: RuleBundle[];
      rulePairings: RulePairing[];
    }
  >();
  const entry = (productId: string) => {
    let found = byProduct.get(productId);
    if (!found) {
      found = { bundles: [], pairings: [], rules: [], rulePairings: [] };
      byProduct.set(productId, found);
    }
    return found;
  };

  for (const bundle of input.bundles) {
    if (bundle.status !== "active" || (bundle.endsAt && bundle.endsAt.getTime() <= input.now.getTime())) continue;
    const offer: OfferBundleV1 = {
      id: bundle.id,
      title: bundle.title,
      kind: bundle.discount.kind,
      value: bundle.discount.value,
      currency: bundle.currencyCode,
      parts: bundle.parts.map((p) => ({ product: p.productId, variant: p.variantId ?? null, quantity: p.quantity })),
      match: bundle.match ?? "any",
      startsAt: bundle.startsAt?.toISOString() ?? null,
      endsAt: bundle.endsAt?.toISOString() ?? null,
    };
    const rule: RuleBundle = {
      id: bundle.id,
      title: bundle.title,
      kind: bundle.discount.kind,
      value: bundle.discount.value,
      currency: bundle.discount.kind === "percentage" ? "" : bundle.currencyCode,
      parts: offer.parts,
      match: offer.match,
      startDate: bundle.startsAt ? shopLocalDate(bundle.startsAt, input.timeZone) : null,
      // The last day on which some moment is before endsAt (endsAt itself is exclusive).
      endDate: bundle.endsAt ? shopLocalDate(new Date(bundle.endsAt.getTime() - 1), input.timeZone) : null,
    };
    bundle.parts.forEach((part, i) => {
      const values = entry(part.productId);
      values.bundles.push(offer);
      // The terms go on the first part's product only: every complete set includes it.
      if (i === 0) values.rules.push(rule);
    });
  }

  for (const pairing of input.pairings) {
    if (pairing.status !== "active" || pairing.discountPercent === null) continue;
    for (const complement of pairing.complements) {
      for (const anchor of pairing.anchorProductIds) {
        if (anchor === complement) continue;
        const values = entry(complement);
        const offer = { id: pairing.id, anchor, percent: pairing.discountPercent, title: pairing.title };
        values.pairings.push(offer);
        values.rulePairings.push(offer);
      }
    }
  }

  const result = new Map<string, ProductOfferValues>();
  for (const [productId, values] of byProduct) {
    result.set(productId, {
      offers: { v: 1, bundles: values.bundles, pairings: values.pairings },
      rules:
        values.rules.length + values.rulePairings.length === 0
          ? null
          : encodeDiscountRules({ bundles: values.rules, pairings: values.rulePairings }),
    });
  }
  return result;
}

/**
 * The `pairing` value for every anchor product of an active pairing. A product anchoring several
 * pairings (its own and its collection's) gets the first one listed, so callers list product anchors
 * before collection anchors. Complements equal to the anchor are left out; an anchor left with none
 * gets no value.
 */
export function buildAnchorPairings(pairings: readonly SyncPairing[]): Map<string, PairingMetafieldV1> {
  const byAnchor = new Map<string, PairingMetafieldV1>();
  for (const pairing of pairings) {
    if (pairing.status !== "active") continue;
    for (const anchor of pairing.anchorProductIds) {
      if (byAnchor.has(anchor)) continue;
      const complements = pairing.complements.filter((id) => id !== anchor);
      if (complements.length === 0) continue;
      byAnchor.set(anchor, {
        v: 1,
        id: pairing.id,
        heading: pairing.heading ? pairing.heading : null,
        percent: pairing.discountPercent,
        complements: [...complements],
      });
    }
  }
  return byAnchor;
}

/**
 * The `offer_products` value: the pairing's complements in order, then the parts of the product's
 * bundles, each product once, never the product itself; at most MAX_OFFER_PRODUCTS (Shopify's list limit).
 */
export function offerProductIds(
  productId: string,
  offers: OffersMetafieldV1 | null,
  pairing: PairingMetafieldV1 | null,
): string[] {
  const ids = new Set<string>();
  for (const id of pairing?.complements ?? []) ids.add(id);
  for (const bundle of offers?.bundles ?? []) for (const part of bundle.parts) ids.add(part.product);
  ids.delete(productId);
  return [...ids].slice(0, MAX_OFFER_PRODUCTS);
}

/** The calendar date (YYYY-MM-DD) of an instant in an IANA time zone. */
export function shopLocalDate(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

// ---------------------------------------------------------------------------------------------
// Encoding with the size limit

export class OfferMetafieldTooLargeError extends Error {
  readonly productId: string;
  readonly key: string;
  readonly bytes: number;

  constructor(productId: string, key: string, bytes: number, entries: string) {
    super(
      `The ${key} metafield for ${productId} would be ${bytes.toLocaleString("en-US")} bytes, but Shopify ` +
        `Functions only receive metafield values up to ${MAX_OFFER_METAFIELD_BYTES.toLocaleString("en-US")} bytes. ` +
        `The product is in ${entries}; take it out of some of them.`,
    );
    this.name = "OfferMetafieldTooLargeError";
    this.productId = productId;
    this.key = key;
    this.bytes = bytes;
  }
}

export interface EncodedMetafield {
  key: string;
  /** The JSON text to write. */
  value: string;
  bytes: number;
  /** Ids of the bundles and pairings trimmed to fit ("bundle:<id>", "pairing:<id>"), last first. */
  dropped: string[];
}

export interface EncodeOptions {
  /** "error" (default): throw OfferMetafieldTooLargeError; "trim": drop entries from the end to fit. */
  onOverflow?: "error" | "trim";
  /** Defaults to MAX_OFFER_METAFIELD_BYTES; lower only in tests. */
  maxBytes?: number;
}

export interface EncodedProductOfferValues {
  offers: EncodedMetafield;
  /** Null: the product has no `discount_rules` (delete the metafield). */
  rules: EncodedMetafield | null;
}

/**
 * Encodes a product's two values, each validated by its schema and checked against the limit.
 * Trimming drops pairings from the end of the list first, then bundles from the end, so callers
 * list entries most important first. A bundle trimmed from its first part's `discount_rules` no
 * longer applies at checkout at all; `dropped` says which, so the sync can tell the merchant.
 */
export function encodeProductOfferValues(
  productId: string,
  values: ProductOfferValues,
  options: EncodeOptions = {},
): EncodedProductOfferValues {
  const offers = offersMetafieldSchema.parse(values.offers);
  const rules = values.rules === null ? null : discountRulesJsonSchema.parse(values.rules);
  return {
    offers: encodeWithLimit(productId, OFFERS_METAFIELD_KEY, options, {
      value: offers,
      pairings: offers.pairings.map((p) => p.id),
      bundles: offers.bundles.map((b) => b.id),
      without: (bundles, pairings) => ({
        ...offers,
        bundles: offers.bundles.slice(0, bundles),
        pairings: offers.pairings.slice(0, pairings),
      }),
    }),
    rules:
      rules === null
        ? null
        : encodeWithLimit(productId, DISCOUNT_RULES_METAFIELD_KEY, options, {
            value: rules,
            pairings: (rules.p ?? []).map((p) => p.i),
            bundles: (rules.b ?? []).map((b) => b.i),
            without: (bundles, pairings) => {
              const trimmed: DiscountRulesJsonV1 = { v: 1 };
              if (bundles > 0) trimmed.b = (rules.b ?? []).slice(0, bundles);
              if (pairings > 0) trimmed.p = (rules.p ?? []).slice(0, pairings);
              return trimmed;
            },
          }),
  };
}

function encodeWithLimit(
  productId: string,
  key: string,
  options: EncodeOptions,
  value: {
    value: unknown;
    bundles: string[];
    pairings: string[];
    without: (bundles: number, pairings: number) => unknown;
  },
): EncodedMetafield {
  const maxBytes = options.maxBytes ?? MAX_OFFER_METAFIELD_BYTES;
  let text = JSON.stringify(value.value);
  let bytes = utf8ByteLength(text);
  if (bytes <= maxBytes) return { key, value: text, bytes, dropped: [] };
  if (options.onOverflow !== "trim") {
    const entries = `${value.bundles.length} bundle(s) and ${value.pairings.length} pairing(s)`;
    throw new OfferMetafieldTooLargeError(productId, key, bytes, entries);
  }
  let bundles = value.bundles.length;
  let pairings = value.pairings.length;
  const dropped: string[] = [];
  while (bytes > maxBytes && bundles + pairings > 0) {
    if (pairings > 0) dropped.push(`pairing:${value.pairings[--pairings]}`);
    else dropped.push(`bundle:${value.bundles[--bundles]}`);
    text = JSON.stringify(value.without(bundles, pairings));
    bytes = utf8ByteLength(text);
  }
  return { key, value: text, bytes, dropped };
}

/**
 * What to send to Admin GraphQL for one product: `metafieldsSet` inputs, and the metafields to remove
 * with `metafieldsDelete` (a product left with no `discount_rules`). A product that drops out of every
 * offer should have both keys deleted (see offerMetafieldKeys).
 */
export function offerMetafieldWrites(productId: string, encoded: EncodedProductOfferValues) {
  const set = [encoded.offers, ...(encoded.rules ? [encoded.rules] : [])].map((m) => ({
    ownerId: productId,
    namespace: OFFER_METAFIELD_NAMESPACE,
    key: m.key,
    type: OFFER_METAFIELD_TYPE,
    value: m.value,
  }));
  const remove = encoded.rules
    ? []
    : [{ ownerId: productId, namespace: OFFER_METAFIELD_NAMESPACE, key: DISCOUNT_RULES_METAFIELD_KEY }];
  return { set, delete: remove };
}

/** Both product keys, for deleting a product's offer metafields. */
export function offerMetafieldKeys(productId: string) {
  return [OFFERS_METAFIELD_KEY, DISCOUNT_RULES_METAFIELD_KEY].map((key) => ({
    ownerId: productId,
    namespace: OFFER_METAFIELD_NAMESPACE,
    key,
  }));
}

/** The discount's `config` value. */
export function encodeDiscountConfig(config: { paused: boolean }): string {
  const value: DiscountConfigV1 = discountConfigSchema.parse({ v: 1, paused: config.paused });
  return JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------------
// Everything one product needs

export interface MetafieldSetInput {
  ownerId: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
}

export interface MetafieldIdentifier {
  ownerId: string;
  namespace: string;
  key: string;
}

export interface ProductOfferMetafieldsPlan {
  /** `metafieldsSet` inputs, in PRODUCT_OFFER_METAFIELDS order. */
  set: MetafieldSetInput[];
  /** The keys the product should not have (`metafieldsDelete`). */
  delete: MetafieldIdentifier[];
  /** Offers trimmed from the storefront's `offers` to fit ("bundle:<id>", "pairing:<id>"): not shown here. */
  droppedFromOffers: string[];
  /** Offers trimmed from `discount_rules`: they no longer apply at checkout. */
  droppedFromRules: string[];
}

/**
 * The four product keys for one product: `offers` and `discount_rules` from its bundles and discounted
 * pairings (buildProductOfferValues), `pairing` when it anchors one (buildAnchorPairings) and
 * `offer_products` from what is left after trimming. Keys without a value are to be deleted. With
 * `onOverflow: "trim"`, the dropped offers are reported rather than thrown (see encodeProductOfferValues).
 */
export function planProductOfferMetafields(
  productId: string,
  input: { values?: ProductOfferValues; pairing?: PairingMetafieldV1 },
  options: EncodeOptions = {},
): ProductOfferMetafieldsPlan {
  const encoded = input.values ? encodeProductOfferValues(productId, input.values, options) : null;
  const pairing = input.pairing ? pairingMetafieldSchema.parse(input.pairing) : null;
  const offers = encoded ? (JSON.parse(encoded.offers.value) as OffersMetafieldV1) : null;
  const products = offerProductIds(productId, offers, pairing);
  const values: Record<string, string | null> = {
    [OFFERS_METAFIELD_KEY]: encoded?.offers.value ?? null,
    [DISCOUNT_RULES_METAFIELD_KEY]: encoded?.rules?.value ?? null,
    [PAIRING_METAFIELD_KEY]: pairing ? JSON.stringify(pairing) : null,
    [OFFER_PRODUCTS_METAFIELD_KEY]:
      products.length > 0 ? JSON.stringify(offerProductsMetafieldSchema.parse(products)) : null,
  };
  const plan: ProductOfferMetafieldsPlan = {
    set: [],
    delete: [],
    droppedFromOffers: encoded?.offers.dropped ?? [],
    droppedFromRules: encoded?.rules?.dropped ?? [],
  };
  for (const { key, type } of PRODUCT_OFFER_METAFIELDS) {
    const value = values[key];
    const id = { ownerId: productId, namespace: OFFER_METAFIELD_NAMESPACE, key };
    if (value === null || value === undefined) plan.delete.push(id);
    else plan.set.push({ ...id, type, value });
  }
  return plan;
}
