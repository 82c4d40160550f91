import { Session } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { afterAll, describe, expect, it } from "vitest";
import db from "../../app/db.server";

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
