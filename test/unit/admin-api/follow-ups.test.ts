// The emulator's answers to the follow-up offer operations: discountCodeBasicCreate, discountCodeDelete and
// flowTriggerReceive (the app's own documents from app/graphql/follow-ups.ts, so the test sends what the app sends).
import { beforeAll, describe, expect, it } from "vitest";
import {
  FLOW_TRIGGER_RECEIVE_MUTATION,
  FOLLOW_UP_CODE_CREATE_MUTATION,
  FOLLOW_UP_CODE_DELETE_MUTATION,
  type FlowTriggerReceiveData,
  type FollowUpCodeCreateData,
  type FollowUpCodeDeleteData,
} from "../../../app/graphql/follow-ups";
import { ADA_ID, HEADPHONES_ID, newStore, query, run, warmSchema } from "./fixture";

beforeAll(warmSchema, 30_000);

const input = (overrides: Record<string, unknown> = {}) => ({
  title: "Follow-up: Headphones 10% off",
  code: "ATTACH-ABC234",
  startsAt: "2026-03-01T12:00:00Z",
  endsAt: "2026-03-15T12:00:00Z",
  usageLimit: 1,
  appliesOncePerCustomer: true,
  customerSelection: { customers: { add: [`gid://shopify/Customer/${ADA_ID}`] } },
  customerGets: {
    value: { percentage: 0.1 },
    items: { products: { productsToAdd: [`gid://shopify/Product/${HEADPHONES_ID}`] } },
  },
  combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: true },
  ...overrides,
});

describe("discountCodeBasicCreate", () => {
  it("stores a single-use code restricted to the product and the customer", async () => {
    const store = newStore();
    const data = await query<FollowUpCodeCreateData>(store, FOLLOW_UP_CODE_CREATE_MUTATION, {
      basicCodeDiscount: input(),
    });
    expect(data.discountCodeBasicCreate?.userErrors).toEqual([]);
    expect(data.discountCodeBasicCreate?.codeDiscountNode?.id).toMatch(/^gid:\/\/shopify\/DiscountCodeNode\/\d+$/);
    expect(store.codeDiscountByCode("attach-abc234")).toMatchObject({
      code: "ATTACH-ABC234",
      percentage: 0.1,
      productIds: [HEADPHONES_ID],
      customerIds: [ADA_ID],
      usageLimit: 1,
      appliesOncePerCustomer: true,
      endsAt: "2026-03-15T12:00:00Z",
    });
  });

  it("refuses a taken code (codes ignore case), an unknown product or customer and a percentage over 1", async () => {
    const store = newStore();
    await query(store, FOLLOW_UP_CODE_CREATE_MUTATION, { basicCodeDiscount: input() });
    const taken = await query<FollowUpCodeCreateData>(store, FOLLOW_UP_CODE_CREATE_MUTATION, {
      basicCodeDiscount: input({ code: "attach-abc234" }),
    });
    expect(taken.discountCodeBasicCreate?.userErrors).toEqual([expect.objectContaining({ code: "TAKEN" })]);
    const bad = await query<FollowUpCodeCreateData>(store, FOLLOW_UP_CODE_CREATE_MUTATION, {
      basicCodeDiscount: input({
        code: "ATTACH-NEW234",
        customerSelection: { customers: { add: ["gid://shopify/Customer/999"] } },
        customerGets: {
          value: { percentage: 1.5 },
          items: { products: { productsToAdd: ["gid://shopify/Product/999"] } },
        },
      }),
    });
    expect(bad.discountCodeBasicCreate?.codeDiscountNode).toBeNull();
    expect(bad.discountCodeBasicCreate?.userErrors.map((e) => e.field?.slice(1).join("."))).toEqual([
      "customerGets.value.percentage",
      "customerGets.items.products.productsToAdd",
      "customerSelection.customers.add",
    ]);
    expect(store.codeDiscounts()).toHaveLength(1);
  });

  it("fails loudly for input it does not implement and for an operation not valid against the schema", async () => {
    const store = newStore();
    const unimplemented = await run(store, FOLLOW_UP_CODE_CREATE_MUTATION, {
      basicCodeDiscount: input({ minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: "10.00" } } }),
    });
    expect(unimplemented.result.errors?.[0]?.message).toContain(
      "does not implement DiscountCodeBasicInput.minimumRequirement",
    );
    const invalid = await run(
      store,
      `mutation { discountCodeBasicCreate(basicCodeDiscount: { code: "X", nope: 1 }) { userErrors { message } } }`,
    );
    expect(invalid.result.errors?.length).toBeGreaterThan(0);
    expect(invalid.logs.join("\n")).toContain("does not validate against the Admin API");
    expect(store.codeDiscounts()).toHaveLength(0);
  });
});

describe("discountCodeDelete", () => {
  it("deletes the code, and says when it does not exist", async () => {
    const store = newStore();
    const created = await query<FollowUpCodeCreateData>(store, FOLLOW_UP_CODE_CREATE_MUTATION, {
      basicCodeDiscount: input(),
    });
    const id = created.discountCodeBasicCreate!.codeDiscountNode!.id;
    const deleted = await query<FollowUpCodeDeleteData>(store, FOLLOW_UP_CODE_DELETE_MUTATION, { id });
    expect(deleted.discountCodeDelete).toEqual({ deletedCodeDiscountId: id, userErrors: [] });
    expect(store.codeDiscountByCode("ATTACH-ABC234")).toBeUndefined();
    const again = await query<FollowUpCodeDeleteData>(store, FOLLOW_UP_CODE_DELETE_MUTATION, { id });
    expect(again.discountCodeDelete?.userErrors[0]?.message).toBe("Discount does not exist");
  });
});

describe("flowTriggerReceive", () => {
  it("records the trigger's handle and payload, and refuses a payload that is not an object", async () => {
    const store = newStore();
    const payload = { customer_id: ADA_ID, "Discount code": "ATTACH-ABC234" };
    const ok = await query<FlowTriggerReceiveData>(store, FLOW_TRIGGER_RECEIVE_MUTATION, {
      handle: "follow-up-offer-trigger",
      payload,
    });
    expect(ok.flowTriggerReceive?.userErrors).toEqual([]);
    expect(store.toJSON().flowTriggers).toEqual([
      { handle: "follow-up-offer-trigger", payload, receivedAt: "2026-03-01T12:00:00Z" },
    ]);
    const bad = await query<FlowTriggerReceiveData>(store, FLOW_TRIGGER_RECEIVE_MUTATION, {
      handle: "follow-up-offer-trigger",
      payload: [1, 2],
    });
    expect(bad.flowTriggerReceive?.userErrors[0]?.field).toEqual(["payload"]);
    expect(store.toJSON().flowTriggers).toHaveLength(1);
  });
});
