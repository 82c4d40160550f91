import { describe, expect, it } from "vitest";
import {
  anchorOffersOf,
  attributeLine,
  indexCatalog,
  offerTitleCandidates,
  type OfferCatalog,
} from "../../app/domain/attribution";
import type { OrderLineInput } from "../../app/domain/order-payload";

const product = (n: number) => `gid://shopify/Product/${n}`;

const catalog: OfferCatalog = {
  bundles: [
    {
      id: "b-laptop",
      title: "Laptop Essentials",
      status: "active",
      productIds: [product(1), product(2)],
      // Shopify knows the cost of product 1's variant only.
      unitCosts: new Map([[product(1), 450]]),
    },
    { id: "b-kit", title: "Kit", status: "active", productIds: [product(3)] },
    { id: "b-kit-pro", title: "Kit — Pro", status: "active", productIds: [product(4)] },
    // Two bundles share a title; each holds different products.
    { id: "b-duo-a", title: "Duo", status: "active", productIds: [product(5)] },
    { id: "b-duo-b", title: "Duo", status: "active", productIds: [product(6)] },
    { id: "b-paused", title: "Old set", status: "paused", productIds: [product(7)] },
  ],
  pairings: [
    {
      id: "p-desk",
      title: "Desk setup",
      status: "active",
      anchorProductIds: [product(10)],
      complementProductIds: [product(11)],
    },
    { id: "p-untitled", title: null, status: "active", anchorProductIds: [], complementProductIds: [product(12)] },
  ],
};
const index = indexCatalog(catalog);

const line = (overrides: Partial<OrderLineInput>): OrderLineInput => ({
  lineId: "gid://shopify/LineItem/1",
  productId: product(1),
  variantId: null,
  quantity: 1,
  unitPriceAmount: 1000,
  properties: [],
  discounts: [],
  ...overrides,
});

describe("attributing an order line to a bundle or pairing", () => {
  it("credits the offer the widget's line property names", () => {
    const credit = attributeLine(line({ properties: [{ name: "_attach_offer", value: "bundle:b-laptop" }] }), index);
    expect(credit).toEqual({
      attribution: "bundle",
      offerId: "b-laptop",
      via: "property",
      discountAmount: 0,
      unitCostAmount: 450,
    });
  });

  it("credits the offer our discount's message names, and counts that discount as ours", () => {
    const credit = attributeLine(
      line({ discounts: [{ amount: 150, title: "Bundle: Laptop Essentials — 10% off" }] }),
      index,
    );
    expect(credit).toEqual({
      attribution: "bundle",
      offerId: "b-laptop",
      via: "discount",
      discountAmount: 150,
      unitCostAmount: 450,
    });
  });

  it("prefers the property when the discount names another offer, keeping the discount as ours", () => {
    const credit = attributeLine(
      line({
        productId: product(11),
        properties: [{ name: "_attach_offer", value: "pairing:p-desk" }],
        discounts: [{ amount: 90, title: "Bundle: Laptop Essentials — 10% off" }],
      }),
      index,
    );
    expect(credit).toEqual({
      attribution: "pairing",
      offerId: "p-desk",
      via: "property",
      discountAmount: 90,
      unitCostAmount: null,
    });
  });

  it("reads the longest title when titles contain the message's separator", () => {
    expect(offerTitleCandidates("Bundle: Kit — Pro — 10% off")).toEqual({
      type: "bundle",
      titles: ["Kit — Pro — 10% off", "Kit", "Kit — Pro"],
    });
    const credit = attributeLine(
      line({ productId: product(4), discounts: [{ amount: 10, title: "Bundle: Kit — Pro — 10% off" }] }),
      index,
    );
    expect(credit.offerId).toBe("b-kit-pro");
  });

  it("tells offers with the same title apart by the line's product", () => {
    const credit = attributeLine(
      line({ productId: product(6), discounts: [{ amount: 10, title: "Bundle: Duo — $5.00 off" }] }),
      index,
    );
    expect(credit).toMatchObject({ attribution: "bundle", offerId: "b-duo-b" });
  });

  it("counts a shared title it cannot tell apart as uptake of no particular offer", () => {
    const credit = attributeLine(
      line({ productId: product(99), discounts: [{ amount: 10, title: "Bundle: Duo — $5.00 off" }] }),
      index,
    );
    expect(credit).toEqual({
      attribution: "bundle",
      offerId: null,
      via: "discount",
      discountAmount: 10,
      unitCostAmount: null,
    });
  });

  it("credits a pairing by its title, and ignores a merchant's own discount named like ours", () => {
    expect(
      attributeLine(
        line({ productId: product(11), discounts: [{ amount: 5, title: "Pairing: Desk setup — 10% off" }] }),
        index,
      ),
    ).toMatchObject({ attribution: "pairing", offerId: "p-desk", discountAmount: 5 });
    expect(
      attributeLine(
        line({ productId: product(50), discounts: [{ amount: 5, title: "Bundle: Summer Sale — 20% off" }] }),
        index,
      ),
    ).toEqual({ attribution: "none", offerId: null, via: null, discountAmount: 0, unitCostAmount: null });
  });

  it("calls a line of an offered product without property or our discount an organic co-purchase, never uptake", () => {
    for (const productId of [product(1), product(10), product(11), product(12)]) {
      expect(attributeLine(line({ productId }), index)).toEqual({
        attribution: "organic",
        offerId: null,
        via: null,
        discountAmount: 0,
        unitCostAmount: null,
      });
    }
    // A discount code (no title) on an offered product does not make it uptake either.
    expect(attributeLine(line({ discounts: [{ amount: 100, title: null }] }), index).attribution).toBe("organic");
  });

  it("leaves products of paused offers, unknown products and custom items as none", () => {
    expect(attributeLine(line({ productId: product(7) }), index).attribution).toBe("none");
    expect(attributeLine(line({ productId: product(500) }), index).attribution).toBe("none");
    expect(attributeLine(line({ productId: null }), index).attribution).toBe("none");
  });

  it("ignores a property naming an offer the shop does not have", () => {
    const credit = attributeLine(line({ properties: [{ name: "_attach_offer", value: "bundle:forged" }] }), index);
    expect(credit.attribution).toBe("organic");
  });

  it("gives a credited bundle line its part's unit cost where Shopify knows it, and no cost otherwise", () => {
    const property = [{ name: "_attach_offer", value: "bundle:b-laptop" }];
    expect(attributeLine(line({ productId: product(1), properties: property }), index).unitCostAmount).toBe(450);
    expect(attributeLine(line({ productId: product(2), properties: property }), index).unitCostAmount).toBeNull();
    // Organic lines carry no cost: margins are only reported for uptake.
    expect(attributeLine(line({ productId: product(1) }), index).unitCostAmount).toBeNull();
  });
});

describe("the offers whose anchor an order contains (the attach rate's denominator)", () => {
  it("counts any product of an active bundle and a pairing's anchor product, never a complement alone", () => {
    expect(anchorOffersOf([{ productId: product(2) }], index)).toEqual(["bundle:b-laptop"]);
    expect(anchorOffersOf([{ productId: product(10) }, { productId: product(1) }], index)).toEqual([
      "bundle:b-laptop",
      "pairing:p-desk",
    ]);
    expect(anchorOffersOf([{ productId: product(11) }], index)).toEqual([]);
  });

  it("leaves out paused offers, unknown products and custom items, and counts an offer once", () => {
    expect(
      anchorOffersOf([{ productId: product(7) }, { productId: product(500) }, { productId: null }], index),
    ).toEqual([]);
    expect(anchorOffersOf([{ productId: product(1) }, { productId: product(2) }], index)).toEqual(["bundle:b-laptop"]);
  });
});
