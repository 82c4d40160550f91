import { shopData } from "./shop-scope.server";

/** The home page's counts for one shop. */
export async function shopOverview(shop: string) {
  const scoped = shopData(shop);
  const [bundles, activeBundles, pairings] = await Promise.all([
    scoped.bundle.count(),
    scoped.bundle.count({ where: { status: "active" } }),
    scoped.pairing.count(),
  ]);
  return { bundles, activeBundles, pairings };
}
