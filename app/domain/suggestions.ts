// Pairing suggestions from the co-purchase counts: for each product (the anchor), the products bought with
// it clearly more often than chance (its complements), with the evidence in the merchant's words.
//
// Ranking: by lift — how many times more often the two are bought together than if they were unrelated —
// but only for pairs bought together in at least MIN_ORDERS_TOGETHER orders. Lift alone puts rare products
// first (two orders that happen to share a product give a huge lift); a minimum count of real orders is
// the simplest guard a merchant can check, and the evidence sentence shows the count it rests on. Only
// complements with a lift above 1 are suggested (bought together more often than chance). The merchant may
// sort by support (share of all orders with both) or confidence (share of the anchor's orders with the
// complement) instead; the rules and their order come from the miner (app/domain/co-purchase.ts), so the
// page and the CLI agree.
//
// Left out: complements already in the anchor's pairing, gift cards, products out of stock, products that
// are not active in Shopify (draft, archived or deleted) and products the merchant hid from suggestions.
import { pairRules, type CoPurchaseRule, type RuleSort } from "./co-purchase";

/** Pairs bought together in fewer orders are never suggested: too few to tell a habit from chance. */
export const MIN_ORDERS_TOGETHER = 5;
/** Complements shown per product. */
export const SUGGESTIONS_PER_PRODUCT = 5;

/** The ranking in one sentence, for the page. */
export const RANKING_EXPLANATION =
  `Ranked by lift — how many times more often two products are bought together than if they were unrelated — ` +
  `counting only pairs bought together in at least ${MIN_ORDERS_TOGETHER} orders, so a few coincidences ` +
  `can't top the list.`;

export const SORT_LABELS: Record<RuleSort, string> = {
  lift: "Lift (strength of the link)",
  confidence: "Confidence (share of the product's orders)",
  support: "Support (share of all orders)",
};

export interface CoPurchaseCountRows {
  /** N: the counted orders. */
  orders: number;
  products: Iterable<{ productId: string; orders: number }>;
  pairs: Iterable<{ productA: string; productB: string; orders: number }>;
}

/** Every rule worth suggesting (enough orders together, lift above 1), best first by `sort`. */
export function suggestionRules(counts: CoPurchaseCountRows, sort: RuleSort): CoPurchaseRule[] {
  if (counts.orders === 0) return [];
  const pairs = [...counts.pairs].filter((pair) => pair.orders >= MIN_ORDERS_TOGETHER);
  const involved = new Set(pairs.flatMap((pair) => [pair.productA, pair.productB]));
  const products = [...counts.products].filter((product) => involved.has(product.productId));
  // The minimum is an order count, not a share: every pair is kept here and the count checked above.
  const rules = pairRules(products, pairs, counts.orders, { minSupport: Number.MIN_VALUE, minConfidence: 0, sort });
  return rules.filter((rule) => rule.lift > 1);
}

/** What Shopify says about a product, as far as suggestions care. */
export interface SuggestionProduct {
  id: string;
  title: string;
  /** ACTIVE, DRAFT or ARCHIVED. */
  status: string;
  isGiftCard: boolean;
  inStock: boolean;
}

/**
 * Whether any variant can be bought. `variantsAvailable`: availableForSale of the variants fetched (the
 * first ones); when there are more than were fetched and none of those is available, the product's
 * inventory total decides (a tracked product with nothing in stock is out of stock).
 */
export function isInStock(product: {
  tracksInventory: boolean;
  totalInventory: number;
  variantsCount: number | null;
  variantsAvailable: readonly boolean[];
}): boolean {
  if (product.variantsAvailable.some(Boolean)) return true;
  const allFetched = product.variantsCount !== null && product.variantsCount <= product.variantsAvailable.length;
  if (allFetched) return false;
  return !product.tracksInventory || product.totalInventory > 0;
}

export interface SuggestionFilters {
  /** Products Shopify returned; a product it does not know (deleted) is left out. */
  products: ReadonlyMap<string, SuggestionProduct>;
  /** Products the merchant hid from suggestions. */
  hidden: ReadonlySet<string>;
  /** Complements already in each anchor product's pairing. */
  paired: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface Suggestion {
  anchorId: string;
  complementId: string;
  complementTitle: string;
  /** Orders with both products. */
  together: number;
  anchorOrders: number;
  complementOrders: number;
  support: number;
  confidence: number;
  lift: number;
  /** "Bought together in 182 of 1,240 Laptop orders — 14.7%, 3.1× more often than chance" */
  evidence: string;
}

export interface SuggestionGroup {
  anchor: { id: string; title: string; orders: number };
  suggestions: Suggestion[];
}

/** A product Shopify sells (active), not a gift card, not hidden by the merchant. */
function isSuggestible(
  product: SuggestionProduct | undefined,
  filters: SuggestionFilters,
): product is SuggestionProduct {
  return !!product && product.status === "ACTIVE" && !product.isGiftCard && !filters.hidden.has(product.id);
}

/**
 * The rules (sorted, from suggestionRules) as suggestions grouped by anchor, at most `perProduct` each,
 * without what must be left out. Groups come in the order of their best suggestion.
 */
export function suggestionGroups(
  rules: readonly CoPurchaseRule[],
  filters: SuggestionFilters,
  { perProduct = SUGGESTIONS_PER_PRODUCT, locale = "en-US" }: { perProduct?: number; locale?: string } = {},
): SuggestionGroup[] {
  const groups = new Map<string, SuggestionGroup>();
  for (const rule of rules) {
    const anchorId = rule.antecedent[0]!;
    if (rule.antecedent.length !== 1) continue;
    const anchor = filters.products.get(anchorId);
    const complement = filters.products.get(rule.consequent);
    if (!isSuggestible(anchor, filters) || !isSuggestible(complement, filters) || !complement.inStock) continue;
    if (filters.paired.get(anchorId)?.has(complement.id)) continue;
    let group = groups.get(anchorId);
    if (!group) {
      group = { anchor: { id: anchorId, title: anchor.title, orders: rule.antecedentOrders }, suggestions: [] };
      groups.set(anchorId, group);
    }
    if (group.suggestions.length >= perProduct) continue;
    group.suggestions.push({
      anchorId,
      complementId: complement.id,
      complementTitle: complement.title,
      together: rule.count,
      anchorOrders: rule.antecedentOrders,
      complementOrders: rule.consequentOrders,
      support: rule.support,
      confidence: rule.confidence,
      lift: rule.lift,
      evidence: evidenceSentence(rule, anchor.title, locale),
    });
  }
  return [...groups.values()];
}

/** A share as a percentage with one decimal: "14.7%". */
export function formatShare(share: number, locale = "en-US"): string {
  return new Intl.NumberFormat(locale, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(
    share,
  );
}

/** A lift as a multiple with one decimal: "3.1×". */
export function formatLift(lift: number, locale = "en-US"): string {
  return `${new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(lift)}×`;
}

/** "Bought together in 182 of 1,240 Laptop orders — 14.7%, 3.1× more often than chance" */
export function evidenceSentence(
  rule: Pick<CoPurchaseRule, "count" | "antecedentOrders" | "confidence" | "lift">,
  anchorTitle: string,
  locale = "en-US",
): string {
  const count = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const orders = rule.antecedentOrders === 1 ? "order" : "orders";
  return (
    `Bought together in ${count.format(rule.count)} of ${count.format(rule.antecedentOrders)} ${anchorTitle} ` +
    `${orders} — ${formatShare(rule.confidence, locale)}, ${formatLift(rule.lift, locale)} more often than chance`
  );
}
