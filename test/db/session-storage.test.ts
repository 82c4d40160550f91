import { Session } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { afterAll, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { CachedSessionStorage, sessionStorage } from "../../app/session-storage.server";
import { forgetShopSessions } from "../../app/services/shop-lifecycle.server";

describe(`Shopify session storage on ${process.env.ATTACH_TEST_PROVIDER}`, () => {
  afterAll(() => db.$disconnect());

  it("stores, loads, lists by shop and deletes Shopify sessions in our Session table", async () => {
    const storage = new PrismaSessionStorage(db);
    await storage.isReady();
    const session = new Session({
      id: "offline_session-shop.myshopify.com",
      shop: "session-shop.myshopify.com",
      state: "state-1",
      isOnline: false,
      scope: "read_products,write_products",
      accessToken: "shpat_test",
      expires: new Date("2027-01-01T00:00:00Z"),
    });
    expect(await storage.storeSession(session)).toBe(true);

    const loaded = await storage.loadSession(session.id);
    expect(loaded?.shop).toBe("session-shop.myshopify.com");
    expect(loaded?.accessToken).toBe("shpat_test");
    expect(loaded?.scope).toBe("read_products,write_products");
    expect(loaded?.expires?.toISOString()).toBe("2027-01-01T00:00:00.000Z");
    expect((await storage.findSessionsByShop("session-shop.myshopify.com")).map((s) => s.id)).toEqual([session.id]);

    expect(await storage.deleteSession(session.id)).toBe(true);
    expect(await storage.loadSession(session.id)).toBeUndefined();
  });
});

describe(`the app's session cache on ${process.env.ATTACH_TEST_PROVIDER}`, () => {
  afterAll(() => db.$disconnect());

  const shop = "cached-session-shop.myshopify.com";
  const offline = (accessToken: string) =>
    new Session({ id: `offline_${shop}`, shop, state: "s", isOnline: false, scope: "read_orders", accessToken });

  it("serves a loaded session for its time to live, then reads the database again", async () => {
    let now = 0;
    const storage = new CachedSessionStorage(new PrismaSessionStorage(db), 1000, () => now);
    await storage.storeSession(offline("shpat_first"));
    expect((await storage.loadSession(`offline_${shop}`))?.accessToken).toBe("shpat_first");

    // Another instance replaces the token: this one keeps its copy until the second is over.
    await db.session.update({ where: { id: `offline_${shop}` }, data: { accessToken: "shpat_second" } });
    now = 999;
    expect((await storage.loadSession(`offline_${shop}`))?.accessToken).toBe("shpat_first");
    now = 1000;
    expect((await storage.loadSession(`offline_${shop}`))?.accessToken).toBe("shpat_second");

    // A caller changing its session does not change the cached one.
    const loaded = (await storage.loadSession(`offline_${shop}`))!;
    loaded.accessToken = "mutated";
    expect((await storage.loadSession(`offline_${shop}`))?.accessToken).toBe("shpat_second");
    await storage.deleteSession(`offline_${shop}`);
  });

  it("drops a session at once when it is stored, deleted or forgotten on this instance", async () => {
    const storage = new CachedSessionStorage(new PrismaSessionStorage(db), 60_000);
    await storage.storeSession(offline("shpat_a"));
    expect((await storage.loadSession(`offline_${shop}`))?.accessToken).toBe("shpat_a");
    await storage.storeSession(offline("shpat_b"));
    expect((await storage.loadSession(`offline_${shop}`))?.accessToken).toBe("shpat_b");

    // The app deletes a shop's sessions itself on uninstall and shop/redact, then forgets them.
    await db.session.deleteMany({ where: { shop } });
    expect((await storage.loadSession(`offline_${shop}`))?.accessToken).toBe("shpat_b");
    storage.forgetShop(shop);
    expect(await storage.loadSession(`offline_${shop}`)).toBeUndefined();

    // A missing session is cached too, and storing one replaces that.
    await storage.storeSession(offline("shpat_c"));
    expect((await storage.loadSession(`offline_${shop}`))?.accessToken).toBe("shpat_c");
    await storage.deleteSession(`offline_${shop}`);
    expect(await storage.loadSession(`offline_${shop}`)).toBeUndefined();
  });
});

describe(`uninstalling on ${process.env.ATTACH_TEST_PROVIDER}`, () => {
  it("drops the app's cached sessions of the shop at once", async () => {
    const shop = "uninstalled-cache-shop.myshopify.com";
    const id = `offline_${shop}`;
    await sessionStorage.storeSession(
      new Session({ id, shop, state: "s", isOnline: false, scope: "read_orders", accessToken: "shpat_x" }),
    );
    expect((await sessionStorage.loadSession(id))?.accessToken).toBe("shpat_x");
    await forgetShopSessions(shop);
    expect(await sessionStorage.loadSession(id)).toBeUndefined();
  });
});
