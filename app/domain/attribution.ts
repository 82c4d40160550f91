// Attribution: which bundle or pairing an order line counts for, if any.
//
// A line counts as uptake of an offer ("bundle" or "pairing") when
//   1. it carries the widget's hidden line property `_attach_offer` = "bundle:<id>" / "pairing:<id>"
//      naming one of the shop's bundles or pairings (whatever its status now) — the property wins; or
//   2. one of its discount allocations comes from a discount application titled like our Function's
//      messages, "Bundle: <bundle title> — …" or "Pairing: <pairing title> — …", where <title> is the
//      title of one of the shop's bundles or pairings.
//      Titles need not be unique. When several offers carry the matched title, the ones containing the
//      line's product are kept; if exactly one is left (or only one carried the title), it is credited.
//      Otherwise the line still counts as uptake — our discount was applied, so a set was bought — but
//      for no particular offer (offerId null): shop-wide figures include it, the per-offer table shows
//      it as "unidentified" rather than guessing. A title that matches none of the shop's offers is not
//      ours (a merchant may name their own discount "Bundle: …"), so it credits nothing.
// A line that does neither but whose product is part of an active bundle or pairing (a bundle part, a
// pairing's product anchor or complement) is an "organic" co-purchase: reported apart, never uptake.
// Every other line is "none".
//
// `discountAmount` is our discount on the line: the allocations whose application matched an offer.
//
// The attach rate's denominator: an order "contains the anchor" of an active offer when one of its
// lines is a bundle's product (any part: the set can be completed from any of them) or a pairing's
// anchor product. Collection-anchored pairings are left out: collection membership is not known here.
import { OFFER_LINE_PROPERTY, parseOfferLineProperty } from "./offer-metafields-core";
import type { OrderLineInput } from "./order-payload";

export type OfferType = "bundle" | "pairing";
export type LineAttribution = OfferType | "organic" | "none";

/** The checkout message prefixes of the bundle discount Function, and what follows the title. */
export const OFFER_MESSAGE_PREFIX: Readonly<Record<OfferType, string>> = { bundle: "Bundle: ", pairing: "Pairing: " };
export const OFFER_MESSAGE_SEPARATOR = " — ";

export interface CatalogBundle {
  id: string;
  title: string;
  status: string;
  productIds: readonly string[];
  /** Unit costs of the parts' priced variants by product, minor units, where Shopify knows them. */
  unitCosts?: ReadonlyMap<string, number>;
}

export interface CatalogPairing {
  id: string;
  /** The title the Function shows ("Pairing: <title> — …"); null when the pairing has none we know. */
  title: string | null;
  status: string;
  /** Product anchors only: a collection anchor's products are not known here. */
  anchorProductIds: readonly string[];
  complementProductIds: readonly string[];
}

/** The shop's offers that can matter for an order (the service loads only those). */
export interface OfferCatalog {
  bundles: readonly CatalogBundle[];
  pairings: readonly CatalogPairing[];
}

export interface LineCredit {
  attribution: LineAttribution;
  /** The bundle or pairing credited; null for organic and none lines, and for unidentified uptake. */
  offerId: string | null;
  /** How the line was credited, for explaining a figure. */
  via: "property" | "discount" | null;
  /** Our discount on the line, minor units. */
  discountAmount: number;
  /** The credited bundle's unit cost for the line's product, minor units; null when not known. */
  unitCostAmount: number | null;
}

interface IndexedOffer {
  type: OfferType;
  id: string;
  /** Products an allocation of this offer's discount can land on. */
  discountedProducts: ReadonlySet<string>;
  unitCosts?: ReadonlyMap<string, number>;
}

export interface CatalogIndex {
  byId: Record<OfferType, Map<string, IndexedOffer>>;
  byTitle: Record<OfferType, Map<string, IndexedOffer[]>>;
  /** Products of active bundles and pairings: where organic co-purchases are counted. */
  offeredProducts: ReadonlySet<string>;
  /** The active offers each product is an anchor of, as offer keys ("bundle:<id>", "pairing:<id>"). */
  anchoredOffers: ReadonlyMap<string, readonly string[]>;
}

/** "bundle:<id>" / "pairing:<id>": an offer named in facts and reports. */
export const offerKey = (type: OfferType, id: string) => `${type}:${id}`;

const ACTIVE = "active";

export function indexCatalog(catalog: OfferCatalog): CatalogIndex {
  const index: CatalogIndex = {
    byId: { bundle: new Map(), pairing: new Map() },
    byTitle: { bundle: new Map(), pairing: new Map() },
    offeredProducts: new Set(),
    anchoredOffers: new Map(),
  };
  const offered = index.offeredProducts as Set<string>;
  const anchors = index.anchoredOffers as Map<string, string[]>;
  const anchor = (productId: string, key: string) => {
    const keys = anchors.get(productId);
    if (!keys) anchors.set(productId, [key]);
    else if (!keys.includes(key)) keys.push(key);
  };
  const add = (offer: IndexedOffer, title: string | null) => {
    index.byId[offer.type].set(offer.id, offer);
    if (title === null) return;
    const same = index.byTitle[offer.type].get(title);
    if (same) same.push(offer);
    else index.byTitle[offer.type].set(title, [offer]);
  };
  for (const bundle of catalog.bundles) {
    const discountedProducts = new Set(bundle.productIds);
    add({ type: "bundle", id: bundle.id, discountedProducts, unitCosts: bundle.unitCosts }, bundle.title);
    if (bundle.status !== ACTIVE) continue;
    for (const id of bundle.productIds) {
      offered.add(id);
      anchor(id, offerKey("bundle", bundle.id));
    }
  }
  for (const pairing of catalog.pairings) {
    add({ type: "pairing", id: pairing.id, discountedProducts: new Set(pairing.complementProductIds) }, pairing.title);
    if (pairing.status === ACTIVE) {
      pairing.anchorProductIds.forEach((id) => offered.add(id));
      pairing.complementProductIds.forEach((id) => offered.add(id));
      pairing.anchorProductIds.forEach((id) => anchor(id, offerKey("pairing", pairing.id)));
    }
  }
  return index;
}

/**
 * The offer type and the possible titles named by a discount application title: "Bundle: A — B — 10% off"
 * may be the bundle "A — B" or "A" (titles may contain the separator), so every prefix before a
 * separator is a candidate, and the whole text too. Null when the title is not in our messages' form.
 */
export function offerTitleCandidates(applicationTitle: string): { type: OfferType; titles: string[] } | null {
  for (const type of ["bundle", "pairing"] as const) {
    const prefix = OFFER_MESSAGE_PREFIX[type];
    if (!applicationTitle.startsWith(prefix)) continue;
    const rest = applicationTitle.slice(prefix.length);
    const titles = [rest];
    for (let at = rest.indexOf(OFFER_MESSAGE_SEPARATOR); at > 0; at = rest.indexOf(OFFER_MESSAGE_SEPARATOR, at + 1)) {
      titles.push(rest.slice(0, at));
    }
    return { type, titles };
  }
  return null;
}

/** The shop's offers an application title names: the longest matching title wins. */
function offersNamedBy(applicationTitle: string | null, index: CatalogIndex): IndexedOffer[] {
  if (applicationTitle === null) return [];
  const candidates = offerTitleCandidates(applicationTitle);
  if (!candidates) return [];
  const matched = candidates.titles
    .filter((title) => index.byTitle[candidates.type].has(title))
    .sort((a, b) => b.length - a.length)[0];
  return matched === undefined ? [] : index.byTitle[candidates.type].get(matched)!;
}

function offerFromProperty(line: OrderLineInput, index: CatalogIndex): IndexedOffer | null {
  for (const property of line.properties) {
    if (property.name !== OFFER_LINE_PROPERTY) continue;
    const reference = parseOfferLineProperty(property.value);
    const offer = reference && index.byId[reference.kind].get(reference.id);
    if (offer) return offer;
  }
  return null;
}

export function attributeLine(line: OrderLineInput, index: CatalogIndex): LineCredit {
  let discountAmount = 0;
  let best: { amount: number; offers: IndexedOffer[] } | null = null;
  for (const allocation of line.discounts) {
    const offers = offersNamedBy(allocation.title, index);
    if (offers.length === 0) continue;
    discountAmount += allocation.amount;
    if (best === null || allocation.amount > best.amount) best = { amount: allocation.amount, offers };
  }

  const unitCostOf = (offer: IndexedOffer | null) =>
    line.productId === null ? null : (offer?.unitCosts?.get(line.productId) ?? null);

  const byProperty = offerFromProperty(line, index);
  if (byProperty) {
    const unitCostAmount = unitCostOf(byProperty);
    return { attribution: byProperty.type, offerId: byProperty.id, via: "property", discountAmount, unitCostAmount };
  }

  if (best) {
    const offers = best.offers;
    const containing = offers.filter((o) => line.productId !== null && o.discountedProducts.has(line.productId));
    const credited = containing.length === 1 ? containing[0]! : offers.length === 1 ? offers[0]! : null;
    return {
      attribution: offers[0]!.type,
      offerId: credited?.id ?? null,
      via: "discount",
      discountAmount,
      unitCostAmount: unitCostOf(credited),
    };
  }

  const organic = line.productId !== null && index.offeredProducts.has(line.productId);
  return { attribution: organic ? "organic" : "none", offerId: null, via: null, discountAmount, unitCostAmount: null };
}

/** The active offers whose anchor is among the lines' products, as sorted offer keys. */
export function anchorOffersOf(lines: ReadonlyArray<Pick<OrderLineInput, "productId">>, index: CatalogIndex): string[] {
  const keys = new Set<string>();
  for (const { productId } of lines) {
    for (const key of (productId !== null && index.anchoredOffers.get(productId)) || []) keys.add(key);
  }
  return [...keys].sort();
}
