import { describe, expect, it } from "vitest";
import { indexCatalog } from "../../app/domain/attribution";
import {
  applyRefund,
  buildOrderFacts,
  contributionDelta,
  orderContribution,
  type OrderFacts,
} from "../../app/domain/order-facts";
import { parseOrderPayload, type OrderInput } from "../../app/domain/order-payload";
import { orderPayload, type OrderSpec } from "../support/order-webhooks";

const index = indexCatalog({
  bundles: [
    {
      id: "b1",
      title: "Laptop Essentials",
      status: "active",
      productIds: ["gid://shopify/Product/1", "gid://shopify/Product/2"],
    },
  ],
  pairings: [],
});

const spec: OrderSpec = {
  id: 7001,
  customerId: 5,
  processedAt: "2026-03-01T23:30:00-02:00", // 2026-03-02 in UTC
  lines: [
    {
      id: 1,
      productId: 1,
      quantity: 1,
      price: 10000,
      properties: [{ name: "_attach_offer", value: "bundle:b1" }],
      discounts: [{ amount: 1000, title: "Bundle: Laptop Essentials — 10% off" }],
    },
    {
      id: 2,
      productId: 2,
      quantity: 2,
      price: 2500,
      properties: [{ name: "_attach_offer", value: "bundle:b1" }],
      discounts: [{ amount: 500, title: "Bundle: Laptop Essentials — 10% off" }],
    },
    { id: 3, productId: 1, quantity: 1, price: 10000 },
    { id: 4, productId: 3, quantity: 3, price: 700 },
  ],
};

function input(overrides: Partial<OrderSpec> = {}): OrderInput {
  const parsed = parseOrderPayload(orderPayload({ ...spec, ...overrides }));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

const facts = (overrides: Partial<OrderSpec> = {}, previous: OrderFacts | null = null) =>
  buildOrderFacts(input(overrides), index, previous);

const byRow = (entries: ReturnType<typeof orderContribution>) =>
  Object.fromEntries(entries.map((e) => [`${e.day} ${e.offerType}:${e.offerId}`, e.figures]));

describe("order facts and what an order adds to the daily rollups", () => {
  it("adds the order to its UTC day: shop totals, the attached orders, its bundle and its organic lines", () => {
    const subtotal = 10000 - 1000 + 5000 - 500 + 10000 + 2100;
    expect(byRow(orderContribution(facts()))).toEqual({
      "2026-03-02 shop:": {
        orders: 1,
        attachedOrders: 1,
        revenueAmount: subtotal,
        discountAmount: 1500,
        refundedAmount: 0,
      },
      "2026-03-02 attached:": {
        orders: 1,
        attachedOrders: 1,
        revenueAmount: subtotal,
        discountAmount: 1500,
        refundedAmount: 0,
      },
      "2026-03-02 bundle:b1": {
        orders: 1,
        attachedOrders: 1,
        revenueAmount: 9000 + 4500,
        discountAmount: 1500,
        refundedAmount: 0,
      },
      "2026-03-02 organic:": {
        orders: 1,
        attachedOrders: 0,
        revenueAmount: 10000,
        discountAmount: 0,
        refundedAmount: 0,
      },
    });
  });

  it("adds nothing when the same order is processed again", () => {
    const first = facts();
    const again = facts({}, first);
    expect(again).toEqual(first);
    expect(contributionDelta(orderContribution(first), orderContribution(again))).toEqual([]);
  });

  it("takes the whole order out when it is cancelled, and keeps it cancelled whatever arrives later", () => {
    const placed = facts();
    const cancelled = facts({ cancelledAt: "2026-03-03T08:00:00Z" }, placed);
    expect(orderContribution(cancelled)).toEqual([]);
    const delta = contributionDelta(orderContribution(placed), orderContribution(cancelled));
    expect(delta.map((e) => [e.offerType, e.figures.orders, e.figures.revenueAmount])).toEqual([
      ["attached", -1, -(10000 - 1000 + 5000 - 500 + 10000 + 2100)],
      ["bundle", -1, -13500],
      ["organic", -1, -10000],
      ["shop", -1, -(10000 - 1000 + 5000 - 500 + 10000 + 2100)],
    ]);
    expect(facts({}, cancelled).order.cancelledAt).toEqual(new Date("2026-03-03T08:00:00Z"));
  });

  it("subtracts a partial refund exactly from the refunded line, and the order stays attached while a unit is kept", () => {
    const placed = facts();
    const refunded = applyRefund(placed, [{ lineId: "gid://shopify/LineItem/2", quantity: 1, amount: 2250 }]);
    const delta = byRow(contributionDelta(orderContribution(placed), orderContribution(refunded)));
    const onlyRefund = { orders: 0, attachedOrders: 0, revenueAmount: 0, discountAmount: 0, refundedAmount: 2250 };
    expect(delta).toEqual({
      "2026-03-02 shop:": onlyRefund,
      "2026-03-02 attached:": onlyRefund,
      "2026-03-02 bundle:b1": onlyRefund,
    });
  });

  it("stops counting a bundle's order once every unit of its lines is refunded", () => {
    const placed = facts();
    const refunded = applyRefund(placed, [
      { lineId: "gid://shopify/LineItem/1", quantity: 1, amount: 9000 },
      { lineId: "gid://shopify/LineItem/2", quantity: 2, amount: 4500 },
    ]);
    const after = byRow(orderContribution(refunded));
    expect(after["2026-03-02 shop:"]).toMatchObject({ orders: 1, attachedOrders: 0, refundedAmount: 13500 });
    expect(after["2026-03-02 attached:"]).toBeUndefined();
    expect(after["2026-03-02 bundle:b1"]).toMatchObject({ orders: 0, attachedOrders: 0, revenueAmount: 13500 });
  });

  it("keeps a line's credit and refunds when a later orders/updated arrives, even after the bundle is gone", () => {
    const placed = applyRefund(facts(), [{ lineId: "gid://shopify/LineItem/4", quantity: 1, amount: 700 }]);
    const updated = buildOrderFacts(input(), indexCatalog({ bundles: [], pairings: [] }), placed);
    expect(updated.lines).toEqual(placed.lines);
  });
});
