// What happens to a shop's data as the app is installed, re-scoped and uninstalled.
import db from "../db.server";
import { forgetCachedSessions } from "../session-storage.server";
import { shopData } from "./shop-scope.server";

/** app/uninstalled: the shop's sessions (access tokens) go at once; its data waits for shop/redact. */
export async function forgetShopSessions(shop: string) {
  await db.session.deleteMany({ where: { shop } });
  forgetCachedSessions(shop);
  await shopData(shop).shopSettings.updateMany({ data: { uninstalledAt: new Date() } });
}

export async function recordGrantedScopes(session: { id: string; shop: string }, scopes: string[]) {
  await db.session.updateMany({ where: { id: session.id }, data: { scope: scopes.join(",") } });
  forgetCachedSessions(session.shop);
}

/** The shop's settings, created with the defaults on first use. */
export async function shopSettings(shop: string) {
  return shopData(shop).shopSettings.upsert({ where: { shop }, create: { shop }, update: {} });
}
