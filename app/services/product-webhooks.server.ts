// products/update and products/delete: a product deleted in Shopify, archived, set to draft or with
// nothing left to sell must not leave the storefront offering a bundle that cannot be bought. The offers
// using it (bundle part, pairing anchor or complement) are published again: the offer sync reads the
// product's state from Shopify, leaves out what cannot be sold and marks those offers failed with the
// reason; when the product is back, the same run puts them back live. Because the sync reads Shopify's
// current state, deliveries may arrive late, twice or out of order.
import type { ProductInput } from "../domain/order-payload";
import type { AdminGraphql } from "./admin-graphql.server";
import { retryBundleSync } from "./bundles.server";
import { retryPairingSync } from "./pairings.server";
import { shopData } from "./shop-scope.server";

export interface ProductChange extends ProductInput {
  deleted: boolean;
}

/**
 * Publishes again every offer of the shop that uses the product. Skipped when the product can be sold
 * (per the payload) and every offer using it is already live: most products/update deliveries are
 * stock changes from orders, and they change nothing for the offers.
 */
export async function applyProductChange(
  ctx: { shop: string; admin: AdminGraphql },
  change: ProductChange,
): Promise<{ bundleIds: string[]; pairingIds: string[]; synced: boolean }> {
  const scoped = shopData(ctx.shop);
  const { productId } = change;
  const bundles = await scoped.bundle.findMany({
    where: { parts: { some: { productId } } },
    select: { id: true, syncStatus: true },
  });
  const pairings = await scoped.pairing.findMany({
    where: {
      OR: [{ anchorType: "product", anchorId: productId }, { complements: { some: { productId } } }],
    },
    select: { id: true, syncStatus: true },
  });
  const bundleIds = bundles.map((b) => b.id);
  const pairingIds = pairings.map((p) => p.id);
  const allLive = [...bundles, ...pairings].every((offer) => offer.syncStatus === "live");
  if (bundleIds.length + pairingIds.length === 0 || (!change.deleted && change.sellable === true && allLive)) {
    return { bundleIds, pairingIds, synced: false };
  }
  if (bundleIds.length > 0) await retryBundleSync(ctx, bundleIds);
  if (pairingIds.length > 0) await retryPairingSync(ctx, pairingIds);
  return { bundleIds, pairingIds, synced: true };
}
