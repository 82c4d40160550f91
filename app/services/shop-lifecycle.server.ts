// What happens to a shop's data as the app is installed, re-scoped and uninstalled.
import db from "../db.server";
import { shopData } from "./shop-scope.server";

/** app/uninstalled: the shop's sessions (access tokens) go at once; its data waits for shop/redact. */
export async function forgetShopSessions(shop: string) {
  await db.session.deleteMany({ where: { shop } });
  await shopData(shop).shopSettings.updateMany({ data: { uninstalledAt: new Date() } });
}

export async function recordGrantedScopes(sessionId: string, scopes: string[]) {
  await db.session.updateMany({ where: { id: sessionId }, data: { scope: scopes.join(",") } });
}

/** The shop's settings, created with the defaults on first use. */
export async function shopSettings(shop: string) {
  return shopData(shop).shopSettings.upsert({ where: { shop }, create: { shop }, update: {} });
}
