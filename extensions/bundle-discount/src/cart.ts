// Reads the Function input into plain lines and the offers that can apply to them.
// Everything here is linear in (cart lines × rules per line): per-product work is done once per
// product, and each bundle part only looks at the lines of its own product.
import { bundleSaving } from "../../../app/domain/bundle-saving";
import { formatDecimalAmount } from "../../../app/domain/money";
import {
  decodeDiscountRules,
  type DiscountRules,
  type OfferKind,
  type RuleBundle,
} from "../../../app/domain/offer-metafields-core";
import type { CartLinesDiscountsGenerateRunInput } from "../generated/api";
import { convertAmount, parseAmount, parseRate } from "./money";

export type Input = CartLinesDiscountsGenerateRunInput;

export interface Line {
  /** Position in the input (cart order). */
  index: number;
  id: string;
  productId: string;
  variantId: string;
  quantity: number;
  /** Per-unit price in minor units of the cart currency, never more than subtotal ÷ quantity. */
  unitPrice: number;
  /** The `_attach_offer` property, e.g. "bundle:abc", or null. */
  offer: string | null;
  /**
   * Units that may be discounted: the quantity, or 0 for gift cards, lines with a selling plan and
   * lines whose price cannot be read.
   */
  units: number;
}

export interface Cart {
  /** The presentment currency (cart.cost; the line prices are in it too). */
  currency: string;
  lines: Line[];
  /** Decoded `discount_rules` per product id (first line of the product). */
  rulesByProduct: Map<string, DiscountRules>;
  /** Line indexes per product id, in cart order. */
  linesByProduct: Map<string, number[]>;
  /** Units in the cart per product id, discountable or not (anchors only need to be present). */
  unitsByProduct: Map<string, number>;
}

export function readCart(input: Input): Cart {
  const currency = input.cart.cost.totalAmount.currencyCode;
  const cart: Cart = {
    currency,
    lines: [],
    rulesByProduct: new Map(),
    linesByProduct: new Map(),
    unitsByProduct: new Map(),
  };
  for (const line of input.cart.lines) {
    const merchandise = line.merchandise;
    if (!merchandise.product) continue; // a custom item: no product, never in an offer
    const product = merchandise.product;
    const quantity = Number.isSafeInteger(line.quantity) && line.quantity > 0 ? line.quantity : 0;
    const unit = parseAmount(line.cost.unit.amount, currency);
    const subtotal = parseAmount(line.cost.subtotal.amount, currency);
    const readable = unit !== null && subtotal !== null && quantity > 0;
    const discountable = readable && !product.giftCard && line.plan === null;
    const index = cart.lines.length;
    cart.lines.push({
      index,
      id: line.id,
      productId: product.id,
      variantId: merchandise.id,
      quantity,
      unitPrice: readable ? Math.min(unit, Math.floor(subtotal / quantity)) : 0,
      offer: line.offer?.value ?? null,
      units: discountable ? quantity : 0,
    });
    const sameProduct = cart.linesByProduct.get(product.id);
    if (sameProduct) sameProduct.push(index);
    else {
      cart.linesByProduct.set(product.id, [index]);
      const rules = decodeDiscountRules(product.rules?.json);
      if (rules) cart.rulesByProduct.set(product.id, rules);
    }
    cart.unitsByProduct.set(product.id, (cart.unitsByProduct.get(product.id) ?? 0) + quantity);
  }
  return cart;
}

// ---------------------------------------------------------------------------------------------
// Offers

export interface OfferPart {
  /** Units of this part in one set. */
  quantity: number;
  /** Indexes of the lines that may fill this part (not yet in preference order). */
  lines: number[];
}

/** A bundle, or one complement product of a pairing, that can apply to this cart. */
export interface Offer {
  /** Unique: "bundle:<id>", or "pairing:<id>@<complement product id>". */
  key: string;
  /** The candidate it is reported in: "bundle:<id>" or "pairing:<id>". */
  group: string;
  /** The `_attach_offer` value of lines the widget added for it. */
  tag: string;
  /** Checkout message, e.g. "Bundle: Laptop Essentials — 10% off". */
  message: string;
  /** The bundle's or pairing's title. */
  title: string;
  /** Saving rule; fixed amounts already converted to the cart currency. */
  kind: OfferKind;
  value: number;
  parts: OfferPart[];
  /** Most sets the offer may apply to (pairings: the anchor units in the cart). */
  maxSets: number;
  /** Position among offers: first appearance in the cart. */
  order: number;
}

/** The saving for one set whose parts cost `setPrice` (minor units); 0 ≤ saving ≤ setPrice. */
export function setSaving(offer: Pick<Offer, "kind" | "value">, setPrice: number): number {
  return bundleSaving(offer, setPrice);
}

export interface OfferContext {
  /** Shop-local date, YYYY-MM-DD. */
  today: string;
  /** presentmentCurrencyRate from the input. */
  rate: unknown;
}

export function collectOffers(cart: Cart, context: OfferContext): Offer[] {
  const offers: Offer[] = [];
  const rate = parseRate(context.rate);

  // Bundles: the terms are on the first part's product (first line of it in the cart wins); any
  // line of a part's product may fill that part.
  const definitions = new Map<string, RuleBundle>();
  for (const rules of cart.rulesByProduct.values()) {
    for (const bundle of rules.bundles) if (!definitions.has(bundle.id)) definitions.set(bundle.id, bundle);
  }
  for (const bundle of definitions.values()) {
    if (!scheduled(bundle, context.today)) continue;
    const value =
      bundle.kind === "percentage" ? bundle.value : convertAmount(bundle.value, bundle.currency, cart.currency, rate);
    if (value === null) continue;
    const tag = `bundle:${bundle.id}`;
    const parts: OfferPart[] = [];
    for (const part of bundle.parts) {
      const lines = (cart.linesByProduct.get(part.product) ?? []).filter((i) => {
        const line = cart.lines[i]!;
        return (
          line.units > 0 &&
          (part.variant === null || line.variantId === part.variant) &&
          (bundle.match === "any" || line.offer === tag)
        );
      });
      const units = lines.reduce((sum, i) => sum + cart.lines[i]!.units, 0);
      if (units < part.quantity) break;
      parts.push({ quantity: part.quantity, lines });
    }
    if (parts.length !== bundle.parts.length) continue;
    offers.push({
      key: tag,
      group: tag,
      tag,
      message: `Bundle: ${bundle.title} — ${describeValue(bundle.kind, value, cart.currency)}`,
      title: bundle.title,
      kind: bundle.kind,
      value,
      parts,
      maxSets: Number.MAX_SAFE_INTEGER,
      order: offers.length,
    });
  }

  // Pairings: on the complement's product; apply to as many complement units as there are anchor
  // units in the cart (any of the pairing's anchors).
  for (const [productId, rules] of cart.rulesByProduct) {
    const byId = new Map<string, { percent: number; title: string; anchors: Set<string> }>();
    for (const pairing of rules.pairings) {
      const entry = byId.get(pairing.id);
      if (entry) entry.anchors.add(pairing.anchor);
      else byId.set(pairing.id, { percent: pairing.percent, title: pairing.title, anchors: new Set([pairing.anchor]) });
    }
    const lines = (cart.linesByProduct.get(productId) ?? []).filter((i) => cart.lines[i]!.units > 0);
    if (lines.length === 0) continue;
    for (const [id, pairing] of byId) {
      let anchorUnits = 0;
      for (const anchor of pairing.anchors) {
        if (anchor !== productId) anchorUnits += cart.unitsByProduct.get(anchor) ?? 0;
      }
      if (anchorUnits === 0) continue;
      const tag = `pairing:${id}`;
      offers.push({
        key: `${tag}@${productId}`,
        group: tag,
        tag,
        message: `Pairing: ${pairing.title} — ${pairing.percent}% off`,
        title: pairing.title,
        kind: "percentage",
        value: pairing.percent,
        parts: [{ quantity: 1, lines }],
        maxSets: anchorUnits,
        order: offers.length,
      });
    }
  }
  return offers;
}

/** Day-granular schedule check in the shop's time zone (a Function's only clock). */
function scheduled(bundle: RuleBundle, today: string): boolean {
  if (bundle.startDate !== null && today < bundle.startDate) return false;
  if (bundle.endDate !== null && today > bundle.endDate) return false;
  return true;
}

function describeValue(kind: OfferKind, value: number, currency: string): string {
  if (kind === "percentage") return `${value}% off`;
  const amount = `${formatDecimalAmount({ amount: value, currency })} ${currency}`;
  return kind === "fixed_amount_off" ? `${amount} off` : `${amount} for the set`;
}
