// The shop's currency and time zone, as Shopify has them, kept in ShopSettings: reports are in that
// currency and count days in that time zone. Read from Shopify when the merchant opens the app, at most
// once a day; a changed time zone moves every order and widget event to its new day, so the shop's
// rollups are rebuilt in the background (as are rollups of an older shape, on the first visit after an upgrade).
import { isTimeZone } from "../domain/shop-time";
import type { AdminGraphql } from "./admin-graphql.server";
import { fetchShopLocale } from "./catalog.server";
import { inBackground } from "./jobs.server";
import { rebuildRollups, ROLLUPS_VERSION } from "./rollup-rebuild.server";
import { shopSettings } from "./shop-lifecycle.server";
import { shopData } from "./shop-scope.server";

const REFRESH_MS = 24 * 60 * 60 * 1000;

/** Refreshes the stored currency and time zone when a day old (or never read); logs, never throws. */
export async function refreshShopLocale(shop: string, admin: AdminGraphql, now = new Date()): Promise<void> {
  try {
    // A read, not an upsert: this runs on every admin page load; the row is created only the first time.
    const settings = (await shopData(shop).shopSettings.findFirst()) ?? (await shopSettings(shop));
    // Rollups of an older shape (kept by an earlier version of the app) are recomputed from the facts.
    if (settings.rollupsVersion < ROLLUPS_VERSION) {
      inBackground("rollup rebuild to the current shape", () => rebuildRollups(shop));
    }
    if (settings.localeCheckedAt && now.getTime() - settings.localeCheckedAt.getTime() < REFRESH_MS) return;
    const locale = await fetchShopLocale(admin);
    // A zone this runtime does not know keeps the one stored.
    const timeZone = isTimeZone(locale.timeZone) ? locale.timeZone : settings.timeZone;
    await shopData(shop).shopSettings.update({
      where: { shop },
      data: { currencyCode: locale.currencyCode, timeZone, localeCheckedAt: now },
    });
    if (timeZone !== settings.timeZone) inBackground("rollup rebuild for a new time zone", () => rebuildRollups(shop));
  } catch (error) {
    // The page still opens; the next visit tries again.
    console.error(`Reading ${shop}'s currency and time zone from Shopify failed`, error);
  }
}
