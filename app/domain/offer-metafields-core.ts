// The metafield contract between the admin sync (writer), the storefront Liquid and the bundle
// discount Function (readers): names, value types and small, dependency-free decoders.
//
// This module imports nothing on purpose: the Function (extensions/bundle-discount) bundles it into
// its Wasm module, which runs with an instruction budget, so it must not pull in zod or Node APIs.
// The zod schemas and the encoders for the writing side live in offer-metafields.ts.
//
// Two product metafields, both type `json` in the app-reserved namespace `$app:attach`:
// - `offers`: the readable form (storefront widget, app). Every bundle and pairing touching the
//   product, in full.
// - `discount_rules`: the compact form the discount Function reads. Shopify sends the Function every
//   cart line's metafield, so this form keeps a 200-line cart with 5 bundles per product under the
//   128,000-byte input limit: a bundle's terms are written once, on its first part's product (a
//   complete set always includes that product), and a pairing on its complement's product.
//   See extensions/bundle-discount/README.md.
// Shopify does not give a Function a metafield value over 10,000 bytes; the encoders refuse or trim
// values over MAX_OFFER_METAFIELD_BYTES.

export const OFFER_METAFIELD_NAMESPACE = "$app:attach";
export const OFFERS_METAFIELD_KEY = "offers";
export const DISCOUNT_RULES_METAFIELD_KEY = "discount_rules";
/** On the automatic discount itself: `{"v":1,"paused":false}`. */
export const DISCOUNT_CONFIG_METAFIELD_KEY = "config";
export const OFFER_METAFIELD_TYPE = "json";
/** Functions do not receive metafield values larger than this (UTF-8 bytes of the JSON text). */
export const MAX_OFFER_METAFIELD_BYTES = 10_000;

/** Hidden line item property the widget sets on the lines it adds: `bundle:<id>` or `pairing:<id>`. */
export const OFFER_LINE_PROPERTY = "_attach_offer";
/** Customer tag the app sets on customers that responsible targeting excludes from offers. */
export const EXCLUDED_CUSTOMER_TAG = "attach-excluded";

export const OFFER_KINDS = ["percentage", "fixed_amount_off", "fixed_price"] as const;
export type OfferKind = (typeof OFFER_KINDS)[number];
/** "any": any matching items in the cart count (default); "widget": only lines the widget added. */
export const OFFER_MATCH_MODES = ["any", "widget"] as const;
export type OfferMatchMode = (typeof OFFER_MATCH_MODES)[number];

// ---------------------------------------------------------------------------------------------
// `offers`: the readable form

export interface OfferBundlePartV1 {
  /** Product gid. */
  product: string;
  /** Variant gid, or null for any variant of the product. */
  variant: string | null;
  quantity: number;
}

export interface OfferBundleV1 {
  id: string;
  title: string;
  kind: OfferKind;
  /** Whole percent for "percentage"; minor units of `currency` for the fixed kinds. */
  value: number;
  /** The shop's currency (ISO 4217), which fixed amounts are in. */
  currency: string;
  parts: OfferBundlePartV1[];
  match: OfferMatchMode;
  /** ISO 8601 instants, or null for open-ended. */
  startsAt: string | null;
  endsAt: string | null;
}

export interface OfferPairingV1 {
  id: string;
  /** Product gid of the anchor; the pairing discounts this (complement) product when the anchor is in the cart. */
  anchor: string;
  percent: number;
  title: string;
}

export interface OffersMetafieldV1 {
  v: 1;
  bundles: OfferBundleV1[];
  pairings: OfferPairingV1[];
}

// ---------------------------------------------------------------------------------------------
// `discount_rules`: the compact form, as the Function sees it once decoded

export interface RuleBundlePart {
  /** Product gid. */
  product: string;
  /** Variant gid, or null for any variant. */
  variant: string | null;
  quantity: number;
}

export interface RuleBundle {
  id: string;
  title: string;
  kind: OfferKind;
  value: number;
  /** Currency of `value` for the fixed kinds (the shop's); "" for percentages. */
  currency: string;
  parts: RuleBundlePart[];
  match: OfferMatchMode;
  /** First and last shop-local day (YYYY-MM-DD, inclusive) on which the bundle applies; null = open. */
  startDate: string | null;
  endDate: string | null;
}

export interface RulePairing {
  id: string;
  /** Product gid. */
  anchor: string;
  percent: number;
  title: string;
}

export interface DiscountRules {
  /** Bundles whose first part is this product. */
  bundles: RuleBundle[];
  /** Pairings that discount this product when their anchor is in the cart. */
  pairings: RulePairing[];
}

/** Kind codes used in the compact JSON. */
export const RULE_KIND_CODES: Readonly<Record<OfferKind, string>> = {
  percentage: "pct",
  fixed_amount_off: "off",
  fixed_price: "fix",
};

const PRODUCT_GID_PREFIX = "gid://shopify/Product/";
const VARIANT_GID_PREFIX = "gid://shopify/ProductVariant/";
const NUMERIC_ID = /^[1-9][0-9]{0,19}$/;
const GID = /^gid:\/\/shopify\/(Product|ProductVariant)\/([1-9][0-9]{0,19})$/;
const PART_CODE = /^([1-9][0-9]{0,19})(?:\/([1-9][0-9]{0,19}))?(?:x([1-9][0-9]?))?$/;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const CURRENCY = /^[A-Z]{3}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;
/** Same bounds as the bundle form (bundle.ts): 2–10 parts, 1–99 units each. */
const MAX_PARTS = 10;
const MIN_PARTS = 2;
const MAX_QUANTITY = 99;

/** "gid://shopify/Product/12" → "12" for Product/ProductVariant gids; null otherwise. */
export function numericIdOf(gid: string, resource: "Product" | "ProductVariant"): string | null {
  const match = GID.exec(gid);
  return match && match[1] === resource ? (match[2] ?? null) : null;
}

/** Compact part code: "12" (any variant, 1 unit), "12/34" (variant 34), "12x2", "12/34x2". */
export function encodeRulePart(part: RuleBundlePart): string {
  const product = numericIdOf(part.product, "Product");
  const variant = part.variant === null ? null : numericIdOf(part.variant, "ProductVariant");
  if (product === null || (part.variant !== null && variant === null)) {
    throw new Error(`Not a product/variant gid: ${JSON.stringify(part.variant ?? part.product)}`);
  }
  return `${product}${variant === null ? "" : `/${variant}`}${part.quantity === 1 ? "" : `x${part.quantity}`}`;
}

function decodeRulePart(code: unknown): RuleBundlePart | null {
  if (typeof code !== "string") return null;
  const match = PART_CODE.exec(code);
  if (!match) return null;
  const [, product, variant, quantity] = match;
  return {
    product: PRODUCT_GID_PREFIX + product,
    variant: variant === undefined ? null : VARIANT_GID_PREFIX + variant,
    quantity: quantity === undefined ? 1 : Number(quantity),
  };
}

/** The JSON written to `discount_rules` (version 1). Empty lists are left out. */
export interface DiscountRulesJsonV1 {
  v: 1;
  /** Bundles whose first part is this product. */
  b?: RuleBundleJson[];
  /** Pairings that discount this product. */
  p?: RulePairingJson[];
}

export interface RuleBundleJson {
  i: string;
  t: string;
  k: string;
  x: number;
  /** Only for the fixed kinds. */
  c?: string;
  /** Part codes, see encodeRulePart. */
  p: string[];
  /** 1: only lines the widget added count ("widget" match); left out for "any". */
  w?: 1;
  /** First / last shop-local day, YYYY-MM-DD; left out when open-ended. */
  s?: string;
  e?: string;
}

export interface RulePairingJson {
  i: string;
  /** Anchor product's numeric id. */
  a: string;
  x: number;
  t: string;
}

export function encodeRuleBundle(bundle: RuleBundle): RuleBundleJson {
  const json: RuleBundleJson = {
    i: bundle.id,
    t: bundle.title,
    k: RULE_KIND_CODES[bundle.kind],
    x: bundle.value,
    p: bundle.parts.map(encodeRulePart),
  };
  if (bundle.kind !== "percentage") json.c = bundle.currency;
  if (bundle.match === "widget") json.w = 1;
  if (bundle.startDate !== null) json.s = bundle.startDate;
  if (bundle.endDate !== null) json.e = bundle.endDate;
  return json;
}

export function encodeRulePairing(pairing: RulePairing): RulePairingJson {
  const anchor = numericIdOf(pairing.anchor, "Product");
  if (anchor === null) throw new Error(`Not a product gid: ${JSON.stringify(pairing.anchor)}`);
  return { i: pairing.id, a: anchor, x: pairing.percent, t: pairing.title };
}

/** Builds a product's `discount_rules` JSON (bundles whose first part it is, pairings discounting it). */
export function encodeDiscountRules(rules: {
  bundles: readonly RuleBundle[];
  pairings: readonly RulePairing[];
}): DiscountRulesJsonV1 {
  const json: DiscountRulesJsonV1 = { v: 1 };
  if (rules.bundles.length > 0) json.b = rules.bundles.map(encodeRuleBundle);
  if (rules.pairings.length > 0) json.p = rules.pairings.map(encodeRulePairing);
  return json;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is string {
  return typeof value === "string" && value.length > 0 && value.length <= 64;
}

function isText(value: unknown, max: number): value is string {
  return typeof value === "string" && value.length <= max;
}

function isWholeNumber(value: unknown, min: number, max: number): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= min && value <= max;
}

function kindFromCode(code: unknown): OfferKind | null {
  if (code === "pct") return "percentage";
  if (code === "off") return "fixed_amount_off";
  if (code === "fix") return "fixed_price";
  return null;
}

function validValue(kind: OfferKind, value: unknown): value is number {
  return kind === "percentage" ? isWholeNumber(value, 1, 100) : isWholeNumber(value, 1, Number.MAX_SAFE_INTEGER);
}

function optionalDate(value: unknown): string | null | undefined {
  if (value === undefined || value === null) return null;
  return typeof value === "string" && LOCAL_DATE.test(value) ? value : undefined;
}

function decodeRuleBundle(raw: Record<string, unknown>): RuleBundle | null {
  const kind = kindFromCode(raw.k);
  if (!isId(raw.i) || !isText(raw.t, 200) || kind === null || !validValue(kind, raw.x)) return null;
  const currency = kind === "percentage" ? "" : raw.c;
  if (kind !== "percentage" && !(typeof currency === "string" && CURRENCY.test(currency))) return null;
  if (!Array.isArray(raw.p) || raw.p.length < MIN_PARTS || raw.p.length > MAX_PARTS) return null;
  const parts: RuleBundlePart[] = [];
  const products = new Set<string>();
  for (const code of raw.p) {
    const part = decodeRulePart(code);
    if (!part || products.has(part.product)) return null;
    products.add(part.product);
    parts.push(part);
  }
  const startDate = optionalDate(raw.s);
  const endDate = optionalDate(raw.e);
  if (startDate === undefined || endDate === undefined) return null;
  return {
    id: raw.i,
    title: raw.t,
    kind,
    value: raw.x,
    currency: currency as string,
    parts,
    match: raw.w === 1 ? "widget" : "any",
    startDate,
    endDate,
  };
}

function decodeRulePairing(raw: unknown): RulePairing | null {
  if (!isRecord(raw) || !isId(raw.i) || typeof raw.a !== "string" || !NUMERIC_ID.test(raw.a)) return null;
  if (!isWholeNumber(raw.x, 1, 100) || !isText(raw.t, 200)) return null;
  return { id: raw.i, anchor: PRODUCT_GID_PREFIX + raw.a, percent: raw.x, title: raw.t };
}

/**
 * Decodes a product's `discount_rules` value (the parsed JSON, or its text). Returns null when the
 * value is missing or not version 1; malformed entries are skipped one by one, so one bad bundle
 * does not hide the others. Never throws.
 */
export function decodeDiscountRules(value: unknown): DiscountRules | null {
  const json = parseIfText(value);
  if (!isRecord(json) || json.v !== 1) return null;
  const rules: DiscountRules = { bundles: [], pairings: [] };
  if (Array.isArray(json.b)) {
    for (const entry of json.b) {
      const bundle = isRecord(entry) ? decodeRuleBundle(entry) : null;
      if (bundle) rules.bundles.push(bundle);
    }
  }
  if (Array.isArray(json.p)) {
    for (const entry of json.p) {
      const pairing = decodeRulePairing(entry);
      if (pairing) rules.pairings.push(pairing);
    }
  }
  return rules;
}

// ---------------------------------------------------------------------------------------------
// `offers` decoding (readers without zod: the storefront emulator, scripts)

function decodeOfferBundle(raw: unknown): OfferBundleV1 | null {
  if (!isRecord(raw) || !isId(raw.id) || !isText(raw.title, 200)) return null;
  const kind = OFFER_KINDS.find((k) => k === raw.kind);
  if (!kind || !validValue(kind, raw.value) || typeof raw.currency !== "string" || !CURRENCY.test(raw.currency)) {
    return null;
  }
  if (!Array.isArray(raw.parts) || raw.parts.length < MIN_PARTS || raw.parts.length > MAX_PARTS) return null;
  const parts: OfferBundlePartV1[] = [];
  for (const part of raw.parts as unknown[]) {
    if (!isRecord(part) || typeof part.product !== "string" || numericIdOf(part.product, "Product") === null) {
      return null;
    }
    const variant = part.variant ?? null;
    if (variant !== null && (typeof variant !== "string" || numericIdOf(variant, "ProductVariant") === null)) {
      return null;
    }
    if (!isWholeNumber(part.quantity, 1, MAX_QUANTITY)) return null;
    parts.push({ product: part.product, variant, quantity: part.quantity });
  }
  const match = OFFER_MATCH_MODES.find((m) => m === (raw.match ?? "any"));
  const startsAt = raw.startsAt ?? null;
  const endsAt = raw.endsAt ?? null;
  const validInstant = (v: unknown) => v === null || (typeof v === "string" && ISO_INSTANT.test(v));
  if (!match || !validInstant(startsAt) || !validInstant(endsAt)) return null;
  return {
    id: raw.id,
    title: raw.title,
    kind,
    value: raw.value,
    currency: raw.currency,
    parts,
    match,
    startsAt: startsAt as string | null,
    endsAt: endsAt as string | null,
  };
}

function decodeOfferPairing(raw: unknown): OfferPairingV1 | null {
  if (!isRecord(raw) || !isId(raw.id) || typeof raw.anchor !== "string") return null;
  if (numericIdOf(raw.anchor, "Product") === null || !isWholeNumber(raw.percent, 1, 100) || !isText(raw.title, 200)) {
    return null;
  }
  return { id: raw.id, anchor: raw.anchor, percent: raw.percent, title: raw.title };
}

/** Decodes a product's `offers` value; null unless version 1; malformed entries are skipped. Never throws. */
export function decodeOffersMetafield(value: unknown): OffersMetafieldV1 | null {
  const json = parseIfText(value);
  if (!isRecord(json) || json.v !== 1) return null;
  const bundles = Array.isArray(json.bundles) ? json.bundles.map(decodeOfferBundle) : [];
  const pairings = Array.isArray(json.pairings) ? json.pairings.map(decodeOfferPairing) : [];
  return {
    v: 1,
    bundles: bundles.filter((b): b is OfferBundleV1 => b !== null),
    pairings: pairings.filter((p): p is OfferPairingV1 => p !== null),
  };
}

// ---------------------------------------------------------------------------------------------
// Discount config (on the automatic discount)

export interface DiscountConfigV1 {
  v: 1;
  /** Shop-wide pause: the Function returns no discounts. */
  paused: boolean;
}

/**
 * Reads the discount's `config` value. Missing (null/undefined) means the defaults (not paused);
 * anything present but unreadable counts as paused, so a broken config never hands out discounts
 * the merchant switched off.
 */
export function decodeDiscountConfig(value: unknown): { paused: boolean } {
  if (value === undefined || value === null) return { paused: false };
  const json = parseIfText(value);
  if (!isRecord(json) || json.v !== 1 || typeof json.paused !== "boolean") return { paused: true };
  return { paused: json.paused };
}

// ---------------------------------------------------------------------------------------------
// Line property

export type OfferReference = { kind: "bundle" | "pairing"; id: string };

/** The `_attach_offer` value the widget writes: "bundle:<id>" or "pairing:<id>". */
export function offerLineProperty(reference: OfferReference): string {
  if (!isId(reference.id)) throw new Error(`Offer ids are 1 to 64 characters (got ${JSON.stringify(reference.id)})`);
  return `${reference.kind}:${reference.id}`;
}

/** Parses an `_attach_offer` value; null for anything else. */
export function parseOfferLineProperty(value: unknown): OfferReference | null {
  if (typeof value !== "string") return null;
  const colon = value.indexOf(":");
  const kind = value.slice(0, colon);
  const id = value.slice(colon + 1);
  if ((kind !== "bundle" && kind !== "pairing") || !isId(id)) return null;
  return { kind, id };
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** UTF-8 byte length of a string (no TextEncoder needed; lone surrogates count as 3 bytes, like U+FFFD). */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

function parseIfText(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return null;
  }
}
