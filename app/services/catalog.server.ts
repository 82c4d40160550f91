// What the app reads about the shop's catalog from Shopify: the shop's currency and time zone, and
// products with their variants' prices and unit costs — for a bundle's price preview, its price rules
// and its margin floor.
import { SHOP_QUERY, type ShopQueryData } from "../graphql/shop";
import {
  PRODUCT_PRICING_QUERY,
  type PricingProductNode,
  type PricingVariantNode,
  type ProductPricingData,
} from "../graphql/products";
import { partPriceKey } from "../domain/bundle";
import { MoneyError, parseDecimalAmount, type Money } from "../domain/money";
import { adminRequest, type AdminGraphql } from "./admin-graphql.server";

export interface ShopLocale {
  currencyCode: string;
  timeZone: string;
}

export async function fetchShopLocale(admin: AdminGraphql): Promise<ShopLocale> {
  const { shop } = await adminRequest<ShopQueryData>(admin, SHOP_QUERY);
  return { currencyCode: shop.currencyCode, timeZone: shop.ianaTimezone };
}

export interface CatalogVariant {
  id: string;
  /** Null for a product's only, default variant. */
  title: string | null;
  price: Money | null;
  /** Null when the merchant entered no cost (or it is in another currency). */
  unitCost: Money | null;
}

export interface CatalogProduct {
  id: string;
  title: string;
  status: string;
  imageUrl: string | null;
  imageAlt: string | null;
  variants: CatalogVariant[];
}

const NODES_PER_QUERY = 100;
const DEFAULT_VARIANT_TITLE = "Default Title";

function amountOf(text: string | null | undefined, currency: string): Money | null {
  if (typeof text !== "string") return null;
  try {
    return { amount: parseDecimalAmount(text, currency), currency };
  } catch (error) {
    if (error instanceof MoneyError) return null;
    throw error;
  }
}

function catalogVariant(node: PricingVariantNode, product: PricingProductNode, currency: string): CatalogVariant {
  const unitCost = node.inventoryItem?.unitCost;
  return {
    id: node.id,
    title: product.hasOnlyDefaultVariant || node.title === DEFAULT_VARIANT_TITLE ? null : node.title,
    price: amountOf(node.price, currency),
    unitCost: unitCost && unitCost.currencyCode === currency ? amountOf(unitCost.amount, currency) : null,
  };
}

/** The products (and their first 100 variants) that exist; ids Shopify does not know are left out. */
export async function fetchCatalogProducts(
  admin: AdminGraphql,
  productIds: readonly string[],
  currency: string,
): Promise<Map<string, CatalogProduct>> {
  const ids = [...new Set(productIds)];
  const products = new Map<string, CatalogProduct>();
  for (let i = 0; i < ids.length; i += NODES_PER_QUERY) {
    const { nodes } = await adminRequest<ProductPricingData>(admin, PRODUCT_PRICING_QUERY, {
      ids: ids.slice(i, i + NODES_PER_QUERY),
    });
    for (const node of nodes) {
      if (node?.__typename !== "Product") continue;
      const product = node as PricingProductNode;
      const image = product.featuredMedia?.preview?.image ?? null;
      products.set(product.id, {
        id: product.id,
        title: product.title,
        status: product.status,
        imageUrl: image?.url ?? null,
        imageAlt: image?.altText ?? null,
        variants: product.variants.nodes.map((v) => catalogVariant(v, product, currency)),
      });
    }
  }
  return products;
}

export interface PricedPart {
  product: CatalogProduct | null;
  /** The variant the preview prices: the part's own, or the product's cheapest. */
  variant: CatalogVariant | null;
}

/**
 * Picks the variant that prices each part: its own variant, or for "any variant" the cheapest (the
 * price shoppers see first). Returns the unit prices keyed as parseBundle expects.
 */
export function priceParts(
  parts: ReadonlyArray<{ productId: string; variantId: string | null }>,
  catalog: ReadonlyMap<string, CatalogProduct>,
): { priced: PricedPart[]; partPrices: Record<string, Money> } {
  const partPrices: Record<string, Money> = {};
  const priced = parts.map((part): PricedPart => {
    const product = catalog.get(part.productId) ?? null;
    if (!product) return { product: null, variant: null };
    const variant = part.variantId
      ? (product.variants.find((v) => v.id === part.variantId) ?? null)
      : cheapest(product.variants);
    if (variant?.price) partPrices[partPriceKey(part)] = variant.price;
    return { product, variant };
  });
  return { priced, partPrices };
}

function cheapest(variants: readonly CatalogVariant[]): CatalogVariant | null {
  let best: CatalogVariant | null = null;
  for (const variant of variants) {
    if (variant.price && (!best?.price || variant.price.amount < best.price.amount)) best = variant;
  }
  return best;
}
