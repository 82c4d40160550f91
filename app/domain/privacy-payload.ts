// Shopify's mandatory privacy webhooks (customers/data_request, customers/redact, shop/redact): the
// fields Attach reads, checked. Shopify sends `{ shop_id, shop_domain, customer: { id, … },
// orders_to_redact | orders_requested: [ids] }`; shop/redact carries only the shop, which the signed
// X-Shopify-Shop-Domain header already gives, so any JSON object will do for it.
import { z } from "zod";
import { fail, isRecord, ok, parseWith, type Result } from "./validation";

export const PRIVACY_TOPICS = ["CUSTOMERS_DATA_REQUEST", "CUSTOMERS_REDACT", "SHOP_REDACT"] as const;

export type PrivacyRequest =
  | { topic: "SHOP_REDACT" }
  | { topic: "CUSTOMERS_REDACT"; customerId: string; orderIds: string[] }
  | { topic: "CUSTOMERS_DATA_REQUEST"; customerId: string; orderIds: string[] };

/**
 * A REST id as a gid. Numbers past 2^53 are refused: JSON.parse has rounded them, and a rounded id would
 * name someone else's record.
 */
const restId = (type: "Customer" | "Order") => {
  const error = `Expected ${type === "Order" ? "an order" : "a customer"} id: a positive whole number`;
  return z
    .union(
      [
        z.number({ error }).int({ error }).positive({ error }).max(Number.MAX_SAFE_INTEGER, { error }),
        z.string({ error }).regex(/^[1-9]\d{0,19}$/, { error }),
      ],
      { error },
    )
    .transform((id) => `gid://shopify/${type}/${id}`);
};

const orderIds = z.array(restId("Order"), { error: "Expected a list of order ids" }).optional().default([]);

const customer = z.object({ id: restId("Customer") }, { error: "Expected the customer, with their id" });
const customerRedact = z.object({ customer, orders_to_redact: orderIds });
const customerDataRequest = z.object({ customer, orders_requested: orderIds });

/** The request a privacy webhook makes, or what is wrong with its payload. Other topics: null. */
export function parsePrivacyPayload(topic: string, payload: unknown): Result<PrivacyRequest> | null {
  if (!(PRIVACY_TOPICS as readonly string[]).includes(topic)) return null;
  if (!isRecord(payload)) return fail([{ field: "form", message: "The payload must be a JSON object" }]);
  if (topic === "SHOP_REDACT") return ok({ topic });
  if (topic === "CUSTOMERS_REDACT") {
    const parsed = parseWith(customerRedact, payload);
    if (!parsed.ok) return parsed;
    return ok({ topic, customerId: parsed.value.customer.id, orderIds: parsed.value.orders_to_redact });
  }
  const parsed = parseWith(customerDataRequest, payload);
  if (!parsed.ok) return parsed;
  return ok({
    topic: "CUSTOMERS_DATA_REQUEST",
    customerId: parsed.value.customer.id,
    orderIds: parsed.value.orders_requested,
  });
}
