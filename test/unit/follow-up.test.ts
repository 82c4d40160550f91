// Follow-up offer rules (app/domain/follow-up.ts): who gets one, for which complement, when, and when it is revoked.
import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  CODE_PATTERN,
  complementRevenue,
  followUpMessage,
  generateOfferCode,
  metafieldCode,
  normaliseCodes,
  planFollowUps,
  revocationReason,
  type FollowUpPlanInput,
} from "../../app/domain/follow-up";
import type { LineFactRecord, OrderFacts } from "../../app/domain/order-facts";

const LAPTOP = "gid://shopify/Product/1";
const HEADPHONES = "gid://shopify/Product/2";
const SLEEVE = "gid://shopify/Product/3";
const MOUSE = "gid://shopify/Product/4";

const line = (lineId: string, productId: string, fields: Partial<LineFactRecord> = {}): LineFactRecord => ({
  lineId,
  productId,
  variantId: null,
  quantity: 1,
  unitPriceAmount: 10_000,
  discountAmount: 0,
  attribution: "none",
  offerId: null,
  refundedQuantity: 0,
  refundedAmount: 0,
  unitCostAmount: null,
  ...fields,
});

const facts = (lines: LineFactRecord[], order: Partial<OrderFacts["order"]> = {}): OrderFacts => ({
  order: {
    orderId: "gid://shopify/Order/1",
    orderName: "#1",
    customerId: "gid://shopify/Customer/7",
    currencyCode: "USD",
    subtotalAmount: 10_000,
    totalDiscountAmount: 0,
    processedAt: new Date("2026-03-01T10:00:00Z"),
    cancelledAt: null,
    anchorOffers: [],
    ...order,
  },
  lines,
});

const FULFILLED_AT = new Date("2026-03-02T09:00:00Z");

const baseInput: FollowUpPlanInput = {
  settings: { followUpEnabled: true, followUpDelayDays: 3, followUpDiscountPercent: 10, followUpValidDays: 14 },
  facts: facts([line("l1", LAPTOP)]),
  fulfilledProductIds: [LAPTOP],
  fulfilledAt: FULFILLED_AT,
  pairings: [
    {
      id: "p1",
      status: "active",
      title: "",
      anchorProductIds: [LAPTOP],
      complements: [HEADPHONES, SLEEVE],
      discountPercent: null,
    },
  ],
  exclusionReason: null,
  existingAnchors: new Set(),
};

describe("planFollowUps", () => {
  it("schedules the first complement, due the delay after the fulfilment", () => {
    expect(planFollowUps(baseInput)).toEqual({
      reason: null,
      offers: [
        {
          anchorProductId: LAPTOP,
          complementProductId: HEADPHONES,
          dueAt: new Date("2026-03-05T09:00:00Z"),
          status: "scheduled",
          statusReason: null,
        },
      ],
    });
  });

  it("offers the first complement not bought, and nothing when every complement was bought", () => {
    const withHeadphones = planFollowUps({ ...baseInput, facts: facts([line("l1", LAPTOP), line("l2", HEADPHONES)]) });
    expect(withHeadphones.offers.map((o) => o.complementProductId)).toEqual([SLEEVE]);
    const withBoth = planFollowUps({
      ...baseInput,
      facts: facts([line("l1", LAPTOP), line("l2", HEADPHONES), line("l3", SLEEVE)]),
    });
    expect(withBoth.offers).toEqual([]);
  });

  it("schedules nothing while follow-ups are off", () => {
    expect(planFollowUps({ ...baseInput, settings: { ...baseInput.settings, followUpEnabled: false } })).toEqual({
      offers: [],
      reason: "disabled",
    });
  });

  it("schedules nothing for a guest order or a cancelled one", () => {
    expect(planFollowUps({ ...baseInput, facts: facts([line("l1", LAPTOP)], { customerId: null }) }).reason).toBe(
      "guest",
    );
    const cancelled = facts([line("l1", LAPTOP)], { cancelledAt: new Date("2026-03-01T11:00:00Z") });
    expect(planFollowUps({ ...baseInput, facts: cancelled })).toEqual({ offers: [], reason: "cancelled" });
  });

  it("records an excluded customer's offer as skipped with the reason, never scheduled", () => {
    const { offers } = planFollowUps({ ...baseInput, exclusionReason: "Tagged “complaint-open” by your helpdesk" });
    expect(offers).toEqual([
      expect.objectContaining({
        status: "skipped",
        statusReason: "Customer excluded: Tagged “complaint-open” by your helpdesk",
      }),
    ]);
  });

  it("plans one offer per anchor: none for an anchor that already has one", () => {
    expect(planFollowUps({ ...baseInput, existingAnchors: new Set([LAPTOP]) }).offers).toEqual([]);
  });

  it("plans one offer per anchor of the order, each from the first active pairing on it", () => {
    const { offers } = planFollowUps({
      ...baseInput,
      facts: facts([line("l1", LAPTOP), line("l2", MOUSE)]),
      fulfilledProductIds: null,
      pairings: [
        ...baseInput.pairings,
        { id: "p2", status: "active", title: "", anchorProductIds: [LAPTOP], complements: [MOUSE], discountPercent: 5 },
        { id: "p3", status: "active", title: "", anchorProductIds: [MOUSE], complements: [SLEEVE], discountPercent: 5 },
        {
          id: "p4",
          status: "paused",
          title: "",
          anchorProductIds: [SLEEVE],
          complements: [LAPTOP],
          discountPercent: 5,
        },
      ],
    });
    expect(offers.map((o) => [o.anchorProductId, o.complementProductId])).toEqual([
      [LAPTOP, HEADPHONES],
      [MOUSE, SLEEVE],
    ]);
  });

  it("waits for the fulfilment that ships the anchor, and skips an anchor refunded in full", () => {
    expect(planFollowUps({ ...baseInput, fulfilledProductIds: [MOUSE] }).offers).toEqual([]);
    const refunded = facts([line("l1", LAPTOP, { refundedQuantity: 1, refundedAmount: 10_000 })]);
    expect(planFollowUps({ ...baseInput, facts: refunded }).offers).toEqual([]);
  });
});

describe("revocationReason", () => {
  it("revokes on cancellation or a refund of the anchor line, not of another line", () => {
    expect(revocationReason(facts([line("l1", LAPTOP)]), LAPTOP)).toBeNull();
    expect(revocationReason(facts([line("l1", LAPTOP)], { cancelledAt: new Date() }), LAPTOP)).toBe(
      "The order was cancelled",
    );
    const partly = facts([line("l1", LAPTOP, { quantity: 2, refundedQuantity: 1, refundedAmount: 10_000 })]);
    expect(revocationReason(partly, LAPTOP)).toBe("The anchor product was refunded");
    const other = facts([line("l1", LAPTOP), line("l2", MOUSE, { refundedQuantity: 1, refundedAmount: 10_000 })]);
    expect(revocationReason(other, LAPTOP)).toBeNull();
  });
});

describe("codes and messages", () => {
  it("draws codes like ATTACH-XXXXXX without look-alike characters", () => {
    expect(generateOfferCode(() => 0)).toBe("ATTACH-AAAAAA");
    for (let i = 0; i < 200; i++) expect(generateOfferCode(randomInt)).toMatch(CODE_PATTERN);
  });

  it("reads the code a stored metafield shows, and nothing from another value", () => {
    expect(metafieldCode('{"v":1,"code":"ATTACH-ABC234"}')).toBe("ATTACH-ABC234");
    expect(metafieldCode("not json")).toBeNull();
    expect(metafieldCode('{"code":7}')).toBeNull();
    expect(metafieldCode(undefined)).toBeNull();
  });

  it("matches codes ignoring case and spaces", () => {
    expect(normaliseCodes([" attach-abc234 ", "ATTACH-ABC234", ""])).toEqual(["ATTACH-ABC234"]);
  });

  it("counts the complement lines' revenue after our discount", () => {
    const order = facts([line("l1", HEADPHONES, { quantity: 2, discountAmount: 500 }), line("l2", MOUSE)]);
    expect(complementRevenue(order, HEADPHONES)).toBe(19_500);
  });

  it("builds the metafield value and the Flow payload with legacy ids for reference fields", () => {
    const message = followUpMessage({
      customerId: "gid://shopify/Customer/7",
      code: "ATTACH-ABC234",
      percent: 10,
      expiresAt: new Date("2026-03-19T09:00:00Z"),
      product: { id: HEADPHONES, title: "Headphones", handle: "headphones" },
    });
    expect(message.metafield).toEqual({
      v: 1,
      code: "ATTACH-ABC234",
      percent: 10,
      expiresAt: "2026-03-19T09:00:00.000Z",
      product: { id: HEADPHONES, title: "Headphones", handle: "headphones" },
    });
    expect(message.flowPayload).toMatchObject({ customer_id: 7, product_id: 2, "Discount code": "ATTACH-ABC234" });
  });
});
