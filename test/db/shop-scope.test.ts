import { Prisma } from "@prisma/client";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { SHOP_OWNED_MODELS, shopData } from "../../app/services/shop-scope.server";
import { resetDatabase } from "./support/reset";

const alpha = "alpha.myshopify.com";
const beta = "beta.myshopify.com";

async function createBundle(shop: string, title: string) {
  return shopData(shop).bundle.create({
    data: {
      title,
      discountKind: "percentage",
      discountValue: 10,
      currencyCode: "USD",
      shop: "ignored-the-scope-wins.myshopify.com",
      parts: {
        create: [
          { shop: "ignored-too.myshopify.com", productId: "gid://shopify/Product/1", quantity: 1, position: 0 },
          { shop: "ignored-too.myshopify.com", productId: "gid://shopify/Product/2", quantity: 2, position: 1 },
        ],
      },
    },
    include: { parts: true },
  });
}

describe(`the shop-scoped data layer on ${process.env.ATTACH_TEST_PROVIDER}`, () => {
  beforeEach(resetDatabase);
  afterAll(() => db.$disconnect());

  it("covers every model that has a shop field", () => {
    const withShop = Prisma.dmmf.datamodel.models
      .filter((model) => model.fields.some((field) => field.name === "shop") && model.name !== "Session")
      .map((model) => model.name)
      .sort();
    expect([...SHOP_OWNED_MODELS].sort()).toEqual(withShop);
  });

  it("stamps the shop on created rows and on their nested rows, whatever the caller passed", async () => {
    const bundle = await createBundle(alpha, "Laptop starter kit");
    expect(bundle.shop).toBe(alpha);
    expect(bundle.parts.map((part) => part.shop)).toEqual([alpha, alpha]);
  });

  it("finds, counts and lists only the scoped shop's rows", async () => {
    const alphaBundle = await createBundle(alpha, "Alpha kit");
    await createBundle(beta, "Beta kit");
    expect(await shopData(beta).bundle.findUnique({ where: { id: alphaBundle.id } })).toBeNull();
    expect(await shopData(beta).bundle.findFirst({ where: { title: "Alpha kit" } })).toBeNull();
    expect((await shopData(alpha).bundle.findMany()).map((b) => b.title)).toEqual(["Alpha kit"]);
    expect(await shopData(alpha).bundlePart.count()).toBe(2);
    expect(await db.bundle.count()).toBe(2);
  });

  it("cannot change or delete another shop's row by id", async () => {
    const alphaBundle = await createBundle(alpha, "Alpha kit");
    await expect(
      shopData(beta).bundle.update({ where: { id: alphaBundle.id }, data: { title: "Hijacked" } }),
    ).rejects.toThrow();
    await expect(shopData(beta).bundle.delete({ where: { id: alphaBundle.id } })).rejects.toThrow();
    expect((await shopData(beta).bundle.updateMany({ data: { status: "paused" } })).count).toBe(0);
    expect((await shopData(beta).bundlePart.deleteMany({ where: { bundleId: alphaBundle.id } })).count).toBe(0);

    const untouched = await db.bundle.findUniqueOrThrow({ where: { id: alphaBundle.id }, include: { parts: true } });
    expect(untouched.title).toBe("Alpha kit");
    expect(untouched.status).toBe("draft");
    expect(untouched.parts).toHaveLength(2);
  });

  it("upserts within the shop: one settings row per shop, the other shop's untouched", async () => {
    await shopData(alpha).shopSettings.upsert({ where: { shop: alpha }, create: { shop: alpha }, update: {} });
    await shopData(beta).shopSettings.upsert({
      where: { shop: beta },
      create: { shop: beta, widgetMaxItems: 6 },
      update: {},
    });
    await shopData(alpha).shopSettings.upsert({
      where: { shop: alpha },
      create: { shop: alpha },
      update: { widgetMaxItems: 3 },
    });
    const rows = await db.shopSettings.findMany({ orderBy: { shop: "asc" } });
    expect(rows.map((row) => [row.shop, row.widgetMaxItems])).toEqual([
      [alpha, 3],
      [beta, 6],
    ]);
  });
});
