// Shopify Admin GraphQL global ids ("gid://shopify/Product/123"). Ids are positive integers;
// we keep the whole gid as the stable key because that is what the Admin API returns and accepts.
import { z } from "zod";

export type ShopifyResource = "Product" | "ProductVariant" | "Collection" | "Customer";

// At most 20 digits: Shopify ids are 64-bit integers; this also bounds what the regex must scan.
export function shopifyGidPattern(resource: ShopifyResource): RegExp {
  return new RegExp(`^gid://shopify/${resource}/[1-9][0-9]{0,19}$`);
}

/** A string schema accepting only gids of `resource`; every failure reads `message`. */
export function shopifyGid(resource: ShopifyResource, message: string) {
  return z.string({ error: message }).regex(shopifyGidPattern(resource), { error: message });
}

export const PRODUCT_ID_MESSAGE = "Choose a product (expected a Shopify product id)";
export const VARIANT_ID_MESSAGE = "Choose a product variant (expected a Shopify variant id)";
export const COLLECTION_ID_MESSAGE = "Choose a collection (expected a Shopify collection id)";
export const CUSTOMER_ID_MESSAGE = "Choose a customer (expected a Shopify customer id)";

export const productGid = shopifyGid("Product", PRODUCT_ID_MESSAGE);
export const variantGid = shopifyGid("ProductVariant", VARIANT_ID_MESSAGE);
export const collectionGid = shopifyGid("Collection", COLLECTION_ID_MESSAGE);
export const customerGid = shopifyGid("Customer", CUSTOMER_ID_MESSAGE);

export type ProductGid = z.infer<typeof productGid>;
export type VariantGid = z.infer<typeof variantGid>;
export type CollectionGid = z.infer<typeof collectionGid>;
export type CustomerGid = z.infer<typeof customerGid>;

export function isShopifyGid(resource: ShopifyResource, value: unknown): value is string {
  return typeof value === "string" && shopifyGidPattern(resource).test(value);
}

/** The numeric part of a gid ("gid://shopify/Product/123" → "123"), kept as a string (64-bit). */
export function gidNumericId(gid: string): string {
  const id = /\/([1-9][0-9]*)$/.exec(gid)?.[1];
  if (!id) throw new Error(`Not a Shopify gid: ${JSON.stringify(gid.slice(0, 60))}`);
  return id;
}
