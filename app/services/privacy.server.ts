// Shopify's mandatory privacy webhooks. What Attach holds about a customer: order facts (for
// attribution), customer signals (for responsible targeting), follow-up offers. Storefront events hold no customer id.
import { parsePrivacyPayload } from "../domain/privacy-payload";
import { ok, type Result } from "../domain/validation";
import { modelDelegate, SHOP_OWNED_MODELS, shopData } from "./shop-scope.server";
import { forgetCachedSessions } from "../session-storage.server";
import { changingCustomerOrders } from "./customer-rollups.server";

/**
 * Does what a privacy webhook asks, or refuses a payload it cannot read and changes nothing. Answers the
 * customer's data for customers/data_request, null otherwise (and for topics that are not privacy topics).
 */
export async function handlePrivacyRequest(
  shop: string,
  topic: string,
  payload: unknown,
): Promise<Result<Awaited<ReturnType<typeof customerData>> | null>> {
  const parsed = parsePrivacyPayload(topic, payload);
  if (parsed === null) return ok(null);
  if (!parsed.ok) return parsed;
  const request = parsed.value;
  switch (request.topic) {
    case "SHOP_REDACT":
      await redactShop(shop);
      return ok(null);
    case "CUSTOMERS_REDACT":
      await redactCustomer(shop, request.customerId, request.orderIds);
      return ok(null);
    case "CUSTOMERS_DATA_REQUEST":
      return ok(await customerData(shop, request.customerId));
  }
}

/** shop/redact (48 hours after uninstall): every row of the shop goes. */
export async function redactShop(shop: string) {
  await shopData(shop).$transaction(async (tx) => {
    for (const model of SHOP_OWNED_MODELS) {
      await modelDelegate(tx, model).deleteMany({});
    }
    await tx.session.deleteMany({ where: { shop } });
  });
  forgetCachedSessions(shop);
}

/** customers/redact: the customer's signals and follow-up offers go; their orders stay for the merchant's reports, anonymised. */
export async function redactCustomer(shop: string, customerId: string, orderIds: string[]) {
  await shopData(shop).$transaction(async (tx) => {
    await tx.customerSignal.deleteMany({ where: { customerId } });
    await tx.followUpOffer.deleteMany({ where: { customerId } });
    // Their orders become guest checkouts, in the report's customer figures too.
    await changingCustomerOrders(tx, shop, { customerIds: [customerId], orderIds }, () =>
      tx.orderFact.updateMany({
        where: { OR: [{ customerId }, { orderId: { in: orderIds } }] },
        data: { customerId: null },
      }),
    );
  });
}

/** customers/data_request: what we hold on the customer, for the merchant to pass on. */
export async function customerData(shop: string, customerId: string) {
  const scoped = shopData(shop);
  const [signals, orders, followUpOffers] = await Promise.all([
    scoped.customerSignal.findMany({ where: { customerId } }),
    scoped.orderFact.findMany({ where: { customerId }, include: { lines: true } }),
    scoped.followUpOffer.findMany({ where: { customerId } }),
  ]);
  return { customerId, signals, orders, followUpOffers };
}
