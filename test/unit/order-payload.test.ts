import { describe, expect, it } from "vitest";
import {
  canonicalTopic,
  parseFulfillmentPayload,
  parseOrderPayload,
  parseRefundPayload,
  refundLineAmount,
  validateWebhookPayload,
} from "../../app/domain/order-payload";
import { orderPayload, refundPayload } from "../support/order-webhooks";

const order = () =>
  orderPayload({
    id: 5001,
    customerId: 77,
    processedAt: "2026-03-01T09:30:00Z",
    lines: [
      {
        id: 9001,
        productId: 101,
        quantity: 2,
        price: 1999,
        properties: [{ name: "_attach_offer", value: "bundle:b1" }],
        discounts: [{ amount: 400, title: "Bundle: Laptop Essentials — 10% off" }],
      },
      { id: 9002, productId: 102, quantity: 1, price: 500 },
    ],
  });

describe("order webhook payloads", () => {
  it("reads an order as the local emulator sends it: gids, minor units, properties and discount titles", () => {
    const parsed = parseOrderPayload(order());
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value).toEqual({
      orderId: "gid://shopify/Order/5001",
      orderName: "#5001",
      customerId: "gid://shopify/Customer/77",
      currency: "USD",
      subtotalAmount: 1999 * 2 - 400 + 500,
      totalDiscountAmount: 400,
      processedAt: new Date("2026-03-01T09:30:00Z"),
      cancelledAt: null,
      discountCodes: [],
      lines: [
        {
          lineId: "gid://shopify/LineItem/9001",
          productId: "gid://shopify/Product/101",
          variantId: "gid://shopify/ProductVariant/1000101",
          quantity: 2,
          unitPriceAmount: 1999,
          properties: [{ name: "_attach_offer", value: "bundle:b1" }],
          discounts: [{ amount: 400, title: "Bundle: Laptop Essentials — 10% off" }],
        },
        {
          lineId: "gid://shopify/LineItem/9002",
          productId: "gid://shopify/Product/102",
          variantId: "gid://shopify/ProductVariant/1000102",
          quantity: 1,
          unitPriceAmount: 500,
          properties: [],
          discounts: [],
        },
      ],
    });
  });

  it("keeps a 64-bit order id exact by reading admin_graphql_api_id", () => {
    const payload = {
      ...order(),
      id: 820982911946154500,
      admin_graphql_api_id: "gid://shopify/Order/820982911946154508",
    };
    const parsed = parseOrderPayload(payload);
    expect(parsed.ok && parsed.value.orderId).toBe("gid://shopify/Order/820982911946154508");
  });

  it("refuses an order id too large to read exactly when no admin_graphql_api_id comes with it", () => {
    const { admin_graphql_api_id: _dropped, ...payload } = { ...order(), id: 820982911946154500 };
    expect(parseOrderPayload(payload)).toEqual({
      ok: false,
      errors: [{ field: "id", message: expect.stringContaining("too large") }],
    });
  });

  it("refuses a price with more decimals than the currency has, naming the field", () => {
    const payload = order();
    payload.line_items[1]!.price = "5.005";
    payload.line_items[1]!.price_set.shop_money.amount = "5.005";
    const parsed = parseOrderPayload(payload);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.errors[0]!.field).toBe("line_items[1].price");
  });

  it("refuses a discount allocation that points at no discount application", () => {
    const payload = order();
    payload.line_items[0]!.discount_allocations[0]!.discount_application_index = 3;
    const parsed = parseOrderPayload(payload);
    expect(!parsed.ok && parsed.errors[0]!.field).toBe(
      "line_items[0].discount_allocations[0].discount_application_index",
    );
  });

  it("refuses an order without line items or currency", () => {
    const { line_items: _lines, currency: _currency, ...payload } = order();
    const parsed = parseOrderPayload(payload);
    expect(!parsed.ok && parsed.errors.map((e) => e.field).sort()).toEqual(["currency", "line_items"]);
  });

  it("reads a refund's lines with their amounts in minor units", () => {
    const parsed = parseRefundPayload(
      refundPayload({ id: 12, orderId: 5001, lines: [{ lineItemId: 9001, quantity: 1, subtotal: 1799 }] }),
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.orderId).toBe("gid://shopify/Order/5001");
    expect(parsed.value.lines).toEqual([
      { lineId: "gid://shopify/LineItem/9001", quantity: 1, amount: { amount: 1799, currency: "USD" } },
    ]);
    expect(refundLineAmount(parsed.value.lines[0]!.amount, "USD")).toBe(1799);
    expect(() => refundLineAmount(parsed.value.lines[0]!.amount, "EUR")).toThrow(
      "The refund is in USD, the order in EUR",
    );
    expect(refundLineAmount({ decimal: "1200" }, "JPY")).toBe(1200);
  });
});

describe("follow-up offer fields", () => {
  it("reads the discount codes an order used, and an order without the field as none", () => {
    const parsed = parseOrderPayload({ ...order(), discount_codes: [{ code: "ATTACH-ABC234", amount: "5.00" }] });
    expect(parsed.ok && parsed.value.discountCodes).toEqual(["ATTACH-ABC234"]);
    expect(parseOrderPayload(order())).toMatchObject({ ok: true, value: { discountCodes: [] } });
    expect(parseOrderPayload({ ...order(), discount_codes: null })).toMatchObject({ value: { discountCodes: [] } });
  });

  it("reads a fulfilment: order, time, shipped products; a cancelled one is not shipped; a bad one names the field", () => {
    const payload = {
      id: 41,
      order_id: 5001,
      status: "success",
      created_at: "2026-03-02T09:00:00Z",
      line_items: [{ id: 9001, product_id: 11 }],
    };
    expect(parseFulfillmentPayload(payload)).toEqual({
      ok: true,
      value: {
        fulfillmentId: "gid://shopify/Fulfillment/41",
        orderId: "gid://shopify/Order/5001",
        shipped: true,
        fulfilledAt: new Date("2026-03-02T09:00:00Z"),
        productIds: ["gid://shopify/Product/11"],
      },
    });
    expect(parseFulfillmentPayload({ ...payload, status: "cancelled" })).toMatchObject({ value: { shipped: false } });
    expect(validateWebhookPayload("fulfillments/create", { ...payload, order_id: "x" })).toEqual({
      ok: false,
      errors: [expect.objectContaining({ field: "order_id" })],
    });
  });
});

describe("webhook topics and what the inbox accepts", () => {
  it("names a topic the same whether it came from the HTTP route or a Pub/Sub attribute", () => {
    expect(canonicalTopic("orders/create")).toBe("ORDERS_CREATE");
    expect(canonicalTopic("ORDERS_CREATE")).toBe("ORDERS_CREATE");
    expect(canonicalTopic("bulk_operations/finish")).toBe("BULK_OPERATIONS_FINISH");
  });

  it("accepts a readable order, refuses a malformed one, and refuses anything but an object on every topic", () => {
    expect(validateWebhookPayload("ORDERS_CREATE", order()).ok).toBe(true);
    expect(validateWebhookPayload("orders/updated", { id: 1, line_items: [] }).ok).toBe(false);
    expect(validateWebhookPayload("REFUNDS_CREATE", { id: 1 }).ok).toBe(false);
    expect(validateWebhookPayload("CUSTOMERS_UPDATE", { id: 1 }).ok).toBe(true);
    expect(validateWebhookPayload("CUSTOMERS_UPDATE", [1, 2]).ok).toBe(false);
    expect(validateWebhookPayload("ORDERS_CREATE", "text").ok).toBe(false);
  });
});
