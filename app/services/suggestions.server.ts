// Pairing suggestions for the admin: the co-purchase counts (app/services/co-purchase.server.ts) ranked by
// the suggestions domain (app/domain/suggestions.ts), without what must not be suggested — products already
// paired with the anchor and hidden products (from our database), gift cards, products out of stock or not
// active (from Shopify). Accepting one adds it to the anchor's pairing or makes a draft bundle of the two.
import type { RuleSort } from "../domain/co-purchase";
import {
  isInStock,
  suggestionGroups,
  suggestionRules,
  type Suggestion,
  type SuggestionGroup,
  type SuggestionProduct,
} from "../domain/suggestions";
import {
  SUGGESTION_PRODUCTS_QUERY,
  type SuggestionProductNode,
  type SuggestionProductsData,
} from "../graphql/suggestions";
import { adminRequest, type AdminGraphql } from "./admin-graphql.server";
import { createBundle, type SaveResult } from "./bundles.server";
import { shopData } from "./shop-scope.server";

export interface SuggestionServiceContext {
  shop: string;
  admin: AdminGraphql;
}

/** Products per request: each reads up to 25 variants, so 25 products stay well under Shopify's query cost limit. */
const PRODUCTS_PER_QUERY = 25;
export const SUGGESTION_GROUPS_PER_PAGE = 10;
/** A draft bundle made from a suggestion: the two products, one of each, at this discount. */
export const SUGGESTED_BUNDLE_PERCENT_OFF = 10;

/** What Shopify says about these products (those it knows), for the exclusions. */
export async function fetchSuggestionProducts(
  admin: AdminGraphql,
  productIds: Iterable<string>,
): Promise<Map<string, SuggestionProduct>> {
  const ids = [...new Set(productIds)];
  const products = new Map<string, SuggestionProduct>();
  for (let i = 0; i < ids.length; i += PRODUCTS_PER_QUERY) {
    const { nodes } = await adminRequest<SuggestionProductsData>(admin, SUGGESTION_PRODUCTS_QUERY, {
      ids: ids.slice(i, i + PRODUCTS_PER_QUERY),
    });
    for (const node of nodes) {
      if (node?.__typename !== "Product") continue;
      const product = node as SuggestionProductNode;
      products.set(product.id, {
        id: product.id,
        title: product.title,
        status: product.status,
        isGiftCard: product.isGiftCard,
        inStock: isInStock({
          tracksInventory: product.tracksInventory,
          totalInventory: product.totalInventory,
          variantsCount: product.variantsCount?.count ?? null,
          variantsAvailable: product.variants.nodes.map((variant) => variant.availableForSale),
        }),
      });
    }
  }
  return products;
}

/** The counts, the hidden products and each product anchor's complements, from the database. */
async function loadCounts(shop: string) {
  const scoped = shopData(shop);
  const [orders, products, pairs, hidden, pairings] = await Promise.all([
    scoped.orderFact.count({ where: { coPurchaseCounted: true } }),
    scoped.coPurchaseProduct.findMany({ select: { productId: true, orders: true } }),
    scoped.coPurchasePair.findMany({ select: { productA: true, productB: true, orders: true } }),
    scoped.hiddenSuggestionProduct.findMany({ orderBy: { createdAt: "asc" }, select: { productId: true } }),
    scoped.pairing.findMany({
      where: { anchorType: "product" },
      select: { anchorId: true, complements: { select: { productId: true } } },
    }),
  ]);
  return {
    counts: { orders, products, pairs },
    hidden: hidden.map((row) => row.productId),
    paired: new Map(pairings.map((p) => [p.anchorId, new Set(p.complements.map((c) => c.productId))])),
  };
}

async function rankedGroups(
  ctx: SuggestionServiceContext,
  sort: RuleSort,
  { anchorId, extraProducts = [] }: { anchorId?: string; extraProducts?: readonly string[] } = {},
) {
  const { counts, hidden, paired } = await loadCounts(ctx.shop);
  let rules = suggestionRules(counts, sort);
  if (anchorId !== undefined) rules = rules.filter((rule) => rule.antecedent[0] === anchorId);
  const involved = rules.flatMap((rule) => [...rule.antecedent, rule.consequent]);
  const products = await fetchSuggestionProducts(ctx.admin, [...involved, ...hidden, ...extraProducts]);
  const groups = suggestionGroups(rules, { products, hidden: new Set(hidden), paired });
  return { orders: counts.orders, groups, hidden, products };
}

export interface SuggestionsPageQuery {
  sort: RuleSort;
  /** Shows only products whose title contains this text (any case). */
  search?: string;
  /** 1-based. */
  page?: number;
}

export interface SuggestionsPage {
  /** N: the orders the counts come from. */
  orders: number;
  groups: SuggestionGroup[];
  page: number;
  pageCount: number;
  totalGroups: number;
  hidden: Array<{ id: string; title: string }>;
}

export async function suggestionsPage(
  ctx: SuggestionServiceContext,
  query: SuggestionsPageQuery,
): Promise<SuggestionsPage> {
  const { orders, groups, hidden, products } = await rankedGroups(ctx, query.sort);
  const search = query.search?.trim().toLocaleLowerCase();
  const matching = search ? groups.filter((g) => g.anchor.title.toLocaleLowerCase().includes(search)) : groups;
  const pageCount = Math.max(1, Math.ceil(matching.length / SUGGESTION_GROUPS_PER_PAGE));
  const page = Math.min(Math.max(1, query.page ?? 1), pageCount);
  return {
    orders,
    groups: matching.slice((page - 1) * SUGGESTION_GROUPS_PER_PAGE, page * SUGGESTION_GROUPS_PER_PAGE),
    page,
    pageCount,
    totalGroups: matching.length,
    // A hidden product Shopify no longer knows is listed by its id, so it can still be shown again.
    hidden: hidden.map((id) => ({ id, title: products.get(id)?.title ?? id })),
  };
}

/**
 * The best complements for one product, for the pairings screen's "Suggested complements": the same
 * ranking and exclusions as the Suggestions page.
 */
export async function suggestedComplements(
  ctx: SuggestionServiceContext,
  anchorProductId: string,
  sort: RuleSort = "lift",
): Promise<Suggestion[]> {
  const { groups } = await rankedGroups(ctx, sort, { anchorId: anchorProductId });
  return groups[0]?.suggestions ?? [];
}

/** Hides a product from suggestions (as anchor and as complement); hiding it twice changes nothing. */
export async function hideSuggestionProduct(shop: string, productId: string) {
  await shopData(shop).hiddenSuggestionProduct.upsert({
    where: { shop_productId: { shop, productId } },
    create: { shop, productId },
    update: {},
  });
}

export async function showSuggestionProduct(shop: string, productId: string) {
  await shopData(shop).hiddenSuggestionProduct.deleteMany({ where: { productId } });
}

/**
 * A draft bundle of the anchor and the complement, one of each at SUGGESTED_BUNDLE_PERCENT_OFF, titled
 * after them, for the merchant to review and activate; validated and stored like any bundle.
 */
export async function createSuggestedBundle(
  ctx: SuggestionServiceContext,
  anchorProductId: string,
  complementProductId: string,
): Promise<SaveResult> {
  const products = await fetchSuggestionProducts(ctx.admin, [anchorProductId, complementProductId]);
  const titles = [anchorProductId, complementProductId].map((id) => products.get(id)?.title ?? "Product");
  return createBundle(ctx, {
    title: titles.join(" + ").slice(0, 100),
    status: "draft",
    matchMode: "any",
    discountKind: "percentage",
    discountValue: String(SUGGESTED_BUNDLE_PERCENT_OFF),
    startsAt: "",
    endsAt: "",
    parts: [anchorProductId, complementProductId].map((productId) => ({ productId, variantId: null, quantity: "1" })),
  });
}
