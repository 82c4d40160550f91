// The resource picker's data, in App Bridge's resource shape (Product with variants, Collection).
import { formatDecimalAmount } from "../../app/domain/money";
import type { EmulatedShop } from "../shop/types";

export function pickerResources(shop: EmulatedShop, type: string) {
  const price = (amount: number) => formatDecimalAmount({ amount, currency: shop.currencyCode });
  if (type === "collection") {
    return shop.collections.map((c) => ({ id: `gid://shopify/Collection/${c.id}`, title: c.title, handle: c.handle }));
  }
  return shop.products
    .filter((p) => p.status === "ACTIVE")
    .map((p) => ({
      id: `gid://shopify/Product/${p.id}`,
      title: p.title,
      handle: p.handle,
      status: p.status,
      vendor: p.vendor,
      productType: p.productType,
      tags: p.tags,
      totalInventory: p.variants.reduce((sum, v) => sum + v.inventoryQuantity, 0),
      images: p.imageUrl
        ? [{ id: `gid://shopify/ProductImage/${p.id}`, altText: p.title, originalSrc: p.imageUrl }]
        : [],
      variants: p.variants.map((v) => ({
        id: `gid://shopify/ProductVariant/${v.id}`,
        title: v.title,
        sku: v.sku,
        price: price(v.price),
        compareAtPrice: v.compareAtPrice === null ? null : price(v.compareAtPrice),
        inventoryQuantity: v.inventoryQuantity,
        availableForSale: v.inventoryQuantity > 0 || v.inventoryPolicy === "continue",
        selectedOptions: p.optionNames.map((name, i) => ({ name, value: v.options[i] ?? "" })),
      })),
    }));
}
