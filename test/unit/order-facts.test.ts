import { describe, expect, it } from "vitest";
import { indexCatalog } from "../../app/domain/attribution";
import {
  applyRefund,
  buildOrderFacts,
  contributionDelta,
  orderContribution,
  ROLLUP_FIGURES,
  zeroFigures,
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
  it("adds the order to its day (UTC here): shop totals, the attached orders, its bundle, all offers and its organic lines", () => {
    const subtotal = 10000 - 1000 + 5000 - 500 + 10000 + 2100;
    // The order holds the bundle's products (its anchors) and takes it up.
    const anchored = { anchorOrders: 1, anchorAttachedOrders: 1 };
    expect(byRow(orderContribution(facts()))).toEqual({
      "2026-03-02 shop:": {
        ...zeroFigures(),
        orders: 1,
        attachedOrders: 1,
        revenueAmount: subtotal,
        discountAmount: 1500,
        ...anchored,
      },
      "2026-03-02 attached:": {
        ...zeroFigures(),
        orders: 1,
        attachedOrders: 1,
        revenueAmount: subtotal,
        discountAmount: 1500,
        ...anchored,
      },
      // Three units kept, none with a known cost.
      "2026-03-02 bundle:b1": {
        ...zeroFigures(),
        orders: 1,
        attachedOrders: 1,
        revenueAmount: 9000 + 4500,
        discountAmount: 1500,
        ...anchored,
        uncostedUnits: 3,
      },
      // One offer: the "offers" row is its row.
      "2026-03-02 offers:": {
        ...zeroFigures(),
        orders: 1,
        attachedOrders: 1,
        revenueAmount: 9000 + 4500,
        discountAmount: 1500,
        ...anchored,
        uncostedUnits: 3,
      },
      "2026-03-02 organic:": { ...zeroFigures(), orders: 1, revenueAmount: 10000 },
    });
  });

  it("adds an offers row summing every figure of the order's bundle and pairing rows, and none without them", () => {
    const catalog = indexCatalog({
      bundles: [
        {
          id: "b1",
          title: "Laptop Essentials",
          status: "active",
          productIds: ["gid://shopify/Product/1", "gid://shopify/Product/2"],
        },
        // Anchored (its product is in the order) but not taken up.
        { id: "b2", title: "Desk Set", status: "active", productIds: ["gid://shopify/Product/3"] },
      ],
      pairings: [],
    });
    const placed = buildOrderFacts(input(), catalog, null);
    // Known costs on one line, a returned unit on another, a pairing line added by hand.
    const withOffers: OrderFacts = {
      order: placed.order,
      lines: [
        ...placed.lines.map((line) =>
          line.lineId === "gid://shopify/LineItem/1"
            ? { ...line, unitCostAmount: 4000 }
            : line.lineId === "gid://shopify/LineItem/2"
              ? { ...line, refundedQuantity: 1, refundedAmount: 2250 }
              : line,
        ),
        {
          lineId: "gid://shopify/LineItem/9",
          productId: "gid://shopify/Product/8",
          variantId: null,
          quantity: 2,
          unitPriceAmount: 1500,
          discountAmount: 300,
          attribution: "pairing",
          offerId: "p1",
          refundedQuantity: 0,
          refundedAmount: 0,
          unitCostAmount: null,
        },
      ],
    };
    const rows = byRow(orderContribution(withOffers));
    const offerRows = Object.entries(rows).filter(([key]) => / (bundle|pairing):/.test(key));
    expect(offerRows.map(([key]) => key).sort()).toEqual([
      "2026-03-02 bundle:b1",
      "2026-03-02 bundle:b2",
      "2026-03-02 pairing:p1",
    ]);
    const sum = zeroFigures();
    for (const [, figures] of offerRows) for (const figure of ROLLUP_FIGURES) sum[figure] += figures[figure];
    expect(rows["2026-03-02 offers:"]).toEqual(sum);
    // Every figure, counted per offer: two offers taken up, two anchors, one unit returned, costs known or not.
    expect(sum).toEqual({
      orders: 2,
      attachedOrders: 2,
      revenueAmount: 9000 + 4500 + 2700,
      discountAmount: 1500 + 300,
      refundedAmount: 2250,
      anchorOrders: 2,
      anchorAttachedOrders: 1,
      returnedUnits: 1,
      costAmount: 4000,
      uncostedUnits: 1 + 2,
    });

    // No bundle or pairing row: no offers row.
    const plain = buildOrderFacts(input(), indexCatalog({ bundles: [], pairings: [] }), null);
    const unattributed: OrderFacts = {
      order: plain.order,
      lines: plain.lines.map((line) => ({ ...line, attribution: "none", offerId: null, discountAmount: 0 })),
    };
    expect(orderContribution(unattributed).map((e) => e.offerType)).toEqual(["shop"]);
  });

  it("counts the order on its day in the shop's time zone", () => {
    // 23:30 at UTC−2 on 1 March is 22:30 in São Paulo (UTC−3) and 02:30 on the 2nd in Paris.
    expect(new Set(orderContribution(facts(), "America/Sao_Paulo").map((e) => e.day))).toEqual(new Set(["2026-03-01"]));
    expect(new Set(orderContribution(facts(), "Europe/Paris").map((e) => e.day))).toEqual(new Set(["2026-03-02"]));
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
      ["offers", -1, -13500],
      ["organic", -1, -10000],
      ["shop", -1, -(10000 - 1000 + 5000 - 500 + 10000 + 2100)],
    ]);
    expect(facts({}, cancelled).order.cancelledAt).toEqual(new Date("2026-03-03T08:00:00Z"));
  });

  it("subtracts a partial refund exactly from the refunded line, and the order stays attached while a unit is kept", () => {
    const placed = facts();
    const refunded = applyRefund(placed, [{ lineId: "gid://shopify/LineItem/2", quantity: 1, amount: 2250 }]);
    const delta = byRow(contributionDelta(orderContribution(placed), orderContribution(refunded)));
    const onlyRefund = { ...zeroFigures(), refundedAmount: 2250 };
    expect(delta).toEqual({
      "2026-03-02 shop:": onlyRefund,
      "2026-03-02 attached:": onlyRefund,
      // One unit returned: one fewer kept.
      "2026-03-02 bundle:b1": { ...onlyRefund, returnedUnits: 1, uncostedUnits: -1 },
      "2026-03-02 offers:": { ...onlyRefund, returnedUnits: 1, uncostedUnits: -1 },
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
    expect(after["2026-03-02 offers:"]).toEqual(after["2026-03-02 bundle:b1"]);
  });

  it("keeps a line's credit and refunds when a later orders/updated arrives, even after the bundle is gone", () => {
    const placed = applyRefund(facts(), [{ lineId: "gid://shopify/LineItem/4", quantity: 1, amount: 700 }]);
    const updated = buildOrderFacts(input(), indexCatalog({ bundles: [], pairings: [] }), placed);
    expect(updated.lines).toEqual(placed.lines);
  });
});
