import { describe, expect, it } from "vitest";
import {
  buildProductOfferValues,
  encodeDiscountConfig,
  encodeProductOfferValues,
  offerMetafieldWrites,
} from "../../../app/domain/offer-metafields";
import { ShopStore } from "../../../local/admin-api/store";
import { discountFunctionPricing, LOCAL_FUNCTION_ID } from "../../../local/function-runner";
import { createDemoShop } from "../../../local/seed/demo-shop";
import type { CartPricingInput } from "../../../local/storefront";

const shop = createDemoShop({ orders: 0 });
const laptop = shop.products.find((p) => p.handle === "nimbus-aurora-laptop")!;
const mouse =
  shop.products.find((p) => p.productType.toLowerCase().includes("mouse") && p.variants[0]!.unitCost !== null) ??
  shop.products[5]!;

function storeWithBundle(percent: number, { paused = false } = {}) {
  const store = new ShopStore(shop);
  const values = buildProductOfferValues({
    bundles: [
      {
        id: "b1",
        title: "Laptop Essentials",
        status: "active",
        currencyCode: "USD",
        discount: { kind: "percentage", value: percent },
        parts: [
          { productId: `gid://shopify/Product/${laptop.id}`, variantId: null, quantity: 1 },
          { productId: `gid://shopify/Product/${mouse.id}`, variantId: null, quantity: 1 },
        ],
        startsAt: null,
        endsAt: null,
      },
    ],
    pairings: [],
    now: new Date(),
    timeZone: shop.ianaTimezone,
  });
  for (const [productId, value] of values) {
    const { set } = offerMetafieldWrites(productId, encodeProductOfferValues(productId, value));
    store.setMetafields(set.map(({ ownerId, ...m }) => ({ ownerGid: ownerId, ...m })));
  }
  store.createAutomaticAppDiscount({
    title: "Attach bundles",
    functionId: LOCAL_FUNCTION_ID,
    startsAt: new Date(Date.now() - 60_000).toISOString(),
    endsAt: null,
    discountClasses: ["PRODUCT"],
    combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: true },
    metafields: [
      { namespace: "$app:attach", key: "config", type: "json", value: encodeDiscountConfig({ paused }), updatedAt: "" },
    ],
  });
  return store;
}

function cartOf(
  lines: Array<{ product: typeof laptop; quantity: number; properties?: Record<string, string> }>,
): CartPricingInput {
  return {
    token: "t",
    currency: "USD",
    customer: null,
    attributes: {},
    lines: lines.map(({ product, quantity, properties = {} }, index) => ({
      key: `line-${index}`,
      variantId: product.variants[0]!.id,
      productId: product.id,
      quantity,
      unitPrice: product.variants[0]!.price,
      properties,
      product,
      variant: product.variants[0]!,
    })),
  };
}

describe("the emulated checkout's discount Function runner", () => {
  it("prices a complete bundle with the app's real Function: 10% of the set, named after the bundle", async () => {
    const store = storeWithBundle(10);
    const price = await discountFunctionPricing(() => store.shop);
    const { lineDiscounts } = await price(
      cartOf([
        { product: laptop, quantity: 1 },
        { product: mouse, quantity: 1 },
      ]),
    );
    const all = [...lineDiscounts.values()].flat();
    const setPrice = laptop.variants[0]!.price + mouse.variants[0]!.price;
    expect(all.reduce((sum, d) => sum + d.amount, 0)).toBe(Math.round(setPrice / 10));
    expect(all.every((d) => d.title.startsWith("Bundle: Laptop Essentials"))).toBe(true);
  });

  it("gives nothing for an incomplete set, when no automatic discount runs the Function, or when paused", async () => {
    const store = storeWithBundle(10);
    const price = await discountFunctionPricing(() => store.shop);
    expect((await price(cartOf([{ product: laptop, quantity: 1 }]))).lineDiscounts.size).toBe(0);

    const noDiscount = new ShopStore(shop);
    const unpriced = await discountFunctionPricing(() => noDiscount.shop);
    expect(
      (
        await unpriced(
          cartOf([
            { product: laptop, quantity: 1 },
            { product: mouse, quantity: 1 },
          ]),
        )
      ).lineDiscounts.size,
    ).toBe(0);

    const paused = storeWithBundle(10, { paused: true });
    const pausedPrice = await discountFunctionPricing(() => paused.shop);
    expect(
      (
        await pausedPrice(
          cartOf([
            { product: laptop, quantity: 1 },
            { product: mouse, quantity: 1 },
          ]),
        )
      ).lineDiscounts.size,
    ).toBe(0);
  });

  it("gives a buyer tagged attach-excluded no discount, and a buyer without the tag the bundle's", async () => {
    const store = storeWithBundle(10);
    const price = await discountFunctionPricing(() => store.shop);
    const set = cartOf([
      { product: laptop, quantity: 1 },
      { product: mouse, quantity: 1 },
    ]);
    const buyer = (tags: string[]) => ({ ...shop.customers[0]!, tags });
    const tagged = await price({ ...set, customer: buyer(["vip", "attach-excluded"]) });
    expect(tagged.lineDiscounts.size).toBe(0);
    const untagged = await price({ ...set, customer: buyer(["vip"]) });
    const total = [...untagged.lineDiscounts.values()].flat().reduce((sum, d) => sum + d.amount, 0);
    expect(total).toBe(Math.round((laptop.variants[0]!.price + mouse.variants[0]!.price) / 10));
  });

  it("discounts one set per complete set: two sets and a leftover laptop get two sets' saving", async () => {
    const store = storeWithBundle(20);
    const price = await discountFunctionPricing(() => store.shop);
    const { lineDiscounts } = await price(
      cartOf([
        { product: laptop, quantity: 3 },
        { product: mouse, quantity: 2 },
      ]),
    );
    const total = [...lineDiscounts.values()].flat().reduce((sum, d) => sum + d.amount, 0);
    expect(total).toBe(2 * Math.round((laptop.variants[0]!.price + mouse.variants[0]!.price) / 5));
  });
});
