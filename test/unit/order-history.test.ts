import { describe, expect, it } from "vitest";
import { OrderHistoryError, readOrderHistory } from "../../app/domain/order-history";

const money = (amount: string) => ({ shopMoney: { amount, currencyCode: "USD" } });
const order = (id: number, extra: object = {}) =>
  JSON.stringify({
    id: `gid://shopify/Order/${id}`,
    name: `#${id}`,
    processedAt: "2026-05-01T10:00:00Z",
    cancelledAt: null,
    currencyCode: "USD",
    customer: { id: "gid://shopify/Customer/7" },
    subtotalPriceSet: money("30.00"),
    totalDiscountsSet: money("3.00"),
    ...extra,
  });
const line = (id: number, parent: number, extra: object = {}) =>
  JSON.stringify({
    id: `gid://shopify/LineItem/${id}`,
    quantity: 3,
    currentQuantity: 3,
    product: { id: "gid://shopify/Product/1" },
    variant: { id: "gid://shopify/ProductVariant/11" },
    originalUnitPriceSet: money("11.00"),
    discountedTotalSet: money("30.00"),
    customAttributes: [{ key: "_attach_offer", value: "bundle:b1" }],
    discountAllocations: [
      { allocatedAmountSet: money("3.00"), discountApplication: { title: "Bundle: Kit — 10% off" } },
    ],
    __parentId: `gid://shopify/Order/${parent}`,
    ...extra,
  });

async function read(lines: string[]) {
  const out = [];
  for await (const item of readOrderHistory(lines)) out.push(item);
  return out;
}

describe("reading the order history's JSONL", () => {
  it("yields each order with its line items, as the webhooks' OrderInput, and where it ends", async () => {
    const [first, second] = await read([order(1), line(10, 1), line(11, 1), order(2), "", line(20, 2)]);
    expect(first!.order).toMatchObject({
      orderId: "gid://shopify/Order/1",
      orderName: "#1",
      customerId: "gid://shopify/Customer/7",
      currency: "USD",
      subtotalAmount: 3000,
      totalDiscountAmount: 300,
      processedAt: new Date("2026-05-01T10:00:00Z"),
      cancelledAt: null,
    });
    expect(first!.order.lines).toHaveLength(2);
    expect(first!.order.lines[0]).toEqual({
      lineId: "gid://shopify/LineItem/10",
      productId: "gid://shopify/Product/1",
      variantId: "gid://shopify/ProductVariant/11",
      quantity: 3,
      unitPriceAmount: 1100,
      properties: [{ name: "_attach_offer", value: "bundle:b1" }],
      discounts: [{ amount: 300, title: "Bundle: Kit — 10% off" }],
    });
    expect(first!.lastLine).toBe(3);
    expect(second!.lastLine).toBe(6);
    expect(second!.order.lines.map((l) => l.lineId)).toEqual(["gid://shopify/LineItem/20"]);
  });

  it("reads refunded units from currentQuantity, worth their share of the discounted total", async () => {
    const [read1] = await read([order(1), line(10, 1, { currentQuantity: 1 }), line(11, 1)]);
    // 2 of 3 units refunded from a $30.00 line: $20.00.
    expect(read1!.refunded).toEqual([{ lineId: "gid://shopify/LineItem/10", quantity: 2, amount: 2000 }]);
    const [odd] = await read([order(1), line(10, 1, { currentQuantity: 2, discountedTotalSet: money("10.00") })]);
    // 1 of 3 units of $10.00: $3.33, rounded to the cent.
    expect(odd!.refunded).toEqual([{ lineId: "gid://shopify/LineItem/10", quantity: 1, amount: 333 }]);
  });

  it("keeps a cancelled order's cancellation and reads an order without customer or lines", async () => {
    const [cancelled] = await read([order(1, { cancelledAt: "2026-05-02T00:00:00Z", customer: null })]);
    expect(cancelled!.order.cancelledAt).toEqual(new Date("2026-05-02T00:00:00Z"));
    expect(cancelled!.order.customerId).toBeNull();
    expect(cancelled!.order.lines).toEqual([]);
  });

  it("names the line of anything it cannot read", async () => {
    await expect(read([order(1), "{not json"])).rejects.toThrow(new OrderHistoryError(2, "not JSON"));
    await expect(read([order(1), line(10, 2)])).rejects.toThrow(/line 2: a line item that does not follow its order/);
    await expect(read([line(10, 1)])).rejects.toThrow(/line 1: a line item that does not follow its order/);
    await expect(read([order(1, { id: "gid://shopify/Product/1" })])).rejects.toThrow(/line 1: not an order/);
    await expect(read([order(1, { subtotalPriceSet: money("1.234") })])).rejects.toThrow(/line 1:/);
    await expect(read([order(1), line(10, 1, { quantity: -1 })])).rejects.toThrow(/line 2: not a line item/);
  });
});
