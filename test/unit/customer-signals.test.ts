import { describe, expect, it } from "vitest";
import {
  evaluateExclusion,
  exclusionRulesFromSettings,
  matchingSupportTags,
  signalDelta,
  signalsFromOrders,
  type CustomerSignalFigures,
  type SignalOrder,
} from "../../app/domain/customer-signals";
import { SETTINGS_DEFAULTS } from "../../app/domain/settings";

const defaults = exclusionRulesFromSettings(SETTINGS_DEFAULTS);

const signal = (figures: Partial<CustomerSignalFigures>): CustomerSignalFigures => ({
  currencyCode: "USD",
  orders: 0,
  returnedOrders: 0,
  grossAmount: 10_000,
  refundedAmount: 0,
  serviceCostAmount: 0,
  supportTags: "",
  ...figures,
});

const kinds = (figures: Partial<CustomerSignalFigures>, rules = defaults) =>
  evaluateExclusion(signal(figures), rules).reasons.map((reason) => reason.kind);

describe("the return-rate rule (default: above 40% over at least 3 orders)", () => {
  it("excludes just above the limit, not at it or just below (compared exactly)", () => {
    // 2 of 5 = 40% exactly: at the limit, not above it.
    expect(kinds({ orders: 5, returnedOrders: 2 })).toEqual([]);
    // 3 of 7 = 42.86%: above.
    expect(kinds({ orders: 7, returnedOrders: 3 })).toEqual(["return-rate"]);
    // 39.99% vs 40%: 3,999 of 10,000 orders returned is below, 4,001 above.
    expect(kinds({ orders: 10_000, returnedOrders: 3_999 })).toEqual([]);
    expect(kinds({ orders: 10_000, returnedOrders: 4_000 })).toEqual([]);
    expect(kinds({ orders: 10_000, returnedOrders: 4_001 })).toEqual(["return-rate"]);
  });

  it("needs the minimum number of orders: 2 of 2 returned is not enough, 2 of 3 is", () => {
    expect(kinds({ orders: 2, returnedOrders: 2 })).toEqual([]);
    expect(kinds({ orders: 3, returnedOrders: 2 })).toEqual(["return-rate"]);
    const oneOrder = { ...defaults, returnRateMinOrders: 1 };
    expect(kinds({ orders: 1, returnedOrders: 1 }, oneOrder)).toContain("return-rate");
  });

  it("follows the merchant's limit in basis points (12.5%)", () => {
    const rules = { ...defaults, returnRateBasisPoints: 1250 };
    expect(kinds({ orders: 8, returnedOrders: 1 }, rules)).toEqual([]);
    expect(kinds({ orders: 16, returnedOrders: 3 }, rules)).toEqual(["return-rate"]);
  });

  it("explains the exclusion in the merchant's words", () => {
    expect(evaluateExclusion(signal({ orders: 6, returnedOrders: 4 }), defaults).reason).toBe(
      "Returned 4 of 6 orders (66.66%), above your 40% limit",
    );
  });
});

describe("the helpdesk tag rule", () => {
  it("excludes a customer with a listed tag, ignoring case, until the tag is gone", () => {
    expect(kinds({ orders: 1, supportTags: "Complaint-Open" })).toEqual(["helpdesk-tag"]);
    expect(kinds({ orders: 1, supportTags: "vip-handle-manually" })).toEqual(["helpdesk-tag"]);
    expect(kinds({ orders: 1, supportTags: "" })).toEqual([]);
    expect(evaluateExclusion(signal({ orders: 1, supportTags: "complaint-open" }), defaults).reason).toBe(
      "Tagged “complaint-open” by your helpdesk (offers resume when the tag is removed)",
    );
  });

  it("only counts tags still on the merchant's list", () => {
    const rules = exclusionRulesFromSettings({ ...SETTINGS_DEFAULTS, excludeCustomerTags: "vip-handle-manually" });
    expect(kinds({ orders: 1, supportTags: "complaint-open" }, rules)).toEqual([]);
  });

  it("keeps the customer's tags that are on the list, in the customer's spelling", () => {
    expect(
      matchingSupportTags(["VIP", "Complaint-Open", "wholesale"], ["complaint-open", "vip-handle-manually"]),
    ).toEqual(["Complaint-Open"]);
    expect(matchingSupportTags(["vip"], [])).toEqual([]);
  });
});

describe("the unprofitable rule: refunds + service cost ≥ revenue (net revenue ≤ 0)", () => {
  it("excludes at and above break-even, not just below", () => {
    expect(kinds({ orders: 1, grossAmount: 10_000, refundedAmount: 9_999 })).toEqual([]);
    expect(kinds({ orders: 1, grossAmount: 10_000, refundedAmount: 10_000 })).toEqual(["unprofitable"]);
    expect(kinds({ orders: 1, grossAmount: 10_000, refundedAmount: 6_000, serviceCostAmount: 4_000 })).toEqual([
      "unprofitable",
    ]);
  });

  it("is off when the merchant turns it off, and never applies to a customer with no orders", () => {
    const off = { ...defaults, excludeUnprofitable: false };
    expect(kinds({ orders: 1, grossAmount: 10_000, refundedAmount: 10_000 }, off)).toEqual([]);
    expect(kinds({ orders: 0, grossAmount: 0 })).toEqual([]);
  });

  it("names the amounts", () => {
    expect(evaluateExclusion(signal({ orders: 1, refundedAmount: 10_000 }), defaults).reason).toBe(
      "Refunds (100.00 USD) take all of the 100.00 USD this customer spent",
    );
  });

  it("lists every rule that applies, joined", () => {
    const result = evaluateExclusion(
      signal({ orders: 3, returnedOrders: 3, refundedAmount: 10_000, supportTags: "complaint-open" }),
      defaults,
    );
    expect(result.excluded).toBe(true);
    expect(result.reasons.map((r) => r.kind)).toEqual(["return-rate", "helpdesk-tag", "unprofitable"]);
    expect(result.reason!.split("; ")).toHaveLength(3);
  });
});

const order = (customerId: string | null, fields: Partial<SignalOrder["order"]> = {}, refunded: number[] = []) => ({
  order: { customerId, subtotalAmount: 5_000, cancelledAt: null, ...fields },
  lines: [
    { refundedQuantity: refunded[0] ? 1 : 0, refundedAmount: refunded[0] ?? 0 },
    { refundedQuantity: 0, refundedAmount: 0 },
  ],
});

describe("signals from orders", () => {
  it("counts orders not cancelled, returned orders, revenue and refunds per customer; guests are left out", () => {
    const totals = signalsFromOrders([
      order("c1"),
      order("c1", {}, [2_000]),
      order("c1", { cancelledAt: new Date() }, [5_000]),
      order("c2"),
      order(null),
    ]);
    expect(Object.fromEntries(totals)).toEqual({
      c1: { orders: 2, returnedOrders: 1, grossAmount: 10_000, refundedAmount: 2_000 },
      c2: { orders: 1, returnedOrders: 0, grossAmount: 5_000, refundedAmount: 0 },
    });
  });

  it("moves by difference: a refund adds a returned order once, a cancellation takes the order out", () => {
    const placed = order("c1");
    const refunded = order("c1", {}, [1_000]);
    const refundedAgain = order("c1", {}, [3_000]);
    expect(signalDelta(null, placed)).toEqual([
      { customerId: "c1", change: { orders: 1, returnedOrders: 0, grossAmount: 5_000, refundedAmount: 0 } },
    ]);
    expect(signalDelta(placed, refunded)).toEqual([
      { customerId: "c1", change: { orders: 0, returnedOrders: 1, grossAmount: 0, refundedAmount: 1_000 } },
    ]);
    expect(signalDelta(refunded, refundedAgain)).toEqual([
      { customerId: "c1", change: { orders: 0, returnedOrders: 0, grossAmount: 0, refundedAmount: 2_000 } },
    ]);
    expect(signalDelta(refunded, refunded)).toEqual([]);
    const cancelled = order("c1", { cancelledAt: new Date() }, [1_000]);
    expect(signalDelta(refunded, cancelled)).toEqual([
      { customerId: "c1", change: { orders: -1, returnedOrders: -1, grossAmount: -5_000, refundedAmount: -1_000 } },
    ]);
  });

  it("moves an order edited to another customer from one to the other, in customer id order", () => {
    expect(signalDelta(order("c2"), order("c1")).map((d) => [d.customerId, d.change.orders])).toEqual([
      ["c1", 1],
      ["c2", -1],
    ]);
  });
});
